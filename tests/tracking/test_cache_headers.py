"""What a signed-in person is shown is not kept by a proxy or by the browser
(``Cache-Control: private, no-store``): pages, the Excel export, evidence files, the API.
Static files stay cacheable."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from cchc.tracking import api, reports
from cchc.tracking.reports import EvidenceInput
from tests.tracking.conftest import evidence_upload


def _directives(response) -> set[str]:
    return {p.strip().lower() for p in response.get("Cache-Control", "").split(",") if p.strip()}


@pytest.fixture
def evidence(world):
    draft = reports.save_draft(
        world.obligation,
        world.head,
        narrative="Đang làm",
        progress=40,
        evidence=[
            EvidenceInput("2/BC", world.today - timedelta(days=1), "Báo cáo", file=evidence_upload("bc.pdf"))
        ],
    )
    return draft.evidence.get()


PRIVATE = [
    ("the board", lambda w, e: "/theo-doi/"),
    ("a task page", lambda w, e: f"/nhiem-vu/{w.task.pk}/"),
    ("the plan's Excel export", lambda w, e: f"/ke-hoach/{w.plan.pk}/xuat-excel/"),
    ("an evidence file", lambda w, e: f"/tai-lieu-kiem-chung/{e.pk}/"),
    ("the password page", lambda w, e: "/tai-khoan/doi-mat-khau/"),
    ("a page refused (403)", lambda w, e: f"/nhiem-vu/{w.other_task.pk}/"),
]


@pytest.mark.parametrize(("what", "path"), PRIVATE, ids=[p[0] for p in PRIVATE])
def test_signed_in_answers_are_private_and_not_stored(world, evidence, what, path):
    client = Client()
    client.force_login(world.head)
    response = client.get(path(world, evidence))
    assert response.status_code in (200, 403)
    assert {"private", "no-store"} <= _directives(response)
    assert "public" not in _directives(response)


def test_api_answers_are_private_and_not_stored(world):
    token = api.issue_token(world.head, "t")[1]
    response = Client().get("/api/v1/obligations", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert {"private", "no-store"} <= _directives(response)


@pytest.mark.parametrize("path", ["/static/cchc.css", "/static/vendor/htmx-2.0.11.min.js"])
def test_static_files_stay_cacheable_even_when_signed_in(world, path):
    client = Client()
    client.force_login(world.head)
    response = client.get(path)
    assert response.status_code == 200
    assert "no-store" not in _directives(response)
