"""Table rows of the follow-through lists, written in Python.

The Office board's fifty rows are the hottest loop of the busiest screen: plain string
building costs a fraction of the template engine's time (figures in benchmarks/README.md).
Each row writes what its reference template writes (``tracking/_board_row.html``,
``tracking/_unit_row.html``: escaped, dd/mm/yyyy, the status words), held equal case by case
by ``tests/tracking/test_rows_templates.py``; change the template and the row together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from html import escape as _html_escape
from typing import Any

from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from cchc.tracking.templatetags.tracking_tags import pending_extension, report_state, status_badge, vn_date

TASK_TEXT_CHARS = 160


def escape(value: object) -> str:
    """HTML-escaped text (the standard library's: Django's lazy-aware wrapper costs more
    than the escaping itself in these loops). Same characters as ``django.utils.html.escape``."""
    return _html_escape(str(value), quote=True)


def shorten(text: str, n: int = TASK_TEXT_CHARS) -> str:
    """``Truncator(text).chars(n)`` for the NFC text the importer stores: at most ``n``
    characters, the last one "…" when cut."""
    return text if len(text) <= n else text[: n - 1] + "…"


def badge(status: str) -> str:
    """``status_badge(status)`` (built once per status there)."""
    return status_badge(status)


def when(moment: Any) -> str:
    """The last update as the lists show it: ``vn_date``, "—" when none."""
    return vn_date(moment) or "—"


def task_urls() -> Callable[[int], str]:
    """``task_id -> reverse("tracking:task", args=[task_id])``, the pattern resolved once."""
    base = reverse("tracking:task", args=[0])
    head, sep, tail = base.rpartition("/0/")
    if not sep:
        return lambda task_id: reverse("tracking:task", args=[task_id])
    return lambda task_id: f"{head}/{task_id}/{tail}"


def due_cell(due_date: date | None, current_due: date | None, extended: bool) -> SafeString | str:
    """The due date as the lists show it: an extension shows the original date struck out."""
    if current_due:
        if extended and due_date != current_due:
            return format_html(
                '<s class="muted" title="Hạn ban đầu">{}</s> <span title="Hạn sau gia hạn">{}</span>'
                ' <span class="tag">gia hạn</span>',
                vn_date(due_date),
                vn_date(current_due),
            )
        return vn_date(current_due)
    if due_date:
        return vn_date(due_date)
    return mark_safe('<span class="muted">chưa có ngày</span>')


class BoardRow:
    """One row of the board from ``selectors.board_rows`` values: ``pk`` and its ``html``."""

    __slots__ = ("html", "pk")

    def __init__(self, v: dict[str, Any], url: str) -> None:
        self.pk = v["id"]
        number = f"{escape(v['task__number'])}. " if v["task__number"] else ""
        text = escape(shorten(v["task__text"]))
        activity = when(v["last_activity_at"])
        due = conditional_escape(due_cell(v["due_date"], v["current_due"], v["extended"]))
        # ``data-label``: the column's name, shown before the cell when a phone stacks the
        # row as a card (cchc.css).
        self.html = mark_safe(
            f'<tr id="o{self.pk}">'
            f'<td class="title"><a href="{url}?nghia-vu={self.pk}#chi-tiet">{number}{text}</a>'
            f' <span class="extra plan-number">{escape(v["plan__number"] or "Kế hoạch")}</span></td>'
            f'<td data-label="Đơn vị">{escape(v["unit__name"])}</td>'
            f'<td class="nowrap" data-label="Kỳ">{escape(v["period_label"])}</td>'
            f'<td class="nowrap" data-label="Hạn">{due}</td>'
            f'<td data-label="Trạng thái">{badge(v["status"])}</td>'
            f'<td class="nowrap" data-label="Cập nhật">{activity}</td>'
            "</tr>"
        )


def board_rows_html(rows: Iterable[dict[str, Any]]) -> list[BoardRow]:
    """Rows of ``board_rows`` values, the task link resolved once for the page."""
    url = task_urls()
    return [BoardRow(v, url(v["task_id"])) for v in rows]


# The templates' words and markup (tracking_tags), built once.
REPORT_STATES = {state: str(report_state(state)) for state in ("draft", "submitted", "returned", "accepted")}
NO_REPORT = str(report_state(None))
PENDING_EXTENSION = str(pending_extension())


@dataclass(frozen=True, slots=True)
class UnitView:
    """What a unit's rows depend on besides the row: the day, and what the person may do."""

    today: date
    soon: date
    can_report: bool
    can_extend: bool


class UnitRow:
    """One row of a unit's work page from ``selectors.unit_page`` values. ``bucket``: 0
    overdue, 1 open, 2 done (the page groups the rows by it)."""

    __slots__ = ("bucket", "html", "pk")

    def __init__(self, v: dict[str, Any], url: str, view: UnitView) -> None:
        self.pk = v["id"]
        self.bucket = v["bucket"]
        link = f"{url}?nghia-vu={self.pk}"
        number = f"{escape(v['task__number'])}. " if v["task__number"] else ""
        text = escape(shorten(v["task__text"]))
        current, state = v["current_due"], v["last_report_state"]
        soon = self.bucket == 1 and current is not None and current <= view.soon
        due: str = conditional_escape(due_cell(v["due_date"], current, v["extended"]))
        if soon:
            due += ' <span class="tag warn">sắp đến hạn</span>'
        done = f'<span class="extra">xong {vn_date(v["completed_on"])}</span>' if v["completed_on"] else ""
        report = REPORT_STATES.get(state, NO_REPORT)
        if v["pending_extension"]:
            report += PENDING_EXTENSION
        actions = ""
        if self.bucket < 2:
            if view.can_report and state != "submitted":
                actions += f'<a class="button small primary" href="{link}#bao-cao">Báo cáo</a>'
            if view.can_extend and not v["pending_extension"] and current and current >= view.today:
                actions += f' <a class="button small" href="{link}#gia-han">Đề nghị gia hạn</a>'
        self.html = mark_safe(
            f'<tr id="o{self.pk}" class="{"due-soon" if soon else ""}">'
            f'<td class="title"><a href="{link}#chi-tiet">{number}{text}</a>'
            f' <span class="extra plan-number">{escape(v["plan__number"] or "Kế hoạch")}</span></td>'
            f'<td class="nowrap" data-label="Kỳ">{escape(v["period_label"])}</td>'
            f'<td class="nowrap" data-label="Hạn">{due}</td>'
            f'<td data-label="Trạng thái">{badge(v["status"])}{done}</td>'
            f'<td data-label="Báo cáo">{report}</td>'
            f'<td class="nowrap row-actions">{actions}</td>'
            "</tr>"
        )


def unit_rows_html(rows: Iterable[dict[str, Any]], view: UnitView) -> list[UnitRow]:
    url = task_urls()
    return [UnitRow(v, url(v["task_id"]), view) for v in rows]
