"""The import preview's ``?edit=`` (the row opened for editing): a value that is not a row
number the page can use opens no row, never a 500 (issue 9, item 11)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_draft


@pytest.mark.parametrize("value", ["1", "99999999999999999999", "²", "-1", "abc", "9" * 5000])
def test_the_preview_ignores_an_edit_value_it_cannot_use(org, coordinator, value):
    draft = make_draft(org, coordinator)
    client = Client(raise_request_exception=False)
    client.force_login(coordinator)
    response = client.get(reverse("plans:import_preview", args=[draft.pk]) + f"?edit={value}")
    assert response.status_code == 200
