"""The chasing passes: decide today's reminders, then send what waits in the outbox.

``run_all(now=…)`` is what ``cchc remind --once`` and each turn of ``cchc worker`` call:
the reminders pass (every time), the monthly call for reports and the weekly digest
(when due), then the outbox is sent. Every job is safe to run twice and by two workers at
once: what it decides goes through the outbox's unique key (see ``outbox``).
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from typing import Any, cast

from django.db.models import Max, Min, Q
from django.utils import timezone

from cchc.chasing import messages
from cchc.chasing.cap import prefold
from cchc.chasing.context import (
    People,
    calendar_for,
    local_date,
    organisations,
    people_of,
    rules_for,
)
from cchc.chasing.digests import run_report_call, run_weekly_digest
from cchc.chasing.models import Notification, PassRun
from cchc.chasing.outbox import (
    INSERT_BATCH,
    Message,
    OutboxWriter,
    PassResult,
    delivery_key,
    existing_keys,
    send_pending,
)
from cchc.chasing.selectors import start_of
from cchc.core.calendar import WorkCalendar
from cchc.core.reminders import (
    Calendar,
    Facts,
    Reminder,
    Rules,
    Stage,
    catch_up_from,
    date_ranges,
    due_dates_firing,
    late_escalations_since,
    reminders_due,
    stale_bases_firing,
)
from cchc.orgs.models import Organisation, Unit
from cchc.orgs.types import User
from cchc.plans.models import Plan, Task
from cchc.tracking.models import OPEN_STATUSES, Obligation, ObligationStatus
from cchc.tracking.statuses import refresh_statuses

__all__ = [
    "PassResult",
    "mark_read",
    "open_notification",
    "run_all",
    "run_reminders",
    "run_report_call",
    "run_weekly_digest",
    "send_pending",
    "worker_name",
]

log = logging.getLogger("cchc.chasing")

_FIELDS = (
    "id",
    "organisation_id",
    "unit_id",
    "task_id",
    "plan_id",
    "status",
    "current_due",
    "due_date",
    "extended",
    "period_label",
    "period_start",
    "last_activity_at",
    "created_at",
)


# --- a person reads their notifications ---------------------------------------------------------


def mark_read(user: User, ids: Iterable[int] | None = None, *, task_id: int | None = None) -> int:
    """Mark the person's notifications read (all unread ones when ``ids`` and ``task_id`` are
    None; those about one task with ``task_id``); only their own: ids of someone else's
    notifications are ignored. Returns how many changed."""
    qs = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(id__in=[int(i) for i in ids])
    if task_id is not None:
        qs = qs.filter(obligation__task_id=task_id)
    return qs.update(read_at=timezone.now())


def open_notification(user: User, pk: int) -> Notification | None:
    """The person opens one of their notifications: it is read, and so is every other one
    leading to the same page (they said what the page shows). None: not theirs."""
    note = Notification.objects.filter(recipient_id=user.pk, pk=pk).first()
    if note is None:
        return None
    same = (Q(pk=note.pk) | Q(url=note.url)) if note.url else Q(pk=note.pk)
    Notification.objects.filter(same, recipient_id=user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return note


# --- the reminders pass ----------------------------------------------------------------------------


def worker_name() -> str:
    """Who claimed an outbox row: host, process and a random part (pids are reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def run_reminders(
    *, now: datetime, organisation: Organisation | None = None, run: PassRun | None = None
) -> PassResult:
    """Bring statuses up to date, then put today's reminders of every open obligation into
    the outbox, each with its in-app notification (see ``core.reminders`` for the rules).

    Only the obligations with something to say today are read: those due on one of the
    days the ladders fire for (a few weeks of days, computed from the calendar) and those
    whose quiet stretch ends about now; they are streamed, never loaded all at once.
    ``run``: this pass's own record (``run_all``), told apart from the other passes.
    """
    today = local_date(now)
    refresh_statuses(today=today, organisation=organisation)
    result = PassResult("reminders")
    writer = OutboxWriter(now=now)
    try:
        for org in organisations(organisation):
            _org_reminders(org, now, today, result, writer, run)
    finally:
        writer.close()
    result.created += writer.created
    result.existing += writer.skipped
    return result


def reminders_job(organisation: Organisation | None) -> str:
    return "reminders" if organisation is None else f"reminders:{organisation.code}"


def last_pass_day(org: Organisation, now: datetime) -> date | None:
    """The day of the last reminders pass that finished without error for this department:
    stages scheduled since then are still to be sent (the catch-up window)."""
    moment = (
        PassRun.objects.filter(
            job__in=[reminders_job(None), reminders_job(org)],
            finished_at__isnull=False,
            error="",
            as_of__lte=now,
        )
        .order_by("-as_of")
        .values_list("as_of", flat=True)
        .first()
    )
    return local_date(moment)


def _org_reminders(
    org: Organisation,
    now: datetime,
    today: date,
    result: PassResult,
    writer: OutboxWriter,
    run: PassRun | None = None,
) -> None:
    cal, rules = _Remembering(calendar_for(org)), rules_for(org)
    since = last_pass_day(org, now)
    base = Obligation.objects.filter(
        organisation=org, is_active=True, status__in=OPEN_STATUSES, current_due__isnull=False
    )
    earliest = base.aggregate(m=Min("current_due"))["m"]
    if earliest is None:
        return
    wanted = Q()
    for a, b in date_ranges(due_dates_firing(today, earliest, rules, cal, since)):
        wanted |= Q(current_due__range=(a, b))
    wanted |= _stale_filter(stale_bases_firing(today, rules, cal, since), today)
    people = people_of(org)
    ladders: dict[date, list[Stage]] = {}
    escalations: dict[tuple[date, date | None], Stage | None] = {}
    names = department_names(org)
    batch: list[tuple[Obligation, Reminder, int]] = []
    # No other reminders pass as of the catch-up window or later: none of today's keys can
    # exist yet (a stage's row is written by a pass on its day or later), so none is looked up
    # (the first pass over a backlog writes hundreds of thousands of new keys). A race with a
    # pass starting meanwhile is settled by the insert (``ON CONFLICT DO NOTHING``).
    check = _other_passes_since(org, catch_up_from(today, rules, since), run)
    # The obligations created lately, past due: a plan imported late is escalated on arrival.
    late = _late_filter(org, today, rules, cal, since)
    streams = [base.filter(wanted), base.filter(late).exclude(wanted)] if wanted else [base.filter(late)]
    for qs in streams:
        # Plain rows, not model instances: a first pass reads hundreds of thousands.
        for values in qs.order_by("id").values_list(*_FIELDS).iterator(chunk_size=2000):
            # A plain row with the attributes the messages read of an Obligation (see ObligationRow).
            ob = cast(Obligation, ObligationRow(values, names))
            facts = Facts(
                obligation_id=ob.id,
                status=ob.status,
                current_due=ob.current_due,
                last_activity=local_date(ob.last_activity_at),
                period_start=ob.period_start,
                created=local_date(ob.created_at),
            )
            recipients = people.for_unit(ob.unit_id)
            for r in reminders_due(facts, recipients, rules, today, cal, since, ladders, escalations):
                batch.extend((ob, r, uid) for uid in r.recipients)
            if len(batch) >= INSERT_BATCH:
                _flush(org, batch, people, today, cal, result, writer, now, check)
                batch = []
    _flush(org, batch, people, today, cal, result, writer, now, check)


def _other_passes_since(org: Organisation, since: date, run: PassRun | None) -> bool:
    """Whether a reminders pass of the department other than ``run`` ran as of ``since`` (local
    day) or later: only such a pass can have written one of today's keys. (The runs' table
    holds a few rows a day: cheaper than asking the outbox's hundreds of thousands.) A pass
    without a record of its own (called outside ``run_all``) cannot tell: it always looks."""
    if run is None:
        return True
    jobs = [reminders_job(None), reminders_job(org)]
    return PassRun.objects.filter(job__in=jobs, as_of__gte=start_of(since)).exclude(pk=run.pk).exists()


# A pass reads the highest obligation id as it starts; this much later its mark is surely
# below every obligation created since (clocks of the web and worker machines may differ).
MARK_MARGIN = timedelta(hours=1)


def obligation_mark() -> int:
    """The highest obligation id now (the primary key's index: one step)."""
    return Obligation.objects.aggregate(m=Max("id"))["m"] or 0


def _late_filter(org: Organisation, today: date, rules: Rules, cal: Calendar, since: date | None) -> Q:
    """The obligations whose late escalation may go out today: past due, created since
    ``late_escalations_since``. By id above the mark of a pass that started before that
    day (the primary key's index), so the old overdue backlog is not read every day; until
    such a pass exists (a new installation), by the creation time alone."""
    first = start_of(late_escalations_since(today, rules, cal, since))
    late = Q(current_due__lt=today, created_at__gte=first)
    mark = (
        PassRun.objects.filter(
            job__in=[reminders_job(None), reminders_job(org)],
            obligation_mark__isnull=False,
            as_of__lt=first - MARK_MARGIN,
            started_at__lt=first - MARK_MARGIN,
        )
        .order_by("-as_of")
        .values_list("obligation_mark", flat=True)
        .first()
    )
    return late & Q(id__gt=mark) if mark else late


class _Remembering:
    """The department's calendar, remembering its answers: a pass asks the same few
    questions (this due day's ladder, today against that due day) for every obligation.
    One memo per question, keyed by its plain arguments (the cheapest lookups Python has)."""

    def __init__(self, cal: WorkCalendar) -> None:
        self._cal = cal
        self._between: dict[tuple[date, date], int] = {}
        self._add: dict[tuple[date, int], date] = {}
        self._next: dict[tuple[date, bool], date] = {}
        self._previous: dict[tuple[date, bool], date] = {}
        self._working: dict[date, bool] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cal, name)

    def working_days_between(self, start: date, end: date) -> int:
        key = (start, end)
        found = self._between.get(key)
        if found is None:
            found = self._between[key] = self._cal.working_days_between(start, end)
        return found

    def add_working_days(self, d: date, n: int) -> date:
        key = (d, n)
        found = self._add.get(key)
        if found is None:
            found = self._add[key] = self._cal.add_working_days(d, n)
        return found

    def next_working_day(self, d: date, *, include: bool = True) -> date:
        key = (d, include)
        found = self._next.get(key)
        if found is None:
            found = self._next[key] = self._cal.next_working_day(d, include=include)
        return found

    def previous_working_day(self, d: date, *, include: bool = True) -> date:
        key = (d, include)
        found = self._previous.get(key)
        if found is None:
            found = self._previous[key] = self._cal.previous_working_day(d, include=include)
        return found

    def is_working_day(self, d: date) -> bool:
        found = self._working.get(d)
        if found is None:
            found = self._working[d] = self._cal.is_working_day(d)
        return found


_STATUS_LABELS = dict(ObligationStatus.choices)


class _Named:
    __slots__ = ("name", "number", "text", "title")

    def __init__(self, **kw: Any) -> None:
        for k in self.__slots__:
            setattr(self, k, kw.get(k))


class _Names(dict):
    """Task, plan and unit records by ("t"/"p"/"u", id); one created during the pass (a plan
    confirmed meanwhile) is read when first asked for."""

    def __missing__(self, key: tuple[str, int]) -> _Named:
        kind, pk = key
        if kind == "t":
            number, text = Task.objects.values_list("number", "text").get(pk=pk)
            found = _Named(number=number, text=text)
        elif kind == "p":
            number, title = Plan.objects.values_list("number", "title").get(pk=pk)
            found = _Named(number=number, title=title)
        else:
            found = _Named(name=Unit.objects.values_list("name", flat=True).get(pk=pk))
        self[key] = found
        return found


def department_names(org: Organisation) -> dict[tuple[str, int], _Named]:
    """The department's tasks, plans and units as the messages name them, by id: three small
    queries (a department has a few thousand tasks)."""
    names = _Names()
    for pk, number, title in Plan.objects.filter(organisation=org).values_list("id", "number", "title"):
        names["p", pk] = _Named(number=number, title=title)
    for pk, task_number, text in Task.objects.filter(plan__organisation=org).values_list(
        "id", "number", "text"
    ):
        names["t", pk] = _Named(number=task_number, text=text)
    for pk, name in Unit.objects.filter(organisation=org).values_list("id", "name"):
        names["u", pk] = _Named(name=name)
    return names


class ObligationRow:
    """An obligation as the reminders pass reads it (``_FIELDS``), with the attributes the
    messages use (``task.number``, ``plan.title``, ``unit.name``, ``get_status_display``).
    The task, plan and unit records come from ``names``, read once per department
    (``department_names``): a province's first pass reads hundreds of thousands of
    obligations of a few thousand tasks, and their texts need not travel with each one; the
    messages' memos (``messages.titled``) then hash the same strings again and again."""

    __slots__ = (*_FIELDS, "plan", "task", "unit")

    def __init__(self, values: tuple[Any, ...], names: dict[tuple[str, int], _Named]) -> None:
        (
            self.id,
            self.organisation_id,
            self.unit_id,
            self.task_id,
            self.plan_id,
            self.status,
            self.current_due,
            self.due_date,
            self.extended,
            self.period_label,
            self.period_start,
            self.last_activity_at,
            self.created_at,
        ) = values
        self.task = names["t", self.task_id]
        self.plan = names["p", self.plan_id]
        self.unit = names["u", self.unit_id]

    def get_status_display(self) -> str:
        return _STATUS_LABELS.get(self.status, self.status)


def _stale_filter(bases: list[date], today: date) -> Q:
    """A superset of the obligations whose quiet stretch began on one of ``bases``: the
    stretch begins at the latest of the last update, the start of the period and the
    creation, so none of them is after the last base and one is on or after the first."""
    if not bases:
        return Q()
    lo, hi = min(bases), max(bases)
    lo_at = timezone.make_aware(datetime.combine(lo, time.min))
    hi_at = timezone.make_aware(datetime.combine(hi + timedelta(days=1), time.min))
    return (
        Q(current_due__gte=today, created_at__lt=hi_at)
        & (Q(last_activity_at__isnull=True) | Q(last_activity_at__lt=hi_at))
        & (Q(period_start__isnull=True) | Q(period_start__lte=hi))
        & (Q(last_activity_at__gte=lo_at) | Q(period_start__gte=lo) | Q(created_at__gte=lo_at))
    )


def _flush(
    org: Organisation,
    batch: list[tuple[Obligation, Reminder, int]],
    people: People,
    today: date,
    cal: Calendar,
    result: PassResult,
    writer: OutboxWriter,
    now: datetime,
    check: bool = True,
) -> None:
    if not batch:
        return
    keyed = {delivery_key(r.kind, r.stage, ob.id, uid, r.on): (ob, r, uid) for ob, r, uid in batch}
    known = existing_keys(keyed) if check else set()
    result.existing += len(known)
    new = []
    # One rendering per obligation and stage, shared by its recipients.
    rendered: dict[tuple[int, str, str, date], messages.ReminderMessage] = {}
    for key, (ob, r, uid) in keyed.items():
        if key in known:
            continue
        person = people.persons[uid]
        which = (ob.id, r.stage, r.kind, r.on)
        shared = rendered.get(which)
        if shared is None:
            shared = rendered[which] = messages.ReminderMessage(r, ob, today, cal)
        m = shared.message()
        new.append(
            Message(
                key=key,
                organisation_id=org.id,
                recipient_id=uid,
                email=person.email,
                kind=r.kind,
                obligation_id=ob.id,
                subject=m.subject,
                text="",  # written if the weekly cap releases it (``outbox.write_emails``)
                html="",
                title=m.title,
                body=m.body,
                url=m.url,
            )
        )
    result.folded += prefold(new, org.id, org.weekly_message_cap, now)
    writer.put(new)


# --- All the jobs, as the worker runs them --------------------------------------------------------


def _job(name: str, now: datetime, fn: Callable[[PassRun], PassResult], *, mark: bool = False) -> PassResult:
    """Run one job and keep a PassRun row of it (also when it fails: the error is kept);
    ``mark``: with the highest obligation id as it starts (see ``_late_filter``)."""
    started = timezone.now()
    run = PassRun.objects.create(
        job=name, started_at=started, as_of=now, obligation_mark=obligation_mark() if mark else None
    )
    try:
        result = fn(run)
    except Exception as exc:
        log.exception("chasing job %s failed", name)
        error = f"{type(exc).__name__}: {exc}"
        PassRun.objects.filter(id=run.id).update(finished_at=timezone.now(), error=error)
        return PassResult(name, errors=[error])
    PassRun.objects.filter(id=run.id).update(
        finished_at=timezone.now(),
        created=result.created,
        sent=result.sent,
        error="\n".join(result.errors)[:10000],
    )
    return result


# Passes of the apps above chasing (``reporting``: the reports sent upward that fall due),
# registered in their ``ready()``; each runs in every ``run_all`` after chasing's own.
ExtraPass = Callable[..., PassResult]
_EXTRA_PASSES: dict[str, ExtraPass] = {}


def register_pass(name: str, fn: ExtraPass) -> None:
    """Add (or replace, by ``name``) a pass ``fn(now=…, organisation=…) -> PassResult``."""
    _EXTRA_PASSES[name] = fn


def run_all(
    *, now: datetime | None = None, worker_id: str | None = None, organisation: Organisation | None = None
) -> list[PassResult]:
    """One pass of every job that is due at ``now``, in order, each recorded as a PassRun.

    A failing job is logged and recorded and does not stop the others (the outbox still
    sends what earlier passes decided).
    """
    now = now or timezone.now()
    worker_id = worker_id or worker_name()
    job = reminders_job(organisation)
    reminders = lambda run: run_reminders(now=now, organisation=organisation, run=run)  # noqa: E731
    results = [_job(job, now, reminders, mark=True)]

    def periodic(fn: Callable[..., PassResult]) -> Callable[[PassRun], PassResult]:
        return lambda run: fn(now=now, organisation=organisation)

    passes = [("report_call", run_report_call), ("weekly_digest", run_weekly_digest), *_EXTRA_PASSES.items()]
    for name, fn in passes:
        results.append(_job(name, now, periodic(fn)))
    results.append(_job("send", now, lambda run: send_pending(now=now, worker_id=worker_id)))
    return results


def describe(results: list[PassResult]) -> str:
    return "; ".join(r.summary() for r in results if r.ran)


def parse_now(text: str | None) -> datetime:
    """``--now``: an ISO date-time (local time when it has no offset) or a date (09:00 that
    day, after the morning's digest hour). Raises ValueError with a message in Vietnamese."""
    if not text:
        return timezone.now()
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"--now “{text}” không phải ngày giờ ISO (ví dụ 2026-03-25T08:00 hoặc 2026-03-25)."
        ) from None
    if len(text.strip()) == 10:  # a date alone
        moment = moment.replace(hour=9)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment
