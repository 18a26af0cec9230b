"""parse_plan: bytes of a plan document -> ParsedPlan.

file -> Document (readers) -> row records (rows) -> task drafts (here): unit cells are
split and resolved against the department's directory, schedules read in the plan's
period, targets taken from the product column.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from datetime import date

from cchc.core.periods import Period
from cchc.core.planread.body import read_meta
from cchc.core.planread.document import Document, Paragraph, PlanReadError, Table
from cchc.core.planread.model import ParsedPlan, PlanMeta, SectionTarget, TableSummary, TaskDraft
from cchc.core.planread.readers import MAX_BYTES, read_document
from cchc.core.planread.readers.limits import DEFAULT_LIMITS, ReadLimits
from cchc.core.planread.rows import IndicatorRow, RowRecord, RowsResult, read_rows
from cchc.core.schedule import Schedule, parse_schedule
from cchc.core.targets import extract_targets
from cchc.core.text import clean_cell
from cchc.core.units import Resolution, UnitCell, UnitDirectory, split_unit_cell


def parse_plan(
    data: bytes,
    *,
    year: int | None = None,
    directory: UnitDirectory | None = None,
    max_bytes: int | None = None,
    limits: ReadLimits | None = None,
) -> ParsedPlan:
    """Read a plan document (docx, pdf, xlsx or extracted text) into task drafts.

    ``year`` is the plan's year when the document does not say it (it overrides a year
    the title states). ``directory`` resolves unit mentions; without one, only group
    mentions and well-known outside bodies are recognised and every other name is
    reported as unknown. ``limits`` bound what the document may hold (rows, cells, what a
    .docx/.xlsx expands to). Raises :class:`PlanReadError` with a Vietnamese message for
    unreadable input or a document without a task table; never returns a partial result.
    """
    doc = read_document(data, max_bytes=max_bytes or MAX_BYTES, limits=limits or DEFAULT_LIMITS)
    return parse_document(doc, year=year, directory=directory)


def parse_document(
    doc: Document, *, year: int | None = None, directory: UnitDirectory | None = None
) -> ParsedPlan:
    rows = read_rows(doc)
    if not rows.records:
        if doc.tables:
            raise PlanReadError(
                "no_task_table",
                "Không tìm thấy bảng nhiệm vụ: tài liệu có bảng nhưng không có dòng tiêu đề kiểu "
                "“TT | Nhiệm vụ | … | Đơn vị chủ trì | Thời gian”.",
            )
        raise PlanReadError(
            "no_table",
            "Không tìm thấy bảng nhiệm vụ (phụ lục) trong tài liệu: hãy kiểm tra tệp có phụ lục dạng bảng.",
        )
    meta, warnings, cycle = read_meta(_meta_lines(doc, rows.task_tables), year=year)
    if meta.period is None:
        chosen = year or _guess_year(rows.records)
        meta.period = Period.year(chosen) if chosen else None
        meta.period_source = "schedules" if meta.period else ""
    elif meta.period_source == "issue_year":
        # Nothing states the period: it covers the tasks' schedules, not only the year of issue.
        issued = meta.period
        meta.period = _schedules_span(rows.records, issued)
        meta.period_source = "schedules" if meta.period != issued else "issue_year"
    if meta.period is None:
        raise PlanReadError(
            "no_year",
            "Không xác định được năm của kế hoạch: hãy nhập lại và chọn năm (--year).",
        )
    if directory is None:
        # Without the department's directory only groups and outside bodies can be
        # recognised; the other names are left "unresolved" (not "unknown"), and one
        # warning says why instead of one per mention.
        warnings.append("Chưa đối chiếu tên đơn vị với danh mục đơn vị của Sở (chưa chọn Sở hoặc danh mục).")
    reporting_day = cycle.get("reporting_day")
    checked = directory is not None
    units = _UnitReader(directory if directory is not None else UnitDirectory([]), checked=checked)
    tasks = [_draft(rec, meta.period, units, reporting_day) for rec in rows.records]
    year = meta.period.end.year
    sections = [
        SectionTarget(
            s.section,
            s.title,
            s.texts,
            [t for x in s.texts for t in extract_targets(x, year=year)],
            table=s.table,
        )
        for s in rows.sections
    ]
    sections += [_indicator_target(r, year) for r in rows.indicators]
    warnings += rows.warnings
    for t in tasks:
        where = f"Mục {t.section or '?'} nhiệm vụ {t.number or '(không số)'}"
        warnings += [f"{where}: {w}" for w in t.warnings]
    meta.reporting_day = reporting_day
    meta.weekly_report_weekday = cycle.get("weekly_weekday")
    return ParsedPlan(
        plan=meta,
        tasks=tasks,
        sections=sections,
        warnings=warnings,
        format=doc.format,
        tables=_tables(rows),
    )


def _tables(rows: RowsResult) -> list[TableSummary]:
    return [
        TableSummary(
            t.index, t.heading, t.kind, t.rows, dict(sorted(t.layout.roles.items(), key=lambda x: x[1]))
        )
        for t in rows.tables
    ]


def _indicator_target(row: IndicatorRow, year: int) -> SectionTarget:
    """An indicator table's row as a plan-level target: "Tỉ lệ … | % | 100%" reads as the
    promise "Tỉ lệ … đạt 100%"."""
    value = row.value
    if row.unit == "%" and value and "%" not in value and re.fullmatch(r"[\d.,]+", value):
        value += "%"
    targets = extract_targets(f"{row.indicator} đạt {value}", year=year) if value else []
    return SectionTarget(
        section=row.section or "",
        title=row.indicator,
        texts=[x for x in (row.value, row.unit, row.body) if x],
        targets=targets[:1],
        source="indicator_table",
        table=row.table,
        number=row.number,
        indicator=row.indicator,
        value=row.value,
        unit=row.unit,
        body=row.body,
    )


def _meta_lines(doc: Document, task_tables: set[int] = frozenset()) -> list[str]:  # type: ignore[assignment]
    """The paragraphs, and the cells of tables that hold no tasks: a web copy writes the
    letterhead ("Số: 179/KH-UBND", "…, ngày 18 tháng 11 năm 2025") as a table."""
    lines: list[str] = []
    position = 0
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            lines.extend(x for x in block.text.split("\n") if x.strip())
        elif isinstance(block, Table):
            if position not in task_tables:
                for row in block.rows:
                    for cell in row:
                        lines.extend(x for x in cell.text.split("\n") if x.strip())
            position += 1
    return lines


# Dates past this many years after the year of issue are typos, not the plan's end.
_SPAN_YEARS = 10


def _schedules_span(records: Iterable[RowRecord], issued: Period) -> Period:
    """The whole years the tasks' schedules run over, from the year of issue (``issued``) on.

    Schedules are read once in ``issued`` to find their dates and ranges; dates before the
    year of issue stay outside (a typo or an old deadline is flagged, not absorbed), and so do
    dates more than ``_SPAN_YEARS`` after it.
    """
    first, last = issued.start.year, issued.end.year
    years: set[int] = set()
    for rec in records:
        if rec.is_group or not rec.text("schedule"):
            continue
        sched = parse_schedule(rec.text("schedule"), issued)
        for d in [*sched.due, *([sched.start] if sched.start else [])]:
            if first <= d.year <= first + _SPAN_YEARS:
                years.add(d.year)
    if not years:
        return issued
    start = date(min(years), 1, 1) if min(years) > first else issued.start
    return Period(start, date(max(years | {last}), 12, 31))


def _guess_year(records: Iterable[RowRecord]) -> int | None:
    from collections import Counter

    years = Counter(
        int(y)
        for r in records
        for y in re.findall(r"\b(20\d{2})\b", r.text("schedule") + " " + r.text("task"))
    )
    return years.most_common(1)[0][0] if years else None


class _UnitReader:
    """Unit cells and mentions repeat from row to row ("Các phòng, đơn vị thuộc và trực
    thuộc Sở" in most rows), so each distinct cell is split and each mention resolved once."""

    def __init__(self, directory: UnitDirectory, *, checked: bool = True) -> None:
        self.directory = directory
        self.checked = checked
        self._cells: dict[tuple[str, str], UnitCell] = {}
        self._refs: dict[str, Resolution] = {}

    def cell(self, text: str, role: str) -> UnitCell | None:
        if not text:
            return None
        key = (text, role)
        if key not in self._cells:
            self._cells[key] = split_unit_cell(text, role=role, directory=self.directory)
        return self._cells[key]

    def ref(self, mention: str) -> Resolution:
        if mention not in self._refs:
            r = self.directory.resolve(mention)
            status = r.status if self.checked or r.status in ("group", "external") else "unresolved"
            self._refs[mention] = Resolution(mention, status, list(r.codes), r.matched, r.score, r.via)
        return dataclasses.replace(self._refs[mention], codes=list(self._refs[mention].codes))


def _draft(rec: RowRecord, period: Period, units: _UnitReader, reporting_day: int | None) -> TaskDraft:
    warnings = list(rec.warnings)
    lead_cell = units.cell(rec.text("lead"), "lead")
    coord_cell = units.cell(rec.text("coord"), "coordinating")
    assign_cell = units.cell(rec.text("assign"), "lead")
    lead: list[str] = []
    coord: list[str] = []
    methods: list[str] = []
    for cell in (lead_cell, assign_cell, coord_cell):
        if cell is None:
            continue
        lead += [u for u in cell.lead if u not in lead]
        coord += [u for u in cell.coordinating if u not in coord]
        if cell.method:
            methods.append(cell.method)

    schedule = _schedule(rec, period, reporting_day, warnings)
    product = rec.text("product")
    year = period.end.year
    targets = extract_targets(product, year=year) if product else []
    if not targets and rec.has("objective"):
        targets = extract_targets(rec.text("objective"), year=year)
    is_group = rec.is_group
    lead_refs = [units.ref(u) for u in lead]
    coord_refs = [units.ref(u) for u in coord]
    for ref in lead_refs + coord_refs:
        if ref.status in ("unknown", "ambiguous"):
            label = "không xác định" if ref.status == "unknown" else "chưa rõ là đơn vị nào"
            warnings.append(f"Đơn vị “{ref.text}” {label}: hãy chọn đơn vị tương ứng.")
    if not is_group and not lead and rec.has("task") and rec.number_kind != "none":
        warnings.append("Chưa có đơn vị chủ trì.")
    if is_group:
        schedule = None
    return TaskDraft(
        section=rec.section,
        section_title=rec.section_title,
        area=rec.area,
        number=rec.number,
        parent=rec.parent,
        is_group=is_group,
        task=rec.text("task"),
        lead_units=lead,
        coordinating_units=coord,
        method="; ".join(methods),
        schedule=schedule,
        product=product,
        note=rec.text("note"),
        budget=rec.text("budget"),
        objective=rec.text("objective"),
        activity=rec.text("activity"),
        targets=targets,
        source_rows=(min(rec.origins), max(rec.origins)),
        rowspan_inferred=rec.rowspan_inferred,
        lead_refs=lead_refs,
        coordinating_refs=coord_refs,
        warnings=warnings,
        table=rec.table,
        extra={**rec.place, **rec.extras()},
    )


def _schedule(
    rec: RowRecord, period: Period, reporting_day: int | None, warnings: list[str]
) -> Schedule | None:
    text = rec.text("schedule")
    sched = parse_schedule(text, period, reporting_day=reporting_day)
    if not text and rec.has("note"):
        # Some appendices leave "Thời gian" empty and write the deadline under "Ghi chú".
        from_note = parse_schedule(rec.text("note"), period, reporting_day=reporting_day)
        if from_note.kind not in ("unparsed", "external"):
            from_note.text = ""
            from_note.source = "note"
            from_note.warnings.insert(0, f"Thời hạn lấy từ cột Ghi chú: “{clean_cell(rec.text('note'))}”.")
            sched = from_note
    if rec.is_group:
        return sched
    warnings.extend(sched.warnings)
    return sched


__all__ = ["PlanMeta", "parse_document", "parse_plan"]
