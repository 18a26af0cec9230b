"""Two people clicking at the same moment, for real: each request in its own thread with its
own database connection, released together by a barrier, against the committed test data
(``transactional_db``) on SQLite or PostgreSQL.

SQLite's test database lives in memory, where other connections share one cache and lock
whole tables (not what a server sees). ``shared_file_db`` copies it into a file for the
test, as ``cchc serve`` has it: each thread then opens that file with the settings' own
options (immediate transactions, busy timeout, WAL).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection
from django.test import Client

__all__ = ["client_for", "held_database", "race", "shared_file_db"]


@pytest.fixture
def shared_file_db(transactional_db, tmp_path: Path) -> Iterator[None]:
    """On SQLite, the test's connections go to a file copy of the (empty) test database."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    settings_dict = connection.settings_dict  # the one dict every thread's connection is made from
    connection.ensure_connection()
    memory = connection.connection  # kept open: the in-memory database lives while it does
    path = tmp_path / "simultaneous.sqlite3"
    copy = sqlite3.connect(path)
    memory.backup(copy)
    copy.close()
    name = settings_dict["NAME"]
    settings_dict["NAME"] = str(path)
    connection.connection = None  # the next query opens the file
    try:
        yield
    finally:
        connection.close()
        settings_dict["NAME"] = name
        connection.connection = memory


def client_for(user: Any) -> Client:
    """A browser of ``user``'s, signed in; a server error is answered as a page (500), as
    a person would see it, instead of being raised into the test."""
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def race(*calls: Callable[[], Any], timeout: float = 120) -> list[Any]:
    """Run the calls at the same instant, each in its own thread (own connection); return
    what each returned, or the exception it raised."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[i] = call()
        except BaseException as exc:  # reported to the test
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    assert not any(t.is_alive() for t in threads), "a request did not finish"
    return results


@contextmanager
def held_database(pg_lock: str, params: list[Any] | None = None) -> Iterator[None]:
    """Another writer holds what the request needs past the app's wait, cut to 0.2 s: SQLite's
    write lock, or on PostgreSQL what the statement ``pg_lock`` locks (a row, a table)."""
    options = connection.settings_dict["OPTIONS"]
    saved = dict(options)
    connection.close()  # the next connection is made with the short wait
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        options["timeout"] = 0.2
        other = sqlite3.connect(s["NAME"], isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
    else:
        options["options"] = "-c lock_timeout=200"
        other = psycopg.connect(
            host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432, user=s["USER"], dbname=s["NAME"]
        )
        other.execute(pg_lock, params)
    try:
        yield
    finally:
        other.rollback()
        other.close()
        connection.close()
        options.clear()
        options.update(saved)
