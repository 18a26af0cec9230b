"""Who may do what with a self-assessment.

- Every member of the department reads it (the observer only reads).
- The Office (coordinator) scores every item; a unit head scores the items assigned to the unit.
- The leadership submits it (locks the self-scores).
- The appraiser (Sở Nội vụ, ``Role.APPRAISER``) reads and appraises the assessments of every
  department of the appraiser's own province, and nothing else of theirs.
- The Office answers the items the appraiser asked to explain (a unit head those of the unit).
"""

from __future__ import annotations

from cchc.orgs.models import Membership, Organisation
from cchc.scoring.models import Assessment, ItemScore

Role = Membership.Role

# Opens the year's assessment, maps tasks, recomputes: the Office and the leadership.
OPENERS = frozenset({Role.LEADER, Role.COORDINATOR})
SUBMITTERS = frozenset({Role.LEADER})
APPRAISERS = frozenset({Role.APPRAISER})


def is_appraiser_for(membership: Membership | None, org: Organisation) -> bool:
    """An appraiser whose body is in the department's province (and not the department itself)."""
    return (
        membership is not None
        and membership.role in APPRAISERS
        and bool(org.province)
        and membership.organisation.province == org.province
    )


def can_view(membership: Membership | None, org: Organisation) -> bool:
    if membership is None:
        return False
    if membership.organisation_id == org.pk and membership.role not in APPRAISERS:
        return True
    return is_appraiser_for(membership, org)


def is_member(membership: Membership | None, assessment: Assessment) -> bool:
    return (
        membership is not None
        and membership.organisation_id == assessment.organisation_id
        and membership.role not in APPRAISERS
    )


def can_open(membership: Membership | None, assessment_org: Organisation) -> bool:
    return (
        membership is not None
        and membership.organisation_id == assessment_org.pk
        and membership.role in OPENERS
    )


def can_self_score(membership: Membership | None, score: ItemScore, assessment: Assessment) -> bool:
    """The Office scores every item; a unit head the items assigned to the unit."""
    if not is_member(membership, assessment):
        return False
    assert membership is not None
    if membership.role == Role.COORDINATOR:
        return True
    return (
        membership.role == Role.UNIT_HEAD
        and score.unit_id is not None
        and score.unit_id == membership.unit_id
    )


def can_submit(membership: Membership | None, assessment: Assessment) -> bool:
    return is_member(membership, assessment) and membership is not None and membership.role in SUBMITTERS


def can_appraise(membership: Membership | None, assessment: Assessment) -> bool:
    return is_appraiser_for(membership, assessment.organisation)


def can_answer(membership: Membership | None, score: ItemScore, assessment: Assessment) -> bool:
    """The department's answer to a request for explanation: the Office, or the unit head of
    the item's unit."""
    return can_self_score(membership, score, assessment)


def can_close_answers(membership: Membership | None, assessment: Assessment) -> bool:
    return is_member(membership, assessment) and membership is not None and membership.role in OPENERS
