"""In a real browser: a unit head who forgot the password clicks "Quên mật khẩu?", opens the
link of the e-mail, sets a new password, logs in with it, then changes it again from the
header's "Đổi mật khẩu"."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from cchc.orgs.models import Membership, Organisation

OLD, NEW, NEWER = "mat-khau-cu-2026", "cai-cach-hanh-chinh-2027", "mot-cua-lien-thong-2028"


@pytest.fixture
def person(transactional_db):
    from django.contrib.auth import get_user_model

    org = Organisation.objects.create(code="sct-tk", name="Sở Công Thương tỉnh Thử Nghiệm")
    user = get_user_model().objects.create_user(
        "truongphong",
        email="truongphong@sct-tk.example",
        password=OLD,
        first_name="Quốc Bảo",
        last_name="Phạm",
    )
    Membership.objects.create(user=user, organisation=org, role=Membership.Role.UNIT_HEAD)
    return user


def log_in(page, base: str, password: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("truongphong")
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


@pytest.mark.browser
def test_forgotten_password_then_a_change_from_the_header(live_server, person, browser, settings):
    from playwright.sync_api import expect

    settings.CCHC_SITE_URL = live_server.url
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{live_server.url}/dang-nhap/")
        page.get_by_role("link", name="Quên mật khẩu?").click()
        expect(page.get_by_role("heading", name="Quên mật khẩu")).to_be_visible()
        page.get_by_label("Địa chỉ thư điện tử").fill("truongphong@sct-tk.example")
        page.get_by_role("button", name="Gửi liên kết đặt lại mật khẩu").click()
        expect(page.get_by_role("heading", name="Hãy kiểm tra hộp thư")).to_be_visible()

        (message,) = mail.outbox
        (link,) = re.findall(r"https?://\S+", message.body)
        assert link.startswith(live_server.url)
        page.goto(link)
        expect(page.get_by_role("heading", name="Đặt mật khẩu mới")).to_be_visible()
        assert urlsplit(page.url).path.endswith("/dat-mat-khau/")
        page.get_by_label("Mật khẩu mới", exact=True).fill(NEW)
        page.get_by_label("Nhập lại mật khẩu mới").fill(NEW)
        page.get_by_role("button", name="Đặt mật khẩu mới").click()
        expect(page.get_by_role("heading", name="Đã đặt mật khẩu mới")).to_be_visible()

        page.get_by_role("link", name="Đăng nhập").click()
        log_in(page, live_server.url, NEW)
        expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()

        page.get_by_role("link", name="Đổi mật khẩu").click()
        expect(page.get_by_role("heading", name="Đổi mật khẩu")).to_be_visible()
        page.get_by_label("Mật khẩu hiện tại").fill(NEW)
        page.get_by_label("Mật khẩu mới", exact=True).fill(NEWER)
        page.get_by_label("Nhập lại mật khẩu mới").fill(NEWER)
        page.get_by_role("button", name="Đổi mật khẩu").click()
        expect(page.locator(".messages")).to_contain_text("Đã đổi mật khẩu.")
        expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()  # still logged in

        page.get_by_role("button", name="Đăng xuất").click()
        log_in(page, live_server.url, NEWER)
        expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
        person.refresh_from_db()
        assert person.check_password(NEWER)
    finally:
        context.close()
