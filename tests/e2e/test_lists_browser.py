"""In a real browser, every list of the follow-through with more than a page of rows: each
pager is clicked (page 2 shows other rows and says so), each status chip is clicked (it
keeps the other filters: a plan + "Quá hạn" shows only that plan's overdue work), a column
is sorted and reversed, a search is typed; then the phone (390 px: a compact menu, the
report button in reach) and the printed board. Set CCHC_SCREENSHOTS=<dir> to keep the
screenshots (390 and 1440 px) and the printed board as PDF."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from cchc.chasing.models import Kind, Notification
from cchc.dossiers.models import Channel, Dossier, Outcome
from cchc.plans.models import Plan, Task, TaskUnit
from cchc.tracking import cache as board_cache
from cchc.tracking.models import Evidence, ExtensionRequest, Obligation, ObligationStatus, Report
from tests.e2e.browser import PASSWORD

S = ObligationStatus
WIDE = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}


def _plan(org, number: str, start, end) -> Plan:
    return Plan.objects.create(
        organisation=org,
        number=number,
        title=f"Kế hoạch {number}",
        issuer="Sở Công Thương",
        period_start=start,
        period_end=end,
        source_sha256=number.ljust(64, "0")[:64],
    )


def _task(plan: Plan, order: int, text: str, unit) -> Task:
    task = Task.objects.create(
        plan=plan, order=order, number=str(order), text=text, schedule_text="Hàng tuần"
    )
    TaskUnit.objects.create(task=task, unit=unit, role=TaskUnit.Role.LEAD)
    return task


def build_lists(org) -> dict:
    """More than a page (50 rows) in every list, written in bulk (the screens are tested,
    not the services): this year's plan with a weekly task of 64 obligations for Phòng
    Quản lý Thương mại (20 overdue), last year's plan with 6 overdue, 55 reports waiting for
    review, 55 decided extension requests, 60 notifications, 120 dossiers (60 overdue)."""
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.all()}
    today = timezone.localdate()
    qltm = org.units.get(code="QLTM")
    current = _plan(org, "12/KH-SCT", today - timedelta(days=200), today + timedelta(days=200))
    past = _plan(org, "3/KH-SCT", today - timedelta(days=600), today - timedelta(days=240))
    weekly = _task(current, 1, "Theo dõi, xử lý đúng hạn các nhiệm vụ trên phần mềm Nhắc việc.", qltm)
    old = _task(past, 1, "Rà soát thủ tục hành chính năm trước.", qltm)

    def obligation(task, i, due, status):
        return Obligation(
            organisation=org,
            plan=task.plan,
            task=task,
            unit=qltm,
            unit_order=qltm.order,
            period_key=f"w{i}",
            period_label=f"Tuần {i}",
            due_date=due,
            current_due=due,
            status=status,
        )

    rows = [
        obligation(weekly, i, today + timedelta(days=7 * (i - 20)), S.OVERDUE if i < 20 else S.NOT_DUE)
        for i in range(64)
    ]
    rows += [obligation(old, i, today - timedelta(days=300 + 7 * i), S.OVERDUE) for i in range(6)]
    Obligation.objects.bulk_create(rows)
    open_weekly = list(Obligation.objects.filter(task=weekly, status=S.NOT_DUE).order_by("current_due"))
    now = timezone.now()
    head = users["qltm"]
    reports = Report.objects.bulk_create(
        Report(
            obligation=ob,
            unit=qltm,
            narrative=f"Đã thực hiện tuần {ob.period_label}.",
            progress=100,
            state=Report.State.SUBMITTED,
            created_by=head,
            submitted_by=head,
            submitted_at=now - timedelta(minutes=100 - i),
        )
        for i, ob in enumerate(open_weekly[:44] + open_weekly[:11])
    )
    Evidence.objects.create(
        report=reports[3],
        doc_number="99/QĐ-SCT",
        doc_date=today,
        summary="Quyết định công bố",
        url="https://vanban.example/99",
        uploaded_by=head,
    )
    leader = users["giamdoc"]
    ExtensionRequest.objects.bulk_create(
        ExtensionRequest(
            obligation=open_weekly[i % len(open_weekly)],
            requested_by=head,
            reason=f"Lý do {i}",
            requested_due=today + timedelta(days=30 + i),
            state=ExtensionRequest.State.APPROVED if i % 2 else ExtensionRequest.State.REJECTED,
            decided_by=leader,
            decided_at=now - timedelta(minutes=i),
        )
        for i in range(55)
    )
    Notification.objects.bulk_create(
        Notification(recipient=head, organisation=org, kind=Kind.OVERDUE, title=f"Quá hạn: việc số {i}")
        for i in range(60)
    )
    Dossier.objects.bulk_create(
        Dossier(
            organisation=org,
            dossier_id=f"HS-{i:04d}",
            procedure_name="Cấp giấy phép kinh doanh",
            unit="Bộ phận Một cửa",
            channel=Channel.ONLINE_FULL,
            submitted_at=now - timedelta(hours=i),
            due_at=now - timedelta(hours=i) + timedelta(days=3),
            outcome=Outcome.OVERDUE if i % 2 else Outcome.ON_TIME,
            submitted_month=f"{today:%Y-%m}",
        )
        for i in range(120)
    )
    board_cache.bump(org.pk)  # bulk writes send no signals
    return {"current": current, "past": past, "weekly": weekly, "today": today}


class Browser:
    """One context (its own cookies) per person and screen width, logged in once."""

    def __init__(self, chromium, base_url: str) -> None:
        self.browser, self.base_url, self.pages = chromium, base_url, {}

    def __call__(self, username: str, viewport: dict = WIDE):
        from playwright.sync_api import expect

        key = (username, viewport["width"])
        if key not in self.pages:
            page = self.browser.new_context(locale="vi-VN", viewport=viewport).new_page()
            page.set_default_timeout(15_000)
            page.goto(f"{self.base_url}/dang-nhap/")
            page.get_by_label("Tên đăng nhập").fill(username)
            page.get_by_label("Mật khẩu").fill(PASSWORD)
            page.get_by_role("button", name="Đăng nhập").click()
            expect(page.locator("header .who")).to_contain_text("Đăng xuất")
            self.pages[key] = page
        return self.pages[key]

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


def ids(page, rows: str) -> list[str]:
    return page.locator(rows).evaluate_all("els => els.map(e => e.id)")


def click_next_page(page, rows: str) -> list[str]:
    """Click "Trang sau ›": the page says 2 and shows rows that page 1 did not."""
    from playwright.sync_api import expect

    first = ids(page, rows)
    assert len(first) == 50, f"page 1 holds {len(first)} rows"
    page.locator("nav.pager").get_by_role("link", name="Trang sau ›").click()
    expect(page.locator("nav.pager .page-number")).to_contain_text("Trang 2/")
    second = ids(page, rows)
    assert second and not set(second) & set(first)
    assert "trang=2" in page.url and "??" not in page.url
    return second


def badges(page, rows: str) -> set[str]:
    return set(page.locator(f"{rows} .badge").all_inner_texts())


def shoot(page, name: str) -> None:
    folder = os.environ.get("CCHC_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=False)


BOARD_ROWS = "table.board tbody tr[id]"
UNIT_ROWS = "table.unit-work tbody tr[id]"


@pytest.mark.browser
def test_every_pager_chip_sort_and_search(live_server, department, browser):
    from playwright.sync_api import expect

    data = build_lists(department)
    base = live_server.url
    people = Browser(browser, base)
    try:
        # --- The board: the current plan by default, most urgent first, 64 rows.
        office = people("vanphong")
        office.get_by_role("link", name="Bảng theo dõi").click()
        expect(office.locator("#plans-shown .plan-shown")).to_have_text(["12/KH-SCT"])
        expect(office.locator("#stat-total .n")).to_have_text("64")
        expect(office.locator(f"{BOARD_ROWS} .badge").first).to_have_text("Quá hạn")
        shoot(office, "board-1440")
        click_next_page(office, BOARD_ROWS)
        expect(office.locator("nav.pager .page-number")).to_have_text("Trang 2/2 · 64 dòng")
        # A plan chosen in the filter, then the "Quá hạn" chip: that plan's overdue rows only.
        office.locator("select[name=ke_hoach]").select_option(
            label=f"3/KH-SCT ({data['past'].period_start.year})"
        )
        office.get_by_role("button", name="Lọc").click()
        expect(office.locator("#stat-total .n")).to_have_text("6")
        office.locator("#count-overdue a").click()
        expect(office.locator("#count-overdue a")).to_have_attribute("aria-current", "true")
        expect(office.locator(BOARD_ROWS)).to_have_count(6)
        assert badges(office, BOARD_ROWS) == {"Quá hạn"}
        assert all(t == "3/KH-SCT" for t in office.locator(f"{BOARD_ROWS} .plan-number").all_inner_texts())
        # Every chip keeps the plan: the board's count of each equals the rows it opens.
        for status in ("not_due", "overdue", "done_early"):
            office.locator(f"#count-{status} a").click()
            expect(office.locator(f"#count-{status} a")).to_have_attribute("aria-current", "true")
            assert f"ke_hoach={data['past'].pk}" in office.url
            n = int(office.locator(f"#count-{status} .n").inner_text())
            expect(office.locator(BOARD_ROWS)).to_have_count(n)
        # Back to the current plan; "Quá hạn" there: 20 rows, one page.
        office.goto(f"{base}/theo-doi/")
        office.locator("#count-overdue a").click()
        expect(office.locator(BOARD_ROWS)).to_have_count(20)
        assert "ke_hoach" not in office.url
        # Sort: a click on "Hạn", a second reverses; the pager keeps the sort.
        office.goto(f"{base}/theo-doi/")
        office.locator("th a[data-sort=han]").click()
        expect(office.locator("th[aria-sort=ascending] a[data-sort=han]")).to_be_visible()
        first_due = office.locator(f"{BOARD_ROWS} td[data-label='Hạn']").first.inner_text()
        office.locator("th a[data-sort=han]").click()
        expect(office.locator("th[aria-sort=descending] a[data-sort=han]")).to_be_visible()
        assert office.locator(f"{BOARD_ROWS} td[data-label='Hạn']").first.inner_text() != first_due
        click_next_page(office, BOARD_ROWS)
        assert "sap_xep=-han" in office.url
        expect(office.locator("th[aria-sort=descending] a[data-sort=han]")).to_be_visible()
        # Search: an evidence document's number finds its obligation.
        office.goto(f"{base}/theo-doi/")
        office.get_by_label("Tìm (nhiệm vụ, báo cáo, số ký hiệu văn bản)").fill("99/QĐ-SCT")
        office.get_by_role("button", name="Lọc").click()
        expect(office.locator(BOARD_ROWS)).to_have_count(1)

        # --- The units page: each number opens the board filtered accordingly.
        office.goto(f"{base}/theo-doi/don-vi/")
        shoot(office, "units-1440")
        office.locator("#unit-QLTM a[data-status=overdue]").click()
        expect(office.locator("#stat-total .n")).to_have_text("20")
        assert badges(office, BOARD_ROWS) == {"Quá hạn"}

        # --- The task page's obligations: 64, two pages.
        office.goto(f"{base}/nhiem-vu/{data['weekly'].pk}/")
        click_next_page(office, "table.obligations tbody tr[id]")

        # --- The review queue: 55 reports; sorted newest first; a search.
        office.get_by_role("link", name="Duyệt báo cáo").click()
        shoot(office, "review-1440")
        click_next_page(office, "article.queue-item")
        office.locator("a[data-sort=gui]").click()  # newest first now
        expect(office.locator(".sort-bar [aria-sort=descending] a[data-sort=gui]")).to_be_visible()
        click_next_page(office, "article.queue-item")
        assert "sap_xep=-gui" in office.url
        office.get_by_label("Tìm (nhiệm vụ, nội dung báo cáo, số ký hiệu văn bản)").fill("99/QĐ")
        office.get_by_role("button", name="Tìm").click()
        expect(office.locator("article.queue-item")).to_have_count(1)
        expect(office.locator("article.queue-item .plan-number")).to_have_text("12/KH-SCT")

        # --- Extensions: 55 decided requests; sorted by the new date.
        leader = people("giamdoc")
        leader.get_by_role("link", name="Gia hạn").click()
        shoot(leader, "extensions-1440")
        click_next_page(leader, "table.decided tbody tr[id]")
        leader.locator("table.decided th a[data-sort=han-moi]").click()
        expect(leader.locator("table.decided th[aria-sort=ascending] a[data-sort=han-moi]")).to_be_visible()
        click_next_page(leader, "table.decided tbody tr[id]")
        assert "sap_xep=han-moi" in leader.url

        # --- The dossier list (its filters come from the indicators' links): overdue ones kept.
        office.goto(f"{base}/ho-so/danh-sach/?ket_qua=overdue")
        click_next_page(office, "table.dossiers tbody tr[id]")
        outcomes = office.locator("table.dossiers tbody tr[id]").evaluate_all(
            "els => els.map(e => e.dataset.outcome)"
        )
        assert set(outcomes) == {"overdue"} and len(outcomes) == 10
        assert "ket_qua=overdue" in office.url

        # --- A unit's work: open work only (70), two pages; its chips keep the plan.
        head = people("qltm")
        head.get_by_role("link", name="Việc của đơn vị").click()
        expect(head.locator("#chip-open a")).to_have_attribute("aria-current", "true")
        shoot(head, "unit-1440")
        click_next_page(head, UNIT_ROWS)
        assert badges(head, UNIT_ROWS) <= {"Quá hạn", "Chưa đến hạn"}
        head.goto(f"{base}/don-vi/")
        head.locator("select[name=ke_hoach]").select_option(
            label=f"12/KH-SCT ({data['current'].period_start.year})"
        )
        head.get_by_role("button", name="Lọc").click()
        head.locator("#chip-overdue a").click()
        expect(head.locator(UNIT_ROWS)).to_have_count(20)
        assert all(t == "12/KH-SCT" for t in head.locator(f"{UNIT_ROWS} .plan-number").all_inner_texts())
        for chip in ("chip-week", "chip-month", "chip-done", "chip-all", "chip-open"):
            head.locator(f"#{chip} a").click()
            expect(head.locator(f"#{chip} a")).to_have_attribute("aria-current", "true")
            assert f"ke_hoach={data['current'].pk}" in head.url
            n = int(head.locator(f"#{chip} .n").inner_text())
            expect(head.locator(UNIT_ROWS)).to_have_count(min(n, 50))
        head.get_by_label("Tìm (nhiệm vụ, báo cáo, số ký hiệu văn bản)").fill("99/QĐ-SCT")
        head.get_by_role("button", name="Lọc").click()
        expect(head.locator(UNIT_ROWS)).to_have_count(1)

        # --- Notifications: 60 unread; "Chỉ chưa đọc" kept by the pager.
        head.goto(f"{base}/thong-bao/")
        click_next_page(head, "li.notif")
        head.get_by_role("link", name="Chỉ chưa đọc").click()
        click_next_page(head, "li.notif")
        assert "chua-doc=1" in head.url

        # --- A phone: the menu folded, the unit's work as cards, the report button in reach.
        phone = people("qltm", PHONE)
        phone.goto(f"{base}/don-vi/")
        header = phone.locator("header.topbar").bounding_box()
        assert header["height"] < 0.15 * PHONE["height"]
        expect(phone.locator("header nav.mainnav")).not_to_be_visible()
        shoot(phone, "unit-390")
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the page is {width} px wide"
        button = phone.locator(f"{UNIT_ROWS} a.button", has_text="Báo cáo").first
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        button.click()
        expect(phone.locator("#bao-cao")).to_be_visible()
        phone.get_by_text("☰ Menu").click()
        expect(phone.get_by_role("link", name="Việc của đơn vị")).to_be_visible()
        phone.get_by_role("link", name="Việc của đơn vị").click()
        expect(phone.locator("#chip-open a")).to_have_attribute("aria-current", "true")
        phone_office = people("vanphong", PHONE)
        for path, name in (
            ("/theo-doi/", "board-390"),
            ("/duyet-bao-cao/", "review-390"),
            ("/theo-doi/don-vi/", "units-390"),
        ):
            phone_office.goto(base + path)
            shoot(phone_office, name)
            width = phone_office.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{path} is {width} px wide"
        phone_leader = people("giamdoc", PHONE)
        phone_leader.goto(f"{base}/gia-han/")
        shoot(phone_leader, "extensions-390")
        assert phone_leader.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        # --- The board printed: no menu, filters, buttons or pager links; the department and time.
        office.goto(f"{base}/theo-doi/")
        office.emulate_media(media="print")
        expect(office.locator(".print-header")).to_be_visible()
        expect(office.locator(".print-header")).to_contain_text(department.name)
        expect(office.locator(".print-header")).to_contain_text("In lúc ")
        for hidden in ("header.topbar", "form.filters", "nav.pager a", "#plan-exports"):
            expect(office.locator(hidden).first).not_to_be_visible()
        expect(office.locator("table.board")).to_be_visible()
        shoot(office, "board-print")
        folder = os.environ.get("CCHC_SCREENSHOTS")
        if folder:
            office.pdf(path=f"{folder}/board-print.pdf", prefer_css_page_size=True, print_background=True)
        office.emulate_media(media="screen")
    finally:
        people.close()
