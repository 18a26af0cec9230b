"""The inline SVG charts: points where the values say, gaps for missing months, escaped text."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest

from cchc.dossiers.charts import Bar, Series, bar_chart, line_chart, percent_text

NS = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # well-formed XML, or this raises


def test_percent_text_uses_the_vietnamese_decimal_comma():
    assert percent_text(0.6667) == "66,7 %"
    assert percent_text(1) == "100,0 %"
    assert percent_text(None) == "—"


def test_line_chart_places_points_on_a_0_to_100_percent_axis():
    # width 640, margins left 44 right 28 -> plot 568 wide; height 240, top 28 bottom 36 -> 176 high.
    svg = line_chart(
        ["01/2026", "02/2026", "03/2026"], [Series("Đúng hạn", [1.0, 0.5, 0.0])], title="Xu hướng"
    )
    root = parse(svg)
    circles = root.findall(f"{NS}circle")
    assert [(c.get("cx"), c.get("cy")) for c in circles] == [("44", "28"), ("328", "116"), ("612", "204")]
    assert root.find(f"{NS}polyline").get("points") == "44,28 328,116 612,204"
    assert circles[1].find(f"{NS}title").text == "Đúng hạn 02/2026: 50,0 %"
    assert root.get("aria-label") == "Xu hướng"


def test_a_missing_month_breaks_the_line_and_draws_no_point():
    svg = line_chart(["1", "2", "3", "4"], [Series("s", [0.2, None, 0.4, 0.6])], title="t")
    root = parse(svg)
    assert len(root.findall(f"{NS}circle")) == 3
    lines = root.findall(f"{NS}polyline")
    assert len(lines) == 1  # the lone first point makes no segment; 3 and 4 make one
    assert len(lines[0].get("points").split()) == 2


def test_a_single_month_is_centred():
    root = parse(line_chart(["05/2026"], [Series("s", [0.75])], title="t"))
    (circle,) = root.findall(f"{NS}circle")
    assert circle.get("cx") == "328"  # 44 + 568 / 2


def test_bars_have_widths_in_proportion_links_and_warning_colour():
    bars = [
        Bar("Phòng A", 0.5, href="/ho-so/danh-sach/?a=1&b=2", note="1/2"),
        Bar("Phòng B", 0.1, alert=True),
    ]
    svg = bar_chart(bars, title="Theo đơn vị", width=640, label_width=220)
    root = parse(svg)
    links = root.findall(f"{NS}a")
    assert [a.get("href") for a in links] == ["/ho-so/danh-sach/?a=1&b=2"]
    rects = root.iter(f"{NS}rect")
    widths = [(r.get("width"), r.get("fill")) for r in rects]
    assert widths == [("155", "#1f6f8b"), ("31", "#c0392b")]  # plot 640-220-110 = 310 wide
    assert "50,0 % (1/2)" in svg


def test_text_is_escaped():
    svg = bar_chart([Bar('<script>"x"</script>', 0.3)], title="a & b")
    assert "<script>" not in svg
    root = parse(svg)
    assert root.get("aria-label") == "a & b"


def test_no_bars_says_so():
    assert "Chưa có số liệu" in bar_chart([], title="t")


def test_long_labels_are_shortened_but_kept_in_the_tooltip():
    name = "Trung tâm Khuyến công và Xúc tiến thương mại tỉnh Hòa Bình Xanh"
    svg = bar_chart([Bar(name, 0.2)], title="t")
    assert re.search(r">Trung tâm Khuyến công và Xúc tiến…<", svg)
    assert f"<title>{name}: 20,0 %</title>" in svg


@pytest.mark.parametrize(
    ("counts", "min_count", "few", "dashed"),
    [
        ([(9, 10), (1, 2), (30, 40)], 10, [False, True, False], 2),  # both segments touch 02/2026
        ([(9, 10), (1, 2), (30, 40)], 2, [False, False, False], 0),
        ([(9, 10), (30, 40), (1, 2)], 10, [False, False, True], 1),
        ([(9, 9), (1, 2), (3, 4)], 10, [True, True, True], 2),
        ([], 10, [False, False, False], 0),  # no counts given: nothing to judge
    ],
)
def test_points_from_few_dossiers_are_hollow_with_their_counts(counts, min_count, few, dashed):
    svg = line_chart(
        ["01/2026", "02/2026", "03/2026"],
        [Series("Đúng hạn", [0.9, 0.5, 0.75], counts)],
        title="Xu hướng",
        min_count=min_count,
    )
    root = parse(svg)
    circles = root.findall(f"{NS}circle")
    assert [c.get("class") == "few" for c in circles] == few
    assert [c.get("fill") == "#fff" for c in circles] == few  # hollow
    for circle, count, is_few in zip(circles, counts, few, strict=False):
        title = circle.find(f"{NS}title").text
        assert f"({count[0]}/{count[1]} hồ sơ)" in title
        assert ("chưa đủ tin cậy" in title) == is_few
    assert len(root.findall(f"{NS}polyline[@class='few']")) == dashed
    solid = root.findall(f"{NS}polyline")
    assert len(solid) - dashed == (1 if dashed < 2 else 0)
    legend = root.find(f"{NS}g[@class='few-legend']")
    assert (legend is not None) == any(few)
    if any(few):
        note = f"Điểm rỗng, nét đứt: tính từ dưới {min_count} hồ sơ, tỷ lệ chưa đủ tin cậy"
        assert legend.find(f"{NS}text").text == note
