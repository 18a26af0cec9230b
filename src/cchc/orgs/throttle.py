"""Login throttling: a few wrong passwords per account and per client address, then a pause.

Counts of failed logins are kept in Django's cache, under a key per account (the user name
as typed, folded to lower case) and per client address, each for ``CCHC_LOGIN_LOCK_SECONDS``
from its first failure. Once an account has ``CCHC_LOGIN_MAX_FAILURES`` failures, or an
address ``CCHC_LOGIN_MAX_FAILURES_PER_ADDRESS``, every login of that account or from that
address is refused until the window ends, the right password included (otherwise guessing
would simply go on until it hit). A successful login clears its account's count, not its
address's (one's own account must not reset a guessing address).

With the shared Redis cache (``CCHC_CACHE_URL``) the counts hold for all server processes;
with the per-process default each process counts on its own (a laptop: one process).

The authentication backend asks this module (``orgs.auth``), so the login page, the admin's
login and any other ``authenticate()`` are all throttled; the login page also says why.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache


@dataclass(frozen=True)
class Limits:
    per_account: int
    per_address: int
    seconds: int

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.seconds / 60))


def limits() -> Limits:
    return Limits(
        per_account=settings.CCHC_LOGIN_MAX_FAILURES,
        per_address=settings.CCHC_LOGIN_MAX_FAILURES_PER_ADDRESS,
        seconds=settings.CCHC_LOGIN_LOCK_SECONDS,
    )


def locked_message(lim: Limits | None = None) -> str:
    lim = lim or limits()
    return (
        "Đăng nhập tạm thời bị khóa vì mật khẩu bị nhập sai quá nhiều lần. "
        f"Hãy thử lại sau {lim.minutes} phút, hoặc dùng “Quên mật khẩu?” để đặt lại mật khẩu."
    )


def client_address(request: Any) -> str:
    """The client's address: ``REMOTE_ADDR``, or behind a reverse proxy the last address the
    proxy appended to ``CCHC_LOGIN_ADDRESS_HEADER`` (e.g. HTTP_X_FORWARDED_FOR)."""
    if request is None:
        return ""
    meta = getattr(request, "META", {})
    header = settings.CCHC_LOGIN_ADDRESS_HEADER
    if header and meta.get(header):
        return meta[header].split(",")[-1].strip()
    return meta.get("REMOTE_ADDR", "")


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"cchc:login:{kind}:{digest}"


def _keys(username: str | None, address: str) -> dict[str, str]:
    keys = {}
    if username:
        keys["account"] = _key("account", username.strip().casefold())
    if address:
        keys["address"] = _key("address", address)
    return keys


def is_locked(username: str | None, address: str) -> bool:
    """Whether logins of this account, or from this address, are refused for now."""
    lim = limits()
    keys = _keys(username, address)
    counts = cache.get_many(list(keys.values()))
    ceilings = {"account": lim.per_account, "address": lim.per_address}
    return any(counts.get(key, 0) >= ceilings[kind] for kind, key in keys.items())


def refuse(username: str | None, address: str) -> bool:
    """Whether to refuse this login now; a refused attempt still counts against its address
    (hammering a locked account from one address ends by locking the address too)."""
    if not is_locked(username, address):
        return False
    record_failure(None, address)
    return True


def record_failure(username: str | None, address: str) -> None:
    seconds = limits().seconds
    for key in _keys(username, address).values():
        # The window starts at the first failure; later ones only count.
        cache.add(key, 0, seconds)
        try:
            cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.set(key, 1, seconds)


def record_success(username: str | None) -> None:
    key = _keys(username, "").get("account")
    if key:
        cache.delete(key)
