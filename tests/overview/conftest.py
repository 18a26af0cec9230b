"""Fixtures of the overview's tests: a department whose follow-through and dossiers fill
every panel (tests/overview/builders.py, tests/dossiers/data.py), and a cold cache per test
(the panels are kept under the data version; each test counts its own queries)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import timezone

from cchc.dossiers import services
from cchc.tracking import cache as board_cache
from tests.dossiers import data
from tests.overview.builders import build


@pytest.fixture(autouse=True)
def _cold_cache():
    cache.clear()
    board_cache.forget_local()
    yield
    cache.clear()
    board_cache.forget_local()


@pytest.fixture
def today():
    return timezone.localdate()


def load_dossiers(org, user):
    """The eight hand-made dossiers of tests/dossiers/data.py, analysed as of 15/04/2026."""
    return services.upload_exports(
        org, user, dossiers=services.ExportFile("ho-so.csv", data.export(*data.ALL)), now=data.AS_OF
    )


@pytest.fixture
def department(org, coordinator, today):
    """The org's current plans (two), a past plan, and its dossiers."""
    built = build(org, today)
    load_dossiers(org, coordinator)
    return built
