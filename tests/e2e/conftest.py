"""The browser tests' set-up, once for every module: Debian's Chromium driven by Playwright
(headless), a fresh page per test, and the department the tests work in (tests/factories.py,
with the people's real-looking names, since the screens show them)."""

from __future__ import annotations

import os

import pytest

from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, PASSWORD, new_page


@pytest.fixture(autouse=True)
def orm_beside_playwright(monkeypatch):
    # Playwright's sync API runs an event loop in the test's thread; the ORM calls of the
    # tests (their fixtures and checks) are fine there. Only for these tests: a subprocess of
    # another test must not inherit it (``check --deploy`` refuses it).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is missing: apt-get install chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """One page of a fresh Vietnamese context, 15 s for anything to appear."""
    pg = new_page(browser)
    yield pg
    pg.context.close()


@pytest.fixture
def department(transactional_db):
    """Sở Công Thương tỉnh Thử Nghiệm (the demo directory's units) with its Office
    coordinator ``vanphong``, the head of Phòng Quản lý Thương mại ``qltm`` and the
    leader ``giamdoc``, all with the password of tests/e2e/browser.py."""
    from cchc.orgs.models import Membership
    from tests.factories import make_org, make_user

    org = make_org("sct-tn", external=False)
    people = [
        ("vanphong", "Thu Hà", "Lê", Membership.Role.COORDINATOR, "VP"),
        ("qltm", "Minh", "Trần", Membership.Role.UNIT_HEAD, "QLTM"),
        ("giamdoc", "Văn An", "Nguyễn", Membership.Role.LEADER, None),
    ]
    for username, first, last, role, unit in people:
        make_user(org, role, username, unit, password=PASSWORD, first_name=first, last_name=last)
    return org
