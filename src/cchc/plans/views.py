"""Screens of the plans app: the upload, the import preview and its edits, the plan's file.

The plan list, the plan page, confirming, archiving and deleting read or write obligations too:
they are tracking's (``tracking.views_plan``); ``tracking.plan_urls`` routes them all."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cchc.core.ids import parse_id
from cchc.orgs.access import importer_required, member_required
from cchc.orgs.types import MemberRequest
from cchc.plans import selectors, services
from cchc.plans.forms import MapUnitForm, MetaForm, RowForm, TablesForm, UploadForm, VersionForm
from cchc.plans.models import PlanImport


def preview_url(draft: PlanImport, anchor: str = "") -> str:
    url = reverse("plans:import_preview", args=[draft.pk])
    return f"{url}#{anchor}" if anchor else url


@require_GET
@member_required
def plan_source(request: MemberRequest, pk: int) -> FileResponse:
    plan = selectors.plan_for(request.org, pk)
    if not plan.source_file:
        raise Http404("Kế hoạch này không lưu tệp gốc.")
    try:
        handle = plan.source_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Không tìm thấy tệp gốc trên máy chủ.") from exc
    return FileResponse(handle, as_attachment=True, filename=plan.source_name or "")


# --- Upload -------------------------------------------------------------------------------------


@importer_required
def import_upload(request: MemberRequest) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    existing_url = None
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            draft = services.start_import(
                request.org, request.user, upload.name, upload.read(), form.cleaned_data.get("year")
            )
        except services.ImportRefused as exc:
            form.add_error("file", exc.message)
            existing_url = _existing_url(exc.existing)
            status = 503 if isinstance(exc, services.StorageUnavailable) else 400
        else:
            messages.success(
                request, f"Đã đọc tệp “{draft.source_name}”: hãy kiểm tra bản nháp rồi xác nhận nhập."
            )
            return redirect(preview_url(draft))
    return render(
        request, "plans/import_upload.html", {"form": form, "existing_url": existing_url}, status=status
    )


def _existing_url(existing) -> str | None:
    if existing is None:
        return None
    if isinstance(existing, PlanImport):
        return reverse("plans:import_preview", args=[existing.pk])
    return reverse("plans:detail", args=[existing.pk])


# --- Preview and its edits ----------------------------------------------------------------------


def _render_preview(
    request: HttpRequest,
    draft: PlanImport,
    *,
    edit: int | None = None,
    meta_form: MetaForm | None = None,
    row_form: RowForm | None = None,
    status: int = 200,
) -> HttpResponse:
    view = selectors.preview(draft)
    checks = selectors.preview_checks(draft, timezone.localdate())
    if meta_form is None:
        meta_form = MetaForm(
            initial={
                "version": draft.version,
                "number": view["meta"].get("number") or "",
                "title": view["meta"].get("title") or "",
                "issued_on": view["issued_on"],
                "period_start": view["period_start"],
                "period_end": view["period_end"],
                "tracking_start": checks["tracking_start"].strftime("%d/%m/%Y"),
                "before_tracking": checks["before_tracking"],
            }
        )
    if edit is not None and 0 <= edit < len(view["rows"]) and row_form is None:
        row_form = RowForm(initial=RowForm.initial_for(view["rows"][edit]["task"], draft.version))
    return render(
        request,
        "plans/import_preview.html",
        {
            "draft": draft,
            "p": view,
            "checks": checks,
            "meta_form": meta_form,
            "edit": edit,
            "row_form": row_form,
            "options": selectors.unit_options(draft.organisation),
        },
        status=status,
    )


@require_GET
@importer_required
def import_preview(request: MemberRequest, pk: int) -> HttpResponse:
    draft = selectors.draft_for(request.org, pk)
    if draft.status == PlanImport.Status.CONFIRMED and draft.plan_id:
        return redirect("plans:detail", draft.plan_id)
    job = selectors.latest_confirm_job(draft) if draft.status == PlanImport.Status.CONFIRMING else None
    if job is not None:
        return redirect("plans:confirm_job", job.pk)
    if draft.status != PlanImport.Status.DRAFT:
        messages.info(request, f"Bản nháp “{draft.source_name}” {draft.get_status_display().lower()}.")
        return redirect("plans:list")
    edit = request.GET.get("edit")
    return _render_preview(request, draft, edit=parse_id(edit, minimum=0) if edit else None)


@require_GET
@importer_required
def import_row(request: MemberRequest, pk: int, index: int) -> HttpResponse:
    """One row of the preview, shown (htmx swaps it back in) or as its edit form (?edit=1)."""
    draft = selectors.draft_for(request.org, pk)
    view = selectors.preview(draft)
    if not 0 <= index < len(view["rows"]):
        raise Http404("Không có dòng này.")
    row = view["rows"][index]
    ctx = {"draft": draft, "row": row, "p": view}
    if request.GET.get("edit"):
        ctx["row_form"] = RowForm(initial=RowForm.initial_for(row["task"], draft.version))
        return render(request, "plans/_row_edit.html", ctx)
    return render(request, "plans/_row.html", ctx)


@require_POST
@importer_required
def import_row_save(request: MemberRequest, pk: int, index: int) -> HttpResponse:
    draft = selectors.draft_for(request.org, pk)
    form = RowForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Dữ liệu sửa không hợp lệ.")
        return _render_preview(request, draft, edit=index, row_form=form, status=400)
    values = {f: form.cleaned_data.get(f, "") for f in RowForm.FIELDS if f in request.POST}
    try:
        services.update_task_cells(draft, index, values, form.cleaned_data["version"])
    except services.StaleDraft as exc:
        messages.error(request, exc.message)
        return redirect(preview_url(draft, f"task-{index}"))
    except services.ImportRefused as exc:
        messages.error(request, exc.message)
        return _render_preview(request, draft, edit=index, row_form=form, status=400)
    messages.success(request, "Đã lưu dòng nhiệm vụ.")
    return redirect(preview_url(draft, f"task-{index}"))


@require_POST
@importer_required
def import_meta(request: MemberRequest, pk: int) -> HttpResponse:
    draft = selectors.draft_for(request.org, pk)
    form = MetaForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Thông tin kế hoạch chưa hợp lệ: xem các ô được đánh dấu.")
        return _render_preview(request, draft, meta_form=form, status=400)
    data = form.cleaned_data
    try:
        services.update_plan_meta(
            draft,
            number=data["number"],
            title=data["title"],
            issued_on=data["issued_on"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            expected_version=data["version"],
            tracking_start=data.get("tracking_start"),
            before_tracking=data.get("before_tracking") or "",
        )
    except services.StaleDraft as exc:
        messages.error(request, exc.message)
    except services.ImportRefused as exc:
        messages.error(request, exc.message)
        return _render_preview(request, draft, meta_form=form, status=400)
    else:
        messages.success(request, "Đã lưu thông tin kế hoạch.")
    return redirect(preview_url(draft, "plan-meta"))


@require_POST
@importer_required
def import_tables(request: MemberRequest, pk: int) -> HttpResponse:
    """The tables of the document to import (a document may hold several: Phụ lục I, II …)."""
    draft = selectors.draft_for(request.org, pk)
    indexes = [int(t["index"]) for t in (draft.parsed or {}).get("tables") or []]
    form = TablesForm(request.POST, indexes=indexes)
    if not form.is_valid():
        messages.error(
            request, services.STALE_MESSAGE if "version" in form.errors else "Lựa chọn không hợp lệ."
        )
        return redirect(preview_url(draft, "tables"))
    try:
        services.choose_tables(draft, set(form.cleaned_data["table"]), form.cleaned_data["version"])
    except services.ImportRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã lưu lựa chọn bảng cần nhập.")
    return redirect(preview_url(draft, "tables"))


@require_POST
@importer_required
def import_map_unit(request: MemberRequest, pk: int) -> HttpResponse:
    draft = selectors.draft_for(request.org, pk)
    form = MapUnitForm(request.POST)
    anchor = request.POST.get("anchor", "units")
    if not anchor.replace("-", "").isalnum():
        anchor = "units"
    try:
        if not form.is_valid():
            raise services.ImportRefused("Hãy chọn đơn vị trong danh sách rồi bấm “Lưu”.")
        target = form.parsed_target()
        services.map_unit(
            draft,
            form.cleaned_data["mention"],
            user=request.user,
            expected_version=form.cleaned_data["version"],
            **target,
        )
    except services.ImportRefused as exc:
        messages.error(request, exc.message)
    except ValidationError:
        messages.error(request, "Lựa chọn không hợp lệ.")
    else:
        messages.success(
            request,
            f"Đã ghi nhận “{form.cleaned_data['mention'][:80]}” và áp dụng cho các dòng "
            "có cùng cách viết; lần nhập sau sẽ tự nhận ra.",
        )
    return redirect(preview_url(draft, anchor))


@require_POST
@importer_required
def import_discard(request: MemberRequest, pk: int) -> HttpResponse:
    draft = selectors.draft_for(request.org, pk)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, services.STALE_MESSAGE)
        return redirect(preview_url(draft))
    try:
        services.discard_import(draft, form.cleaned_data["version"])
    except services.ImportRefused as exc:
        messages.error(request, exc.message)
        return redirect(preview_url(draft))
    messages.success(request, f"Đã hủy bản nháp “{draft.source_name}”.")
    return redirect("plans:list")
