"""What the follow-through views share: who may open which screen, the menu, errors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest

from cchc.orgs.access import DATE_SETTERS, DEPARTMENT_WIDE, role_required
from cchc.orgs.models import Membership
from cchc.tracking.errors import Conflict, NotAllowed, TrackingError, Unavailable

__all__ = ["board_required", "error_status", "show_error"]

# The Office board and the exports show every unit's work: not for a unit's own people.
board_required = role_required(
    DEPARTMENT_WIDE,
    "Bảng theo dõi chung chỉ dành cho Lãnh đạo Sở, Văn phòng Sở và người theo dõi; "
    "công việc của đơn vị bạn ở trang “Việc của đơn vị”.",
)


def sees_all(membership: Membership) -> bool:
    return membership.role in DEPARTMENT_WIDE


def can_set_dates(membership: Membership) -> bool:
    return membership.role in DATE_SETTERS


def show_error(request: HttpRequest, exc: TrackingError, form: Any = None) -> None:
    """The service's message, as a message on the page and on the field it is about."""
    messages.error(request, exc.message)
    field = getattr(exc, "field", None)
    if form is not None and field and field in getattr(form, "fields", {}):
        form.add_error(field, exc.message)


def error_status(exc: TrackingError) -> int:
    if isinstance(exc, NotAllowed):
        return 403
    if isinstance(exc, Conflict):
        return 409
    if isinstance(exc, Unavailable):
        return 503
    return 400
