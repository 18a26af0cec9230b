"""A stacked bar of statuses as inline SVG, drawn on the server (pure: no Django, no script),
in the manner of the dossier screens' charts (``dossiers/charts.py``): one bar split into
the counts of each status, each part a link to the list behind it with its words and count
as a tooltip, in the colours of the status badges (``cchc.css``, ``.st-*``).

The follow-through's overview draws one per plan, area and unit; a unit's page one for the
unit. Text is escaped; the caller marks the result safe.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from cchc.core.formats import count_text

__all__ = ["STATUS_FILL", "Part", "legend", "stacked_bar"]

# The badges' border colours (cchc.css ``.st-*``), strong enough to read as a bar; the
# finished parts green to amber, overdue red, the open parts blue and grey.
STATUS_FILL: dict[str, str] = {
    "done_early": "#2e8540",
    "done_on_time": "#7cbf8a",
    "done_late": "#e8a33a",
    "overdue": "#c0392b",
    "extended": "#9b6cc9",
    "in_progress": "#5b8fd0",
    "not_due": "#c4ccd6",
}


@dataclass(frozen=True, slots=True)
class Part:
    """One status's part of a bar: its key (a ``STATUS_FILL`` key), words, count and the list
    behind it."""

    status: str
    label: str
    count: int
    href: str = ""


def _num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def stacked_bar(parts: Sequence[Part], *, title: str, width: int = 160, height: int = 14) -> str:
    """One horizontal bar, ``width`` wide, split in proportion to the parts' counts (those
    with no count are left out); an empty bar when every count is 0. The parts keep their
    order. ``title`` names the bar for screen readers ("Kế hoạch 12/KH-SCT: 120 nghĩa vụ")."""
    total = sum(p.count for p in parts)
    out = [
        f'<svg class="chart stack" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'preserveAspectRatio="none" role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<rect class="stack-bg" x="0" y="0" width="{width}" height="{height}" fill="#eef1f5"/>',
    ]
    x = 0.0
    for p in parts:
        if p.count <= 0 or total <= 0:
            continue
        w = width * p.count / total
        tip = escape(f"{p.label}: {count_text(p.count)}")
        fill = STATUS_FILL.get(p.status, "#888")
        rect = (
            f'<rect class="part part-{escape(p.status)}" x="{_num(x)}" y="0" width="{_num(w)}" '
            f'height="{height}" fill="{fill}"><title>{tip}</title></rect>'
        )
        if p.href:
            out.append(f'<a href="{escape(p.href)}" data-status="{escape(p.status)}">{rect}</a>')
        else:
            out.append(rect)
        x += w
    out.append("</svg>")
    return "".join(out)


def legend(parts: Sequence[tuple[str, str]], *, size: int = 10) -> str:
    """The colours' key as HTML: a small square and the words for each (status, label)."""
    items = "".join(
        f'<li><svg width="{size}" height="{size}" aria-hidden="true"><rect width="{size}" height="{size}" '
        f'fill="{STATUS_FILL.get(status, "#888")}"/></svg> {escape(label)}</li>'
        for status, label in parts
    )
    return f'<ul class="chart-legend">{items}</ul>'
