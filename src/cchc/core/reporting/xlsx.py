"""The statistical appendix of a report as a workbook (openpyxl): ``render_xlsx(doc) -> bytes``.

One sheet per table of the report, in document order, named from the table's title
(``sheet_names``: at most 31 characters, none of ``[]:*?/\\``, unique). Each sheet:

- row 1 the issuing body (bold), row 2 the report's summary, row 3 the table's title (both
  bold, centred over the table), row 4 "(Kèm theo Báo cáo số … ngày …)" in italics;
- row 5 the column titles (bold, borders, wrapped), the rows from row 6, then the total row
  whose cells are **formulas**: ``=SUM(C6:C15)`` for a summed column and, for a
  :class:`~cchc.core.reporting.document.Ratio`, ``=IF(F16=0,"",(C16+D16)/F16)``; the note
  under the table;
- Times New Roman 12 pt; ints ``#,##0``, numbers ``#,##0.00``, shares ``0.0%``, dates
  ``dd/mm/yyyy``; text written as text (``cchc.core.sheets.write_cell``: a cell typed "=…"
  stays those characters);
- printed A4 landscape, one page wide, the column titles repeated on every page.
"""

from __future__ import annotations

import io
import math
import re
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from cchc.core.formats import date_text
from cchc.core.reporting.cells import clean
from cchc.core.reporting.document import Cell, Column, Ratio, ReportDocument, Table
from cchc.core.sheets import write_cell

__all__ = ["FIRST_ROW", "HEADER_ROW", "NUMBER_FORMATS", "render_xlsx", "sheet_names"]

HEADER_ROW = 5
FIRST_ROW = HEADER_ROW + 1
NUMBER_FORMATS = {"int": "#,##0", "number": "#,##0.00", "percent": "0.0%", "date": "dd/mm/yyyy"}
FONT_NAME = "Times New Roman"
FONT_PT = 12
CHARS_PER_WIDTH = 14.0  # a column of width 1.0 is 14 characters wide
MAX_CHARS = 160.0  # all columns together, at most
SHEET_NAME_MAX = 31
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

_side = Side(style="thin", color="000000")
BORDER = Border(left=_side, right=_side, top=_side, bottom=_side)
PLAIN, BOLD = Font(name=FONT_NAME, size=FONT_PT), Font(name=FONT_NAME, size=FONT_PT, bold=True)
ITALIC = Font(name=FONT_NAME, size=FONT_PT, italic=True)
TITLE = Font(name=FONT_NAME, size=FONT_PT + 1, bold=True)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


def _shorten(name: str, limit: int) -> str:
    if len(name) <= limit:
        return name
    cut = name[:limit]
    space = cut.rfind(" ")
    if space >= limit // 3 and not name[limit].isspace():
        cut = cut[:space]
    return cut.rstrip(" .,;-")


def sheet_names(titles: list[str]) -> list[str]:
    """A sheet name per title: Excel's forbidden characters replaced, at most 31 characters
    (cut at a word), no two alike ignoring case (" (2)", " (3)" … added); "Bảng N" for an
    empty title."""
    names: list[str] = []
    taken: set[str] = set()
    for i, title in enumerate(titles, start=1):
        base = " ".join(_FORBIDDEN.sub(" ", clean(title)).split()).strip("' ")
        base = _shorten(base, SHEET_NAME_MAX) or f"Bảng {i}"
        if base.casefold() == "history":  # reserved by Excel
            base = f"{base} 1"
        name, n = base, 1
        while name.casefold() in taken:
            n += 1
            suffix = f" ({n})"
            name = _shorten(base, SHEET_NAME_MAX - len(suffix)) + suffix
        taken.add(name.casefold())
        names.append(name)
    return names


def _attached(doc: ReportDocument) -> str:
    """ "(Kèm theo Báo cáo số      /BC-SCT ngày 20/09/2026)"."""
    number = re.sub(r"^\s*Số\s*:?", "", clean(doc.letterhead.number)).rstrip()
    dated = (
        date_text(doc.letterhead.dated) if doc.letterhead.dated else f"      /      /{doc.letterhead.year}"
    )
    kind = clean(doc.title).strip().capitalize() or "Báo cáo"
    return f"(Kèm theo {kind} số{number} ngày {dated})"


def _value(value: Cell) -> Cell:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Decimal) and not value.is_finite():
        return None
    return value


def _put(ws: Worksheet, row: int, col: int, column: Column, value: Cell, *, font: Font = PLAIN) -> None:
    cell = write_cell(ws, row, col, _value(value))
    cell.font = font
    cell.border = BORDER
    if isinstance(value, str) or value is None or column.kind == "text":
        cell.alignment = LEFT if column.kind == "text" else CENTRE
    else:
        cell.alignment = CENTRE
        cell.number_format = (
            NUMBER_FORMATS["date"] if isinstance(value, date) else NUMBER_FORMATS.get(column.kind, "General")
        )


def _heading(ws: Worksheet, row: int, text: str, width: int, font: Font, *, merge: bool = True) -> None:
    cell = write_cell(ws, row, 1, text)
    cell.font = font
    if merge and width > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _total_formula(table: Table, c: int, total_row: int) -> str | int | None:
    column = table.columns[c]
    letter = get_column_letter(c + 1)
    if column.total == "sum":
        if not table.rows:
            return 0
        return f"=SUM({letter}{FIRST_ROW}:{letter}{total_row - 1})"
    if isinstance(column.total, Ratio):

        def terms(indexes: tuple[int, ...]) -> str:
            cells = [f"{get_column_letter(i + 1)}{total_row}" for i in indexes]
            return cells[0] if len(cells) == 1 else "(" + "+".join(cells) + ")"

        den = terms(column.total.denominator)
        return f'=IF({den}=0,"",{terms(column.total.numerator)}/{den})'
    return None


def _table_sheet(ws: Worksheet, doc: ReportDocument, table: Table) -> None:
    width = len(table.columns)
    _heading(ws, 1, clean(doc.letterhead.issuing_body), width, BOLD, merge=False)
    _heading(ws, 2, clean(doc.summary), width, TITLE)
    _heading(ws, 3, clean(table.title), width, TITLE)
    _heading(ws, 4, _attached(doc), width, ITALIC)
    for c, column in enumerate(table.columns, start=1):
        cell = write_cell(ws, HEADER_ROW, c, clean(column.title))
        cell.font, cell.border, cell.alignment = BOLD, BORDER, CENTRE
    row = FIRST_ROW
    for values in table.rows:
        for c, (column, value) in enumerate(zip(table.columns, values, strict=True), start=1):
            _put(ws, row, c, column, value)
        row += 1
    if table.has_total:
        for c, column in enumerate(table.columns):
            if c == 0:
                _put(ws, row, 1, column, clean(table.total_label), font=BOLD)
                ws.cell(row=row, column=1).alignment = CENTRE
                continue
            formula = _total_formula(table, c, row)
            cell = ws.cell(row=row, column=c + 1)
            cell.value = formula  # our own formula, never a person's text
            cell.font, cell.border, cell.alignment = BOLD, BORDER, CENTRE
            kind = "percent" if isinstance(column.total, Ratio) else column.kind
            cell.number_format = NUMBER_FORMATS.get(kind, "General")
        row += 1
    if table.note.strip():
        note = write_cell(ws, row, 1, clean(table.note))
        note.font = ITALIC
    _layout(ws, table)


def _layout(ws: Worksheet, table: Table) -> None:
    total = sum(max(c.width, 0.01) for c in table.columns)
    scale = min(1.0, MAX_CHARS / (CHARS_PER_WIDTH * total))
    for c, column in enumerate(table.columns, start=1):
        ws.column_dimensions[get_column_letter(c)].width = max(
            8.0, CHARS_PER_WIDTH * max(column.width, 0.01) * scale
        )
    ws.freeze_panes = f"A{FIRST_ROW}"
    setup = ws.page_setup
    setup.orientation = "landscape"
    setup.paperSize = ws.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6


def render_xlsx(doc: ReportDocument) -> bytes:
    """The appendix workbook of ``doc``: a sheet per table (a single "Phụ lục" sheet saying
    so when the report has none)."""
    wb = Workbook()
    wb.properties.title = clean(doc.summary)
    wb.properties.creator = "cchc"
    tables = doc.tables()
    first: Worksheet = wb.active  # type: ignore[assignment]
    if not tables:
        first.title = "Phụ lục"
        _heading(first, 1, clean(doc.letterhead.issuing_body), 1, BOLD, merge=False)
        _heading(first, 2, clean(doc.summary), 1, TITLE, merge=False)
        _heading(first, 3, "Báo cáo không có bảng số liệu.", 1, ITALIC, merge=False)
    for i, (table, name) in enumerate(zip(tables, sheet_names([t.title for t in tables]), strict=True)):
        ws = first if i == 0 else wb.create_sheet()
        ws.title = name
        _table_sheet(ws, doc, table)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
