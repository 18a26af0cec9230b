"""Screens of the reports sent upward (/bao-cao-cchc/): the year's reports with their due
dates, a report's draft (its figures, the Office's texts, "cập nhật số liệu", the files made
in the background, "đã gửi"), the files to download.

The leadership and the Office see them; the Office (and the leadership) write them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cchc.core.errors import UserError
from cchc.core.reporting.document import ReportDocument
from cchc.core.reporting.periods import ReportKind
from cchc.core.reporting.template import default_template
from cchc.orgs.access import DEPARTMENT_WIDE, role_required
from cchc.orgs.models import IMPORT_ROLES
from cchc.orgs.types import MemberRequest
from cchc.plans.models import Plan
from cchc.reporting import jobs, services
from cchc.reporting.forms import OpenForm, PlanReportForm, SentForm, TextForm
from cchc.reporting.models import FilesJob, GeneratedFile, UpwardReport

reader_required = role_required(DEPARTMENT_WIDE, "Chỉ Lãnh đạo Sở và Văn phòng Sở xem được báo cáo CCHC.")
writer_required = role_required(
    IMPORT_ROLES, "Chỉ Lãnh đạo Sở và chuyên viên CCHC của Văn phòng Sở lập báo cáo CCHC."
)
CHANGES_KEY = "reporting:changes:{}"
CHANGES_SHOWN = 60


def _can_write(request: MemberRequest) -> bool:
    return request.membership.role in IMPORT_ROLES


def _list_context(request: MemberRequest, year: int, **forms: Any) -> dict[str, Any]:
    today = timezone.localdate()
    due = services.due_reports(request.org, year)
    for item in due:
        p, report = item["period"], item["report"]
        unsent = report is None or report.state != UpwardReport.State.SENT
        item["late"] = unsent and p.due is not None and p.due < today
    plans = Plan.objects.filter(organisation=request.org, archived_at__isnull=True).order_by(
        "-period_start", "-id"
    )
    return {
        "year": year,
        "due": due,
        "others": UpwardReport.objects.filter(organisation=request.org).order_by("-window_end", "kind")[:50],
        "form": forms.get("form") or OpenForm(),
        "plan_form": forms.get("plan_form") or PlanReportForm(plans=plans),
        "can_write": _can_write(request),
        "years": (year - 1, year + 1),
    }


@require_GET
@reader_required
def report_list(request: MemberRequest) -> HttpResponse:
    year = int(request.GET["nam"]) if request.GET.get("nam", "").isdigit() else timezone.localdate().year
    return render(request, "reporting/list.html", _list_context(request, min(max(year, 2000), 2100)))


@require_POST
@writer_required
def report_open(request: MemberRequest) -> HttpResponse:
    form = OpenForm(request.POST)
    if form.is_valid():
        try:
            report = services.open_report(
                request.org, form.cleaned_data["loai"], form.cleaned_data["ky"], request.user
            )
        except UserError as exc:
            form.add_error("ky", exc.message)
        else:
            return redirect("reporting:detail", report.pk)
    context = _list_context(request, timezone.localdate().year, form=form)
    return render(request, "reporting/list.html", context, status=400)


@require_POST
@writer_required
def report_open_plan(request: MemberRequest) -> HttpResponse:
    """ "Báo cáo kết quả thực hiện Kế hoạch số …": the plan's own report, over its period."""
    plans = Plan.objects.filter(organisation=request.org, archived_at__isnull=True)
    form = PlanReportForm(request.POST, plans=plans)
    if form.is_valid():
        report = services.open_report(
            request.org, ReportKind.PLAN, str(form.cleaned_data["ke_hoach"].pk), request.user
        )
        return redirect("reporting:detail", report.pk)
    context = _list_context(request, timezone.localdate().year, plan_form=form)
    return render(request, "reporting/list.html", context, status=400)


def _report(request: MemberRequest, pk: int) -> UpwardReport:
    return get_object_or_404(
        UpwardReport.objects.select_related("organisation"), pk=pk, organisation=request.org
    )


def _detail_context(request: MemberRequest, report: UpwardReport, **extra: Any) -> dict[str, Any]:
    doc = ReportDocument.from_dict(report.figures) if report.figures else None
    job = FilesJob.objects.filter(report=report).order_by("-created_at", "-id").first()
    texts = list(report.texts.all())
    forms = extra.pop("forms", {})
    parts = [(t, forms.get(t.key) or TextForm(initial={"text": t.text, "version": t.version})) for t in texts]
    changes = request.session.pop(CHANGES_KEY.format(report.pk), None)
    return {
        "report": report,
        "doc": doc,
        "tables": doc.tables() if doc else [],
        "parts": parts,
        "files": report.files.select_related("created_by").order_by("-created_at", "format")[:30],
        "job": job,
        "live": jobs.live(job) if job else None,
        "poll_url": reverse("reporting:job_progress", args=[job.pk]) if job else "",
        "stages": FilesJob.Stage.choices,
        "can_write": _can_write(request) and report.state == UpwardReport.State.DRAFT,
        # Files may be made again once it is sent: the final copy, with its outgoing number.
        "can_make_files": _can_write(request),
        "sent_form": extra.pop("sent_form", None)
        or SentForm(initial={"ngay": timezone.localdate(), "version": report.version}),
        "changes": changes,
        **extra,
    }


@require_GET
@reader_required
def report_detail(request: MemberRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    return render(request, "reporting/detail.html", _detail_context(request, report))


@require_POST
@writer_required
def report_text(request: MemberRequest, pk: int, key: str) -> HttpResponse:
    report = _report(request, pk)
    form = TextForm(request.POST)
    if form.is_valid():
        try:
            services.save_text(
                report,
                key,
                form.cleaned_data["text"],
                request.user,
                expected_version=form.cleaned_data["version"],
            )
        except UserError as exc:
            messages.error(request, exc.message)
            return redirect(reverse("reporting:detail", args=[report.pk]) + f"#phan-{key.replace(':', '-')}")
        messages.success(request, "Đã lưu nội dung.")
        return redirect(reverse("reporting:detail", args=[report.pk]) + f"#phan-{key.replace(':', '-')}")
    return render(
        request, "reporting/detail.html", _detail_context(request, report, forms={key: form}), status=400
    )


@require_POST
@writer_required
def report_refresh(request: MemberRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    version = request.POST.get("version", "")
    try:
        found = services.refresh(
            report, request.user, expected_version=int(version) if version.isdigit() else None
        )
    except UserError as exc:
        messages.error(request, exc.message)
    else:
        if found:
            messages.success(request, f"Đã cập nhật số liệu: {len(found)} số liệu thay đổi (xem bảng dưới).")
        else:
            messages.success(request, "Đã cập nhật số liệu: không có số liệu nào thay đổi.")
        request.session[CHANGES_KEY.format(report.pk)] = [
            [c.table, c.row, c.column, *c.written()] for c in found[:CHANGES_SHOWN]
        ] + (
            [["…", f"và {len(found) - CHANGES_SHOWN} thay đổi khác", "", "", ""]]
            if len(found) > CHANGES_SHOWN
            else []
        )
    return redirect("reporting:detail", report.pk)


@require_POST
@writer_required
def report_files(request: MemberRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    jobs.enqueue(report, request.user)
    messages.success(request, "Đang tạo tệp Word, phụ lục Excel và PDF; trang cho biết tiến độ.")
    return redirect(reverse("reporting:detail", args=[report.pk]) + "#tep")


@require_POST
@writer_required
def report_sent(request: MemberRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    form = SentForm(request.POST)
    if form.is_valid():
        try:
            services.mark_sent(
                report,
                request.user,
                number=form.cleaned_data["so"],
                sent_on=form.cleaned_data["ngay"],
                expected_version=form.cleaned_data["version"],
            )
        except UserError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Đã ghi nhận báo cáo đã gửi: số {form.cleaned_data['so']}.")
        return redirect("reporting:detail", report.pk)
    return render(
        request, "reporting/detail.html", _detail_context(request, report, sent_form=form), status=400
    )


@require_GET
@reader_required
def job_progress(request: MemberRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(FilesJob.objects.select_related("report"), pk=pk, organisation=request.org)
    context = {
        "job": job,
        "live": jobs.live(job),
        "poll_url": reverse("reporting:job_progress", args=[job.pk]),
        "stages": FilesJob.Stage.choices,
        "report": job.report,
    }
    return render(request, "reporting/_job_progress.html", context)


@require_GET
@writer_required
def template_download(request: MemberRequest) -> HttpResponse:
    """The shipped Word template, to be changed in Word and uploaded in the admin ("Mẫu báo
    cáo Word của cơ quan"); docs/report-template.md lists its fields."""
    response = HttpResponse(default_template(), content_type=CONTENT_TYPES["docx"])
    response["Content-Disposition"] = 'attachment; filename="mau-bao-cao-cchc.docx"'
    return response


CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@require_GET
@reader_required
def file_download(request: MemberRequest, pk: int) -> FileResponse:
    item = get_object_or_404(
        GeneratedFile.objects.select_related("report"), pk=pk, report__organisation=request.org
    )
    try:
        handle = item.file.open("rb")
    except (OSError, ValueError) as exc:
        raise Http404("Tệp không còn trên máy chủ; hãy tạo lại.") from exc
    name = (item.file.name or "").rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=name, content_type=CONTENT_TYPES[item.format])
