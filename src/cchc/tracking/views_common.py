"""What the follow-through views share: who may open which screen, the menu, errors."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from cchc.orgs.models import Membership
from cchc.plans.views import member_required
from cchc.tracking import cache as board_cache
from cchc.tracking import permissions
from cchc.tracking.errors import Conflict, NotAllowed, TrackingError, Unavailable

Role = Membership.Role

# The Office board and the exports show every unit's work: not for a unit's own people.
BOARD_ROLES = frozenset({Role.LEADER, Role.COORDINATOR, Role.OBSERVER})
# Who sets the dates a plan left open (event dates, dates set by another body).
DATE_SETTERS = frozenset({Role.LEADER, Role.COORDINATOR})

__all__ = ["board_required", "error_status", "member_required", "nav_for", "show_error"]


def board_required(view):
    @member_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if request.membership.role not in BOARD_ROLES:
            raise PermissionDenied(
                "Bảng theo dõi chung chỉ dành cho Lãnh đạo Sở, Văn phòng Sở và người theo dõi; "
                "công việc của đơn vị bạn ở trang “Việc của đơn vị”."
            )
        return view(request, *args, **kwargs)

    return wrapper


def sees_all(membership: Membership) -> bool:
    return membership.role in permissions.DEPARTMENT_WIDE


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
    review = membership.role in permissions.REVIEWERS
    decides = membership.role in permissions.EXTENSION_DECIDERS
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
        "board": membership.role in BOARD_ROLES,
        "units": True,
        "review": review,
        "extensions": True,
        "unread": unread_label(unread_count(request.user, cap=MENU_UNREAD_CAP)),
        "reports_waiting": reports,
        "extensions_waiting": extensions,
    }
