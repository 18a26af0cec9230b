"""On a phone (390×844), a unit head opens tasks from the unit page and reports: sending
without evidence is refused where the task's product is a document and asked for
confirmation elsewhere; the page lands on the question or the field each time; with the
evidence added the report goes. Then a link to a period on page 2 of a task's list
(``?nghia-vu=``) opens that page, that row selected, its panel in view."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cchc.tracking.models import Report
from tests.e2e.browser import PASSWORD
from tests.e2e.test_follow_through_browser import PDF
from tests.tracking.screens import make_obligation, make_plan, make_task

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def work(department):
    """Phòng Quản lý Thương mại's work: a task whose product is a plan (a document), a task
    measured by a rate, and a weekly-like task of 60 periods (two pages on its task page)."""
    today = timezone.localdate()
    plan = make_plan(department, today, number="40/KH-SCT")
    doc_task = make_task(
        plan,
        1,
        "Xây dựng kế hoạch tuyên truyền cải cách hành chính.",
        lead=["QLTM"],
        product="Kế hoạch tuyên truyền",
    )
    rate_task = make_task(
        plan,
        2,
        "Giải quyết hồ sơ thủ tục hành chính đúng hạn.",
        lead=["QLTM"],
        product="Tỷ lệ hồ sơ giải quyết đúng hạn đạt 100 %",
    )
    long_task = make_task(plan, 3, "Cập nhật tiến độ trên phần mềm nhắc việc.", lead=["QLTM"], product="")
    periods = [
        make_obligation(
            long_task, "QLTM", today + timedelta(days=30 + i), key=f"k{i}", label=f"Kỳ {i + 1:02d}"
        )
        for i in range(60)
    ]
    return {
        "doc": make_obligation(doc_task, "QLTM", today + timedelta(days=5)),
        "rate": make_obligation(rate_task, "QLTM", today + timedelta(days=6)),
        "long_task": long_task,
        "periods": periods,
        "today": today,
    }


def _login(page, base: str, username: str) -> None:
    from playwright.sync_api import expect

    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    # On a phone the menu (and "Đăng xuất" in it) is folded under "☰ Menu".
    expect(page.get_by_role("button", name="Đăng xuất", include_hidden=True)).to_be_attached()
    expect(page.locator("summary.menu-toggle")).to_be_visible()


def _open_from_unit_page(page, base: str, task_text: str) -> None:
    from playwright.sync_api import expect

    page.goto(f"{base}/don-vi/")
    expect(page.get_by_role("heading", name="Việc của đơn vị: Phòng Quản lý Thương mại")).to_be_visible()
    page.get_by_role("link", name=task_text).first.click()
    expect(page.locator("#bao-cao")).to_be_visible()


@pytest.mark.browser
def test_unit_head_reports_from_a_phone(live_server, work, browser):
    from playwright.sync_api import expect

    base = live_server.url
    today = work["today"]
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        _login(page, base, "qltm")

        # 1. A task whose product is a document: no report without it.
        _open_from_unit_page(page, base, "1. Xây dựng kế hoạch tuyên truyền cải cách hành chính.")
        form = page.locator("#bao-cao")
        expect(page.locator("#tai-lieu .need-document")).to_contain_text("Sản phẩm của nhiệm vụ là văn bản")
        expect(form.get_by_label("Tiến độ (%)")).to_have_value("0")  # not 100
        form.get_by_label("Kết quả thực hiện").fill("Đã trình Giám đốc Sở ký kế hoạch tuyên truyền.")
        form.get_by_label("Tiến độ (%)").fill("100")
        send = form.get_by_role("button", name="Gửi báo cáo")
        send.scroll_into_view_if_needed()
        expect(send).to_be_in_viewport()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        send.click()
        expect(page.locator("#tai-lieu [role=alert]")).to_contain_text("hãy đính kèm kế hoạch đã ban hành")
        first = page.locator('[name="ev-0-doc_number"]')
        expect(first).to_be_focused()  # the page landed on the field to fill
        expect(first).to_be_in_viewport()
        assert not Report.objects.exists()
        form.get_by_label("Kết quả thực hiện").fill("Đã ban hành kế hoạch tuyên truyền.")  # as typed, kept
        first.fill("15/KH-QLTM")
        page.locator('[name="ev-0-doc_date"]').fill(f"{today - timedelta(days=1):%d/%m/%Y}")
        page.locator('[name="ev-0-summary"]').fill("Kế hoạch tuyên truyền CCHC")
        page.locator('[name="ev-0-file"]').set_input_files(
            {"name": "kh-15.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        form.get_by_role("button", name="Gửi báo cáo").click()
        expect(page.locator(".messages")).to_contain_text("Đã gửi báo cáo đến Văn phòng Sở.")
        expect(page.locator("#chi-tiet")).to_contain_text("15/KH-QLTM")
        report = Report.objects.get(obligation=work["doc"])
        assert report.state == Report.State.SUBMITTED and report.evidence.count() == 1

        # 2. A task measured by a rate: a report without a document is asked about first.
        _open_from_unit_page(page, base, "2. Giải quyết hồ sơ thủ tục hành chính đúng hạn.")
        form = page.locator("#bao-cao")
        form.get_by_label("Kết quả thực hiện").fill("100 % hồ sơ giải quyết đúng hạn trong kỳ.")
        form.get_by_label("Tiến độ (%)").fill("100")
        form.get_by_role("button", name="Gửi báo cáo").click()
        question = page.locator("#xac-nhan")
        expect(question).to_contain_text("Gửi báo cáo không có tài liệu kiểm chứng?")
        confirm = page.get_by_label("Tôi xác nhận gửi báo cáo không có tài liệu kiểm chứng")
        expect(confirm).to_be_focused()
        expect(confirm).to_be_in_viewport()
        assert not Report.objects.filter(obligation=work["rate"]).exists()
        confirm.check()
        page.locator("#bao-cao").get_by_role("button", name="Gửi báo cáo").click()
        expect(page.locator(".messages")).to_contain_text("Đã gửi báo cáo đến Văn phòng Sở.")
        assert Report.objects.get(obligation=work["rate"]).state == Report.State.SUBMITTED

        # 3. A link to a period on page 2 of a task's list opens that page, the row selected.
        target = work["periods"][55]
        page.goto(f"{base}/nhiem-vu/{work['long_task'].pk}/?nghia-vu={target.pk}#chi-tiet")
        expect(page.locator("nav.pager")).to_contain_text("Trang 2/2")
        row = page.locator(f"#o{target.pk}")
        expect(row).to_have_class("selected")
        expect(row).to_contain_text("Kỳ 56")
        panel = page.locator("#chi-tiet")
        expect(panel.locator("h2")).to_have_text("Phòng Quản lý Thương mại · Kỳ 56")
        expect(panel.locator("h2")).to_be_in_viewport()
    finally:
        context.close()
