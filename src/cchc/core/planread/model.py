"""What the plan reader returns: the plan's metadata and one draft per table row.

``to_dict()`` gives exactly the JSON of ``cchc plan parse --json`` (see README).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cchc.core.periods import Period
from cchc.core.schedule import Schedule
from cchc.core.targets import TargetDraft
from cchc.core.units import Resolution

# A unit mention as written and what it resolved to in the directory.
UnitRef = Resolution


@dataclass(slots=True)
class PlanMeta:
    number: str = ""
    issued_on: date | None = None
    issuer: str = ""
    title: str = ""
    period: Period | None = None
    # Where the period was read: "title", "text" (the opening sentence), "appendix", "year" (given
    # by the user), "issue_year" (nothing stated), "schedules" (nothing stated: the tasks' span).
    period_source: str = ""
    reporting_rules: list[str] = field(default_factory=list)
    # The cycle the rules state: "ngày 25 hàng tháng" -> 25; "thứ sáu hàng tuần" -> 4 (Friday).
    reporting_day: int | None = None
    weekly_report_weekday: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "issuer": self.issuer,
            "title": self.title,
            "period": self.period.to_dict() if self.period else None,
            "period_source": self.period_source,
            "reporting_rules": list(self.reporting_rules),
            "reporting_day": self.reporting_day,
            "weekly_report_weekday": self.weekly_report_weekday,
        }


@dataclass(slots=True)
class TaskDraft:
    section: str | None
    section_title: str
    area: str
    number: str | None
    parent: str | None
    is_group: bool
    task: str
    lead_units: list[str] = field(default_factory=list)
    coordinating_units: list[str] = field(default_factory=list)
    method: str = ""
    schedule: Schedule | None = None
    product: str = ""
    note: str = ""
    budget: str = ""
    objective: str = ""
    activity: str = ""
    targets: list[TargetDraft] = field(default_factory=list)
    source_rows: tuple[int, int] = (0, 0)
    rowspan_inferred: bool = False
    lead_refs: list[Resolution] = field(default_factory=list)
    coordinating_refs: list[Resolution] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Which table of the document the row came from (``ParsedPlan.tables``).
    table: int | None = None
    # Columns that are neither lead nor product ("Người đứng đầu chịu trách nhiệm" ->
    # responsible_head, "Thuộc nhóm nhiệm vụ" -> task_group, "Nội dung chính" -> content,
    # "Tình trạng" -> status, an unnamed column under its header text), and where the row
    # sits above its section (part, part_title, subsection).
    extra: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "section_title": self.section_title,
            "area": self.area,
            "number": self.number,
            "parent": self.parent,
            "is_group": self.is_group,
            "task": self.task,
            "lead_units": list(self.lead_units),
            "coordinating_units": list(self.coordinating_units),
            "method": self.method,
            "schedule": self.schedule.to_dict() if self.schedule else None,
            "product": self.product,
            "note": self.note,
            "budget": self.budget,
            "objective": self.objective,
            "activity": self.activity,
            "targets": [t.to_dict() for t in self.targets],
            "source_rows": list(self.source_rows),
            "rowspan_inferred": self.rowspan_inferred,
            "units_resolved": {
                "lead": [u.to_dict() for u in self.lead_refs],
                "coordinating": [u.to_dict() for u in self.coordinating_refs],
            },
            "warnings": list(self.warnings),
            "table": self.table,
            "extra": dict(self.extra),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TaskDraft:
        """A row stored as ``to_dict()`` gave it (``PlanImport.parsed["tasks"]``, the CLI's JSON):
        ``from_dict(r).to_dict() == r`` for every row the reader writes. Read leniently, as
        ``Schedule.from_dict``: a missing key takes its default (a draft of an older version)."""
        resolved = data.get("units_resolved") or {}
        schedule = data.get("schedule")
        return cls(
            section=data.get("section"),
            section_title=data.get("section_title") or "",
            area=data.get("area") or "",
            number=data.get("number"),
            parent=data.get("parent"),
            is_group=bool(data.get("is_group")),
            task=data.get("task") or "",
            lead_units=list(data.get("lead_units") or []),
            coordinating_units=list(data.get("coordinating_units") or []),
            method=data.get("method") or "",
            schedule=Schedule.from_dict(schedule) if schedule else None,
            product=data.get("product") or "",
            note=data.get("note") or "",
            budget=data.get("budget") or "",
            objective=data.get("objective") or "",
            activity=data.get("activity") or "",
            targets=[TargetDraft.from_dict(t) for t in data.get("targets") or []],
            source_rows=_rows(data.get("source_rows")),
            rowspan_inferred=bool(data.get("rowspan_inferred")),
            lead_refs=[Resolution.from_dict(r) for r in resolved.get("lead") or []],
            coordinating_refs=[Resolution.from_dict(r) for r in resolved.get("coordinating") or []],
            warnings=list(data.get("warnings") or []),
            table=data.get("table"),
            extra=dict(data.get("extra") or {}),
        )


def _rows(value: Any) -> tuple[int, int]:
    """The (first, last) rows of the table a draft row came from; (0, 0) when not stored."""
    first, last = [*(value or ()), 0, 0][:2]
    return first, last


@dataclass(slots=True)
class SectionTarget:
    """A plan-level target: a section row that carries a target / last year's result in
    other columns (SIPAS, ``source="section_row"``), or a row of an indicator table ("TT |
    Chỉ tiêu | Đơn vị | Kết quả | Cơ quan theo dõi", ``source="indicator_table"``) with its
    indicator, value, unit and the body that follows it."""

    section: str
    title: str
    texts: list[str]
    targets: list[TargetDraft] = field(default_factory=list)
    source: str = "section_row"
    table: int | None = None
    number: str | None = None
    indicator: str = ""
    value: str = ""
    unit: str = ""
    body: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "section": self.section,
            "title": self.title,
            "texts": list(self.texts),
            "targets": [t.to_dict() for t in self.targets],
            "source": self.source,
            "table": self.table,
        }
        if self.source == "indicator_table":
            out.update(
                number=self.number, indicator=self.indicator, value=self.value, unit=self.unit, body=self.body
            )
        return out


@dataclass(slots=True)
class TableSummary:
    """One table of the document as the preview shows it: its heading, whether it holds
    tasks or indicators, and how many rows were read from it."""

    index: int
    heading: str
    kind: str  # "task" | "indicator"
    rows: int
    columns: dict[str, int] = field(default_factory=dict)  # role -> column index

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "heading": self.heading,
            "kind": self.kind,
            "rows": self.rows,
            "columns": dict(self.columns),
        }


@dataclass(slots=True)
class ParsedPlan:
    plan: PlanMeta
    tasks: list[TaskDraft]
    sections: list[SectionTarget] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    format: str = "text"
    tables: list[TableSummary] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan.to_dict(),
            "format": self.format,
            "tasks": [t.to_dict() for t in self.tasks],
            "sections": [s.to_dict() for s in self.sections],
            "warnings": list(self.warnings),
            "tables": [t.to_dict() for t in self.tables],
        }
