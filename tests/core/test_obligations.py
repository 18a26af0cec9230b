"""From schedules to dated obligations (tables of cases; the DOMAIN.md examples go through
``parse_schedule`` first, as the import does)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.core.calendar import DayOverride, WorkCalendar
from cchc.core.obligations import PlannedObligation, plan_obligations
from cchc.core.periods import Period
from cchc.core.schedule import parse_schedule

CAL = WorkCalendar()
D = date
Y2024 = Period.year(2024)
Y2025 = Period.year(2025)
Y2026 = Period.year(2026)
H1_2026 = Period.half(2026, 1)
H2_2025 = Period.half(2025, 2)


def plan(text, period=Y2026, *, parse_day=None, calendar=CAL, **kw) -> list[PlannedObligation]:
    schedule = parse_schedule(text, period, reporting_day=parse_day).to_dict()
    return plan_obligations(schedule, period, calendar=calendar, **kw)


def keys_dues(obligations):
    return [(o.period_key, o.due) for o in obligations]


# --- one per deadline ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "period", "expected"),
    [
        ("Trước ngày 15/12/2025", Y2025, [("d2025-12-15", D(2025, 12, 15), "Hạn 15/12/2025")]),
        # A deadline on a day off ends on the next working day; the label keeps the written date.
        ("Trước 31/01/2026", Y2025, [("d2026-01-31", D(2026, 2, 2), "Hạn 31/01/2026")]),
        ("Chậm nhất trong ngày 20/12/2025", Y2025, [("d2025-12-20", D(2025, 12, 22), "Hạn 20/12/2025")]),
        (
            "Trước ngày 19/02/2025 Trước ngày 15/12/2025",
            Y2025,
            [
                ("d2025-02-19", D(2025, 2, 19), "Hạn 19/02/2025"),
                ("d2025-12-15", D(2025, 12, 15), "Hạn 15/12/2025"),
            ],
        ),
        (
            "Báo cáo 06 tháng trước ngày 15/6/2025 Báo cáo năm trước ngày 15/11/2025",
            Y2025,
            [
                ("d2025-06-15", D(2025, 6, 16), "Báo cáo 06 tháng"),
                ("d2025-11-15", D(2025, 11, 17), "Báo cáo năm"),
            ],
        ),
        (
            "Báo cáo 6 tháng (trước ngày 07/6), báo cáo năm (trước ngày 07/11)",
            Y2025,
            [
                ("d2025-06-07", D(2025, 6, 9), "Báo cáo 6 tháng"),
                ("d2025-11-07", D(2025, 11, 7), "Báo cáo năm"),
            ],
        ),
        # Kept although outside a second-half plan (the import flagged it): nobody is left unchased.
        (
            "Báo cáo 6 tháng (trước ngày 07/6), báo cáo năm (trước ngày 07/11)",
            H2_2025,
            [
                ("d2025-06-07", D(2025, 6, 9), "Báo cáo 6 tháng"),
                ("d2025-11-07", D(2025, 11, 7), "Báo cáo năm"),
            ],
        ),
        ("Trước ngày 20/11/2024", Y2025, [("d2024-11-20", D(2024, 11, 20), "Hạn 20/11/2024")]),
        # Tết 2025 (27–31/1) and 2026 (16–20/2): the deadline moves past the holiday.
        ("Trước ngày 25/01/2025", Y2025, [("d2025-01-25", D(2025, 2, 3), "Hạn 25/01/2025")]),
        ("Trước ngày 29/01/2025", Y2025, [("d2025-01-29", D(2025, 2, 3), "Hạn 29/01/2025")]),
        ("Trước ngày 24/01/2025", Y2025, [("d2025-01-24", D(2025, 1, 24), "Hạn 24/01/2025")]),
        ("Trước ngày 15/02/2026", Y2026, [("d2026-02-15", D(2026, 2, 23), "Hạn 15/02/2026")]),
        ("Trước ngày 17/02/2026", Y2026, [("d2026-02-17", D(2026, 2, 23), "Hạn 17/02/2026")]),
        ("Trước ngày 13/02/2026", Y2026, [("d2026-02-13", D(2026, 2, 13), "Hạn 13/02/2026")]),
        # Saturday 22/8/2026 is a make-up working day; Monday 31/8 to 2/9 are off.
        ("Trước ngày 22/8/2026", Y2026, [("d2026-08-22", D(2026, 8, 22), "Hạn 22/08/2026")]),
        ("Trước ngày 23/8/2026", Y2026, [("d2026-08-23", D(2026, 8, 24), "Hạn 23/08/2026")]),
        ("Trước ngày 31/8/2026", Y2026, [("d2026-08-31", D(2026, 9, 3), "Hạn 31/08/2026")]),
        ("Trước ngày 30/4/2026", Y2026, [("d2026-04-30", D(2026, 5, 4), "Hạn 30/04/2026")]),
        ("Trước ngày 26/4/2026", Y2026, [("d2026-04-26", D(2026, 4, 28), "Hạn 26/04/2026")]),
        (
            "Thường xuyên, chậm nhất trước ngày 15/12/2026",
            Y2026,
            [("d2026-12-15", D(2026, 12, 15), "Hạn 15/12/2026")],
        ),
    ],
)
def test_deadlines(text, period, expected):
    got = plan(text, period)
    assert [(o.period_key, o.due, o.label) for o in got] == expected
    assert {o.kind for o in got} == {"deadline"}
    for o in got:
        assert o.period_end == date.fromisoformat(o.period_key[1:])  # the written date
        assert o.period_start == min(period.start, o.period_end)


# --- one at the end of each window -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "period", "expected"),
    [
        (
            "Quý III, IV",
            Y2025,
            [
                ("2025-Q3", D(2025, 9, 30), "Quý III/2025", D(2025, 7, 1)),
                ("2025-Q4", D(2025, 12, 31), "Quý IV/2025", D(2025, 10, 1)),
            ],
        ),
        (
            "Quý III, IV/2025",
            H2_2025,
            [
                ("2025-Q3", D(2025, 9, 30), "Quý III/2025", D(2025, 7, 1)),
                ("2025-Q4", D(2025, 12, 31), "Quý IV/2025", D(2025, 10, 1)),
            ],
        ),
        ("Quý IV", Y2025, [("2025-Q4", D(2025, 12, 31), "Quý IV/2025", D(2025, 10, 1))]),
        (
            "Trong quý II, III năm 2024",
            Y2024,
            [
                ("2024-Q2", D(2024, 7, 1), "Quý II/2024", D(2024, 4, 1)),
                ("2024-Q3", D(2024, 9, 30), "Quý III/2024", D(2024, 7, 1)),
            ],
        ),
        (
            "Tháng 6, Tháng 11",
            Y2025,
            [
                ("2025-06", D(2025, 6, 30), "Tháng 06/2025", D(2025, 6, 1)),
                ("2025-11", D(2025, 12, 1), "Tháng 11/2025", D(2025, 11, 1)),
            ],
        ),
        ("Tháng 12/2025", Y2025, [("2025-12", D(2025, 12, 31), "Tháng 12/2025", D(2025, 12, 1))]),
        (
            "Tháng 4, tháng 6, tháng 11",
            Y2025,
            [
                ("2025-04", D(2025, 5, 5), "Tháng 04/2025", D(2025, 4, 1)),  # 30/4, 1/5, 2/5 off in 2025
                ("2025-06", D(2025, 6, 30), "Tháng 06/2025", D(2025, 6, 1)),
                ("2025-11", D(2025, 12, 1), "Tháng 11/2025", D(2025, 11, 1)),
            ],
        ),
        (
            "Trong 06 tháng đầu năm 2025",
            Y2025,
            [("2025-H1", D(2025, 6, 30), "6 tháng đầu năm 2025", D(2025, 1, 1))],
        ),
        ("6 tháng cuối năm", Y2025, [("2025-H2", D(2025, 12, 31), "6 tháng cuối năm 2025", D(2025, 7, 1))]),
        ("6 tháng cuối năm", H2_2025, [("2025-H2", D(2025, 12, 31), "6 tháng cuối năm 2025", D(2025, 7, 1))]),
        ("Trong năm 2025", Y2025, [("2025", D(2025, 12, 31), "Năm 2025", D(2025, 1, 1))]),
        ("Năm 2025", Y2025, [("2025", D(2025, 12, 31), "Năm 2025", D(2025, 1, 1))]),
        ("Cả năm 2025", Y2025, [("2025", D(2025, 12, 31), "Năm 2025", D(2025, 1, 1))]),
        ("Cả năm 2025", H2_2025, [("2025", D(2025, 12, 31), "Năm 2025", D(2025, 1, 1))]),
        ("Trong năm", Y2026, [("2026", D(2026, 12, 31), "Năm 2026", D(2026, 1, 1))]),
        # 31/12/2028 is a Sunday and 1/1/2029 a holiday.
        ("Năm 2028", Period.year(2028), [("2028", D(2029, 1, 2), "Năm 2028", D(2028, 1, 1))]),
        # A window that is not a quarter, month or half keys on its date.
        ("9 tháng đầu năm", Y2025, [("d2025-09-30", D(2025, 9, 30), "Hạn 30/09/2025", D(2025, 1, 1))]),
        ("Quý I", H2_2025, [("2025-Q1", D(2025, 3, 31), "Quý I/2025", D(2025, 1, 1))]),  # flagged, kept
    ],
)
def test_windows(text, period, expected):
    got = plan(text, period)
    assert [(o.period_key, o.due, o.label, o.period_start) for o in got] == expected
    assert {o.kind for o in got} == {"window"}
    for o in got:
        assert o.period_start <= o.period_end <= o.due


# --- recurring: one per period inside the plan's period --------------------------------------------

MONTHS_2025_ON_25 = [
    ("2025-01", D(2025, 2, 3)),  # Saturday 25/1, then Tết 2025
    ("2025-02", D(2025, 2, 25)),
    ("2025-03", D(2025, 3, 25)),
    ("2025-04", D(2025, 4, 25)),
    ("2025-05", D(2025, 5, 26)),
    ("2025-06", D(2025, 6, 25)),
    ("2025-07", D(2025, 7, 25)),
    ("2025-08", D(2025, 8, 25)),
    ("2025-09", D(2025, 9, 25)),
    ("2025-10", D(2025, 10, 27)),
    ("2025-11", D(2025, 11, 25)),
    ("2025-12", D(2025, 12, 25)),
]
MONTHS_2026_ON_25 = [
    ("2026-01", D(2026, 1, 26)),
    ("2026-02", D(2026, 2, 25)),
    ("2026-03", D(2026, 3, 25)),
    ("2026-04", D(2026, 4, 28)),  # Saturday 25/4, Giỗ Tổ observed Monday 27/4
    ("2026-05", D(2026, 5, 25)),
    ("2026-06", D(2026, 6, 25)),
    ("2026-07", D(2026, 7, 27)),
    ("2026-08", D(2026, 8, 25)),
    ("2026-09", D(2026, 9, 25)),
    ("2026-10", D(2026, 10, 26)),
    ("2026-11", D(2026, 11, 25)),
    ("2026-12", D(2026, 12, 25)),
]


@pytest.mark.parametrize(
    ("text", "period", "kw", "expected"),
    [
        ("Định kỳ hàng tháng", Y2025, {}, MONTHS_2025_ON_25),
        ("Hàng tháng", Y2026, {}, MONTHS_2026_ON_25),
        ("Hàng tháng", H2_2025, {}, MONTHS_2025_ON_25[6:]),  # a second-half plan: months 7..12 only
        ("Hàng tháng", H1_2026, {}, MONTHS_2026_ON_25[:6]),
        (
            "Hàng tháng",
            Y2026,
            {"reporting_day": 20},
            [
                ("2026-01", D(2026, 1, 20)),
                ("2026-02", D(2026, 2, 23)),  # Friday 20/2/2026 is in Tết
                ("2026-03", D(2026, 3, 20)),
                ("2026-04", D(2026, 4, 20)),
                ("2026-05", D(2026, 5, 20)),
                ("2026-06", D(2026, 6, 22)),
                ("2026-07", D(2026, 7, 20)),
                ("2026-08", D(2026, 8, 20)),
                ("2026-09", D(2026, 9, 21)),
                ("2026-10", D(2026, 10, 20)),
                ("2026-11", D(2026, 11, 20)),
                ("2026-12", D(2026, 12, 21)),
            ],
        ),
        (
            "Trước ngày 15 hàng tháng",
            H2_2025,
            {},
            [
                ("2025-07", D(2025, 7, 15)),
                ("2025-08", D(2025, 8, 15)),
                ("2025-09", D(2025, 9, 15)),
                ("2025-10", D(2025, 10, 15)),
                ("2025-11", D(2025, 11, 17)),
                ("2025-12", D(2025, 12, 15)),
            ],
        ),
        (
            "Hàng tháng (ngày 31)",
            H1_2026,
            {},
            [
                ("2026-01", D(2026, 2, 2)),  # Saturday 31/1
                ("2026-02", D(2026, 3, 2)),  # no 31/2: the month's last day, Saturday 28/2
                ("2026-03", D(2026, 3, 31)),
                ("2026-04", D(2026, 5, 4)),  # 30/4 and 1/5 off
                ("2026-05", D(2026, 6, 1)),
                ("2026-06", D(2026, 6, 30)),
            ],
        ),
        (
            "Hàng Quý",
            Y2025,
            {},
            [
                ("2025-Q1", D(2025, 3, 31)),
                ("2025-Q2", D(2025, 6, 30)),
                ("2025-Q3", D(2025, 9, 30)),
                ("2025-Q4", D(2025, 12, 31)),
            ],
        ),
        ("Hàng Quý", H2_2025, {}, [("2025-Q3", D(2025, 9, 30)), ("2025-Q4", D(2025, 12, 31))]),
        (
            "trong ngày 14 của tháng cuối kỳ báo cáo",
            Y2025,
            {},
            [
                ("2025-Q1", D(2025, 3, 14)),
                ("2025-Q2", D(2025, 6, 16)),
                ("2025-Q3", D(2025, 9, 15)),
                ("2025-Q4", D(2025, 12, 15)),
            ],
        ),
        (
            "Báo cáo quý trước ngày 15 của tháng cuối quý",
            Y2026,
            {},
            [
                ("2026-Q1", D(2026, 3, 16)),
                ("2026-Q2", D(2026, 6, 15)),
                ("2026-Q3", D(2026, 9, 15)),
                ("2026-Q4", D(2026, 12, 15)),
            ],
        ),
        (
            "ngày 20 tháng đầu của quý",
            Y2026,
            {},
            [
                ("2026-Q1", D(2026, 1, 20)),
                ("2026-Q2", D(2026, 4, 20)),
                ("2026-Q3", D(2026, 7, 20)),
                ("2026-Q4", D(2026, 10, 20)),
            ],
        ),
        ("Định kỳ 6 tháng", Y2026, {}, [("2026-H1", D(2026, 6, 30)), ("2026-H2", D(2026, 12, 31))]),
        ("Định kỳ 6 tháng", H2_2025, {}, [("2025-H2", D(2025, 12, 31))]),
        ("Hàng năm", Y2026, {}, [("2026", D(2026, 12, 31))]),
        ("Hàng năm", H2_2025, {}, [("2025", D(2025, 12, 31))]),
        ("Hàng năm", H1_2026, {}, []),  # the year's report falls after a first-half plan
        # Several frequencies: the coarser report stands in for the finer one ending the same day.
        (
            "Quý, năm",
            Y2025,
            {},
            [
                ("2025-Q1", D(2025, 3, 31)),
                ("2025-Q2", D(2025, 6, 30)),
                ("2025-Q3", D(2025, 9, 30)),
                ("2025", D(2025, 12, 31)),
            ],
        ),
        (
            "Quý, 6 tháng, năm",
            Y2026,
            {},
            [
                ("2026-Q1", D(2026, 3, 31)),
                ("2026-H1", D(2026, 6, 30)),
                ("2026-Q3", D(2026, 9, 30)),
                ("2026", D(2026, 12, 31)),
            ],
        ),
        # As the import reads it (the plan reports on the 25th): the day applies to every period.
        (
            "Hàng tháng, quý, 6 tháng, năm",
            Y2026,
            {"parse_day": 25},
            [
                ("2026-01", D(2026, 1, 26)),
                ("2026-02", D(2026, 2, 25)),
                ("2026-Q1", D(2026, 3, 25)),
                ("2026-04", D(2026, 4, 28)),
                ("2026-05", D(2026, 5, 25)),
                ("2026-H1", D(2026, 6, 25)),
                ("2026-07", D(2026, 7, 27)),
                ("2026-08", D(2026, 8, 25)),
                ("2026-Q3", D(2026, 9, 25)),
                ("2026-10", D(2026, 10, 26)),
                ("2026-11", D(2026, 11, 25)),
                ("2026", D(2026, 12, 25)),
            ],
        ),
        # Dates beside a recurrence of a quarter or longer give that period its date.
        ("Hàng năm, trước ngày 15/12", Y2026, {}, [("2026", D(2026, 12, 15))]),
        (
            "Định kỳ hàng quý, năm (trước ngày 15/12)",
            Y2026,
            {},
            [
                ("2026-Q1", D(2026, 3, 31)),
                ("2026-Q2", D(2026, 6, 30)),
                ("2026-Q3", D(2026, 9, 30)),
                ("2026", D(2026, 12, 15)),
            ],
        ),
        # A window inside a recurrence is one of its periods, due on the recurrence's day.
        (
            "Hàng quý (ngày 14 tháng cuối quý); Quý IV",
            Y2026,
            {},
            [
                ("2026-Q1", D(2026, 3, 16)),
                ("2026-Q2", D(2026, 6, 15)),
                ("2026-Q3", D(2026, 9, 14)),
                ("2026-Q4", D(2026, 12, 14)),
            ],
        ),
        (
            "Hàng quý, Quý IV tổng kết",
            Y2026,
            {},
            [
                ("2026-Q1", D(2026, 3, 31)),
                ("2026-Q2", D(2026, 6, 30)),
                ("2026-Q3", D(2026, 9, 30)),
                ("2026-Q4", D(2026, 12, 31)),
            ],
        ),
    ],
)
def test_recurring(text, period, kw, expected):
    assert keys_dues(plan(text, period, **kw)) == expected


def test_a_date_beside_a_monthly_recurrence_is_its_own_deliverable():
    got = plan("Hàng tháng; báo cáo năm trước ngày 15/11", Y2026)
    assert keys_dues(got) == sorted(
        [*MONTHS_2026_ON_25, ("d2026-11-15", D(2026, 11, 16))], key=lambda kd: kd[1]
    )
    assert next(o for o in got if o.period_key == "d2026-11-15").label == "Báo cáo năm"


@pytest.mark.parametrize(
    ("key", "label", "start", "end"),
    [
        ("2026-03", "Tháng 03/2026", D(2026, 3, 1), D(2026, 3, 31)),
        ("2026-Q1", "Quý I/2026", D(2026, 1, 1), D(2026, 3, 31)),
        ("2026-H1", "6 tháng đầu năm 2026", D(2026, 1, 1), D(2026, 6, 30)),
        ("2026", "Năm 2026", D(2026, 1, 1), D(2026, 12, 31)),
    ],
)
def test_recurring_periods_and_labels(key, label, start, end):
    got = {o.period_key: o for o in plan("Hàng tháng, quý, 6 tháng, năm", Y2026)}
    got |= {o.period_key: o for o in plan("Hàng tháng", Y2026)}
    o = got[key]
    assert (o.label, o.period_start, o.period_end, o.kind) == (label, start, end, "recurring")


# --- weekly --------------------------------------------------------------------------------------


def test_weekly_on_friday_in_2026():
    got = plan("Định kỳ thứ sáu hàng tuần", Y2026)
    assert len(got) == 52
    assert (got[0].period_key, got[0].due, got[0].label) == ("2026-W01", D(2026, 1, 2), "Tuần 01/2026")
    assert (got[-1].period_key, got[-1].due) == ("2026-W52", D(2026, 12, 25))
    assert len({o.period_key for o in got}) == 52


@pytest.mark.parametrize(
    ("text", "kw", "key", "due", "why"),
    [
        ("Định kỳ thứ sáu hàng tuần", {}, "2026-W08", D(2026, 2, 23), "Friday 20/2/2026 is in Tết"),
        ("Định kỳ thứ sáu hàng tuần", {}, "2026-W07", D(2026, 2, 13), "the Friday before Tết"),
        ("Định kỳ thứ sáu hàng tuần", {}, "2026-W35", D(2026, 8, 28), "an ordinary Friday"),
        ("Hàng tuần", {}, "2026-W17", D(2026, 4, 24), "the default weekday is Friday"),
        ("Hàng tuần", {"weekly_weekday": 0}, "2026-W36", D(2026, 9, 3), "Monday 31/8 to Wednesday 2/9 off"),
        ("Hàng tuần", {"weekly_weekday": 0}, "2026-W02", D(2026, 1, 5), "first Monday inside 2026"),
        ("Hàng tuần", {"weekly_weekday": 0}, "2026-W53", D(2026, 12, 28), "last Monday of 2026"),
        ("Hàng tuần", {"weekly_weekday": 5}, "2026-W34", D(2026, 8, 22), "the make-up Saturday"),
        (
            "Hàng tuần",
            {"weekly_weekday": 5},
            "2026-W35",
            D(2026, 9, 3),
            "an ordinary Saturday, then 31/8–2/9",
        ),
        ("Sáng thứ hai hàng tuần", {}, "2026-W10", D(2026, 3, 2), "the text's weekday wins"),
    ],
)
def test_weekly(text, kw, key, due, why):
    got = {o.period_key: o for o in plan(text, Y2026, **kw)}
    assert got[key].due == due, why
    assert got[key].period_end - got[key].period_start == timedelta(days=6)


def test_weekly_stays_beside_monthly():
    got = plan("Hàng tuần, hàng tháng", Y2026)
    assert sum(o.period_key.count("W") for o in got) == 52
    assert sum(1 for o in got if "W" not in o.period_key) == 12


# --- continuous: one per reporting cycle -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "period", "kw", "expected"),
    [
        ("Thường xuyên", Y2026, {}, MONTHS_2026_ON_25),
        ("Thường xuyên trong năm 2025", Y2025, {}, MONTHS_2025_ON_25),
        ("Thực hiện liên tục", H2_2025, {}, MONTHS_2025_ON_25[6:]),
        ("Định kỳ hoặc đột xuất", H2_2025, {}, MONTHS_2025_ON_25[6:]),
        ("Thường xuyên", Y2026, {"parse_day": 25, "reporting_day": 10}, MONTHS_2026_ON_25),  # parsed day wins
        (
            "Thường xuyên",
            H1_2026,
            {"reporting_day": 5},
            [
                ("2026-01", D(2026, 1, 5)),
                ("2026-02", D(2026, 2, 5)),
                ("2026-03", D(2026, 3, 5)),
                ("2026-04", D(2026, 4, 6)),
                ("2026-05", D(2026, 5, 5)),
                ("2026-06", D(2026, 6, 5)),
            ],
        ),
        (
            "Thường xuyên",
            H1_2026,
            {"reporting_day": None},
            [
                ("2026-01", D(2026, 2, 2)),
                ("2026-02", D(2026, 3, 2)),
                ("2026-03", D(2026, 3, 31)),
                ("2026-04", D(2026, 5, 4)),
                ("2026-05", D(2026, 6, 1)),
                ("2026-06", D(2026, 6, 30)),
            ],
        ),
    ],
)
def test_continuous(text, period, kw, expected):
    got = plan(text, period, **kw)
    assert keys_dues(got) == expected
    assert {o.kind for o in got} == {"continuous"}


# --- event-relative: once the event's date is entered ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "event", "due", "label", "end"),
    [
        (
            "Trong vòng 05 ngày kể từ ngày thay đổi thông tin",
            D(2026, 3, 10),
            D(2026, 3, 16),  # Sunday 15/3
            "Hạn 15/03/2026 (kể từ ngày 10/03/2026)",
            D(2026, 3, 15),
        ),
        (
            "Trong vòng 05 ngày làm việc kể từ ngày thay đổi thông tin",
            D(2026, 2, 12),
            D(2026, 2, 26),  # 13/2, then 23–26/2 after Tết
            "Hạn 26/02/2026 (kể từ ngày 12/02/2026)",
            D(2026, 2, 26),
        ),
        (
            "Trong vòng 03 ngày làm việc kể từ ngày nhận được văn bản",
            D(2026, 8, 20),
            D(2026, 8, 24),  # 21/8, the make-up Saturday 22/8, Monday 24/8
            "Hạn 24/08/2026 (kể từ ngày 20/08/2026)",
            D(2026, 8, 24),
        ),
        (
            "không quá 30 ngày kể từ ngày kế hoạch của tỉnh được ban hành",
            D(2026, 1, 15),
            D(2026, 2, 23),  # Saturday 14/2, then Tết
            "Hạn 14/02/2026 (kể từ ngày 15/01/2026)",
            D(2026, 2, 14),
        ),
        (
            "Sau khi có Quyết định công bố của UBND tỉnh",
            D(2026, 8, 22),
            D(2026, 8, 22),
            "Hạn 22/08/2026",
            D(2026, 8, 22),
        ),
        (
            "Sau khi có Quyết định công bố của UBND tỉnh",
            D(2026, 8, 23),
            D(2026, 8, 24),
            "Hạn 23/08/2026",
            D(2026, 8, 23),
        ),
    ],
)
def test_event(text, event, due, label, end):
    assert plan(text) == []  # nothing until the event's date is known
    (o,) = plan(text, event_date=event)
    assert (o.period_key, o.due, o.label, o.period_start, o.period_end, o.kind) == (
        "event",
        due,
        label,
        event,
        end,
        "event",
    )


# --- set elsewhere or unreadable: once a coordinator sets the date -----------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "set_date", "due"),
    [
        ("Theo quy định", "external", D(2026, 5, 30), D(2026, 6, 1)),
        ("Theo yêu cầu của Sở Tài chính", "external", D(2026, 2, 16), D(2026, 2, 23)),
        ("Theo tiến độ của UBND tỉnh", "external", D(2026, 8, 22), D(2026, 8, 22)),
        ("", "unparsed", D(2026, 3, 10), D(2026, 3, 10)),
        ("xyz", "unparsed", D(2026, 4, 30), D(2026, 5, 4)),
    ],
)
def test_set_date(text, kind, set_date, due):
    assert plan(text) == []
    (o,) = plan(text, set_date=set_date)
    assert (o.period_key, o.due, o.label, o.period_end, o.kind) == (
        "set",
        due,
        f"Hạn {set_date:%d/%m/%Y}",
        set_date,
        kind,
    )


@pytest.mark.parametrize("text", ["Hàng Quý", "Trước ngày 15/12/2026", "Quý IV", "Thường xuyên"])
def test_event_and_set_dates_do_not_change_dated_schedules(text):
    assert plan(text, event_date=D(2026, 3, 1), set_date=D(2026, 4, 1)) == plan(text)


def test_no_schedule_gives_nothing():
    assert plan_obligations(None, Y2026, calendar=CAL) == []
    assert plan_obligations({"kind": "unparsed", "text": "?"}, Y2026, calendar=CAL) == []


def test_a_schedule_object_is_accepted():
    sched = parse_schedule("Quý IV", Y2026)
    assert plan_obligations(sched, Y2026, calendar=CAL) == plan_obligations(
        sched.to_dict(), Y2026, calendar=CAL
    )


def test_the_editable_table_moves_due_dates():
    # A province's day off on Friday 25/12/2026 pushes December's report to Monday 28/12.
    cal = WorkCalendar([DayOverride(D(2026, 12, 25), False, "Nghỉ của tỉnh")])
    assert dict(keys_dues(plan("Hàng tháng", Y2026, calendar=cal)))["2026-12"] == D(2026, 12, 28)
    # A Saturday declared a working day keeps the date.
    cal = WorkCalendar([DayOverride(D(2026, 7, 25), True, "Làm bù")])
    assert dict(keys_dues(plan("Hàng tháng", Y2026, calendar=cal)))["2026-07"] == D(2026, 7, 25)


# --- every DOMAIN.md example, parsed first ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "keys"),
    [
        ("Trước ngày 15/12/2025", "deadline", ["d2025-12-15"]),
        ("Trước 31/01/2026", "deadline", ["d2026-01-31"]),
        ("Chậm nhất trong ngày 20/12/2025", "deadline", ["d2025-12-20"]),
        ("Trước ngày 19/02/2025 Trước ngày 15/12/2025", "deadline", ["d2025-02-19", "d2025-12-15"]),
        (
            "Báo cáo 06 tháng trước ngày 15/6/2025 Báo cáo năm trước ngày 15/11/2025",
            "deadline",
            ["d2025-06-15", "d2025-11-15"],
        ),
        (
            "Báo cáo 6 tháng (trước ngày 07/6), báo cáo năm (trước ngày 07/11)",
            "deadline",
            ["d2025-06-07", "d2025-11-07"],
        ),
        ("Quý III, IV", "window", ["2025-Q3", "2025-Q4"]),
        ("Quý III, IV/2025", "window", ["2025-Q3", "2025-Q4"]),
        ("Quý IV", "window", ["2025-Q4"]),
        ("Tháng 6, Tháng 11", "window", ["2025-06", "2025-11"]),
        ("Tháng 12/2025", "window", ["2025-12"]),
        ("Tháng 4, tháng 6, tháng 11", "window", ["2025-04", "2025-06", "2025-11"]),
        ("Trong 06 tháng đầu năm 2025", "window", ["2025-H1"]),
        ("6 tháng cuối năm", "window", ["2025-H2"]),
        ("Định kỳ hàng tháng", "recurring", [k for k, _ in MONTHS_2025_ON_25]),
        ("Hàng tháng", "recurring", [k for k, _ in MONTHS_2025_ON_25]),
        ("Hàng Quý", "recurring", ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]),
        ("Quý, năm", "recurring", ["2025-Q1", "2025-Q2", "2025-Q3", "2025"]),
        (
            "trong ngày 14 của tháng cuối kỳ báo cáo",
            "recurring",
            ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"],
        ),
        ("Thường xuyên", "continuous", [k for k, _ in MONTHS_2025_ON_25]),
        ("Thường xuyên trong năm 2025", "continuous", [k for k, _ in MONTHS_2025_ON_25]),
        ("Thực hiện liên tục", "continuous", [k for k, _ in MONTHS_2025_ON_25]),
        ("Trong năm 2025", "window", ["2025"]),
        ("Năm 2025", "window", ["2025"]),
        ("Cả năm 2025", "window", ["2025"]),
        ("Trong vòng 05 ngày kể từ ngày thay đổi thông tin", "event", ["event"]),
        ("không quá 30 ngày kể từ ngày kế hoạch của tỉnh được ban hành", "event", ["event"]),
        ("Sau khi có Quyết định công bố của UBND tỉnh", "event", ["event"]),
        ("Theo quy định", "external", ["set"]),
        ("Theo yêu cầu của Sở Tài chính", "external", ["set"]),
        ("Theo tiến độ của UBND tỉnh", "external", ["set"]),
    ],
)
def test_domain_examples(text, kind, keys):
    schedule = parse_schedule(text, Y2025, reporting_day=25).to_dict()
    assert schedule["kind"] == kind
    got = plan_obligations(schedule, Y2025, calendar=CAL, event_date=D(2025, 3, 3), set_date=D(2025, 9, 9))
    assert [o.period_key for o in got] == keys
    assert all(CAL.is_working_day(o.due) for o in got)


def test_weekly_domain_example():
    schedule = parse_schedule("Định kỳ thứ sáu hàng tuần", Y2025, reporting_day=25).to_dict()
    got = plan_obligations(schedule, Y2025, calendar=CAL)
    # 2025 has 52 Fridays; 3/1/2025 is the first.
    assert (len(got), got[0].period_key, got[0].due) == (52, "2025-W01", D(2025, 1, 3))


# --- properties -----------------------------------------------------------------------------------

_days = st.dates(min_value=D(2024, 1, 1), max_value=D(2028, 12, 31))


@given(_days)
def test_a_deadline_ends_on_the_first_working_day_from_its_date(d):
    schedule = {"kind": "deadline", "due": [d.isoformat()], "text": ""}
    (o,) = plan_obligations(schedule, Period.year(d.year), calendar=CAL)
    assert CAL.is_working_day(o.due)
    assert o.due >= d
    assert all(not CAL.is_working_day(d + timedelta(days=i)) for i in range((o.due - d).days))
    assert o.period_end == d


_periods = st.sampled_from([Y2025, Y2026, H1_2026, H2_2025, Period(D(2025, 7, 1), D(2026, 6, 30))])


@given(
    period=_periods,
    day=st.integers(1, 31),
    freq=st.sampled_from(["monthly", "quarterly", "semiannual", "yearly"]),
)
def test_recurrences_are_stable_unique_and_inside_the_period(period, day, freq):
    schedule = {"kind": "recurring", "recurrence": {"freq": freq, "freqs": [freq], "day": day}}
    got = plan_obligations(schedule, period, calendar=CAL)
    assert got == plan_obligations(schedule, period, calendar=CAL)  # the calendar decides, nothing else
    keys = [o.period_key for o in got]
    assert len(keys) == len(set(keys))
    for o in got:
        assert CAL.is_working_day(o.due)
        assert o.period_start <= o.period_end
        assert o.due - o.period_start < timedelta(days=372)
    if freq == "monthly":
        months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
        assert len(got) == months


@given(period=_periods, weekday=st.integers(0, 6))
def test_weekly_gives_one_per_week_inside_the_period(period, weekday):
    schedule = {
        "kind": "recurring",
        "recurrence": {"freq": "weekly", "freqs": ["weekly"], "weekday": weekday},
    }
    got = plan_obligations(schedule, period, calendar=CAL)
    written = [o.period_start + timedelta(days=weekday) for o in got]
    assert all(period.contains(w) for w in written)
    assert len(got) == sum(
        1
        for i in range((period.end - period.start).days + 1)
        if (period.start + timedelta(days=i)).weekday() == weekday
    )
