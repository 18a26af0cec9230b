"""Who sees and does what with the dossiers (rights come from the Membership, as in tracking).

- leader, coordinator, observer: the department's analytics, every unit, the workbook;
- coordinator (Văn phòng Sở) only: uploads exports and runs the analysis again;
- unit_head, unit_staff: the same screens restricted to the dossiers of their own unit
  (the export's unit text matched to the directory at upload).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from cchc.orgs.access import DEPARTMENT_WIDE, UNIT_ROLES, UPLOADERS
from cchc.orgs.models import Membership


def sees_department(membership: Membership) -> bool:
    return membership.role in DEPARTMENT_WIDE


def can_upload(membership: Membership | None) -> bool:
    return membership is not None and membership.role in UPLOADERS


def unit_scope(membership: Membership) -> int | None:
    """None: the whole department; else the id of the only unit whose dossiers the person sees."""
    if sees_department(membership):
        return None
    if membership.role in UNIT_ROLES and membership.unit_id is not None:
        return membership.unit_id
    raise PermissionDenied("Tài khoản của bạn chưa được gán vào đơn vị nào: hãy liên hệ Văn phòng Sở.")
