"""Small charts as inline SVG, drawn on the server (pure: no Django, no JavaScript library).

Two shapes are all the dossier screens need: a line chart of shares by month (values in
[0, 1], missing values break the line; each point's tooltip gives the dossiers behind it, and a
point computed from fewer than ``min_count`` dossiers is drawn hollow with dashed segments, a
legend line saying why) and horizontal bars (one per unit or officer, each optionally a link to
the dossiers behind it). Text is escaped; the caller marks the result safe.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from itertools import pairwise

from cchc.core import formats

__all__ = ["Bar", "Series", "bar_chart", "few_note", "line_chart", "percent_text"]

PALETTE = ("#1f6f8b", "#d9822b", "#3c8d40", "#a23b72")


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: Sequence[float | None]  # one per label; None: no figure that month
    counts: Sequence[tuple[int, int] | None] = ()  # (numerator, denominator) behind each value


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float | None  # a share in [0, 1]
    href: str = ""
    note: str = ""  # shown after the value, e.g. "3/12"
    alert: bool = False  # drawn in the warning colour


percent_text = formats.percent_text  # 0.6667 -> "66,7 %"; None -> "—"


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def few_note(min_count: int) -> str:
    """Why a point is hollow: the legend line of the chart (and of the tables beside it)."""
    return f"Điểm rỗng, nét đứt: tính từ dưới {min_count} hồ sơ, tỷ lệ chưa đủ tin cậy"


def line_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    width: int = 640,
    height: int = 240,
    min_count: int = 0,
) -> str:
    """Shares by period as lines on a 0–100 % axis, with a legend and a title for screen readers.

    A point whose denominator (``Series.counts``) is under ``min_count`` is drawn hollow, the
    segments touching it dashed, and a legend line under the axis says why."""
    n = len(labels)

    def count(s: Series, i: int) -> tuple[int, int] | None:
        return s.counts[i] if i < len(s.counts) else None

    def is_few(s: Series, i: int) -> bool:
        c = count(s, i)
        return c is not None and c[1] < min_count

    any_few = any(is_few(s, i) for s in series for i, v in enumerate(s.values[:n]) if v is not None)
    note_h = 20 if any_few else 0
    height += note_h
    left, right, top, bottom = 44, 28, 28, 36 + note_h  # room for the last month label
    plot_w, plot_h = width - left - right, height - top - bottom
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
        runs: list[list[int]] = [[]]
        points = []
        for i, v in enumerate(s.values[:n]):
            if v is None:
                runs.append([])
                continue
            runs[-1].append(i)
            points.append((i, v))
        for run in runs:
            out.extend(_segments(run, s, colour, x, y, lambda i, s=s: is_few(s, i)))
        for i, v in points:
            tip = f"{s.name} {labels[i]}: {percent_text(v)}"
            c = count(s, i)
            if c is not None:
                tip += f" ({c[0]}/{c[1]} hồ sơ)"
            if is_few(s, i):
                tip += f", dưới {min_count} hồ sơ: chưa đủ tin cậy"
                look = f'class="few" r="3.5" fill="#fff" stroke="{colour}" stroke-width="1.5"'
            else:
                look = f'r="3" fill="{colour}"'
            cx, cy = _num(x(i)), _num(y(v))
            out.append(f'<circle cx="{cx}" cy="{cy}" {look}><title>{escape(tip)}</title></circle>')
        lx = left + k * 200
        out.append(f'<rect x="{lx}" y="8" width="12" height="4" fill="{colour}"/>')
        out.append(f'<text x="{lx + 16}" y="14" font-size="12">{escape(s.name)}</text>')
    if any_few:
        ny = height - 8
        out.append(
            f'<g class="few-legend"><circle cx="{left + 4}" cy="{ny - 4}" r="3.5" fill="#fff" stroke="#666" '
            f'stroke-width="1.5"/><text x="{left + 14}" y="{ny}" font-size="11" fill="#444">'
            f"{escape(few_note(min_count))}</text></g>"
        )
    out.append("</svg>")
    return "".join(out)


def _segments(run: list[int], s: Series, colour: str, x, y, few) -> list[str]:
    """The line through one run of points: solid stretches as one polyline each, a segment
    touching a point of few dossiers dashed and faint."""

    def points(indices: list[int]) -> str:
        return " ".join(f"{_num(x(i))},{_num(y(s.values[i]))}" for i in indices)

    stretches: list[list[int]] = [[]]  # solid stretches of the run
    out: list[str] = []
    for a, b in pairwise(run):
        if few(a) or few(b):
            stretches.append([])
            out.append(
                f'<polyline class="few" fill="none" stroke="{colour}" stroke-width="1.5" '
                f'stroke-dasharray="4 3" opacity="0.6" points="{points([a, b])}"/>'
            )
        else:
            stretches[-1] += [a, b] if not stretches[-1] else [b]
    solid = [
        f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points(st)}"/>'
        for st in stretches
        if len(st) > 1
    ]
    return solid + out


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
