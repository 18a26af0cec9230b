"""The vectorised working-time arithmetic against hand-computed values and ``WorkingTime``."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.core.calendar import DayOverride, WorkCalendar, WorkingHours, WorkingTime
from cchc.core.dossiers.worktime import vectorised

CAL = WorkCalendar()
HOURS = WorkingHours()
H = 3600


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        # Friday 16:55 before the 1–2/9/2025 holidays, to Wednesday 14:00: 5 min + 4.5 h + 0.5 h.
        (datetime(2025, 8, 29, 16, 55), datetime(2025, 9, 3, 14, 0), 5 / 60 + 5),
        # Across Tết 2025 (27/1–1/2 off): Friday 24/1 16:00 to Monday 3/2 08:00 = 1 h + 1 h.
        (datetime(2025, 1, 24, 16, 0), datetime(2025, 2, 3, 8, 0), 2),
        # Tết 2026 (16–20/2 off): Friday 13/2 07:00 to Monday 23/2 07:00 = one working day.
        (datetime(2026, 2, 13, 7, 0), datetime(2026, 2, 23, 7, 0), 8),
        # Lunch break and evening do not count.
        (datetime(2025, 3, 3, 11, 0), datetime(2025, 3, 3, 14, 0), 1),
        (datetime(2025, 3, 3, 18, 0), datetime(2025, 3, 4, 6, 0), 0),
        # A weekend: Friday 15:00 to Monday 09:00 = 2 h + 2 h.
        (datetime(2025, 3, 7, 15, 0), datetime(2025, 3, 10, 9, 0), 4),
        # The make-up Saturday 26/4/2025 is a working day.
        (datetime(2025, 4, 26, 7, 0), datetime(2025, 4, 26, 17, 0), 8),
    ],
)
def test_working_time_between(start, end, hours):
    assert vectorised(CAL, HOURS, [start], [end], add=False) == [round(hours * H)]
    assert WorkingTime(CAL).between(start, end) == timedelta(hours=hours)


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        # A target exactly at the end of a day's hours lands at 17:00 that day, not 07:00 the next.
        (datetime(2025, 3, 3, 7, 0), 8, datetime(2025, 3, 3, 17, 0)),
        (datetime(2025, 3, 3, 13, 30), 3.5, datetime(2025, 3, 3, 17, 0)),
        # ... and exactly at the end of the morning span at 11:30.
        (datetime(2025, 3, 3, 7, 0), 4.5, datetime(2025, 3, 3, 11, 30)),
        (datetime(2025, 3, 3, 7, 0), 4.5 + 1 / 60, datetime(2025, 3, 3, 13, 31)),
        # Friday 16:55 before the September holidays + 1 h: Wednesday 3/9 07:55.
        (datetime(2025, 8, 29, 16, 55), 1, datetime(2025, 9, 3, 7, 55)),
        # From a Sunday evening: counts from Monday 07:00.
        (datetime(2025, 3, 9, 20, 0), 2, datetime(2025, 3, 10, 9, 0)),
        # Over Tết 2025: Friday 24/1 16:00 + 2 h = Monday 3/2 08:00.
        (datetime(2025, 1, 24, 16, 0), 2, datetime(2025, 2, 3, 8, 0)),
    ],
)
def test_adding_working_time(start, hours, expected):
    assert vectorised(CAL, HOURS, [start], [round(hours * H)], add=True) == [expected]
    assert WorkingTime(CAL).add(start, timedelta(hours=hours)) == expected


def test_other_working_hours_and_overrides():
    hours = WorkingHours.parse("07:30-11:30,13:00-16:30")  # 7.5 h a day
    cal = WorkCalendar([DayOverride(datetime(2025, 3, 4).date(), False, "Nghỉ riêng của tỉnh")])
    start, end = datetime(2025, 3, 3, 16, 0), datetime(2025, 3, 5, 8, 30)
    assert vectorised(cal, hours, [start], [end], add=False) == [round(1.5 * H)]
    assert vectorised(cal, hours, [start], [H], add=True) == [datetime(2025, 3, 5, 8, 0)]


moments = st.datetimes(min_value=datetime(2024, 12, 1), max_value=datetime(2026, 12, 31)).map(
    lambda d: d.replace(microsecond=0)
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(moments, moments, st.integers(1, 40 * 8 * H)), min_size=1, max_size=30))
def test_vectorised_arithmetic_matches_the_reference(cases):
    wt = WorkingTime(CAL)
    starts = [min(a, b) for a, b, _ in cases]
    ends = [max(a, b) for a, b, _ in cases]
    amounts = [x for _, _, x in cases]
    assert vectorised(CAL, HOURS, starts, ends, add=False) == [
        int(wt.between(a, b).total_seconds()) for a, b in zip(starts, ends, strict=True)
    ]
    assert vectorised(CAL, HOURS, starts, amounts, add=True) == [
        wt.add(a, timedelta(seconds=x)) for a, x in zip(starts, amounts, strict=True)
    ]


def test_engine_rows_are_put_back_in_row_order():
    import pyarrow as pa

    from cchc.core.dossiers.engine import in_rid_order

    slim = pa.table({"rid": [2, 0, 3, 1], "x": [20, 0, None, 10], "y": pa.array([2, 0, 3, 1], pa.int32())})
    out = in_rid_order(slim)
    assert out.to_pydict() == {"rid": [0, 1, 2, 3], "x": [0, 10, 20, None], "y": [0, 1, 2, 3]}
    assert out.schema == slim.schema
