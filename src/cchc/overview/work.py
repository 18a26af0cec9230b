"""The follow-through's figures of the overview: the current plans' work by plan, area and
unit (``tracking.breakdowns``, the board's counting rules), the units ranked by on-time
rate, and this week's due and overdue work; every figure with the board's address that
lists the obligations behind it.

Read for one department at one data version and day, in a fixed number of queries whatever
its size, and kept in the cache under that version (``tracking.cache``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from cchc.orgs.models import Unit
from cchc.plans.models import Plan
from cchc.tracking import breakdowns, figures, selectors
from cchc.tracking.breakdowns import Line
from cchc.tracking.models import ObligationStatus
from cchc.tracking.rows import shorten, task_urls
from cchc.ui import charts

__all__ = ["COLUMNS", "ShortRow", "WorkFigures", "WorkRow", "board_url", "work_figures"]

LIST_LIMIT = 6  # rows of each short list ("this week", "overdue"): the rest is on the board

COLUMNS = breakdowns.STATUS_COLUMNS


def board_url(**params: Any) -> str:
    """The board's address with its filters (``ke_hoach``, ``don_vi``, ``linh_vuc``,
    ``trang_thai``, ``han``); none: the current plans, as the overview counts them."""
    query = {k: v for k, v in params.items() if v not in (None, "")}
    base = reverse("tracking:board")
    return f"{base}?{urlencode(query)}" if query else base


@dataclass(frozen=True)
class Cell:
    status: str
    label: str
    count: int
    href: str


@dataclass(frozen=True)
class WorkRow:
    """A line of a breakdown as the page shows it: its words, the board's address of all
    its work (``href``, "" when the board has no filter for it) and of each status, the
    stacked bar, the rates' tones."""

    line: Line
    href: str
    done_href: str
    cells: list[Cell]
    bar: SafeString
    tones: dict[str, str]

    def cell(self, status: str) -> Cell:
        return next(c for c in self.cells if c.status == status)

    @property
    def overdue(self) -> Cell:
        return self.cell("overdue")

    @property
    def extended(self) -> Cell:
        return self.cell("extended")

    @classmethod
    def of(cls, line: Line, filters: dict[str, Any] | None) -> WorkRow:
        """``filters``: the board's parameters that select this line's work (None: the board
        cannot select it, nothing links)."""

        def url(**extra: Any) -> str:
            return board_url(**filters, **extra) if filters is not None else ""

        cells = [Cell(s, label, line.count(s), url(trang_thai=s)) for s, label in COLUMNS]
        bar = charts.stacked_bar(
            [charts.Part(c.status, c.label, c.count, c.href) for c in cells],
            title=f"{line.label}: {line.total} nghĩa vụ",
        )
        tones = figures.tones(
            {
                "on_time_rate": line.rates.on_time_rate,
                "early_share": line.rates.early_share,
                "overdue": line.rates.overdue,
            }
        )
        return cls(line, url(), url(trang_thai="done"), cells, mark_safe(bar), tones)


@dataclass(frozen=True)
class ShortRow:
    """A row of a short list: the obligation's task (linked to its period on the task
    page), unit, due date in force, status."""

    href: str
    number: str
    text: str
    plan_number: str
    unit: str
    due: date | None
    extended: bool
    status: str


@dataclass(frozen=True)
class WorkFigures:
    plans: list[Plan]
    total: WorkRow
    by_plan: list[WorkRow]
    by_area: list[WorkRow]
    by_unit: list[WorkRow]  # ranked by on-time rate
    week: list[ShortRow]
    week_count: int
    week_href: str
    week_range: tuple[date, date]
    overdue: list[ShortRow]
    overdue_count: int
    overdue_href: str


def _short_rows(values: Iterable[dict[str, Any]]) -> list[ShortRow]:
    url = task_urls()
    return [
        ShortRow(
            href=f"{url(v['task_id'])}?nghia-vu={v['id']}#chi-tiet",
            number=v["task__number"] or "",
            text=shorten(v["task__text"], 110),
            plan_number=v["plan__number"] or "Kế hoạch",
            unit=v["unit__name"],
            due=v["current_due"],
            extended=v["extended"],
            status=v["status"],
        )
        for v in values
    ]


SHORT_COLUMNS = (
    "id",
    "task_id",
    "task__number",
    "task__text",
    "plan__number",
    "unit__name",
    "current_due",
    "extended",
    "status",
)


def work_figures(
    org: Any, plans: list[Plan], units: list[Unit], board_units: Collection[str], today: date
) -> WorkFigures:
    """The current plans' figures (``plans``: not empty). ``units``: the department's units in
    their order; ``board_units``: the codes the board's unit filter offers."""
    plan_ids = tuple(sorted(p.pk for p in plans))
    qs = selectors.board_obligations(org, selectors.BoardFilters(plan_ids=plan_ids))
    cube = breakdowns.cube(qs)
    total = cube.total()
    windows = selectors.DueWindows.around(today)
    week_qs = selectors.board_obligations(
        org, selectors.BoardFilters(plan_ids=plan_ids, due_within=windows.week)
    )
    overdue_qs = selectors.board_obligations(
        org, selectors.BoardFilters(plan_ids=plan_ids, status=ObligationStatus.OVERDUE)
    )
    order = ("current_due", "unit_order", "id")
    week = _short_rows(week_qs.order_by(*order).values(*SHORT_COLUMNS)[:LIST_LIMIT])
    overdue = _short_rows(overdue_qs.order_by(*order).values(*SHORT_COLUMNS)[:LIST_LIMIT])
    return WorkFigures(
        plans=plans,
        total=WorkRow.of(total, {}),
        by_plan=[WorkRow.of(line, {"ke_hoach": line.key}) for line in cube.by_plan(plans)],
        by_area=[WorkRow.of(line, {"linh_vuc": line.key}) for line in cube.by_area()],
        by_unit=[
            WorkRow.of(line, {"don_vi": line.key} if line.key in board_units else None)
            for line in breakdowns.ranked(cube.by_unit(units))
        ],
        week=week,
        week_count=week_qs.count(),
        week_href=board_url(han="tuan"),
        week_range=windows.week,
        overdue=overdue,
        overdue_count=total.rates.overdue,
        overdue_href=board_url(trang_thai=ObligationStatus.OVERDUE.value),
    )
