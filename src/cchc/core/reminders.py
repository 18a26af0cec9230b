"""Who is chased, about what, and on which day: the reminder rules (pure, no Django).

Given one obligation's facts, the department's rules, today and the working calendar,
:func:`reminders_due` says which reminders go out today. The shell (``cchc.chasing``)
turns each (reminder, recipient) into an outbox row under a unique key that carries the
reminder's *scheduled* day, so running a day's pass twice, or catching up a missed day,
never sends the same reminder twice.

The ladder of an obligation due on D (``current_due``: an approved extension moves it, and
with it every stage below, so an extended obligation is chased again toward its new date):

``before:N``
    N working days before D, for each N of ``remind_before_days`` (default 7 and 1),
    to the unit's head and staff.
``due``
    on D (to the unit's head and staff); when D is a day off, on the last working day
    before it (then it replaces ``before:1``, which would fall on the same day).
``overdue``, ``overdue:2``, ``overdue:3`` …
    the first working day after D, to the unit head; then again every 7 days (on the
    next working day when that day is off) while the obligation stays open. Decision: the
    repeat keeps an overdue item in front of the one person who can finish it; the weekly
    cap bounds the noise, and the leadership sees overdue work in the weekly digest
    instead of by repeated escalations.
``escalate``
    ``escalate_after_days`` working days after D (at least 1), once, to the Office's
    coordinators and the leadership. An obligation created after that day (a plan imported
    late, a period added afterwards) is escalated on the first working day from its
    creation instead: a backlog is escalated once, never skipped (see ``escalation_day``).
``stale``
    an open obligation whose work has started, not yet past due, with no update for
    ``stale_after_days`` calendar days: the unit head is warned on that day (the next
    working day when it is off), once per stale stretch (a new update starts a new stretch). Past the
    due date the overdue ladder does the chasing, so no stale warning is added there.

Catch-up: a stage goes out on its scheduled day, or, when no pass finished that day (the
worker was down), on a later day up to ``grace_days`` calendar days later, unless the next
stage of the same ladder has started. The shell passes the day of the last finished pass
as ``since``, so in steady state a pass reads only what is scheduled for today.

Recipients: the warnings before and on the due date and the stale warning go to the unit's
people, its head and its staff (the staff draft the reports the head sends, so they are
told what falls due); the overdue reminders go to the unit's head, who answers for the
unit's work (the staff when the unit has no head); a unit with nobody is chased through the
Office's coordinators, so no obligation is chased into the void. Every reminder counts
toward each person's weekly cap (``fold``). Decision: a backlog of overdue work (a plan
imported late, a province's first pass) is chased once per person in charge, not once per
member of the unit, which keeps the outbox, and the first pass, half as large.

Only open obligations (not due, in progress, extended, overdue) are chased. Obligations
without a due date (an event not yet dated, an "external" date not yet set) are not.
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from cchc.core.status import OPEN

# Stage kinds: the values of cchc.chasing.models.Kind (the core does not import Django).
BEFORE_DUE = "before_due"
DUE_TODAY = "due_today"
OVERDUE = "overdue"
ESCALATION = "escalation"
STALE = "stale"
REPORT_CALL = "report_call"
WEEKLY_DIGEST = "weekly_digest"
PERSONAL_DIGEST = "personal_digest"

# The open statuses are the status rules' (one definition, ``core.status.OPEN``).
OPEN_STATUSES = OPEN

# Reminders count toward the weekly cap and may be folded into a person's digest; the
# report call, the digests and answers to a person's own action (review, extension) never are.
CAPPED_KINDS = frozenset({BEFORE_DUE, DUE_TODAY, OVERDUE, ESCALATION, STALE})
# Within the cap the most urgent go out first.
_URGENCY = {ESCALATION: 0, OVERDUE: 1, DUE_TODAY: 2, BEFORE_DUE: 3, STALE: 4}

UNIT = "unit"  # the unit's head and staff: those who prepare and send the report
HEADS = "heads"  # the unit's head, who answers for the unit's work
OFFICE = "office"


class Calendar(Protocol):
    """What the rules need of :class:`cchc.core.calendar.WorkCalendar`."""

    def is_working_day(self, d: date) -> bool: ...
    def next_working_day(self, d: date, *, include: bool = True) -> date: ...
    def previous_working_day(self, d: date, *, include: bool = True) -> date: ...
    def add_working_days(self, d: date, n: int) -> date: ...
    def working_days_between(self, start: date, end: date) -> int: ...


@dataclass(frozen=True, slots=True)
class Rules:
    """A department's chasing settings (``Organisation`` fields), normalised."""

    remind_before_days: tuple[int, ...] = (7, 1)
    escalate_after_days: int = 3
    stale_after_days: int = 14  # 0: no stale warnings
    overdue_repeat_days: int = 7  # 0: one overdue reminder only
    grace_days: int = 3

    @classmethod
    def of(
        cls,
        remind_before_days: Iterable[int] | None = (7, 1),
        escalate_after_days: int = 3,
        stale_after_days: int = 14,
        **extra: int,
    ) -> Rules:
        """Cleans what the Office typed: distinct positive day counts, largest first."""
        before = tuple(sorted({int(n) for n in (remind_before_days or ()) if int(n) > 0}, reverse=True))
        return cls(
            remind_before_days=before,
            escalate_after_days=max(1, int(escalate_after_days)),
            stale_after_days=max(0, int(stale_after_days)),
            **extra,
        )


@dataclass(frozen=True, slots=True)
class Recipients:
    """User ids: the obligation's unit (heads, staff) and the department's Office and leadership."""

    unit_heads: tuple[int, ...] = ()
    unit_staff: tuple[int, ...] = ()
    coordinators: tuple[int, ...] = ()
    leaders: tuple[int, ...] = ()

    def for_audience(self, audience: str) -> tuple[int, ...]:
        if audience == OFFICE:
            return tuple(sorted(set(self.coordinators) | set(self.leaders)))
        if audience == HEADS:
            return tuple(sorted(set(self.unit_heads or self.unit_staff or self.coordinators)))
        unit = set(self.unit_heads) | set(self.unit_staff)
        return tuple(sorted(unit or set(self.coordinators)))


@dataclass(frozen=True, slots=True)
class Facts:
    """What the rules read of one obligation (dates are local dates)."""

    obligation_id: int
    status: str
    current_due: date | None
    last_activity: date | None = None
    period_start: date | None = None
    created: date | None = None

    @property
    def stale_base(self) -> date | None:
        """The day the current quiet stretch began: the last update, or the start of the work."""
        days = [d for d in (self.last_activity, self.period_start, self.created) if d is not None]
        return max(days) if days else None


@dataclass(frozen=True, slots=True)
class Stage:
    stage: str  # "before:7", "due", "overdue", "overdue:2", "escalate", "stale"
    kind: str
    on: date  # the scheduled day: part of the outbox key
    audience: str


@dataclass(frozen=True, slots=True)
class Reminder:
    stage: str
    recipients: tuple[int, ...]
    kind: str
    on: date


# --- The ladders -----------------------------------------------------------------------------


def unit_ladder(due: date, rules: Rules, cal: Calendar) -> list[Stage]:
    """The unit's stages up to the first overdue reminder, one per day, in date order."""
    stages = [
        Stage(f"before:{n}", BEFORE_DUE, cal.add_working_days(due, -n), UNIT)
        for n in rules.remind_before_days
    ]
    stages.append(Stage("due", DUE_TODAY, cal.previous_working_day(due), UNIT))
    stages.append(Stage("overdue", OVERDUE, cal.add_working_days(due, 1), HEADS))
    # Two stages on one day (a due date on a day off): the later, more urgent one wins.
    by_day: dict[date, Stage] = {}
    for s in stages:
        by_day[s.on] = s
    return sorted(by_day.values(), key=lambda s: s.on)


def _overdue_repeat(due: date, today: date, rules: Rules, cal: Calendar) -> tuple[Stage, date | None] | None:
    """The latest overdue repeat scheduled on or before today, and the next one's day."""
    first = cal.add_working_days(due, 1)
    if rules.overdue_repeat_days <= 0 or today < first:
        return None
    step = rules.overdue_repeat_days
    k = (today - first).days // step
    while k >= 1:
        on = cal.next_working_day(first + timedelta(days=step * k))
        if on <= today:
            nxt = cal.next_working_day(first + timedelta(days=step * (k + 1)))
            return Stage(f"overdue:{k + 1}", OVERDUE, on, HEADS), nxt
        k -= 1
    return None


def catch_up_from(today: date, rules: Rules, since: date | None = None) -> date:
    """The first scheduled day a pass on ``today`` still sends: the day of the last pass that
    finished (``since``), at most ``grace_days`` back. In steady state it is today itself, so
    a pass reads only what is scheduled today."""
    floor = today - timedelta(days=max(0, rules.grace_days))
    return floor if since is None else min(today, max(floor, since))


def _fires(on: date, today: date, next_on: date | None, lo: date) -> bool:
    if not lo <= on <= today:
        return False
    return next_on is None or today < next_on


def escalation_day(due: date, rules: Rules, cal: Calendar, created: date | None = None) -> date:
    """The day an overdue obligation is escalated to the Office and the leadership:
    ``escalate_after_days`` working days after ``due``; for an obligation created after that
    day (a plan imported late), the first working day from its creation. So a backlog is
    escalated once, the day it arrives, instead of never."""
    day = cal.add_working_days(due, max(1, rules.escalate_after_days))
    if created is not None and created > day:
        return cal.next_working_day(created)
    return day


def unit_stage_today(
    due: date, today: date, rules: Rules, cal: Calendar, since: date | None = None
) -> list[Stage]:
    """The stage of the unit's ladder (before, due, overdue, its repeats) that goes out today."""
    lo = catch_up_from(today, rules, since)
    repeat = _overdue_repeat(due, today, rules, cal)
    if repeat is not None:
        stage, nxt = repeat
        return [stage] if _fires(stage.on, today, nxt, lo) else []
    ladder = unit_ladder(due, rules, cal)
    first_repeat = None
    if rules.overdue_repeat_days > 0:
        first_repeat = cal.next_working_day(ladder[-1].on + timedelta(days=rules.overdue_repeat_days))
    for i, s in enumerate(ladder):
        nxt = ladder[i + 1].on if i + 1 < len(ladder) else first_repeat
        if _fires(s.on, today, nxt, lo):
            return [s]
    return []


def escalation_stage_today(
    due: date,
    today: date,
    rules: Rules,
    cal: Calendar,
    since: date | None = None,
    created: date | None = None,
) -> Stage | None:
    esc = escalation_day(due, rules, cal, created)
    if _fires(esc, today, None, catch_up_from(today, rules, since)):
        return Stage("escalate", ESCALATION, esc, OFFICE)
    return None


def ladder_stage_today(
    due: date,
    today: date,
    rules: Rules,
    cal: Calendar,
    since: date | None = None,
    created: date | None = None,
) -> list[Stage]:
    """The stages of the due-date ladders (unit and escalation) that go out today; without
    ``created``, the escalation on its day after the due date."""
    out = unit_stage_today(due, today, rules, cal, since)
    esc = escalation_stage_today(due, today, rules, cal, since, created)
    if esc is not None:
        out.append(esc)
    return out


def stale_stage_today(
    facts: Facts, today: date, rules: Rules, cal: Calendar, since: date | None = None
) -> Stage | None:
    base = facts.stale_base
    if rules.stale_after_days <= 0 or base is None or facts.current_due is None:
        return None
    if today > facts.current_due:
        return None
    on = cal.next_working_day(base + timedelta(days=rules.stale_after_days))
    if not _fires(on, today, None, catch_up_from(today, rules, since)):
        return None
    # The scheduled day identifies the stretch: a later stretch cannot be warned on the same day.
    return Stage("stale", STALE, on, UNIT)


def reminders_due(
    facts: Facts,
    people: Recipients,
    rules: Rules,
    today: date,
    cal: Calendar,
    since: date | None = None,
    ladders: dict[date, list[Stage]] | None = None,
    escalations: dict[tuple[date, date | None], Stage | None] | None = None,
) -> list[Reminder]:
    """The reminders of one obligation that go out today (empty for a closed obligation).

    ``since``: the day of the last pass that finished; stages scheduled from that day to
    today are sent (at most ``grace_days`` back). None: the whole grace window.
    ``ladders``: a pass's memo of ``unit_stage_today`` by due date (the same rules, day and
    calendar for every obligation of a department); ``escalations``: its memo of the
    escalation by due date and creation day.
    """
    if facts.status not in OPEN_STATUSES or facts.current_due is None:
        return []
    due = facts.current_due
    found = ladders.get(due) if ladders is not None else None
    if found is None:
        found = unit_stage_today(due, today, rules, cal, since)
        if ladders is not None:
            ladders[due] = found
    stages = list(found)
    key = (due, facts.created)
    if escalations is not None and key in escalations:
        esc = escalations[key]
    else:
        esc = escalation_stage_today(due, today, rules, cal, since, facts.created)
        if escalations is not None:
            escalations[key] = esc
    if esc is not None:
        stages.append(esc)
    stale = stale_stage_today(facts, today, rules, cal, since)
    if stale is not None:
        stages.append(stale)
    out = []
    for s in stages:
        recipients = people.for_audience(s.audience)
        if recipients:
            out.append(Reminder(stage=s.stage, recipients=recipients, kind=s.kind, on=s.on))
    return out


# --- Narrowing the database query ---------------------------------------------------------------


def due_dates_firing(
    today: date, earliest: date, rules: Rules, cal: Calendar, since: date | None = None
) -> list[date]:
    """Every due date from ``earliest`` on for which some ladder stage goes out today.

    The shell selects only obligations due on these days (plus the stale ones), so a pass
    reads the handful of obligations that have something to say today, not all of them.
    """
    horizon = max(rules.remind_before_days, default=0) + 1
    last = cal.add_working_days(today, horizon) + timedelta(days=rules.grace_days + 10)
    out = []
    d = earliest
    while d <= last:
        if ladder_stage_today(d, today, rules, cal, since):
            out.append(d)
        d += timedelta(days=1)
    return out


def late_escalations_since(today: date, rules: Rules, cal: Calendar, since: date | None = None) -> date:
    """The earliest creation day whose late escalation (see ``escalation_day``) can go out
    today. The shell reads the obligations created from that day on, past due, besides
    those ``due_dates_firing`` selects: a plan imported late is escalated the day it
    arrives, and an old backlog is never read again."""
    lo = catch_up_from(today, rules, since)
    first = lo
    for _ in range(60):  # a break of days off before ``lo`` escalates on ``lo`` too
        if cal.next_working_day(first - timedelta(days=1)) < lo:
            break
        first -= timedelta(days=1)
    return first


def stale_bases_firing(today: date, rules: Rules, cal: Calendar, since: date | None = None) -> list[date]:
    """The stale-stretch start days whose warning goes out today."""
    if rules.stale_after_days <= 0:
        return []
    lo = catch_up_from(today, rules, since)
    out = []
    d = today - timedelta(days=rules.stale_after_days + rules.grace_days + 15)
    while d <= today:
        on = cal.next_working_day(d + timedelta(days=rules.stale_after_days))
        if _fires(on, today, None, lo):
            out.append(d)
        d += timedelta(days=1)
    return out


def date_ranges(days: Iterable[date]) -> list[tuple[date, date]]:
    """Consecutive days merged into inclusive ranges (for index-friendly ``BETWEEN`` filters)."""
    out: list[tuple[date, date]] = []
    for d in sorted(set(days)):
        if out and d == out[-1][1] + timedelta(days=1):
            out[-1] = (out[-1][0], d)
        else:
            out.append((d, d))
    return out


# --- The weekly cap ---------------------------------------------------------------------------


def fold[T](
    messages_for_person: Sequence[T], already_sent_this_week: int, cap: int
) -> tuple[list[T], list[T]]:
    """(send, fold): at most ``cap`` individual messages a week; the rest wait for the digest.

    ``messages_for_person`` is in the order to send (see :func:`urgency`); a cap of 0 folds
    everything into the digest.
    """
    room = max(0, cap - max(0, already_sent_this_week))
    return list(messages_for_person[:room]), list(messages_for_person[room:])


def urgency(kind: str) -> int:
    """Sort key: escalations and overdue reminders before early warnings."""
    return _URGENCY.get(kind, 9)


def week_start(d: date) -> date:
    """Monday of ``d``'s week: the cap counts Monday to Sunday."""
    return d - timedelta(days=d.weekday())


# --- The monthly call for reports and the weekly digest --------------------------------------------


def report_call_day(year: int, month: int, reporting_day: int, cal: Calendar) -> date:
    """The day units are called to report in a month: the reporting day (the 25th), or the
    last day of a short month, or, when that day is off, the working day before it, so the
    call always lands on a day people are at work, never after the day the plan set."""
    last = _calendar.monthrange(year, month)[1]
    return cal.previous_working_day(date(year, month, min(max(1, reporting_day), last)))


def _add_month(year: int, month: int, n: int) -> tuple[int, int]:
    m = year * 12 + (month - 1) + n
    return m // 12, m % 12 + 1


def report_call_due(today: date, reporting_day: int, rules: Rules, cal: Calendar) -> tuple[str, date] | None:
    """("YYYY-MM", call day) when a monthly call goes out today (with catch-up), else None."""
    for n in (0, 1):  # a call moved back to the previous working day may fall in the month before
        y, m = _add_month(today.year, today.month, n)
        on = report_call_day(y, m, reporting_day, cal)
        if _fires(on, today, None, catch_up_from(today, rules)):
            return f"{y:04d}-{m:02d}", on
    return None


def report_cycle(year: int, month: int, reporting_day: int, cal: Calendar) -> tuple[date, date]:
    """[start, end): the days whose reports answer the call of this month.

    A report answers the call nearest to it: the cycle runs from halfway after the
    previous month's call to halfway before the next one (ties go to the later call). So a
    unit that reports a few days before the 25th, or a few days late, is counted for this
    month, and no report counts for two months.
    """
    prev = report_call_day(*_add_month(year, month, -1), reporting_day, cal)
    this = report_call_day(year, month, reporting_day, cal)
    nxt = report_call_day(*_add_month(year, month, 1), reporting_day, cal)
    start = prev + timedelta(days=((this - prev).days + 1) // 2)
    end = this + timedelta(days=((nxt - this).days + 1) // 2)
    return start, end


def digest_day(today: date, weekday: int, cal: Calendar) -> date | None:
    """The digest day of ``today``'s week: the set weekday, or the working day before it in
    the same week when it is off (Friday during Tết); None when the whole week is off."""
    monday = week_start(today)
    target = monday + timedelta(days=min(max(0, weekday), 6))
    d = target
    while d >= monday:
        if cal.is_working_day(d):
            return d
        d -= timedelta(days=1)
    return None


def digest_due(now: datetime, weekday: int, hour: int, rules: Rules, cal: Calendar) -> date | None:
    """The digest day when the weekly digest goes out at ``now`` (local, naive or aware), else None."""
    today = now.date()
    day = digest_day(today, weekday, cal)
    if day is None or today < day or (today == day and now.hour < hour):
        return None
    if (today - day).days > rules.grace_days or week_start(today) != week_start(day):
        return None
    return day
