"""The database turning a write away outside a view (the session saved by its middleware after
the view answered) is answered "thử lại" (503) like one inside a view, never with a 500
(issue 9). Here: the link of a password reset e-mail, whose view keeps the token in the session
and whose session is written on the way out, while another writer holds the database."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from django.contrib.auth.tokens import default_token_generator
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from cchc.config.database import BUSY_MESSAGE
from tests.dom import dom, find_all, text
from tests.simultaneous import shared_file_db  # noqa: F401  (fixture)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("shared_file_db")]


@contextmanager
def sessions_held() -> Iterator[None]:
    """Another writer holds what saving a session needs past the app's wait, cut to 0.2 s:
    SQLite's write lock, or on PostgreSQL the sessions table."""
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
        other.execute("LOCK TABLE django_session IN EXCLUSIVE MODE")
    try:
        yield
    finally:
        other.rollback()
        other.close()
        connection.close()
        options.clear()
        options.update(saved)


@pytest.mark.parametrize("busy", [False, True], ids=["free", "busy"])
def test_a_session_the_database_turns_away_asks_to_try_again(coordinator, busy):
    link = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(coordinator.pk)),
            "token": default_token_generator.make_token(coordinator),
        },
    )
    client = Client(raise_request_exception=False)
    if not busy:
        response = client.get(link)
        assert response.status_code == 302 and response.url.endswith("/dat-mat-khau/")
        return
    with sessions_held():
        response = client.get(link)
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    assert BUSY_MESSAGE in text(find_all(dom(response), "//main")[0])
    assert "Server Error" not in response.content.decode()
