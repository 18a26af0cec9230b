"""API tokens: issued once (only the hash is stored), looked up per request."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.utils import timezone

from cchc.orgs.types import User
from cchc.tracking.models import (
    ApiToken,
)

TOKEN_PREFIX = "cchc_"
# Writing last_used_at on every call would turn each read into a write.
LAST_USED_GRANULARITY = timedelta(minutes=5)


def hash_token(raw: str) -> str:
    # A token carries 256 random bits: a plain SHA-256 cannot be reversed by guessing.
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def issue_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; the raw value is returned once and never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip()[:100], key_hash=hash_token(raw), prefix=raw[len(TOKEN_PREFIX) :][:8]
    )
    return token, raw


def user_for_token(raw: str) -> Any | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw.strip()), revoked=False)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
