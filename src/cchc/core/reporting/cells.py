"""How the text of a report is prepared for a file: NFC, no character XML cannot hold, and a
table cell written the Vietnamese way for its column's kind (``cchc.core.formats``)."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date
from decimal import Decimal

from cchc.core.formats import NONE, count_text, date_text, number_text, percent_text
from cchc.core.reporting.document import Cell, Column, Letterhead

__all__ = ["cell_text", "clean", "place_date"]

# XML 1.0 forbids these (tab and line breaks excepted); python-docx and lxml refuse them.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    """``text`` in NFC without the characters an Office file cannot hold."""
    return _ILLEGAL.sub("", unicodedata.normalize("NFC", text))


def _whole(value: int | float | Decimal) -> bool:
    if isinstance(value, int):
        return True
    return math.isfinite(value) and value == int(value)


def cell_text(column: Column, value: Cell) -> str:
    """A cell as the Word table prints it: ints "1.234", numbers "85,67", shares "50,0 %",
    dates dd/mm/yyyy; a missing figure "—" (an empty text cell stays empty); a string as
    given, whatever the column (a "—" or "Thường xuyên" someone chose to put there)."""
    if value is None:
        return "" if column.kind == "text" else NONE
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, date):
        return date_text(value)
    if column.kind == "percent":
        return percent_text(value)
    if column.kind == "int" and _whole(value):
        return count_text(int(value))
    return number_text(value)


def place_date(letterhead: Letterhead) -> str:
    """ "Hòa Bình Xanh, ngày 05 tháng 02 năm 2026": as Decree 30 writes a date, a day under
    10 and the months 1 and 2 with a leading zero; without a date, blanks to fill by hand:
    "Hòa Bình Xanh, ngày      tháng      năm 2026"."""
    d = letterhead.dated
    place = clean(letterhead.place).strip()
    if d is None:
        when = f"ngày      tháng      năm {letterhead.year}"
    else:
        month = f"{d.month:02d}" if d.month < 3 else str(d.month)
        when = f"ngày {d.day:02d} tháng {month} năm {d.year}"
    return f"{place}, {when}" if place else when
