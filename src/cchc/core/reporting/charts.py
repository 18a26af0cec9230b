"""A report's chart as a PNG picture (matplotlib, Agg), for the Word document.

- Drawn with matplotlib's object API (``Figure`` + the Agg canvas), no pyplot; ``MPLBACKEND``
  is set to Agg all the same for anything else that imports matplotlib in the process. The
  style (font, sizes) is matplotlib's global ``rcParams``, set for the time of one drawing:
  a lock keeps two threads from drawing at once.
- The font is a serif with every Vietnamese glyph: Liberation Serif (Times New Roman's
  metrics, Debian's ``fonts-liberation2``) when installed, else DejaVu Serif, which ships
  inside matplotlib. Nothing is downloaded.
- Matplotlib keeps a font cache in ``MPLCONFIGDIR``: when the default place (under HOME) is
  not writable (a service account), a folder of our own under the temporary directory is
  used, so no warning is printed and the cache is built once.
- Figures: counts "1.234", shares "50 %" on the axis and "50,0 %" on the bars; each bar
  (each point of a line) carries its value; a value None is not drawn. The same chart
  gives the same bytes (fixed DPI, no timestamp in the PNG).
"""

from __future__ import annotations

import io
import os
import tempfile
import textwrap
import threading
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cchc.core.formats import count_text, number_text, percent_text
from cchc.core.reporting.cells import clean
from cchc.core.reporting.document import Chart

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["chart_figure", "chart_png", "chart_size_mm", "serif_font"]

SERIF_FONTS = ("Liberation Serif", "DejaVu Serif")
MM_PER_INCH = 25.4
FONT_PT = 10.0
# A series named by a status word keeps that status's colour on every chart.
STATUS_COLOURS = {
    "sớm hạn": "#2e7d32",
    "hoàn thành sớm hạn": "#2e7d32",
    "đúng hạn": "#1565c0",
    "hoàn thành đúng hạn": "#1565c0",
    "trễ hạn": "#ef6c00",
    "hoàn thành trễ hạn": "#ef6c00",
    "quá hạn": "#c62828",
    "gia hạn": "#6a1b9a",
    "đang thực hiện": "#78909c",
    "chưa đến hạn": "#b0bec5",
}
_DRAWING = threading.RLock()  # rcParams are global: one drawing at a time
PALETTE = ("#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2f5597", "#a5a5a5", "#843c0c")


def _config_dir() -> None:
    if os.environ.get("MPLCONFIGDIR"):
        return
    home = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "matplotlib"
    try:
        home.mkdir(parents=True, exist_ok=True)
        if os.access(home, os.W_OK):
            return
    except OSError:
        pass
    own = Path(tempfile.gettempdir()) / f"cchc-matplotlib-{os.getuid()}"
    own.mkdir(mode=0o700, exist_ok=True)
    os.environ["MPLCONFIGDIR"] = str(own)


@cache
def _matplotlib() -> Any:
    """matplotlib, imported once with the Agg backend and a writable cache folder."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    _config_dir()
    import matplotlib

    return matplotlib


@cache
def serif_font() -> str:
    """The first of ``SERIF_FONTS`` matplotlib finds (DejaVu Serif ships with it)."""
    _matplotlib()
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in SERIF_FONTS if name in names), "DejaVu Serif")


def chart_size_mm(chart: Chart, width_mm: float) -> tuple[float, float]:
    """The picture's width and height: horizontal bars grow with their categories."""
    if chart.kind == "hbar":
        bars = len(chart.categories) * max(1, len(chart.series))
        height = min(max(50.0, 12.0 + 5.5 * bars), 220.0)
    else:
        height = width_mm * 0.55
    return width_mm, height


def _value_text(chart: Chart, value: float) -> str:
    if chart.unit == "percent":
        return percent_text(value)
    if float(value).is_integer():
        return count_text(int(value))
    return number_text(round(value, 2))


def _axis_text(chart: Chart, value: float) -> str:
    if chart.unit == "percent":
        return number_text(round(value * 100, 1)) + " %"
    return count_text(int(value)) if float(value).is_integer() else number_text(round(value, 2))


def _colours(chart: Chart) -> list[str]:
    out, spare = [], iter(PALETTE * 4)
    for legend, _ in chart.series:
        out.append(STATUS_COLOURS.get(clean(legend).strip().casefold()) or next(spare))
    return out


def _wrap(label: str, width: int) -> str:
    return "\n".join(textwrap.wrap(clean(label), width)) or " "


def _bars(ax: Axes, chart: Chart, colours: list[str]) -> None:
    n = len(chart.categories)
    horizontal = chart.kind == "hbar"
    stacked = chart.kind == "stacked_bar"
    k = max(1, len(chart.series))
    group = 0.8
    width = group if stacked else group / k
    bottoms = [0.0] * n
    for s, ((legend, values), colour) in enumerate(zip(chart.series, colours, strict=True)):
        numbers = [v if v is not None else 0.0 for v in values]
        positions = list(range(n)) if stacked else [i - group / 2 + width * (s + 0.5) for i in range(n)]
        if horizontal:
            bars = ax.barh(positions, numbers, height=width, color=colour, label=clean(legend))
        else:
            bars = ax.bar(
                positions,
                numbers,
                width=width,
                bottom=bottoms if stacked else 0.0,
                color=colour,
                label=clean(legend),
            )
        labels = [_value_text(chart, v) if v is not None and (not stacked or v) else "" for v in values]
        ax.bar_label(
            bars,
            labels=labels,
            label_type="center" if stacked else "edge",
            padding=0 if stacked else 2,
            fontsize=FONT_PT - 1,
            color="white" if stacked else "black",
        )
        if stacked:
            bottoms = [b + v for b, v in zip(bottoms, numbers, strict=True)]
    ticks = list(range(n))
    tallest = max(bottoms) if stacked else max((v for _, vs in chart.series for v in vs if v), default=0)
    # Room above the tallest bar for its label.
    limits = (0.0, tallest * 1.12) if tallest > 0 else None
    if horizontal:
        ax.set_yticks(ticks, [_wrap(c, 34) for c in chart.categories])
        ax.invert_yaxis()  # the first category on top, as a table reads
        if limits:
            ax.set_xlim(*limits)
    else:
        ax.set_xticks(ticks, [_wrap(c, max(8, 90 // max(n, 1))) for c in chart.categories])
        if limits:
            ax.set_ylim(*limits)


def _line(ax: Axes, chart: Chart, colours: list[str]) -> None:
    xs = list(range(len(chart.categories)))
    for (legend, values), colour in zip(chart.series, colours, strict=True):
        ys = [float("nan") if v is None else v for v in values]
        ax.plot(xs, ys, marker="o", color=colour, label=clean(legend), linewidth=1.6, markersize=4)
        if len(xs) <= 16:
            for x, v in zip(xs, values, strict=True):
                if v is not None:
                    ax.annotate(
                        _value_text(chart, v),
                        (x, v),
                        textcoords="offset points",
                        xytext=(0, 5),
                        ha="center",
                        fontsize=FONT_PT - 1,
                    )
    n = len(chart.categories)
    ax.set_xticks(xs, [_wrap(c, max(8, 90 // max(n, 1))) for c in chart.categories])
    numbers = [v for _, vs in chart.series for v in vs if v is not None]
    if numbers and min(numbers) >= 0:
        ax.set_ylim(0, max(numbers) * 1.15 or 1)


def chart_figure(chart: Chart, *, width_mm: float, dpi: int = 150, with_title: bool = False) -> Figure:
    """The chart drawn on a matplotlib ``Figure`` (Agg canvas), ``width_mm`` wide."""
    _matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    width, height = chart_size_mm(chart, width_mm)
    with _DRAWING, _rc(serif_font()):
        fig = Figure(figsize=(width / MM_PER_INCH, height / MM_PER_INCH), dpi=dpi, layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        colours = _colours(chart)
        if chart.kind == "line":
            _line(ax, chart, colours)
        else:
            _bars(ax, chart, colours)
        value_axis = ax.xaxis if chart.kind == "hbar" else ax.yaxis
        value_axis.set_major_formatter(FuncFormatter(lambda v, _pos: _axis_text(chart, v)))
        if chart.unit == "count":
            value_axis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(axis="x" if chart.kind == "hbar" else "y", color="#d9d9d9", linewidth=0.6)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        if len(chart.series) > 1:
            fig.legend(loc="outside lower center", ncols=min(len(chart.series), 4), frameon=False)
        if with_title:
            fig.suptitle(clean(chart.title), fontweight="bold")
    return fig


def chart_png(chart: Chart, *, width_mm: float, dpi: int = 150, with_title: bool = False) -> bytes:
    """The chart as PNG bytes, ``width_mm`` wide at ``dpi``; the title is drawn on it only
    ``with_title`` (the Word document prints it as a caption, text a reader can search)."""
    out = io.BytesIO()
    with _DRAWING:
        fig = chart_figure(chart, width_mm=width_mm, dpi=dpi, with_title=with_title)
        with _rc(serif_font()):
            fig.savefig(out, format="png", dpi=dpi, metadata={"Software": None})
    return out.getvalue()


def _rc(font: str) -> Any:
    matplotlib = _matplotlib()
    return matplotlib.rc_context(
        {
            # The family by name, not "serif": a text keeps it when drawn outside this context.
            "font.family": [font, "DejaVu Serif"],
            "font.size": FONT_PT,
            "axes.titlesize": FONT_PT + 1,
            "axes.unicode_minus": False,
            "svg.hashsalt": "cchc",
        }
    )
