"""Excel (.xlsx) plans: the workbooks the Office keeps.

Each visible, non-empty sheet is read top to bottom. A table starts at the first row with
at least three non-empty cells (the header); rows above it (the appendix title, usually
one merged cell per row) are paragraphs. The table runs on until a non-empty row with
fewer than three values that comes after a blank row (a note or a signature under the
table); the next row with three values or more starts the next table. Merged ranges
keep the value in the top-left cell: cells to its right are ``merged_left``, cells below
``merged_above``.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from typing import Any

from cchc.core.planread.document import Cell, Document, Paragraph, PlanReadError, Table
from cchc.core.planread.readers.limits import DEFAULT_LIMITS, ReadLimits, check_parts, open_checked, too_many

_TABLE_MIN_CELLS = 3


def _number_text(value: float, number_format: str) -> str:
    if "%" in number_format:
        decimals = 0
        if "." in number_format:
            decimals = len(number_format.split(".", 1)[1].split("%", 1)[0].strip("\\ "))
        return f"{value * 100:.{decimals}f}%"
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(round(float(value), 10))


def cell_text(value: Any, number_format: str = "General") -> str:
    """The text a clerk sees in a cell: integers without ".0", dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, int | float):
        return _number_text(value, number_format or "General")
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    if text.startswith("#") and text.endswith(("!", "?", "/0", "N/A")):  # #REF!, #NAME?, #DIV/0!…
        return ""
    return unicodedata.normalize("NFC", "\n".join(line.strip() for line in text.strip().split("\n")))


def _read_sheet(ws: Any, doc: Document, limits: ReadLimits) -> None:
    # Only the cells the file holds (counted by ``check_parts``), not the sheet's declared
    # area: a border drawn on empty cells out to column XFD must not make the grid that wide.
    grid: dict[tuple[int, int], Cell] = {}
    for c in ws._cells.values():
        if c.value is not None:
            text = cell_text(c.value, c.number_format)
            if text:
                grid[(c.row, c.column)] = Cell(text)
    if not grid:
        return
    max_row = max(r for r, _ in grid)
    max_col = max(c for _, c in grid)
    # The text is read as a grid: one stray value at XFD1048576 would make it 17 billion cells.
    if max_row > limits.max_rows:
        raise too_many("dòng", limits.max_rows)
    if max_row * max_col > limits.max_cells:
        raise too_many("ô (tính cả ô trống giữa các ô có dữ liệu)", limits.max_cells)
    merged: dict[tuple[int, int], Cell] = {}
    for rng in ws.merged_cells.ranges:  # clipped to the text's extent (a merge may be huge)
        for r in range(rng.min_row, min(rng.max_row, max_row) + 1):
            for c in range(rng.min_col, min(rng.max_col, max_col) + 1):
                if (r, c) != (rng.min_row, rng.min_col):
                    merged[(r, c)] = Cell("", merged_above=r > rng.min_row, merged_left=r == rng.min_row)

    def values(r: int) -> int:
        return sum(1 for c in range(1, max_col + 1) if (r, c) in grid)

    # Split the rows into runs: paragraphs, then tables.
    blocks: list[tuple[str, list[int]]] = []
    in_table = False
    blank_since = False
    for r in range(1, max_row + 1):
        n = values(r)
        if n == 0:
            blank_since = True
            continue
        if in_table and (not blank_since or n >= _TABLE_MIN_CELLS):
            blocks[-1][1].append(r)
        elif n >= _TABLE_MIN_CELLS:
            in_table = True
            blocks.append(("table", [r]))
        else:
            in_table = False
            blocks.append(("para", [r]))
        blank_since = False

    for kind, rows in blocks:
        if kind == "para":
            text = " ".join(grid[(rows[0], c)].text for c in range(1, max_col + 1) if (rows[0], c) in grid)
            doc.blocks.append(Paragraph(text))
            continue
        used = [c for c in range(1, max_col + 1) if any((r, c) in grid for r in rows)]
        first, last = used[0], used[-1]
        table = Table()
        for r in rows:
            table.rows.append(
                [grid.get((r, c)) or merged.get((r, c)) or Cell("") for c in range(first, last + 1)]
            )
            table.origins.append(r)
        doc.blocks.append(table)


def read_xlsx(data: bytes, limits: ReadLimits = DEFAULT_LIMITS) -> Document:
    """Read an Excel workbook: every visible sheet, paragraphs and tables; refused first when
    it expands to too much or its sheets hold more rows or cells than ``limits``."""
    zf = open_checked(data, limits)
    parts = [n for n in zf.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
    check_parts(zf, parts, [(b"row", "max_rows", "dòng"), (b"c", "max_cells", "ô")], limits)
    try:
        import openpyxl

        # read_only=False: merged ranges are only known to a fully loaded sheet.
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, lxml and its own errors
        raise PlanReadError(
            "corrupt", "Tệp Excel (.xlsx) bị hỏng hoặc không đúng định dạng: không mở được."
        ) from exc
    doc = Document(format="xlsx")
    sheets = [ws for ws in wb.worksheets if ws.sheet_state == "visible"] or list(wb.worksheets)
    try:
        for ws in sheets:
            _read_sheet(ws, doc, limits)
    except (ValueError, TypeError, KeyError) as exc:  # pragma: no cover - defensive
        raise PlanReadError("corrupt", "Tệp Excel (.xlsx) có trang tính bị hỏng: không đọc được.") from exc
    finally:
        wb.close()
    return doc


__all__ = ["cell_text", "read_xlsx"]
