"""The menu every page shows (``base.html``), as a context processor: the links the person may
open, the unread notifications and, for the Office and the leadership, what waits for them.
It lives in web, above the apps whose figures it shows (tracking, chasing), and is computed
only when a page reads ``nav`` (an htmx fragment does not)."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from cchc.chasing.selectors import MENU_UNREAD_CAP, unread_count, unread_label, waiting_counts
from cchc.orgs.access import DEPARTMENT_WIDE, EXTENSION_DECIDERS, REVIEWERS
from cchc.orgs.selectors import membership_for
from cchc.orgs.types import User
from cchc.scoring.permissions import APPRAISERS
from cchc.tracking import cache as board_cache


def nav_for(request: HttpRequest) -> dict[str, Any]:
    """The menu's links for the person, the unread notifications count, and for the Office
    and the leadership what waits for them (reports to review, extensions to decide). An
    appraiser of Sở Nội vụ gets the appraisal and the notifications only."""
    membership = getattr(request, "membership", None)
    if membership is None:
        membership = membership_for(request.user)
    if membership is None:
        return {}
    unread = unread_label(unread_count(cast(User, request.user), cap=MENU_UNREAD_CAP))
    if membership.role in APPRAISERS:
        # Sở Nội vụ's appraiser is no member of the departments: only the appraisal is theirs.
        return {"appraiser": True, "scoring": True, "unread": unread}
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
        "overview": membership.role in DEPARTMENT_WIDE,
        "board": membership.role in DEPARTMENT_WIDE,
        "units": True,
        "review": review,
        "extensions": True,
        "scoring": True,
        "unread": unread,
        "reports_waiting": reports,
        "extensions_waiting": extensions,
    }


def menu(request: HttpRequest) -> dict[str, Any]:
    """``nav`` for the templates: {} for a visitor not logged in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    return {"nav": SimpleLazyObject(lambda: nav_for(request))}
