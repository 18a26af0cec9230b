"""The first draft of a report's texts, from the records of its window.

- Each area's part: the units' accepted report texts of the window, grouped by area, one line
  per unit and task ("- Văn phòng Sở (Nhiệm vụ 1, quý I): …"), in the plan's order.
- "Tồn tại, hạn chế": the work overdue or finished late, with the reason the unit gave.
- "Phương hướng": the work due in the weeks after the window, by area.

The Office then edits them; a text it has edited is never overwritten by a new draft.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.db.models import QuerySet

from cchc.chasing.messages import shorten
from cchc.core.areas import AREAS
from cchc.core.formats import date_text
from cchc.orgs.models import Organisation
from cchc.reporting.figures import S, Window, window_obligations
from cchc.tracking.models import Obligation, Report
from cchc.tracking.selectors import BoardFilters, board_obligations

# How far past the window the "next period" looks.
AHEAD = timedelta(days=90)
TEXT_CHARS = 1_500  # a unit's text in the draft (the whole is on the task's page)
LINES = 40  # lines of a part at most; the rest is counted


def _task_name(o: Obligation) -> str:
    number = f"Nhiệm vụ {o.task.number}" if o.task.number else "Nhiệm vụ"
    return f"{number}, {o.period_label}" if o.period_label else number


def _capped(lines: list[str]) -> str:
    if len(lines) > LINES:
        lines = [*lines[:LINES], f"(và {len(lines) - LINES} nội dung khác)"]
    return "\n".join(lines)


def area_texts(org: Organisation, window: Window) -> dict[str, str]:
    """Per area key ("area:<area>"), the accepted reports of the window as lines."""
    reports = (
        Report.objects.filter(obligation__in=window_obligations(org, window), state=Report.State.ACCEPTED)
        .exclude(narrative="")
        .select_related("obligation__task", "unit")
        .order_by("obligation__task__order", "obligation__due_date", "obligation__unit_order", "id")
    )
    lines: dict[str, list[str]] = defaultdict(list)
    for r in reports:
        o = r.obligation
        area = o.task.area if o.task.area in AREAS else "other"
        lines[area].append(f"- {r.unit.name} ({_task_name(o)}): {shorten(r.narrative)}")
    return {f"area:{a}": _capped(v) for a, v in lines.items()}


def issues_text(late: QuerySet[Obligation]) -> str:
    lines = []
    for o in late.select_related("task", "unit").order_by("status", "current_due", "unit_order", "id"):
        state = S(o.status).label.lower()
        due = date_text(o.current_due)
        lines.append(f"- {o.unit.name}: {_task_name(o)} ({state}, hạn {due}): {shorten(o.task.text, 300)}")
    return _capped(lines)


def next_text(org: Organisation, window: Window) -> str:
    ahead = board_obligations(
        org, BoardFilters(due_from=window.end + timedelta(days=1), due_to=window.end + AHEAD, status="open")
    ).select_related("task", "unit")
    seen: dict[int, list[str]] = {}
    order: list[Obligation] = []
    for o in ahead.order_by("task__order", "current_due", "unit_order"):
        if o.task_id not in seen:
            seen[o.task_id] = []
            order.append(o)
        if o.unit.name not in seen[o.task_id]:
            seen[o.task_id].append(o.unit.name)
    lines = [
        f"- {shorten(o.task.text, 300)} ({', '.join(seen[o.task_id])}; hạn {date_text(o.current_due)})"
        for o in order
    ]
    return _capped(lines)


def draft_texts(org: Organisation, window: Window) -> dict[str, str]:
    """Every part's first draft, by key."""
    late = window_obligations(org, window).filter(status__in=[S.OVERDUE, S.DONE_LATE])
    return {
        **area_texts(org, window),
        "issues": issues_text(late),
        "next": next_text(org, window),
        "proposals": "",
    }
