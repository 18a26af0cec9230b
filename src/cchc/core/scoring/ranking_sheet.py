"""A province's ranking of its departments as a workbook: the totals (self, appraised, final)
with their dense ranks, then one sheet by area and one by criterion for the chosen column.

Plain data in (built by the app from ``scoring.selectors.ranking``), .xlsx bytes out. Names
are a person's text: written as text (``core.sheets.write_cell``), never as formulas.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cchc.core.formats import number_text
from cchc.core.scoring.score_sheet import POINTS_FORMAT
from cchc.core.sheets import write_cell

__all__ = ["COLUMN_LABELS", "RankingLine", "RankingSheet", "ranking_xlsx"]

COLUMN_LABELS: dict[str, str] = {"self": "Tự chấm", "appraised": "Thẩm định", "final": "Cuối cùng"}


@dataclass(frozen=True, slots=True)
class RankingLine:
    """A department: its totals and ranks by column, and per area/criterion code its score
    and rank in the sheet's ``column``."""

    name: str
    totals: Mapping[str, Decimal | None]
    ranks: Mapping[str, int | None]
    by_code: Mapping[str, tuple[Decimal | None, int | None]]


@dataclass(frozen=True, slots=True)
class RankingSheet:
    province: str
    year: int
    column: str  # the column the areas and criteria are ranked by: "self", "appraised", "final"
    heads: tuple[tuple[str, str, str, Decimal], ...]  # (code, title, level, maximum)
    lines: tuple[RankingLine, ...]
    illustrative: bool = False


_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")


def _number(d: Decimal | None) -> int | Decimal | None:
    if d is None:
        return None
    return int(d) if d == d.to_integral_value() else d


def _put_points(ws: Worksheet, row: int, col: int, value: Decimal | None) -> None:
    cell = write_cell(ws, row, col, _number(value))
    cell.number_format = POINTS_FORMAT


def _title(ws: Worksheet, sheet: RankingSheet, what: str) -> None:
    text = f"Xếp hạng Chỉ số CCHC năm {sheet.year} các sở, ban, ngành tỉnh {sheet.province}: {what}"
    if sheet.illustrative:
        text += " (điểm minh họa)"
    write_cell(ws, 1, 1, text).font = Font(bold=True, size=13)


def _totals(ws: Worksheet, sheet: RankingSheet) -> None:
    ws.title = "Tổng điểm"
    _title(ws, sheet, "tổng điểm")
    headers = ["STT", "Cơ quan"]
    for key in COLUMN_LABELS:
        headers += [f"Điểm {COLUMN_LABELS[key].lower()}", f"Hạng ({COLUMN_LABELS[key].lower()})"]
    for col, h in enumerate(headers, start=1):
        write_cell(ws, 3, col, h).font = _BOLD
        ws.column_dimensions[get_column_letter(col)].width = 50 if col == 2 else 12
    for n, line in enumerate(sheet.lines, start=1):
        row = 3 + n
        write_cell(ws, row, 1, n)
        write_cell(ws, row, 2, line.name).alignment = _WRAP
        for k, key in enumerate(COLUMN_LABELS):
            _put_points(ws, row, 3 + 2 * k, line.totals.get(key))
            write_cell(ws, row, 4 + 2 * k, line.ranks.get(key))
    ws.freeze_panes = "C4"


def _by_code(ws: Worksheet, sheet: RankingSheet, level: str, what: str) -> None:
    ws.title = what.capitalize()
    _title(ws, sheet, f"{what} (điểm {COLUMN_LABELS[sheet.column].lower()})")
    heads = [h for h in sheet.heads if h[2] == level]
    write_cell(ws, 3, 1, "Cơ quan").font = _BOLD
    ws.column_dimensions["A"].width = 40
    for k, (code, title, _, maximum) in enumerate(heads):
        col = 2 + 2 * k
        cell = write_cell(ws, 3, col, f"{code} {title} (tối đa {number_text(maximum)})")
        cell.font, cell.alignment = _BOLD, _WRAP
        write_cell(ws, 3, col + 1, "Hạng").font = _BOLD
        ws.column_dimensions[get_column_letter(col)].width = 18
        ws.column_dimensions[get_column_letter(col + 1)].width = 7
    for n, line in enumerate(sheet.lines, start=4):
        write_cell(ws, n, 1, line.name).alignment = _WRAP
        for k, (code, *_) in enumerate(heads):
            score, place = line.by_code.get(code, (None, None))
            _put_points(ws, n, 2 + 2 * k, score)
            write_cell(ws, n, 3 + 2 * k, place)
    ws.freeze_panes = "B4"


def ranking_xlsx(sheet: RankingSheet) -> bytes:
    """Sheets "Tổng điểm", "Theo lĩnh vực", "Theo tiêu chí" (header on row 3)."""
    wb = Workbook()
    _totals(wb.active, sheet)  # type: ignore[arg-type]
    _by_code(wb.create_sheet(), sheet, "area", "theo lĩnh vực")
    _by_code(wb.create_sheet(), sheet, "criterion", "theo tiêu chí")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
