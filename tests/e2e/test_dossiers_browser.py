"""In a real browser: the Office uploads a one-stop-shop export, opens the officer table and
drills into one officer's late dossiers; the list shows exactly that officer's late ones."""

from __future__ import annotations

import pytest

from cchc.dossiers import jobs
from cchc.dossiers.demo import generate
from cchc.dossiers.models import Dossier
from cchc.orgs.models import Membership
from tests.e2e.browser import PASSWORD, People
from tests.factories import make_org, make_user

LATE_OFFICER = "Đỗ Văn Hùng"  # the generator's officer who is late most often


@pytest.fixture
def department(transactional_db):
    org = make_org("sct-hs", external=False)
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
def test_upload_open_officer_table_drill_into_late_dossiers(live_server, department, browser):
    from playwright.sync_api import expect

    dossiers_csv, _pauses = generate(160, seed=11)
    people = People(browser, live_server.url)
    try:
        office = people("vanphong")
        office.get_by_role("link", name="Hồ sơ TTHC").click()
        expect(office.get_by_role("heading", name="Chỉ số giải quyết hồ sơ TTHC")).to_be_visible()
        office.get_by_role("link", name="Tải lên tệp xuất hồ sơ").click()
        office.get_by_label("Tệp hồ sơ").set_input_files(
            {"name": "mot-cua-2026.csv", "mimeType": "text/csv", "buffer": dossiers_csv}
        )
        office.get_by_role("button", name="Tải lên và phân tích").click()
        # The upload waits for the background worker; its page polls (htmx) until it ends.
        expect(office.locator("#job-progress .job-state")).to_contain_text("Đang chờ")
        assert jobs.run_pending("worker-e2e") == 1
        expect(office.locator("#job-message")).to_contain_text(
            "Đã tải lên “mot-cua-2026.csv”: đọc 160 dòng = 160 hồ sơ mới + 0", timeout=15_000
        )
        expect(office.locator("#job-percent")).to_have_attribute("value", "100")
        assert Dossier.objects.filter(organisation=department).count() == 160

        office.get_by_role("link", name="Bảng cán bộ").click()
        expect(office.get_by_role("heading", name="Hồ sơ trễ hạn theo cán bộ")).to_be_visible()
        row = office.locator(f'#officers tr.not-eligible[data-officer="{LATE_OFFICER}"]').first
        expect(row).to_be_visible()
        month = row.get_attribute("data-month")
        late_link = row.locator("td.c-late a")
        shown_late = int(late_link.inner_text())
        assert shown_late > 0
        late_link.click()

        expect(office.get_by_role("heading", name="Danh sách hồ sơ")).to_be_visible()
        expect(office.locator(".filters-in-words")).to_contain_text(f"Cán bộ: {LATE_OFFICER}")
        rows = office.locator("#dossiers tbody tr")
        expect(rows).to_have_count(shown_late)
        expected = set(
            Dossier.objects.filter(
                organisation=department, officer=LATE_OFFICER, outcome="late", finished_month=month
            ).values_list("dossier_id", flat=True)
        )
        shown = {rows.nth(i).locator("td").first.inner_text() for i in range(rows.count())}
        assert shown == expected and len(expected) == shown_late
        for i in range(rows.count()):
            expect(rows.nth(i).locator("td.officer")).to_have_text(LATE_OFFICER)
            expect(rows.nth(i).locator("td.outcome")).to_have_text("trễ hạn")
    finally:
        people.close()


@pytest.mark.browser
def test_on_a_phone_the_dossier_screens_fit_and_the_officer_table_sorts(live_server, department, browser):
    """At 390 px no dossier screen is wider than the phone (wide tables scroll inside their
    wrapper); the Office sorts the officer table by the late ratio by clicking its header."""
    from django.contrib.auth import get_user_model
    from playwright.sync_api import expect

    from cchc.dossiers import services

    dossiers_csv, pauses_csv = generate(160, seed=11)
    services.upload_exports(
        department,
        get_user_model().objects.get(username="vanphong"),
        dossiers=services.ExportFile("mot-cua.csv", dossiers_csv),
        pauses=services.ExportFile("dung-tinh.csv", pauses_csv),
    )
    people = People(browser, live_server.url)
    try:
        office = people("vanphong")
        office.set_viewport_size({"width": 390, "height": 844})
        office.goto(f"{live_server.url}/ho-so/")
        for tab, heading in [
            ("Chỉ số theo tháng, đơn vị", "Chỉ số giải quyết hồ sơ TTHC"),
            ("Danh sách hồ sơ", "Danh sách hồ sơ"),
            ("Tải lên dữ liệu", "Tải lên tệp xuất hồ sơ TTHC"),
            ("Bảng cán bộ", "Hồ sơ trễ hạn theo cán bộ"),
        ]:
            office.locator("nav.tabs").get_by_role("link", name=tab).click()
            expect(office.get_by_role("heading", name=heading, exact=True)).to_be_visible()
            assert office.evaluate("document.documentElement.scrollWidth") <= 390, tab

        office.locator("#officers thead").get_by_role("link", name="Tỷ lệ trễ hạn").click()
        header = office.locator("#officers thead th").nth(5)
        expect(header).to_have_attribute("aria-sort", "descending")
        ratios = office.locator("#officers tbody td.c-late_ratio").all_inner_texts()
        values = [float(r.replace(" %", "").replace(",", ".")) for r in ratios]
        assert values == sorted(values, reverse=True) and values[0] > 10
        office.locator("#officers thead").get_by_role("link", name="Tỷ lệ trễ hạn").click()
        expect(header).to_have_attribute("aria-sort", "ascending")
        office.locator("#officers thead").get_by_role("link", name="Cán bộ").click()
        expect(office.locator("#officers thead th").first).to_have_attribute("aria-sort", "ascending")
    finally:
        people.close()
