"""The site is Vietnamese only (issue 11): whatever language the browser asks for, Django's
own messages come in Vietnamese (no English catalogue is reachable)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.dom import dom, find_all, text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("asked", ["en", "en-US,en;q=0.9", "fr-FR,fr;q=0.8", "vi", ""])
def test_a_browser_asking_for_another_language_gets_vietnamese(coordinator, asked):
    client = Client(HTTP_ACCEPT_LANGUAGE=asked) if asked else Client()
    client.force_login(coordinator)
    response = client.post("/tai-khoan/doi-mat-khau/", {})  # Django's own "required" message
    page = dom(response)
    errors = [text(e) for e in find_all(page, "//span[@class='field-error']")]
    assert errors == ["Trường này là bắt buộc."] * 3, errors
    assert page.get("lang") == "vi"
