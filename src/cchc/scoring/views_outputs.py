"""The files of an assessment: the score table (.xlsx, .docx) and the evidence archive (.zip by
item, made in the background with its progress on a page). Whoever can view the assessment
(its department's members, the appraisers of its province) gets them; 404 for anyone else."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from cchc.core.scoring.score_sheet import sheet_xlsx
from cchc.core.scoring.score_sheet_docx import sheet_docx
from cchc.orgs.access import member_required
from cchc.orgs.types import MemberRequest
from cchc.scoring import exports, pack_job
from cchc.scoring.access import assessment_for
from cchc.scoring.models import Assessment, PackJob

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _name(assessment: Assessment, ext: str) -> str:
    return f"bang-diem-{assessment.organisation.code}-{assessment.year}.{ext}"


@require_GET
@member_required
def score_xlsx(request: MemberRequest, org: str, year: int) -> HttpResponse:
    assessment = assessment_for(request, org, year)
    return _download(sheet_xlsx(exports.score_sheet(assessment)), _name(assessment, "xlsx"), XLSX)


@require_GET
@member_required
def score_docx(request: MemberRequest, org: str, year: int) -> HttpResponse:
    assessment = assessment_for(request, org, year)
    return _download(sheet_docx(exports.score_sheet(assessment)), _name(assessment, "docx"), DOCX)


def _pack_context(assessment: Assessment, job: PackJob | None) -> dict[str, Any]:
    a = assessment
    poll = reverse("scoring:pack_progress", args=[a.organisation.code, a.year, job.pk]) if job else ""
    return {
        "assessment": a,
        "job": job,
        "live": pack_job.live(job) if job else None,
        "poll_url": poll,
        "stages": PackJob.Stage.choices,
        "ready": pack_job.ready(a),
    }


@require_GET
@member_required
def pack(request: MemberRequest, org: str, year: int) -> HttpResponse:
    """The archive's page: the newest job's progress, the download when one is ready, and the
    button that makes a new one."""
    assessment = assessment_for(request, org, year)
    return render(
        request, "scoring/outputs_pack.html", _pack_context(assessment, pack_job.latest(assessment))
    )


@require_POST
@member_required
def pack_start(request: MemberRequest, org: str, year: int) -> HttpResponse:
    assessment = assessment_for(request, org, year)
    pack_job.enqueue(assessment, request.user)
    messages.success(request, "Đang đóng gói tài liệu kiểm chứng; trang cho biết tiến độ.")
    return redirect("scoring:pack", assessment.organisation.code, assessment.year)


@require_GET
@member_required
def pack_progress(request: MemberRequest, org: str, year: int, pk: int) -> HttpResponse:
    assessment = assessment_for(request, org, year)
    job = get_object_or_404(PackJob, pk=pk, assessment=assessment)
    return render(request, "scoring/outputs_pack_progress.html", _pack_context(assessment, job))


@require_GET
@member_required
def pack_zip(request: MemberRequest, org: str, year: int) -> FileResponse:
    assessment = assessment_for(request, org, year)
    job = pack_job.ready(assessment)
    if job is None:
        raise Http404("Chưa có gói tài liệu kiểm chứng: hãy tạo gói trước.")
    try:
        handle = job.archive.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Không tìm thấy gói tài liệu trên máy chủ: hãy tạo lại.") from exc
    return FileResponse(
        handle, as_attachment=True, filename=pack_job.archive_name(assessment), content_type="application/zip"
    )
