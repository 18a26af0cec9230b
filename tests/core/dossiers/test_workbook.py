"""The analysis workbook (``cchc dossiers analyze --xlsx`` and the web app's download share one
writer) read back with openpyxl: every header and value in the department's words, real dates,
shares as numbers with a % format, text from the export kept as text."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from cchc.core.dossiers import RULES
from cchc.core.dossiers.sql import OUTCOMES
from cchc.core.dossiers.words import COLUMN_TITLES, RULE_LABELS
from tests.core.dossiers.helpers import dossier, pause, run
from tests.core.dossiers.test_cli_output import ROWS, cli, write
from tests.xlsx_text import HOSTILE, assert_text, cells_holding

D = datetime
ISO = re.compile(r"\d{4}-\d{2}(-\d{2})?")
MOMENT, DAY, MONTH = "hh:mm dd/mm/yyyy", "dd/mm/yyyy", "mm/yyyy"


def workbook_problems(wb) -> list[str]:
    """Every cell a Vietnamese clerk would find English, coded or mis-typed."""
    problems = []
    words = set(COLUMN_TITLES.values())
    for ws in wb:
        header = ws.title != "Tổng quan"
        for row in ws.iter_rows():
            for cell in row:
                value, where = cell.value, f"{ws.title}!{cell.coordinate}"
                if value is None:
                    continue
                if isinstance(value, bool) or value in ("True", "False", "true", "false"):
                    problems.append(f"{where}: boolean {value!r}")
                elif isinstance(value, datetime) and cell.number_format not in (MOMENT, DAY, MONTH):
                    problems.append(f"{where}: date shown as {cell.number_format!r}")
                elif isinstance(value, str):
                    if value in RULES or value in OUTCOMES or re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", value):
                        problems.append(f"{where}: code {value!r}")
                    if ISO.fullmatch(value) or re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}.*", value):
                        problems.append(f"{where}: ISO text {value!r}")
                    if header and cell.row == 1 and value not in words:
                        problems.append(f"{where}: header {value!r} is not one of the screens' words")
                    if "Trước hạn" in value or "unit" in value or "month" in value:
                        problems.append(f"{where}: {value!r}")
    return problems


@pytest.fixture
def result():
    rows = [
        dossier("A", officer="Lê Thu Hà", finished_at=D(2025, 3, 11, 9)),  # late, no apology slip
        dossier("B", officer='=HYPERLINK("http://x","y")', finished_at=D(2025, 3, 5, 9)),  # early
        dossier("C", channel="online_full", submitted_at=D(2025, 3, 3, 8), accepted_at=D(2025, 3, 5, 8)),
        dossier("E", supplement_requests=2, reschedules=2, finished_at=D(2025, 3, 10, 16)),
        dossier("F", refused=True, finished_at=D(2025, 3, 6, 9), paid_online=True, fee_required=True),
        dossier("G", due_at=D(2025, 3, 18, 17), apology_at=D(2025, 3, 18, 9), finished_at=D(2025, 3, 19, 9)),
        dossier("H", submitted_at=D(2025, 2, 3, 8), due_at=D(2025, 2, 10, 17), finished_at=None),
    ]
    pauses = [pause("E", D(2025, 3, 4, 8), D(2025, 3, 4, 17), reason="", attachment=False)]
    return run(rows, pauses, by=("unit", "procedure", "officer", "month"))


def test_every_sheet_is_in_the_departments_words(result, tmp_path):
    result.write_xlsx(tmp_path / "r.xlsx")
    wb = load_workbook(tmp_path / "r.xlsx")
    assert wb.sheetnames == ["Tổng quan", "Chỉ tiêu", "Cán bộ", "Vi phạm", "Dòng bị loại"]
    assert workbook_problems(wb) == []
    # Every rule the data breaks is there by its label.
    rules = {c.value for (c,) in wb["Vi phạm"].iter_rows(min_row=2, min_col=7, max_col=7)}
    broken = {b["rule"] for b in result.breaches}
    assert len(broken) >= 6 and rules == {RULE_LABELS[r] for r in broken}
    header = [c.value for c in wb["Chỉ tiêu"][1]]
    assert header[:8] == ["Đơn vị", "Mã thủ tục", "Tên thủ tục", "Cán bộ", "Tháng", "Tiếp nhận",
                          "Đã giải quyết xong", "Sớm hạn"]  # fmt: skip
    overview = {r[0].value: r[1] for r in wb["Tổng quan"].iter_rows()}
    assert overview["Nhóm theo"].value == "Đơn vị, Mã thủ tục, Tên thủ tục, Cán bộ, Tháng"
    assert overview["Thời điểm phân tích (tính đến)"].value == D(2025, 3, 20, 8)
    assert overview["Thời điểm phân tích (tính đến)"].number_format == MOMENT


def column(ws, title: str) -> list:
    header = [c.value for c in ws[1]]
    j = header.index(title) + 1
    return [row[0] for row in ws.iter_rows(min_row=2, min_col=j, max_col=j)]


@pytest.mark.parametrize(
    ("sheet", "title", "kind", "number_format"),
    [
        ("Chỉ tiêu", "Tháng", date, MONTH),
        ("Chỉ tiêu", "Tỷ lệ đúng hạn (sớm hạn + đúng hạn)", float, "0.0%"),
        ("Chỉ tiêu", "Tỷ lệ trực tuyến toàn trình", float, "0.0%"),
        ("Chỉ tiêu", "Điểm tiến độ (QĐ 766)", float, "0.00"),
        ("Chỉ tiêu", "Tiếp nhận", int, "General"),
        ("Cán bộ", "Tháng", date, MONTH),
        ("Cán bộ", "Tỷ lệ trễ hạn", float, "0.0%"),
        ("Vi phạm", "Nộp lúc", datetime, MOMENT),
    ],
)
def test_numbers_dates_and_shares_are_typed(result, tmp_path, sheet, title, kind, number_format):
    result.write_xlsx(tmp_path / "r.xlsx")
    cells = [c for c in column(load_workbook(tmp_path / "r.xlsx")[sheet], title) if c.value is not None]
    assert cells
    for cell in cells:
        assert isinstance(cell.value, (int, float) if kind is float else kind), (title, cell.value)
        assert cell.number_format == number_format


def test_officers_have_their_unit_yes_no_and_text_stays_text(result, tmp_path):
    result.write_xlsx(tmp_path / "r.xlsx")
    ws = load_workbook(tmp_path / "r.xlsx")["Cán bộ"]
    names = [c.value for c in column(ws, "Cán bộ")]
    # Family name first as written; sorted on the folded name ("=" sorts before letters).
    assert names[0].startswith("=HYPERLINK") and "Lê Thu Hà" in names
    formula = column(ws, "Cán bộ")[0]
    assert formula.data_type == "s" and formula.value == '=HYPERLINK("http://x","y")'
    assert {c.value for c in column(ws, "Đơn vị")} == {"Phòng A"}
    assert {c.value for c in column(ws, "Đủ điều kiện “hoàn thành tốt nhiệm vụ”")} <= {"Có", "Không"}


def test_the_command_lines_workbook_with_rejected_rows(tmp_path):
    out = tmp_path / "out.xlsx"
    bad = "H7,Phòng A,Lan,Fax,03/03/2025 08:00,,10/03/2025 17:00,"
    proc = cli(write(tmp_path, rows=[*ROWS, bad]), "--as-of", "2025-03-20T08:00", "--xlsx", str(out))
    assert proc.returncode == 0, proc.stderr
    wb = load_workbook(out)
    assert workbook_problems(wb) == []
    rejected = wb["Dòng bị loại"]
    assert [c.value for c in rejected[1]] == ["Dòng", "Mã hồ sơ", "Lý do"]
    reasons = [c.value for c in column(rejected, "Lý do")]
    assert any("Fax" in r for r in reasons) and any("trùng mã hồ sơ" in r for r in reasons)


def test_an_empty_sheet_says_so(tmp_path):
    r = run([dossier("A", finished_at=D(2025, 3, 5, 9))])
    r.write_xlsx(tmp_path / "r.xlsx")
    wb = load_workbook(tmp_path / "r.xlsx")
    assert wb["Dòng bị loại"]["A2"].value == "Không có dòng nào bị loại."
    assert wb["Vi phạm"]["A2"].value == "Không có hồ sơ vi phạm quy định."


@pytest.mark.parametrize("hostile", HOSTILE)
def test_an_officer_unit_or_procedure_that_starts_like_a_formula_is_text(tmp_path, hostile):
    rows = [
        dossier(
            "A", officer=hostile, unit=hostile, procedure_name=hostile, finished_at=datetime(2025, 3, 11, 9)
        ),
        dossier("B", finished_at=datetime(2025, 3, 5, 9)),
    ]
    run(rows, by=("unit", "procedure", "officer", "month")).write_xlsx(tmp_path / "r.xlsx")
    data = (tmp_path / "r.xlsx").read_bytes()
    assert_text(data, hostile)
    sheets = {c.parent.title for c in cells_holding(data, hostile)}
    assert {"Chỉ tiêu", "Cán bộ"} <= sheets
