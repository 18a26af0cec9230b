"""The plan's appendix as an Excel workbook, with what was done and the statuses.

The Office sends this table upward (to Sở Nội vụ, to the leadership): the plan's own
columns (TT, Nhiệm vụ, Đơn vị chủ trì, Đơn vị phối hợp, Thời gian, Kết quả/sản phẩm), then
"Kết quả thực hiện" (the accepted reports' text and their documents) and "Trạng thái" (one
line per unit and period). Sections are merged title rows, as in the printed appendix.
"""

from __future__ import annotations

import io
import re
from datetime import date

from django.db.models import F, Prefetch
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from cchc.core.text import fold
from cchc.plans.models import Plan, Task, TaskUnit
from cchc.tracking.models import Obligation, Report

HEADERS = (
    ("TT", 6),
    ("Nhiệm vụ", 48),
    ("Đơn vị chủ trì", 22),
    ("Đơn vị phối hợp", 22),
    ("Thời gian", 18),
    ("Kết quả/sản phẩm", 28),
    ("Kết quả thực hiện", 48),
    ("Trạng thái", 40),
)
COLUMNS = len(HEADERS)
HEADER_ROW = 5
CELL_LIMIT = 32_000  # Excel refuses more than 32 767 characters in a cell

FONT = "Times New Roman"
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
SECTION_FILL = PatternFill("solid", fgColor="DDE4EE")
HEADER_FILL = PatternFill("solid", fgColor="EEF1F5")


def d(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def file_name(plan: Plan) -> str:
    """An ASCII name (the header of the download): ket-qua-thuc-hien-12-kh-sct.xlsx."""
    stem = re.sub(r"[^a-z0-9]+", "-", fold(plan.number or f"ke hoach {plan.pk}")).strip("-")
    return f"ket-qua-thuc-hien-{stem or plan.pk}.xlsx"


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
        queryset=Obligation.objects.filter(is_active=True)
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


def _results(task: Task) -> str:
    """Each accepted report: the unit and period, what was done, the documents' numbers."""
    several = len({o.unit_id for o in task.active_obligations}) > 1 or len(task.active_obligations) > 1
    parts = []
    for o in task.active_obligations:
        for r in o.accepted:
            head = f"{o.unit.name} – {o.period_label}: " if several else ""
            docs = "; ".join(f"{e.doc_number} ngày {d(e.doc_date)}" for e in r.evidence.all())
            text = head + r.narrative.strip()
            if docs:
                text += f"\n(Văn bản: {docs})"
            parts.append(text)
    return _cap("\n\n".join(parts))


def _statuses(task: Task) -> str:
    lines = []
    for o in task.active_obligations:
        due = f"hạn {d(o.due_date)}" if o.due_date else "chưa có hạn"
        if o.extended and o.current_due and o.current_due != o.due_date:
            due += f", gia hạn đến {d(o.current_due)}"
        done = f", xong {d(o.completed_on)}" if o.completed_on else ""
        lines.append(f"{o.unit.name} – {o.period_label}: {o.get_status_display()} ({due}{done})")
    return _cap("\n".join(lines))


def _cap(text: str) -> str:
    return text if len(text) <= CELL_LIMIT else text[: CELL_LIMIT - 1] + "…"


def plan_workbook(plan: Plan, *, today: date | None = None) -> Workbook:
    today = today or timezone.localdate()
    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    last = get_column_letter(COLUMNS)

    def title(row: int, text: str, *, bold: bool = True, size: int = 13, italic: bool = False) -> None:
        ws.merge_cells(f"A{row}:{last}{row}")
        cell = ws.cell(row=row, column=1, value=text)
        cell.font = Font(name=FONT, bold=bold, italic=italic, size=size)
        cell.alignment = CENTER

    title(1, "KẾT QUẢ THỰC HIỆN KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH")
    ref = f"Kế hoạch số {plan.number}" if plan.number else "Kế hoạch"
    if plan.issued_on:
        ref += f" ngày {d(plan.issued_on)}"
    if plan.issuer:
        ref += f" của {plan.issuer}"
    title(2, f"(Kèm theo {ref})", bold=False, italic=True, size=12)
    title(
        3,
        f"{plan.title} — thời gian thực hiện {d(plan.period_start)} – {d(plan.period_end)}; "
        f"số liệu tính đến ngày {d(today)}",
        bold=False,
        size=11,
    )
    ws.row_dimensions[3].height = 30

    for col, (name, width) in enumerate(HEADERS, start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=name)
        cell.font = Font(name=FONT, bold=True, size=11)
        cell.alignment = CENTER
        cell.border = BORDER
        cell.fill = HEADER_FILL
        ws.column_dimensions[get_column_letter(col)].width = width

    row = HEADER_ROW + 1
    section_key = None
    for task in _tasks(plan):
        key = (task.section, task.section_title)
        if key != section_key and (task.section or task.section_title):
            ws.merge_cells(f"A{row}:{last}{row}")
            label = " ".join(p for p in (task.section, task.section_title) if p)
            cell = ws.cell(row=row, column=1, value=label)
            cell.font = Font(name=FONT, bold=True, size=11)
            cell.fill = SECTION_FILL
            cell.alignment = Alignment(vertical="center")
            for col in range(1, COLUMNS + 1):
                ws.cell(row=row, column=col).border = BORDER
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
            cell = ws.cell(row=row, column=col, value=value)
            cell.font = Font(name=FONT, size=11, bold=task.is_group)
            cell.alignment = CENTER if col == 1 else WRAP
            cell.border = BORDER
        row += 1

    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return wb


def plan_workbook_bytes(plan: Plan, *, today: date | None = None) -> bytes:
    buffer = io.BytesIO()
    plan_workbook(plan, today=today).save(buffer)
    return buffer.getvalue()
