"""In a real browser: the Office uploads a plan, fixes a unit, confirms, finds the tasks."""

from __future__ import annotations

import pytest

from cchc.orgs.models import Membership, Unit, UnitAlias
from cchc.plans.models import Plan, TaskUnit
from tests.factories import make_org, make_user
from tests.paths import sample_bytes

SAMPLE = "khanhhoa-sct-2025-sipas-appendix.txt"
PASSWORD = "mat-khau-trinh-duyet-1"


@pytest.fixture
def department(transactional_db):
    """A Sở Công Thương whose inspectorate was merged into a "Thanh tra - Pháp chế" division:
    the sample's "Thanh tra Sở" is then unknown and the Office maps it by hand."""
    org = make_org(
        "sct-kh", "Sở Công Thương tỉnh Khánh Hòa", province="Khánh Hòa", external=False, leave_out=("TTRA",)
    )
    Unit.objects.create(
        organisation=org,
        code="TTPC",
        name="Phòng Thanh tra - Pháp chế",
        kind="division",
        affiliation="thuoc",
        order=99,
    )
    make_user(
        org,
        Membership.Role.COORDINATOR,
        "vanphong",
        "VP",
        password=PASSWORD,
        first_name="Thu Hà",
        last_name="Lê",
    )
    return org


@pytest.mark.browser
def test_upload_fix_a_unit_confirm_and_find_the_tasks(live_server, department, page):
    from playwright.sync_api import expect

    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    page.get_by_label("Tên đăng nhập").fill("vanphong")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    # The Office's front page is the overview (no plan yet).
    expect(page.get_by_role("heading", name="Tổng quan thực hiện cải cách hành chính")).to_be_visible()

    page.get_by_role("link", name="Nhập kế hoạch").first.click()
    page.locator("input[type=file]").set_input_files(
        {"name": SAMPLE, "mimeType": "text/plain", "buffer": sample_bytes(SAMPLE)}
    )
    page.get_by_role("button", name="Đọc tệp").click()

    # The preview: every row, its units as understood, the schedules as read.
    expect(page.get_by_role("heading", name="Xem trước kế hoạch")).to_be_visible()
    # The department has no "Thanh tra Sở" (merged into a division): the name is unknown.
    expect(page.locator("#task-4")).to_contain_text("“Thanh tra Sở”")
    expect(page.locator("#task-4 .uref-unknown")).to_be_visible()

    # Edit one cell in place (htmx swaps the row into a form), then save it.
    page.locator("#task-0").get_by_role("link", name="Sửa").click()
    form_row = page.locator("tr#task-0.editing")
    expect(form_row).to_be_visible()
    form_row.get_by_label("Ghi chú").fill("Đã đối chiếu với bản giấy")
    form_row.get_by_role("button", name="Lưu").click()
    expect(page.locator("#task-0")).to_contain_text("Đã đối chiếu với bản giấy")

    # Say what "Thanh tra Sở" is: the merged division (the list of names to decide).
    expect(page.get_by_role("heading", name="Đơn vị cần xác định (1)")).to_be_visible()
    mention_row = page.locator("#units table.mentions tr", has_text="“Thanh tra Sở”").first
    mention_row.locator("select").select_option("unit:TTPC")
    mention_row.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi nhận “Thanh tra Sở”")
    expect(page.locator("#task-4")).to_contain_text("Phòng Thanh tra - Pháp chế")
    expect(page.get_by_role("heading", name="Đơn vị cần xác định (0)")).to_be_visible()

    page.get_by_role("button", name="Xác nhận nhập kế hoạch").click()

    # The plan page: the tasks, by section, with their units.
    expect(page.get_by_role("heading", name="Kế hoạch số 23/KH-SCT")).to_be_visible()
    expect(page.locator(".messages")).to_contain_text("Đã nhập kế hoạch")
    tasks = page.locator("table.tasks")
    expect(tasks).to_contain_text("Niêm yết thủ tục hành chính của ngành")
    expect(tasks).to_contain_text("Phòng Thanh tra - Pháp chế")
    expect(tasks).to_contain_text("Đã đối chiếu với bản giấy")
    expect(page.get_by_role("link", name=f"Tải tệp gốc “{SAMPLE}”")).to_be_visible()

    plan = Plan.objects.get(organisation=department)
    assert plan.tasks.count() == 16
    assert TaskUnit.objects.filter(task__plan=plan, unit__code="TTPC", role="lead").count() >= 2
    assert UnitAlias.objects.get(organisation=department).unit.code == "TTPC"


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1440], ids=["phone", "desktop"])
def test_a_document_with_several_tables_is_previewed_table_by_table(
    live_server, department, page, tmp_path, width
):
    """A decision copied from a legal-document web site, with two task tables: both listed with
    their headings, their rows under them; the Office keeps only Phụ lục II. Another with an
    indicator table: its indicators shown as the plan's targets."""
    from playwright.sync_api import expect

    from tests.paths import web_sample_bytes

    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/")
    page.get_by_label("Tên đăng nhập").fill("vanphong")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    def upload(name: str, data: bytes) -> None:
        page.goto(f"{live_server.url}/ke-hoach/nhap/")
        page.locator("input[type=file]").set_input_files(
            {"name": name, "mimeType": "text/plain", "buffer": data}
        )
        page.get_by_role("button", name="Đọc tệp").click()
        expect(page.get_by_role("heading", name="Xem trước kế hoạch")).to_be_visible()

    upload("qd-2530-khong-khi.txt", web_sample_bytes("16_"))
    choices = page.locator("#tables li")
    expect(choices).to_have_count(2)
    expect(choices.nth(0)).to_contain_text("Bảng 1 — Bảng nhiệm vụ, ")
    expect(choices.nth(1)).to_contain_text("PHỤ LỤC II")
    expect(page.locator("tr.table-row")).to_have_count(2)
    all_rows = page.locator("tr.task-row").count()
    page.locator("#tables").screenshot(path=str(tmp_path / f"tables-{width}.png"))
    page.locator("#table-1 input[type=checkbox]").uncheck()
    page.get_by_role("button", name="Lưu lựa chọn bảng").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu lựa chọn bảng cần nhập.")
    expect(page.locator("#table-1")).to_contain_text("(không nhập)")
    expect(page.locator("#table-1 input[type=checkbox]")).not_to_be_checked()
    kept = page.locator("tr.task-row").count()
    assert 0 < kept < all_rows
    expect(page.locator("tr.table-row")).to_have_count(1)
    expect(page.locator("tr.table-row")).to_contain_text("Bảng 2: PHỤ LỤC II")
    page.locator("tr.table-row").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / f"table-rows-{width}.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    upload("qd-2629-chinh-phu-so.txt", web_sample_bytes("15_"))
    expect(page.locator("#indicators")).to_have_text("Chỉ tiêu của kế hoạch (bảng chỉ tiêu)")
    expect(page.locator("table.plan-indicators tbody tr")).to_have_count(22)
    page.locator("#indicators").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / f"indicators-{width}.png"), full_page=False)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
