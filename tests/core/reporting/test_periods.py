"""The periods of the reports sent upward: the Ministry's windows (15/12 of the year before to
the 14th, due the 20th), weeks, months, and the messages for what cannot be read."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cchc.core.errors import UserError
from cchc.core.reporting.periods import (
    DEFAULT_RULES,
    PeriodError,
    ReportKind,
    WindowRule,
    parse_kind,
    parse_period,
    periods_due,
)

K = ReportKind

CASES = [
    # kind, text, key, start, end, due, label
    (
        K.QUARTER,
        "2026-Q1",
        "2026-Q1",
        date(2025, 12, 15),
        date(2026, 3, 14),
        date(2026, 3, 20),
        "quý I năm 2026",
    ),
    (
        K.QUARTER,
        "2026-q3",
        "2026-Q3",
        date(2025, 12, 15),
        date(2026, 9, 14),
        date(2026, 9, 20),
        "quý III năm 2026",
    ),
    (
        K.QUARTER,
        " 2026Q4 ",
        "2026-Q4",
        date(2025, 12, 15),
        date(2026, 12, 14),
        date(2026, 12, 20),
        "quý IV năm 2026",
    ),
    (
        K.HALF,
        "2026-H1",
        "2026-H1",
        date(2025, 12, 15),
        date(2026, 6, 14),
        date(2026, 6, 20),
        "6 tháng đầu năm 2026",
    ),
    (
        K.NINE_MONTHS,
        "2026",
        "2026",
        date(2025, 12, 15),
        date(2026, 9, 14),
        date(2026, 9, 20),
        "9 tháng năm 2026",
    ),
    (K.YEAR, "2027", "2027", date(2026, 12, 15), date(2027, 12, 14), date(2027, 12, 20), "năm 2027"),
    # ISO weeks: Monday to Sunday, the brief due on the Friday; week 1 of 2027 starts in 2027.
    (K.WEEK, "2026-W49", "2026-W49", date(2026, 11, 30), date(2026, 12, 6), date(2026, 12, 4), None),
    (K.WEEK, "2026-w1", "2026-W01", date(2025, 12, 29), date(2026, 1, 4), date(2026, 1, 2), None),
    (K.WEEK, "2026-W53", "2026-W53", date(2026, 12, 28), date(2027, 1, 3), date(2027, 1, 1), None),
    # A month: the calendar month, due on the reporting day (25 by default; February clamps).
    (
        K.MONTH,
        "2026-11",
        "2026-11",
        date(2026, 11, 1),
        date(2026, 11, 30),
        date(2026, 11, 25),
        "tháng 11 năm 2026",
    ),
    (
        K.MONTH,
        "2026-2",
        "2026-02",
        date(2026, 2, 1),
        date(2026, 2, 28),
        date(2026, 2, 25),
        "tháng 2 năm 2026",
    ),
]


@pytest.mark.parametrize(("kind", "text", "key", "start", "end", "due", "label"), CASES)
def test_periods(kind, text, key, start, end, due, label):
    p = parse_period(kind, text)
    assert (p.kind, p.key, p.start, p.end, p.due) == (kind, key, start, end, due)
    if label is not None:
        assert p.label == label
    assert p.contains(start) and p.contains(end)
    assert not p.contains(start - timedelta(days=1)) and not p.contains(end + timedelta(days=1))


@pytest.mark.parametrize(
    ("kind", "text", "words"),
    [
        (K.QUARTER, "2026-Q5", "2026-Q3"),
        (K.QUARTER, "Q3-2026", "2026-Q3"),
        (K.QUARTER, "", "2026-Q3"),
        (K.HALF, "2026-H3", "2026-H1"),
        (K.YEAR, "26", "2026"),
        (K.YEAR, "1999", "ngoài khoảng"),
        (K.WEEK, "2026-W54", "không có tuần 54"),
        (K.WEEK, "2026-49", "2026-W49"),
        (K.MONTH, "2026-13", "Tháng 13"),
        (K.MONTH, "2026-0", "Tháng 0"),
        (K.PLAN, "12", "id"),
        ("quy", "2026-Q1", "Loại báo cáo không đúng"),
    ],
)
def test_bad_periods_say_what_is_expected(kind, text, words):
    with pytest.raises(PeriodError) as caught:
        parse_period(kind, text)
    assert words in caught.value.message
    assert isinstance(caught.value, UserError)


def test_a_province_may_set_its_own_dates_and_a_missing_rule_is_named():
    # A province counting from 1/1 to the 15th, due the 18th of the next month… of quarter I only.
    own = (WindowRule(K.QUARTER, "Q1", "quý I", 1, 1, False, 3, 15, 4, 18),)
    p = parse_period(K.QUARTER, "2026-Q1", rules=own)
    assert (p.start, p.end, p.due) == (date(2026, 1, 1), date(2026, 3, 15), date(2026, 4, 18))
    with pytest.raises(PeriodError, match="Chưa có lịch"):
        parse_period(K.QUARTER, "2026-Q2", rules=own)


def test_a_day_past_the_months_end_is_its_last_day():
    rule = WindowRule(K.QUARTER, "Q1", "quý I", 12, 15, True, 2, 30, 2, 31)
    assert rule.window(2028) == (date(2027, 12, 15), date(2028, 2, 29))
    assert rule.due(2027) == date(2027, 2, 28)
    assert parse_period(K.MONTH, "2026-02", reporting_day=31).due == date(2026, 2, 28)


def test_the_years_reports_are_quarter_one_six_months_nine_months_and_the_year():
    due = periods_due(2026)
    assert [(p.kind, p.key, p.due) for p in due] == [
        (K.QUARTER, "2026-Q1", date(2026, 3, 20)),
        (K.HALF, "2026-H1", date(2026, 6, 20)),
        (K.NINE_MONTHS, "2026", date(2026, 9, 20)),
        (K.YEAR, "2026", date(2026, 12, 20)),
    ]
    assert len(DEFAULT_RULES) == 8


@pytest.mark.parametrize("text", ["quarter", "QUARTER", " year "])
def test_kinds_are_read_whatever_the_case(text):
    assert parse_kind(text).value == text.strip().lower()


@pytest.mark.parametrize(
    ("kind", "text", "title"),
    [
        (K.QUARTER, "2026-Q3", "Báo cáo CCHC quý III năm 2026"),
        (K.HALF, "2026-H1", "Báo cáo CCHC 6 tháng đầu năm 2026"),
        (K.NINE_MONTHS, "2026", "Báo cáo CCHC 9 tháng năm 2026"),
        (K.YEAR, "2026", "Báo cáo CCHC năm 2026"),
        (K.WEEK, "2026-W49", "Báo cáo giao ban tuần 49 năm 2026 (từ 30/11 đến 06/12/2026)"),
        (K.MONTH, "2026-11", "Báo cáo tổng hợp tháng 11 năm 2026"),
    ],
)
def test_a_report_is_named_as_people_say_it(kind, text, title):
    assert parse_period(kind, text).title == title
