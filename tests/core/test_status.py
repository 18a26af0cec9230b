"""Statuses of an obligation, early share and attainment of targets (tables of cases)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.core.calendar import DayOverride, WorkCalendar
from cchc.core.status import (
    DONE,
    OPEN,
    TRACKED,
    Attainment,
    Status,
    attainment,
    early_share,
    is_early,
    obligation_status,
    rates,
)

CAL = WorkCalendar()
D = date


def status(due, completed_on=None, *, current_due=None, activity=False, today=None, n=1, cal=CAL):
    return obligation_status(
        due=due,
        current_due=current_due if current_due is not None else due,
        completed_on=completed_on,
        has_activity=activity,
        today=today or D(2026, 1, 5),
        calendar=cal,
        early_working_days=n,
    )


# --- the enum ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("member", "value", "label"),
    [
        (Status.NOT_DUE, "not_due", "chưa đến hạn"),
        (Status.IN_PROGRESS, "in_progress", "đang thực hiện"),
        (Status.DONE_EARLY, "done_early", "hoàn thành sớm hạn"),
        (Status.DONE_ON_TIME, "done_on_time", "hoàn thành đúng hạn"),
        (Status.DONE_LATE, "done_late", "hoàn thành trễ hạn"),
        (Status.OVERDUE, "overdue", "quá hạn"),
        (Status.EXTENDED, "extended", "gia hạn"),
        (Status.NOT_TRACKED, "not_tracked", "không theo dõi"),
    ],
)
def test_status_values_and_labels(member, value, label):
    assert member == value
    assert Status(value) is member
    assert member.label == label
    assert member.is_done is (member in DONE)


def test_open_done_and_not_tracked_split_every_status():
    assert set(Status) == OPEN | DONE | {Status.NOT_TRACKED}
    assert TRACKED == OPEN | DONE
    assert not OPEN & DONE
    assert Status.NOT_TRACKED not in TRACKED  # neither open nor done: no reminder, no count


# --- completed: early / on time / late against the original due date ---------------------------


@pytest.mark.parametrize(
    ("due", "completed_on", "n", "expected", "why"),
    [
        # Tết 2025: 27–31/1 off; Friday 24/1 is the last working day before, Monday 3/2 the first after.
        (
            D(2025, 2, 3),
            D(2025, 1, 24),
            1,
            Status.DONE_EARLY,
            "Friday before Tết is 1 working day before 3/2",
        ),
        (D(2025, 2, 3), D(2025, 1, 20), 1, Status.DONE_EARLY, "well before Tết"),
        (D(2025, 2, 3), D(2025, 1, 25), 1, Status.DONE_ON_TIME, "a Saturday during the break is not early"),
        (D(2025, 2, 3), D(2025, 1, 29), 1, Status.DONE_ON_TIME, "Mùng 1 Tết: no working day left before 3/2"),
        (D(2025, 2, 3), D(2025, 2, 3), 1, Status.DONE_ON_TIME, "on the due day"),
        (D(2025, 2, 3), D(2025, 2, 4), 1, Status.DONE_LATE, "the day after"),
        (D(2025, 2, 3), D(2025, 1, 24), 2, Status.DONE_ON_TIME, "two working days before 3/2 is 23/1"),
        (D(2025, 2, 3), D(2025, 1, 23), 2, Status.DONE_EARLY, "23/1 is two working days before"),
        (D(2025, 2, 3), D(2025, 1, 31), 0, Status.DONE_EARLY, "n=0: any day before the due day"),
        (D(2025, 2, 3), D(2025, 2, 3), 0, Status.DONE_ON_TIME, "n=0: the due day itself is on time"),
        (D(2025, 1, 24), D(2025, 1, 23), 1, Status.DONE_EARLY, "due the Friday before Tết 2025"),
        (D(2025, 1, 24), D(2025, 1, 24), 1, Status.DONE_ON_TIME, "due the Friday before Tết 2025"),
        (D(2025, 1, 24), D(2025, 1, 28), 1, Status.DONE_LATE, "finished during Tết: late"),
        (D(2025, 1, 24), D(2025, 2, 3), 1, Status.DONE_LATE, "finished after Tết: late"),
        # Tết 2026: 16–20/2 off; Friday 13/2 before, Monday 23/2 after.
        (D(2026, 2, 23), D(2026, 2, 13), 1, Status.DONE_EARLY, "Friday before Tết 2026"),
        (D(2026, 2, 23), D(2026, 2, 14), 1, Status.DONE_ON_TIME, "Saturday 14/2/2026"),
        (D(2026, 2, 23), D(2026, 2, 20), 1, Status.DONE_ON_TIME, "during Tết 2026"),
        (D(2026, 2, 23), D(2026, 2, 23), 1, Status.DONE_ON_TIME, "on the due day"),
        (D(2026, 2, 23), D(2026, 2, 24), 1, Status.DONE_LATE, "the day after"),
        (D(2026, 2, 23), D(2026, 2, 12), 2, Status.DONE_EARLY, "n=2 across Tết 2026"),
        (D(2026, 2, 23), D(2026, 2, 13), 2, Status.DONE_ON_TIME, "n=2 across Tết 2026"),
        (D(2026, 2, 23), D(2026, 2, 22), 0, Status.DONE_EARLY, "n=0: Sunday before counts"),
        (D(2026, 2, 13), D(2026, 2, 12), 1, Status.DONE_EARLY, "due the Friday before Tết 2026"),
        (D(2026, 2, 13), D(2026, 2, 13), 1, Status.DONE_ON_TIME, "due the Friday before Tết 2026"),
        (D(2026, 2, 13), D(2026, 2, 23), 1, Status.DONE_LATE, "finished after Tết 2026"),
        # Saturday 22/8/2026 is a make-up working day; Monday 31/8, 1/9 and 2/9 are off.
        (D(2026, 8, 24), D(2026, 8, 22), 1, Status.DONE_EARLY, "the make-up Saturday is a working day"),
        (D(2026, 8, 24), D(2026, 8, 21), 1, Status.DONE_EARLY, "Friday before"),
        (D(2026, 8, 24), D(2026, 8, 23), 1, Status.DONE_ON_TIME, "Sunday 23/8 is not"),
        (D(2026, 8, 24), D(2026, 8, 22), 2, Status.DONE_ON_TIME, "n=2: 21/8 is the limit"),
        (D(2026, 8, 24), D(2026, 8, 21), 2, Status.DONE_EARLY, "n=2"),
        (D(2026, 8, 24), D(2026, 8, 25), 1, Status.DONE_LATE, "late"),
        (D(2026, 8, 22), D(2026, 8, 21), 1, Status.DONE_EARLY, "due on the make-up Saturday"),
        (D(2026, 8, 22), D(2026, 8, 22), 1, Status.DONE_ON_TIME, "due on the make-up Saturday"),
        (D(2026, 8, 22), D(2026, 8, 24), 1, Status.DONE_LATE, "Monday after the make-up Saturday"),
        (D(2026, 9, 3), D(2026, 8, 28), 1, Status.DONE_EARLY, "28/8 is the working day before 3/9"),
        (D(2026, 9, 3), D(2026, 8, 31), 1, Status.DONE_ON_TIME, "31/8/2026 is a day off"),
        (D(2026, 9, 3), D(2026, 8, 27), 2, Status.DONE_EARLY, "n=2 across 31/8–2/9"),
        # Ordinary weeks.
        (D(2026, 12, 7), D(2026, 12, 4), 1, Status.DONE_EARLY, "Friday before a Monday due date"),
        (D(2026, 12, 7), D(2026, 12, 5), 1, Status.DONE_ON_TIME, "Saturday before a Monday due date"),
        (D(2026, 12, 9), D(2026, 12, 8), 1, Status.DONE_EARLY, "the day before"),
        (D(2026, 12, 9), D(2026, 12, 8), 2, Status.DONE_ON_TIME, "n=2: the day before is not enough"),
        (D(2026, 12, 9), D(2026, 12, 7), 2, Status.DONE_EARLY, "n=2"),
        (D(2026, 12, 9), D(2026, 12, 2), 5, Status.DONE_EARLY, "n=5: a week before"),
        (D(2026, 12, 9), D(2026, 12, 3), 5, Status.DONE_ON_TIME, "n=5: four working days is not enough"),
        (D(2026, 12, 9), D(2026, 12, 31), 1, Status.DONE_LATE, "weeks late"),
        (D(2026, 12, 9), D(2026, 1, 2), 1, Status.DONE_EARLY, "months early"),
    ],
)
def test_completed(due, completed_on, n, expected, why):
    assert status(due, completed_on, n=n) is expected, why


@pytest.mark.parametrize(
    ("due", "current_due", "completed_on", "expected", "why"),
    [
        (D(2026, 3, 10), D(2026, 3, 20), D(2026, 3, 18), Status.DONE_LATE, "late against the plan's date"),
        (
            D(2026, 3, 10),
            D(2026, 3, 20),
            D(2026, 3, 20),
            Status.DONE_LATE,
            "on the extended date: still late",
        ),
        (D(2026, 3, 10), D(2026, 3, 20), D(2026, 3, 10), Status.DONE_ON_TIME, "on the original date"),
        (D(2026, 3, 10), D(2026, 3, 20), D(2026, 3, 9), Status.DONE_EARLY, "early against the original"),
        (D(2026, 3, 10), D(2026, 3, 20), D(2026, 3, 25), Status.DONE_LATE, "after the extension too"),
        (None, None, D(2026, 3, 25), Status.DONE_ON_TIME, "no date to be late against"),
        (None, D(2026, 3, 1), D(2026, 3, 25), Status.DONE_ON_TIME, "no original date"),
    ],
)
def test_completed_uses_the_original_due_date(due, current_due, completed_on, expected, why):
    got = obligation_status(
        due=due,
        current_due=current_due,
        completed_on=completed_on,
        has_activity=True,
        today=D(2026, 12, 31),
        calendar=CAL,
    )
    assert got is expected, why


# --- open: not due / in progress / overdue / extended ------------------------------------------


@pytest.mark.parametrize(
    ("due", "current_due", "activity", "today", "expected", "why"),
    [
        (D(2026, 3, 10), None, False, D(2026, 3, 9), Status.NOT_DUE, "before the due date"),
        (D(2026, 3, 10), None, True, D(2026, 3, 9), Status.IN_PROGRESS, "a report or contribution exists"),
        (D(2026, 3, 10), None, False, D(2026, 3, 10), Status.NOT_DUE, "due today is not overdue"),
        (D(2026, 3, 10), None, True, D(2026, 3, 10), Status.IN_PROGRESS, "due today, with activity"),
        (D(2026, 3, 10), None, False, D(2026, 3, 11), Status.OVERDUE, "the day after"),
        (D(2026, 3, 10), None, True, D(2026, 3, 11), Status.OVERDUE, "activity does not save it"),
        (D(2026, 3, 10), D(2026, 3, 10), False, D(2026, 12, 31), Status.OVERDUE, "long overdue"),
        (D(2026, 3, 10), D(2026, 3, 20), False, D(2026, 3, 5), Status.EXTENDED, "extension approved early"),
        (D(2026, 3, 10), D(2026, 3, 20), True, D(2026, 3, 5), Status.EXTENDED, "extended wins over activity"),
        (D(2026, 3, 10), D(2026, 3, 20), False, D(2026, 3, 15), Status.EXTENDED, "past the original date"),
        (D(2026, 3, 10), D(2026, 3, 20), False, D(2026, 3, 20), Status.EXTENDED, "on the new date"),
        (D(2026, 3, 10), D(2026, 3, 20), False, D(2026, 3, 21), Status.OVERDUE, "past the new date"),
        (D(2026, 3, 10), D(2026, 3, 20), True, D(2026, 3, 21), Status.OVERDUE, "past the new date, activity"),
        (D(2026, 3, 10), D(2026, 3, 5), False, D(2026, 3, 7), Status.OVERDUE, "an earlier date in force"),
        (D(2026, 3, 10), D(2026, 3, 5), False, D(2026, 3, 4), Status.NOT_DUE, "earlier date is no extension"),
        (D(2026, 2, 13), D(2026, 2, 23), False, D(2026, 2, 18), Status.EXTENDED, "extended across Tết 2026"),
        (D(2026, 2, 13), None, False, D(2026, 2, 16), Status.OVERDUE, "due before Tết, not done in Tết"),
        (D(2025, 1, 24), None, False, D(2025, 1, 25), Status.OVERDUE, "due before Tết 2025"),
        (D(2026, 8, 22), None, False, D(2026, 8, 22), Status.NOT_DUE, "due on the make-up Saturday"),
        (D(2026, 8, 22), None, False, D(2026, 8, 23), Status.OVERDUE, "the Sunday after it"),
        (None, None, False, D(2026, 3, 1), Status.NOT_DUE, "no date yet"),
        (None, None, True, D(2026, 3, 1), Status.IN_PROGRESS, "no date yet, work started"),
        (None, D(2026, 3, 1), False, D(2026, 3, 2), Status.OVERDUE, "only a date in force"),
        (None, D(2026, 3, 1), False, D(2026, 2, 2), Status.NOT_DUE, "no original date: not an extension"),
    ],
)
def test_open(due, current_due, activity, today, expected, why):
    got = obligation_status(
        due=due, current_due=current_due, completed_on=None, has_activity=activity, today=today, calendar=CAL
    )
    assert got is expected, why


def test_the_editable_table_changes_early():
    # A province's extra day off on Friday 4/12/2026 makes Thursday 3/12 the day before Monday 7/12.
    cal = WorkCalendar([DayOverride(D(2026, 12, 4), False, "Nghỉ bù")])
    assert status(D(2026, 12, 7), D(2026, 12, 4), cal=cal) is Status.DONE_ON_TIME
    assert status(D(2026, 12, 7), D(2026, 12, 3), cal=cal) is Status.DONE_EARLY
    assert status(D(2026, 12, 7), D(2026, 12, 4)) is Status.DONE_EARLY


@pytest.mark.parametrize(
    ("completed_on", "due", "n", "early"),
    [
        (D(2026, 12, 8), D(2026, 12, 9), 1, True),
        (D(2026, 12, 9), D(2026, 12, 9), 1, False),
        (D(2026, 12, 8), D(2026, 12, 9), 0, True),
        (D(2026, 12, 9), D(2026, 12, 9), 0, False),
        (D(2026, 12, 8), D(2026, 12, 9), -1, True),  # negative reads as 0
        (D(2026, 12, 7), D(2026, 12, 9), 2, True),
        (D(2026, 12, 8), D(2026, 12, 9), 2, False),
    ],
)
def test_is_early(completed_on, due, n, early):
    assert is_early(completed_on, due, calendar=CAL, early_working_days=n) is early


_days = st.dates(min_value=D(2025, 1, 1), max_value=D(2027, 12, 31))
_RANK = {Status.DONE_EARLY: 2, Status.DONE_ON_TIME: 1, Status.DONE_LATE: 0}


@given(due=_days, a=_days, b=_days, n=st.integers(0, 5))
def test_finishing_later_is_never_better(due, a, b, n):
    first, second = sorted((a, b))
    assert _RANK[status(due, first, n=n)] >= _RANK[status(due, second, n=n)]


@given(
    due=_days, done=_days, n=st.integers(0, 5), today=_days, activity=st.booleans(), shift=st.integers(0, 30)
)
def test_a_completed_status_ignores_today_activity_and_extension(due, done, n, today, activity, shift):
    got = obligation_status(
        due=due,
        current_due=due + timedelta(days=shift),
        completed_on=done,
        has_activity=activity,
        today=today,
        calendar=CAL,
        early_working_days=n,
    )
    assert got is status(due, done, n=n)
    assert got in DONE
    assert (got is Status.DONE_LATE) is (done > due)
    if got is Status.DONE_EARLY:
        assert done < due


@given(due=_days, today=_days, activity=st.booleans(), shift=st.integers(0, 30))
def test_an_open_status_is_never_done(due, today, activity, shift):
    current = due + timedelta(days=shift)
    got = obligation_status(
        due=due, current_due=current, completed_on=None, has_activity=activity, today=today, calendar=CAL
    )
    assert got in OPEN
    assert (got is Status.OVERDUE) is (today > current)
    assert (got is Status.EXTENDED) is (today <= current and shift > 0)


# --- share of work finished early ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("statuses", "share"),
    [
        ([], None),
        ([Status.NOT_DUE, Status.OVERDUE, Status.EXTENDED, Status.IN_PROGRESS], None),
        ([Status.DONE_EARLY], 1.0),
        ([Status.DONE_LATE], 0.0),
        ([Status.DONE_EARLY, Status.DONE_LATE], 0.5),
        ([Status.DONE_EARLY, Status.DONE_ON_TIME, Status.DONE_ON_TIME], 1 / 3),
        ([Status.DONE_EARLY] * 3 + [Status.DONE_ON_TIME] * 7, 0.3),
        ([Status.DONE_EARLY] * 3 + [Status.DONE_ON_TIME] * 7 + [Status.OVERDUE] * 5, 0.3),
        (["done_early", "done_on_time", "not_due"], 0.5),  # stored strings work too
        (iter([Status.DONE_EARLY, Status.DONE_EARLY]), 1.0),  # any iterable, read once
    ],
)
def test_early_share(statuses, share):
    got = early_share(statuses)
    assert got == pytest.approx(share) if share is not None else got is None


@given(st.lists(st.sampled_from(list(Status))))
def test_early_share_is_early_over_done(statuses):
    done = [s for s in statuses if s in DONE]
    got = early_share(statuses)
    if not done:
        assert got is None
    else:
        assert 0.0 <= got <= 1.0
        assert got == statuses.count(Status.DONE_EARLY) / len(done)


# --- attainment of a target --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("op", "target", "measured", "expected"),
    [
        (">=", 70, 75, Attainment.MET),
        (">=", 70, 70, Attainment.MET),
        (">=", 70, 69.99, Attainment.NOT_MET),
        (">=", Decimal("90.0000"), Decimal("90"), Attainment.MET),
        (">=", 90, Decimal("85.67"), Attainment.NOT_MET),
        (">", 30, 30, Attainment.NOT_MET),
        (">", 30, 30.01, Attainment.MET),
        (">", 90, 91, Attainment.MET),
        ("=", 100, 100, Attainment.MET),
        ("=", 100, Decimal("100.0000"), Attainment.MET),
        ("=", Decimal("100.0000"), 100.0, Attainment.MET),
        ("=", 100, 99.9, Attainment.NOT_MET),
        ("=", 0, 0, Attainment.MET),  # "Không có … bị xử lý kỷ luật"
        ("=", 0, 1, Attainment.NOT_MET),
        ("<=", 8, 8, Attainment.MET),  # "không quá 8 giờ làm việc"
        ("<=", 8, 9, Attainment.NOT_MET),
        ("<", 10, 9.99, Attainment.MET),
        ("<", 10, 10, Attainment.NOT_MET),
        (">=", 70, "75,5", Attainment.MET),  # a value typed with a decimal comma
        (">=", 70, " 71 ", Attainment.MET),
        (" >= ", 70, 71, Attainment.MET),
        (">=", 70, None, Attainment.NO_DATA),
        (">=", 70, "", Attainment.NO_DATA),
        (">=", 70, "chưa có", Attainment.NO_DATA),
        (">=", 70, float("nan"), Attainment.NO_DATA),
        (">=", 70, True, Attainment.NO_DATA),
        (">=", None, 70, Attainment.NO_DATA),
    ],
)
def test_attainment(op, target, measured, expected):
    got = attainment(op, target, measured)
    assert got is expected
    assert got == expected.value  # a plain string for templates and JSON


@pytest.mark.parametrize(
    ("member", "value", "label"),
    [
        (Attainment.MET, "dat", "đạt"),
        (Attainment.NOT_MET, "khong_dat", "không đạt"),
        (Attainment.NO_DATA, "chua_co_so_lieu", "chưa có số liệu"),
    ],
)
def test_attainment_labels(member, value, label):
    assert (member.value, member.label) == (value, label)


@pytest.mark.parametrize("op", ["", "≥", "=>", "~", None])
def test_attainment_refuses_an_unknown_comparator(op):
    with pytest.raises(ValueError):
        attainment(op, 70, 75)


_numbers = st.decimals(min_value=-1000, max_value=1000, allow_nan=False, places=2)


@given(target=_numbers, measured=_numbers)
def test_attainment_complements(target, measured):
    met = Attainment.MET
    assert (attainment(">=", target, measured) is met) is (attainment("<", target, measured) is not met)
    assert (attainment(">", target, measured) is met) is (attainment("<=", target, measured) is not met)
    assert (attainment("=", target, measured) is met) is (measured == target)


# --- the headline rates -------------------------------------------------------------------------

RATE_CASES = [
    # counts per status, on-time rate, early share
    ({}, None, None),
    ({"not_due": 5, "in_progress": 2}, None, None),
    ({"done_early": 2, "done_on_time": 2}, 1.0, 0.5),
    # the defect of issue 8: everything finished was on time, but 239 are overdue
    ({"done_on_time": 10, "overdue": 239}, 10 / 249, 0.0),
    ({"done_late": 3, "overdue": 1}, 0.0, 0.0),
    ({"done_early": 1, "done_on_time": 1, "done_late": 1, "overdue": 1, "extended": 4}, 0.5, 1 / 3),
    ({"overdue": 7}, 0.0, None),
    # a plan imported late: what was due before its tracking start weighs in nothing
    ({"not_tracked": 400, "done_on_time": 1, "overdue": 1}, 0.5, 0.0),
    ({"not_tracked": 12}, None, None),
]


@pytest.mark.parametrize(("counts", "on_time", "early"), RATE_CASES)
def test_rates(counts, on_time, early):
    r = rates(counts)
    assert r.total == sum(n for s, n in counts.items() if s != Status.NOT_TRACKED)
    assert r.on_time_rate == (pytest.approx(on_time) if on_time is not None else None)
    assert r.early_share == (pytest.approx(early) if early is not None else None)
    assert r.fallen_due == r.done + r.overdue
    assert r.open == r.total - r.done
