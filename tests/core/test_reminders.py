"""The reminder rules (pure): tables of cases on the Vietnamese calendar, Tết and make-up
Saturdays included. Defaults: remind 7 and 1 working days before, escalate 3 working days
after, stale after 14 days, overdue repeated weekly, 3 days of catch-up."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from cchc.core.calendar import DayOverride, WorkCalendar
from cchc.core.reminders import (
    Facts,
    Recipients,
    Reminder,
    Rules,
    date_ranges,
    digest_day,
    digest_due,
    due_dates_firing,
    escalation_day,
    fold,
    ladder_stage_today,
    late_escalations_since,
    reminders_due,
    report_call_day,
    report_call_due,
    report_cycle,
    stale_bases_firing,
    unit_ladder,
    urgency,
    week_start,
)
from cchc.core.status import early_ratio

CAL = WorkCalendar()
RULES = Rules()
D = date
PEOPLE = Recipients(unit_heads=(11,), unit_staff=(21, 22), coordinators=(31,), leaders=(41, 31))
UNIT = (11, 21, 22)  # the unit's head and staff: the staff draft what the head sends


def stages(due: date, today: date, rules: Rules = RULES) -> list[tuple[str, date]]:
    return [(s.stage, s.on) for s in ladder_stage_today(due, today, rules, CAL)]


# --- The due-date ladders: which stage goes out on which day ------------------------------------

# Due Wed 18/3/2026, an ordinary week: before:7 Mon 9/3, before:1 Tue 17/3, due 18/3,
# overdue Thu 19/3, escalate Mon 23/3, repeats Thu 26/3 and Thu 2/4.
MARCH = D(2026, 3, 18)


@pytest.mark.parametrize(
    ("due", "today", "expected", "why"),
    [
        (MARCH, D(2026, 3, 6), [], "too early"),
        (MARCH, D(2026, 3, 9), [("before:7", D(2026, 3, 9))], "7 working days before"),
        (MARCH, D(2026, 3, 10), [("before:7", D(2026, 3, 9))], "caught up a day later, same key"),
        (MARCH, D(2026, 3, 12), [("before:7", D(2026, 3, 9))], "caught up 3 days later"),
        (MARCH, D(2026, 3, 13), [], "catch-up window over"),
        (MARCH, D(2026, 3, 16), [], "between stages"),
        (MARCH, D(2026, 3, 17), [("before:1", D(2026, 3, 17))], "1 working day before"),
        (MARCH, D(2026, 3, 18), [("due", D(2026, 3, 18))], "on the due date"),
        (MARCH, D(2026, 3, 19), [("overdue", D(2026, 3, 19))], "first working day after"),
        (MARCH, D(2026, 3, 20), [("overdue", D(2026, 3, 19))], "overdue caught up"),
        (MARCH, D(2026, 3, 22), [("overdue", D(2026, 3, 19))], "caught up on a Sunday pass"),
        (MARCH, D(2026, 3, 23), [("escalate", D(2026, 3, 23))], "3 working days after: escalate"),
        (MARCH, D(2026, 3, 24), [("escalate", D(2026, 3, 23))], "escalation caught up"),
        (MARCH, D(2026, 3, 25), [("escalate", D(2026, 3, 23))], "escalation caught up"),
        (
            MARCH,
            D(2026, 3, 26),
            [("overdue:2", D(2026, 3, 26)), ("escalate", D(2026, 3, 23))],
            "weekly repeat and the last catch-up day of the escalation",
        ),
        (MARCH, D(2026, 3, 27), [("overdue:2", D(2026, 3, 26))], "repeat caught up"),
        (MARCH, D(2026, 3, 30), [], "repeat window over"),
        (MARCH, D(2026, 4, 2), [("overdue:3", D(2026, 4, 2))], "third overdue reminder"),
        (MARCH, D(2026, 6, 4), [("overdue:12", D(2026, 6, 4))], "still chased after months"),
        # Tết 2026 (Mon 16/2 – Fri 20/2 off): due Mon 23/2, the first day back.
        (D(2026, 2, 23), D(2026, 2, 5), [("before:7", D(2026, 2, 5))], "7 working days before, across Tết"),
        (D(2026, 2, 23), D(2026, 2, 13), [("before:1", D(2026, 2, 13))], "the day before is before Tết"),
        (D(2026, 2, 23), D(2026, 2, 16), [("before:1", D(2026, 2, 13))], "a pass during Tết catches up"),
        (D(2026, 2, 23), D(2026, 2, 17), [], "catch-up window over during Tết"),
        (D(2026, 2, 23), D(2026, 2, 23), [("due", D(2026, 2, 23))], "due on the first day back"),
        (
            D(2026, 2, 23),
            D(2026, 2, 26),
            [("overdue", D(2026, 2, 24)), ("escalate", D(2026, 2, 26))],
            "escalated 3 working days after; the overdue reminder is still in its catch-up days",
        ),
        # A due date inside Tết (Wed 18/2/2026): "due" on the last working day before, which
        # replaces before:1; overdue on the first day back.
        (D(2026, 2, 18), D(2026, 2, 13), [("due", D(2026, 2, 13))], "due date off: due stage the day before"),
        (D(2026, 2, 18), D(2026, 2, 12), [], "no before:1 (it fell on the due stage's day)"),
        (D(2026, 2, 18), D(2026, 2, 23), [("overdue", D(2026, 2, 23))], "overdue the first day back"),
        (
            D(2026, 2, 18),
            D(2026, 2, 25),
            [("overdue", D(2026, 2, 23)), ("escalate", D(2026, 2, 25))],
            "escalated 3 working days after",
        ),
        # Make-up Saturday 22/8/2026 (worked; Mon 31/8 off in exchange).
        (D(2026, 8, 24), D(2026, 8, 22), [("before:1", D(2026, 8, 22))], "before:1 on the make-up Saturday"),
        (D(2026, 8, 24), D(2026, 8, 14), [("before:7", D(2026, 8, 14))], "the make-up Saturday counts"),
        (D(2026, 8, 21), D(2026, 8, 22), [("overdue", D(2026, 8, 22))], "overdue on the make-up Saturday"),
        (
            D(2026, 8, 21),
            D(2026, 8, 25),
            [("overdue", D(2026, 8, 22)), ("escalate", D(2026, 8, 25))],
            "escalation counts the Saturday",
        ),
        (D(2026, 8, 21), D(2026, 9, 3), [("overdue:2", D(2026, 9, 3))], "repeat pushed past 31/8, 1–2/9"),
        (D(2026, 8, 28), D(2026, 8, 31), [("due", D(2026, 8, 28))], "31/8 off: the due reminder caught up"),
        (D(2026, 8, 28), D(2026, 9, 1), [], "1/9 off: not yet overdue, catch-up over"),
        (D(2026, 8, 28), D(2026, 9, 3), [("overdue", D(2026, 9, 3))], "overdue after the National Day break"),
        (D(2026, 8, 28), D(2026, 9, 7), [("escalate", D(2026, 9, 7))], "escalated after the break"),
        # Tết 2025 (27/1 – 31/1 off) and the 2025 make-up Saturday 26/4 (2/5 off).
        (D(2025, 2, 3), D(2025, 1, 24), [("before:1", D(2025, 1, 24))], "before:1 before Tết 2025"),
        (D(2025, 2, 3), D(2025, 1, 16), [("before:7", D(2025, 1, 16))], "before:7 across Tết 2025"),
        (D(2025, 2, 3), D(2025, 1, 27), [("before:1", D(2025, 1, 24))], "caught up in Tết 2025"),
        (D(2025, 4, 28), D(2025, 4, 26), [("before:1", D(2025, 4, 26))], "make-up Saturday 26/4/2025"),
        (D(2025, 4, 29), D(2025, 4, 21), [("before:7", D(2025, 4, 21))], "the 2025 Saturday counts"),
        (D(2025, 4, 29), D(2025, 5, 5), [("overdue", D(2025, 5, 5))], "30/4, 1/5, 2/5 off"),
        (
            D(2025, 4, 29),
            D(2025, 5, 7),
            [("overdue", D(2025, 5, 5)), ("escalate", D(2025, 5, 7))],
            "escalated after the break",
        ),
        (D(2025, 4, 8), D(2025, 4, 4), [("before:1", D(2025, 4, 4))], "Hùng Kings' day 7/4/2025 skipped"),
    ],
)
def test_ladder(due, today, expected, why):
    assert stages(due, today) == expected, why


@pytest.mark.parametrize(
    ("rules", "due", "today", "expected"),
    [
        (Rules(grace_days=0), MARCH, D(2026, 3, 10), []),
        (Rules(grace_days=0), MARCH, D(2026, 3, 9), [("before:7", D(2026, 3, 9))]),
        (Rules(overdue_repeat_days=0), MARCH, D(2026, 3, 26), [("escalate", D(2026, 3, 23))]),
        (Rules(overdue_repeat_days=0), MARCH, D(2026, 4, 2), []),
        (Rules.of([14, 7, 1]), MARCH, D(2026, 2, 26), [("before:14", D(2026, 2, 26))]),
        (Rules.of([3]), MARCH, D(2026, 3, 13), [("before:3", D(2026, 3, 13))]),
        (Rules.of([3]), MARCH, D(2026, 3, 17), []),  # no before:1 configured
        (Rules.of([]), MARCH, D(2026, 3, 18), [("due", D(2026, 3, 18))]),
        (
            Rules.of([7, 1], escalate_after_days=1),
            MARCH,
            D(2026, 3, 19),
            [("overdue", D(2026, 3, 19)), ("escalate", D(2026, 3, 19))],
        ),
        (
            Rules.of([7, 1], escalate_after_days=0),
            MARCH,
            D(2026, 3, 19),
            [("overdue", D(2026, 3, 19)), ("escalate", D(2026, 3, 19))],
        ),
        (Rules.of([7, 1], escalate_after_days=10), MARCH, D(2026, 4, 1), [("escalate", D(2026, 4, 1))]),
    ],
)
def test_ladder_settings(rules, due, today, expected):
    assert stages(due, today, rules) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ([7, 1], (7, 1)),
        ([1, 7, 7], (7, 1)),
        ([14, 0, -3, 2], (14, 2)),
        (None, ()),
        ([], ()),
    ],
)
def test_rules_clean_what_the_office_typed(typed, expected):
    assert Rules.of(typed).remind_before_days == expected


def test_unit_ladder_is_one_stage_a_day_in_date_order():
    ladder = unit_ladder(D(2026, 2, 18), RULES, CAL)
    assert [(s.stage, s.on) for s in ladder] == [
        ("before:7", D(2026, 2, 5)),
        ("due", D(2026, 2, 13)),
        ("overdue", D(2026, 2, 23)),
    ]


# --- Whole obligations: status, recipients, staleness ---------------------------------------------


JAN_5 = D(2026, 1, 5)


def facts(status="in_progress", due=MARCH, last=None, start=None, created=JAN_5):
    return Facts(1, status, due, last_activity=last, period_start=start, created=created)


@pytest.mark.parametrize(
    ("f", "today", "people", "expected"),
    [
        (facts(), D(2026, 3, 9), PEOPLE, [Reminder("before:7", UNIT, "before_due", D(2026, 3, 9))]),
        (
            facts("not_due"),
            D(2026, 3, 17),
            PEOPLE,
            [Reminder("before:1", UNIT, "before_due", D(2026, 3, 17))],
        ),
        (facts("extended"), D(2026, 3, 18), PEOPLE, [Reminder("due", UNIT, "due_today", D(2026, 3, 18))]),
        # Overdue: the head answers for it (not every member of the unit).
        (facts("overdue"), D(2026, 3, 19), PEOPLE, [Reminder("overdue", (11,), "overdue", D(2026, 3, 19))]),
        (
            facts("overdue"),
            D(2026, 4, 2),
            Recipients(unit_staff=(22, 21), coordinators=(31,)),
            [Reminder("overdue:3", (21, 22), "overdue", D(2026, 4, 2))],
        ),
        (
            facts("overdue"),
            D(2026, 3, 19),
            Recipients(coordinators=(31,)),
            [Reminder("overdue", (31,), "overdue", D(2026, 3, 19))],
        ),
        (
            facts("overdue"),
            D(2026, 3, 23),
            PEOPLE,
            [Reminder("escalate", (31, 41), "escalation", D(2026, 3, 23))],
        ),
        (facts("done_early"), D(2026, 3, 17), PEOPLE, []),
        (facts("done_on_time"), D(2026, 3, 18), PEOPLE, []),
        (facts("done_late"), D(2026, 3, 23), PEOPLE, []),
        (facts(due=None), D(2026, 3, 17), PEOPLE, []),
        # No unit head: the unit's staff; nobody in the unit: the Office.
        (
            facts(),
            D(2026, 3, 17),
            Recipients(unit_staff=(22, 21), coordinators=(31,)),
            [Reminder("before:1", (21, 22), "before_due", D(2026, 3, 17))],
        ),
        (
            facts(),
            D(2026, 3, 17),
            Recipients(unit_heads=(11,), coordinators=(31,)),
            [Reminder("before:1", (11,), "before_due", D(2026, 3, 17))],
        ),
        (
            facts(),
            D(2026, 3, 17),
            Recipients(coordinators=(31,)),
            [Reminder("before:1", (31,), "before_due", D(2026, 3, 17))],
        ),
        (facts(), D(2026, 3, 17), Recipients(), []),
        (facts("overdue"), D(2026, 3, 23), Recipients(unit_heads=(11,)), []),  # no Office, no leadership
        # Stale: no update for 14 days, warned the first working day after, once per stretch.
        (
            facts(due=D(2026, 4, 30), last=D(2026, 3, 2)),
            D(2026, 3, 16),
            PEOPLE,
            [Reminder("stale", UNIT, "stale", D(2026, 3, 16))],
        ),
        (
            facts(due=D(2026, 4, 30), last=D(2026, 3, 2)),
            D(2026, 3, 19),
            PEOPLE,
            [Reminder("stale", UNIT, "stale", D(2026, 3, 16))],
        ),
        (facts(due=D(2026, 4, 30), last=D(2026, 3, 2)), D(2026, 3, 20), PEOPLE, []),
        (facts(due=D(2026, 4, 30), last=D(2026, 3, 2)), D(2026, 3, 13), PEOPLE, []),
        (facts(due=D(2026, 4, 30), last=D(2026, 3, 10)), D(2026, 3, 16), PEOPLE, []),  # updated since
        (
            facts(due=D(2026, 4, 30), last=D(2026, 3, 1), start=D(2026, 3, 5)),
            D(2026, 3, 19),
            PEOPLE,
            [Reminder("stale", UNIT, "stale", D(2026, 3, 19))],
        ),
        (
            facts(due=D(2026, 4, 30), last=None, start=None, created=D(2026, 3, 6)),
            D(2026, 3, 20),
            PEOPLE,
            [Reminder("stale", UNIT, "stale", D(2026, 3, 20))],
        ),
        (
            facts(due=D(2026, 4, 30), last=D(2026, 2, 2)),
            D(2026, 2, 23),
            PEOPLE,
            [Reminder("stale", UNIT, "stale", D(2026, 2, 23))],
        ),  # day 14 falls in Tết: the first day back
        (facts(due=D(2026, 3, 9), last=D(2026, 2, 27)), D(2026, 3, 16), PEOPLE, []),  # past due: ladder only
        (facts("done_early", due=D(2026, 4, 30), last=D(2026, 3, 2)), D(2026, 3, 16), PEOPLE, []),
        (
            facts(due=D(2026, 3, 25), last=D(2026, 3, 2)),
            D(2026, 3, 16),
            PEOPLE,
            [
                Reminder("before:7", UNIT, "before_due", D(2026, 3, 16)),
                Reminder("stale", UNIT, "stale", D(2026, 3, 16)),
            ],
        ),
    ],
)
def test_reminders_due(f, today, people, expected):
    assert reminders_due(f, people, RULES, today, CAL) == expected


# --- Escalation of a backlog: an obligation created after its escalation day ------------------------


# MARCH (due 18/3) escalates on Mon 23/3. A plan imported later makes it exist only then.
@pytest.mark.parametrize(
    ("due", "created", "expected", "why"),
    [
        (MARCH, D(2026, 1, 5), D(2026, 3, 23), "created long before: 3 working days after the due date"),
        (MARCH, D(2026, 3, 23), D(2026, 3, 23), "created on its escalation day: that day"),
        (MARCH, D(2026, 3, 24), D(2026, 3, 24), "created the day after: the day it arrives"),
        (MARCH, D(2026, 6, 5), D(2026, 6, 5), "imported months later: escalated on import"),
        (MARCH, D(2026, 6, 6), D(2026, 6, 8), "imported on a Saturday: the Monday after"),
        (D(2026, 1, 26), D(2026, 2, 17), D(2026, 2, 23), "imported during Tết: the first day back"),
        (D(2026, 8, 10), D(2026, 8, 22), D(2026, 8, 22), "imported on the make-up Saturday: that day"),
        (MARCH, None, D(2026, 3, 23), "creation unknown: the ladder's day"),
    ],
)
def test_escalation_day(due, created, expected, why):
    assert escalation_day(due, RULES, CAL, created) == expected, why


# The late escalation goes out once, on the day the obligation arrives (or in the catch-up days).
@pytest.mark.parametrize(
    ("created", "today", "since", "expected"),
    [
        (D(2026, 6, 5), D(2026, 6, 5), None, [Reminder("escalate", (31, 41), "escalation", D(2026, 6, 5))]),
        (
            D(2026, 6, 5),
            D(2026, 6, 8),
            D(2026, 6, 4),  # no pass finished since the import: caught up
            [Reminder("escalate", (31, 41), "escalation", D(2026, 6, 5))],
        ),
        (D(2026, 6, 5), D(2026, 6, 8), D(2026, 6, 8), []),  # sent on 5/6 already
        (D(2026, 6, 5), D(2026, 6, 9), None, []),  # the catch-up days are over
        (D(2026, 6, 5), D(2026, 6, 4), None, []),  # not created yet
        (D(2026, 3, 24), D(2026, 3, 26), D(2026, 3, 26), []),  # created 24/3: its pass sent it
    ],
)
def test_a_late_plan_is_escalated_once_on_arrival(created, today, since, expected):
    f = facts("overdue", due=MARCH, created=created)
    got = [r for r in reminders_due(f, PEOPLE, RULES, today, CAL, since) if r.kind == "escalation"]
    assert got == expected


@pytest.mark.parametrize(
    ("today", "since", "expected"),
    [
        (D(2026, 6, 5), D(2026, 6, 5), D(2026, 6, 5)),  # steady state: today's arrivals
        (D(2026, 6, 8), D(2026, 6, 8), D(2026, 6, 6)),  # Monday: the weekend's arrivals too
        (D(2026, 6, 8), None, D(2026, 6, 5)),  # the catch-up days
        (D(2026, 2, 23), D(2026, 2, 23), D(2026, 2, 14)),  # the first day after Tết
    ],
)
def test_late_escalations_since(today, since, expected):
    assert late_escalations_since(today, RULES, CAL, since) == expected


@pytest.mark.parametrize("today", [D(2026, 6, 5), D(2026, 6, 8), D(2026, 2, 23), D(2026, 8, 22)])
@pytest.mark.parametrize("steady", [True, False])
def test_every_late_escalation_is_found_by_the_narrowing(today, steady):
    """Whatever its due date and creation day, an escalation that goes out today belongs to an
    obligation the pass reads: due on a day ``due_dates_firing`` lists, or created since
    ``late_escalations_since``."""
    since = today if steady else None
    earliest = D(today.year, 1, 1)
    dues = set(due_dates_firing(today, earliest, RULES, CAL, since))
    first_created = late_escalations_since(today, RULES, CAL, since)
    due = earliest
    while due < today:
        created = D(today.year, 1, 1)
        while created <= today:
            f = facts("overdue", due=due, created=created)
            if any(r.kind == "escalation" for r in reminders_due(f, PEOPLE, RULES, today, CAL, since)):
                assert due in dues or created >= first_created, (due, created)
            created = D.fromordinal(created.toordinal() + 3)
        due = D.fromordinal(due.toordinal() + 1)


# Catch-up after the last finished pass: ``since`` is that pass's day.
@pytest.mark.parametrize(
    ("due", "today", "since", "expected"),
    [
        (MARCH, D(2026, 3, 10), D(2026, 3, 10), []),  # the pass of 9/3 finished: nothing again
        (MARCH, D(2026, 3, 10), D(2026, 3, 9), [("before:7", D(2026, 3, 9))]),  # 9/3's pass broke
        (MARCH, D(2026, 3, 9), D(2026, 3, 9), [("before:7", D(2026, 3, 9))]),  # passes later that day
        (MARCH, D(2026, 3, 13), D(2026, 3, 1), []),  # never more than grace_days back
        (MARCH, D(2026, 3, 19), D(2026, 3, 16), [("overdue", D(2026, 3, 19))]),  # 17, 18 superseded
        (MARCH, D(2026, 3, 18), D(2026, 3, 16), [("due", D(2026, 3, 18))]),
        (MARCH, D(2026, 3, 26), D(2026, 3, 26), [("overdue:2", D(2026, 3, 26))]),
        (MARCH, D(2026, 3, 26), D(2026, 3, 25), [("overdue:2", D(2026, 3, 26))]),
        (
            MARCH,
            D(2026, 3, 26),
            D(2026, 3, 23),
            [("overdue:2", D(2026, 3, 26)), ("escalate", D(2026, 3, 23))],
        ),
        (D(2026, 2, 23), D(2026, 2, 16), D(2026, 2, 13), [("before:1", D(2026, 2, 13))]),  # Tết
        (D(2026, 2, 23), D(2026, 2, 16), D(2026, 2, 14), []),
    ],
)
def test_catch_up_since_the_last_pass(due, today, since, expected):
    assert [(s.stage, s.on) for s in ladder_stage_today(due, today, RULES, CAL, since)] == expected


def test_stale_off_when_zero():
    f = facts(due=D(2026, 4, 30), last=D(2026, 3, 2))
    assert reminders_due(f, PEOPLE, Rules.of([7, 1], 3, 0), D(2026, 3, 16), CAL) == []


@pytest.mark.parametrize(
    ("last", "start", "created", "expected"),
    [
        (D(2026, 3, 2), None, D(2026, 1, 1), D(2026, 3, 2)),
        (D(2026, 3, 2), D(2026, 3, 5), D(2026, 1, 1), D(2026, 3, 5)),
        (None, D(2026, 3, 5), D(2026, 3, 9), D(2026, 3, 9)),
        (None, None, None, None),
    ],
)
def test_stale_base(last, start, created, expected):
    assert Facts(1, "not_due", MARCH, last, start, created).stale_base == expected


def test_a_province_day_off_moves_the_reminder():
    cal = WorkCalendar([DayOverride(D(2026, 3, 17), False, "ngày nghỉ của tỉnh")])
    assert [(s.stage, s.on) for s in ladder_stage_today(MARCH, D(2026, 3, 16), RULES, cal)] == [
        ("before:1", D(2026, 3, 16))
    ]


# --- Narrowing: the due dates a pass has to read ------------------------------------------------------


@pytest.mark.parametrize(
    "today",
    [D(2026, 3, 9), D(2026, 3, 19), D(2026, 2, 16), D(2026, 8, 22), D(2026, 9, 3), D(2025, 1, 27)],
)
@pytest.mark.parametrize("steady", [True, False])
def test_due_dates_firing_is_exactly_the_dates_with_a_stage(today, steady):
    since = today if steady else None
    earliest = D(today.year - 1, 1, 1)
    found = set(due_dates_firing(today, earliest, RULES, CAL, since))
    d, brute = earliest, set()
    while d <= D(today.year + 1, 12, 31):
        if ladder_stage_today(d, today, RULES, CAL, since):
            brute.add(d)
        d = D.fromordinal(d.toordinal() + 1)
    assert found == brute
    if steady:
        # Stages fall on working days only; a working day's pass reads the due dates with a
        # stage today: a few per week back (those whose weekly repeat is today), not all.
        weeks = (today - earliest).days // 7 + 1
        assert (len(found) > 0) is CAL.is_working_day(today)
        if CAL.is_working_day(D.fromordinal(today.toordinal() - 1)):  # after a break, more
            assert len(found) <= 3 * weeks + 20


def test_stale_bases_firing():
    assert stale_bases_firing(D(2026, 3, 16), RULES, CAL, since=D(2026, 3, 16)) == [
        D(2026, 2, 28),
        D(2026, 3, 1),
        D(2026, 3, 2),
    ]
    bases = stale_bases_firing(D(2026, 3, 16), RULES, CAL)
    # 16/3 (Mon) warns for stretches begun 28/2 (day 14 is Sat 14/3), 1/3 and 2/3, caught up
    # for 27/2 (day 14 Fri 13/3, three days ago).
    assert bases == [D(2026, 2, 27), D(2026, 2, 28), D(2026, 3, 1), D(2026, 3, 2)]


def test_date_ranges():
    days = [D(2026, 3, 1), D(2026, 3, 3), D(2026, 3, 2), D(2026, 3, 9), D(2026, 3, 9)]
    assert date_ranges(days) == [(D(2026, 3, 1), D(2026, 3, 3)), (D(2026, 3, 9), D(2026, 3, 9))]


# --- The weekly cap ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "already", "cap", "sent", "folded"),
    [
        (3, 0, 10, 3, 0),
        (5, 8, 10, 2, 3),
        (5, 10, 10, 0, 5),
        (5, 12, 10, 0, 5),
        (4, 0, 0, 0, 4),
        (0, 3, 10, 0, 0),
        (10, 0, 10, 10, 0),
        (11, 0, 10, 10, 1),
        (2, -1, 1, 1, 1),
    ],
)
def test_fold(n, already, cap, sent, folded):
    messages = [f"m{i}" for i in range(n)]
    send, fold_ = fold(messages, already, cap)
    assert (len(send), len(fold_)) == (sent, folded)
    assert send + fold_ == messages  # order kept: the first ones are sent


def test_urgency_sends_escalations_first():
    kinds = ["stale", "before_due", "escalation", "due_today", "overdue"]
    assert sorted(kinds, key=urgency) == ["escalation", "overdue", "due_today", "before_due", "stale"]


@pytest.mark.parametrize(
    ("day", "monday"),
    [(D(2026, 3, 18), D(2026, 3, 16)), (D(2026, 3, 16), D(2026, 3, 16)), (D(2026, 3, 22), D(2026, 3, 16))],
)
def test_week_start(day, monday):
    assert week_start(day) == monday


# --- The monthly call and the weekly digest ----------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "month", "day", "expected"),
    [
        (2026, 3, 25, D(2026, 3, 25)),
        (2026, 4, 25, D(2026, 4, 24)),  # Saturday: the Friday before
        (2026, 1, 25, D(2026, 1, 23)),  # Sunday
        (2026, 2, 25, D(2026, 2, 25)),  # after Tết
        (2026, 2, 18, D(2026, 2, 13)),  # in Tết: the last working day before
        (2026, 2, 31, D(2026, 2, 27)),  # day 31 in February: the 28th, a Saturday
        (2025, 1, 28, D(2025, 1, 24)),  # Tết 2025
        (2026, 8, 22, D(2026, 8, 22)),  # the make-up Saturday is a working day
        (2026, 8, 31, D(2026, 8, 28)),  # 31/8/2026 off
    ],
)
def test_report_call_day(year, month, day, expected):
    assert report_call_day(year, month, day, CAL) == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 4, 24), ("2026-04", D(2026, 4, 24))),
        (D(2026, 4, 27), ("2026-04", D(2026, 4, 24))),  # Giỗ Tổ Monday off: caught up
        (D(2026, 4, 28), None),
        (D(2026, 4, 23), None),
        (D(2026, 1, 23), ("2026-01", D(2026, 1, 23))),
        (D(2026, 3, 25), ("2026-03", D(2026, 3, 25))),
    ],
)
def test_report_call_due(today, expected):
    assert report_call_due(today, 25, RULES, CAL) == expected


def test_report_call_moved_into_the_month_before():
    # Reporting day 1 and 1/1/2026 is off: the January call goes out on 31/12/2025.
    assert report_call_day(2026, 1, 1, CAL) == D(2025, 12, 31)
    assert report_call_due(D(2025, 12, 31), 1, RULES, CAL) == ("2026-01", D(2025, 12, 31))


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [
        (2026, 3, (D(2026, 3, 11), D(2026, 4, 9))),  # calls 25/2, 25/3, 24/4
        (2026, 4, (D(2026, 4, 9), D(2026, 5, 10))),  # calls 25/3, 24/4, 25/5
    ],
)
def test_report_cycle_answers_the_nearest_call(year, month, expected):
    assert report_cycle(year, month, 25, CAL) == expected


def test_report_cycles_do_not_overlap():
    for m in range(1, 12):
        assert report_cycle(2026, m, 25, CAL)[1] == report_cycle(2026, m + 1, 25, CAL)[0]


@pytest.mark.parametrize(
    ("today", "weekday", "expected"),
    [
        (D(2026, 3, 18), 4, D(2026, 3, 20)),
        (D(2026, 2, 18), 4, None),  # the whole week of Tết 2026 is off
        (D(2026, 4, 28), 4, D(2026, 4, 29)),  # Thu 30/4 and Fri 1/5 off: Wednesday
        (D(2025, 5, 2), 4, D(2025, 4, 29)),  # 30/4, 1/5, 2/5/2025 off: Tuesday
        (D(2026, 9, 1), 4, D(2026, 9, 4)),
        (D(2026, 8, 20), 5, D(2026, 8, 22)),  # a Saturday digest on the make-up Saturday
        (D(2026, 8, 27), 5, D(2026, 8, 28)),  # an ordinary Saturday: the Friday
    ],
)
def test_digest_day(today, weekday, expected):
    assert digest_day(today, weekday, CAL) == expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2026, 3, 20, 6, 59), None),
        (datetime(2026, 3, 20, 7, 0), D(2026, 3, 20)),
        (datetime(2026, 3, 20, 16, 0), D(2026, 3, 20)),
        (datetime(2026, 3, 21, 10, 0), D(2026, 3, 20)),  # caught up on Saturday
        (datetime(2026, 3, 23, 10, 0), None),  # a new week: its digest is on 27/3
        (datetime(2026, 3, 19, 10, 0), None),
        (datetime(2026, 2, 20, 10, 0), None),  # Tết week: no meeting, no digest
    ],
)
def test_digest_due(now, expected):
    assert digest_due(now, 4, 7, RULES, CAL) == expected


@pytest.mark.parametrize(
    ("early", "done", "expected"),
    [(3, 10, 0.3), (0, 0, None), (4, 4, 1.0), (0, 5, 0.0)],
)
def test_early_ratio(early, done, expected):
    assert early_ratio(early, done) == expected
