"""How a person's name is written: Vietnamese order, family name first ("Lê Thu Hà").

Django's ``get_full_name`` writes "first last" ("Thu Hà Lê"); every screen, e-mail and
export calls :func:`full_name` instead (templates: the ``person_name`` filter). It lives in
the low ``ui`` layer so every app, the base template included, writes names the same way.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

__all__ = ["full_name"]


def full_name(user: User | AnonymousUser | None) -> str:
    """Family name (``last_name``) then the given names (``first_name``); the login name
    when neither is set; "" for no user."""
    if user is None:
        return ""
    last = (getattr(user, "last_name", "") or "").strip()
    first = (getattr(user, "first_name", "") or "").strip()
    full = f"{last} {first}".strip()
    return full or user.get_username()
