"""The plan's appendix as an Excel workbook, with what was done and the statuses.

The Office sends this table upward (to Sở Nội vụ, to the leadership). Two sheets:

- "Phụ lục": the plan's own columns (TT, Nhiệm vụ, Đơn vị chủ trì, Đơn vị phối hợp, Thời
  gian, Kết quả/sản phẩm), then "Kết quả thực hiện" (each lead unit's latest accepted
  result with its documents) and "Trạng thái" (one period: its status and dates; several:
  a summary such as "12 kỳ: 9 hoàn thành (7 sớm hạn/đúng hạn, 2 trễ hạn), 1 quá hạn, 2 chưa
  đến hạn", per unit when there are several). Sections are merged title rows, as in the
  printed appendix. A recurring task stays one readable row (a monthly task of a dozen
  units once made one cell of 27,000 characters on 300 lines).
- "Chi tiết theo kỳ": one row per obligation (task, unit, period, due date, extended due
  date, status, completion date, the accepted report's text and its documents), with a
  filter on the header, for whoever needs the period-by-period record.

Dates are Excel dates shown dd/mm/yyyy; every text the users typed is written as text (a
narrative beginning with "=" never becomes a formula); both sheets print on A4 landscape,
one page wide, the header row repeated and frozen, the plan's number and title on top.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any, cast

from django.db.models import F, Prefetch
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cchc.core.formats import date_text
from cchc.core.sheets import clean_text, write_cell
from cchc.core.status import DONE, Status
from cchc.core.text import fold
from cchc.plans.models import Plan, Task, TaskUnit
from cchc.tracking.models import OF_THE_PLAN, Obligation, ObligationStatus, Report

HEADERS = (
    ("TT", 6),
    ("Nhiệm vụ", 48),
    ("Đơn vị chủ trì", 22),
    ("Đơn vị phối hợp", 22),
    ("Thời gian", 18),
    ("Kết quả/sản phẩm", 28),
    ("Kết quả thực hiện", 50),
    ("Trạng thái", 40),
)
DETAIL_SHEET = "Chi tiết theo kỳ"
DETAIL_HEADERS = (
    ("TT", 6),
    ("Nhiệm vụ", 36),
    ("Đơn vị", 22),
    ("Kỳ", 16),
    ("Hạn", 11),
    ("Gia hạn đến", 11),
    ("Trạng thái", 15),
    ("Ngày hoàn thành", 11),
    ("Kết quả thực hiện", 48),
    ("Tài liệu kiểm chứng (số, ngày, trích yếu)", 42),
)
DETAIL_DATE_COLUMNS = (5, 6, 8)
COLUMNS = len(HEADERS)
HEADER_ROW = 5

# Lengths that keep a row readable and printable (Excel itself refuses 32,767 characters).
NARRATIVE_CHARS = 600  # a result's text in the appendix (in full, up to DETAIL_CHARS, per period)
DETAIL_CHARS = 2_000
TASK_CHARS = 200  # the task's text repeated on each period's row
DOCUMENTS_SHOWN = 5
UNITS_SHOWN = 8
CELL_CHARS = 4_000
SEE_DETAIL = f"… (xem sheet “{DETAIL_SHEET}”)"

FONT = "Times New Roman"
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
TOP_CENTER = Alignment(wrap_text=True, vertical="top", horizontal="center")
SECTION_ALIGN = Alignment(wrap_text=True, vertical="center")
SECTION_FILL = PatternFill("solid", fgColor="DDE4EE")
HEADER_FILL = PatternFill("solid", fgColor="EEF1F5")
DATE_FORMAT = "DD/MM/YYYY"


def d(value: date | None) -> str:
    return date_text(value)


def file_name(plan: Plan) -> str:
    """An ASCII name (the header of the download): ket-qua-thuc-hien-12-kh-sct.xlsx."""
    stem = re.sub(r"[^a-z0-9]+", "-", fold(plan.number or f"ke hoach {plan.pk}")).strip("-")
    return f"ket-qua-thuc-hien-{stem or plan.pk}.xlsx"


def shorten(text: str, limit: int, tail: str = "…") -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - len(tail)].rstrip() + tail


# --- the words of a summary ----------------------------------------------------------------------


def _label(status: str) -> str:
    try:
        return Status(status).label
    except ValueError:  # a status this module does not know yet: its own display word
        return str(dict(ObligationStatus.choices).get(status, status)).lower()


def status_summary(statuses: Iterable[str]) -> str:
    """The periods of a task (or of one unit) in one line:
    "12 kỳ: 9 hoàn thành (7 sớm hạn/đúng hạn, 2 trễ hạn), 1 quá hạn, 2 chưa đến hạn".
    Only the counts that are not zero are written; "" for no period."""
    counts = Counter(statuses)
    total = sum(counts.values())
    if not total:
        return ""
    parts = []
    done = sum(counts[s] for s in DONE)
    if done:
        timely, late = counts[Status.DONE_EARLY] + counts[Status.DONE_ON_TIME], counts[Status.DONE_LATE]
        timely_word = f"{Status.DONE_EARLY.short}/{Status.DONE_ON_TIME.short}"
        inner = [f"{n} {word}" for n, word in ((timely, timely_word), (late, Status.DONE_LATE.short)) if n]
        parts.append(f"{done} hoàn thành ({', '.join(inner)})")
    for status in (Status.OVERDUE, Status.EXTENDED, Status.IN_PROGRESS, Status.NOT_DUE, Status.NOT_TRACKED):
        if counts[status]:
            parts.append(f"{counts[status]} {status.label}")
    known = set(Status)
    parts += [f"{n} {_label(s)}" for s, n in counts.items() if s not in known and n]
    return f"{total} kỳ: " + ", ".join(parts)


def _one_status(o: Obligation) -> str:
    due = f"hạn {d(o.due_date)}" if o.due_date else "chưa có hạn"
    if o.extended and o.current_due and o.current_due != o.due_date:
        due += f", gia hạn đến {d(o.current_due)}"
    done = f", xong {d(o.completed_on)}" if o.completed_on else ""
    return f"{o.unit.name} – {o.period_label}: {o.get_status_display()} ({due}{done})"


# The lists ``_tasks`` prefetches (``Prefetch(to_attr=...)``): read through these two so that the
# attributes the stubs cannot see are named in one place.
def _active(task: Task) -> list[Obligation]:
    return task.active_obligations  # type: ignore[attr-defined]  # set by _tasks


def _accepted(o: Obligation) -> list[Report]:
    return o.accepted  # type: ignore[attr-defined]  # set by _tasks


def _by_unit(task: Task) -> dict[int, list[Obligation]]:
    out: dict[int, list[Obligation]] = {}
    for o in _active(task):
        out.setdefault(o.unit_id, []).append(o)
    return out


def _statuses(task: Task) -> str:
    obligations = _active(task)
    if len(obligations) == 1:
        return _one_status(obligations[0])
    groups = _by_unit(task)
    if len(groups) <= 1:
        return status_summary(o.status for o in obligations)
    lines = [f"{len(groups)} đơn vị, " + status_summary(o.status for o in obligations)]
    for rows in list(groups.values())[:UNITS_SHOWN]:
        lines.append(f"– {rows[0].unit.name}: " + status_summary(o.status for o in rows))
    if len(groups) > UNITS_SHOWN:
        lines.append(f"– và {len(groups) - UNITS_SHOWN} đơn vị khác (xem sheet “{DETAIL_SHEET}”)")
    return _cap("\n".join(lines))


def documents(report: Report, *, limit: int | None = None) -> list[str]:
    """The report's documents as "số, ngày, trích yếu", one per line."""
    docs = list(report.evidence.all())
    shown = docs if limit is None else docs[:limit]
    lines = [f"{e.doc_number}, ngày {d(e.doc_date)}, {' '.join(e.summary.split())}" for e in shown]
    if len(docs) > len(shown):
        lines.append(f"và {len(docs) - len(shown)} văn bản khác")
    return lines


def _latest_accepted(rows: list[Obligation]) -> tuple[Obligation, Report] | None:
    """The unit's latest period with an accepted report (rows are in due-date order)."""
    for o in reversed(rows):
        if _accepted(o):
            return o, _accepted(o)[-1]
    return None


def _results(task: Task) -> str:
    """Each lead unit's latest accepted result with its documents (the first units when
    there are many); every period's own result is on the detail sheet."""
    obligations = _active(task)
    groups = _by_unit(task)
    several = len(obligations) > 1
    blocks = []
    for rows in groups.values():
        found = _latest_accepted(rows)
        if found is None:
            continue
        o, report = found
        head = ""
        if len(groups) > 1:
            head = f"{o.unit.name} – {o.period_label}: "
        elif several:
            head = f"Kết quả mới nhất ({o.period_label}): "
        text = head + shorten(report.narrative, NARRATIVE_CHARS, SEE_DETAIL if several else "…")
        docs = documents(report, limit=DOCUMENTS_SHOWN)
        if docs:
            text += "\nVăn bản: " + "; ".join(docs)
        blocks.append(text)
    if len(blocks) > UNITS_SHOWN:
        blocks = [*blocks[:UNITS_SHOWN], f"và {len(blocks) - UNITS_SHOWN} đơn vị khác{SEE_DETAIL[1:]}"]
    return _cap("\n\n".join(blocks))


def _cap(text: str) -> str:
    return shorten(text, CELL_CHARS, SEE_DETAIL)


# --- cells ---------------------------------------------------------------------------------------


def put(ws: Worksheet, row: int, col: int, value: Any, *, bold: bool = False, align: Alignment = WRAP) -> Any:
    """Write a cell: a date as an Excel date (dd/mm/yyyy), any text as text (never a formula,
    control characters removed), with the table's font, border and wrap."""
    if isinstance(value, str):
        value = clean_text(value) or None
    cell = write_cell(ws, row, col, value)
    if isinstance(value, date):
        cell.number_format = DATE_FORMAT
    cell.font = Font(name=FONT, size=11, bold=bold)
    cell.alignment = align
    cell.border = BORDER
    return cell


def _title(ws: Worksheet, row: int, columns: int, text: str, *, bold=True, size=13, italic=False) -> None:
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    cell = write_cell(ws, row, 1, text)
    cell.font = Font(name=FONT, bold=bold, italic=italic, size=size)
    cell.alignment = CENTER


def _plan_ref(plan: Plan) -> str:
    ref = f"Kế hoạch số {plan.number}" if plan.number else "Kế hoạch"
    if plan.issued_on:
        ref += f" ngày {d(plan.issued_on)}"
    if plan.issuer:
        ref += f" của {plan.issuer}"
    return ref


def _header(ws: Worksheet, headers: tuple[tuple[str, int], ...]) -> None:
    for col, (name, width) in enumerate(headers, start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=name)
        cell.font = Font(name=FONT, bold=True, size=11)
        cell.alignment = CENTER
        cell.border = BORDER
        cell.fill = HEADER_FILL
        ws.column_dimensions[get_column_letter(col)].width = width


def _print_setup(ws: Worksheet) -> None:
    """A4 landscape, one page wide, the header row on every page and frozen on screen."""
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1).coordinate
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if (setup := ws.sheet_properties.pageSetUpPr) is not None:  # openpyxl always makes one
        setup.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.print_options.horizontalCentered = True


# --- the workbook --------------------------------------------------------------------------------


def _tasks(plan: Plan) -> list[Task]:
    """The plan's tasks with their units, active obligations and accepted reports: a fixed
    number of queries whatever the size of the plan."""
    accepted = Prefetch(
        "reports",
        queryset=Report.objects.filter(state=Report.State.ACCEPTED)
        .prefetch_related("evidence")
        .order_by("reviewed_at", "id"),
        to_attr="accepted",
    )
    obligations = Prefetch(
        "obligations",
        queryset=Obligation.objects.filter(OF_THE_PLAN)
        .select_related("unit")
        .prefetch_related(accepted)
        .order_by("unit__order", F("due_date").asc(nulls_last=True), "id"),
        to_attr="active_obligations",
    )
    units = Prefetch("task_units", queryset=TaskUnit.objects.select_related("unit").order_by("unit__order"))
    return list(plan.tasks.order_by("order").prefetch_related(units, obligations))


def _units(task: Task, role: str) -> str:
    names = [tu.unit.name for tu in task.task_units.all() if tu.role == role]
    outside = [
        u.get("text", "")
        for u in task.unresolved_units or []
        if (u.get("role") == "lead") == (role == "lead")
    ]
    return "\n".join(dict.fromkeys([*names, *(o for o in outside if o)]))


def _appendix(ws: Worksheet, plan: Plan, tasks: list[Task], today: date) -> None:
    _title(ws, 1, COLUMNS, "KẾT QUẢ THỰC HIỆN KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH")
    _title(ws, 2, COLUMNS, f"(Kèm theo {_plan_ref(plan)})", bold=False, italic=True, size=12)
    _title(
        ws,
        3,
        COLUMNS,
        f"{plan.title} — thời gian thực hiện {d(plan.period_start)} – {d(plan.period_end)}; "
        f"số liệu tính đến ngày {d(today)}",
        bold=False,
        size=11,
    )
    ws.row_dimensions[3].height = 30
    _header(ws, HEADERS)
    row = HEADER_ROW + 1
    section_key = None
    for task in tasks:
        key = (task.section, task.section_title)
        if key != section_key and (task.section or task.section_title):
            label = " ".join(p for p in (task.section, task.section_title) if p)
            for col in range(1, COLUMNS + 1):
                put(ws, row, col, label if col == 1 else None, bold=True, align=SECTION_ALIGN)
                ws.cell(row=row, column=col).fill = SECTION_FILL
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=COLUMNS)
            row += 1
        section_key = key
        values = (
            task.number or "",
            task.text,
            _units(task, TaskUnit.Role.LEAD),
            _units(task, TaskUnit.Role.COORDINATING),
            task.schedule_text,
            task.product,
            "" if task.is_group else _results(task),
            "" if task.is_group else _statuses(task),
        )
        for col, value in enumerate(values, start=1):
            put(ws, row, col, value, bold=task.is_group, align=TOP_CENTER if col == 1 else WRAP)
        row += 1
    _print_setup(ws)


def _details(ws: Worksheet, plan: Plan, tasks: list[Task], today: date) -> None:
    columns = len(DETAIL_HEADERS)
    _title(ws, 1, columns, "CHI TIẾT THỰC HIỆN THEO KỲ")
    _title(ws, 2, columns, f"{_plan_ref(plan)}: {plan.title}", bold=False, italic=True, size=12)
    _title(ws, 3, columns, f"Số liệu tính đến ngày {d(today)}", bold=False, size=11)
    ws.row_dimensions[2].height = 30
    _header(ws, DETAIL_HEADERS)
    row = HEADER_ROW + 1
    for task in tasks:
        if task.is_group:
            continue
        text = shorten(" ".join(task.text.split()), TASK_CHARS)
        for o in _active(task):
            report = _accepted(o)[-1] if _accepted(o) else None
            extended = o.current_due if o.extended and o.current_due != o.due_date else None
            values = (
                task.number or "",
                text,
                o.unit.name,
                o.period_label,
                o.due_date,
                extended,
                o.get_status_display(),
                o.completed_on,
                shorten(report.narrative, DETAIL_CHARS) if report else "",
                "\n".join(documents(report)) if report else "",
            )
            for col, value in enumerate(values, start=1):
                put(ws, row, col, value, align=TOP_CENTER if col in (1, *DETAIL_DATE_COLUMNS) else WRAP)
            row += 1
    if row > HEADER_ROW + 1:
        ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(columns)}{row - 1}"
    _print_setup(ws)


def plan_workbook(plan: Plan, *, today: date | None = None) -> Workbook:
    today = today or timezone.localdate()
    tasks = _tasks(plan)
    wb = Workbook()
    appendix = cast(Worksheet, wb.active)  # a new workbook's one sheet
    appendix.title = "Phụ lục"
    _appendix(appendix, plan, tasks, today)
    _details(wb.create_sheet(DETAIL_SHEET), plan, tasks, today)
    return wb


def plan_workbook_bytes(plan: Plan, *, today: date | None = None) -> bytes:
    buffer = io.BytesIO()
    plan_workbook(plan, today=today).save(buffer)
    return buffer.getvalue()
