"""The indicator page's trend and tables: the dossiers behind each share, points and cells from
fewer than CCHC_DOSSIER_TREND_MIN dossiers marked; the workbook downloaded from the web in the
department's words; every dossier screen free of English, codes and ISO dates."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from cchc.core.dossiers import RULES
from cchc.dossiers.models import DossierUpload
from tests.core.dossiers.test_workbook import workbook_problems
from tests.dossiers import data
from tests.dossiers.conftest import upload
from tests.dossiers.page import has_class, one, page, text

pytestmark = pytest.mark.django_db

HOME = "/ho-so/"
# As of 15/04/2026 (tests/dossiers/data.py): March 5 received, 4 finished (3 in time);
# April 3 received, 2 finished (D4 late, D8 early).
TREND_TITLES = {
    ("Tỷ lệ đúng hạn", "03/2026"): "Tỷ lệ đúng hạn 03/2026: 75,0 % (3/4 hồ sơ)",
    ("Tỷ lệ đúng hạn", "04/2026"): "Tỷ lệ đúng hạn 04/2026: 50,0 % (1/2 hồ sơ)",
    ("Tỷ lệ trực tuyến", "03/2026"): "Tỷ lệ trực tuyến 03/2026: 60,0 % (3/5 hồ sơ)",
    ("Tỷ lệ trực tuyến", "04/2026"): "Tỷ lệ trực tuyến 04/2026: 66,7 % (2/3 hồ sơ)",
}


def trend_points(root) -> dict[str, bool]:
    """Tooltip of each point of the trend chart -> drawn hollow (few dossiers)."""
    svg = one(root, '//svg[contains(@class, "line-chart")]')
    return {c.xpath("./title")[0].text: has_class(c, "few") for c in svg.xpath(".//circle[title]")}


@pytest.mark.parametrize(
    ("minimum", "few_points"),
    [
        (1, set()),
        (3, {("Tỷ lệ đúng hạn", "04/2026")}),  # 2 finished in April
        (5, {("Tỷ lệ đúng hạn", "03/2026"), ("Tỷ lệ đúng hạn", "04/2026"), ("Tỷ lệ trực tuyến", "04/2026")}),
    ],
)
def test_trend_points_carry_their_counts_and_few_are_hollow(
    client, settings, coordinator, loaded, minimum, few_points
):
    settings.CCHC_DOSSIER_TREND_MIN = minimum
    client.force_login(coordinator)
    root = page(client.get(HOME))
    points = trend_points(root)
    for key, title in TREND_TITLES.items():
        shown = [t for t in points if t.startswith(title)]
        assert len(shown) == 1, (title, list(points))
        assert points[shown[0]] == (key in few_points)
        assert shown[0].endswith(f"dưới {minimum} hồ sơ: chưa đủ tin cậy") == (key in few_points)
    legend = root.xpath('//svg[contains(@class, "line-chart")]//g[@class="few-legend"]')
    assert bool(legend) == bool(few_points)
    # The month table marks the same shares and shows the counts behind them.
    cell = one(
        root, '//table[@id="by-month"]//tr[@data-key="2026-04"]/td[contains(@class, "c-on_time_rate")]'
    )
    link = one(cell, "./a")
    assert has_class(link, "few") == (("Tỷ lệ đúng hạn", "04/2026") in few_points)
    assert link.get("title").startswith("1/2 hồ sơ")
    if has_class(link, "few"):
        assert text(one(cell, './span[@class="few-n"]')) == "(1/2)"
    note = root.xpath('//p[@id="by-month-few"]')
    assert bool(note) == bool(few_points)
    if note:
        assert f"tính từ dưới {minimum} hồ sơ" in text(note[0])


# A clerk's browser may ask for English first: the figures stay Vietnamese.
BROWSER_IN_ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def test_the_progress_score_has_a_decimal_comma(client, coordinator, loaded):
    client.force_login(coordinator)
    root = page(client.get(HOME, **BROWSER_IN_ENGLISH))
    cell = one(root, '//table[@id="by-month"]//tr[@data-key="2026-04"]/td[contains(@class, "c-progress")]')
    assert text(cell) == "13,33"  # 20 × 2 / 3


def test_the_web_workbook_is_in_the_departments_words(client, observer, loaded):
    client.force_login(observer)
    response = client.get("/ho-so/xuat-excel/")
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook_problems(wb) == []
    assert [c.value for c in wb["Cán bộ"][1]][:3] == ["Cán bộ", "Đơn vị", "Tháng"]
    labels = {c.value for (c,) in wb["Vi phạm"].iter_rows(min_row=2, min_col=7, max_col=7)}
    assert "Tiếp nhận hồ sơ trực tuyến quá 8 giờ làm việc" in labels


ENGLISH = re.compile(
    r"\b(None|True|False|null|unit|month|officer|early|late|overdue|on_time|Page|Next|Previous|of)\b"
    r"|\d{4}-\d{2}-\d{2}|\d{4}-\d{2}\b|\b\d+\.\d+\b"  # ISO dates, decimal points
)


@pytest.mark.parametrize(
    "path", ["/ho-so/", "/ho-so/can-bo/", "/ho-so/danh-sach/", "/ho-so/tai-len/", "upload"]
)
def test_no_english_codes_or_iso_dates_on_the_dossier_screens(client, coordinator, loaded, path):
    client.force_login(coordinator)
    if path == "upload":
        path = f"/ho-so/tai-len/{DossierUpload.objects.get().pk}/"
    root = page(client.get(path, **BROWSER_IN_ENGLISH))
    main = one(root, "//main")
    for bad in main.xpath(".//script|.//style|.//svg"):
        bad.drop_tree()
    words = text(main)
    assert [m.group(0) for m in ENGLISH.finditer(words)] == []
    assert not [r for r in RULES if r in words]


@pytest.mark.parametrize(("ids", "green"), [(("D1", "D2", "D5"), True), (("D1", "D3"), False)])
def test_the_on_time_rate_is_green_only_at_the_plans_100_percent(client, org, coordinator, ids, green):
    upload(org, coordinator, data.export(*ids))
    client.force_login(coordinator)
    stat = one(page(client.get(HOME)), '//div[@id="stat-on-time-rate"]')
    assert has_class(stat, "good") == green
