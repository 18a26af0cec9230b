"""A page break in a task table, wherever it falls: on a section row, on a task row, inside a
task's cell or a section row's cell. The rest of a cut row joins the row it belongs to; a row
that opens something (a number, a section, a title across the table) never does.

Each case is a table cut in two pages, carried three ways: the reader's document (two
tables, the second marked ``continues_previous``, as the PDF reader gives them), a text plan
(the header repeated after a blank line, as the text exports of the samples are) and a real
PDF (two pages drawn by fpdf2, the header repeated on the second). Rules are tested alone at
the end.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from cchc.core.planread.continuation import (
    carries_on,
    continues_section_row,
    continues_sentence,
    spans,
    starts_fresh,
)
from cchc.core.planread.document import Cell, Document, Table
from cchc.core.planread.readers.pdf import read_pdf
from cchc.core.planread.readers.text import read_text
from cchc.core.planread.rows import RowsResult, read_rows
from tests.builders import FONT_DIR

SPAN = "<"  # a cell merged into the one on its left (a title across the table)
HEADER = ["TT", "Công việc", "Đơn vị chủ trì", "Thời gian", "Kết quả thực hiện", "Ghi chú"]
WIDTHS = (12, 80, 40, 30, 60, 40)  # mm, A4 landscape
FIRST_PAGE = [
    ["I", "CÔNG KHAI THÔNG TIN", SPAN, SPAN, SPAN, SPAN],
    ["1", "Công khai đầy đủ các thủ tục", "Văn phòng Sở", "Thường xuyên", "Các TTHC được công khai", ""],
]
NEXT_TASK = ["1", "Niêm yết thủ tục hành chính", "Văn phòng Sở", "Thường xuyên", "", ""]
TASK_ONE = ("I", "CÔNG KHAI THÔNG TIN", "1", "Công khai đầy đủ các thủ tục", "Các TTHC được công khai")


@dataclass(frozen=True)
class Case:
    page1: list[list[str]]  # under the header
    page2: list[list[str]]  # under the repeated header
    # (section, section title, number, task, product) of each record
    records: list[tuple[str | None, str, str | None, str, str]]
    sections: list[tuple[str, list[str]]]  # section rows with texts beside their title
    carriers: tuple[str, ...] = ("document", "text", "pdf")


CASES = {
    "on a section row": Case(
        FIRST_PAGE,
        [["II", "CẢI CÁCH THỦ TỤC", SPAN, SPAN, SPAN, SPAN], NEXT_TASK],
        [TASK_ONE, ("II", "CẢI CÁCH THỦ TỤC", "1", "Niêm yết thủ tục hành chính", "")],
        [],
    ),
    "inside a section row's target cells": Case(
        [
            *FIRST_PAGE,
            ["II", "Tiêu chí 2: Thủ tục hành chính", "", "", "Mức độ hài lòng đạt trên 90%", "Năm 2024,"],
        ],
        [["", "", "", "", "", "Điều kiện đón tiếp đạt 88,57%"], NEXT_TASK],
        [TASK_ONE, ("II", "Tiêu chí 2: Thủ tục hành chính", "1", "Niêm yết thủ tục hành chính", "")],
        [("II", ["Mức độ hài lòng đạt trên 90%", "Năm 2024, Điều kiện đón tiếp đạt 88,57%"])],
    ),
    "inside a section title in capitals": Case(
        [*FIRST_PAGE, ["II", "CẢI CÁCH THỦ TỤC", SPAN, SPAN, SPAN, SPAN]],
        [["", "HÀNH CHÍNH", SPAN, SPAN, SPAN, SPAN], NEXT_TASK],
        [TASK_ONE, ("II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "1", "Niêm yết thủ tục hành chính", "")],
        [],
    ),
    "after a section row, on an unnumbered task": Case(
        [*FIRST_PAGE, ["II", "CẢI CÁCH THỦ TỤC", SPAN, SPAN, SPAN, SPAN]],
        [["", "Niêm yết thủ tục hành chính", "Văn phòng Sở", "Thường xuyên", "", ""]],
        [TASK_ONE, ("II", "CẢI CÁCH THỦ TỤC", None, "Niêm yết thủ tục hành chính", "")],
        [],
    ),
    "on a task row": Case(
        FIRST_PAGE,
        [["2", "Kiểm tra công vụ", "Thanh tra Sở", "Quý IV", "Biên bản", ""]],
        [TASK_ONE, ("I", "CÔNG KHAI THÔNG TIN", "2", "Kiểm tra công vụ", "Biên bản")],
        [],
    ),
    "inside a task's cells": Case(
        [
            *FIRST_PAGE[:1],
            ["1", "Rà soát quy trình nội bộ giải quyết", "Văn phòng Sở", "Quý IV", "Báo cáo", ""],
        ],
        [
            ["", "thủ tục hành chính", "", "", "kết quả rà soát", ""],
            ["2", "Kiểm tra", "Thanh tra Sở", "Quý IV", "", ""],
        ],
        [
            (
                "I",
                "CÔNG KHAI THÔNG TIN",
                "1",
                "Rà soát quy trình nội bộ giải quyết thủ tục hành chính",
                "Báo cáo kết quả rà soát",
            ),
            ("I", "CÔNG KHAI THÔNG TIN", "2", "Kiểm tra", ""),
        ],
        [],
    ),
    # A text plan has no merged cells: there the title reads as the rest of the task above.
    "on a title across the table, under a task": Case(
        FIRST_PAGE,
        [
            ["", "Nhiệm vụ thường xuyên khác", SPAN, SPAN, SPAN, SPAN],
            ["2", "Kiểm tra", "Thanh tra Sở", "Quý IV", "", ""],
        ],
        [
            TASK_ONE,
            ("I", "CÔNG KHAI THÔNG TIN", None, "Nhiệm vụ thường xuyên khác", ""),
            ("I", "CÔNG KHAI THÔNG TIN", "2", "Kiểm tra", ""),
        ],
        [],
        carriers=("document", "pdf"),
    ),
}


def _cells(row: list[str]) -> list[Cell]:
    return [Cell("", merged_left=True) if t == SPAN else Cell(t) for t in row]


def _document(case: Case) -> Document:
    first = [HEADER, *case.page1]
    second = [HEADER, *case.page2]
    return Document(
        "pdf",
        [
            Table(rows=[_cells(r) for r in first], origins=[1] * len(first)),
            Table(rows=[_cells(r) for r in second], origins=[2] * len(second), continues_previous=True),
        ],
    )


def _text(case: Case) -> Document:
    def line(row: list[str]) -> str:
        return "\t".join("" if t == SPAN else t for t in row)

    lines = [line(HEADER), *map(line, case.page1), "", line(HEADER), *map(line, case.page2)]
    return read_text("\n".join(lines))


def _pdf(case: Case) -> Document:
    from fpdf import FPDF

    pdf = FPDF(orientation="L")
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_font("DejaVu", size=10)
    for rows in (case.page1, case.page2):
        pdf.add_page()
        with pdf.table(col_widths=WIDTHS, text_align="LEFT") as table:
            for cells in [HEADER, *rows]:
                row = table.row()
                for i, text in enumerate(cells):
                    if text != SPAN:
                        row.cell(text, colspan=_width(cells, i))
    return read_pdf(bytes(pdf.output()))


def _width(cells: list[str], i: int) -> int:
    """Columns the cell at ``i`` covers: itself and the SPAN cells right after it."""
    n = 1
    while i + n < len(cells) and cells[i + n] == SPAN:
        n += 1
    return n


CARRIERS = {"document": _document, "text": _text, "pdf": _pdf}


def _read(case: Case, carrier: str) -> RowsResult:
    return read_rows(CARRIERS[carrier](case))


@pytest.mark.parametrize(("name", "carrier"), [(n, c) for n, case in CASES.items() for c in case.carriers])
def test_a_page_break_joins_only_the_rest_of_a_cut_row(name: str, carrier: str) -> None:
    case = CASES[name]
    res = _read(case, carrier)
    got = [(r.section, r.section_title, r.number, r.text("task"), r.text("product")) for r in res.records]
    assert got == case.records
    assert [(s.section, s.texts) for s in res.sections] == case.sections


def test_the_pdf_carrier_marks_the_second_page_as_a_continuation() -> None:
    doc = _pdf(CASES["inside a section row's target cells"])
    assert [t.continues_previous for t in doc.tables] == [False, True]
    assert [" ".join(c.text.split()) for c in doc.tables[1].rows[1]] == [
        *[""] * 5,
        "Điều kiện đón tiếp đạt 88,57%",
    ]


# --- the rules alone -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cut", "rest", "expected"),
    [
        ("Năm 2024,", "Điều kiện đón tiếp đạt 88,57%", True),  # cut after a comma
        ("Rà soát quy trình nội bộ giải quyết", "thủ tục hành chính", True),  # lower case
        ("Mức độ hài lòng đạt trên", "90%", True),  # a digit
        ("Báo cáo kết quả (theo", "Kế hoạch số 12)", True),  # a bracket left open
        ("Báo cáo (quý)", "Kế hoạch năm", False),
        ("Kết quả:", "- Báo cáo", True),
        ("CẢI CÁCH THỦ TỤC", "HÀNH CHÍNH", True),  # a title in capitals
        ("CẢI CÁCH THỦ TỤC", "Niêm yết thủ tục hành chính", False),
        ("Tiêu chí 2: Thủ tục hành chính", "Niêm yết thủ tục", False),
        ("Năm 2024 đạt 85%.", "Năm 2025 phấn đấu", False),
        ("", "thủ tục", False),
        ("Năm 2024,", "", False),
    ],
)
def test_carries_on(cut: str, rest: str, expected: bool) -> None:
    assert carries_on(cut, rest) is expected


@pytest.mark.parametrize(
    ("section_cells", "row", "expected"),
    [
        ({"task": ["Tiêu chí 2"], "note": ["Năm 2024,"]}, {"task": "", "note": "Điều kiện tốt"}, True),
        ({"task": ["CẢI CÁCH THỦ TỤC"]}, {"task": "HÀNH CHÍNH"}, True),
        # A cell the section row left empty: the row is a task of its own.
        ({"task": ["CẢI CÁCH"]}, {"task": "HÀNH CHÍNH", "lead": "Văn phòng Sở"}, False),
        ({"task": ["Tiêu chí 2"], "note": ["Năm 2024,"]}, {"task": "Niêm yết thủ tục", "note": ""}, False),
        ({"task": ["Tiêu chí 2"]}, {"task": "", "note": ""}, False),
    ],
)
def test_continues_section_row(section_cells, row, expected: bool) -> None:
    assert continues_section_row(section_cells, row) is expected


@pytest.mark.parametrize(
    ("row", "width", "expected"),
    [
        (_cells(["1", "Việc", "VP", "Quý IV"]), 4, (0, 1, 2, 3)),
        (_cells(["II", "TIÊU ĐỀ", SPAN, SPAN]), 4, (0, 1)),
        (_cells(["VI CẢI CÁCH TÀI CHÍNH", SPAN, SPAN, SPAN]), 4, (0,)),
        (_cells(["1", "Việc", "VP", "Quý IV", "thừa"]), 4, (0, 1, 2, 3)),
    ],
)
def test_spans(row: list[Cell], width: int, expected: tuple[int, ...]) -> None:
    assert spans(row, width) == expected


@pytest.mark.parametrize(
    ("by_role", "expected"),
    [
        ({"task": "", "schedule": "Quý IV", "product": "Báo cáo"}, True),  # a merged-cell sub-row
        ({"task": "", "schedule": "Quý IV", "product": "báo cáo"}, False),
        ({"task": "thủ tục", "schedule": "Quý IV", "product": "Báo cáo"}, False),
        ({"task": "", "schedule": "", "product": "Báo cáo"}, False),
    ],
)
def test_starts_fresh(by_role: dict[str, str], expected: bool) -> None:
    assert starts_fresh(by_role) is expected


@pytest.mark.parametrize(
    ("above", "by_role", "expected"),
    [
        ("Triển khai cơ chế tự chủ theo quy", {"task": "định tại Nghị định số 60"}, True),
        ("Triển khai cơ chế tự chủ.", {"task": "định tại Nghị định số 60"}, False),
        ("Triển khai cơ chế tự chủ theo quy", {"task": "Định kỳ hằng quý"}, False),
        ("", {"task": "định tại Nghị định"}, False),
    ],
)
def test_continues_sentence(above: str, by_role: dict[str, str], expected: bool) -> None:
    assert continues_sentence(above, by_role) is expected
