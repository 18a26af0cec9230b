"""The task page (/nhiem-vu/<task_id>/): the task as planned, its obligations per unit, and
the panel of one obligation with its reports, contributions, extension requests, history
and the forms that act on it. Every form posts to its own URL; on an error the page is
shown again with what was typed and the service's message."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import BoundField
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cchc.core.ids import parse_id
from cchc.core.products import document_kind
from cchc.orgs.access import member_required
from cchc.orgs.types import MemberRequest
from cchc.plans import selectors as plan_selectors
from cchc.plans.labels import number
from cchc.plans.models import Target, Task
from cchc.tracking import audit, extensions, permissions, reports, selectors
from cchc.tracking.errors import Conflict, TrackingError
from cchc.tracking.forms import (
    ContributionForm,
    EvidenceFormSet,
    ExtensionRequestForm,
    ReportForm,
    ReviewForm,
    ScheduleForm,
    SetDateForm,
    TaskUnitsForm,
)
from cchc.tracking.models import OPEN_STATUSES, Evidence, Obligation, Report
from cchc.tracking.views_common import can_set_dates, error_status, sees_all, show_error

# Schedules whose date the Office enters: an event's date, a date set elsewhere, or unreadable.
DATED_KINDS = ("event", "external", "unparsed")


def task_url(task_id: int, obligation_id: int | None = None, anchor: str = "chi-tiet") -> str:
    url = reverse("tracking:task", args=[task_id])
    if obligation_id:
        url += f"?nghia-vu={obligation_id}"
    return f"{url}#{anchor}" if anchor else url


def task_for(request: MemberRequest, task_id: int) -> Task:
    return get_object_or_404(Task.objects.select_related("plan"), pk=task_id, plan__organisation=request.org)


def _obligation(request: MemberRequest, obligation_id: int) -> Obligation:
    obligation = get_object_or_404(
        Obligation.objects.select_related("task", "unit", "plan"), pk=obligation_id, organisation=request.org
    )
    if not permissions.can_view(request.user, obligation):
        raise PermissionDenied("Nghĩa vụ này không thuộc đơn vị của bạn.")
    return obligation


def task_targets(task: Task) -> list[Target]:
    return list(task.targets.filter(kind=Target.Kind.TARGET).order_by("id"))


# --- The page -----------------------------------------------------------------------------------


@require_GET
@member_required
def task_detail(request: MemberRequest, task_id: int) -> HttpResponse:
    return render_task(request, task_for(request, task_id))


def _page_of(obligations, obligation_id: int) -> int:
    """The page of the task's obligation list that holds ``obligation_id`` (a link to a period
    of a task with hundreds of them opens the page where its row is)."""
    ids = list(obligations.values_list("pk", flat=True))
    try:
        return ids.index(obligation_id) // selectors.PAGE_SIZE + 1
    except ValueError:
        return 1


def _pick(request: MemberRequest, task: Task, obligations, selected_id: int | None) -> Obligation | None:
    """The obligation whose panel is open: the one asked for, else the only one, else the
    person's unit's first open one."""
    if selected_id is None:
        raw = request.GET.get("nghia-vu", "")
        selected_id = parse_id(raw)
    if selected_id is not None:
        if obligations.filter(pk=selected_id).exists():
            return selectors.obligation_detail(selected_id)
        found = (
            Obligation.objects.filter(pk=selected_id, task=task).values("is_active", "period_label").first()
        )
        if found is None:
            raise Http404("Không có nghĩa vụ này.")
        if not permissions.visible_obligations(request.user).filter(pk=selected_id).exists():
            raise PermissionDenied("Nghĩa vụ này không thuộc đơn vị của bạn.")
        # A period the schedule or the units no longer have (a link in an older notification).
        messages.warning(
            request,
            f"Kỳ “{found['period_label']}” không còn được theo dõi: thời gian hoặc đơn vị của nhiệm vụ "
            "đã được điều chỉnh. Các kỳ hiện tại của nhiệm vụ ở danh sách dưới đây.",
        )
        return None
    m = request.membership
    first = None
    if m.role in permissions.UNIT_ROLES and m.unit_id:
        first = obligations.filter(unit_id=m.unit_id, status__in=OPEN_STATUSES).values("pk").first()
    if first is None and obligations.count() == 1:
        first = obligations.values("pk").first()
    return selectors.obligation_detail(first["pk"]) if first else None


def render_task(
    request: MemberRequest,
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
    selected = _pick(request, task, obligations, selected_id)
    page_number: str | int | None = request.GET.get("trang")
    if not page_number and selected is not None:
        page_number = _page_of(obligations, selected.pk)
    page = selectors.paginate(obligations, page_number)
    panel = _panel(request, task, selected, forms) if selected else None
    # An archived plan is read-only: no forms that change its tasks (the services refuse too).
    editable = can_set_dates(m) and not task.plan.is_archived
    if editable and (task.schedule or {}).get("kind") in DATED_KINDS:
        forms.setdefault("date", SetDateForm())
    if editable and not task.is_group:
        forms.setdefault(
            "schedule", ScheduleForm(initial={"text": task.schedule_text, "version": task.version})
        )
        forms.setdefault("units", TaskUnitsForm.for_task(task))
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


def _panel(
    request: MemberRequest, task: Task, obligation: Obligation, forms: dict[str, Any]
) -> dict[str, Any]:
    user = request.user
    show = permissions.sees_reports(request.membership, obligation)
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
            # The question "send without evidence?" once asked stays on the page until answered.
            confirm = forms["report"]["confirm_no_evidence"]
            forms["ask_no_evidence"] = forms["report"].is_bound and bool(confirm.errors or confirm.value())
    else:
        forms.pop("report", None)
        forms.pop("evidence", None)
    _offer(forms, "contribution", ContributionForm, permissions.can_contribute(user, obligation))
    may_extend = (
        permissions.can_request_extension(user, obligation)
        and obligation.is_open
        and not pending_ext
        and obligation.current_due is not None
    )
    # An extension is asked before the due date (the service refuses it after): past it, the
    # form is not offered, and the panel says why and what to do instead.
    due = obligation.current_due  # not None when may_extend (checked above)
    extension_closed = may_extend and not waiting and due is not None and due < timezone.localdate()
    _offer(forms, "extension", ExtensionRequestForm, may_extend and not extension_closed)
    _offer(
        forms,
        "review",
        # made only when waiting, i.e. when there is a latest report
        lambda: ReviewForm(initial={"version": latest.version if latest else None}),
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
        "extension_closed": extension_closed,
        "document_kind": document_kind(task.product),
        "history": history,
    }


def _offer(forms: dict[str, Any], name: str, factory, allowed: bool) -> None:
    if allowed:
        forms.setdefault(name, factory())
    else:
        forms.pop(name, None)


def _blank_report_forms(targets: list[Target], latest: Report | None) -> tuple[ReportForm, Any]:
    """A draft is edited in place; a returned report's text is the start of the next one.
    The progress starts from the last report's (0 for a first report), never from 100."""
    initial: dict[str, Any] = {"action": "submit", "progress": 0}
    if latest is not None and latest.state in (Report.State.DRAFT, Report.State.RETURNED):
        initial.update(narrative=latest.narrative, progress=latest.progress)
        for meas in latest.measurements.all():
            initial[f"chi_tieu_{meas.target_id}"] = number(meas.value)
    if latest is not None and latest.state == Report.State.DRAFT:
        initial.update(report=latest.pk, version=latest.version)
    return ReportForm(initial=initial, targets=targets), EvidenceFormSet(prefix="ev")


# --- Writes -------------------------------------------------------------------------------------


def focus_first_error(fields: Iterable[BoundField]) -> None:
    """``autofocus`` on the first field with an error: the browser lands on it, not on the top
    of a long page (the error is written next to the field)."""
    for bf in fields:
        if bf.errors:
            bf.field.widget.attrs["autofocus"] = True
            return


def _report_fields(forms: dict[str, Any]) -> list[BoundField]:
    """The report form's fields in the order the page shows them."""
    form, evidence = forms["report"], forms["evidence"]
    rows = [ef[name] for ef in evidence.forms for name in ef.fields]
    return [form["narrative"], form["progress"], *rows, *form.target_fields(), form["confirm_no_evidence"]]


def _fail(
    request: MemberRequest, obligation: Obligation, forms: dict[str, Any], exc: TrackingError | None = None
) -> HttpResponse:
    if exc is not None:
        form = next(iter(forms.values()), None)
        show_error(request, exc, form)
        if form is not None and exc.field not in form.fields:
            form.add_error(None, exc.message)  # on the form too: the page lands on it
        status = error_status(exc)
    else:
        messages.error(request, "Thông tin chưa hợp lệ: xem các ô được đánh dấu.")
        status = 400
    if "report" in forms:
        focus_first_error(_report_fields(forms))
    else:
        focus_first_error(
            bf for f in forms.values() if hasattr(f, "visible_fields") for bf in f.visible_fields()
        )
    return render_task(request, obligation.task, selected_id=obligation.pk, forms=forms, status=status)


def _evidence_items(evidence: Any, obligation: Obligation) -> list[reports.EvidenceInput] | None:
    """The documents typed in the form, each checked as the service will check it; a refusal
    is written on the row and field it is about (None is returned then)."""
    today = timezone.localdate()
    items: list[reports.EvidenceInput] = []
    ok = True
    for f in evidence.forms:
        if not f.has_changed() or f.is_blank():
            continue
        item = reports.EvidenceInput(
            doc_number=f.cleaned_data["doc_number"],
            doc_date=f.cleaned_data["doc_date"],
            summary=f.cleaned_data["summary"],
            file=f.cleaned_data.get("file"),
            url=f.cleaned_data.get("url") or "",
        )
        try:
            item = reports.check_evidence(item, obligation.plan, today)
            reports.check_no_duplicates([item], items)
        except TrackingError as exc:
            f.add_error(exc.field if exc.field in f.fields else None, exc.message)
            ok = False
            continue
        items.append(item)
    return items if ok else None


@require_POST
@member_required
def report_save(request: MemberRequest, obligation_id: int) -> HttpResponse:
    """Save the report as a draft, or send it to the Office (button "Gửi báo cáo"). A report
    sent without any evidence document asks for a confirmation first, and is refused where
    the task's product is a document; the draft and its documents are saved together."""
    obligation = _obligation(request, obligation_id)
    form = ReportForm(request.POST, targets=task_targets(obligation.task))
    evidence = EvidenceFormSet(request.POST, request.FILES, prefix="ev")
    forms: dict[str, Any] = {"report": form, "evidence": evidence}

    def fail(exc: TrackingError | None = None) -> HttpResponse:
        # Not after a conflict: the report was sent (or decided) meanwhile, nothing to send again.
        if request.FILES and not isinstance(exc, Conflict):
            messages.warning(request, "Tệp đã chọn chưa được lưu: hãy chọn lại tệp trước khi gửi.")
        return _fail(request, obligation, forms, exc)

    if not (form.is_valid() and evidence.is_valid()):
        return fail()
    items = _evidence_items(evidence, obligation)
    if items is None:
        return fail()
    data = form.cleaned_data
    report = None
    if data.get("report"):
        report = get_object_or_404(Report, pk=data["report"], obligation=obligation)
    common = {
        "narrative": data["narrative"],
        "progress": data["progress"],
        "measurements": form.measurements(),
        "report": report,
        "expected_version": data.get("version") if report else None,
    }
    try:
        if data["action"] == "draft":
            reports.save_draft(obligation, request.user, evidence=items, **common)
            messages.success(request, "Đã lưu bản nháp báo cáo.")
        else:
            reports.submit_report(
                obligation,
                request.user,
                evidence=items,
                allow_without_evidence=data["confirm_no_evidence"],
                **common,
            )
            messages.success(request, "Đã gửi báo cáo đến Văn phòng Sở.")
    except reports.DocumentRequired as exc:
        messages.error(request, exc.message)
        forms["evidence_error"] = exc.message
        first = evidence.forms[0]["doc_number"] if evidence.forms else None
        if first is not None:
            first.field.widget.attrs["autofocus"] = True
        return render_task(request, obligation.task, selected_id=obligation.pk, forms=forms, status=400)
    except TrackingError as exc:
        return fail(exc)
    return redirect(task_url(obligation.task_id, obligation.pk))


@require_POST
@member_required
def contribution_add(request: MemberRequest, obligation_id: int) -> HttpResponse:
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
def extension_request(request: MemberRequest, obligation_id: int) -> HttpResponse:
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


@require_GET
@member_required
def evidence_file(request: MemberRequest, evidence_id: int) -> FileResponse:
    evidence = get_object_or_404(
        Evidence.objects.select_related("report__obligation"),
        pk=evidence_id,
        report__obligation__organisation=request.org,
    )
    obligation = evidence.report.obligation
    if not (
        permissions.can_view(request.user, obligation)
        and permissions.sees_reports(request.membership, obligation)
    ):
        raise PermissionDenied("Tài liệu này thuộc báo cáo của đơn vị khác.")
    if not evidence.file:
        raise Http404("Tài liệu này không có tệp đính kèm.")
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Không tìm thấy tệp trên máy chủ.") from exc
    name = evidence.file_name or (evidence.file.name or "").rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=name)


@require_POST
@member_required
def evidence_remove(request: MemberRequest, evidence_id: int) -> HttpResponse:
    """Take a document off a draft report."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("report__obligation"),
        pk=evidence_id,
        report__obligation__organisation=request.org,
    )
    obligation = evidence.report.obligation
    version = request.POST.get("version", "")
    try:
        reports.remove_evidence(evidence, request.user, expected_version=parse_id(version, minimum=0))
    except TrackingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Đã bỏ văn bản {evidence.doc_number} khỏi bản nháp.")
    return redirect(task_url(obligation.task_id, obligation.pk, anchor="bao-cao"))
