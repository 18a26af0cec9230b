"""The province's criteria sets (/cham-diem/bo-tieu-chi/), for the Office and the leadership:
the sets by year, a set or the blank template as .xlsx, a workbook imported for a year (every
bad row listed on the page, nothing imported on error), last year's set copied to a new year.

A set belongs to the province of the person's department; the workbook's own province and
year are replaced by the department's province and the year chosen (as ``cchc score
import-criteria`` does), and a different year in the file is pointed out."""

from __future__ import annotations

import dataclasses
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cchc.core.errors import UserError
from cchc.core.formats import count_text
from cchc.core.scoring import CriteriaFileError, read_criteria, template_bytes, write_criteria
from cchc.orgs.access import role_required
from cchc.orgs.models import IMPORT_ROLES
from cchc.orgs.types import MemberRequest
from cchc.scoring import sets, sources
from cchc.scoring.models import CriteriaSet

office_required = role_required(
    IMPORT_ROLES, "Chỉ Lãnh đạo Sở và Văn phòng Sở (chuyên viên CCHC) quản lý bộ tiêu chí."
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD = 10 * 1024 * 1024


def _year_field(initial: int | None = None) -> forms.IntegerField:
    return forms.IntegerField(label="Năm đánh giá", min_value=2000, max_value=2100, initial=initial)


class ImportForm(forms.Form):
    nam = _year_field()
    tep = forms.FileField(label="Tệp bộ tiêu chí (.xlsx)")
    thay_the = forms.BooleanField(
        label="Thay bộ tiêu chí đã có của năm này (khi chưa Sở nào dùng để tự đánh giá)", required=False
    )

    def clean_tep(self):
        f = self.cleaned_data["tep"]
        if f.size > MAX_UPLOAD:
            raise forms.ValidationError(
                "Tệp lớn hơn 10 MB: bộ tiêu chí chỉ vài trăm dòng, hãy kiểm tra lại tệp."
            )
        return f


class CopyForm(forms.Form):
    nam = _year_field()


def _sets(request: MemberRequest):
    return (
        CriteriaSet.objects.filter(province=request.org.province)
        .annotate(n_items=Count("items", distinct=True), n_assessments=Count("assessments", distinct=True))
        .order_by("-year", "body_kind")
    )


def _context(request: MemberRequest, **extra: Any) -> dict[str, Any]:
    year = timezone.localdate().year
    rows = list(_sets(request))
    return {
        "province": request.org.province,
        "sets": rows,
        "form": extra.pop("form", None) or ImportForm(initial={"nam": year}),
        "copy_year": max([s.year for s in rows], default=year - 1) + 1,
        "problems": extra.pop("problems", []),
        **extra,
    }


@require_GET
@office_required
def criteria_sets(request: MemberRequest) -> HttpResponse:
    return render(request, "scoring/criteria.html", _context(request))


@require_GET
@office_required
def criteria_template(request: MemberRequest) -> HttpResponse:
    response = HttpResponse(template_bytes(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-bo-tieu-chi.xlsx"'
    return response


def _own_set(request: MemberRequest, pk: int) -> CriteriaSet:
    return get_object_or_404(CriteriaSet, pk=pk, province=request.org.province)


@require_GET
@office_required
def criteria_xlsx(request: MemberRequest, pk: int) -> HttpResponse:
    cset = _own_set(request, pk)
    response = HttpResponse(write_criteria(sets.to_core(cset)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="bo-tieu-chi-{cset.year}-{cset.body_kind}.xlsx"'
    return response


@require_POST
@office_required
def criteria_import(request: MemberRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "scoring/criteria.html", _context(request, form=form), status=400)
    year = form.cleaned_data["nam"]
    try:
        core = read_criteria(form.cleaned_data["tep"], known_sources=sources.known())
    except CriteriaFileError as exc:
        return render(
            request, "scoring/criteria.html", _context(request, form=form, problems=exc.problems), status=400
        )
    note = (
        f" Lưu ý: tệp ghi năm {core.year}, đã nhập cho năm {year}." if core.year and core.year != year else ""
    )
    core = dataclasses.replace(core, province=request.org.province, year=year)
    try:
        cset = sets.save_set(core, user=request.user, replace=form.cleaned_data["thay_the"])
    except UserError as exc:
        form.add_error(None, exc.message)
        return render(request, "scoring/criteria.html", _context(request, form=form), status=400)
    messages.success(
        request,
        f"Đã nhập “{cset.title}” ({count_text(len(core.items))} mục) cho năm {cset.year}.{note}",
    )
    return redirect("scoring:criteria")


@require_POST
@office_required
def criteria_copy(request: MemberRequest, pk: int) -> HttpResponse:
    source = _own_set(request, pk)
    form = CopyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Hãy nhập năm hợp lệ (ví dụ 2027) để sao chép bộ tiêu chí.")
        return redirect("scoring:criteria")
    try:
        cset = sets.copy_set(source, form.cleaned_data["nam"], user=request.user)
    except UserError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"Đã sao chép bộ tiêu chí năm {source.year} sang năm {cset.year}: hãy tải về, sửa những gì "
            "đã thay đổi theo quyết định mới của tỉnh rồi nhập lại (chọn “Thay bộ tiêu chí đã có”).",
        )
    return redirect("scoring:criteria")
