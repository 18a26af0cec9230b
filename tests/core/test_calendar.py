"""The Vietnamese working calendar and working-time arithmetic (tables of cases)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.core.calendar import DayOverride, WorkCalendar, WorkingHours, WorkingTime

CAL = WorkCalendar()


@pytest.mark.parametrize(
    ("day", "working", "why"),
    [
        (date(2025, 1, 1), False, "Tết Dương lịch"),
        (date(2025, 1, 24), True, "Friday before Tết 2025"),
        (date(2025, 1, 27), False, "Tết 2025 (29 Tết)"),
        (date(2025, 1, 28), False, "Tết 2025 (Giao thừa)"),
        (date(2025, 1, 29), False, "Tết 2025 (Mùng 1)"),
        (date(2025, 1, 31), False, "Tết 2025 (Mùng 3)"),
        (date(2025, 2, 3), True, "back to work after Tết 2025"),
        (date(2025, 4, 7), False, "Giỗ Tổ Hùng Vương 2025 (10/3 âm lịch)"),
        (date(2025, 4, 26), True, "Saturday 26/4/2025 worked, swapped for 2/5"),
        (date(2025, 4, 30), False, "30/4"),
        (date(2025, 5, 1), False, "1/5"),
        (date(2025, 5, 2), False, "2/5/2025 off in lieu of 26/4"),
        (date(2025, 9, 1), False, "Quốc khánh 2025 adjacent day"),
        (date(2025, 9, 2), False, "Quốc khánh 2025"),
        (date(2026, 2, 13), True, "Friday before Tết 2026"),
        (date(2026, 2, 16), False, "Tết 2026 Mon 16/2"),
        (date(2026, 2, 17), False, "Tết 2026"),
        (date(2026, 2, 20), False, "Tết 2026 Fri 20/2"),
        (date(2026, 2, 23), True, "back to work after Tết 2026"),
        (date(2026, 4, 27), False, "Giỗ Tổ 2026 falls on Sunday: Monday off"),
        (date(2026, 8, 22), True, "Saturday 22/8/2026 is a make-up working day"),
        (date(2026, 8, 31), False, "Monday 31/8/2026 off, swapped"),
        (date(2026, 9, 1), False, "Quốc khánh 2026"),
        (date(2026, 9, 2), False, "Quốc khánh 2026"),
        (date(2026, 11, 21), False, "an ordinary Saturday"),
        (date(2026, 11, 22), False, "an ordinary Sunday"),
        (date(2026, 12, 7), True, "an ordinary Monday"),
        (date(2026, 11, 24), False, "Ngày Văn hóa Việt Nam, as the holidays package has it"),
    ],
)
def test_working_days(day, working, why):
    assert CAL.is_working_day(day) is working, why


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2025, 1, 24), 1, date(2025, 2, 3)),  # across Tết 2025
        (date(2025, 2, 3), -1, date(2025, 1, 24)),
        (date(2026, 2, 12), 2, date(2026, 2, 23)),  # across Tết 2026
        (date(2026, 8, 21), 1, date(2026, 8, 22)),  # the make-up Saturday counts
        (date(2026, 8, 22), 1, date(2026, 8, 24)),
        (date(2026, 8, 28), 1, date(2026, 9, 3)),  # Monday 31/8, 1/9 and 2/9 are off
        (date(2026, 11, 20), 0, date(2026, 11, 20)),
        (date(2026, 11, 21), 0, date(2026, 11, 23)),  # 0 moves a weekend day forward
        (date(2026, 12, 7), 7, date(2026, 12, 16)),
        (date(2026, 12, 16), -7, date(2026, 12, 7)),
        (date(2026, 11, 23), 1, date(2026, 11, 25)),  # 24/11 Ngày Văn hóa Việt Nam, seeded
    ],
)
def test_add_working_days(start, n, expected):
    assert CAL.add_working_days(start, n) == expected


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        (date(2025, 1, 24), date(2025, 2, 3), 1),
        (date(2026, 2, 13), date(2026, 2, 23), 1),
        (date(2026, 12, 4), date(2026, 12, 11), 5),
        (date(2026, 12, 11), date(2026, 12, 4), -5),
        (date(2026, 11, 20), date(2026, 11, 27), 4),  # 24/11/2026 is a day off
        (date(2026, 11, 20), date(2026, 11, 20), 0),
    ],
)
def test_working_days_between(start, end, count):
    assert CAL.working_days_between(start, end) == count


def test_editable_table_overrides_the_seed():
    cal = WorkCalendar(
        [
            DayOverride(date(2026, 11, 23), working=False, name="Nghỉ bù của tỉnh"),
            DayOverride(date(2026, 2, 16), working=True, name="Trực Tết"),
            DayOverride(date(2026, 11, 28), working=True, name="Làm bù thứ Bảy"),
        ]
    )
    assert not cal.is_working_day(date(2026, 11, 23))
    assert cal.holiday_name(date(2026, 11, 23)) == "Nghỉ bù của tỉnh"
    assert cal.is_working_day(date(2026, 2, 16))
    assert cal.is_working_day(date(2026, 11, 28))
    assert date(2026, 11, 28) in cal.make_up_days(2026)


def test_without_the_seed_only_weekends_and_the_table_count():
    cal = WorkCalendar([DayOverride(date(2026, 9, 2), working=False)], seed=False)
    assert cal.is_working_day(date(2026, 2, 17))
    assert not cal.is_working_day(date(2026, 9, 2))


WT = WorkingTime(CAL)


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        (datetime(2026, 12, 7, 7, 0), datetime(2026, 12, 7, 17, 0), 8),
        (datetime(2026, 12, 7, 11, 0), datetime(2026, 12, 7, 14, 0), 1),  # lunch does not count
        (datetime(2026, 12, 4, 16, 0), datetime(2026, 12, 7, 8, 0), 2),  # the weekend does not count
        (datetime(2026, 12, 5, 9, 0), datetime(2026, 12, 5, 15, 0), 0),  # a Saturday
        (datetime(2026, 2, 13, 16, 0), datetime(2026, 2, 23, 8, 0), 2),  # Tết 2026
        (datetime(2026, 12, 7, 18, 0), datetime(2026, 12, 7, 6, 0), 0),
        (datetime(2026, 12, 7, 5, 0), datetime(2026, 12, 8, 20, 0), 16),
        (datetime(2026, 8, 21, 16, 0), datetime(2026, 8, 24, 8, 0), 10),  # Saturday 22/8 is worked
    ],
)
def test_working_time_between(start, end, hours):
    assert WT.between(start, end) == timedelta(hours=hours)


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        (datetime(2026, 12, 7, 9, 0), 8, datetime(2026, 12, 8, 9, 0)),
        (datetime(2026, 12, 4, 15, 0), 8, datetime(2026, 12, 7, 15, 0)),  # Friday -> Monday
        (datetime(2026, 12, 7, 11, 0), 1, datetime(2026, 12, 7, 14, 0)),
        (datetime(2026, 12, 7, 17, 30), 1, datetime(2026, 12, 8, 8, 0)),  # after hours
        (datetime(2026, 2, 13, 16, 0), 8, datetime(2026, 2, 23, 16, 0)),  # across Tết 2026
        (datetime(2026, 12, 5, 10, 0), 0, datetime(2026, 12, 7, 7, 0)),
        (datetime(2026, 11, 23, 9, 0), 8, datetime(2026, 11, 25, 9, 0)),  # 24/11 off
    ],
)
def test_working_time_add(start, hours, expected):
    assert WT.add(start, timedelta(hours=hours)) == expected


@pytest.mark.parametrize(
    ("text", "length"),
    [("07:00-11:30,13:30-17:00", 8), ("07:30-11:30, 13:00-17:00", 8), ("08:00-12:00", 4)],
)
def test_working_hours_parse(text, length):
    assert WorkingHours.parse(text).day_length == timedelta(hours=length)


@pytest.mark.parametrize("text", ["11:00-07:00", "07:00-12:00,11:00-17:00", "bảy giờ"])
def test_working_hours_rejects_bad_text(text):
    with pytest.raises(ValueError):
        WorkingHours.parse(text)


@given(st.dates(date(2024, 1, 1), date(2027, 12, 31)), st.integers(-40, 40))
def test_adding_then_subtracting_working_days_returns_to_the_working_day(d, n):
    start = CAL.next_working_day(d)
    assert CAL.add_working_days(CAL.add_working_days(start, n), -n) == start
    assert CAL.working_days_between(start, CAL.add_working_days(start, n)) == n


@given(
    st.datetimes(datetime(2025, 1, 1), datetime(2026, 12, 31)),
    st.integers(0, 60 * 40),
)
def test_working_time_add_and_between_agree(start, minutes):
    end = WT.add(start, timedelta(minutes=minutes))
    assert WT.between(start, end) == timedelta(minutes=minutes)
