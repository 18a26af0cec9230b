"""In a real browser, a plan's life: the same plan imported again under another file name
(byte for byte, and with one space added) is told to exist; a past plan imported with a
tracking start of today does not flood the board; a plan imported by mistake is deleted."""

from __future__ import annotations

import pytest
from django.utils import timezone

from cchc.demo.seed import DEMO_PLAN
from cchc.orgs.models import Membership, Unit
from cchc.plans.models import Plan
from cchc.tracking import confirming
from cchc.tracking.models import Obligation, ObligationStatus
from tests.factories import make_org, make_user
from tests.paths import sample_bytes

PASSWORD = "mat-khau-trinh-duyet-3"
PAST = "khanhhoa-sct-2025-sipas-appendix.txt"  # 23/KH-SCT, 2025


@pytest.fixture
def department(transactional_db):
    org = make_org("sct-hbx", "Sở Công Thương tỉnh Hòa Bình Xanh", province="", external=False)
    # The demo plan's "Phòng Kế hoạch - Tài chính" is the directory's KHTC under another name.
    Unit.objects.filter(organisation=org, code="KHTC").update(name="Phòng Kế hoạch - Tài chính")
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


def log_in(page, base: str) -> None:
    # The plans list asks for the login and comes back (the front page "/" is the overview).
    page.goto(f"{base}/ke-hoach/")
    page.get_by_label("Tên đăng nhập").fill("vanphong")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def upload(page, name: str, data: bytes) -> None:
    page.get_by_role("link", name="Nhập kế hoạch").first.click()
    page.locator("input[type=file]").set_input_files({"name": name, "mimeType": "text/plain", "buffer": data})
    page.get_by_role("button", name="Đọc tệp").click()


@pytest.mark.browser
def test_the_same_plan_imported_again_is_told_to_exist(live_server, department, page):
    from playwright.sync_api import expect

    plan = confirming.import_plan_file(department, DEMO_PLAN)
    log_in(page, live_server.url)

    # The very same bytes under another name: refused at upload, with the way to the plan.
    upload(page, "ban-sao-ke-hoach-2026.txt", DEMO_PLAN.read_bytes())
    errors = page.locator(".errors")
    expect(errors).to_contain_text("Tệp này đã được nhập: Kế hoạch số 12/KH-SCT")
    errors.get_by_role("link", name="Mở kế hoạch / bản nháp đã có").click()
    expect(page.get_by_role("heading", name="Kế hoạch số 12/KH-SCT")).to_be_visible()

    # One space added: other bytes, the same plan. The preview says it at once.
    upload(page, "ke-hoach-cchc-2026 (1).txt", DEMO_PLAN.read_bytes() + b" ")
    expect(page.get_by_role("heading", name="Xem trước kế hoạch")).to_be_visible()
    check = page.locator("#check-duplicate")
    expect(check).to_contain_text(f"Kế hoạch số 12/KH-SCT năm {plan.period_start.year} của {plan.issuer}")
    expect(check).to_contain_text("đã có trong hệ thống")
    # Confirming is refused with the same words.
    page.get_by_role("button", name="Xác nhận nhập kế hoạch").click()
    expect(page.locator(".messages")).to_contain_text("đã có trong hệ thống")
    expect(page.get_by_role("heading", name="Xem trước kế hoạch")).to_be_visible()
    assert Plan.objects.filter(organisation=department).count() == 1
    # The link leads to the plan that exists.
    check.get_by_role("link", name="Mở kế hoạch số 12/KH-SCT đã có").click()
    expect(page.get_by_role("heading", name="Kế hoạch số 12/KH-SCT")).to_be_visible()
    assert page.url.endswith(f"/ke-hoach/{plan.pk}/")


@pytest.mark.browser
def test_a_past_plan_tracked_from_today_does_not_flood_the_board(live_server, department, page):
    from playwright.sync_api import expect

    today = timezone.localdate()
    log_in(page, live_server.url)
    upload(page, PAST, sample_bytes(PAST))

    # The preview warns, with the number of obligations that would be overdue at once.
    late = page.locator("#check-late")
    expect(late).to_contain_text("Kế hoạch đã hết thời gian thực hiện (đến 31/12/2025)")
    expect(late).to_contain_text("sẽ quá hạn ngay nếu theo dõi từ đầu kế hoạch")
    box = page.locator("#tracking-start")
    expect(box.get_by_label("Theo dõi từ ngày")).to_have_value(today.strftime("%d/%m/%Y"))
    expect(box.get_by_label("Không theo dõi (ghi là “không theo dõi”)")).to_be_checked()
    page.get_by_role("button", name="Xác nhận nhập kế hoạch").click()

    expect(page.get_by_role("heading", name="Kế hoạch số 23/KH-SCT")).to_be_visible()
    plan = Plan.objects.get(organisation=department)
    not_tracked = Obligation.objects.filter(plan=plan, status=ObligationStatus.NOT_TRACKED).count()
    assert not_tracked > 100 and not Obligation.objects.filter(plan=plan, is_active=True).exists()
    expect(page.locator("#tracking-start")).to_have_text(
        f"{today:%d/%m/%Y} — {not_tracked} kỳ có hạn trước ngày đó: không theo dõi"
    )
    expect(page.locator("#plan-progress")).to_contain_text(f"{not_tracked} kỳ không theo dõi")

    # The board, filtered on the plan: nothing overdue, nothing listed.
    page.get_by_role("link", name="Bảng theo dõi").first.click()
    page.goto(f"{page.url.split('?')[0]}?ke_hoach={plan.pk}")
    expect(page.locator("#count-overdue .n")).to_have_text("0")


@pytest.mark.browser
def test_a_plan_imported_by_mistake_is_deleted_after_a_confirmation(live_server, department, page):
    from playwright.sync_api import expect

    plan = confirming.import_plan_file(department, DEMO_PLAN)
    log_in(page, live_server.url)
    page.get_by_role("link", name=plan.title).click()
    page.get_by_role("link", name="Xóa kế hoạch…").click()
    expect(page.locator("#delete-confirm")).to_contain_text("27 nhiệm vụ")
    page.get_by_role("button", name="Xóa vĩnh viễn kế hoạch").click()
    expect(page.locator(".messages")).to_contain_text("Đã xóa kế hoạch số 12/KH-SCT")
    expect(page.get_by_role("heading", name="Kế hoạch cải cách hành chính")).to_be_visible()
    page.locator("#da-xoa summary").click()
    expect(page.locator("#da-xoa tbody tr").first).to_contain_text("Lê Thu Hà")
    assert not Plan.objects.filter(organisation=department).exists()


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1440], ids=["phone", "desktop"])
def test_a_big_plan_is_confirmed_in_the_background_with_its_progress(
    live_server, department, page, settings, tmp_path, width
):
    """Above ``CCHC_PLAN_CONFIRM_INLINE_MAX`` obligations, the click queues the work: the job's
    page polls, the plan list leads back to it, the worker writes the plan, the page ends on
    "Xong" with the way to the plan, and the notification says it."""
    from playwright.sync_api import expect

    from cchc.jobs import runner
    from cchc.plans.labels import count

    settings.CCHC_PLAN_CONFIRM_INLINE_MAX = 10  # the demo plan's obligations are many more
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server.url)
    upload(page, "ke-hoach-cchc-2026.txt", DEMO_PLAN.read_bytes())
    page.get_by_role("button", name="Xác nhận nhập kế hoạch").click()

    expect(page.get_by_role("heading", name="Xác nhận kế hoạch: ke-hoach-cchc-2026.txt")).to_be_visible()
    expect(page.locator("#job-progress .job-state")).to_contain_text("Đang chờ")
    page.screenshot(path=str(tmp_path / f"confirm-waiting-{width}.png"), full_page=True)
    page.get_by_role("link", name="Về danh sách kế hoạch").click()
    page.get_by_role("link", name="Đang xác nhận — xem tiến độ").click()
    expect(page.locator("#job-progress .job-state")).to_contain_text("Đang chờ")

    assert runner.run_pending("worker-e2e") == 1
    expect(page.locator("#job-progress .job-state")).to_contain_text("Xong", timeout=10_000)
    plan = Plan.objects.get(organisation=department)
    made = Obligation.objects.filter(plan=plan).count()
    expect(page.locator("#job-percent")).to_have_attribute("value", "100")
    expect(page.locator("#job-message")).to_have_text(
        f"Đã nhập kế hoạch 12/KH-SCT: {plan.tasks.filter(is_group=False).count()} nhiệm vụ, "
        f"{count(made)} nghĩa vụ báo cáo."
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(tmp_path / f"confirm-done-{width}.png"), full_page=True)
    page.get_by_role("link", name="Mở kế hoạch").click()
    expect(page.get_by_role("heading", name="Kế hoạch số 12/KH-SCT")).to_be_visible()
    expect(page.locator("a.notif-link .unread")).to_have_text("1")
    if width < 600:
        page.get_by_text("☰ Menu").click()  # the phone's menu is folded
    page.locator("a.notif-link").click()
    expect(page.get_by_role("link", name="Xác nhận kế hoạch đã xong: ke-hoach-cchc-2026.txt")).to_be_visible()
