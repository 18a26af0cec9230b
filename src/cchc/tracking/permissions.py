"""Who may see and do what in the follow-through.

Rights come only from a person's ``Membership`` in a department (Sở): a Django superuser
without one manages the directory in the admin but sees no department's work, and a
person of another department sees nothing.

- leader (Lãnh đạo Sở): sees all of the department; decides extensions;
- coordinator (Văn phòng Sở): sees all of the department; reviews reports, decides extensions;
- observer: sees all of the department; writes nothing;
- unit_head: sees the unit's obligations and those of the tasks the unit coordinates; drafts
  and submits the unit's reports, asks for extensions, adds the unit's contributions;
- unit_staff: sees as unit_head; drafts the unit's reports, adds the unit's contributions.

Seeing an obligation is not seeing its reports: a unit's reports (drafts, review comments,
evidence, values, the obligation's trail) are for that unit's people and the
department-wide roles only (``sees_reports``); a coordinating unit sees the obligation and
the contributions. The task page, the evidence download and the API all ask that one rule.
"""

from __future__ import annotations

from typing import TypeGuard

from django.db.models import Q, QuerySet

from cchc.orgs.access import DEPARTMENT_WIDE, EXTENSION_DECIDERS, REVIEWERS, UNIT_ROLES
from cchc.orgs.models import Membership, Organisation
from cchc.orgs.selectors import membership_for
from cchc.orgs.types import AnyUser, User
from cchc.plans.models import TaskUnit
from cchc.tracking.models import Obligation

Role = Membership.Role


def _active(user: AnyUser) -> TypeGuard[User]:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def membership(user: AnyUser, org: Organisation | int | None) -> Membership | None:
    """The person's membership in ``org`` (an Organisation or its id), or None."""
    if org is None or not _active(user):
        return None
    org_id = org if isinstance(org, int) else org.pk
    return Membership.objects.select_related("unit").filter(user=user, organisation_id=org_id).first()


def user_org(user: AnyUser) -> Organisation | None:
    """The department the person works for (the first one if they belong to several)."""
    if not _active(user):
        return None
    m = membership_for(user)
    return m.organisation if m else None


def _unit_member(user: AnyUser, obligation: Obligation) -> Membership | None:
    m = membership(user, obligation.organisation_id)
    if m is None or m.role not in UNIT_ROLES or m.unit_id is None:
        return None
    return m


def _coordinates(unit_id: int, obligation: Obligation) -> bool:
    return TaskUnit.objects.filter(
        task_id=obligation.task_id, unit_id=unit_id, role=TaskUnit.Role.COORDINATING
    ).exists()


def can_view(user: AnyUser, obligation: Obligation) -> bool:
    m = membership(user, obligation.organisation_id)
    if m is None:
        return False
    if m.role in DEPARTMENT_WIDE:
        return True
    if m.role not in UNIT_ROLES or m.unit_id is None:
        return False
    return m.unit_id == obligation.unit_id or _coordinates(m.unit_id, obligation)


def sees_reports(m: Membership | None, obligation: Obligation) -> bool:
    """Whether a membership may read the obligation's reports: drafts, review comments,
    evidence and measured values, and the obligation's trail (which includes them).

    Department-wide roles of the obligation's department: yes. Unit roles: only the people
    of the obligation's own unit (the lead), never those of a coordinating unit. Another
    department, or no membership: no.
    """
    if m is None or m.organisation_id != obligation.organisation_id:
        return False
    if m.role in DEPARTMENT_WIDE:
        return True
    return m.role in UNIT_ROLES and m.unit_id is not None and m.unit_id == obligation.unit_id


def can_see_reports(user: AnyUser, obligation: Obligation) -> bool:
    """``sees_reports`` for a person (their membership in the obligation's department)."""
    return sees_reports(membership(user, obligation.organisation_id), obligation)


def can_report(user: AnyUser, obligation: Obligation) -> bool:
    """May write the obligation's report (a draft): the people of the obligation's unit."""
    m = _unit_member(user, obligation)
    return m is not None and m.unit_id == obligation.unit_id


def can_submit(user: AnyUser, obligation: Obligation) -> bool:
    """May send the report to the Office: only the head of the obligation's unit."""
    m = _unit_member(user, obligation)
    return m is not None and m.role == Role.UNIT_HEAD and m.unit_id == obligation.unit_id


def can_request_extension(user: AnyUser, obligation: Obligation) -> bool:
    """May ask for more time: the head of the obligation's unit, as for a submission."""
    return can_submit(user, obligation)


def can_contribute(user: AnyUser, obligation: Obligation) -> bool:
    """May add a coordinating unit's part: the people of a unit that coordinates the task."""
    m = _unit_member(user, obligation)
    return (
        m is not None
        and m.unit_id is not None  # always, for a unit member
        and m.unit_id != obligation.unit_id
        and _coordinates(m.unit_id, obligation)
    )


def can_review(user: AnyUser, org: Organisation | int) -> bool:
    m = membership(user, org)
    return m is not None and m.role in REVIEWERS


def can_decide_extension(user: AnyUser, org: Organisation | int) -> bool:
    m = membership(user, org)
    return m is not None and m.role in EXTENSION_DECIDERS


def visible_obligations(user: AnyUser) -> QuerySet[Obligation]:
    """Every obligation the person may see (active or not; callers filter further)."""
    if not _active(user):
        return Obligation.objects.none()
    memberships = list(Membership.objects.filter(user=user).values_list("organisation_id", "role", "unit_id"))
    wide = [org_id for org_id, role, _unit in memberships if role in DEPARTMENT_WIDE]
    units = [unit for _org, role, unit in memberships if role in UNIT_ROLES and unit is not None]
    if not wide and not units:
        return Obligation.objects.none()
    condition = Q(organisation_id__in=wide) if wide else Q(pk__in=[])
    if units:
        coordinated = TaskUnit.objects.filter(unit_id__in=units, role=TaskUnit.Role.COORDINATING)
        condition |= Q(unit_id__in=units) | Q(task_id__in=coordinated.values("task_id"))
    return Obligation.objects.filter(condition)
