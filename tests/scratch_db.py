"""An empty database of the test's backend for a data migration's test, in place of the
test database for the length of a ``with`` block.

Stepping the test database back before a migration unapplies every migration that depends
on it, and stepping it forward again reapplies them all: Django renders the project's
state at each step, about 15 s of CPU for the two migrations tested. An empty database
migrated only up to the migration under test (its own dependencies: a few migrations)
takes about a second. The data migrations query through the default connection, as
Django's ``RunPython`` functions usually do; so the scratch database stands in as the
default connection (``connections["default"]``) while the block runs, and the test
database (with its open transaction) is put back afterwards.

SQLite: a file under the test's ``tmp_path``. PostgreSQL: a database named after the test
database (``…_scratch``: one per pytest-xdist worker), created and dropped here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend

__all__ = ["scratch_database"]


@contextmanager
def scratch_database(tmp_path: Path) -> Iterator[BaseDatabaseWrapper]:
    """The scratch database's connection, which is also ``connections["default"]`` (and
    ``django.db.connection``) until the block ends."""
    test_db = connections[DEFAULT_DB_ALIAS]
    settings = {**test_db.settings_dict}
    postgres = test_db.vendor == "postgresql"
    if postgres:
        settings["NAME"] = f"{test_db.settings_dict['NAME']}_scratch"
        _drop_create(test_db, settings["NAME"], create=True)
    else:
        settings["NAME"] = str(tmp_path / "scratch.sqlite3")
    scratch = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, alias=DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = scratch
    try:
        yield scratch
    finally:
        scratch.close()
        connections[DEFAULT_DB_ALIAS] = test_db
        if postgres:
            _drop_create(test_db, settings["NAME"], create=False)


def _drop_create(test_db: BaseDatabaseWrapper, name: str, *, create: bool) -> None:
    quoted = test_db.ops.quote_name(name)
    with test_db._nodb_cursor() as cursor:  # a connection of its own, outside the test's transaction
        cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")
        if create:
            cursor.execute(f"CREATE DATABASE {quoted}")
