"""Reads of the follow-through screens: the board's filtered set and its figures, a unit's
work, a task's obligations with their reports, the review queue, the extension requests.

Every list here is read with a fixed number of queries whatever its length (joins,
annotations, prefetches): the board of a province-sized department must not issue a query
per row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)

from cchc.core.status import Rates, attainment, rates
from cchc.orgs.models import Membership, Organisation, Unit
from cchc.plans.models import Plan, Target, Task
from cchc.tracking import cache as board_cache
from cchc.tracking import pages, sorting
from cchc.tracking.models import (
    DONE_STATUSES,
    OF_THE_PLAN,
    OPEN_STATUSES,
    TRACKED_STATUSES,
    Contribution,
    Evidence,
    ExtensionRequest,
    Measurement,
    Obligation,
    ObligationStatus,
    Report,
)
from cchc.tracking.reports import MeasuredTarget
from cchc.tracking.rows import UnitView

PAGE_SIZE = 50
PAGE_PARAM = "trang"  # the pager's parameter on every list
DUE_SOON_DAYS = 7


# --- The Office board ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardFilters:
    # The plans shown: () is every plan (the view puts the current plans here by default).
    plan_ids: tuple[int, ...] = ()
    unit_id: int | None = None
    area: str = ""
    status: str = ""  # an ObligationStatus value, "open" or "done"
    due_from: date | None = None
    due_to: date | None = None
    # "Đến hạn tuần này / tháng này": open work whose due date in force is in this range.
    due_within: tuple[date, date] | None = None
    search: str = ""
    sort: str = ""  # a ``BOARD_SORTS`` key, "-" first to reverse


def current_plans(org: Organisation, today: date) -> list[Plan]:
    """The plans the lists show by default: those whose period contains ``today``; when
    none does, the most recent one (latest period end). Oldest first. Archived plans never
    (their obligations are out of every list)."""
    plans = Plan.objects.filter(organisation=org, archived_at__isnull=True).only(
        "id", "number", "title", "period_start", "period_end"
    )
    found = list(plans.filter(period_start__lte=today, period_end__gte=today).order_by("period_start", "id"))
    if found:
        return found
    latest = plans.order_by("-period_end", "-period_start", "-id").first()
    return [latest] if latest is not None else []


def contains(field: str, text: str) -> Q:
    """``field`` contains ``text``, whatever the case. PostgreSQL folds every letter; SQLite
    only ASCII ones ("qđ-sct" would miss "QĐ-SCT"), so there the usual spellings are tried
    too: as typed, lower case, upper case, capitalised."""
    if connection.vendor != "sqlite":
        return Q(**{f"{field}__icontains": text})
    q = Q()
    for variant in dict.fromkeys((text, text.lower(), text.upper(), text.capitalize())):
        q |= Q(**{f"{field}__contains": variant})
    return q


def search_filter(text: str) -> Q:
    """Obligations whose task, reports or evidence mention ``text``: the task's text or
    number, a report's narrative, an evidence document's number (số, ký hiệu) or summary."""
    reports = Report.objects.filter(contains("narrative", text), obligation=OuterRef("pk"))
    evidence = Evidence.objects.filter(report__obligation=OuterRef("pk")).filter(
        contains("doc_number", text) | contains("summary", text)
    )
    return contains("task__text", text) | Q(task__number=text) | Q(Exists(reports)) | Q(Exists(evidence))


def filter_obligations(qs: QuerySet[Obligation], f: BoardFilters) -> QuerySet[Obligation]:
    if len(f.plan_ids) == 1:
        qs = qs.filter(plan_id=f.plan_ids[0])
    elif f.plan_ids:
        qs = qs.filter(plan_id__in=f.plan_ids)
    if f.unit_id:
        qs = qs.filter(unit_id=f.unit_id)
    if f.area:
        qs = qs.filter(task__area=f.area)
    # Open / finished work by the urgency column (0–1 / 2, the same statuses): a range of
    # the ``obl_*_urgent`` indexes, read in the lists' order without a sort.
    if f.status == "open":
        qs = qs.filter(urgency__lt=2)
    elif f.status == "done":
        qs = qs.filter(urgency=2)
    elif f.status:
        qs = qs.filter(status=f.status)
    # The period is that of the plan's due date: the statistics keep the original date.
    if f.due_from:
        qs = qs.filter(due_date__gte=f.due_from)
    if f.due_to:
        qs = qs.filter(due_date__lte=f.due_to)
    if f.due_within:
        start, end = f.due_within
        qs = qs.filter(urgency__lt=2, current_due__gte=start, current_due__lte=end)
    if f.search:
        qs = qs.filter(search_filter(f.search))
    return qs


def board_obligations(org: Organisation, f: BoardFilters) -> QuerySet[Obligation]:
    """The org's active obligations matching the filters (not ordered, not joined)."""
    return filter_obligations(Obligation.objects.filter(organisation=org, is_active=True), f)


def board_counts(qs: QuerySet[Obligation]) -> dict[str, Any]:
    """Total, count per status and the rates (``core.status.rates``: the on-time rate counts
    overdue work among what has fallen due), in one aggregate query over the filtered set."""
    # GROUP BY status (an index-only scan of ``obl_board_status``), not one FILTER per status.
    rows = qs.order_by().values_list("status").annotate(n=Count("*"))
    agg = {s.value: 0 for s in TRACKED_STATUSES}
    agg.update(rows)
    r = rates(agg)
    return {
        "total": r.total,
        "by_status": [{"status": s.value, "label": s.label, "count": agg[s.value]} for s in TRACKED_STATUSES],
        "counts": {s.value: agg[s.value] for s in TRACKED_STATUSES},
        "done": r.done,
        "done_early": r.done_early,
        "on_time": r.done_early + r.done_on_time,
        "open": r.open,
        "overdue": r.overdue,
        "fallen_due": r.fallen_due,
        "on_time_rate": r.on_time_rate,
        "early_share": r.early_share,
    }


BOARD_ORDER = (F("current_due").asc(nulls_last=True), "unit_order", "id")
# The board's sortable columns: the first is its default order, most urgent first (open
# work before finished work, overdue first, then by due date), served by ``obl_*_urgent``.
BOARD_SORTS: dict[str, tuple[str, ...]] = {
    "trang-thai": ("urgency", "current_due", "unit_order", "id"),
    "han": ("current_due", "unit_order", "id"),
    "nhiem-vu": ("plan_id", "task__order", "current_due", "unit_order", "id"),
    "don-vi": ("unit_order", "urgency", "current_due", "id"),
    "cap-nhat": ("-last_activity_at", "id"),
}


def board_order(f: BoardFilters) -> list:
    sort = sorting.parse(f.sort, BOARD_SORTS)
    fields = BOARD_SORTS[sort.key]
    if sort.key == "trang-thai" and f.status not in ("", "open", "done"):
        # One status: its urgency is constant, and the ``obl_board_status`` index serves the rest.
        fields = fields[1:]
    return sorting.order_by(fields, sort.descending)


BOARD_COLUMNS = (
    "id",
    "task_id",
    "period_label",
    "due_date",
    "current_due",
    "extended",
    "status",
    "last_activity_at",
    "task__number",
    "task__text",
    "unit__name",
    "plan__number",
)


def board_page_builder(qs: QuerySet[Obligation], filters: BoardFilters) -> Callable[[int, int], QuerySet]:
    """``build(limit, offset)``: the board's page query (``tracking.pages``): the page's ids,
    sorted and cut from the ordered ids (an index range: ``obl_board_*``/``obl_*_urgent``),
    as a subquery, and those rows with their task, unit and plan joined, sorted again (fifty
    rows). Plain values, not model instances (fifty rows of four models cost more than the
    query)."""
    order = board_order(filters)
    ids = qs.order_by(*order).values_list("id", flat=True)

    def build(limit: int, offset: int) -> QuerySet:
        return qs.filter(pk__in=ids[offset : offset + limit]).order_by(*order).values(*BOARD_COLUMNS)

    return build


def board_page(
    qs: QuerySet[Obligation],
    page: str | int | None,
    *,
    filters: BoardFilters,
    count: int,
    query: pages.PageQuery | None = None,
) -> Page:
    """One page of the board in one query (``board_page_builder``; ``query``: its compiled
    SQL, kept with the board's figures). ``count``: the filtered set's size, already counted
    with the figures (no second COUNT). Each row is a ``BoardRow`` with its HTML."""
    from cchc.tracking.rows import board_rows_html

    build = board_page_builder(qs, filters)
    paginator: Paginator[Any] = Paginator(qs, PAGE_SIZE)  # its page holds BoardRows, not obligations
    paginator.__dict__["count"] = count
    result = paginator.get_page(page)
    rows: list[dict[str, Any]] = []
    if count:
        query = query or pages.compile_page(build)
        rows = pages.run_page(query, PAGE_SIZE, result.start_index() - 1, build)
    result.object_list = board_rows_html(rows)
    return result


def paginate(
    qs: QuerySet | Sequence[Any],
    page: str | int | None,
    *,
    count: int | None = None,
    cache_key: str | None = None,
) -> Page:
    paginator: Paginator[Any] = Paginator(qs, PAGE_SIZE)
    if count is not None:
        # The board already counted the filtered set: no second COUNT(*) for the paginator.
        paginator.__dict__["count"] = count
    result = paginator.get_page(page)
    if cache_key is not None:
        # The slice is lazy until read: a cached page of ids spares the sort.
        key = f"{cache_key}:p{result.number}"
        result.object_list = board_cache.cached(key, lambda: list(result.object_list))
    return result


def filter_options(org: Organisation) -> dict[str, Any]:
    from cchc.core.areas import AREAS

    return {
        "plans": list(
            Plan.objects.filter(organisation=org, archived_at__isnull=True).only(
                "id", "number", "title", "period_start", "period_end"
            )
        ),
        "units": list(org.units.filter(is_active=True).exclude(kind=Unit.Kind.EXTERNAL).order_by("order")),
        "areas": list(AREAS.items()),
        "statuses": [(s.value, s.label) for s in TRACKED_STATUSES],
    }


# --- A unit's work ------------------------------------------------------------------------------


# A unit's page: the same columns as the board's, less the unit. By default the most urgent
# first; finished work (when shown) most recently finished first.
UNIT_SORTS: dict[str, tuple[str, ...]] = {
    "trang-thai": ("urgency", "open_due", "-done_on", "id"),
    "han": ("current_due", "id"),
    "nhiem-vu": ("plan_id", "task__order", "current_due", "id"),
    "cap-nhat": ("-last_activity_at", "id"),
}


def unit_obligations(unit: Unit, f: BoardFilters | None = None, *, rows: bool = True) -> QuerySet[Obligation]:
    """The unit's obligations under the filters (``f.unit_id`` is ignored), in the order
    asked for. ``bucket`` (the row's group): 0 overdue, 1 open, 2 done. ``rows=False``:
    without the per-row last report and pending extension (to sort and count)."""
    f = f or BoardFilters()
    qs = filter_obligations(Obligation.objects.filter(unit=unit, is_active=True), replace(f, unit_id=None))
    sort = sorting.parse(f.sort, UNIT_SORTS)
    fields = UNIT_SORTS[sort.key]
    open_only = f.status == "open" or f.status in OPEN_STATUSES or f.due_within is not None
    if sort.key == "trang-thai" and open_only:
        # Open work only: (urgency, due, id) as it is, served by ``obl_unit_urgent``.
        fields = ("urgency", "current_due", "id")
    elif sort.key == "trang-thai":
        qs = qs.annotate(
            open_due=Case(When(urgency__lt=2, then=F("current_due"))),
            done_on=Case(When(urgency=2, then=F("completed_on"))),
        )
    ordered = qs.annotate(bucket=F("urgency")).order_by(*sorting.order_by(fields, sort.descending))
    return _unit_rows(ordered) if rows else ordered


def _unit_rows(qs: QuerySet[Obligation]) -> QuerySet[Obligation]:
    return qs.annotate(
        pending_extension=Exists(
            ExtensionRequest.objects.filter(obligation=OuterRef("pk"), state=ExtensionRequest.State.PENDING)
        ),
        last_report_state=Subquery(
            Report.objects.filter(obligation=OuterRef("pk"))
            .order_by("-created_at", "-id")
            .values("state")[:1]
        ),
    )


UNIT_COLUMNS = (
    "id",
    "task_id",
    "period_label",
    "due_date",
    "current_due",
    "extended",
    "status",
    "completed_on",
    "task__number",
    "task__text",
    "plan__number",
    "bucket",
    "pending_extension",
    "last_report_state",
)


def unit_page(
    unit: Unit,
    page: str | int | None,
    *,
    view: UnitView,
    filters: BoardFilters,
    ids: Sequence[int] | QuerySet,
    count: int | None = None,
    cache_key: str | None = None,
) -> Page:
    """One page of ``unit_obligations`` from its ordered ``ids``: the per-row subqueries (last
    report, pending extension) are read for the page's rows only; rows are ``UnitRow``s."""
    from cchc.tracking.rows import unit_rows_html

    ids_page = paginate(ids, page, count=count, cache_key=cache_key)
    ids = list(ids_page.object_list)
    rows: Iterable[dict[str, Any]] = []
    if ids:
        found = Obligation.objects.filter(pk__in=ids, unit=unit).annotate(bucket=F("urgency"))
        rows = _unit_rows(found).order_by().values(*UNIT_COLUMNS)
    by_id = {r["id"]: r for r in rows}
    ids_page.object_list = unit_rows_html((by_id[i] for i in ids if i in by_id), view)
    return ids_page


def unit_summary(unit: Unit, f: BoardFilters, *, today: date, windows: DueWindows) -> dict[str, int]:
    """The unit's counts under the filters other than the status (plan, period, search): open,
    overdue, due within 7 days, due this week / month, done, and per status; one query."""
    qs = filter_obligations(
        Obligation.objects.filter(unit=unit, is_active=True),
        replace(f, unit_id=None, status="", due_within=None),
    )
    is_open = Q(status__in=OPEN_STATUSES)

    def due(start: date, end: date) -> Q:
        return is_open & Q(current_due__gte=start, current_due__lte=end)

    return qs.aggregate(
        open=Count("id", filter=is_open),
        overdue=Count("id", filter=Q(status=ObligationStatus.OVERDUE)),
        due_soon=Count("id", filter=due(today, today + timedelta(days=DUE_SOON_DAYS))),
        week=Count("id", filter=due(*windows.week)),
        month=Count("id", filter=due(*windows.month)),
        done=Count("id", filter=Q(status__in=DONE_STATUSES)),
        **{s.value: Count("id", filter=Q(status=s.value)) for s in TRACKED_STATUSES if s.value != "overdue"},
    )


def unit_count(summary: dict[str, int], f: BoardFilters, windows: DueWindows) -> int | None:
    """The rows of the unit's list under ``f``, read from its summary (no second COUNT);
    None for a due window narrowed by a status (the paginator counts)."""
    if f.due_within is not None:
        if f.status not in ("", "open"):
            return None
        return summary["week"] if f.due_within == windows.week else summary["month"]
    if f.status:
        return summary.get(f.status)
    return summary["open"] + summary["done"]


@dataclass(frozen=True)
class DueWindows:
    """This week (Monday to Sunday) and this month, around a day of Vietnam's calendar."""

    week: tuple[date, date]
    month: tuple[date, date]

    @classmethod
    def around(cls, today: date) -> DueWindows:
        from cchc.core.periods import month_end

        monday = today - timedelta(days=today.weekday())
        return cls(
            week=(monday, monday + timedelta(days=6)),
            month=(today.replace(day=1), month_end(today.year, today.month)),
        )


@dataclass(frozen=True)
class UnitFigures:
    """A unit's line on the units page: its counts per status and the headline rates."""

    unit: Unit | None  # None: the whole department
    counts: dict[str, int]
    rates: Rates


def units_overview(org: Organisation, plan_ids: tuple[int, ...] = ()) -> list[UnitFigures]:
    """Every unit of the department (external bodies aside) with its obligations counted
    per status over the plans shown, and a last line for the department; one query for
    the counts (GROUP BY unit, status)."""
    units = list(org.units.filter(is_active=True).exclude(kind=Unit.Kind.EXTERNAL).order_by("order", "name"))
    qs = filter_obligations(
        Obligation.objects.filter(organisation=org, is_active=True), BoardFilters(plan_ids=plan_ids)
    )
    counts: dict[int, dict[str, int]] = {u.pk: {} for u in units}
    total: dict[str, int] = {}
    for unit_id, status, n in qs.order_by().values_list("unit_id", "status").annotate(n=Count("*")):
        counts.setdefault(unit_id, {})[status] = n
        total[status] = total.get(status, 0) + n
    out = [UnitFigures(u, counts[u.pk], rates(counts[u.pk])) for u in units]
    return [*out, UnitFigures(None, total, rates(total))]


# --- A task's page ------------------------------------------------------------------------------


def task_obligations(task: Task, visible: QuerySet[Obligation]) -> QuerySet[Obligation]:
    """The task's obligations the person may see, with the last report's state (those not
    tracked and those of an archived plan too: the task shows every period of its plan)."""
    return (
        visible.filter(OF_THE_PLAN, task=task)
        .select_related("unit")
        .annotate(
            last_report_state=Subquery(
                Report.objects.filter(obligation=OuterRef("pk"))
                .order_by("-created_at", "-id")
                .values("state")[:1]
            ),
            pending_extension=Exists(
                ExtensionRequest.objects.filter(
                    obligation=OuterRef("pk"), state=ExtensionRequest.State.PENDING
                )
            ),
        )
        .order_by("unit__order", F("due_date").asc(nulls_last=True), "id")
    )


def report_prefetches() -> list[Prefetch]:
    return [
        Prefetch("evidence", queryset=Evidence.objects.order_by("doc_date", "id")),
        Prefetch("measurements", queryset=Measurement.objects.order_by("target_id")),
    ]


def task_target_prefetch(prefix: str = "") -> Prefetch:
    """The task's targets (not the baselines) as ``targets_list`` on the task."""
    return Prefetch(
        f"{prefix}targets",
        queryset=Target.objects.filter(kind=Target.Kind.TARGET).order_by("id"),
        to_attr="targets_list",
    )


def measured_targets(report: Report, targets: list[Target]) -> list[MeasuredTarget]:
    """Each target with the report's value and its attainment (đạt / không đạt / chưa có số
    liệu), from prefetched rows: no query per report."""
    values = {m.target_id: m.value for m in report.measurements.all()}
    return [MeasuredTarget(t, values.get(t.pk), attainment(t.op, t.value, values.get(t.pk))) for t in targets]


def obligation_detail(obligation_id: int) -> Obligation:
    """One obligation with everything its detail panel shows, in a fixed number of queries."""
    return (
        Obligation.objects.select_related("unit", "task", "plan")
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=Report.objects.select_related("created_by", "submitted_by", "reviewed_by")
                .prefetch_related(*report_prefetches())
                .order_by("-created_at", "-id"),
            ),
            Prefetch(
                "contributions",
                queryset=Contribution.objects.select_related("unit", "created_by").order_by("created_at"),
            ),
            Prefetch(
                "extensions",
                queryset=ExtensionRequest.objects.select_related("requested_by", "decided_by").order_by(
                    "-created_at"
                ),
            ),
        )
        .get(pk=obligation_id)
    )


# --- Review queue and extension requests -----------------------------------------------------------


REVIEW_SORTS: dict[str, tuple[str, ...]] = {
    "gui": ("submitted_at", "id"),
    "han": ("obligation__current_due", "submitted_at", "id"),
    "nhiem-vu": ("obligation__plan_id", "obligation__task__order", "submitted_at", "id"),
    "don-vi": ("unit__order", "submitted_at", "id"),
}


def report_search(text: str) -> Q:
    """Reports whose task, narrative or evidence (số, ký hiệu; trích yếu) mention ``text``."""
    evidence = Evidence.objects.filter(report=OuterRef("pk")).filter(
        contains("doc_number", text) | contains("summary", text)
    )
    return (
        contains("narrative", text)
        | contains("obligation__task__text", text)
        | Q(obligation__task__number=text)
        | Q(Exists(evidence))
    )


def review_queue(org: Organisation, *, search: str = "", sort: str = "") -> QuerySet[Report]:
    """Submitted reports awaiting review, by default the oldest first."""
    qs = Report.objects.filter(state=Report.State.SUBMITTED, obligation__organisation=org)
    if search:
        qs = qs.filter(report_search(search))
    order = sorting.parse(sort, REVIEW_SORTS)
    return (
        qs.select_related("obligation", "obligation__task", "obligation__plan", "unit", "submitted_by")
        .prefetch_related(*report_prefetches(), task_target_prefetch("obligation__task__"))
        .order_by(*sorting.order_by(REVIEW_SORTS[order.key], order.descending))
    )


# The extension lists' columns; without a choice, pending requests oldest first and decided
# ones most recently decided first.
EXTENSION_SORTS: dict[str, tuple[str, ...]] = {
    "de-nghi": ("created_at", "id"),
    "nhiem-vu": ("obligation__plan_id", "obligation__task__order", "created_at", "id"),
    "don-vi": ("obligation__unit__order", "created_at", "id"),
    "han-moi": ("requested_due", "id"),
    "quyet-dinh": ("-decided_at", "-id"),
}


def extension_requests(
    org: Organisation, *, unit: Unit | None = None, pending: bool | None = None, sort: str = ""
) -> QuerySet[ExtensionRequest]:
    qs = ExtensionRequest.objects.filter(obligation__organisation=org)
    if unit is not None:
        qs = qs.filter(obligation__unit=unit)
    if pending is True:
        qs = qs.filter(state=ExtensionRequest.State.PENDING).order_by("created_at", "id")
    elif pending is False:
        qs = qs.exclude(state=ExtensionRequest.State.PENDING).order_by("-decided_at", "-id")
    else:
        qs = qs.order_by("-created_at", "-id")
    if sort:
        order = sorting.parse(sort, EXTENSION_SORTS)
        qs = qs.order_by(*sorting.order_by(EXTENSION_SORTS[order.key], order.descending))
    return qs.select_related(
        "obligation", "obligation__task", "obligation__unit", "obligation__plan", "requested_by", "decided_by"
    )


def member_unit(membership: Membership | None) -> Unit | None:
    return membership.unit if membership is not None and membership.unit_id else None
