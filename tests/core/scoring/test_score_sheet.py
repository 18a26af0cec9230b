"""The score table's files (.xlsx, .docx) read back; the ranking workbook read back."""

from __future__ import annotations

import io
from decimal import Decimal as D

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from openpyxl import load_workbook

from cchc.core.scoring.ranking_sheet import RankingLine, RankingSheet, ranking_xlsx
from cchc.core.scoring.score_sheet import HEADER_ROW, HEADERS, POINTS_FORMAT, ScoreSheet, SheetRow, sheet_xlsx
from cchc.core.scoring.score_sheet_docx import sheet_docx


def make_sheet(**overrides) -> ScoreSheet:
    rows = (
        SheetRow("1", "Công tác chỉ đạo, điều hành", "area", D(8), D("4.5"), D(4)),
        SheetRow("1.1", "Kế hoạch CCHC năm", "criterion", D(4), D("4.5"), D(4)),
        SheetRow(
            "1.1.1",
            "Ban hành kế hoạch đúng hạn",
            "sub",
            D(1),
            D(1),
            D(1),
            evidence=("QĐ 12/QĐ-SCT Kế hoạch CCHC", "Báo cáo quý I"),
        ),
        SheetRow("1.1.2", "Tỷ lệ hoàn thành", "sub", D(3), D("1.5"), None, explanation="=SUM(A1:A9) chưa có"),
        SheetRow("T1", "Hoàn thành sớm hạn", "bonus", D("0.5"), D("0.5"), D("0.5")),
        SheetRow("D1", "Nộp trễ hạn", "penalty", D(1), D(1), D(1)),
    )
    values = {
        "department": "Sở Công Thương",
        "year": 2026,
        "set_title": "Bộ tiêu chí năm 2026",
        "illustrative": False,
        "rows": rows,
        "maximum": D(8),
        "bonus_cap": D(1),
        "penalty_cap": D(2),
        "totals_self": {"bonus": D("0.5"), "penalty": D(1), "total": D(4)},
        "totals_appraised": {"bonus": D("0.5"), "penalty": D(1), "total": D("3.5")},
        "state": "Đã nộp, chờ thẩm định",
    }
    return ScoreSheet(**(values | overrides))


def _rows(content: bytes) -> list[list]:
    ws = load_workbook(io.BytesIO(content)).active
    return [list(r) for r in ws.iter_rows(min_row=HEADER_ROW, values_only=True)]


def test_xlsx_header_and_lines_in_order():
    rows = _rows(sheet_xlsx(make_sheet()))
    assert tuple(rows[0]) == HEADERS
    assert [r[0] for r in rows[1:5]] == ["1", "1.1", "1.1.1", "1.1.2"]
    assert rows[3][4] == "QĐ 12/QĐ-SCT Kế hoạch CCHC\nBáo cáo quý I"
    assert rows[1][2:4] == [8, D("4.5")]
    labels = [r[1] for r in rows]
    assert labels[5:] == [
        "Điểm thưởng (tối đa 1 điểm)",
        "Hoàn thành sớm hạn",
        "Cộng điểm thưởng",
        "Điểm trừ (tối đa 2 điểm)",
        "Nộp trễ hạn",
        "Cộng điểm trừ",
        "TỔNG ĐIỂM",
    ]
    total = rows[-1]
    assert total[2:4] == [8, 4] and total[6] == D("3.5")


def test_xlsx_points_format_and_text_never_formula():
    ws = load_workbook(io.BytesIO(sheet_xlsx(make_sheet()))).active
    explanation = ws.cell(HEADER_ROW + 4, 6)
    assert explanation.value == "=SUM(A1:A9) chưa có"
    assert explanation.data_type == "s" and explanation.quotePrefix
    assert ws.cell(HEADER_ROW + 1, 3).number_format == POINTS_FORMAT
    assert ws.cell(HEADER_ROW + 4, 7).value is None  # not appraised: empty, not 0
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    assert ws.page_setup.orientation == "landscape"


@pytest.mark.parametrize(
    ("illustrative", "title", "expected_suffix"),
    [
        (True, "Bộ tiêu chí năm 2026", "(điểm minh họa)"),
        (False, "Bộ tiêu chí năm 2026", "Bộ tiêu chí năm 2026"),
        # The title says it already: not twice.
        (True, "Bộ tiêu chí năm 2026 (điểm minh họa)", "2026 (điểm minh họa)"),
    ],
)
def test_title_names_department_year_and_illustrative(illustrative, title, expected_suffix):
    ws = load_workbook(io.BytesIO(sheet_xlsx(make_sheet(illustrative=illustrative, set_title=title)))).active
    assert "NĂM 2026" in ws["A1"].value
    subtitle = ws["A2"].value
    assert subtitle.startswith("Sở Công Thương — ") and subtitle.endswith(expected_suffix)
    assert subtitle.count("điểm minh họa") == (1 if illustrative else 0)


def test_xlsx_without_bonus_penalty_or_appraisal():
    sheet = make_sheet(rows=make_sheet().tree, totals_appraised={})
    rows = _rows(sheet_xlsx(sheet))
    assert [r[1] for r in rows[5:]] == ["TỔNG ĐIỂM"]
    assert rows[-1][6] is None


def _docx_rows(content: bytes) -> list[list[str]]:
    doc = Document(io.BytesIO(content))
    return [[c.text for c in row.cells] for row in doc.tables[0].rows]


def test_docx_landscape_a4_times_new_roman_table():
    content = sheet_docx(make_sheet(illustrative=True))
    doc = Document(io.BytesIO(content))
    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert round(section.page_width.mm) == 297 and round(section.page_height.mm) == 210
    title, subtitle = doc.paragraphs[0], doc.paragraphs[1]
    assert "NĂM 2026" in title.text and title.runs[0].font.size.pt == 14 and title.runs[0].bold
    assert subtitle.text.endswith("(điểm minh họa)")
    assert {r.font.name for p in doc.paragraphs for r in p.runs} == {"Times New Roman"}
    rows = _docx_rows(content)
    assert tuple(rows[0]) == HEADERS
    evidence = "QĐ 12/QĐ-SCT Kế hoạch CCHC\nBáo cáo quý I"
    assert rows[3] == ["1.1.1", "Ban hành kế hoạch đúng hạn", "1", "1", evidence, "", "1"]
    assert rows[1][3] == "4,5"  # Vietnamese decimal comma
    assert rows[4][6] == ""  # not appraised
    assert rows[-1][1:4] == ["TỔNG ĐIỂM", "8", "4"] and rows[-1][6] == "3,5"
    # The header row repeats on every page.
    assert doc.tables[0].rows[0]._tr.trPr.xpath("./w:tblHeader")


def test_xlsx_and_docx_hold_the_same_lines():
    sheet = make_sheet()
    xlsx = [[("" if v is None else str(v)) for v in r] for r in _rows(sheet_xlsx(sheet))]
    docx = _docx_rows(sheet_docx(sheet))
    assert [r[:2] for r in xlsx] == [r[:2] for r in docx]


def test_ranking_workbook():
    heads = (("1", "Chỉ đạo", "area", D(8)), ("1.1", "Kế hoạch", "criterion", D(4)))
    lines = (
        RankingLine(
            "=Sở A",
            {"self": D(10), "appraised": D(9), "final": None},
            {"self": 1, "appraised": 1, "final": None},
            {"1": (D(8), 1), "1.1": (D("3.5"), 1)},
        ),
        RankingLine(
            "Sở B",
            {"self": D(10), "appraised": D(8), "final": None},
            {"self": 1, "appraised": 2, "final": None},
            {"1": (D(7), 2), "1.1": (None, None)},
        ),
    )
    wb = load_workbook(io.BytesIO(ranking_xlsx(RankingSheet("Thử Nghiệm", 2026, "appraised", heads, lines))))
    assert wb.sheetnames == ["Tổng điểm", "Theo lĩnh vực", "Theo tiêu chí"]
    totals = [list(r) for r in wb["Tổng điểm"].iter_rows(min_row=4, values_only=True)]
    assert totals == [[1, "=Sở A", 10, 1, 9, 1, None, None], [2, "Sở B", 10, 1, 8, 2, None, None]]
    assert wb["Tổng điểm"]["B4"].data_type == "s"
    areas = wb["Theo lĩnh vực"]
    assert areas["B3"].value == "1 Chỉ đạo (tối đa 8)"
    area_rows = [list(r) for r in areas.iter_rows(min_row=4, values_only=True)]
    assert area_rows == [["=Sở A", 8, 1], ["Sở B", 7, 2]]
    crit = wb["Theo tiêu chí"]
    assert [list(r) for r in crit.iter_rows(min_row=4, values_only=True)] == [
        ["=Sở A", D("3.5"), 1],
        ["Sở B", None, None],
    ]
    assert "thẩm định" in crit["A1"].value
