"""In a real browser, the whole follow-through cycle: the Office imports a plan; a unit head
reports with evidence; the Office returns the report with a comment; the unit resubmits and
the Office accepts; the unit asks for more time on another task and the leader approves.
The Office board's figures are read after every step."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cchc.tracking.models import ExtensionRequest, Obligation, Report
from tests.e2e.browser import People

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HEADER = "TT\tNhiệm vụ cụ thể\tTiến độ\tĐơn vị chủ trì\tĐơn vị phối hợp\tKết quả/sản phẩm\tGhi chú"


def plan_year(today: date) -> int:
    """This year's plan, unless its year-end deadlines are under ten days away (then next
    year's): the services compare with the real date, and an extension must come first."""
    return today.year if today <= date(today.year, 12, 20) else today.year + 1


def plan_text(year: int) -> bytes:
    """A small plan in the samples' text format: three tasks, each with a deadline and a lead unit."""
    rows = [
        (
            "1",
            "Ban hành Quyết định công bố danh mục thủ tục hành chính lĩnh vực thương mại.",
            f"Trước ngày 31/12/{year}",
            "Phòng Quản lý Thương mại",
            "Văn phòng Sở",
            "Quyết định công bố được ban hành",
            "",
        ),
        (
            "2",
            "Tự kiểm tra công tác cải cách hành chính của phòng.",
            f"Trước ngày 30/12/{year}",
            "Phòng Quản lý Thương mại",
            "Thanh tra Sở",
            "Báo cáo kết quả tự kiểm tra",
            "",
        ),
        (
            "3",
            "Niêm yết công khai thủ tục hành chính tại Bộ phận Một cửa.",
            f"Trước ngày 31/12/{year}",
            "Bộ phận Một cửa",
            "",
            "100% thủ tục hành chính được niêm yết",
            "",
        ),
    ]
    lines = [
        "SỞ CÔNG THƯƠNG",
        "",
        "Số: 31/KH-SCT",
        "",
        f"Thử Nghiệm, ngày 10 tháng 02 năm {year}",
        "",
        "KẾ HOẠCH",
        f"Cải cách hành chính năm {year}",
        "",
        "Định kỳ vào ngày 25 hàng tháng, các phòng báo cáo kết quả về Văn phòng Sở.",
        "",
        "PHỤ LỤC",
        f"NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM {year}",
        "(Kèm theo Kế hoạch số 31/KH-SCT)",
        "",
        HEADER,
        "I\tCÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH\t\t\t\t\t",
        *("\t".join(r) for r in rows),
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def check_board(page, base_url: str, **expected: str) -> None:
    """Open the board and read its figures: total, done, rates, overdue and per status."""
    from playwright.sync_api import expect

    page.goto(f"{base_url}/theo-doi/")
    expect(page.get_by_role("heading", name="Bảng theo dõi thực hiện nhiệm vụ CCHC")).to_be_visible()
    ids = {
        "total": "#stat-total",
        "done": "#stat-done",
        "on_time_rate": "#stat-on-time-rate",
        "early_share": "#stat-early-share",
        "overdue": "#stat-overdue",
    }
    for key, value in expected.items():
        selector = ids.get(key, f"#count-{key}")
        expect(page.locator(f"{selector} .n")).to_have_text(value)


@pytest.mark.browser
def test_import_report_return_resubmit_accept_extend(live_server, department, browser):
    from playwright.sync_api import expect

    base = live_server.url
    today = timezone.localdate()
    year = plan_year(today)
    people = People(browser, base)
    try:
        # 1. The Office imports the plan and confirms it: one obligation per task and lead unit.
        office = people("vanphong")
        office.get_by_role("link", name="Nhập kế hoạch").first.click()
        office.locator("input[type=file]").set_input_files(
            {"name": "ke-hoach-31.txt", "mimeType": "text/plain", "buffer": plan_text(year)}
        )
        office.get_by_role("button", name="Đọc tệp").click()
        expect(office.get_by_role("heading", name="Xem trước kế hoạch")).to_be_visible()
        office.get_by_role("button", name="Xác nhận nhập kế hoạch").click()
        expect(office.locator(".messages")).to_contain_text("Đã nhập kế hoạch")
        assert Obligation.objects.filter(organisation=department).count() == 3
        check_board(
            office, base, total="3", not_due="3", done="0", overdue="0", on_time_rate="—", early_share="—"
        )

        # 2. The unit head reports on task 1 with a PDF as evidence.
        head = people("qltm")
        head.get_by_role("link", name="Việc của đơn vị").click()
        expect(head.get_by_role("heading", name="Việc của đơn vị: Phòng Quản lý Thương mại")).to_be_visible()
        expect(head.locator("table.unit-work tbody tr[id]")).to_have_count(2)
        row1 = head.locator("table.unit-work tr", has_text="Ban hành Quyết định công bố")
        row1.get_by_role("link", name="Báo cáo").click()
        form = head.locator("#bao-cao")
        form.get_by_label("Kết quả thực hiện").fill("Đã trình Giám đốc Sở ký Quyết định công bố 35 TTHC.")
        form.get_by_label("Tiến độ (%)").fill("90")
        form.locator('[name="ev-0-doc_number"]').fill("125/QĐ-SCT")
        form.locator('[name="ev-0-doc_date"]').fill(f"{today:%d/%m/%Y}")
        form.locator('[name="ev-0-summary"]').fill("Quyết định công bố danh mục TTHC lĩnh vực thương mại")
        form.locator('[name="ev-0-file"]').set_input_files(
            {"name": "qd-125.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        form.get_by_role("button", name="Gửi báo cáo").click()
        expect(head.locator(".messages")).to_contain_text("Đã gửi báo cáo đến Văn phòng Sở.")
        expect(head.locator("#chi-tiet")).to_contain_text("Báo cáo đang chờ Văn phòng Sở duyệt.")
        expect(head.locator("#chi-tiet")).to_contain_text("125/QĐ-SCT")
        check_board(office, base, total="3", not_due="2", in_progress="1", done="0")

        # 3. The Office returns it: a comment is required, then given.
        office.get_by_role("link", name="Duyệt báo cáo").click()
        item = office.locator(".queue-item", has_text="Đã trình Giám đốc Sở ký")
        expect(item).to_contain_text("125/QĐ-SCT")
        item.get_by_role("button", name="Trả lại").click()
        expect(office.locator(".messages")).to_contain_text("Chưa duyệt được")
        expect(office.locator(".field-error")).to_contain_text("Hãy ghi ý kiến")
        item = office.locator(".queue-item", has_text="Đã trình Giám đốc Sở ký")
        item.get_by_label("Ý kiến").fill("Bổ sung văn bản niêm yết công khai kèm theo.")
        item.get_by_role("button", name="Trả lại").click()
        expect(office.locator(".messages")).to_contain_text("Đã trả lại báo cáo của Phòng Quản lý Thương mại")
        expect(office.get_by_text("Không có báo cáo nào chờ duyệt.")).to_be_visible()
        assert Report.objects.get().state == Report.State.RETURNED
        check_board(office, base, total="3", not_due="2", in_progress="1", done="0")

        # 4. The unit head sees the comment and resubmits, adding a link to the second document.
        head.get_by_role("link", name="Việc của đơn vị").click()
        head.locator("table.unit-work tr", has_text="Ban hành Quyết định công bố").get_by_role(
            "link", name="Báo cáo"
        ).click()
        panel = head.locator("#chi-tiet")
        expect(panel).to_contain_text("“Bổ sung văn bản niêm yết công khai kèm theo.”")
        form = head.locator("#bao-cao")
        expect(form).to_contain_text("Soạn lại báo cáo (đã bị trả lại)")
        expect(form.get_by_label("Kết quả thực hiện")).to_have_value(
            "Đã trình Giám đốc Sở ký Quyết định công bố 35 TTHC."
        )
        form.get_by_label("Kết quả thực hiện").fill(
            "Đã ban hành Quyết định công bố 35 TTHC và niêm yết công khai."
        )
        form.get_by_label("Tiến độ (%)").fill("100")
        form.locator('[name="ev-0-doc_number"]').fill("18/TB-SCT")
        form.locator('[name="ev-0-doc_date"]').fill(f"{today:%d/%m/%Y}")
        form.locator('[name="ev-0-summary"]').fill("Thông báo niêm yết công khai TTHC")
        form.locator('[name="ev-0-url"]').fill("https://vanban.example.vn/18-tb-sct")
        form.get_by_role("button", name="Gửi báo cáo").click()
        expect(head.locator(".messages")).to_contain_text("Đã gửi báo cáo đến Văn phòng Sở.")
        check_board(office, base, total="3", not_due="2", in_progress="1", done="0")

        # 5. The Office accepts: finished early (the evidence is dated well before the due date).
        office.get_by_role("link", name="Duyệt báo cáo").click()
        item = office.locator(".queue-item", has_text="niêm yết công khai")
        expect(item).to_contain_text("gửi lại sau khi bị trả lại")
        expect(item).to_contain_text("125/QĐ-SCT")  # carried over from the returned report
        expect(item).to_contain_text("18/TB-SCT")
        item.get_by_role("button", name="Chấp nhận").click()
        expect(office.locator(".messages")).to_contain_text(
            "Đã chấp nhận báo cáo của Phòng Quản lý Thương mại."
        )
        check_board(
            office,
            base,
            total="3",
            not_due="2",
            in_progress="0",
            done_early="1",
            done="1",
            on_time_rate="100,0 %",
            early_share="100,0 %",
            overdue="0",
        )

        # 6. The unit head asks for more time on task 2.
        head.get_by_role("link", name="Việc của đơn vị").click()
        row2 = head.locator("table.unit-work tr", has_text="Tự kiểm tra công tác")
        row2.get_by_role("link", name="Đề nghị gia hạn").click()
        ext_form = head.locator("#gia-han")
        ext_form.get_by_label("Lý do").fill("Chờ kết quả kiểm tra của Thanh tra Sở.")
        new_due = date(year, 12, 30) + timedelta(days=9)
        ext_form.get_by_label("Hạn mới đề nghị").fill(f"{new_due:%d/%m/%Y}")
        ext_form.get_by_role("button", name="Gửi đề nghị gia hạn").click()
        expect(head.locator(".messages")).to_contain_text("Đã gửi đề nghị gia hạn")
        expect(head.locator("#chi-tiet")).to_contain_text("Chờ quyết định")
        check_board(office, base, total="3", not_due="2", extended="0", done_early="1")

        # 7. The leader approves it.
        leader = people("giamdoc")
        leader.get_by_role("link", name="Gia hạn").click()
        expect(leader.get_by_role("heading", name="Chờ quyết định (1)")).to_be_visible()
        pending = leader.locator("table.pending tr", has_text="Chờ kết quả kiểm tra của Thanh tra Sở.")
        expect(pending).to_contain_text(f"{new_due:%d/%m/%Y}")
        pending.get_by_role("button", name="Đồng ý", exact=True).click()
        expect(leader.locator(".messages")).to_contain_text(
            f"Đã đồng ý gia hạn cho Phòng Quản lý Thương mại đến ngày {new_due:%d/%m/%Y}."
        )
        assert ExtensionRequest.objects.get().state == ExtensionRequest.State.APPROVED
        check_board(
            office,
            base,
            total="3",
            not_due="1",
            extended="1",
            done_early="1",
            done="1",
            on_time_rate="100,0 %",
            early_share="100,0 %",
            overdue="0",
        )
        # The board shows the original date struck through and the new one.
        row = office.locator("table.board tr", has_text="Tự kiểm tra công tác")
        expect(row).to_contain_text(f"{new_due:%d/%m/%Y}")
        expect(row.locator("s")).to_have_count(1)

        # The appendix with the results downloads as .xlsx: offered for each plan the board
        # shows (the current plan by default), no filter to choose first.
        with office.expect_download() as download:
            office.locator("#plan-exports").get_by_role("link", name="31/KH-SCT").click()
        assert download.value.suggested_filename == "ket-qua-thuc-hien-31-kh-sct.xlsx"
    finally:
        people.close()
