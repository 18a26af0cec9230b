"""The browser of the e2e tests: Debian's Chromium driven by Playwright, headless."""

from __future__ import annotations

import os

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


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
    context = browser.new_context(locale="vi-VN")
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()
