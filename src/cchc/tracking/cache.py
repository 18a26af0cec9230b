"""Cached reads of the follow-through screens, keyed on a per-department data version.

The board's figures and sorted ids (and a unit's summary) are costly over a province's
million obligations (see benchmarks/README.md); they change only when that department's obligations do. Each
department has one ``BoardVersion`` row in the database, bumped (``version = version + 1``) in
the same transaction as every change of its obligations, reports or extension requests:
signals for single-row saves and deletes, explicit ``bump`` calls after set-based writes
(``bulk_create``, ``QuerySet.update``) in ``planning``. A cached result is keyed on that
version, so any gunicorn worker whose local cache still holds an older result simply misses:
the process-local cache (LocMemCache) stays correct across several workers. Reading the
version costs one indexed query per request.

The version is read *before* the data: a writer that commits in between leaves newer data
under the older key, which no later request reads once the new version is visible.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import F

from cchc.tracking.models import BoardVersion, Obligation

TTL = 300  # seconds: a safety net; the version already invalidates on every change


def version(org_id: int) -> int:
    """The department's data version (one indexed query, in plain SQL as it runs on every
    request of the follow-through screens; the row is created on first use)."""
    found = _read_version(org_id)
    if found is None:
        _create(org_id)
        found = _read_version(org_id)
        if found is None:  # cannot be: the row exists now, made here or by another request
            raise RuntimeError(f"no board version for organisation {org_id}")
    return found


def request_version(request: Any, org_id: int) -> int:
    """``version(org_id)`` read once per request (a page asks for it in several places: its
    lists, the current plans, the menu's counts). For the read-only screens only: a request
    that writes must read the version after its write."""
    memo = request.__dict__.setdefault("_cchc_versions", {})
    found = memo.get(org_id)
    if found is None:
        found = memo[org_id] = version(org_id)
    return found


def known_request_version(request: Any, org_id: int) -> int | None:
    """The version this request already read for ``org_id`` (``request_version``), else None."""
    return request.__dict__.get("_cchc_versions", {}).get(org_id)


def _read_version(org_id: int) -> int | None:
    table = BoardVersion._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version FROM {table} WHERE organisation_id = %s", [org_id])
        row = cursor.fetchone()
    return None if row is None else row[0]


def _create(org_id: int) -> None:
    """The row, created lazily with a random starting version: a database rebuilt or rolled
    back (tests, a restored backup) never meets results cached under its old numbers."""
    BoardVersion.objects.bulk_create(
        [BoardVersion(organisation_id=org_id, version=secrets.randbits(62))], ignore_conflicts=True
    )


def bump(org_id: int | None) -> None:
    """Mark the department's obligations as changed (inside the caller's transaction)."""
    if org_id is None:
        return
    rows = BoardVersion.objects.filter(organisation_id=org_id)
    if not rows.update(version=F("version") + 1):
        _create(org_id)
        # Another transaction may have created it first: this change still needs its own step.
        rows.update(version=F("version") + 1)


def bump_for_obligation(obligation_id: int | None) -> None:
    if obligation_id is None:
        return
    org_id = Obligation.objects.filter(pk=obligation_id).values_list("organisation_id", flat=True).first()
    bump(org_id)


def make_key(kind: str, org_id: int, ver: int, *parts: Any) -> str:
    """The cache key of one result at data version ``ver``."""
    digest = hashlib.sha1(repr(parts).encode()).hexdigest()[:20]
    return f"cchc:{kind}:{org_id}:{ver}:{digest}"


def cached[T](key: str, compute: Callable[[], T]) -> T:
    """``compute()`` through the cache under ``key``: this process's copy first, then the
    shared cache. A key carries its data version, so what it names never changes: the
    process may keep its copy (a few thousand, least recently used first out) without
    asking the shared cache again."""
    with _lock:
        value = _local.get(key)
        if value is not None:
            _local.move_to_end(key)
            return value
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TTL)
    with _lock:
        _local[key] = value
        if len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)
    return value


LOCAL_ENTRIES = 4096
_local: OrderedDict[str, Any] = OrderedDict()
_lock = threading.Lock()  # the server may run threads (cchc serve --threads)


def forget_local() -> None:
    """Drop this process's copies."""
    with _lock:
        _local.clear()


def clear_all() -> None:
    """Empty the shared cache and this process's copies (tests of cold requests)."""
    cache.clear()
    forget_local()


# --- signals ------------------------------------------------------------------------------------


def on_obligation_change(sender: Any, instance: Obligation, **kwargs: Any) -> None:
    bump(instance.organisation_id)


def on_directory_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A plan or unit saved or deleted: the board's filter choices (and names) changed."""
    bump(instance.organisation_id)


def on_related_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A report or extension request saved or deleted: its obligation's department changed."""
    bump_for_obligation(getattr(instance, "obligation_id", None))


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from cchc.orgs.models import Unit
    from cchc.plans.models import Plan
    from cchc.tracking.models import ExtensionRequest, Report

    for name, signal in (("save", post_save), ("delete", post_delete)):
        uid = f"board-version-obligation-{name}"
        signal.connect(on_obligation_change, sender=Obligation, dispatch_uid=uid)
        for model in (Plan, Unit):
            uid = f"board-version-{model._meta.model_name}-{name}"
            signal.connect(on_directory_change, sender=model, dispatch_uid=uid)
        for related in (Report, ExtensionRequest):
            uid = f"board-version-{related._meta.model_name}-{name}"
            signal.connect(on_related_change, sender=related, dispatch_uid=uid)
