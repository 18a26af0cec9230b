"""In a real browser: the leadership logs in and lands on the overview, at 1440 px and at a
phone's 390 px; a figure clicked (a count in a table, a part of a bar) opens the board with
that many rows; the page prints on one A4 page. A unit head lands on the unit's figures; the
public page's embeddable variant shows inside another site's frame. Set CCHC_SCREENSHOTS=<dir>
to keep the screenshots and the printed PDF."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone

from tests.e2e.browser import log_in, new_page
from tests.overview.builders import build
from tests.overview.conftest import load_dossiers

WIDE = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
BOARD_ROWS = "table.board tbody tr[id]"


def shoot(page, name: str, full_page: bool = True) -> None:
    folder = os.environ.get("CCHC_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=full_page)


def pdf_pages(page) -> int:
    """Print the page as the browser prints it (A4, the page's own CSS) and count its pages."""
    import pdfplumber

    folder = os.environ.get("CCHC_SCREENSHOTS") or tempfile.mkdtemp(prefix="cchc-print-")
    path = Path(folder) / "overview-print.pdf"
    page.emulate_media(media="print")
    page.pdf(path=str(path), prefer_css_page_size=True, print_background=True)
    page.emulate_media(media="screen")
    with pdfplumber.open(path) as pdf:
        size = (round(pdf.pages[0].width), round(pdf.pages[0].height))
        assert size == (842, 595), size  # A4 landscape, in points
        return len(pdf.pages)


def click_and_count(page, figure) -> None:
    """Click a figure (its number read first): the board opens with that many rows (its first
    page of 50 shown, the rest counted)."""
    from playwright.sync_api import expect

    n = int(figure.get_attribute("data-n") or figure.inner_text().replace(".", ""))
    assert n > 0
    figure.click()
    expect(page.locator("h1")).to_have_text("Bảng theo dõi thực hiện nhiệm vụ CCHC")
    expect(page.locator(BOARD_ROWS)).to_have_count(min(n, 50))
    expect(page.locator("#stat-total .n")).to_have_text(str(n))


@pytest.mark.browser
def test_the_overview_at_both_widths_a_figure_clicked_and_printed(live_server, department, browser):
    from django.contrib.auth import get_user_model
    from playwright.sync_api import expect

    from cchc.overview.models import Publication

    today = timezone.localdate()
    build(department, today, scale=2)
    load_dossiers(department, get_user_model().objects.get(username="vanphong"))
    Publication.objects.create(organisation=department, enabled=True)
    base = live_server.url

    # --- 1440 px: the leadership's front page.
    wide = new_page(browser, viewport=WIDE)
    try:
        log_in(wide, base, "giamdoc")
        expect(wide.get_by_role("heading", name="Tổng quan thực hiện cải cách hành chính")).to_be_visible()
        assert wide.url == f"{base}/tong-quan/"
        for panel in ("tien-do", "linh-vuc", "don-vi", "tuan-nay", "ho-so"):
            expect(wide.locator(f"section#{panel}")).to_be_visible()
        expect(wide.locator("#ho-so svg.line-chart")).to_be_visible()
        shoot(wide, "overview-1440")
        # A count of the units' ranking: QLTM's overdue work.
        click_and_count(wide, wide.locator("#dv-QLTM a.figure[data-status=overdue]"))
        assert "don_vi=QLTM" in wide.url and "trang_thai=overdue" in wide.url
        # A part of an area's bar (no number on it: its count is the cell's).
        wide.go_back()
        cell = wide.locator("#lv-procedures td a.figure[data-status=done_late]")
        n = cell.inner_text()
        part = wide.locator("#lv-procedures svg a[data-status=done_late]")
        part.evaluate("(a, n) => a.setAttribute('data-n', n)", n)
        click_and_count(wide, part)
        assert "linh_vuc=procedures" in wide.url
        # Printed: one A4 page, without the menu and the buttons.
        wide.goto(f"{base}/tong-quan/")
        wide.emulate_media(media="print")
        expect(wide.locator("header.topbar")).not_to_be_visible()
        expect(wide.get_by_role("button", name="In trang (A4)")).not_to_be_visible()
        expect(wide.locator(".print-header")).to_contain_text(department.name)
        shoot(wide, "overview-print")
        wide.emulate_media(media="screen")
        assert pdf_pages(wide) == 1
    finally:
        wide.context.close()

    # --- 390 px: the same page on a phone, nothing wider than the screen; a figure tapped.
    phone = new_page(browser, viewport=PHONE)
    try:
        log_in(phone, base, "giamdoc")
        expect(phone.get_by_role("heading", name="Tổng quan thực hiện cải cách hành chính")).to_be_visible()
        expect(phone.locator("header nav.mainnav")).not_to_be_visible()  # folded under ☰ Menu
        shoot(phone, "overview-390")
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the overview is {width} px wide"
        row = phone.locator("#dv-QLTM")
        box = row.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]  # a card, not a wide row
        click_and_count(phone, phone.locator("#ov-overdue a.n"))
    finally:
        phone.context.close()

    # --- A unit head lands on the unit's work with its figures.
    head = new_page(browser, viewport=WIDE)
    try:
        log_in(head, base, "qltm")
        expect(head.locator("#ket-qua h2")).to_have_text("Kết quả thực hiện của đơn vị")
        shoot(head, "unit-home-1440", full_page=False)
        overdue = head.locator("#kq-overdue a")
        n = int(overdue.locator(".n").inner_text())
        overdue.click()
        expect(head.locator("table.unit-work tbody tr[id]")).to_have_count(n)
    finally:
        head.context.close()

    # --- Another site frames the public page's embeddable variant.
    site = new_page(browser, viewport={"width": 800, "height": 600})
    try:
        site.set_content(
            f'<h1>Cổng thông tin</h1><iframe src="{base}/cong-khai/{department.code}/nhung/" '
            'width="600" height="400"></iframe>'
        )
        frame = site.frame_locator("iframe")
        expect(frame.locator("#dossier_on_time_rate .n")).to_have_text("66,7 %")
        expect(frame.locator("#dossier_online_share .n")).to_have_text("62,5 %")
        shoot(site, "public-embed", full_page=False)
    finally:
        site.context.close()
