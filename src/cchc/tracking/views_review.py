"""The review queue (/duyet-bao-cao/) and the extension requests (/gia-han/)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from cchc.orgs.access import member_required
from cchc.orgs.types import MemberRequest
from cchc.tracking import extensions, permissions, reports, selectors, sorting
from cchc.tracking.errors import TrackingError
from cchc.tracking.forms import ExtensionDecisionForm, ReviewForm
from cchc.tracking.models import ExtensionRequest, Report
from cchc.tracking.views_common import error_status, sees_all, show_error
from cchc.tracking.views_task import render_task, task_url

# --- Review queue -------------------------------------------------------------------------------


def _reviewer(request: MemberRequest) -> None:
    if not permissions.can_review(request.user, request.org):
        raise PermissionDenied("Chỉ chuyên viên CCHC của Văn phòng Sở duyệt báo cáo.")


@require_GET
@member_required
def review_queue(request: MemberRequest) -> HttpResponse:
    _reviewer(request)
    return _render_queue(request)


def _render_queue(
    request: MemberRequest, *, bound: tuple[int, ReviewForm] | None = None, status: int = 200
) -> HttpResponse:
    search = (request.GET.get("q") or "").strip()[:200]
    sort = sorting.parse(request.GET.get(sorting.PARAM), selectors.REVIEW_SORTS)
    queue = selectors.review_queue(request.org, search=search, sort=sort.param)
    page = selectors.paginate(queue, request.GET.get("trang"))
    for report in page:
        if bound and bound[0] == report.pk:
            report.review_form = bound[1]
        else:
            report.review_form = ReviewForm(initial={"version": report.version, "decision": "accept"})
        report.measurement_rows = selectors.measured_targets(report, report.obligation.task.targets_list)
    return render(
        request,
        "tracking/review_queue.html",
        {"page": page, "search": search, "sort": sort, "sorts": REVIEW_SORT_LABELS},
        status=status,
    )


REVIEW_SORT_LABELS = (
    ("gui", "Ngày gửi"),
    ("han", "Hạn"),
    ("nhiem-vu", "Nhiệm vụ"),
    ("don-vi", "Đơn vị"),
)


@require_POST
@member_required
def review(request: MemberRequest, report_id: int) -> HttpResponse:
    """Accept a submitted report, or return it with a comment (required)."""
    _reviewer(request)
    report = get_object_or_404(
        Report.objects.select_related("obligation", "obligation__task"),
        pk=report_id,
        obligation__organisation=request.org,
    )
    form = ReviewForm(request.POST)
    from_task = request.POST.get("from") == "task"

    def again(exc: TrackingError | None = None) -> HttpResponse:
        if exc is None:
            messages.error(request, "Chưa duyệt được: xem ý kiến được đánh dấu.")
            status = 400
        else:
            show_error(request, exc, form)
            status = error_status(exc)
        if from_task:
            return render_task(
                request,
                report.obligation.task,
                selected_id=report.obligation_id,
                forms={"review": form},
                status=status,
            )
        return _render_queue(request, bound=(report.pk, form), status=status)

    if not form.is_valid():
        return again()
    accept = form.cleaned_data["decision"] == "accept"
    try:
        reports.review_report(
            report,
            request.user,
            accept=accept,
            comment=form.cleaned_data["comment"],
            expected_version=form.cleaned_data["version"],
        )
    except TrackingError as exc:
        return again(exc)
    unit = report.unit.name if report.unit_id else ""
    if accept:
        messages.success(request, f"Đã chấp nhận báo cáo của {unit}.")
    else:
        messages.success(request, f"Đã trả lại báo cáo của {unit} kèm ý kiến.")
    if from_task:
        return redirect(task_url(report.obligation.task_id, report.obligation_id))
    return redirect("tracking:review_queue")


# --- Extension requests -------------------------------------------------------------------------


@require_GET
@member_required
def extension_list(request: MemberRequest) -> HttpResponse:
    return _render_extensions(request)


def _render_extensions(
    request: MemberRequest, *, bound: tuple[int, ExtensionDecisionForm] | None = None, status: int = 200
) -> HttpResponse:
    m = request.membership
    decider = permissions.can_decide_extension(request.user, request.org)
    # One sort for both tables (pending and decided): without one, each its own default.
    param = request.GET.get(sorting.PARAM) or ""
    sort = sorting.parse(param, selectors.EXTENSION_SORTS)
    param = sort.param if param else ""
    ctx: dict[str, Any] = {"decider": decider, "unit": None, "sort": sort if param else sorting.Sort("")}
    if sees_all(m):
        pending = list(selectors.extension_requests(request.org, pending=True, sort=param))
        for x in pending:
            # an attribute for the template only (not a model field)
            x.decision_form = bound[1] if bound and bound[0] == x.pk else ExtensionDecisionForm()  # type: ignore[attr-defined]
        ctx["pending"] = pending
        ctx["page"] = selectors.paginate(
            selectors.extension_requests(request.org, pending=False, sort=param), request.GET.get("trang")
        )
    elif m.role in permissions.UNIT_ROLES and m.unit_id:
        ctx["unit"] = m.unit
        ctx["page"] = selectors.paginate(
            selectors.extension_requests(request.org, unit=m.unit, sort=param), request.GET.get("trang")
        )
    else:
        raise PermissionDenied("Tài khoản của bạn chưa được gán vào đơn vị nào: hãy liên hệ Văn phòng Sở.")
    return render(request, "tracking/extensions.html", ctx, status=status)


@require_POST
@member_required
def extension_decide(request: MemberRequest, request_id: int) -> HttpResponse:
    if not permissions.can_decide_extension(request.user, request.org):
        raise PermissionDenied("Chỉ Lãnh đạo Sở và Văn phòng Sở quyết định gia hạn.")
    ext = get_object_or_404(
        ExtensionRequest.objects.select_related("obligation", "obligation__unit"),
        pk=request_id,
        obligation__organisation=request.org,
    )
    form = ExtensionDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Hãy chọn “Đồng ý” hoặc “Không đồng ý”.")
        return _render_extensions(request, bound=(ext.pk, form), status=400)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        extensions.decide_extension(ext, request.user, approve=approve, note=form.cleaned_data["note"])
    except TrackingError as exc:
        show_error(request, exc, form)
        return _render_extensions(request, bound=(ext.pk, form), status=error_status(exc))
    unit = ext.obligation.unit.name
    if approve:
        messages.success(request, f"Đã đồng ý gia hạn cho {unit} đến ngày {ext.requested_due:%d/%m/%Y}.")
    else:
        messages.success(request, f"Đã không đồng ý đề nghị gia hạn của {unit}.")
    return redirect("tracking:extensions")
