"""Shared fixtures. The sample plans live in ../shared (see tests/paths.py)."""

from __future__ import annotations

import os

import pytest

from tests.paths import PLANS_DIR


@pytest.fixture(scope="session")
def plans_dir():
    if not PLANS_DIR.is_dir():
        pytest.fail(f"shared sample plans not found at {PLANS_DIR} (set CCHC_SHARED_DIR)")
    return PLANS_DIR


@pytest.fixture(scope="session")
def libreoffice() -> str:
    """The LibreOffice program, for the tests of .doc/.xls: skipped without it, except under
    CCHC_REQUIRE_LIBREOFFICE=1 (CI installs it) where its absence fails the test."""
    from tests.office import soffice

    program = soffice()
    if program is None:
        if os.environ.get("CCHC_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("CCHC_REQUIRE_LIBREOFFICE=1 but LibreOffice (soffice) is missing", pytrace=False)
        pytest.skip("LibreOffice (soffice) is not installed")
    return program


def pytest_configure(config: pytest.Config) -> None:
    # Accounts are made by the hundred in the tests; Django's real hasher spends about a
    # third of a second on each (by design). The hasher is not what the tests are about.
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


_DB_FIXTURES = {"_django_db_helper"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # CCHC_TEST_ONLY_DB=1 (the PostgreSQL run of scripts/test.sh): the tests that never
    # touch the database are the same on either database, so they run once, on SQLite.
    if os.environ.get("CCHC_TEST_ONLY_DB") != "1":
        return
    keep, drop = [], []
    for item in items:
        uses_db = item.get_closest_marker("django_db") is not None or bool(
            _DB_FIXTURES & set(getattr(item, "fixturenames", ()))
        )
        (keep if uses_db else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
