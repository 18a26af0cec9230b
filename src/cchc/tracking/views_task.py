"""The task page (/nhiem-vu/<task_id>/): the task as planned, its obligations per unit, and
the panel of one obligation with its reports, contributions, extension requests, history
and the forms that act on it. Every form posts to its own URL; on an error the page is
shown again with what was typed and the service's message."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cchc.plans import selectors as plan_selectors
from cchc.plans.labels import number
from cchc.plans.models import Target, Task
from cchc.tracking import audit, extensions, permissions, planning, reports, selectors
from cchc.tracking.errors import TrackingError
from cchc.tracking.forms import (
    ContributionForm,
    EvidenceFormSet,
    ExtensionRequestForm,
    ReportForm,
    ReviewForm,
    ScheduleForm,
    SetDateForm,
)
from cchc.tracking.models import OPEN_STATUSES, Evidence, Obligation, Report
from cchc.tracking.views_common import can_set_dates, error_status, member_required, sees_all, show_error

# Schedules whose date the Office enters: an event's date, a date set elsewhere, or unreadable.
DATED_KINDS = ("event", "external", "unparsed")


def task_url(task_id: int, obligation_id: int | None = None, anchor: str = "chi-tiet") -> str:
    url = reverse("tracking:task", args=[task_id])
    if obligation_id:
        url += f"?nghia-vu={obligation_id}"
    return f"{url}#{anchor}" if anchor else url


def _task(request: HttpRequest, task_id: int) -> Task:
    return get_object_or_404(Task.objects.select_related("plan"), pk=task_id, plan__organisation=request.org)


def _obligation(request: HttpRequest, obligation_id: int) -> Obligation:
    obligation = get_object_or_404(
        Obligation.objects.select_related("task", "unit", "plan"), pk=obligation_id, organisation=request.org
    )
    if not permissions.can_view(request.user, obligation):
        raise PermissionDenied("Nghĩa vụ này không thuộc đơn vị của bạn.")
    return obligation


def shows_reports(request: HttpRequest, obligation: Obligation) -> bool:
    """A unit's reports are for its own people and the department-wide roles only (not for
    the units that coordinate the task: they see the obligation and the contributions)."""
    m = request.membership
    return sees_all(m) or (m.unit_id is not None and m.unit_id == obligation.unit_id)


def task_targets(task: Task) -> list[Target]:
    return list(task.targets.filter(kind=Target.Kind.TARGET).order_by("id"))


# --- The page -----------------------------------------------------------------------------------


@require_POST
@member_required
def task_edit_schedule(request: HttpRequest, task_id: int) -> HttpResponse:
    """The Office rewrites the task's schedule; future obligations are re-planned."""
    task = _task(request, task_id)
    if not can_set_dates(request.membership):
        raise PermissionDenied("Chỉ Văn phòng Sở và Lãnh đạo Sở được sửa thời gian của nhiệm vụ.")
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Hãy ghi thời gian / tiến độ của nhiệm vụ.")
        return render_task(request, task, forms={"schedule": form}, status=400)
    try:
        _, result = planning.edit_task_schedule(
            task,
            text=form.cleaned_data["text"],
            user=request.user,
            today=timezone.localdate(),
            expected_version=form.cleaned_data["version"],
        )
    except planning.PlanningError as exc:
        messages.error(request, exc.message)
        form.add_error("text", exc.message)
        return render_task(request, task, forms={"schedule": form}, status=409)
    messages.success(
        request,
        f"Đã sửa thời gian: {result.created} kỳ mới, {result.updated} kỳ đổi hạn, {result.deleted} kỳ bỏ; "
        f"{result.kept + result.deactivated} kỳ đã qua hoặc đã báo cáo được giữ nguyên.",
    )
    return redirect(task_url(task.pk, anchor=""))


@require_GET
@member_required
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    return render_task(request, _task(request, task_id))


def _pick(request: HttpRequest, task: Task, obligations, selected_id: int | None) -> Obligation | None:
    """The obligation whose panel is open: the one asked for, else the only one, else the
    person's unit's first open one."""
    if selected_id is None:
        raw = request.GET.get("nghia-vu", "")
        selected_id = int(raw) if raw.isdigit() else None
    if selected_id is not None:
        if obligations.filter(pk=selected_id).exists():
            return selectors.obligation_detail(selected_id)
        if Obligation.objects.filter(pk=selected_id, task=task).exists():
            raise PermissionDenied("Nghĩa vụ này không thuộc đơn vị của bạn.")
        raise Http404("Không có nghĩa vụ này.")
    m = request.membership
    first = None
    if m.role in permissions.UNIT_ROLES and m.unit_id:
        first = obligations.filter(unit_id=m.unit_id, status__in=OPEN_STATUSES).values("pk").first()
    if first is None and obligations.count() == 1:
        first = obligations.values("pk").first()
    return selectors.obligation_detail(first["pk"]) if first else None


def render_task(
    request: HttpRequest,
    task: Task,
    *,
    selected_id: int | None = None,
    forms: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    m = request.membership
    user = request.user
    obligations = selectors.task_obligations(task, permissions.visible_obligations(user))
    if not sees_all(m) and not obligations.exists():
        raise PermissionDenied("Nhiệm vụ này không giao cho đơn vị của bạn.")
    forms = dict(forms or {})
    page = selectors.paginate(obligations, request.GET.get("trang"))
    selected = _pick(request, task, obligations, selected_id)
    panel = _panel(request, task, selected, forms) if selected else None
    if can_set_dates(m) and (task.schedule or {}).get("kind") in DATED_KINDS:
        forms.setdefault("date", SetDateForm())
    if can_set_dates(m) and not task.is_group:
        forms.setdefault(
            "schedule", ScheduleForm(initial={"text": task.schedule_text, "version": task.version})
        )
    plan_task = plan_selectors.task_view(task)
    return render(
        request,
        "tracking/task_detail.html",
        {
            "task": task,
            "plan": task.plan,
            "t": plan_task,
            "page": page,
            "selected": selected,
            "panel": panel,
            "forms": forms,
            "date_kind": (task.schedule or {}).get("kind"),
            "today": timezone.localdate(),
            "task_history": audit.history_of(task),
        },
        status=status,
    )


def _panel(request: HttpRequest, task: Task, obligation: Obligation, forms: dict[str, Any]) -> dict[str, Any]:
    user = request.user
    show = shows_reports(request, obligation)
    all_reports = list(obligation.reports.all()) if show else []
    targets = task_targets(task)
    reports_view = [
        {"report": r, "measurements": selectors.measured_targets(r, targets)} for r in all_reports
    ]
    latest = all_reports[0] if all_reports else None
    waiting = latest is not None and latest.state == Report.State.SUBMITTED
    pending_ext = any(e.state == e.State.PENDING for e in obligation.extensions.all())
    # A form posted back with an error stays as typed; a form the person may not use (or that
    # no longer applies) is not shown at all.
    if permissions.can_report(user, obligation):
        if obligation.is_open and not waiting and "report" not in forms:
            forms["report"], forms["evidence"] = _blank_report_forms(targets, latest)
        if "report" in forms:
            forms["can_submit"] = permissions.can_submit(user, obligation)
    else:
        forms.pop("report", None)
        forms.pop("evidence", None)
    _offer(forms, "contribution", ContributionForm, permissions.can_contribute(user, obligation))
    _offer(
        forms,
        "extension",
        ExtensionRequestForm,
        permissions.can_request_extension(user, obligation)
        and obligation.is_open
        and not pending_ext
        and obligation.current_due is not None,
    )
    _offer(
        forms,
        "review",
        lambda: ReviewForm(initial={"version": latest.version}),
        waiting and permissions.can_review(user, obligation.organisation_id),
    )
    # The obligation's trail includes its reports, documents, values, contributions and
    # extension requests; a coordinating unit, which may not read the reports, gets none.
    history = audit.history_of(obligation) if show else []
    return {
        "obligation": obligation,
        "show_reports": show,
        "reports": reports_view,
        "latest": latest,
        "waiting": waiting,
        "contributions": list(obligation.contributions.all()),
        "extensions": list(obligation.extensions.all()),
        "pending_extension": pending_ext,
        "history": history,
    }


def _offer(forms: dict[str, Any], name: str, factory, allowed: bool) -> None:
    if allowed:
        forms.setdefault(name, factory())
    else:
        forms.pop(name, None)


def _blank_report_forms(targets: list[Target], latest: Report | None) -> tuple[ReportForm, Any]:
    """A draft is edited in place; a returned report's text is the start of the next one."""
    initial: dict[str, Any] = {"action": "submit"}
    if latest is not None and latest.state in (Report.State.DRAFT, Report.State.RETURNED):
        initial.update(narrative=latest.narrative, progress=latest.progress)
        for meas in latest.measurements.all():
            initial[f"chi_tieu_{meas.target_id}"] = number(meas.value)
    if latest is not None and latest.state == Report.State.DRAFT:
        initial.update(report=latest.pk, version=latest.version)
    return ReportForm(initial=initial, targets=targets), EvidenceFormSet(prefix="ev")


# --- Writes -------------------------------------------------------------------------------------


def _fail(
    request: HttpRequest, obligation: Obligation, forms: dict[str, Any], exc: TrackingError | None = None
) -> HttpResponse:
    if exc is not None:
        form = next(iter(forms.values()), None)
        show_error(request, exc, form)
        status = error_status(exc)
    else:
        messages.error(request, "Thông tin chưa hợp lệ: xem các ô được đánh dấu.")
        status = 400
    return render_task(request, obligation.task, selected_id=obligation.pk, forms=forms, status=status)


@require_POST
@member_required
def report_save(request: HttpRequest, obligation_id: int) -> HttpResponse:
    """Save the report as a draft, or send it to the Office (button "Gửi báo cáo")."""
    obligation = _obligation(request, obligation_id)
    form = ReportForm(request.POST, targets=task_targets(obligation.task))
    evidence = EvidenceFormSet(request.POST, request.FILES, prefix="ev")
    forms = {"report": form, "evidence": evidence}
    if not (form.is_valid() and evidence.is_valid()):
        if request.FILES:
            messages.warning(request, "Tệp đã chọn chưa được lưu: hãy chọn lại tệp trước khi gửi.")
        return _fail(request, obligation, forms)
    data = form.cleaned_data
    report = None
    if data.get("report"):
        report = get_object_or_404(Report, pk=data["report"], obligation=obligation)
    items = [
        reports.EvidenceInput(
            doc_number=f.cleaned_data["doc_number"],
            doc_date=f.cleaned_data["doc_date"],
            summary=f.cleaned_data["summary"],
            file=f.cleaned_data.get("file"),
            url=f.cleaned_data.get("url") or "",
        )
        for f in evidence.forms
        if f.has_changed() and not f.is_blank()
    ]
    try:
        if data["action"] == "draft":
            # The documents are checked before the draft is written: a bad file must not
            # leave a saved draft behind a form that still shows the old version.
            today = timezone.localdate()
            items = [reports.check_evidence(item, obligation.plan, today) for item in items]
            saved = reports.save_draft(
                obligation,
                request.user,
                narrative=data["narrative"],
                progress=data["progress"],
                report=report,
                expected_version=data.get("version") if report else None,
                measurements=form.measurements(),
            )
            for item in items:
                reports.add_evidence(saved, request.user, item)
            messages.success(request, "Đã lưu bản nháp báo cáo.")
        else:
            reports.submit_report(
                obligation,
                request.user,
                narrative=data["narrative"],
                progress=data["progress"],
                evidence=items,
                measurements=form.measurements(),
                report=report,
                expected_version=data.get("version") if report else None,
            )
            messages.success(request, "Đã gửi báo cáo đến Văn phòng Sở.")
    except TrackingError as exc:
        return _fail(request, obligation, forms, exc)
    return redirect(task_url(obligation.task_id, obligation.pk))


@require_POST
@member_required
def contribution_add(request: HttpRequest, obligation_id: int) -> HttpResponse:
    obligation = _obligation(request, obligation_id)
    form = ContributionForm(request.POST)
    if not form.is_valid():
        return _fail(request, obligation, {"contribution": form})
    try:
        reports.add_contribution(obligation, request.user, form.cleaned_data["text"])
    except TrackingError as exc:
        return _fail(request, obligation, {"contribution": form}, exc)
    messages.success(request, "Đã gửi nội dung phối hợp.")
    return redirect(task_url(obligation.task_id, obligation.pk))


@require_POST
@member_required
def extension_request(request: HttpRequest, obligation_id: int) -> HttpResponse:
    obligation = _obligation(request, obligation_id)
    form = ExtensionRequestForm(request.POST)
    if not form.is_valid():
        return _fail(request, obligation, {"extension": form})
    try:
        extensions.request_extension(
            obligation,
            request.user,
            reason=form.cleaned_data["reason"],
            new_date=form.cleaned_data["new_date"],
        )
    except TrackingError as exc:
        return _fail(request, obligation, {"extension": form}, exc)
    messages.success(request, "Đã gửi đề nghị gia hạn; Lãnh đạo Sở hoặc Văn phòng Sở sẽ xem xét.")
    return redirect(task_url(obligation.task_id, obligation.pk))


@require_POST
@member_required
def task_set_date(request: HttpRequest, task_id: int) -> HttpResponse:
    """The Office enters the event's date, or the date another body set (tasks the plan left open)."""
    task = _task(request, task_id)
    if not can_set_dates(request.membership):
        raise PermissionDenied("Chỉ Văn phòng Sở và Lãnh đạo Sở được nhập ngày cho nhiệm vụ.")
    kind = (task.schedule or {}).get("kind")
    form = SetDateForm(request.POST)
    if kind not in DATED_KINDS:
        messages.error(request, "Nhiệm vụ này đã có thời hạn trong kế hoạch, không cần nhập ngày.")
        return redirect(task_url(task.pk, anchor=""))
    if not form.is_valid():
        messages.error(request, "Ngày chưa hợp lệ: hãy viết dạng dd/mm/yyyy.")
        return render_task(request, task, forms={"date": form}, status=400)
    day = form.cleaned_data["date"]
    try:
        if kind == "event":
            planning.set_task_date(task, event_date=day, user=request.user)
        else:
            planning.set_task_date(task, set_date=day, user=request.user)
    except planning.PlanningError as exc:
        messages.error(request, exc.message)
        form.add_error("date", exc.message)
        return render_task(request, task, forms={"date": form}, status=400)
    messages.success(request, f"Đã ghi ngày {day:%d/%m/%Y}; các đơn vị chủ trì đã có nghĩa vụ báo cáo.")
    return redirect(task_url(task.pk, anchor=""))


@require_GET
@member_required
def evidence_file(request: HttpRequest, evidence_id: int) -> FileResponse:
    evidence = get_object_or_404(
        Evidence.objects.select_related("report__obligation"),
        pk=evidence_id,
        report__obligation__organisation=request.org,
    )
    obligation = evidence.report.obligation
    if not (permissions.can_view(request.user, obligation) and shows_reports(request, obligation)):
        raise PermissionDenied("Tài liệu này thuộc báo cáo của đơn vị khác.")
    if not evidence.file:
        raise Http404("Tài liệu này không có tệp đính kèm.")
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Không tìm thấy tệp trên máy chủ.") from exc
    name = evidence.file_name or evidence.file.name.rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=name)


@require_POST
@member_required
def evidence_remove(request: HttpRequest, evidence_id: int) -> HttpResponse:
    """Take a document off a draft report."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("report__obligation"),
        pk=evidence_id,
        report__obligation__organisation=request.org,
    )
    obligation = evidence.report.obligation
    version = request.POST.get("version", "")
    try:
        reports.remove_evidence(
            evidence, request.user, expected_version=int(version) if version.isdigit() else None
        )
    except TrackingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Đã bỏ văn bản {evidence.doc_number} khỏi bản nháp.")
    return redirect(task_url(obligation.task_id, obligation.pk, anchor="bao-cao"))
