"""Writing a workbook cell so that a person's text stays text: the one rule of both Excel
writers (the plan's appendix, ``tracking.exports``, and the dossier workbook,
``core.dossiers.xlsx``).

openpyxl stores a string starting with "=" as a formula, and Excel, LibreOffice and
Google Sheets evaluate a cell that starts with "=", "+", "-" or "@" once a person edits
it (a tab or carriage return first is the CSV-era variant of the same trick). A task text,
a narrative or an officer's name from an export is what someone typed: it is written as a
string and marked with Excel's "quote prefix" (the ' a person types to keep text as text),
never as a formula, whatever it starts with. Characters that XML cannot hold (control
characters other than tab and line breaks) are dropped instead of breaking the file.
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["FORMULA_STARTS", "clean_text", "write_cell"]

# What a spreadsheet reads as the start of a formula (OWASP's list for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def clean_text(text: str) -> str:
    """The text without the characters an .xlsx file cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def write_cell(ws: Worksheet, row: int, column: int, value: Any) -> Cell | MergedCell:
    """Put ``value`` in the cell: a string always as a string (never a formula, quote-
    prefixed when it starts like one, unsafe characters dropped); anything else as is."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        value = clean_text(value)
        cell.value = value
        cell.data_type = "s"  # openpyxl guessed "f" for "=…"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell
