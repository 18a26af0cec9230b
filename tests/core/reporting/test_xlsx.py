"""The statistical appendix read back with openpyxl: a sheet per table, the values, the totals
as formulas that compute what ``Table.total_row()`` says (evaluated here, and by LibreOffice),
the number formats, text kept as text, and the print set-up."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from cchc.core.office import office_convert
from cchc.core.reporting import Column, Ratio, Section, Table, render_xlsx
from cchc.core.reporting.xlsx import FIRST_ROW, HEADER_ROW, sheet_names
from tests.core.reporting.reports import STATUS, TARGETS, UNITS, full_report
from tests.xlsx_text import formula_elements


@pytest.fixture(scope="module")
def report():
    return full_report()


@pytest.fixture(scope="module")
def data(report) -> bytes:
    return render_xlsx(report)


@pytest.fixture(scope="module")
def workbook(data):
    return load_workbook(io.BytesIO(data))


# --- a small evaluator of the appendix's formulas -------------------------------------------

_SUM = re.compile(r"^=SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)$")
_IF = re.compile(r'^=IF\((.+)=0,"",(.+)/(.+)\)$')


def evaluate(ws, ref: str):
    """The value of cell ``ref``: SUM over a column range and the ratio's IF are the only
    formulas the appendix writes."""
    value = ws[ref].value
    if not (isinstance(value, str) and value.startswith("=")) or ws[ref].quotePrefix:
        return value
    if m := _SUM.match(value):
        column, first, last = m.group(1), int(m.group(2)), int(m.group(4))
        assert m.group(3) == column
        cells = [ws[f"{column}{r}"].value for r in range(first, last + 1)]
        return sum(v for v in cells if isinstance(v, int | float))
    if m := _IF.match(value):

        def term(text: str) -> float:
            return sum(evaluate(ws, r) for r in text.strip("()").split("+"))

        condition, numerator, denominator = (term(g) for g in m.groups())
        return "" if condition == 0 else numerator / denominator
    raise AssertionError(f"unexpected formula {value}")


# --- sheets and values -------------------------------------------------------------------------


def test_one_sheet_per_table_named_from_its_title(workbook, report) -> None:
    assert workbook.sheetnames == [
        "Bảng 1. Kết quả thực hiện nhiệm",
        "Bảng 2. Chỉ tiêu của kế hoạch",
        "Bảng 3. Kết quả theo đơn vị",
    ]
    assert len(report.tables()) == 3


def test_the_report_and_the_table_head_each_sheet(workbook, report) -> None:
    ws = workbook["Bảng 2. Chỉ tiêu của kế hoạch"]
    assert [ws[f"A{r}"].value for r in range(1, 5)] == [
        "SỞ CÔNG THƯƠNG",
        report.summary,
        TARGETS.title,
        "(Kèm theo Báo cáo số      /BC-SCT ngày 20/12/2026)",
    ]
    assert ws["A1"].font.b and ws["A2"].font.b and ws["A4"].font.i
    assert "A2:E2" in {str(r) for r in ws.merged_cells.ranges}


@pytest.mark.parametrize("index, table", [(0, STATUS), (1, TARGETS), (2, UNITS)])
def test_headers_and_rows_hold_the_tables_values(workbook, index, table) -> None:
    ws = workbook.worksheets[index]
    header = [c.value for c in ws[HEADER_ROW]]
    assert header == [c.title for c in table.columns]
    assert all(c.font.b and c.border.left.style == "thin" for c in ws[HEADER_ROW])
    for r, row in enumerate(table.rows, start=FIRST_ROW):
        got = [c.value for c in ws[r]][: len(row)]
        expected = []
        for v in row:
            if isinstance(v, date):
                v = datetime(v.year, v.month, v.day)
            elif isinstance(v, Decimal):
                v = float(v)
            elif v == "":
                v = None  # an empty string is an empty cell
            expected.append(v)
        assert got == [pytest.approx(v) if isinstance(v, float) else v for v in expected]


def test_number_formats_and_fonts(workbook) -> None:
    ws = workbook["Bảng 2. Chỉ tiêu của kế hoạch"]
    assert [ws.cell(FIRST_ROW, c).number_format for c in range(2, 5)] == ["#,##0.00", "0.0%", "dd/mm/yyyy"]
    status = workbook.worksheets[0]
    assert status.cell(FIRST_ROW, 2).number_format == "#,##0"
    assert status.cell(FIRST_ROW, 6).number_format == "0.0%"
    assert {
        c.font.name for row in status.iter_rows(min_row=1, max_row=status.max_row) for c in row if c.value
    } == {"Times New Roman"}


def test_totals_are_formulas(workbook) -> None:
    status = workbook.worksheets[0]
    total = FIRST_ROW + len(STATUS.rows)
    assert [c.value for c in status[total]] == [
        "Tổng cộng",
        f"=SUM(B6:B{total - 1})",
        f"=SUM(C6:C{total - 1})",
        f"=SUM(D6:D{total - 1})",
        f"=SUM(E6:E{total - 1})",
        f'=IF(B{total}=0,"",(C{total}+D{total})/B{total})',
    ]
    assert status.cell(total, 6).number_format == "0.0%"
    assert all(c.font.b for c in status[total])
    units = workbook.worksheets[2]
    total = FIRST_ROW + len(UNITS.rows)
    assert units.cell(total, 4).value == f'=IF(B{total}=0,"",C{total}/B{total})'


def _total_values(ws, table: Table) -> list:
    row = FIRST_ROW + len(table.rows)
    values = [evaluate(ws, f"{chr(65 + c)}{row}") for c in range(len(table.columns))]
    return [None if v in ("", None) else v for v in values]


TOTALS = [
    STATUS,
    UNITS,
    Table(
        key="zero",
        title="Không có hoàn thành",
        columns=(
            Column("Đơn vị"),
            Column("Hoàn thành", "int", "sum"),
            Column("Tỷ lệ", "percent", Ratio((1,), (1,))),
        ),
        rows=(("A", 0, None), ("B", None, None)),
        total_label="Cộng",
    ),
    Table(
        key="empty",
        title="Không có dòng",
        columns=(
            Column("Đơn vị"),
            Column("Số", "number", "sum"),
            Column("Tỷ lệ", "percent", Ratio((1,), (1,))),
        ),
        rows=(),
        total_label="Cộng",
    ),
    Table(
        key="mixed",
        title="Số thập phân",
        columns=(
            Column("Đơn vị"),
            Column("A", "number", "sum"),
            Column("B", "number", "sum"),
            Column("C", "text"),
            Column("A/B", "percent", Ratio((1,), (1, 2))),
        ),
        rows=(
            ("x", Decimal("1.5"), 2.25, "ghi chú", None),
            ("y", "—", 1.0, None, None),
            ("z", 3, None, "", None),
        ),
        total_label="Cộng",
    ),
]


@pytest.mark.parametrize("table", TOTALS, ids=[t.key for t in TOTALS])
def test_the_formulas_compute_the_total_row(table) -> None:
    report = full_report(sections=(Section("I", "Bảng", tables=(table,)),))
    ws = load_workbook(io.BytesIO(render_xlsx(report))).worksheets[0]
    expected = [float(v) if isinstance(v, Decimal) else v for v in table.total_row()]
    assert _total_values(ws, table) == pytest.approx(expected)


def test_libreoffice_computes_the_same_totals(data, libreoffice) -> None:
    """The formulas as a spreadsheet program evaluates them: LibreOffice recalculates the
    workbook it loads and saves the values."""
    computed = office_convert(
        data, source_suffix="xlsx", export_filter="xlsx:Calc MS Excel 2007 XML", target_suffix="xlsx"
    )
    wb = load_workbook(io.BytesIO(computed), data_only=True)
    for ws, table in zip(wb.worksheets, (STATUS, TARGETS, UNITS), strict=True):
        if not table.total_label:
            continue
        row = [c.value for c in ws[FIRST_ROW + len(table.rows)]]
        assert row == pytest.approx(list(table.total_row()))


def test_user_text_stays_text(data, workbook) -> None:
    ws = workbook["Bảng 2. Chỉ tiêu của kế hoạch"]
    assert ws.cell(FIRST_ROW, 5).value == '=HYPERLINK("x")'
    assert ws.cell(FIRST_ROW, 5).data_type == "s"
    assert ws.cell(FIRST_ROW + 3, 5).value == "+84 sản phẩm"
    # The only formulas of the workbook are the total rows'.
    formulas = [f.split(": ", 1)[1] for f in formula_elements(data)]
    assert formulas and all(re.match(r"^(SUM|IF)\(", f) for f in formulas)


def test_printed_a4_landscape_one_page_wide_with_the_header_row_repeated(workbook) -> None:
    for ws in workbook.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
        assert ws.freeze_panes == f"A{FIRST_ROW}"


def test_a_report_without_tables_has_one_sheet_saying_so() -> None:
    wb = load_workbook(io.BytesIO(render_xlsx(full_report(sections=()))))
    assert wb.sheetnames == ["Phụ lục"]
    assert wb.active["A3"].value == "Báo cáo không có bảng số liệu."


def test_an_undated_report_leaves_the_date_blank() -> None:
    report = full_report()
    report = replace(report, letterhead=replace(report.letterhead, dated=None))
    ws = load_workbook(io.BytesIO(render_xlsx(report))).worksheets[0]
    assert ws["A4"].value == "(Kèm theo Báo cáo số      /BC-SCT ngày       /      /2026)"


@pytest.mark.parametrize(
    "titles, names",
    [
        (["Bảng 1. Kết quả thực hiện nhiệm vụ theo lĩnh vực"], ["Bảng 1. Kết quả thực hiện nhiệm"]),
        (["Bảng 1: A/B [x]*?\\"], ["Bảng 1 A B x"]),
        (["Bảng", "bảng", "Bảng"], ["Bảng", "bảng (2)", "Bảng (3)"]),
        (
            ["Bảng 1. Kết quả thực hiện nhiệm vụ theo lĩnh vực"] * 2,
            ["Bảng 1. Kết quả thực hiện nhiệm", "Bảng 1. Kết quả thực hiện (2)"],
        ),
        (["", "  "], ["Bảng 1", "Bảng 2"]),
        (["'Trích'"], ["Trích"]),
        (["History"], ["History 1"]),
        (["Tỷlệhồsơtrựctuyếntoàntrìnhtheotừngđơnvị"], ["Tỷlệhồsơtrựctuyếntoàntrìnhtheot"]),
    ],
)
def test_sheet_names(titles, names) -> None:
    assert sheet_names(titles) == names
    assert all(len(n) <= 31 for n in names)
