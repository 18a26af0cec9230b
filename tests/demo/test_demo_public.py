"""The demo department publishes its figures (its public page works at once); seeding again
keeps what the Office changed in the admin."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.demo.seed import DEMO_ORG_CODE, seed_demo
from cchc.overview.models import Publication

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_and_keeps_the_offices_choice(client):
    report = seed_demo(today=date(2026, 12, 7), with_plan=False, with_dossiers=False)
    assert report.published
    assert client.get(f"/cong-khai/{DEMO_ORG_CODE}/").status_code == 200
    Publication.objects.filter(organisation=report.organisation).update(enabled=False)
    again = seed_demo(today=date(2026, 12, 7), with_plan=False, with_dossiers=False)
    assert not again.published
    assert client.get(f"/cong-khai/{DEMO_ORG_CODE}/").status_code == 404
