"""The evidence files of an assessment: those added for it, and the documents of the accepted
reports behind its items (served here, not by the follow-through's screens, because the
appraiser is not a member of the department)."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from cchc.orgs.access import member_required
from cchc.orgs.types import MemberRequest
from cchc.scoring import permissions
from cchc.scoring.models import Assessment, EvidenceFile, TaskLink
from cchc.tracking.models import Evidence, Report
from cchc.tracking.permissions import sees_reports


def _send(field_file, name: str) -> FileResponse:
    if not field_file:
        raise Http404("Tài liệu này không có tệp đính kèm.")
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Không tìm thấy tệp trên máy chủ.") from exc
    return FileResponse(
        handle, as_attachment=True, filename=name or (field_file.name or "").rsplit("/", 1)[-1]
    )


@require_GET
@member_required
def evidence_file(request: MemberRequest, pk: int) -> FileResponse:
    f = get_object_or_404(EvidenceFile.objects.select_related("score__assessment__organisation"), pk=pk)
    if not permissions.can_view(request.membership, f.score.assessment.organisation):
        raise Http404("Không có tài liệu này.")
    return _send(f.file, "")


@require_GET
@member_required
def report_file(request: MemberRequest, assessment_id: int, evidence_id: int) -> FileResponse:
    """A document of an accepted report of a task confirmed behind one of the assessment's items."""
    assessment = get_object_or_404(Assessment.objects.select_related("organisation"), pk=assessment_id)
    if not permissions.can_view(request.membership, assessment.organisation):
        raise Http404("Không có tài liệu này.")
    tasks = TaskLink.objects.filter(assessment=assessment, confirmed=True).values("task_id")
    evidence = get_object_or_404(
        Evidence.objects.select_related("report__obligation"),
        pk=evidence_id,
        report__state=Report.State.ACCEPTED,
        report__obligation__organisation=assessment.organisation,
        report__obligation__task_id__in=tasks,
    )
    # Inside the department, the follow-through's rule holds: a unit's people read only their
    # own unit's reports. The appraiser reads every document an item rests on.
    if not (
        permissions.can_appraise(request.membership, assessment)
        or sees_reports(request.membership, evidence.report.obligation)
    ):
        raise Http404("Không có tài liệu này.")
    return _send(evidence.file, evidence.file_name)
