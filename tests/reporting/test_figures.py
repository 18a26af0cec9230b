"""A report's figures are the board's: for the report's window, each area's and each unit's
counts equal ``board_counts`` of the board filtered on the same dates (and area or unit), and
the total row equals the board's whole window."""

from __future__ import annotations

from datetime import date
from itertools import cycle

import pytest

from cchc.core.areas import AREAS
from cchc.plans.models import Task
from cchc.reporting import figures
from cchc.reporting.figures import STATUS_COLUMNS, Window
from cchc.tracking import selectors
from cchc.tracking.models import Obligation, ObligationStatus
from tests.factories import sample_tasks, task
from tests.tracking.test_planning import confirm

S = ObligationStatus
pytestmark = pytest.mark.django_db

WINDOW = Window(date(2025, 12, 15), date(2026, 9, 14))


@pytest.fixture
def plan(org, coordinator):
    tasks = [
        *sample_tasks(),
        task(
            "4", "Báo cáo tháng.", lead=["Thanh tra Sở", "Văn phòng Sở"], schedule="Hàng tháng", section="III"
        ),
    ]
    plan = confirm(org, coordinator, tasks)
    Task.objects.filter(plan=plan, section="II").update(area="procedures")
    Task.objects.filter(plan=plan, section="III").update(area="civil_service")
    # Every status somewhere, as the follow-through leaves them.
    statuses = cycle(
        [S.DONE_EARLY, S.DONE_ON_TIME, S.OVERDUE, S.DONE_LATE, S.IN_PROGRESS, S.EXTENDED, S.NOT_DUE]
    )
    for o in Obligation.objects.filter(plan=plan).order_by("due_date", "id"):
        Obligation.objects.filter(pk=o.pk).update(status=next(statuses))
    return plan


def _board(org, **kw):
    return selectors.board_counts(selectors.board_obligations(org, WINDOW.board_filters(**kw)))


def _row_counts(table, row):
    cols = [c.title for c in table.columns]
    return {s.value: row[cols.index(figures.heading(s))] for s in STATUS_COLUMNS}, row[1], row[-1]


def test_the_area_table_is_the_boards_counts_per_area(org, plan):
    table = figures.by_area(org, WINDOW)
    labels = {label: key for key, label in AREAS.items()}
    assert [r[0] for r in table.rows] == [AREAS["direction"], AREAS["procedures"], AREAS["civil_service"]]
    for row in table.rows:
        counts, total, rate = _row_counts(table, row)
        board = _board(org, area=labels[row[0]])
        assert total == board["total"] > 0
        assert counts == {s.value: board["counts"][s.value] for s in STATUS_COLUMNS}
        assert rate == board["on_time_rate"]
    # The total row: the board's whole window, its rate the board's rate.
    whole = _board(org)
    total_row = table.total_row()
    assert total_row[1] == whole["total"] and total_row[-1] == pytest.approx(whole["on_time_rate"])
    # Obligations due outside the window are not counted.
    outside = Obligation.objects.filter(organisation=org, due_date__gt=WINDOW.end).count()
    assert (
        outside
        and whole["total"]
        == Obligation.objects.filter(organisation=org).count()
        - outside
        - (Obligation.objects.filter(organisation=org, due_date__lt=WINDOW.start).count())
        - Obligation.objects.filter(organisation=org, due_date=None).count()
    )


def test_the_unit_table_is_the_boards_counts_per_unit(org, plan):
    table = figures.by_unit(org, WINDOW)
    units = {u.name: u.pk for u in org.units.all()}
    assert {r[0] for r in table.rows} == {"Văn phòng Sở", "Thanh tra Sở"}
    for row in table.rows:
        counts, total, _rate = _row_counts(table, row)
        board = _board(org, unit_id=units[row[0]])
        assert total == board["total"]
        assert counts == {s.value: board["counts"][s.value] for s in STATUS_COLUMNS}


def test_the_chart_stacks_the_finished_and_overdue_counts(org, plan):
    table = figures.by_area(org, WINDOW)
    chart = figures.status_chart(table)
    assert chart.categories == tuple(r[0] for r in table.rows)
    early = dict(chart.series)[S.DONE_EARLY.label]
    assert early == tuple(float(_row_counts(table, r)[0][S.DONE_EARLY.value]) for r in table.rows)


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2025, 12, 15), date(2026, 9, 14), ("2025-12", "2026-08")),
        (date(2025, 12, 15), date(2026, 3, 14), ("2025-12", "2026-02")),
        (date(2025, 12, 15), date(2026, 12, 14), ("2025-12", "2026-11")),
        (date(2026, 11, 1), date(2026, 11, 30), ("2026-11", "2026-11")),
        (date(2026, 11, 30), date(2026, 12, 6), ("", "")),  # a week: no month mostly inside
    ],
)
def test_the_dossier_months_are_those_mostly_inside_the_window(start, end, months):
    assert Window(start, end).dossier_months() == months


def test_the_board_address_of_a_window_shows_every_plan_due_in_it(org, plan, coord_client):
    from tests.dom import dom, find_all

    response = coord_client.get("/theo-doi/", WINDOW.board_query())
    assert response.status_code == 200
    page = dom(response)
    assert find_all(page, "//input[@name='tu_ngay' and @value='15/12/2025']")
    assert find_all(page, "//input[@name='den_ngay' and @value='14/09/2026']")


def test_a_long_list_prints_its_first_rows_and_says_how_many_more(org, plan, monkeypatch):
    late = selectors.board_obligations(org, WINDOW.board_filters()).filter(
        status__in=[S.OVERDUE, S.DONE_LATE]
    )
    assert late.count() > 2
    monkeypatch.setattr(figures, "LIST_ROWS", 2)
    table = figures.late_work(org, WINDOW)
    assert [r[0] for r in table.rows] == [1, 2]
    assert table.note.startswith(f"Còn {late.count() - 2} dòng khác: xem trang Theo dõi")
    monkeypatch.setattr(figures, "LIST_ROWS", 1000)
    assert figures.late_work(org, WINDOW).note == ""
