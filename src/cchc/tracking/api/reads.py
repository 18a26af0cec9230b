"""GET obligations (a filtered, paged list) and obligations/<id> (with its reports)."""

from __future__ import annotations

from datetime import date
from typing import overload
from urllib.parse import urlencode

from django.db.models import F, QuerySet
from django.http import HttpRequest, JsonResponse

from cchc.core.ids import DB_INT_MAX, parse_id
from cchc.orgs.models import Membership, Unit
from cchc.orgs.types import User
from cchc.plans.models import Target
from cchc.tracking import permissions
from cchc.tracking.api.plumbing import ApiError, api_view, iso, ok, person
from cchc.tracking.api.serialise import obligation_json, report_json, target_json
from cchc.tracking.models import DONE_STATUSES, OPEN_STATUSES, Obligation, ObligationStatus, Report

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
# The last page number asked for that keeps the row offset inside a 64-bit integer.
MAX_PAGE = DB_INT_MAX // MAX_PAGE_SIZE
STATUS_GROUPS = {"open": OPEN_STATUSES, "done": DONE_STATUSES}


def visible(user: User) -> QuerySet[Obligation]:
    return permissions.visible_obligations(user).filter(is_active=True).select_related("task", "plan", "unit")


@overload
def _int_param(
    request: HttpRequest, name: str, default: int, minimum: int = 1, maximum: int = DB_INT_MAX
) -> int: ...
@overload
def _int_param(
    request: HttpRequest, name: str, default: None = None, minimum: int = 1, maximum: int = DB_INT_MAX
) -> int | None: ...
def _int_param(
    request: HttpRequest, name: str, default: int | None = None, minimum: int = 1, maximum: int = DB_INT_MAX
) -> int | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    value = parse_id(raw, minimum=minimum, maximum=maximum)
    if value is None:
        raise ApiError(
            400,
            "invalid_input",
            f"Tham số “{name}” phải là số nguyên từ {minimum} đến {maximum}.",
            name,
        )
    return value


def _date_param(request: HttpRequest, name: str) -> date | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ApiError(
            400, "invalid_input", f"Tham số “{name}” phải là ngày dạng YYYY-MM-DD, ví dụ 2026-06-30.", name
        ) from None


def _filter(request: HttpRequest, user: User, qs: QuerySet[Obligation]) -> QuerySet[Obligation]:
    status = request.GET.get("status", "").strip()
    if status:
        wanted: set[str] = set()
        for part in (p.strip() for p in status.split(",") if p.strip()):
            if part in STATUS_GROUPS:
                wanted.update(STATUS_GROUPS[part])
            elif part in ObligationStatus.values:
                wanted.add(part)
            else:
                allowed = ", ".join([*ObligationStatus.values, *STATUS_GROUPS])
                raise ApiError(
                    400,
                    "invalid_input",
                    f"Trạng thái “{part}” không có; hãy dùng một trong: {allowed}.",
                    "status",
                )
        qs = qs.filter(status__in=wanted)
    unit = request.GET.get("unit", "").strip()
    if unit:
        orgs = Membership.objects.filter(user=user).values("organisation_id")
        units = list(
            Unit.objects.filter(organisation_id__in=orgs, code__iexact=unit).values_list("pk", flat=True)
        )
        if not units:
            raise ApiError(400, "invalid_input", f"Không có đơn vị mã “{unit}” trong Sở của bạn.", "unit")
        qs = qs.filter(unit_id__in=units)
    plan = _int_param(request, "plan")
    if plan is not None:
        qs = qs.filter(plan_id=plan)
    due_from, due_to = _date_param(request, "due_from"), _date_param(request, "due_to")
    if due_from:
        qs = qs.filter(current_due__gte=due_from)
    if due_to:
        qs = qs.filter(current_due__lte=due_to)
    return qs


def _page_url(request: HttpRequest, page: int) -> str:
    params = request.GET.copy()
    params["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{urlencode(sorted(params.items()))}")


@api_view("GET")
def obligation_list(request: HttpRequest, user: User) -> JsonResponse:
    """GET obligations?status=&unit=&plan=&due_from=&due_to=&page=&page_size="""
    qs = _filter(request, user, visible(user))
    page = _int_param(request, "page", 1, maximum=MAX_PAGE)
    size = _int_param(request, "page_size", PAGE_SIZE)
    if size > MAX_PAGE_SIZE:
        raise ApiError(400, "invalid_input", f"page_size tối đa là {MAX_PAGE_SIZE}.", "page_size")
    count = qs.count()
    pages = max(1, -(-count // size))
    ordered = qs.order_by(F("current_due").asc(nulls_last=True), "id")
    rows = list(ordered[(page - 1) * size : page * size]) if page <= pages else []
    return ok(
        {
            "count": count,
            "page": page,
            "page_size": size,
            "num_pages": pages,
            "next": _page_url(request, page + 1) if page < pages else None,
            "previous": _page_url(request, min(page - 1, pages)) if page > 1 else None,
            "results": [obligation_json(request, o) for o in rows],
        }
    )


def get_visible(user: User, pk: int | str) -> Obligation:
    pk = int(pk)
    obligation = visible(user).filter(pk=pk).first() if pk < 2**63 else None
    if obligation is None:
        # Another department's obligation is reported as missing, never as forbidden.
        raise ApiError(404, "not_found", f"Không có nghĩa vụ báo cáo số {pk} (hoặc bạn không được xem).")
    return obligation


def reports_of(obligation: Obligation) -> QuerySet[Report]:
    return (
        obligation.reports.select_related("created_by", "submitted_by", "reviewed_by")
        .prefetch_related("evidence")
        .order_by("created_at", "id")
    )


@api_view("GET")
def obligation_detail(request: HttpRequest, user: User, pk: int) -> JsonResponse:
    obligation = get_visible(user, pk)
    data = obligation_json(request, obligation)
    data["task"].update(product=obligation.task.product, schedule=obligation.task.schedule_text)
    data["targets"] = [
        target_json(t)
        for t in Target.objects.filter(task_id=obligation.task_id, kind=Target.Kind.TARGET).order_by("id")
    ]
    # The same rule as the task page: a coordinating unit sees no report of the lead unit.
    visible = permissions.can_see_reports(user, obligation)
    data["reports"] = [report_json(request, r) for r in reports_of(obligation)] if visible else []
    data["extensions"] = [
        {
            "id": x.pk,
            "state": x.state,
            "state_label": x.get_state_display(),
            "requested_due": iso(x.requested_due),
            "reason": x.reason,
            "requested_by": person(x.requested_by),
            "decided_by": person(x.decided_by),
            "decided_at": iso(x.decided_at),
            "decision_note": x.decision_note,
        }
        for x in obligation.extensions.select_related("requested_by", "decided_by").order_by("created_at")
    ]
    data["contributions"] = [
        {
            "unit": c.unit.name,
            "text": c.text,
            "created_by": person(c.created_by),
            "created_at": iso(c.created_at),
        }
        for c in obligation.contributions.select_related("unit", "created_by")
    ]
    data["can"] = {
        "save_draft": permissions.can_report(user, obligation),
        "submit": permissions.can_submit(user, obligation),
        "contribute": permissions.can_contribute(user, obligation),
    }
    return ok(data)
