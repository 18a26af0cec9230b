"""The overview (/tong-quan/) as the leadership and the Office use it: every panel there, its
figures the board's, and every figure a link to the list behind it, which shows that number."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from cchc.core.formats import percent_text
from cchc.tracking import breakdowns, selectors
from tests.dom import by_id, dom, find_all, text

pytestmark = pytest.mark.django_db

OVERVIEW = "/tong-quan/"


def number(s: str) -> int:
    """ "1.234" -> 1234."""
    return int(s.replace(".", ""))


def board_total(client, href: str) -> int:
    response = client.get(href)
    assert response.status_code == 200, href
    return number(text(by_id(dom(response), "stat-total").find_class("n")[0]))


def board_stat(client, href: str, stat: str) -> str:
    return text(by_id(dom(client.get(href)), f"stat-{stat}").find_class("n")[0])


@pytest.fixture
def page(client, leader, department):
    client.force_login(leader)
    response = client.get(OVERVIEW)
    assert response.status_code == 200
    return dom(response)


PANELS = ["tien-do", "linh-vuc", "don-vi", "tuan-nay", "ho-so"]


def test_every_panel_is_there_in_order_with_its_title(page):
    sections = find_all(page, "//div[@class='overview-grid']/section")
    assert [s.get("id") for s in sections] == PANELS
    titles = [text(s.find("h2")) for s in sections]
    assert titles == [
        "Tiến độ các kế hoạch hiện hành",
        "Theo lĩnh vực cải cách",
        "Xếp hạng đơn vị theo tỷ lệ đúng hạn",
        "Việc đến hạn tuần này và quá hạn",
        "Giải quyết hồ sơ TTHC",
    ]


def test_the_current_plans_are_named_and_the_past_one_is_not(page, department):
    shown = [text(s) for s in find_all(page, "//p[@id='plans-shown']/strong[@class='plan-shown']")]
    assert shown == [p.number for p in reversed(department.plans)]  # as the board: newest first


def _cube(org, department):
    ids = tuple(sorted(p.pk for p in department.plans))
    return breakdowns.cube(selectors.board_obligations(org, selectors.BoardFilters(plan_ids=ids)))


def test_the_headline_figures_are_the_boards(client, page, org, department):
    counts = selectors.board_counts(
        selectors.board_obligations(
            org, selectors.BoardFilters(plan_ids=tuple(sorted(p.pk for p in department.plans)))
        )
    )
    stat = lambda name: text(by_id(page, f"ov-{name}").find_class("n")[0])  # noqa: E731
    assert number(stat("total")) == counts["total"]
    assert number(stat("done")) == counts["done"]
    assert number(stat("overdue")) == counts["overdue"]
    assert stat("on-time-rate") == board_stat(client, "/theo-doi/", "on-time-rate")
    assert by_id(page, "ov-on-time-rate").get("data-tone") == "bad"  # overdue work: far from 100 %
    assert by_id(page, "ov-overdue").get("data-tone") == "bad"


def test_each_breakdown_has_a_row_per_line_with_its_bar(page, org, department):
    cube = _cube(org, department)
    plan_rows = find_all(page, "//table[@id='by-plan']/tbody/tr")
    assert [r.get("data-key") for r in plan_rows] == [str(p.pk) for p in reversed(department.plans)]
    area_rows = find_all(page, "//table[@id='by-area']/tbody/tr")
    assert [r.get("data-key") for r in area_rows] == [line.key for line in cube.by_area()]
    for row, line in zip(area_rows, cube.by_area(), strict=True):
        cells = {a.get("data-status"): text(a) for a in row.xpath(".//td/a[@class='figure']")}
        assert cells.pop("rate") == percent_text(line.rates.on_time_rate)
        assert {k: number(v) for k, v in cells.items()} == {**line.counts, "all": line.total}
        # The bar: one part per status with work, each part a link to that status's list.
        parts = row.xpath(".//svg//a")
        assert [a.get("data-status") for a in parts] == [s for s, n in line.counts.items() if n]
        hrefs = {a.get("data-status"): a.get("href") for a in row.xpath(".//td/a[@class='figure']")}
        assert all(a.get("href") == hrefs[a.get("data-status")] for a in parts)


def test_units_are_ranked_by_on_time_rate_with_the_boards_tones(page, org, department):
    units = list(org.units.order_by("order"))
    ranked = breakdowns.ranked(_cube(org, department).by_unit(units))
    rows = find_all(page, "//table[@id='by-unit']/tbody/tr")
    assert [r.get("data-key") for r in rows] == [line.key for line in ranked]
    assert [text(r.find_class("rank")[0]) for r in rows] == [str(line.rank or "—") for line in ranked]
    rates = [line.rates.on_time_rate for line in ranked]
    assert rates == sorted(rates, reverse=True)
    for row in rows:
        assert row.find_class("rate")[0].get("data-tone") in {"good", "warnstat", "bad"}


def test_every_figure_opens_the_list_that_shows_that_number(client, page):
    """Each count of the work panels is the board's count of the list its link opens; each rate
    is the rate the board shows there."""
    links = find_all(page, "//section[@id='tien-do' or @id='linh-vuc' or @id='don-vi']//a[@data-status]")
    checked = 0
    for a in links:
        if a.xpath("ancestor::*[local-name()='svg']"):
            continue  # a bar's part: the same address as its cell (test above)
        href, status, shown = a.get("href"), a.get("data-status"), text(a)
        assert urlsplit(href).path == "/theo-doi/"
        if status == "rate":
            assert board_stat(client, href, "on-time-rate") == shown, href
        elif status == "early":
            assert board_stat(client, href, "early-share") == shown, href
        else:
            assert board_total(client, href) == number(shown), href
        checked += 1
    assert checked > 60


def test_the_links_carry_the_boards_filters(page, department):
    row = by_id(page, f"kh-{department.plans[0].pk}")
    overdue = row.xpath(".//td/a[@data-status='overdue']")[0].get("href")
    assert parse_qs(urlsplit(overdue).query) == {
        "ke_hoach": [str(department.plans[0].pk)],
        "trang_thai": ["overdue"],
    }
    area = by_id(page, "lv-procedures").xpath(".//td/a[@data-status='done_late']")[0].get("href")
    assert parse_qs(urlsplit(area).query) == {"linh_vuc": ["procedures"], "trang_thai": ["done_late"]}
    unit = by_id(page, "dv-QLTM").xpath(".//td/a[@data-status='all']")[0].get("href")
    assert parse_qs(urlsplit(unit).query) == {"don_vi": ["QLTM"]}


def test_this_weeks_and_the_overdue_short_lists(client, page, org, department, today):
    week, overdue = by_id(page, "week-count"), by_id(page, "overdue-count")
    assert number(text(week.find_class("n")[0])) == board_total(client, week.get("href"))
    assert number(text(overdue.find_class("n")[0])) == board_total(client, overdue.get("href"))
    assert parse_qs(urlsplit(week.get("href")).query) == {"han": ["tuan"]}
    rows = find_all(page, "//div[@id='overdue-list']//ul[@class='short-rows']/li")
    assert len(rows) == 6  # the rest on the board
    first = rows[0].find("a")
    assert first.get("href").startswith("/nhiem-vu/") and "nghia-vu=" in first.get("href")
    assert client.get(first.get("href")).status_code == 200
    # The most overdue first: their due dates (dd/mm/yyyy) ascending.
    badges = [text(b) for b in find_all(page, "//div[@id='overdue-list']//span[contains(@class, 'badge')]")]
    assert set(badges) == {"Quá hạn"}
    more = find_all(page, "//div[@id='overdue-list']//p[@class='more']/a")[0]
    assert more.get("href") == overdue.get("href")


def test_the_dossier_panel_figures_open_their_dossiers(client, page):
    panel = by_id(page, "ho-so")
    assert text(by_id(panel, "dossier-window")).startswith("Năm 2026: từ 01/01/2026 đến 15/04/2026")
    counts = {
        "hs-received": 8,
        "hs-finished": 6,
        "hs-late": 2,
        "hs-overdue": 1,
    }
    for stat, n in counts.items():
        link = by_id(panel, stat).xpath(".//span[@class='n']/a")[0]
        assert number(text(link)) == n
        listed = dom(client.get(link.get("href")))
        assert len(find_all(listed, "//table[@id='dossiers']/tbody/tr")) == n, stat
    # A share: its link opens the dossiers of its numerator, its tooltip says how many of how many.
    share = by_id(panel, "hs-on-time-rate").xpath(".//a")[0]
    assert text(share) == "66,7 %" and share.get("title").startswith("4/6 hồ sơ")
    listed = dom(client.get(share.get("href")))
    assert len(find_all(listed, "//table[@id='dossiers']/tbody/tr")) == 4
    assert panel.xpath(".//figure[@id='dossier-trend']//*[local-name()='svg']")


def test_without_plans_or_dossiers_the_panels_say_so(client, leader):
    client.force_login(leader)
    doc = dom(client.get(OVERVIEW))
    assert text(by_id(doc, "plans-shown")).startswith("Chưa có kế hoạch nào đang theo dõi.")
    assert text(by_id(doc, "tien-do").find_class("empty")[0]) == "Chưa có kế hoạch nào đang theo dõi."
    assert text(by_id(doc, "ho-so")).endswith("tải lên tệp xuất của hệ thống một cửa ở trang chỉ số hồ sơ.")


def test_the_public_pages_link_shows_once_published(client, page, org, leader):
    from cchc.overview.models import Publication

    assert by_id(page, "public-link") is None
    Publication.objects.create(organisation=org, enabled=True)
    client.force_login(leader)
    link = by_id(dom(client.get(OVERVIEW)), "public-link")
    assert link.get("href") == f"/cong-khai/{org.code}/"


def test_the_page_prints_without_its_buttons(page):
    actions = page.xpath("//div[@class='pagehead']/div[contains(@class, 'actions')]")[0]
    assert "no-print" in actions.get("class").split()
    assert text(actions.find("button")) == "In trang (A4)"
