"""Screens of the dossier analytics (/ho-so/): indicators with charts, officers, the dossiers
behind any figure, the upload, the latest analysis as Excel."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from cchc.core.dossiers.options import OFFICER_LATE_THRESHOLD, eligible_good
from cchc.dossiers import charts, jobs, labels, measures, permissions, selectors, services
from cchc.dossiers.forms import FilterForm, UploadForm
from cchc.dossiers.models import DossierUpload, UploadJob
from cchc.orgs.access import member_required
from cchc.orgs.types import MemberRequest


def uploader_required(view):
    @member_required
    @wraps(view)
    def wrapper(request: MemberRequest, *args, **kwargs):
        if not permissions.can_upload(request.membership):
            raise PermissionDenied("Chỉ chuyên viên CCHC của Văn phòng Sở được tải lên dữ liệu hồ sơ.")
        return view(request, *args, **kwargs)

    return wrapper


def _scope(request: MemberRequest):
    """The dossiers the person may see, the filters of the page, the filter form."""
    unit_id = permissions.unit_scope(request.membership)
    qs = selectors.visible_dossiers(request.org, unit_id)
    wide = unit_id is None
    form = FilterForm(
        request.GET or None,
        months=selectors.months_present(qs),
        units=selectors.units_present(qs) if wide else None,
    )
    filters = selectors.Filters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.Filters(
            unit=data.get("don_vi") or "",
            month_from=data.get("tu_thang") or "",
            month_to=data.get("den_thang") or "",
        )
    return qs, filters, form, wide


TREND = {
    share: labels.INDICATOR_LABELS[share] for share in ("on_time_rate", "online_share", "online_full_share")
}


def _trend_chart(rows: list[dict], min_count: int) -> str:
    """The monthly shares, each point with the dossiers behind it (numerator/denominator)."""
    month_labels = [labels.month_label(r["month"]) for r in rows]
    series = []
    for share, name in TREND.items():
        num, den = selectors.SHARES[share]
        series.append(charts.Series(name, [r[share] for r in rows], [(r[num], r[den]) for r in rows]))
    return charts.line_chart(
        month_labels,
        series,
        title=f"{labels.INDICATOR_LABELS['on_time_rate']} và tỷ lệ trực tuyến theo tháng",
        min_count=min_count,
    )


def _few(rows: list[dict], min_count: int) -> bool:
    """Whether a share of these rows stands on fewer than ``min_count`` dossiers."""
    return any(
        r[share] is not None and r[den] < min_count
        for r in rows
        for share, (_num, den) in selectors.SHARES.items()
    )


def _drill(filters: selectors.Filters, measure: str, **keys: str) -> str:
    narrowed = filters.for_measure(measure, **{k: v for k, v in keys.items() if v})
    return reverse("dossiers:list") + "?" + urlencode(narrowed.query())


@require_GET
@member_required
def indicators(request: MemberRequest) -> HttpResponse:
    qs, filters, form, wide = _scope(request)
    monthly = selectors.indicator_rows(qs, filters, (), by_month=True)
    per_unit = selectors.indicator_rows(qs, filters, ("unit",), by_month=False)
    unit_bars = [
        charts.Bar(
            r["unit"] or "(không ghi đơn vị)",
            r["on_time_rate"],
            href=_drill(filters, "in_time", unit=r["unit"]),
            note=f"{r['in_time']}/{r['finished']}",
            alert=r["on_time_rate"] is not None and r["on_time_rate"] < 1,
        )
        for r in per_unit
    ]
    trend_min = settings.CCHC_DOSSIER_TREND_MIN
    context = {
        "form": form,
        "filters": filters,
        "wide": wide,
        "t": selectors.totals(qs, filters),
        "monthly": monthly,
        "per_unit": per_unit,
        "trend_min": trend_min,
        "monthly_few": _few(monthly, trend_min),
        "per_unit_few": _few(per_unit, trend_min),
        "breaches": selectors.breach_counts(qs, filters),
        "trend_svg": mark_safe(_trend_chart(monthly, trend_min)) if monthly else "",
        "unit_svg": mark_safe(
            charts.bar_chart(unit_bars, title=f"{labels.INDICATOR_LABELS['on_time_rate']} theo đơn vị")
        ),
        "analysis": selectors.latest_analysis(request.org),
        "measures": measures.measures_for(request.org) if wide else [],
        "can_upload": permissions.can_upload(request.membership),
        "has_dossiers": qs.exists(),
    }
    return render(
        request, "dossiers/indicators.html", context, status=400 if form.is_bound and form.errors else 200
    )


@require_GET
@member_required
def officers(request: MemberRequest) -> HttpResponse:
    qs, filters, form, _wide = _scope(request)
    order = request.GET.get("sap_xep", "ten")
    order = order if order in selectors.OFFICER_ORDERS else "ten"
    rows = selectors.officer_rows(qs, filters, OFFICER_LATE_THRESHOLD, order)
    # The chart: each officer over the whole filtered period.
    totals: dict[str, list[int]] = {}
    for r in rows:
        t = totals.setdefault(r["officer"], [0, 0])
        t[0], t[1] = t[0] + r["finished"], t[1] + r["late"]
    bars = [
        charts.Bar(
            name,
            late / finished,
            href=_drill(filters, "late", officer=name),
            note=f"{late}/{finished}",
            alert=not eligible_good(late / finished),
        )
        for name, (finished, late) in sorted(totals.items(), key=lambda kv: (-kv[1][1] / kv[1][0], kv[0]))
    ]
    return render(
        request,
        "dossiers/officers.html",
        {
            "form": form,
            "filters": filters,
            "rows": rows,
            "order": order,
            "threshold": OFFICER_LATE_THRESHOLD,
            "not_eligible": sum(1 for r in rows if not r["eligible_good"]),
            "officer_svg": mark_safe(charts.bar_chart(bars, title="Tỷ lệ hồ sơ trễ hạn theo cán bộ")),
            "can_upload": permissions.can_upload(request.membership),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_GET
@member_required
def dossier_list(request: MemberRequest) -> HttpResponse:
    unit_id = permissions.unit_scope(request.membership)
    qs = selectors.visible_dossiers(request.org, unit_id)
    filters = selectors.Filters.from_query(request.GET)
    page = selectors.dossier_page(qs, filters, request.GET.get("trang"))
    return render(
        request,
        "dossiers/dossier_list.html",
        {
            "filters": filters,
            "page": page,
            "described": _describe(filters),
            "can_upload": permissions.can_upload(request.membership),
        },
    )


def _describe(f: selectors.Filters) -> list[str]:
    """The filters in words, above the list."""
    basis = {"nhan": "nhận", "xong": "giải quyết xong"}[f.basis]
    out = []
    if f.unit:
        out.append(f"Đơn vị: {f.unit}")
    if f.officer:
        out.append(f"Cán bộ: {f.officer}")
    if f.procedure:
        out.append(f"Thủ tục: {f.procedure}")
    if f.month_from or f.month_to:
        if f.month_from == f.month_to:
            out.append(f"Tháng {basis}: {labels.month_label(f.month_from)}")
        else:
            start, end = labels.month_label(f.month_from) or "…", labels.month_label(f.month_to) or "…"
            out.append(f"Tháng {basis}: {start} – {end}")
    words = {"finished": "đã giải quyết xong", "in_time": "sớm hạn hoặc đúng hạn", **labels.OUTCOME_LABELS}
    if f.outcome:
        out.append(f"Kết quả: {words.get(f.outcome, f.outcome)}")
    if f.channel:
        channels = {**labels.CHANNEL_LABELS, "online": "Trực tuyến (toàn trình và một phần)"}
        out.append(f"Hình thức: {channels.get(f.channel, f.channel)}")
    if f.flag:
        out.append(labels.FLAG_LABELS.get(f.flag, "Có phí, lệ phí" if f.flag == "fee_required" else f.flag))
    if f.rule:
        out.append(f"Vi phạm: {labels.rule_label(f.rule)}")
    return out


@member_required
def upload(request: MemberRequest) -> HttpResponse:
    if not permissions.can_upload(request.membership):
        raise PermissionDenied("Chỉ chuyên viên CCHC của Văn phòng Sở được tải lên dữ liệu hồ sơ.")
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    unavailable = False
    if request.method == "POST" and form.is_valid():
        files = {
            name: services.ExportFile(f.name, f.read())
            for name in ("dossiers", "pauses")
            if (f := form.cleaned_data.get(name)) is not None
        }
        try:
            job = jobs.enqueue(request.org, request.user, **files)
        except services.UploadRefused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            unavailable = isinstance(exc, services.StorageUnavailable)
        else:
            return redirect("dossiers:job", pk=job.pk)
    recent_jobs = UploadJob.objects.filter(organisation=request.org).select_related("requested_by")[:10]
    recent = DossierUpload.objects.filter(organisation=request.org).select_related("uploaded_by")[:20]
    return render(
        request,
        "dossiers/upload.html",
        {"form": form, "recent": recent, "jobs": [(j, jobs.live(j)) for j in recent_jobs]},
        status=503 if unavailable else 400 if form.is_bound and form.errors else 200,
    )


def _job_context(request: MemberRequest, pk: int) -> dict:
    job = get_object_or_404(UploadJob.objects.select_related("requested_by"), pk=pk, organisation=request.org)
    stages = UploadJob.Stage.choices
    if job.kind == UploadJob.Kind.REANALYSE:  # nothing to read, check or store
        stages = [(UploadJob.Stage.ANALYSE.value, UploadJob.Stage.ANALYSE.label)]
    poll_url = reverse("dossiers:job_progress", args=[job.pk])
    return {"job": job, "live": jobs.live(job), "stages": stages, "poll_url": poll_url}


@require_GET
@uploader_required
def job(request: MemberRequest, pk: int) -> HttpResponse:
    """One upload in the background: its stages, rows read and percentage, then its outcome."""
    return render(request, "dossiers/job.html", _job_context(request, pk))


@require_GET
@uploader_required
def job_progress(request: MemberRequest, pk: int) -> HttpResponse:
    """The progress block alone, for htmx to poll while the job runs (it stops once done)."""
    return render(request, "dossiers/_job_progress.html", _job_context(request, pk))


@require_GET
@uploader_required
def upload_detail(request: MemberRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(DossierUpload, pk=pk, organisation=request.org)
    try:
        size = item.file.size
    except (OSError, ValueError):  # the stored copy is gone or was never kept
        size = None
    return render(request, "dossiers/upload_detail.html", {"upload": item, "size": size})


@require_POST
@uploader_required
def reanalyze(request: MemberRequest) -> HttpResponse:
    # Every stored dossier again: work for the background worker, followed on the job's page.
    job = jobs.enqueue_reanalysis(request.org, request.user)
    return redirect("dossiers:job", pk=job.pk)


@require_GET
@member_required
def workbook(request: MemberRequest) -> FileResponse:
    if not permissions.sees_department(request.membership):
        raise PermissionDenied(
            "Bảng tính phân tích gồm mọi đơn vị: chỉ Lãnh đạo Sở, Văn phòng Sở và người theo dõi."
        )
    analysis = selectors.latest_analysis(request.org)
    if analysis is None:
        raise Http404("Chưa có lần phân tích nào.")
    if not analysis.workbook:  # written after the analysis commits (``analysis.write_workbook``)
        raise Http404("Bảng tính của lần phân tích này chưa có: hãy thử lại sau ít phút.")
    try:
        handle = analysis.workbook.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Không tìm thấy bảng tính trên máy chủ.") from exc
    name = f"phan-tich-ho-so-{timezone.localtime(analysis.as_of):%Y%m%d-%H%M}.xlsx"
    return FileResponse(handle, as_attachment=True, filename=name)
