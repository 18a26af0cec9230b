"""How a person's name is written: Vietnamese order, family name first ("Lê Thu Hà").

Django's ``get_full_name`` writes "first last" ("Thu Hà Lê"); every screen, e-mail and
export calls :func:`full_name` instead (templates: the ``person_name`` filter).
"""

from __future__ import annotations

from cchc.orgs.types import AnyUser


def full_name(user: AnyUser | None) -> str:
    """Family name (``last_name``) then the given names (``first_name``); the login name
    when neither is set; "" for no user."""
    if user is None:
        return ""
    last = (getattr(user, "last_name", "") or "").strip()
    first = (getattr(user, "first_name", "") or "").strip()
    full = f"{last} {first}".strip()
    return full or user.get_username()
