"""The breakdowns by plan, area and unit count exactly as the board counts
(``selectors.board_counts``): every line equals the board's figures for the same filter,
the lines add up to the total, and the ranking by on-time rate follows its rules."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from cchc.core.areas import AREAS
from cchc.core.status import Rates, rates
from cchc.tracking import breakdowns, selectors
from cchc.tracking.breakdowns import STATUS_COLUMNS, STATUS_ORDER, Line, ranked
from cchc.tracking.models import TRACKED_STATUSES, Obligation
from tests.overview.builders import build


def test_the_breakdowns_show_every_followed_status_once():
    assert set(STATUS_ORDER) == {s.value for s in TRACKED_STATUSES}
    assert [s for s, _label in STATUS_COLUMNS] == list(STATUS_ORDER)
    assert dict(STATUS_COLUMNS)["done_early"] == "Sớm hạn"
    assert dict(STATUS_COLUMNS)["not_due"] == "Chưa đến hạn"


def _board(org, **filters) -> dict:
    return selectors.board_counts(selectors.board_obligations(org, selectors.BoardFilters(**filters)))


def _same(line: Line, counts: dict) -> None:
    assert line.total == counts["total"]
    assert dict(line.counts) == counts["counts"]
    assert line.rates.on_time_rate == counts["on_time_rate"]
    assert line.rates.early_share == counts["early_share"]
    assert line.on_time == counts["on_time"]
    assert line.rates.fallen_due == counts["fallen_due"]


@pytest.fixture
def department(org):
    today = timezone.localdate()
    return build(org, today, scale=2)


@pytest.mark.django_db
def test_every_line_is_the_boards_figures_for_its_filter(org, department):
    plan_ids = tuple(sorted(p.pk for p in department.plans))
    qs = selectors.board_obligations(org, selectors.BoardFilters(plan_ids=plan_ids))
    cube = breakdowns.cube(qs)
    _same(cube.total(), _board(org, plan_ids=plan_ids))
    by_plan = cube.by_plan(department.plans)
    assert [line.key for line in by_plan] == [str(p.pk) for p in department.plans]
    for line in by_plan:
        _same(line, _board(org, plan_ids=(int(line.key),)))
    by_area = cube.by_area()
    assert [line.key for line in by_area] == [k for k in AREAS if k in department.areas]
    for line in by_area:
        _same(line, _board(org, plan_ids=plan_ids, area=line.key))
    units = list(org.units.order_by("order"))
    by_unit = cube.by_unit(units)
    assert [line.key for line in by_unit] == [u.code for u in sorted(department.units, key=lambda u: u.order)]
    for line in by_unit:
        unit = next(u for u in units if u.code == line.key)
        _same(line, _board(org, plan_ids=plan_ids, unit_id=unit.pk))
    for lines in (by_plan, by_area, by_unit):
        assert sum(line.total for line in lines) == cube.total().total


@pytest.mark.django_db
def test_work_of_a_unit_not_given_is_one_last_line(org, department):
    qs = selectors.board_obligations(org, selectors.BoardFilters(plan_ids=(department.plans[0].pk,)))
    cube = breakdowns.cube(qs)
    given = [u for u in org.units.order_by("order") if u.code != department.units[0].code]
    lines = cube.by_unit(given)
    assert lines[-1].key == "" and lines[-1].label == "(đơn vị khác)"
    assert sum(line.total for line in lines) == cube.total().total


@pytest.mark.django_db
def test_a_window_of_due_dates_is_the_boards_period_filter(org, department):
    today = timezone.localdate()
    start, end = date(today.year, 1, 1), today
    qs = breakdowns.due_in(Obligation.objects.filter(organisation=org, is_active=True), start, end)
    _same(breakdowns.cube(qs).total(), _board(org, due_from=start, due_to=end))
    assert breakdowns.due_in(Obligation.objects.all(), None, None).count() == Obligation.objects.count()


def line(key: str, early: int = 0, on_time: int = 0, late: int = 0, overdue: int = 0, open_: int = 0) -> Line:
    counts = {"done_early": early, "done_on_time": on_time, "done_late": late, "overdue": overdue}
    counts["not_due"] = open_
    return Line(key, key, counts, rates(counts), order=ord(key[0]))


# (lines, expected order of keys, expected ranks)
RANK_CASES = [
    pytest.param(
        [line("a", on_time=1), line("b", early=2)], ["b", "a"], [1, 1], id="equal rates share a rank"
    ),
    pytest.param(
        [line("a", on_time=1, overdue=1), line("b", on_time=3), line("c", late=1)],
        ["b", "a", "c"],
        [1, 2, 3],
        id="best rate first",
    ),
    pytest.param(
        [line("a", on_time=1), line("b", on_time=4), line("c", on_time=1, late=1)],
        ["b", "a", "c"],
        [1, 1, 3],
        id="a tie: more work fallen due first, the next rank skips",
    ),
    pytest.param(
        [line("a", open_=5), line("b", overdue=1), line("c", on_time=1)],
        ["c", "b", "a"],
        [1, 2, None],
        id="nothing fallen due: no rate, no rank, last",
    ),
]


@pytest.mark.parametrize(("lines", "order", "ranks"), RANK_CASES)
def test_ranking_by_on_time_rate(lines, order, ranks):
    out = ranked(lines)
    assert [ln.key for ln in out] == order
    assert [ln.rank for ln in out] == ranks


def test_a_line_reads_its_counts_and_rates():
    ln = line("x", early=2, on_time=1, late=1, overdue=1, open_=3)
    assert ln.total == 8 and ln.on_time == 3 and ln.count("overdue") == 1 and ln.count("extended") == 0
    assert ln.rates == Rates(total=8, done=4, done_early=2, done_on_time=1, done_late=1, overdue=1)
