"""Reads for the screens and the digests: a person's notifications, the units that have not
answered the monthly call, the weekly figures for the leadership meeting.

Each read issues a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from cchc.core.formats import percent_text
from cchc.core.reminders import Calendar, report_call_day, report_cycle, urgency
from cchc.core.status import early_ratio, early_target_met
from cchc.orgs.models import Organisation, Unit
from cchc.orgs.types import User
from cchc.tracking.models import (
    DONE_STATUSES,
    OPEN_STATUSES,
    ExtensionRequest,
    Obligation,
    ObligationStatus,
    Report,
)

from .models import Delivery, Kind, Notification

ITEMS_PER_LIST = 10


# --- Notifications ------------------------------------------------------------------------------


def notifications_for(user: User, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The person's notifications, newest first (a queryset: the screens paginate it)."""
    qs = Notification.objects.filter(recipient_id=user.pk).select_related("obligation")
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def unread_count(user: User, *, cap: int | None = None) -> int:
    """The person's unread notifications, counted up to ``cap`` at most (the menu's badge on
    every page says "99+" beyond that: its cost must not grow with a backlog of thousands).
    Plain SQL: the ORM's query building cost more than the count."""
    if not getattr(user, "is_authenticated", False):
        return 0
    table = Notification._meta.db_table
    where = f"FROM {table} WHERE recipient_id = %s AND read_at IS NULL"
    with connection.cursor() as cursor:
        if cap is None:
            cursor.execute(f"SELECT COUNT(*) {where}", [user.pk])
        else:
            cursor.execute(f"SELECT COUNT(*) FROM (SELECT 1 {where} LIMIT %s) AS capped", [user.pk, cap])
        return cursor.fetchone()[0]


def waiting_counts(org_id: int, *, reports: bool, extensions: bool) -> tuple[int, int]:
    """(reports waiting for review, extension requests waiting for a decision) in the
    department, for the menu's "Duyệt báo cáo" and "Gia hạn": one small query on every page
    (both through the ``state`` indexes; what waits is a handful)."""
    if not reports and not extensions:
        return 0, 0
    obl, rep, ext = (m._meta.db_table for m in (Obligation, Report, ExtensionRequest))
    parts: list[str] = []
    params: list[str | int] = []
    for wanted, table, state in ((reports, rep, "submitted"), (extensions, ext, "pending")):
        if wanted:
            parts.append(
                f"(SELECT COUNT(*) FROM {table} x JOIN {obl} o ON o.id = x.obligation_id"
                " WHERE x.state = %s AND o.organisation_id = %s)"
            )
            params += [state, org_id]
        else:
            parts.append("0")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        found = cursor.fetchone()
    return int(found[0]), int(found[1])


MENU_UNREAD_CAP = 100


def unread_label(count: int) -> str:
    """The menu's badge: the count, or "99+" from ``MENU_UNREAD_CAP`` on ("" for none)."""
    if count <= 0:
        return ""
    return "99+" if count >= MENU_UNREAD_CAP else str(count)


# --- The notification list, one entry per task ------------------------------------------------------

GROUP_ITEMS = 10  # notifications shown when a task's entry is opened


@dataclass
class NotificationGroup:
    """The person's notifications about one task (or a notification about no task, alone)."""

    latest: Notification
    count: int
    unread: int
    items: list[Notification] = field(default_factory=list)  # the latest GROUP_ITEMS, newest first

    @property
    def task_id(self) -> int | None:
        ob = self.latest.obligation
        return ob.task_id if ob is not None else None

    @property
    def more(self) -> int:
        return self.count - len(self.items)


def _group_key() -> Any:
    # A task's id; a notification about no task is its own group (minus its id: never a task's).
    return Coalesce(F("obligation__task_id"), -F("id"))


def notification_groups(user: User, *, unread_only: bool = False) -> QuerySet:
    """One row per task the person was notified about (and one per notification about no
    task), newest first: ``g``, ``n`` (count), ``unread``, ``last`` (latest id). A queryset:
    the screen paginates it, then ``expand_groups`` reads the page's notifications."""
    qs = Notification.objects.filter(recipient_id=user.pk)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return (
        qs.annotate(g=_group_key())
        .values("g")
        .annotate(
            n=Count("id"),
            unread=Count("id", filter=Q(read_at__isnull=True)),
            latest=Max("created_at"),
            last=Max("id"),
        )
        .order_by("-latest", "-last")
    )


def expand_groups(
    user: User, rows: Iterable[dict[str, Any]], *, unread_only: bool = False
) -> list[NotificationGroup]:
    """The page's groups with their latest notifications (two queries whatever the page)."""
    rows = list(rows)
    if not rows:
        return []
    keys = [r["g"] for r in rows]
    qs = Notification.objects.filter(recipient_id=user.pk)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    ranked = (
        qs.annotate(
            g=_group_key(),
            rank=Window(
                RowNumber(), partition_by=[_group_key()], order_by=[F("created_at").desc(), F("id").desc()]
            ),
        )
        .filter(g__in=keys, rank__lte=GROUP_ITEMS)
        .select_related("obligation__plan", "obligation__unit")
        .order_by("g", "rank")
    )
    items: dict[int, list[Notification]] = {}
    for n in ranked:
        items.setdefault(n.g, []).append(n)
    out = []
    for r in rows:
        found = items.get(r["g"], [])
        if found:
            out.append(NotificationGroup(found[0], r["n"], r["unread"], found))
    return out


def start_of(day: date) -> datetime:
    """Local midnight of ``day`` (aware): the bound of a day range on a datetime column."""
    return timezone.make_aware(datetime.combine(day, time.min))


# --- Reminders folded by the weekly cap ------------------------------------------------------------

FOLDED_FIELDS = (
    "id",
    "kind",
    "title",
    "subject",
    "created_at",
    "obligation_id",
    "obligation__task_id",
    "obligation__task__number",
    "obligation__task__text",
    "obligation__plan__number",
    "obligation__plan__title",
    "obligation__unit__name",
    "obligation__period_label",
)
REMINDERS_PER_TASK = 5  # listed under a task in the digest; the rest are counted


@dataclass
class FoldedReminder:
    title: str
    day: date | None
    kind: str


@dataclass
class FoldedTask:
    """The reminders about one task that the weekly cap folded into a person's digest."""

    task_id: int | None
    label: str  # "3. Rà soát …"
    plan: str  # "12/KH-SCT"
    units: list[str] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    path: str = ""  # the task's page on the latest period reminded
    count: int = 0
    urgency: int = 9
    reminders: list[FoldedReminder] = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.count - len(self.reminders)


def group_folded(rows: Iterable[dict[str, Any]]) -> list[FoldedTask]:
    """Folded outbox rows (``FOLDED_FIELDS``, oldest first) grouped by task: the most urgent
    tasks first (escalations, overdue), each with its count and its latest reminders."""
    from cchc.chasing.messages import PREFIX, obligation_path, shorten

    groups: dict[Any, FoldedTask] = {}
    for r in rows:
        task_id = r["obligation__task_id"]
        key = task_id if task_id is not None else ("row", r["id"])
        g = groups.get(key)
        if g is None:
            number = r["obligation__task__number"]
            label = (f"{number}. " if number else "") + shorten(r["obligation__task__text"] or "", 200)
            plan = (r["obligation__plan__number"] or "").strip()
            plan = plan or shorten(r["obligation__plan__title"] or "", 40)
            g = groups[key] = FoldedTask(task_id, label, plan)
        g.count += 1
        g.urgency = min(g.urgency, urgency(r["kind"]))
        unit, period = r["obligation__unit__name"], r["obligation__period_label"]
        if unit and unit not in g.units:
            g.units.append(unit)
        if period and period not in g.periods:
            g.periods.append(period)
        if task_id is not None:
            g.path = obligation_path(task_id, r["obligation_id"])
        title = r["title"] or r["subject"].removeprefix(PREFIX).strip()
        g.reminders.append(FoldedReminder(title, local_day(r["created_at"]), r["kind"]))
        if len(g.reminders) > REMINDERS_PER_TASK:  # keep the latest ones
            g.reminders.pop(0)
    return sorted(groups.values(), key=lambda g: (g.urgency, g.plan, g.label))


def local_day(moment: datetime | None) -> date | None:
    return None if moment is None else timezone.localtime(moment).date()


def folded_into_digest(user: User, week: str) -> list[FoldedTask]:
    """What the person's personal digest of ``week`` ("2026-W12") carried, grouped by task."""
    rows = (
        Delivery.objects.filter(
            recipient_id=user.pk,
            state=Delivery.State.FOLDED,
            folded_into__kind=Kind.PERSONAL_DIGEST,
            folded_into__key__startswith=f"{Kind.PERSONAL_DIGEST}:{week}:",
        )
        .order_by("created_at", "id")
        .values(*FOLDED_FIELDS)
    )
    return group_folded(rows.iterator(chunk_size=2000))


# --- The monthly call for reports ---------------------------------------------------------------


def called_obligations(org: Organisation, call_day: date) -> QuerySet[Obligation]:
    """What the call of ``call_day`` asks about: the open obligations whose work has started."""
    return Obligation.objects.filter(
        organisation=org, is_active=True, status__in=OPEN_STATUSES, current_due__isnull=False
    ).filter(Q(period_start__isnull=True) | Q(period_start__lte=call_day))


@dataclass
class MissingReport:
    """A unit that has not reported on every obligation the month's call asked about."""

    unit: Unit
    open_count: int
    missing_count: int
    missing: list[Obligation] = field(default_factory=list)  # the first ITEMS_PER_LIST


def missing_reports(org: Organisation, month: date, *, cal: Calendar | None = None) -> list[MissingReport]:
    """Units that have not reported this cycle (any day of ``month`` names the month).

    A report counts for the cycle when it was submitted (whatever the review said later)
    in the days nearest to this month's call (see ``core.reminders.report_cycle``).
    """
    if cal is None:
        from cchc.chasing.context import calendar_for

        cal = calendar_for(org)
    call_day = report_call_day(month.year, month.month, org.reporting_day, cal)
    start, end = report_cycle(month.year, month.month, org.reporting_day, cal)
    since, until = start_of(start), start_of(end)
    reported = Report.objects.filter(
        obligation=OuterRef("pk"), submitted_at__gte=since, submitted_at__lt=until
    ).exclude(state=Report.State.DRAFT)
    called = called_obligations(org, call_day).annotate(reported=Exists(reported))
    counts = {
        row["unit"]: row
        for row in called.values("unit").annotate(
            open=Count("id"), missing=Count("id", filter=Q(reported=False))
        )
    }
    units = {u.id: u for u in Unit.objects.filter(id__in=[k for k, r in counts.items() if r["missing"]])}
    out = {
        uid: MissingReport(units[uid], counts[uid]["open"], counts[uid]["missing"])
        for uid in sorted(units, key=lambda i: (units[i].order, units[i].name))
    }
    missing = (
        called.filter(reported=False, unit_id__in=list(out))
        .select_related("task", "plan", "unit")
        .order_by("unit_id", "current_due", "id")
    )
    for ob in missing.iterator(chunk_size=500):
        row = out[ob.unit_id]
        if len(row.missing) < ITEMS_PER_LIST:
            row.missing.append(ob)
    return list(out.values())


# --- The weekly digest --------------------------------------------------------------------------


@dataclass
class Item:
    task: str
    unit: str
    period: str
    due: str
    status: str
    plan: str = ""
    path: str = ""  # the task's page on this period


@dataclass
class UnitWeek:
    unit_id: int | None
    unit: str
    done_early: int = 0
    done_on_time: int = 0
    done_late: int = 0
    overdue: int = 0
    due_next: int = 0
    year_done: int = 0
    year_early: int = 0
    finished: list[Item] = field(default_factory=list)
    overdue_items: list[Item] = field(default_factory=list)
    due_items: list[Item] = field(default_factory=list)

    @property
    def done(self) -> int:
        return self.done_early + self.done_on_time + self.done_late

    @property
    def week_share(self) -> float | None:
        return early_ratio(self.done_early, self.done)

    @property
    def year_share(self) -> float | None:
        return early_ratio(self.year_early, self.year_done)

    @property
    def week_share_text(self) -> str:
        return percent(self.week_share)

    @property
    def year_share_text(self) -> str:
        return percent(self.year_share)

    @property
    def below_target(self) -> bool:
        return self.year_share is not None and not early_target_met(self.year_share)


@dataclass
class WeeklyDigest:
    organisation: str
    day: date
    since: date  # the week's finished work: completed on since … until (inclusive)
    until: date
    next_until: date  # due in the coming week: day … next_until (inclusive)
    units: list[UnitWeek]
    total: UnitWeek
    target_text: str = "30 %"


percent = percent_text  # the digest's shares: "33,3 %"


def weekly_digest(org: Organisation, day: date) -> WeeklyDigest:
    """The figures for the leadership meeting held on ``day``.

    Finished this week: completed in the 7 days before ``day`` (so consecutive digests
    neither miss nor repeat anything); overdue: open obligations past their due date now;
    due next: open obligations due in the 7 days from ``day``; the share finished early is
    given for the week and for the year so far.
    """
    since, until = day - timedelta(days=7), day - timedelta(days=1)
    next_until = day + timedelta(days=6)
    year_start = date(day.year, 1, 1)
    base = Obligation.objects.filter(organisation=org, is_active=True)
    S = ObligationStatus
    week = Q(completed_on__gte=since, completed_on__lte=until)
    year = Q(completed_on__gte=year_start, completed_on__lte=until)
    overdue = Q(status__in=OPEN_STATUSES, current_due__lt=day)
    due_next = Q(status__in=OPEN_STATUSES, current_due__gte=day, current_due__lte=next_until)
    rows = base.values("unit_id", "unit__name", "unit__order").annotate(
        done_early=Count("id", filter=week & Q(status=S.DONE_EARLY)),
        done_on_time=Count("id", filter=week & Q(status=S.DONE_ON_TIME)),
        done_late=Count("id", filter=week & Q(status=S.DONE_LATE)),
        overdue=Count("id", filter=overdue),
        due_next=Count("id", filter=due_next),
        year_done=Count("id", filter=year & Q(status__in=DONE_STATUSES)),
        year_early=Count("id", filter=year & Q(status=S.DONE_EARLY)),
    )
    units: dict[int, UnitWeek] = {}
    total = UnitWeek(None, "Toàn Sở")
    numbers = ("done_early", "done_on_time", "done_late", "overdue", "due_next", "year_done", "year_early")
    # Read as plain mappings: the counts are picked by name from ``numbers``.
    counted: list[Mapping[str, Any]] = sorted(rows, key=lambda r: (r["unit__order"], r["unit__name"]))
    for r in counted:
        if not any(r[n] for n in numbers):
            continue
        u = UnitWeek(r["unit_id"], r["unit__name"], **{n: r[n] for n in numbers})
        units[r["unit_id"]] = u
        for n in numbers:
            setattr(total, n, getattr(total, n) + r[n])
    lists = (
        ("finished", week & Q(status__in=DONE_STATUSES), ("completed_on",)),
        ("overdue_items", overdue, ("current_due",)),
        ("due_items", due_next, ("current_due",)),
    )
    for attr, cond, order in lists:
        qs = base.filter(cond, unit_id__in=list(units)).select_related("task", "unit", "plan")
        for ob in qs.order_by("unit_id", *order, "id").iterator(chunk_size=500):
            bucket = getattr(units[ob.unit_id], attr)
            if len(bucket) < ITEMS_PER_LIST:
                bucket.append(_item(ob))
    return WeeklyDigest(org.name, day, since, until, next_until, list(units.values()), total)


def _item(ob: Obligation) -> Item:
    from cchc.chasing.messages import dmy, obligation_path, plan_ref, task_label

    return Item(
        task_label(ob),
        ob.unit.name,
        ob.period_label,
        dmy(ob.current_due),
        ob.get_status_display(),
        plan_ref(ob),
        obligation_path(ob.task_id, ob.pk),
    )


def digest_week(label: str | None, org: Organisation, today: date, cal: Calendar) -> tuple[date, date | None]:
    """(Monday, meeting day) of the week named "2026-W12" (ISO), by default the latest week
    whose meeting day has come; the meeting day is None in a week without a working day."""
    from cchc.core.reminders import digest_day, week_start

    monday = None
    if label:
        try:
            year, week = label.upper().split("-W")
            monday = date.fromisocalendar(int(year), int(week), 1)
        except ValueError:
            monday = None
    if monday is None:
        monday = week_start(today)
        day = digest_day(monday, org.weekly_digest_weekday, cal)
        if day is None or day > today:
            monday -= timedelta(days=7)
    return monday, digest_day(monday, org.weekly_digest_weekday, cal)


def week_label(day: date) -> str:
    y, w, _ = day.isocalendar()
    return f"{y}-W{w:02d}"
