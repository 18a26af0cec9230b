"""The types the apps' signatures share: who a person is, and what a member's request carries.

The project uses Django's own user model (no ``AUTH_USER_MODEL``), so a signed-in person is a
``django.contrib.auth.models.User`` (re-exported here as ``User``); a request's user may also be anonymous.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest

from cchc.orgs.models import Membership, Organisation

__all__ = ["AnyUser", "MemberRequest", "User"]

# Whoever sent a request: a person, or nobody signed in (rules check ``is_authenticated``).
type AnyUser = User | AnonymousUser


class MemberRequest(HttpRequest):
    """A request that went through ``orgs.access.role_required``: a signed-in member of a
    department, with their membership and department set on it. Only for annotations: no
    request is ever built from this class."""

    user: User
    membership: Membership
    org: Organisation
