"""What the browser tests share besides fixtures: Debian's Chromium and its switches, the
password of the people the tests log in as, and one logged-in browser context per person."""

from __future__ import annotations

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
PASSWORD = "mat-khau-trinh-duyet-2"
TIMEOUT_MS = 15_000  # for anything to appear


def new_page(browser, **context_options):
    """A page of a fresh Vietnamese context (its own cookies)."""
    context = browser.new_context(locale="vi-VN", **context_options)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return page


def log_in(page, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Fill in the login form as a person does (the page lands where the site sends it)."""
    page.goto(f"{base_url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


class People:
    """One browser context (its own cookies) per person, logged in once."""

    def __init__(self, browser, base_url: str) -> None:
        self.browser, self.base_url, self.pages = browser, base_url, {}

    def __call__(self, username: str):
        from playwright.sync_api import expect

        if username not in self.pages:
            page = new_page(self.browser)
            log_in(page, self.base_url, username)
            expect(
                page.get_by_role("link", name="Đăng xuất").or_(page.get_by_role("button", name="Đăng xuất"))
            ).to_be_visible()
            self.pages[username] = page
        return self.pages[username]

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()
