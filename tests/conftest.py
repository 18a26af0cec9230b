"""Shared fixtures and the test session's set-up, done once here for every directory: the
fast password hasher, a scratch var/ (uploads, e-mail files, job progress) per process and a
media folder per test that touches the database. The sample plans live in ../shared (see
tests/paths.py); the people and departments of the tests come from tests/factories.py."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tests.paths import PLANS_DIR


@pytest.fixture(scope="session")
def plans_dir():
    if not PLANS_DIR.is_dir():
        pytest.fail(f"shared sample plans not found at {PLANS_DIR} (set CCHC_SHARED_DIR)")
    return PLANS_DIR


# --- the department and its department-wide people (tests/factories.py) ------------------


@pytest.fixture
def org(db):
    from tests.factories import make_org

    return make_org()


@pytest.fixture
def coordinator(org):
    from cchc.orgs.models import Membership
    from tests.factories import person

    return person(org, Membership.Role.COORDINATOR)


@pytest.fixture
def leader(org):
    from cchc.orgs.models import Membership
    from tests.factories import person

    return person(org, Membership.Role.LEADER)


@pytest.fixture
def observer(org):
    from cchc.orgs.models import Membership
    from tests.factories import person

    return person(org, Membership.Role.OBSERVER)


@pytest.fixture
def coord_client(client, coordinator):
    """A test client logged in as the Office's coordinator."""
    client.force_login(coordinator)
    return client


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
    from django.conf import settings

    # Accounts are made by the hundred in the tests; Django's real hasher spends about a
    # third of a second on each (by design). The hasher is not what the tests are about.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    _scratch_var_dir(settings)


def _scratch_var_dir(settings) -> None:
    """Point var/ at a scratch folder: $CCHC_VAR_DIR (scripts/test.sh gives each run its own)
    or a new temporary one, never the repository's var/. Under pytest-xdist each worker
    takes a sub-folder of its own, since its job ids and files would collide with the
    other worker's (each has its own test database). Subprocesses (``cchc serve``, the
    worker) inherit it through the environment."""
    base = os.environ.get("CCHC_VAR_DIR") or tempfile.mkdtemp(prefix="cchc-test-var-")
    var = (
        Path(base) / os.environ["PYTEST_XDIST_WORKER"] if "PYTEST_XDIST_WORKER" in os.environ else Path(base)
    )
    var.mkdir(parents=True, exist_ok=True)
    os.environ["CCHC_VAR_DIR"] = str(var)
    settings.VAR_DIR = var
    settings.MEDIA_ROOT = var / "media"
    settings.STATIC_ROOT = var / "static"
    settings.STATIC_ROOT.mkdir(exist_ok=True)
    options = settings.MAILERS.get("default", {}).get("OPTIONS", {})
    if "file_path" in options and "CCHC_EMAIL_FILE_PATH" not in os.environ:
        options["file_path"] = str(var / "mail")


def _uses_db(item: pytest.Item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        _DB_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


@pytest.fixture(autouse=True)
def media_root(request: pytest.FixtureRequest):
    """Each test that touches the database uploads into a media folder of its own (the
    others share the session's)."""
    if not _uses_db(request.node):
        yield None
        return
    settings = request.getfixturevalue("settings")
    settings.MEDIA_ROOT = request.getfixturevalue("tmp_path") / "media"
    yield settings.MEDIA_ROOT


_DB_FIXTURES = {"_django_db_helper"}


def _other_run(item: pytest.Item, this_run: str) -> bool:
    """A ``one_run`` scenario that the other run of scripts/test.sh takes."""
    marker = item.get_closest_marker("one_run")
    if marker is None:
        return False
    database = marker.args[0] if marker.args else ""
    if database not in ("sqlite", "postgresql"):
        raise pytest.UsageError(f"{item.nodeid}: one_run takes 'sqlite' or 'postgresql', not {database!r}")
    return database != this_run


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """What scripts/test.sh leaves to one of its two runs (SQLite and PostgreSQL side by side,
    CCHC_TEST_SIDE_BY_SIDE=1): the tests that never touch the database are the same on either
    database, so the PostgreSQL run (CCHC_TEST_ONLY_DB=1) leaves them to SQLite; and a long
    scenario whose subject is not the database (``one_run``: the demo's contents, a year of
    reminder passes) runs in the run of its database only. A plain ``pytest`` runs everything."""
    only_db = os.environ.get("CCHC_TEST_ONLY_DB") == "1"
    this_run = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    split = os.environ.get("CCHC_TEST_SIDE_BY_SIDE") == "1"
    if not (only_db or split):
        return
    keep, drop = [], []
    for item in items:
        left = (only_db and not _uses_db(item)) or (split and _other_run(item, this_run))
        (drop if left else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
