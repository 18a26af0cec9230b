"""The charts: Vietnamese labels and figures on the drawn figure, a serif font with every
Vietnamese glyph (no warning), fixed size and bytes."""

from __future__ import annotations

import struct
import warnings

import pytest

from cchc.core.reporting import Chart, chart_png
from cchc.core.reporting.charts import STATUS_COLOURS, chart_figure, serif_font
from tests.core.reporting.reports import AREAS

RATE = Chart(
    key="rate",
    title="Tỷ lệ đúng hạn",
    kind="bar",
    categories=AREAS[:3],
    series=(("Tỷ lệ đúng hạn", (0.9, None, 0.5)),),
    unit="percent",
)
STACKED = Chart(
    key="status",
    title="Tình hình",
    kind="stacked_bar",
    categories=("Văn phòng", "Thanh tra"),
    series=(("Sớm hạn", (1234.0, 0.0)), ("Quá hạn", (5.0, 2.0))),
)
UNITS = Chart(
    key="units",
    title="Đơn vị",
    kind="hbar",
    categories=tuple(f"Phòng số {i}" for i in range(12)),
    series=(("Tỷ lệ", tuple(i / 12 for i in range(12))),),
    unit="percent",
)
TREND = Chart(
    key="trend",
    title="Xu hướng",
    kind="line",
    categories=tuple(f"Tháng {i}" for i in range(1, 7)),
    series=(
        ("Hồ sơ", (1000.0, 1200.0, None, 1500.0, 1800.0, 2100.0)),
        ("Trễ hạn", (3.0, 4.0, 5.0, 1.0, 0.0, 2.0)),
    ),
)


def _drawn(chart: Chart):
    fig = chart_figure(chart, width_mm=160)
    fig.canvas.draw()
    return fig, fig.axes[0]


def _texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def _ticks(labels) -> list[str]:
    return [t.get_text() for t in labels if t.get_text()]


def test_percent_bars_label_shares_the_vietnamese_way() -> None:
    fig, ax = _drawn(RATE)
    assert [t for t in _texts(ax) if t] == ["90,0 %", "50,0 %"]  # None: no bar, no label
    axis = _ticks(ax.get_yticklabels())
    assert axis[:6] == ["0 %", "20 %", "40 %", "60 %", "80 %", "100 %"]
    assert _ticks(ax.get_xticklabels()) == list(AREAS[:3])
    assert fig.legends == []  # one series: no legend


def test_stacked_bars_label_counts_and_keep_status_colours() -> None:
    fig, ax = _drawn(STACKED)
    assert [t for t in _texts(ax) if t] == ["1.234", "5", "2"]  # a zero segment is not labelled
    # Many categories: long names wrap under their bar.
    _, many = _drawn(Chart("a", "A", "bar", AREAS, (("s", (1.0,) * 7),)))
    assert _ticks(many.get_xticklabels())[0] == "Chỉ đạo,\nđiều hành"
    legend = fig.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == ["Sớm hạn", "Quá hạn"]
    colours = {bars.get_label(): bars.patches[0].get_facecolor() for bars in ax.containers}
    from matplotlib.colors import to_rgba

    assert colours == {
        "Sớm hạn": to_rgba(STATUS_COLOURS["sớm hạn"]),
        "Quá hạn": to_rgba(STATUS_COLOURS["quá hạn"]),
    }


def test_horizontal_bars_read_top_down() -> None:
    _, ax = _drawn(UNITS)
    labels = _ticks(ax.get_yticklabels())
    assert labels[0] == "Phòng số 0" and labels[-1] == "Phòng số 11"
    assert ax.yaxis_inverted()
    assert "40 %" in _ticks(ax.get_xticklabels())
    assert _texts(ax)[6] == "50,0 %"


def test_lines_label_each_point_and_skip_gaps() -> None:
    fig, ax = _drawn(TREND)
    texts = _texts(ax)
    assert texts[:5] == ["1.000", "1.200", "1.500", "1.800", "2.100"]
    assert len(texts) == 11
    assert "2.000" in _ticks(ax.get_yticklabels())
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["Hồ sơ", "Trễ hạn"]


@pytest.mark.parametrize("chart", [RATE, STACKED, UNITS, TREND], ids=lambda c: c.kind)
def test_png_of_fixed_size_same_bytes_no_warning(chart) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = chart_png(chart, width_mm=160, dpi=150)
    assert [str(w.message) for w in caught] == []  # e.g. no "Glyph … missing from font"
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, _height = struct.unpack(">II", png[16:24])
    assert abs(width - 160 / 25.4 * 150) <= 1
    assert chart_png(chart, width_mm=160, dpi=150) == png


def test_the_font_is_a_serif_with_vietnamese_glyphs() -> None:
    assert serif_font() in ("Liberation Serif", "DejaVu Serif")
    _, ax = _drawn(RATE)
    assert ax.get_xticklabels()[0].get_fontname() == serif_font()


def test_the_title_is_drawn_only_when_asked() -> None:
    assert chart_figure(RATE, width_mm=160)._suptitle is None
    assert chart_figure(RATE, width_mm=160, with_title=True)._suptitle.get_text() == "Tỷ lệ đúng hạn"
