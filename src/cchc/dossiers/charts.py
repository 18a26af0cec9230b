"""Small charts as inline SVG, drawn on the server (pure: no Django, no JavaScript library).

Two shapes are all the dossier screens need: a line chart of shares by month (values in
[0, 1], missing values break the line) and horizontal bars (one per unit or officer, each
optionally a link to the dossiers behind it). Text is escaped; the caller marks the result safe.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

__all__ = ["Bar", "Series", "bar_chart", "line_chart", "percent_text"]

PALETTE = ("#1f6f8b", "#d9822b", "#3c8d40", "#a23b72")


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: Sequence[float | None]  # one per label; None: no figure that month


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float | None  # a share in [0, 1]
    href: str = ""
    note: str = ""  # shown after the value, e.g. "3/12"
    alert: bool = False  # drawn in the warning colour


def percent_text(value: float | None) -> str:
    """0.6667 -> "66,7 %" (Vietnamese decimal comma); None -> "—"."""
    if value is None:
        return "—"
    return f"{value * 100:.1f}".replace(".", ",") + " %"


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def line_chart(
    labels: Sequence[str], series: Sequence[Series], *, title: str, width: int = 640, height: int = 240
) -> str:
    """Shares by period as lines on a 0–100 % axis, with a legend and a title for screen readers."""
    left, right, top, bottom = 44, 28, 28, 36  # room for the last month label
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(labels)
    step = plot_w / (n - 1) if n > 1 else 0

    def x(i: int) -> float:
        return left + (i * step if n > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h * (1 - max(0.0, min(1.0, v)))

    out = [
        f'<svg class="chart line-chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in (0, 0.25, 0.5, 0.75, 1):
        ty = _num(y(tick))
        out.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{ty}" y2="{ty}" stroke="#ddd"/>')
        out.append(
            f'<text x="{left - 6}" y="{ty}" text-anchor="end" dy="4" font-size="11">{int(tick * 100)}%</text>'
        )
    every = max(1, (n + 11) // 12)  # at most about twelve axis labels
    for i, label in enumerate(labels):
        if i % every == 0 or i == n - 1:
            out.append(
                f'<text x="{_num(x(i))}" y="{height - bottom + 16}" text-anchor="middle" '
                f'font-size="11">{escape(label)}</text>'
            )
    for k, s in enumerate(series):
        colour = PALETTE[k % len(PALETTE)]
        runs: list[list[tuple[float, float]]] = [[]]
        points = []
        for i, v in enumerate(s.values[:n]):
            if v is None:
                runs.append([])
                continue
            runs[-1].append((x(i), y(v)))
            points.append((i, v))
        for run in runs:
            if len(run) > 1:
                d = " ".join(f"{_num(px)},{_num(py)}" for px, py in run)
                out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{d}"/>')
        for i, v in points:
            out.append(
                f'<circle cx="{_num(x(i))}" cy="{_num(y(v))}" r="3" fill="{colour}">'
                f"<title>{escape(s.name)} {escape(labels[i])}: {percent_text(v)}</title></circle>"
            )
        lx = left + k * 200
        out.append(f'<rect x="{lx}" y="8" width="12" height="4" fill="{colour}"/>')
        out.append(f'<text x="{lx + 16}" y="14" font-size="12">{escape(s.name)}</text>')
    out.append("</svg>")
    return "".join(out)


def bar_chart(bars: Sequence[Bar], *, title: str, width: int = 640, label_width: int = 220) -> str:
    """Horizontal bars of shares, one row each; a bar with ``href`` is a link."""
    row_h, top = 24, 8
    height = top * 2 + row_h * max(1, len(bars))
    plot_w = width - label_width - 110
    out = [
        f'<svg class="chart bar-chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    if not bars:
        out.append(
            f'<text x="{width / 2}" y="{top + 16}" text-anchor="middle" font-size="12">Chưa có số liệu</text>'
        )
    for i, bar in enumerate(bars):
        by = top + i * row_h
        value = bar.value
        bw = plot_w * max(0.0, min(1.0, value or 0.0))
        colour = "#c0392b" if bar.alert else PALETTE[0]
        label = bar.label if len(bar.label) <= 34 else bar.label[:33] + "…"
        text = percent_text(value) + (f" ({bar.note})" if bar.note else "")
        row = [
            f'<text x="{label_width - 8}" y="{by + 16}" text-anchor="end" font-size="12">'
            f"{escape(label)}</text>",
            f'<rect x="{label_width}" y="{by + 4}" width="{_num(bw)}" height="{row_h - 8}" fill="{colour}">'
            f"<title>{escape(bar.label)}: {escape(text)}</title></rect>",
            f'<text x="{_num(label_width + bw + 6)}" y="{by + 16}" font-size="12">{escape(text)}</text>',
        ]
        if bar.href:
            out.append(f'<a href="{escape(bar.href)}">{"".join(row)}</a>')
        else:
            out.extend(row)
    out.append("</svg>")
    return "".join(out)
