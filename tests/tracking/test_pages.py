"""The board's page query compiled once (tracking.pages): the same rows as the ORM's query
for every page and filter, with LIMIT and OFFSET bound as parameters."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.tracking import pages, selectors
from cchc.tracking.models import ObligationStatus as S
from cchc.tracking.selectors import BoardFilters
from tests.tracking.screens import *  # noqa: F403
from tests.tracking.screens import make_obligation, make_task

pytestmark = pytest.mark.django_db

STATUSES = [S.OVERDUE, S.NOT_DUE, S.DONE_EARLY, S.DONE_LATE, S.IN_PROGRESS]


@pytest.fixture
def many(plan, today):
    """120 obligations over two tasks and three units, mixed statuses and due dates."""
    tasks = [
        make_task(plan, 1, "Rà soát thủ tục hành chính.", lead=["QLTM", "QLCN", "TTRA"]),
        make_task(plan, 2, "Báo cáo kết quả CCHC định kỳ.", lead=["QLTM", "QLCN", "TTRA"]),
    ]
    out = []
    for i in range(120):
        task = tasks[i % 2]
        unit = ("QLTM", "QLCN", "TTRA")[i % 3]
        status = STATUSES[i % len(STATUSES)]
        due = today + timedelta(days=(i * 7) % 90 - 45)
        done = due - timedelta(days=2) if status in (S.DONE_EARLY, S.DONE_LATE) else None
        out.append(make_obligation(task, unit, due, status=status, completed_on=done, key=f"k{i}"))
    return out


FILTERS = [
    BoardFilters(),
    BoardFilters(status="overdue"),
    BoardFilters(status="open"),
    BoardFilters(status="done", sort="-han"),
    BoardFilters(sort="nhiem-vu"),
    BoardFilters(sort="-cap-nhat"),
    BoardFilters(sort="don-vi", search="thủ tục"),
]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: f"{f.status or 'all'}{f.sort}{f.search}")
def test_the_compiled_page_gives_the_orms_rows_on_every_page(org, many, filters):
    qs = selectors.board_obligations(org, filters)
    build = selectors.board_page_builder(qs, filters)
    query = pages.compile_page(build)
    assert "LIMIT %s OFFSET %s" in query.sql
    total = qs.count()
    assert total > 0
    for offset in (0, 7, 50, max(0, total - 3), total, total + 50):
        expected = list(build(50, offset))
        assert pages.run_page(query, 50, offset, build) == expected, offset


def test_one_statement_for_every_page(org, many):
    """The text is the same whatever the page: on PostgreSQL, with the parameters bound by the
    server, it is prepared after its fifth run and every page then runs the prepared one."""
    f = BoardFilters(status="open")
    qs = selectors.board_obligations(org, f)
    build = selectors.board_page_builder(qs, f)
    query = pages.compile_page(build)
    with CaptureQueriesContext(connection) as ctx:
        for offset in range(0, 350, 50):
            pages.run_page(query, 50, offset, build)
    assert len(ctx.captured_queries) == 7
    if connection.vendor == "postgresql" and connection.settings_dict["OPTIONS"].get("server_side_binding"):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["%LIMIT $%"]
            )
            assert cursor.fetchone()[0] == 1


def test_the_page_values_come_back_as_the_orm_gives_them(org, many):
    f = BoardFilters(sort="-cap-nhat")
    qs = selectors.board_obligations(org, f)
    qs.filter(pk=many[0].pk).update(last_activity_at=many[0].created_at)
    build = selectors.board_page_builder(qs, f)
    rows = pages.run_page(pages.compile_page(build), 200, 0, build)
    row = next(r for r in rows if r["id"] == many[0].pk)
    assert row["last_activity_at"].tzinfo is not None  # aware, as the ORM converts it
    assert row["due_date"] == many[0].due_date and row["extended"] is False


def test_a_query_without_its_page_slice_is_refused(org, many):
    qs = selectors.board_obligations(org, BoardFilters())
    with pytest.raises(ValueError, match="LIMIT"):
        pages.compile_page(lambda limit, offset: qs.values("id"))
