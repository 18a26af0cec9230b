"""Reads of the follow-through screens: the board's filtered set and its figures, a unit's
work, a task's obligations with their reports, the review queue, the extension requests.

Every list here is read with a fixed number of queries whatever its length (joins,
annotations, prefetches): the board of a province-sized department must not issue a query
per row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from cchc.core.status import attainment, rates
from cchc.orgs.models import Membership, Organisation, Unit
from cchc.plans.models import Plan, Target, Task
from cchc.tracking import cache as board_cache
from cchc.tracking.models import (
    DONE_STATUSES,
    OF_THE_PLAN,
    OPEN_STATUSES,
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
DUE_SOON_DAYS = 7


# --- The Office board ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardFilters:
    plan_id: int | None = None
    unit_id: int | None = None
    area: str = ""
    status: str = ""  # an ObligationStatus value, "open" or "done"
    due_from: date | None = None
    due_to: date | None = None


def filter_obligations(qs: QuerySet[Obligation], f: BoardFilters) -> QuerySet[Obligation]:
    if f.plan_id:
        qs = qs.filter(plan_id=f.plan_id)
    if f.unit_id:
        qs = qs.filter(unit_id=f.unit_id)
    if f.area:
        qs = qs.filter(task__area=f.area)
    if f.status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif f.status == "done":
        qs = qs.filter(status__in=DONE_STATUSES)
    elif f.status:
        qs = qs.filter(status=f.status)
    # The period is that of the plan's due date: the statistics keep the original date.
    if f.due_from:
        qs = qs.filter(due_date__gte=f.due_from)
    if f.due_to:
        qs = qs.filter(due_date__lte=f.due_to)
    return qs


def board_obligations(org: Organisation, f: BoardFilters) -> QuerySet[Obligation]:
    """The org's active obligations matching the filters (not ordered, not joined)."""
    return filter_obligations(Obligation.objects.filter(organisation=org, is_active=True), f)


def board_counts(qs: QuerySet[Obligation]) -> dict[str, Any]:
    """Total, count per status and the rates (``core.status.rates``: the on-time rate counts
    overdue work among what has fallen due), in one aggregate query over the filtered set."""
    # GROUP BY status (an index-only scan of ``obl_board_status``), not one FILTER per status.
    rows = qs.order_by().values_list("status").annotate(n=Count("*"))
    agg = {s.value: 0 for s in ObligationStatus}
    agg.update(rows)
    r = rates(agg)
    return {
        "total": r.total,
        "by_status": [{"status": s.value, "label": s.label, "count": agg[s.value]} for s in ObligationStatus],
        "counts": {s.value: agg[s.value] for s in ObligationStatus},
        "done": r.done,
        "open": r.open,
        "overdue": r.overdue,
        "fallen_due": r.fallen_due,
        "on_time_rate": r.on_time_rate,
        "early_share": r.early_share,
    }


BOARD_ORDER = (F("current_due").asc(nulls_last=True), "unit_order", "id")
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


def board_rows(qs: QuerySet[Obligation]) -> QuerySet:
    """The cells of the board's table as plain values, task, unit and plan joined in the same
    query (no model instances: fifty rows of four models cost more than the query). The page
    puts them in the order of its ids."""
    return qs.order_by().values(*BOARD_COLUMNS)


def board_ids(qs: QuerySet[Obligation]) -> QuerySet:
    """The filtered set's ids in the board's order: a narrow sort without the joined text
    (served by the ``obl_board_*`` indexes)."""
    return qs.order_by(*BOARD_ORDER).values_list("id", flat=True)


def board_page(
    qs: QuerySet[Obligation],
    page: str | int | None,
    *,
    ids: Sequence[int] | QuerySet,
    count: int | None = None,
    cache_key: str | None = None,
) -> Page:
    """One page of the board: the page's ids from the ordered ``ids``, then those 50 rows with
    their task, unit and plan; each row is a ``BoardRow`` with its HTML. With ``cache_key``
    the page's ids are read through the cache (``tracking.cache``)."""
    from cchc.tracking.rows import board_rows_html

    ids_page = paginate(ids, page, count=count, cache_key=cache_key)
    ids = list(ids_page.object_list)
    found = {r["id"]: r for r in board_rows(qs.filter(pk__in=ids))} if ids else {}
    ids_page.object_list = board_rows_html(found[i] for i in ids if i in found)
    return ids_page


def paginate(
    qs: QuerySet | list, page: str | int | None, *, count: int | None = None, cache_key: str | None = None
) -> Page:
    paginator = Paginator(qs, PAGE_SIZE)
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
        "plans": list(Plan.objects.filter(organisation=org).only("id", "number", "title", "period_start")),
        "units": list(org.units.filter(is_active=True).exclude(kind=Unit.Kind.EXTERNAL).order_by("order")),
        "areas": list(AREAS.items()),
        "statuses": list(ObligationStatus.choices),
    }


# --- A unit's work ------------------------------------------------------------------------------


def unit_obligations(unit: Unit, *, today: date, rows: bool = True) -> QuerySet[Obligation]:
    """The unit's obligations: open ones first (overdue, then by due date), then done ones
    (most recently finished first). ``bucket``: 0 overdue, 1 open, 2 done. ``rows=False``:
    without the per-row last report and pending extension (to sort and count)."""
    bucket = Case(
        When(status=ObligationStatus.OVERDUE, then=Value(0)),
        When(status__in=OPEN_STATUSES, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    ordered = (
        Obligation.objects.filter(unit=unit, is_active=True)
        .annotate(bucket=bucket)
        .order_by(
            "bucket",
            Case(When(~Q(status__in=DONE_STATUSES), then=F("current_due"))).asc(nulls_last=True),
            Case(When(status__in=DONE_STATUSES, then=F("completed_on"))).desc(nulls_last=True),
            "id",
        )
    )
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
    ids: Sequence[int] | QuerySet,
    count: int | None = None,
    cache_key: str | None = None,
) -> Page:
    """One page of ``unit_obligations`` from its ordered ``ids``: the per-row subqueries (last
    report, pending extension) are read for the page's rows only; rows are ``UnitRow``s."""
    from cchc.tracking.rows import unit_rows_html

    ordered = unit_obligations(unit, today=view.today, rows=False)
    ids_page = paginate(ids, page, count=count, cache_key=cache_key)
    ids = list(ids_page.object_list)
    rows = _unit_rows(ordered.filter(pk__in=ids)).order_by().values(*UNIT_COLUMNS) if ids else []
    found = {r["id"]: r for r in rows}
    ids_page.object_list = unit_rows_html((found[i] for i in ids if i in found), view)
    return ids_page


def unit_summary(unit: Unit, *, today: date) -> dict[str, int]:
    qs = Obligation.objects.filter(unit=unit, is_active=True)
    return qs.aggregate(
        open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("id", filter=Q(status=ObligationStatus.OVERDUE)),
        due_soon=Count(
            "id",
            filter=Q(
                status__in=OPEN_STATUSES,
                current_due__gte=today,
                current_due__lte=today + timedelta(days=DUE_SOON_DAYS),
            ),
        ),
        done=Count("id", filter=Q(status__in=DONE_STATUSES)),
    )


def units_overview(org: Organisation) -> list[Unit]:
    """The department's units with their open and overdue counts (the Office's unit picker)."""
    return list(
        org.units.filter(is_active=True)
        .exclude(kind=Unit.Kind.EXTERNAL)
        .annotate(
            open_count=Count(
                "obligations",
                filter=Q(obligations__is_active=True, obligations__status__in=OPEN_STATUSES),
            ),
            overdue_count=Count(
                "obligations",
                filter=Q(obligations__is_active=True, obligations__status=ObligationStatus.OVERDUE),
            ),
        )
        .order_by("order", "name")
    )


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


def review_queue(org: Organisation) -> QuerySet[Report]:
    """Submitted reports awaiting review, oldest first."""
    return (
        Report.objects.filter(state=Report.State.SUBMITTED, obligation__organisation=org)
        .select_related("obligation", "obligation__task", "obligation__plan", "unit", "submitted_by")
        .prefetch_related(*report_prefetches(), task_target_prefetch("obligation__task__"))
        .order_by("submitted_at", "id")
    )


def extension_requests(org: Organisation, *, unit: Unit | None = None, pending: bool | None = None):
    qs = ExtensionRequest.objects.filter(obligation__organisation=org)
    if unit is not None:
        qs = qs.filter(obligation__unit=unit)
    if pending is True:
        qs = qs.filter(state=ExtensionRequest.State.PENDING).order_by("created_at", "id")
    elif pending is False:
        qs = qs.exclude(state=ExtensionRequest.State.PENDING).order_by("-decided_at", "-id")
    else:
        qs = qs.order_by("-created_at", "-id")
    return qs.select_related(
        "obligation", "obligation__task", "obligation__unit", "requested_by", "decided_by"
    )


def member_unit(membership: Membership | None) -> Unit | None:
    return membership.unit if membership is not None and membership.unit_id else None
