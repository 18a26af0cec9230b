"""The score table of one assessment (/cham-diem/<org>/<year>/) and the steps of the process
taken on it: recompute the proposals, submit (after a confirm page), send the requests for
explanation, send the answers, close the appraisal."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cchc.core.errors import UserError
from cchc.orgs.access import member_required
from cchc.orgs.models import Membership
from cchc.orgs.types import MemberRequest
from cchc.scoring import services
from cchc.scoring.access import assessment_for
from cchc.scoring.models import Assessment, Item, ItemScore
from cchc.scoring.screens import Filters, forecast_panel, lines, rights
from cchc.scoring.selectors import evidence_counts, score_table
from cchc.scoring.views_common import status_for

State = Assessment.State


def _filters(request: MemberRequest) -> Filters:
    return Filters(
        area=request.GET.get("linh-vuc", "").strip()[:30],
        mine=request.GET.get("don-vi") == "1",
        at_risk=request.GET.get("nguy-co") == "1",
    )


def _table_context(request: MemberRequest, assessment: Assessment) -> dict[str, Any]:
    m = request.membership
    can = rights(m, assessment)
    table = score_table(assessment)
    filters = _filters(request)
    # The forecast is the department's own look ahead while it scores (not the appraiser's).
    panel = forecast_panel(assessment) if can.member and assessment.state == State.OPEN else None
    sections = lines(
        table,
        evidence_counts(assessment),
        filters,
        unit_id=m.unit_id,
        risky=panel.risky if panel else (),
    )
    unit_head = can.member and m.role == Membership.Role.UNIT_HEAD and m.unit_id is not None
    return {
        "assessment": assessment,
        "cset": table.cset,
        "table": table,
        "sections": sections,
        "totals": table.totals,
        "filters": filters,
        "areas": [i for i in table.items if i.level == Item.Level.AREA],
        "unit_head": unit_head,
        "panel": panel,
        "can": can,
        "late": assessment.state == State.OPEN and timezone.localdate() > assessment.self_due,
        "requested": ItemScore.objects.filter(assessment=assessment, explanation_requested=True).count()
        if assessment.state != State.OPEN
        else 0,
    }


@require_GET
@member_required
def table(request: MemberRequest, org_code: str, year: int) -> HttpResponse:
    assessment = assessment_for(request, org_code, year)
    return render(request, "scoring/table.html", _table_context(request, assessment))


def _back(assessment: Assessment) -> HttpResponse:
    return redirect("scoring:table", assessment.organisation.code, assessment.year)


@require_POST
@member_required
def recompute(request: MemberRequest, org_code: str, year: int) -> HttpResponse:
    assessment = assessment_for(request, org_code, year)
    can = rights(request.membership, assessment)
    if not can.opener:
        messages.error(request, "Chỉ Văn phòng Sở và Lãnh đạo Sở tính lại điểm đề xuất.")
    elif assessment.state != State.OPEN:
        messages.error(request, "Bản tự đánh giá đã nộp: điểm đề xuất không tính lại nữa.")
    else:
        n = services.propose(assessment)
        messages.success(request, f"Đã tính lại điểm đề xuất: {n} tiêu chí có số liệu.")
    return _back(assessment)


@require_http_methods(["GET", "POST"])
@member_required
def submit(request: MemberRequest, org_code: str, year: int) -> HttpResponse:
    """A confirm page listing what would refuse the submission; the submission itself."""
    assessment = assessment_for(request, org_code, year)
    status = 200
    error = ""
    if request.method == "POST":
        try:
            done = services.submit(assessment, membership=request.membership, user=request.user)
        except UserError as exc:
            error, status = exc.message, status_for(exc)
        else:
            late = " (trễ hạn: đã ghi nhận)" if done.submitted_late else ""
            messages.success(request, f"Đã nộp bản tự đánh giá{late}; Sở Nội vụ sẽ thẩm định.")
            return _back(done)
    can = rights(request.membership, assessment)
    context = {
        "assessment": assessment,
        "can": can,
        "missing": services.unexplained(assessment) if assessment.state == State.OPEN else [],
        "late": timezone.localdate() > assessment.self_due,
        "error": error,
    }
    return render(request, "scoring/submit.html", context, status=status)


def _step(request: MemberRequest, org_code: str, year: int, action, done: str) -> HttpResponse:
    assessment = assessment_for(request, org_code, year)
    try:
        action(assessment, membership=request.membership, user=request.user)
    except UserError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return _back(assessment)


@require_POST
@member_required
def request_explanations(request: MemberRequest, org_code: str, year: int) -> HttpResponse:
    return _step(
        request,
        org_code,
        year,
        services.request_explanations,
        "Đã gửi yêu cầu giải trình cho Sở; Sở giải trình một lần cho các tiêu chí được đánh dấu.",
    )


@require_POST
@member_required
def close_answers(request: MemberRequest, org_code: str, year: int) -> HttpResponse:
    return _step(request, org_code, year, services.close_answers, "Đã gửi giải trình cho Sở Nội vụ.")


@require_POST
@member_required
def finalise(request: MemberRequest, org_code: str, year: int) -> HttpResponse:
    return _step(
        request,
        org_code,
        year,
        services.finalise,
        "Đã kết thúc thẩm định: điểm cuối cùng đã được ghi nhận.",
    )
