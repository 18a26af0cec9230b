"""Who may open what: the role sets and the one decorator every app's views use.

Rights come only from a person's ``Membership`` in a department (Sở); the rules of each
app (``tracking.permissions``, ``dossiers.permissions``) are written over these sets.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from functools import wraps
from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from cchc.orgs.models import IMPORT_ROLES, Membership
from cchc.orgs.selectors import membership_for
from cchc.orgs.types import MemberRequest

__all__ = [
    "DATE_SETTERS",
    "DEPARTMENT_WIDE",
    "EXTENSION_DECIDERS",
    "IMPORT_ROLES",
    "REVIEWERS",
    "UNIT_ROLES",
    "UPLOADERS",
    "importer_required",
    "member_required",
    "role_required",
]

Role = Membership.Role

# Sees all of the department's work: the Office board, the exports, every unit's reports.
DEPARTMENT_WIDE = frozenset({Role.LEADER, Role.COORDINATOR, Role.OBSERVER})
# Sees and reports on the work of the person's own unit.
UNIT_ROLES = frozenset({Role.UNIT_HEAD, Role.UNIT_STAFF})
# Reviews the units' reports (the Office).
REVIEWERS = frozenset({Role.COORDINATOR})
# Decides extension requests.
EXTENSION_DECIDERS = frozenset({Role.LEADER, Role.COORDINATOR})
# Sets the dates a plan left open (event dates, dates set by another body).
DATE_SETTERS = frozenset({Role.LEADER, Role.COORDINATOR})
# Uploads the one-stop-shop exports and runs their analysis again (the Office).
UPLOADERS = frozenset({Role.COORDINATOR})

NO_MEMBERSHIP = "Tài khoản của bạn chưa được gán vào Sở nào: hãy liên hệ Văn phòng Sở."


def role_required(roles: Collection[str] | None = None, message: str = "") -> Callable:
    """Decorator of a view: logged in and member of a department, ``request.membership`` and
    ``request.org`` set; when ``roles`` is given, the membership's role is one of them, else
    403 with ``message``."""

    def decorator(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            membership = membership_for(request.user)
            if membership is None:
                raise PermissionDenied(NO_MEMBERSHIP)
            member = cast(MemberRequest, request)  # from here on, what the view is given
            member.membership = membership
            member.org = membership.organisation
            if roles is not None and membership.role not in roles:
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# Any member of a department.
member_required = role_required()

# Only the Office's CCHC staff and the leadership import, archive, reopen and delete plans (the
# plans app's screens and tracking's plan screens both check it).
importer_required = role_required(
    IMPORT_ROLES, "Chỉ Lãnh đạo Sở và chuyên viên CCHC của Văn phòng Sở được nhập kế hoạch."
)
