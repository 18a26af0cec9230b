"""The Office's quarter report in a browser: from the year's list it opens quarter I's draft,
writes a part, refreshes the figures after a unit's report is accepted (the change is shown),
has the files made in the background and downloads the Word document, which holds its text."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from tests.e2e.browser import log_in
from tests.factories import task

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [390, 1440], ids=["phone", "desktop"])
def test_the_office_writes_refreshes_and_downloads_the_quarter_report(
    live_server, department, page, settings, tmp_path, width
):
    from docx import Document
    from playwright.sync_api import expect

    from cchc.jobs import runner
    from cchc.orgs.models import Membership
    from cchc.tracking import reports
    from cchc.tracking.evidence import EvidenceInput
    from cchc.tracking.models import Obligation
    from tests.tracking.test_planning import confirm

    office = Membership.objects.get(organisation=department, role="coordinator").user
    head = Membership.objects.get(organisation=department, role="unit_head").user
    tasks = [
        task(
            "1",
            "Rà soát quy chế làm việc.",
            lead=["Phòng Quản lý Thương mại"],
            schedule="Trước ngày 28/02/2026",
        ),
        task("2", "Ban hành kế hoạch tuyên truyền.", lead=["Văn phòng Sở"], schedule="Trước ngày 10/03/2026"),
    ]
    plan = confirm(department, office, tasks)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server.url, "vanphong")
    if width < 600:
        page.get_by_text("☰ Menu").click()
    page.get_by_role("link", name="Báo cáo CCHC").click()
    page.goto(f"{live_server.url}/bao-cao-cchc/?nam=2026")
    row = page.locator("#due-reports tr[data-key='quarter-2026-Q1']")
    row.get_by_role("button", name="Lập báo cáo").click()
    expect(page.get_by_role("heading", name="Báo cáo CCHC quý I năm 2026")).to_be_visible()
    page.screenshot(path=str(tmp_path / f"report-draft-{width}.png"), full_page=True)

    part = page.locator("#phan-proposals")
    part.locator("textarea").fill("Đề nghị UBND tỉnh bố trí kinh phí số hóa hồ sơ.")
    part.get_by_role("button", name="Lưu phần này").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu nội dung.")

    # Meanwhile Phòng Quản lý Thương mại reports and the Office accepts (the real services).
    obligation = Obligation.objects.get(plan=plan, unit__code="QLTM")
    when = timezone.make_aware(datetime(2026, 2, 20, 9))
    sent = reports.submit_report(
        obligation,
        head,
        narrative="Đã rà soát, trình ban hành Quy chế làm việc sửa đổi.",
        progress=100,
        evidence=[EvidenceInput("15/QĐ-SCT", date(2026, 2, 20), "Quyết định ban hành Quy chế làm việc")],
        now=when,
    )
    reports.review_report(sent, office, accept=True, expected_version=sent.version, now=when)

    page.get_by_role("button", name="Cập nhật số liệu").click()
    changes = page.locator("#changes tbody tr")
    expect(changes.first).to_be_visible()
    rows = [r.split("\t") for r in changes.all_inner_texts()]
    assert [
        "Kết quả thực hiện nhiệm vụ theo lĩnh vực",
        "Tổng cộng",
        "Tỷ lệ đúng hạn",
        "0,0 %",
        "50,0 %",
    ] in rows
    expect(page.locator("#figures-at")).to_contain_text("(lần 2)")

    page.get_by_role("button", name="Tạo tệp Word, phụ lục Excel và PDF").click()
    expect(page.locator("#job-progress .job-state")).to_contain_text("Đang chờ")
    assert runner.run_pending("worker-e2e") == 1
    expect(page.locator("#job-progress .job-state")).to_contain_text("Xong", timeout=30_000)
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(tmp_path / f"report-files-{width}.png"), full_page=True)
    with page.expect_download() as download:
        page.locator("#files a[data-format='docx']").click()
    doc = Document(download.value.path())
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO" in body and "Đề nghị UBND tỉnh bố trí kinh phí số hóa hồ sơ." in body
