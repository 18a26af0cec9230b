"""The stacked bar of statuses (``ui.charts``): parts in proportion to their counts, in their
order, each a link with its words and count; nothing drawn for a zero; text escaped."""

from __future__ import annotations

import pytest
from lxml import etree

from cchc.ui.charts import STATUS_FILL, Part, legend, stacked_bar

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> etree._Element:
    return etree.fromstring(svg.encode())


def rects(root) -> list:
    return [r for r in root.iter(f"{SVG}rect") if "part" in (r.get("class") or "")]


CASES = [
    # (counts, widths of the parts drawn)
    pytest.param([("done_early", 1), ("overdue", 3)], [25, 75], id="in proportion"),
    pytest.param([("done_early", 0), ("overdue", 2), ("not_due", 2)], [50, 50], id="a zero is not drawn"),
    pytest.param([("done_early", 0), ("overdue", 0)], [], id="nothing: an empty bar"),
    pytest.param([("done_late", 1), ("done_early", 1), ("extended", 1)], [33.33, 33.33, 33.33], id="thirds"),
]


@pytest.mark.parametrize(("counts", "widths"), CASES)
def test_parts_are_drawn_in_proportion_and_in_order(counts, widths):
    parts = [Part(s, s, n, f"/theo-doi/?trang_thai={s}") for s, n in counts]
    root = parse(stacked_bar(parts, title="Kế hoạch", width=100))
    drawn = rects(root)
    assert [float(r.get("width")) for r in drawn] == pytest.approx(widths, abs=0.01)
    assert [r.get("class").split()[1] for r in drawn] == [f"part-{s}" for s, n in counts if n]
    x = 0.0
    for r in drawn:  # side by side, from the left
        assert float(r.get("x")) == pytest.approx(x, abs=0.02)
        x += float(r.get("width"))
    assert root.get("role") == "img" and root.get("aria-label") == "Kế hoạch"


def test_each_part_is_a_link_with_its_words_and_count_in_the_badges_colour():
    parts = [Part("overdue", "Quá hạn", 1234, "/theo-doi/?trang_thai=overdue&don_vi=VP")]
    root = parse(stacked_bar(parts, title="x"))
    link = next(root.iter(f"{SVG}a"))
    assert link.get("href") == "/theo-doi/?trang_thai=overdue&don_vi=VP"
    assert link.get("data-status") == "overdue"
    rect = next(link.iter(f"{SVG}rect"))
    assert rect.get("fill") == STATUS_FILL["overdue"]
    assert next(rect.iter(f"{SVG}title")).text == "Quá hạn: 1.234"


def test_a_part_without_an_address_is_not_a_link_and_text_is_escaped():
    root = parse(stacked_bar([Part("not_due", "<b>", 1)], title='Đơn vị "A" & B'))
    assert not list(root.iter(f"{SVG}a"))
    assert root.get("aria-label") == 'Đơn vị "A" & B'
    assert next(rects(root)[0].iter(f"{SVG}title")).text == "<b>: 1"


def test_every_followed_status_has_a_colour_and_the_legend_uses_it():
    from cchc.tracking.breakdowns import STATUS_ORDER

    assert set(STATUS_FILL) == set(STATUS_ORDER)
    html = etree.fromstring(legend([("overdue", "Quá hạn")]))
    assert html.xpath("//li/svg/rect/@fill") == [STATUS_FILL["overdue"]]
    assert html.xpath("normalize-space(//li)") == "Quá hạn"
