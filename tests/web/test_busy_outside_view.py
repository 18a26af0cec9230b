"""The database turning a write away outside a view (the session saved by its middleware after
the view answered) is answered "thử lại" (503) like one inside a view, never with a 500
(issue 9). Here: the link of a password reset e-mail, whose view keeps the token in the session
and whose session is written on the way out, while another writer holds the database."""

from __future__ import annotations

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from cchc.ui.database import BUSY_MESSAGE
from tests.dom import dom, find_all, text
from tests.simultaneous import held_database, shared_file_db  # noqa: F401  (fixture)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("shared_file_db")]


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
    with held_database("LOCK TABLE django_session IN EXCLUSIVE MODE"):  # SQLite: the whole database
        response = client.get(link)
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    assert BUSY_MESSAGE in text(find_all(dom(response), "//main")[0])
    assert "Server Error" not in response.content.decode()
