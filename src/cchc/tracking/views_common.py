"""What the follow-through views share: who may open which screen, the menu, errors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest

from cchc.orgs.access import DATE_SETTERS, DEPARTMENT_WIDE, EXTENSION_DECIDERS, REVIEWERS, role_required
from cchc.orgs.models import Membership
from cchc.tracking import cache as board_cache
from cchc.tracking.errors import Conflict, NotAllowed, TrackingError, Unavailable

__all__ = ["board_required", "error_status", "nav_for", "show_error"]

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


def nav_for(request: HttpRequest) -> dict[str, Any]:
    """The menu's links for the person, the unread notifications count, and for the Office
    and the leadership what waits for them (reports to review, extensions to decide)."""
    from cchc.chasing.selectors import MENU_UNREAD_CAP, unread_count, unread_label, waiting_counts

    membership = getattr(request, "membership", None)
    if membership is None:
        from cchc.orgs.selectors import membership_for

        membership = membership_for(request.user)
    if membership is None:
        return {}
    review = membership.role in REVIEWERS
    decides = membership.role in EXTENSION_DECIDERS
    org_id = membership.organisation_id
    ver = board_cache.known_request_version(request, org_id)
    if ver is None:
        reports, extensions = waiting_counts(org_id, reports=review, extensions=decides)
    else:
        # Reports and extension requests bump the data version: their counts are cached under it.
        key = board_cache.make_key("waiting", org_id, ver, review, decides)
        reports, extensions = board_cache.cached(
            key, lambda: waiting_counts(org_id, reports=review, extensions=decides)
        )
    return {
        "board": membership.role in DEPARTMENT_WIDE,
        "units": True,
        "review": review,
        "extensions": True,
        "unread": unread_label(unread_count(request.user, cap=MENU_UNREAD_CAP)),
        "reports_waiting": reports,
        "extensions_waiting": extensions,
    }
