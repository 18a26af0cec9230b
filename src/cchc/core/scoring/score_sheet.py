"""The score table of a self-assessment as the files a department files with it: an Excel
workbook (here) and a Word document (landscape A4, ``score_sheet_docx``), from plain data the
app builds.

Columns, as the official form has them: STT | Tiêu chí | Điểm tối đa | Điểm tự chấm | Tài liệu
kiểm chứng | Giải trình | Điểm thẩm định; then the bonus items with their total, the penalty
items with theirs, and the total. "Điểm thẩm định" is the final score where there is one,
else the appraiser's (what the department knows of the appraisal at the time).

Every value is written as computed by ``totals.compute_totals`` (within the maxima and the
caps), never as a formula: a workbook read by another program (the provincial software's
upload, a preview) shows the figures without recalculating. A person's text is written as
text (``core.sheets.write_cell``), never as a formula.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cchc.core.formats import number_text
from cchc.core.sheets import write_cell

__all__ = [
    "DOCX_WIDTHS_MM",
    "HEADERS",
    "POINTS_FORMAT",
    "ScoreSheet",
    "SheetRow",
    "lines",
    "sheet_title",
    "sheet_xlsx",
    "subtitle",
]

HEADERS = (
    "STT",
    "Tiêu chí",
    "Điểm tối đa",
    "Điểm tự chấm",
    "Tài liệu kiểm chứng",
    "Giải trình",
    "Điểm thẩm định",
)
# Excel shows it with the reader's separators: "1,25" on a Vietnamese system.
POINTS_FORMAT = "#,##0.00"
FONT_NAME = "Times New Roman"
_WIDTHS = (8, 60, 10, 10, 40, 36, 11)  # Excel column widths, in characters
DOCX_WIDTHS_MM = (14, 80, 18, 18, 62, 52, 21)  # 265 mm: landscape A4 less 2 × 16 mm


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One item of the table: ``level`` is the set's ("area", "criterion", "sub", "bonus",
    "penalty"); ``evidence`` the titles of its documents; scores None when not scored."""

    code: str
    title: str
    level: str
    maximum: Decimal
    self_score: Decimal | None = None
    appraised: Decimal | None = None
    evidence: tuple[str, ...] = ()
    explanation: str = ""


@dataclass(frozen=True, slots=True)
class ScoreSheet:
    """What the files show: whose, which year, the set, the rows in the set's order, and the
    totals (bonus and penalty within their caps; ``*_self`` and ``*_appraised`` per column)."""

    department: str
    year: int
    set_title: str
    illustrative: bool
    rows: tuple[SheetRow, ...]
    maximum: Decimal
    bonus_cap: Decimal | None = None
    penalty_cap: Decimal | None = None
    totals_self: dict[str, Decimal | None] = field(default_factory=dict)  # bonus, penalty, total
    totals_appraised: dict[str, Decimal | None] = field(default_factory=dict)
    state: str = ""  # "Đã nộp, chờ thẩm định" …

    @property
    def tree(self) -> tuple[SheetRow, ...]:
        return tuple(r for r in self.rows if r.level not in ("bonus", "penalty"))

    @property
    def bonus(self) -> tuple[SheetRow, ...]:
        return tuple(r for r in self.rows if r.level == "bonus")

    @property
    def penalty(self) -> tuple[SheetRow, ...]:
        return tuple(r for r in self.rows if r.level == "penalty")


def sheet_title(sheet: ScoreSheet) -> str:
    """ "BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2026" (the heading line)."""
    return f"BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {sheet.year}"


def subtitle(sheet: ScoreSheet) -> str:
    text = f"{sheet.department} — {sheet.set_title}"
    if sheet.illustrative and "điểm minh họa" not in unicodedata.normalize("NFC", sheet.set_title).lower():
        text += " (điểm minh họa)"
    return text


def _cap(label: str, cap: Decimal | None) -> str:
    return f"{label} (tối đa {number_text(cap)} điểm)" if cap is not None else label


# A table line: (STT, title, max, self, evidence, explanation, appraised, style).
Line = tuple[str, str, Decimal | None, Decimal | None, str, str, Decimal | None, str]


def lines(sheet: ScoreSheet) -> list[Line]:
    """The table's lines in order, each with its style ("area", "criterion", "sub", "item",
    "heading", "total"): what both files show, so that they agree."""
    out: list[Line] = []

    def item(r: SheetRow, style: str) -> Line:
        return (
            r.code,
            r.title,
            r.maximum,
            r.self_score,
            "\n".join(r.evidence),
            r.explanation,
            r.appraised,
            style,
        )

    out += [item(r, r.level) for r in sheet.tree]
    ts, ta = sheet.totals_self, sheet.totals_appraised
    for key, label, rows, cap in (
        ("bonus", "Điểm thưởng", sheet.bonus, sheet.bonus_cap),
        ("penalty", "Điểm trừ", sheet.penalty, sheet.penalty_cap),
    ):
        if not rows:
            continue
        out.append(("", _cap(label, cap), None, None, "", "", None, "heading"))
        out += [item(r, "item") for r in rows]
        out.append(("", f"Cộng {label.lower()}", cap, ts.get(key), "", "", ta.get(key), "total"))
    out.append(("", "TỔNG ĐIỂM", sheet.maximum, ts.get("total"), "", "", ta.get("total"), "total"))
    return out


def _number(d: Decimal | None) -> int | Decimal | None:
    if d is None:
        return None
    return int(d) if d == d.to_integral_value() else d


# --- Excel -----------------------------------------------------------------------------------

_side = Side(style="thin", color="000000")
_BORDER = Border(left=_side, right=_side, top=_side, bottom=_side)
_PLAIN = Font(name=FONT_NAME, size=12)
_BOLD = Font(name=FONT_NAME, size=12, bold=True)
_ITALIC = Font(name=FONT_NAME, size=12, italic=True)
_TITLE = Font(name=FONT_NAME, size=14, bold=True)
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_TOP = Alignment(horizontal="left", vertical="top", wrap_text=True)
_NUMBER = Alignment(horizontal="right", vertical="top")
HEADER_ROW = 4


def _font(style: str) -> Font:
    return _BOLD if style in ("area", "heading", "total") else _ITALIC if style == "sub" else _PLAIN


def _sheet(ws: Worksheet, sheet: ScoreSheet) -> None:
    ws.title = f"Bảng điểm {sheet.year}"
    last = get_column_letter(len(HEADERS))
    write_cell(ws, 1, 1, sheet_title(sheet)).font = _TITLE
    ws.merge_cells(f"A1:{last}1")
    write_cell(ws, 2, 1, subtitle(sheet)).font = _ITALIC
    ws.merge_cells(f"A2:{last}2")
    for cell in (ws["A1"], ws["A2"]):
        cell.alignment = _CENTRE
    for col, (header, width) in enumerate(zip(HEADERS, _WIDTHS, strict=True), start=1):
        c = write_cell(ws, HEADER_ROW, col, header)
        c.font, c.alignment, c.border = _BOLD, _CENTRE, _BORDER
        ws.column_dimensions[get_column_letter(col)].width = width
    for row, line in enumerate(lines(sheet), start=HEADER_ROW + 1):
        stt, title, maximum, self_score, evidence, explanation, appraised, style = line
        values = (
            stt,
            title,
            _number(maximum),
            _number(self_score),
            evidence,
            explanation,
            _number(appraised),
        )
        font = _font(style)
        for col, value in enumerate(values, start=1):
            c = write_cell(ws, row, col, value) if value not in (None, "") else ws.cell(row, col)
            c.font, c.border = font, _BORDER
            if col in (3, 4, 7):
                c.number_format, c.alignment = POINTS_FORMAT, _NUMBER
            else:
                c.alignment = _CENTRE if col == 1 else _TOP
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]


def sheet_xlsx(sheet: ScoreSheet) -> bytes:
    """The table as an .xlsx (one sheet: the title, the department and set, the header on row
    ``HEADER_ROW``, a line per item, then bonus, penalty and the total)."""
    wb = Workbook()
    _sheet(wb.active, sheet)  # type: ignore[arg-type]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
