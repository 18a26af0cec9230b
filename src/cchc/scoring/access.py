"""Finding the assessment a page is about, for a person who may see it (a member of the
department, or an appraiser of its province); 404 for everyone else, so that an address
does not tell whether another department has an assessment."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from cchc.orgs.types import MemberRequest
from cchc.scoring import permissions
from cchc.scoring.models import Assessment, ItemScore


def assessment_for(request: MemberRequest, org_code: str, year: int) -> Assessment:
    assessment = get_object_or_404(
        Assessment.objects.select_related("organisation", "criteria_set"),
        organisation__code=org_code,
        year=year,
    )
    if not permissions.can_view(request.membership, assessment.organisation):
        raise Http404("Không có bản tự đánh giá này.")
    return assessment


def score_for(request: MemberRequest, assessment: Assessment, code: str) -> ItemScore:
    score = get_object_or_404(
        ItemScore.objects.select_related("item", "unit"), assessment=assessment, item__code=code
    )
    score.assessment = assessment  # already loaded, with its organisation
    return score
