"""What the database's own refusals mean for the person: "thử lại", not a fault.

SQLite has one writer at a time: the others queue for up to the busy timeout (settings.py),
and a writer still waiting then fails with "database is locked". PostgreSQL may likewise
cancel one of two transactions that wait for each other (a deadlock), or a lock wait past
``lock_timeout``. Nothing of the refused request was written (its transaction is rolled
back), so the person can simply do it again: the screens (``web.busy``) and the API
answer 503 with ``BUSY_MESSAGE``. Conflicts the services find (already sent, already
decided) are theirs to report, with 409.
"""

from __future__ import annotations

from django.db import OperationalError

__all__ = ["BUSY_MESSAGE", "RETRY_AFTER_SECONDS", "is_busy"]

BUSY_MESSAGE = (
    "Hệ thống đang bận ghi dữ liệu của người khác nên thao tác của bạn chưa được lưu. "
    "Hãy thử lại sau ít giây."
)
RETRY_AFTER_SECONDS = 5
# PostgreSQL: serialization failure, deadlock detected, lock not available (lock_timeout).
_BUSY_SQLSTATES = frozenset({"40001", "40P01", "55P03"})


def is_busy(exc: BaseException) -> bool:
    """The database refused the work because of another writer (to retry), not a fault."""
    if not isinstance(exc, OperationalError):
        return False
    if "locked" in str(exc):  # SQLite: "database is locked", "database table is locked"
        return True
    return getattr(exc.__cause__, "sqlstate", None) in _BUSY_SQLSTATES
