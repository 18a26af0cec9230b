"""The PAR INDEX self-assessment in a real browser, the whole process: the Office opens the year
(its deadline already past), scores an item with a note and a link as evidence and explains
another; the leader submits (late, recorded); Sở Nội vụ's appraiser appraises an item and asks for
an explanation, sends the request; the Office answers and sends; the appraiser gives the final
score and closes; the table shows the final totals. Then every screen at phone width: nothing
wider than the screen (the table scrolls inside its wrapper).

Screenshots go to $CCHC_SHOTS_DIR when set (to look at them), else to the test's tmp folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.utils import timezone

from tests.e2e.browser import PASSWORD, People

pytestmark = pytest.mark.browser


@pytest.fixture
def scoring_department(department):
    """The department of tests/e2e/conftest.py, the demo's illustrative set for its province and
    this year, and the appraiser ``thamdinh`` of the province's Sở Nội vụ."""
    from cchc.demo.scoring import demo_set
    from cchc.orgs.models import Membership
    from cchc.scoring import sets
    from tests.factories import make_org, make_user

    sets.save_set(demo_set(department.province, timezone.localdate().year))
    snv = make_org("snv-tn", "Sở Nội vụ tỉnh Thử Nghiệm", province=department.province, external=False)
    make_user(
        snv, Membership.Role.APPRAISER, "thamdinh", password=PASSWORD, first_name="Thị Mai", last_name="Đặng"
    )
    return department


def shots_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("CCHC_SHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def open_menu_link(page, name: str) -> None:
    """Click a link of the menu as a person does (on a phone, "☰ Menu" first)."""
    if page.viewport_size and page.viewport_size["width"] <= 800:
        page.get_by_text("☰ Menu").click()
    page.locator("nav.mainnav").get_by_role("link", name=name).click()


def overflowing(page) -> list[str]:
    """The elements that reach past the right edge of the screen (none: the page fits)."""
    return page.evaluate(
        """() => {
          const w = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth <= w) return [];
          return [...document.querySelectorAll("body *")]
            .filter(e => e.getBoundingClientRect().right > w + 1 && !e.closest(".scroll"))
            .slice(0, 8)
            .map(e => e.tagName + (e.id ? "#" + e.id : "") + "." + e.className);
        }"""
    )


def test_the_whole_process_from_opening_to_the_final_totals(
    live_server, scoring_department, browser, tmp_path
):
    from playwright.sync_api import expect

    from cchc.scoring.models import Assessment, EvidenceFile, ItemScore
    from cchc.scoring.selectors import points_text, score_table

    shots = shots_dir(tmp_path)
    year = timezone.localdate().year
    people = People(browser, live_server.url)
    try:
        # The Office opens the year; the deadline is already past (the submission will be late).
        office = people("vanphong")
        office.set_viewport_size({"width": 1440, "height": 900})
        open_menu_link(office, "Chấm điểm CCHC")
        form = office.locator("#open-form")
        expect(form.get_by_label("Năm đánh giá")).to_have_value(str(year))
        form.get_by_label("Hạn nộp tự chấm").fill(f"02/01/{year}")
        form.get_by_role("button", name="Mở kỳ tự đánh giá").click()
        expect(office.locator(".messages")).to_contain_text(f"Đã mở kỳ tự đánh giá năm {year}")
        expect(office.locator("#illustrative")).to_contain_text("Điểm minh họa")
        office.screenshot(path=str(shots / "table-open-1440.png"), full_page=True)

        # Item 2.3: a score with a note, and a link as its evidence.
        office.locator("#score-table").get_by_role(
            "link", name="Công khai thủ tục hành chính đầy đủ, đúng quy định"
        ).click()
        self_form = office.locator("form#self")
        self_form.get_by_label("Điểm tự chấm").fill("2")
        self_form.get_by_label("Ghi chú").fill("Công khai đủ 100 % TTHC trên trang của Sở.")
        self_form.get_by_role("button", name="Lưu điểm tự chấm").click()
        expect(office.locator(".messages")).to_contain_text("Đã lưu điểm tự chấm.")
        evidence = office.locator("form#evidence")
        evidence.get_by_label("Tên tài liệu").fill("Trang công khai TTHC của Sở")
        evidence.get_by_label("hoặc đường dẫn").fill("https://sct.thunghiem.gov.vn/tthc")
        evidence.get_by_role("button", name="Thêm tài liệu").click()
        expect(office.locator("#evidence-list")).to_contain_text("Trang công khai TTHC của Sở")
        office.screenshot(path=str(shots / "item-self-1440.png"), full_page=True)

        # Item 2.4: a point claimed without a document, explained.
        office.get_by_role("link", name=f"Bảng điểm năm {year}").click()
        office.locator("#score-table").get_by_role("link", name="Xin lỗi người dân khi hồ sơ trễ hạn").click()
        self_form = office.locator("form#self")
        self_form.get_by_label("Điểm tự chấm").fill("1,5")
        self_form.get_by_label("Giải trình (khi thiếu tài liệu kiểm chứng)").fill(
            "Chưa có hồ sơ trễ hạn nên chưa phát sinh văn bản xin lỗi."
        )
        self_form.get_by_role("button", name="Lưu điểm tự chấm").click()
        expect(office.locator("#v-explanation")).to_contain_text("Chưa có hồ sơ trễ hạn")

        # The leader submits, after the deadline.
        leader = people("giamdoc")
        leader.set_viewport_size({"width": 1440, "height": 900})
        open_menu_link(leader, "Chấm điểm CCHC")
        leader.locator("#assessments").get_by_role("link", name=f"Năm {year}").click()
        leader.get_by_role("link", name="Nộp bản tự đánh giá", exact=True).click()
        expect(leader.locator("#late-warning")).to_contain_text(f"02/01/{year}")
        leader.screenshot(path=str(shots / "submit-1440.png"), full_page=True)
        leader.get_by_role("button", name="Xác nhận nộp").click()
        expect(leader.locator(".messages")).to_contain_text("trễ hạn: đã ghi nhận")
        expect(leader.locator("#late-mark")).to_have_text("— nộp trễ hạn")

        # The appraiser appraises item 2.3 and asks for an explanation, then sends the request.
        appraiser = people("thamdinh")
        appraiser.set_viewport_size({"width": 1440, "height": 900})
        appraiser.goto(f"{live_server.url}/")
        expect(appraiser.get_by_role("heading", name=f"Thẩm định Chỉ số CCHC năm {year}")).to_be_visible()
        appraiser.screenshot(path=str(shots / "home-appraiser-1440.png"), full_page=True)
        appraiser.locator("#departments").get_by_role("link", name="Sở Công Thương tỉnh Thử Nghiệm").click()
        appraiser.locator("#score-table").get_by_role(
            "link", name="Công khai thủ tục hành chính đầy đủ, đúng quy định"
        ).click()
        expect(appraiser.locator("#evidence-list")).to_contain_text("Trang công khai TTHC của Sở")
        form = appraiser.locator("form#appraisal")
        form.get_by_label("Điểm thẩm định").fill("1")
        form.get_by_label("Ý kiến thẩm định").fill("Chưa thấy danh mục TTHC lĩnh vực điện.")
        form.get_by_label("Yêu cầu Sở giải trình").check()
        form.get_by_role("button", name="Lưu điểm thẩm định").click()
        expect(appraiser.locator("#v-appraised")).to_have_text("1")
        appraiser.screenshot(path=str(shots / "item-appraisal-1440.png"), full_page=True)
        appraiser.get_by_role("link", name=f"Bảng điểm năm {year}").click()
        expect(appraiser.locator("tr[data-code='2.3'] td.c-marker")).to_have_text("Yêu cầu giải trình")
        appraiser.get_by_role("button", name="Gửi yêu cầu giải trình").click()
        expect(appraiser.locator("#assessment-state")).to_contain_text("Đang giải trình")

        # The Office answers once and sends the answers.
        office.get_by_role("link", name=f"Bảng điểm năm {year}").click()
        expect(office.locator("#explaining-note")).to_contain_text("giải trình 1 tiêu chí")
        office.locator("#score-table").get_by_role(
            "link", name="Công khai thủ tục hành chính đầy đủ, đúng quy định"
        ).click()
        answer = office.locator("form#answer")
        answer.get_by_label("Nội dung giải trình").fill(
            "Danh mục lĩnh vực điện đã công khai tại mục Điện lực."
        )
        answer.get_by_role("button", name="Lưu giải trình").click()
        expect(office.locator("#v-answer")).to_contain_text("Danh mục lĩnh vực điện đã công khai")
        expect(office.locator("form#answer")).to_have_count(0)
        office.get_by_role("link", name=f"Bảng điểm năm {year}").click()
        office.get_by_role("button", name="Gửi giải trình").click()
        expect(office.locator("#assessment-state")).to_contain_text("Đã giải trình")

        # The appraiser gives the final score of 2.3 and closes the appraisal.
        appraiser.reload()
        appraiser.locator("#score-table").get_by_role(
            "link", name="Công khai thủ tục hành chính đầy đủ, đúng quy định"
        ).click()
        expect(appraiser.locator("#v-answer")).to_contain_text("Danh mục lĩnh vực điện đã công khai")
        final = appraiser.locator("form#final")
        final.get_by_label("Điểm cuối cùng").fill("2")
        final.get_by_label("Ý kiến cuối cùng").fill("Chấp nhận giải trình.")
        final.get_by_role("button", name="Lưu điểm cuối cùng").click()
        expect(appraiser.locator("#v-final")).to_have_text("2")
        appraiser.get_by_role("link", name=f"Bảng điểm năm {year}").click()
        appraiser.get_by_role("button", name="Kết thúc thẩm định").click()
        expect(appraiser.locator("#assessment-state")).to_contain_text("Đã có điểm thẩm định cuối cùng")
        appraiser.screenshot(path=str(shots / "table-final-1440.png"), full_page=True)

        # What was done is what is stored, and the table's totals are the selector's.
        a = Assessment.objects.get()
        assert a.state == Assessment.State.FINAL and a.submitted_late
        s = ItemScore.objects.get(assessment=a, item__code="2.3")
        assert (str(s.self_score), str(s.appraised), str(s.final)) == ("2.00", "1.00", "2.00")
        assert EvidenceFile.objects.get().url == "https://sct.thunghiem.gov.vn/tthc"
        totals = score_table(a).totals
        footer = appraiser.locator("#totals td").all_inner_texts()
        assert [t.strip() for t in footer[3:7]] == [
            points_text(totals[c]) for c in ("proposed", "self", "appraised", "final")
        ]
        # 2.3 at 2 and 2.4 at 1,5, less the late submission's point (D1).
        assert footer[6].strip() == "2,5"
        expect(appraiser.locator("tr[data-code='D1'] td.c-final")).to_have_text("1")
    finally:
        people.close()


def test_every_screen_fits_a_phone(live_server, scoring_department, browser, tmp_path):
    """At 390 px: no page is wider than the screen; the score table scrolls in its wrapper."""
    from playwright.sync_api import expect

    from cchc.scoring import services

    shots = shots_dir(tmp_path)
    year = timezone.localdate().year
    services.open_assessment(scoring_department, year, self_due=timezone.localdate())
    people = People(browser, live_server.url)
    try:
        for username, width in (("vanphong", 390), ("thamdinh", 390), ("vanphong", 1440)):
            page = people(username)
            page.set_viewport_size({"width": width, "height": 860})
            page.goto(f"{live_server.url}/cham-diem/")
            expect(page.locator("h1")).to_be_visible()
            page.screenshot(path=str(shots / f"home-{username}-{width}.png"), full_page=True)
            assert overflowing(page) == [], f"/cham-diem/ {username} {width}"
            base = f"{live_server.url}/cham-diem/{scoring_department.code}/{year}/"
            for name, path in (("table", ""), ("item", "1.1.2/"), ("submit", "nop/")):
                page.goto(base + path)
                expect(page.locator("h1")).to_be_visible()
                page.screenshot(path=str(shots / f"{name}-{username}-{width}.png"), full_page=True)
                assert overflowing(page) == [], f"{name} {username} {width}"
            if width == 390:
                page.goto(base)
                wrapper = page.locator("#score-table").locator("xpath=..")
                assert wrapper.evaluate("e => e.scrollWidth > e.clientWidth")  # it scrolls, the page does not
    finally:
        people.close()
