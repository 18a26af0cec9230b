"""Readers: every carrier of the sample plans reads back to the same task table, merged
cells are resolved, and bad input ends in a PlanReadError, never a traceback."""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.core.planread.document import Cell, Document, Paragraph, PlanReadError, Table
from cchc.core.planread.readers import detect_format, read_document
from cchc.core.planread.readers.docx import read_docx
from cchc.core.planread.readers.linecells import looks_like_line_cells, read_line_cells
from cchc.core.planread.readers.pdf import NO_TEXT_MESSAGE, read_pdf
from cchc.core.planread.readers.xlsx import cell_text, read_xlsx
from tests.builders import (
    FONT_DIR,
    build_docx,
    build_line_cells,
    build_pdf,
    build_xlsx,
    merge_plan,
    norm,
    sample_tables,
    squash,
)
from tests.paths import SAMPLE_NAMES, sample_bytes

# --- helpers ---------------------------------------------------------------------------------


def sample_text(name: str) -> str:
    return sample_bytes(name).decode("utf-8")


def texts(row: list[Cell]) -> list[str]:
    return [c.text for c in row]


def only_table(doc: Document) -> Table:
    assert len(doc.tables) == 1, [len(t.rows) for t in doc.tables]
    return doc.tables[0]


def stitched_pdf_rows(doc: Document) -> list[list[Cell]]:
    """The PDF's page tables as one: each continuation table drops its repeated header."""
    tables = doc.tables
    header = texts(tables[0].rows[0])
    rows = list(tables[0].rows)
    for t in tables[1:]:
        assert t.continues_previous
        assert texts(t.rows[0]) == header
        rows.extend(t.rows[1:])
    return rows


def assert_same_rows(got: list[list[Cell]], expected: list[list[str]], key=norm) -> None:
    """Same first-column numbers in the same order, and the same cell texts."""
    width = max(len(r) for r in expected)
    assert [key(r[0].text) for r in got] == [key(r[0]) for r in expected]
    for g, e in zip(got, expected, strict=True):
        e = e + [""] * (width - len(e))
        assert [key(c.text) for c in g] == [key(x) for x in e], (texts(g)[:2], e[:2])


# --- round trips over the carriers -------------------------------------------------------------


@pytest.fixture(scope="module", params=SAMPLE_NAMES)
def sample(request) -> tuple[str, list[str], list[list[str]]]:
    text = sample_text(request.param)
    paragraphs, tables = sample_tables(text)
    assert len(tables) == 1
    return text, paragraphs, tables[0]


@pytest.mark.parametrize("merge_cells", [True, False], ids=["merged", "plain"])
def test_docx_round_trip(sample, tmp_path: Path, merge_cells: bool) -> None:
    text, paragraphs, rows = sample
    path = build_docx(text, tmp_path / "plan.docx", merge_cells=merge_cells)
    data = path.read_bytes()
    assert detect_format(data) == "docx"
    doc = read_document(data)
    assert doc.format == "docx"
    table = only_table(doc)
    assert texts(table.rows[0]) == rows[0]
    assert_same_rows(table.rows[1:], rows[1:])
    assert table.origins == list(range(1, len(rows) + 1))
    # Body and title paragraphs come through in order, before the table.
    body = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert body == paragraphs
    assert doc.blocks.index(table) == len(paragraphs)
    hspans, vmerge = merge_plan(rows)
    flagged = {(r, c) for r, row in enumerate(table.rows) for c, cell in enumerate(row) if cell.merged_left}
    above = {(r, c) for r, row in enumerate(table.rows) for c, cell in enumerate(row) if cell.merged_above}
    if merge_cells:
        assert hspans and flagged == {(r, c) for r, (a, b) in hspans.items() for c in range(a + 1, b + 1)}
        assert above == {(r, c) for r, k in vmerge.items() for c in range(k)}
    else:
        assert not flagged and not above


@pytest.mark.parametrize("merge_cells", [True, False], ids=["merged", "plain"])
def test_xlsx_round_trip(sample, tmp_path: Path, merge_cells: bool) -> None:
    text, paragraphs, rows = sample
    data = build_xlsx(text, tmp_path / "plan.xlsx", merge_cells=merge_cells).read_bytes()
    assert detect_format(data) == "xlsx"
    doc = read_document(data)
    assert doc.format == "xlsx"
    table = only_table(doc)
    assert texts(table.rows[0]) == rows[0]
    assert_same_rows(table.rows[1:], rows[1:])
    # The appendix title rows above the table are paragraphs; origins are sheet rows.
    titles = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert titles == paragraphs[-len(titles) :] and len(titles) == 3
    assert table.origins == list(range(len(titles) + 2, len(titles) + 2 + len(rows)))
    merged = sum(c.merged_left or c.merged_above for row in table.rows for c in row)
    assert (merged > 0) is merge_cells


def test_pdf_round_trip(sample, tmp_path: Path) -> None:
    text, paragraphs, rows = sample
    data = build_pdf(text, tmp_path / "plan.pdf").read_bytes()
    assert detect_format(data) == "pdf"
    doc = read_document(data)
    assert doc.format == "pdf"
    tables = doc.tables
    pages = sorted({p for t in tables for p in t.origins})
    assert len(pages) > 1 and len(tables) == len(pages)
    assert not tables[0].continues_previous
    assert all(t.continues_previous for t in tables[1:])
    got = stitched_pdf_rows(doc)
    assert texts(got[0]) == rows[0]
    # Line breaks fall anywhere in a PDF: compare without whitespace.
    assert_same_rows(got[1:], rows[1:], key=squash)
    # Every body paragraph is in the text outside the tables; page numbers are not.
    body = squash(doc.body_text)
    for p in paragraphs:
        assert squash(p) in body
    assert not any(isinstance(b, Paragraph) and b.text.isdigit() for b in doc.blocks)


@pytest.mark.parametrize("blank_lines", [True, False], ids=["blank-lines", "no-blank-lines"])
@pytest.mark.parametrize("colspan", [False, True], ids=["full-rows", "colspan-sections"])
def test_line_cells_round_trip(sample, blank_lines: bool, colspan: bool) -> None:
    text, paragraphs, rows = sample
    copied = build_line_cells(text, blank_lines=blank_lines, colspan=colspan)
    assert looks_like_line_cells(copied)
    doc = read_document(copied.encode("utf-8"))
    table = only_table(doc)
    assert table.drops_merged_cells
    width = len(rows[0])
    assert {len(r) for r in table.rows} <= ({2, width} if colspan else {width})
    assert_same_rows([r + [Cell("")] * (width - len(r)) for r in table.rows], rows)
    if blank_lines:
        assert [b.text for b in doc.blocks if isinstance(b, Paragraph)] == paragraphs
    else:  # paragraphs run together, but none is lost and none is read as a cell
        body = squash(" ".join(b.text for b in doc.blocks if isinstance(b, Paragraph)))
        assert all(squash(p) in body for p in paragraphs)
    assert table.origins == sorted(table.origins)


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_text_still_reads_as_tab_rows(name: str) -> None:
    text = sample_text(name)
    assert not looks_like_line_cells(text)
    doc = read_document(sample_bytes(name))
    assert doc.format == "text"
    assert doc.tables and doc.tables[0].width >= 7


# --- sample_tables ---------------------------------------------------------------------------


def test_sample_tables_removes_page_break_structure() -> None:
    text = "\n".join(
        [
            "Body line",
            "PHỤ LỤC",
            "TT\tNhiệm vụ\tKết quả",
            "I\tCHỈ ĐẠO\t",
            "1\tViệc một\tBáo cáo",
            "\tviệc một thêm\t",  # not after a header: a sub-row, kept
            "",
            "TT\tNhiệm vụ\tKết quả",
            "\tcòn tiếp\tnăm 2025",  # the cell cut by the page
            "2\tViệc hai\t",
        ]
    )
    paragraphs, tables = sample_tables(text)
    assert paragraphs == ["Body line", "PHỤ LỤC"]
    assert tables == [
        [
            ["TT", "Nhiệm vụ", "Kết quả"],
            ["I", "CHỈ ĐẠO", ""],
            ["1", "Việc một", "Báo cáo"],
            ["", "việc một thêm còn tiếp", "năm 2025"],
            ["2", "Việc hai", ""],
        ]
    ]


TWO_APPENDICES = "\n".join(
    [
        "Kế hoạch số 5/KH-SCT",
        "PHỤ LỤC I",
        "TT\tNhiệm vụ\tĐơn vị\tThời gian",
        "1\tViệc một\tVăn phòng Sở\tQuý III",
        "2\tViệc hai\tCác phòng\tQuý IV",
        "Ghi chú giữa hai phụ lục.",
        "PHỤ LỤC II",
        "STT\tNội dung\tChủ trì\tKết quả",
        "I\tCHỈ ĐẠO\t\t",
        "1\tBáo cáo\tVăn phòng Sở\tBáo cáo năm",
        "Lưu: VT.",
    ]
)


def test_two_appendices_keep_document_order(tmp_path: Path) -> None:
    paragraphs, tables = sample_tables(TWO_APPENDICES)
    assert paragraphs == [
        "Kế hoạch số 5/KH-SCT",
        "PHỤ LỤC I",
        "Ghi chú giữa hai phụ lục.",
        "PHỤ LỤC II",
        "Lưu: VT.",
    ]
    assert [len(t) for t in tables] == [3, 3]
    for doc in (
        read_document(build_line_cells(TWO_APPENDICES, colspan=False).encode()),
        read_document(build_docx(TWO_APPENDICES, tmp_path / "two.docx").read_bytes()),
    ):
        assert [b.text for b in doc.blocks if isinstance(b, Paragraph)] == paragraphs
        assert [[texts(r) for r in t.rows] for t in doc.tables] == tables
        kinds = [type(b).__name__[0] for b in doc.blocks]
        assert "".join(kinds) == "PPTPPTP"


# --- docx details ----------------------------------------------------------------------------


def _docx_bytes(build) -> bytes:
    import docx

    d = docx.Document()
    build(d)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_list_numbers_bullets_and_nested_tables() -> None:
    def build(d) -> None:
        d.add_paragraph("Mở đầu")
        t = d.add_table(rows=3, cols=3)
        for r in range(3):
            t.cell(r, 0).paragraphs[0].style = d.styles["List Number"]  # auto-numbered TT column
            t.cell(r, 1).text = f"Nhiệm vụ {r + 1}"
        cell = t.cell(0, 2)
        cell.paragraphs[0].text = "Sản phẩm:"
        cell.add_paragraph("Báo cáo tháng", style="List Bullet")
        cell.add_paragraph("- đã có gạch", style="List Bullet")  # the bullet is not doubled
        inner = cell.add_table(rows=1, cols=2)
        inner.cell(0, 0).text = "lồng 1"
        inner.cell(0, 1).text = "lồng 2"
        d.add_paragraph("Kết thúc")

    doc = read_docx(_docx_bytes(build))
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Table", "Paragraph"]
    table = doc.tables[0]
    assert [r[0].text for r in table.rows] == ["1.", "2.", "3."]
    assert table.rows[0][2].text == "Sản phẩm:\n- Báo cáo tháng\n- đã có gạch\nlồng 1\nlồng 2"


def test_docx_grid_before_after_sdt_and_tracked_changes() -> None:
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    tbl = parse_xml(
        f"""<w:tbl {w}><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>
        <w:tr><w:tc><w:p><w:r><w:t>TT</w:t></w:r></w:p></w:tc>
          <w:tc><w:tcPr><w:gridSpan w:val="3"/></w:tcPr>
            <w:p><w:r><w:t>Nội dung</w:t></w:r></w:p></w:tc></w:tr>
        <w:tr><w:trPr><w:gridBefore w:val="1"/><w:gridAfter w:val="1"/></w:trPr>
          <w:sdt><w:sdtContent><w:tc><w:p><w:r><w:t>giữa</w:t></w:r></w:p></w:tc></w:sdtContent></w:sdt>
          <w:tc><w:p><w:r><w:t xml:space="preserve">giữ </w:t></w:r>
            <w:del><w:r><w:delText>xoá</w:delText></w:r></w:del>
            <w:ins><w:r><w:t>thêm</w:t></w:r></w:ins><w:r><w:br/><w:t>dòng 2</w:t></w:r></w:p></w:tc></w:tr>
        <w:tr><w:tc><w:tcPr><w:hMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>cũ</w:t></w:r></w:p></w:tc>
          <w:tc><w:tcPr><w:hMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>
        </w:tbl>"""
    )

    def build(d) -> None:
        d.element.body.insert(0, tbl)

    table = read_docx(_docx_bytes(build)).tables[0]
    assert texts(table.rows[0]) == ["TT", "Nội dung", "", ""]
    assert [c.merged_left for c in table.rows[0]] == [False, False, True, True]
    assert texts(table.rows[1]) == ["", "giữa", "giữ thêm\ndòng 2", ""]
    assert table.rows[2][1].merged_left and texts(table.rows[2])[0] == "cũ"


def test_docm_and_dotx_are_read_like_docx() -> None:
    plain = _docx_bytes(lambda d: d.add_paragraph("Kế hoạch CCHC năm 2025"))
    for content_type in (
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    ):
        src = zipfile.ZipFile(io.BytesIO(plain))
        files = {i.filename: src.read(i) for i in src.infolist()}
        files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
            b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", content_type
        )
        doc = read_document(_zip(files))
        assert doc.body_text == "Kế hoạch CCHC năm 2025"


# --- xlsx details ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "number_format", "expected"),
    [
        (None, "General", ""),
        (3, "General", "3"),
        (3.0, "General", "3"),
        (3.1, "General", "3.1"),
        (0.1 + 0.2, "General", "0.3"),
        (85.67, "0.00", "85.67"),
        (0.9, "0%", "90%"),
        (0.8567, "0.00%", "85.67%"),
        (dt.datetime(2025, 12, 15), "dd/mm/yyyy", "15/12/2025"),
        (dt.datetime(2025, 12, 15, 8, 30), "General", "15/12/2025 08:30"),
        (dt.date(2026, 1, 31), "General", "31/01/2026"),
        (dt.time(14, 0), "h:mm", "14:00"),
        (True, "General", "TRUE"),
        ("  Văn phòng Sở \r\n  phối hợp ", "@", "Văn phòng Sở\nphối hợp"),
        ("#REF!", "General", ""),
    ],
)
def test_xlsx_cell_text(value, number_format: str, expected: str) -> None:
    assert cell_text(value, number_format) == expected


def _xlsx_bytes(build) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    build(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_xlsx_titles_merges_notes_and_sheets() -> None:
    def build(wb) -> None:
        ws = wb.active
        ws["B1"] = "PHỤ LỤC"
        ws.merge_cells("B1:E1")
        for c, h in enumerate(["STT", "Nhiệm vụ", "Chủ trì", "Thời hạn"], start=2):
            ws.cell(3, c, h)
        ws.append([None, "I", "CHỈ ĐẠO ĐIỀU HÀNH"])
        ws.merge_cells("C4:E4")
        ws.append([None, 1, "Việc một", "Văn phòng Sở", dt.datetime(2025, 12, 15)])
        ws.append([None, None, "Việc một, phần hai", None, "Quý IV"])
        ws.merge_cells("B5:B6")
        ws.merge_cells("D5:D6")
        ws.append([None, 2.1, "Việc hai", "Các phòng", 0.5])
        ws["F7"] = None
        ws.append([])
        ws.append([None, "Ghi chú: số liệu tạm tính"])
        hidden = wb.create_sheet("ẩn")
        hidden.append(["a", "b", "c"])
        hidden.sheet_state = "hidden"
        wb.create_sheet("trống")
        other = wb.create_sheet("Phụ lục 2")
        other.append(["TT", "Nội dung", "Đơn vị"])
        other.append([1, "Báo cáo", "VP"])

    doc = read_xlsx(_xlsx_bytes(build))
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "Table", "Paragraph", "Table"]
    assert doc.blocks[0].text == "PHỤ LỤC"
    assert doc.blocks[2].text == "Ghi chú: số liệu tạm tính"
    t = doc.blocks[1]
    assert t.origins == [3, 4, 5, 6, 7]
    assert texts(t.rows[0]) == ["STT", "Nhiệm vụ", "Chủ trì", "Thời hạn"]
    assert texts(t.rows[1]) == ["I", "CHỈ ĐẠO ĐIỀU HÀNH", "", ""]
    assert [c.merged_left for c in t.rows[1]] == [False, False, True, True]
    assert texts(t.rows[2]) == ["1", "Việc một", "Văn phòng Sở", "15/12/2025"]
    assert texts(t.rows[3]) == ["", "Việc một, phần hai", "", "Quý IV"]
    assert [c.merged_above for c in t.rows[3]] == [True, False, True, False]
    assert texts(t.rows[4]) == ["2.1", "Việc hai", "Các phòng", "0.5"]
    assert texts(doc.blocks[3].rows[1]) == ["1", "Báo cáo", "VP"]


# --- pdf details -----------------------------------------------------------------------------


def _pdf(build) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_font("DejaVu", size=10)
    build(pdf)
    return bytes(pdf.output())


def test_pdf_paragraphs_merged_cells_and_reading_order() -> None:
    long = "Định kỳ vào ngày 25 hàng tháng, các phòng báo cáo kết quả về Văn phòng sở. " * 4

    def build(pdf) -> None:
        pdf.add_page()
        pdf.multi_cell(0, 5, long.strip(), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        pdf.multi_cell(0, 5, "- Gạch đầu dòng", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        with pdf.table(col_widths=(10, 60, 40)) as table:
            for cells in (["TT", "Nhiệm vụ", "Đơn vị"], ["I", "CHỈ ĐẠO"], ["1", "Việc một", "VP"]):
                row = table.row()
                if len(cells) == 2:
                    row.cell(cells[0])
                    row.cell(cells[1], colspan=2)
                else:
                    for c in cells:
                        row.cell(c)
        pdf.ln(4)
        pdf.multi_cell(0, 5, "Nơi nhận:", new_x="LMARGIN", new_y="NEXT")

    doc = read_pdf(_pdf(build))
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Paragraph", "Table", "Paragraph"]
    assert doc.blocks[0].text == long.strip()
    assert doc.blocks[1].text == "- Gạch đầu dòng"
    table = doc.blocks[2]
    assert texts(table.rows[1]) == ["I", "CHỈ ĐẠO", ""]
    assert table.rows[1][2].merged_left and not table.rows[2][2].merged_left
    assert table.origins == [1, 1, 1]


def test_pdf_cell_merged_from_above_in_a_column_a_title_spans() -> None:
    """A title row spanning the table widens pdfplumber's box of its first column to the
    table's edge: the cells merged from above in that column are still seen as merged."""

    def build(pdf) -> None:
        pdf.add_page()
        with pdf.table(col_widths=(10, 40, 40, 30)) as table:
            row = table.row()
            for c in ("TT", "Mục tiêu", "Hoạt động", "Thời gian"):
                row.cell(c)
            row = table.row()
            row.cell("6", rowspan=2)
            row.cell("Đánh giá thi hành", rowspan=2)
            row.cell("Kiểm tra")
            row.cell("Quý III")
            row = table.row()
            row.cell("Khảo sát")
            row.cell("Quý IV")
            row = table.row()
            row.cell("III")
            row.cell("CẢI CÁCH TTHC", colspan=3)

    rows = only_table(read_pdf(_pdf(build))).rows
    assert texts(rows[2]) == ["", "", "Khảo sát", "Quý IV"]
    assert [c.merged_above for c in rows[2]] == [True, True, False, False]
    assert [c.merged_left for c in rows[3]] == [False, False, True, True]


def test_pdf_borderless_table_falls_back_to_text_strategy() -> None:
    rows = [["TT", "Nhiệm vụ", "Thời hạn"]] + [[str(i), f"Việc {i}", f"Quý {i % 4 + 1}"] for i in range(1, 9)]

    def build(pdf) -> None:
        pdf.add_page()
        pdf.multi_cell(0, 5, "Kế hoạch cải cách hành chính năm 2025 của Sở Công Thương. " * 5)
        pdf.ln(5)
        with pdf.table(col_widths=(15, 90, 40), borders_layout="NONE", text_align="LEFT") as table:
            for cells in rows:
                row = table.row()
                for c in cells:
                    row.cell(c)
        pdf.ln(5)
        pdf.multi_cell(0, 5, "Nơi nhận: các phòng, đơn vị thuộc Sở; lưu VT, VP. " * 3)

    doc = read_pdf(_pdf(build))
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Table", "Paragraph"]
    assert [texts(r) for r in doc.tables[0].rows] == rows
    assert doc.blocks[0].text.endswith("Công Thương.") and doc.blocks[2].text.startswith("Nơi nhận")


def test_pdf_running_text_is_not_a_borderless_table() -> None:
    def build(pdf) -> None:
        pdf.add_page()
        for i in range(8):
            pdf.multi_cell(
                0, 5, f"{i + 1}. Các phòng, đơn vị thực hiện nhiệm vụ cải cách hành chính năm 2025. " * 3
            )
            pdf.ln(2)

    doc = read_pdf(_pdf(build))
    assert not doc.tables and len(doc.blocks) == 8


# --- line cells details ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\n|\n" * 10, True),
        ("a\n  |  \n" * 10, True),
        ("a\n|\n" * 9, False),
        ("a\n||\n" * 12, False),
        ("| a | b |\n" * 12, False),
        ("TT\tNhiệm vụ\n" * 12, False),
    ],
)
def test_looks_like_line_cells(text: str, expected: bool) -> None:
    assert looks_like_line_cells(text) is expected


def _web(*rows: list[str] | str) -> str:
    """Rows in the web layout: a list is a table row (``|`` around it and between its cells,
    a cell's lines split on "\\n"), a string is a line of text between tables ("" a blank line)."""
    out: list[str] = []
    for row in rows:
        if isinstance(row, str):
            out.append(row)
            continue
        out.append("|")
        for k, cell in enumerate(row):
            if k:
                out.append("|")
            out.extend(x for x in cell.split("\n") if cell)
        out.append("|")
    return "\n".join(out)


HEADER = ["**STT**", "**Nhiệm vụ**", "**Cơ quan chủ trì**", "**Cơ quan phối hợp**", "**Thời gian**"]
H5 = ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"]

# (text, paragraphs, tables) per trait of FORMAT.md; the rows as the reader gives them
# (short rows stay short: the row parser places their cells by meaning).
LINE_CELL_CASES = {
    "empty-cells-inside-a-row": (
        _web(HEADER, ["1", "Việc một", "Bộ A", "", "2026"], ["2", "Việc hai", "", "", "2027"]),
        [],
        [[H5, ["1", "Việc một", "Bộ A", "", "2026"], ["2", "Việc hai", "", "", "2027"]]],
    ),
    "empty-cells-at-the-end-of-a-section-row": (
        _web(HEADER, ["**II**", "**Dữ liệu số**", "", "", ""], ["1", "Việc", "Bộ A", "Bộ B", "2026"]),
        [],
        [[H5, ["II", "Dữ liệu số", "", "", ""], ["1", "Việc", "Bộ A", "Bộ B", "2026"]]],
    ),
    "bold-padding-cells": (
        _web(
            HEADER, ["**I**", "**CƠ CHẾ**", "** **", "** **", "** **"], ["1", "Việc", "Bộ A", "Bộ B", "2026"]
        ),
        [],
        [[H5, ["I", "CƠ CHẾ", "", "", ""], ["1", "Việc", "Bộ A", "Bộ B", "2026"]]],
    ),
    "colspan-section-row": (
        _web(HEADER, ["**I**", "**Thể chế**"], ["1", "Việc", "Bộ A", "Bộ B", "2026"]),
        [],
        [[H5, ["I", "Thể chế"], ["1", "Việc", "Bộ A", "Bộ B", "2026"]]],
    ),
    "empty-number-after-a-section-row": (
        _web(HEADER, ["**D.**", "**BỘ KHOA HỌC**"], ["", "Việc", "Bộ A", "Bộ B", "2026"]),
        [],
        [[H5, ["D.", "BỘ KHOA HỌC"], ["", "Việc", "Bộ A", "Bộ B", "2026"]]],
    ),
    "rowspan-sub-rows": (
        _web(
            HEADER,
            ["1", "Đề án", "Bộ A", "Bộ B", "2030"],
            ["UBND các tỉnh", "Đài Truyền hình"],
            ["Sở C", "Sở D"],
            ["2", "Việc hai", "Bộ A", "Bộ B", "2026"],
        ),
        [],
        [
            [
                H5,
                ["1", "Đề án", "Bộ A", "Bộ B", "2030"],
                ["UBND các tỉnh", "Đài Truyền hình"],
                ["Sở C", "Sở D"],
                ["2", "Việc hai", "Bộ A", "Bộ B", "2026"],
            ]
        ],
    ),
    "group-row-with-more-cells": (
        _web(
            HEADER,
            ["**5.1**", "** **", "Thương mại", "** **", "** **", "** **"],
            ["5.1.1", "Việc", "Bộ A", "Bộ B", "2026"],
        ),
        [],
        [[H5, ["5.1", "", "Thương mại", "", "", ""], ["5.1.1", "Việc", "Bộ A", "Bộ B", "2026"]]],
    ),
    "cells-wrapped-and-bullets-alone": (
        _web(HEADER, ["1", "Đẩy\nnhanh tiến độ", "Bộ A", "-\nBộ B;\n-\nBộ C", "Tháng\n12/2025"]),
        [],
        [[H5, ["1", "Đẩy nhanh tiến độ", "Bộ A", "- Bộ B;\n- Bộ C", "Tháng 12/2025"]]],
    ),
    "heading-between-tables-without-blank-lines": (
        _web(
            ["Nơi nhận:\n- Lưu: VT.", "**THỦ TƯỚNG**"],
            "**PHỤ LỤC II**",
            "*(Kèm theo Quyết định số 1/QĐ-TTg)*",
            HEADER,
            ["1", "Việc", "Bộ A", "Bộ B", "2026"],
            "[1] Chú thích cuối trang.",
        ),
        ["PHỤ LỤC II", "(Kèm theo Quyết định số 1/QĐ-TTg)", "[1] Chú thích cuối trang."],
        [[["Nơi nhận:\n- Lưu: VT.", "THỦ TƯỚNG"]], [H5, ["1", "Việc", "Bộ A", "Bộ B", "2026"]]],
    ),
    "letterhead-table-then-body": (
        _web(
            ["**ỦY BAN NHÂN DÂN**", "**CỘNG HÒA**"],
            ["Số: 12/KH-UBND", "*Hà Nội, ngày 1 tháng 2 năm 2025*"],
            "",
            "**KẾ HOẠCH**",
        ),
        ["KẾ HOẠCH"],
        [[["ỦY BAN NHÂN DÂN", "CỘNG HÒA"], ["Số: 12/KH-UBND", "Hà Nội, ngày 1 tháng 2 năm 2025"]]],
    ),
    "part-table-without-its-own-header": (
        _web(
            HEADER,
            ["**A**", "**PHẦN MỘT**"],
            ["1", "Việc", "Bộ A", "Bộ B", "2026"],
            "",
            "",
            ["**B**", "**PHẦN HAI**"],
            ["**I**", "**Mục**"],
            ["1", "Việc B", "Bộ A", "", "2027"],
        ),
        [],
        [
            [H5, ["A", "PHẦN MỘT"], ["1", "Việc", "Bộ A", "Bộ B", "2026"]],
            [["B", "PHẦN HAI"], ["I", "Mục"], ["1", "Việc B", "Bộ A", "", "2027"]],
        ],
    ),
    "table-last-without-final-newline": (
        "Mở đầu\n\n" + _web(HEADER, ["1", "Việc", "Bộ A", "Bộ B", "2026"]),
        ["Mở đầu"],
        [[H5, ["1", "Việc", "Bộ A", "Bộ B", "2026"]]],
    ),
    "two-row-header": (
        _web(
            ["STT", "Nhiệm vụ", "Đơn vị thực hiện", "Thời gian"],
            ["Chủ trì", "Phối hợp"],
            ["1", "Việc", "Bộ A", "Bộ B", "2026"],
        ),
        [],
        [
            [
                ["STT", "Nhiệm vụ", "Đơn vị thực hiện", "", "Thời gian"],
                ["", "", "Chủ trì", "Phối hợp", ""],
                ["1", "Việc", "Bộ A", "Bộ B", "2026"],
            ]
        ],
    ),
}


@pytest.mark.parametrize(
    ("text", "paragraphs", "tables"), list(LINE_CELL_CASES.values()), ids=list(LINE_CELL_CASES)
)
def test_read_line_cells_by_trait(text: str, paragraphs: list[str], tables: list[list[list[str]]]) -> None:
    doc = read_line_cells(text)
    assert [b.text for b in doc.blocks if isinstance(b, Paragraph)] == paragraphs
    assert [[texts(r) for r in t.rows] for t in doc.tables] == tables
    assert all(t.drops_merged_cells for t in doc.tables)


def test_line_cells_origins_point_at_lines() -> None:
    text = LINE_CELL_CASES["rowspan-sub-rows"][0]
    table = read_line_cells(text).tables[0]
    lines = text.split("\n")
    assert [lines[o - 1] for o in table.origins] == ["**STT**", "1", "UBND các tỉnh", "Sở C", "2"]


# --- bad input -------------------------------------------------------------------------------


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, content in files.items():
            z.writestr(name, content)
    return buf.getvalue()


def _corrupt_docx() -> bytes:
    return _zip(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            b'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
            "_rels/.rels": b"not xml at all",
            "word/document.xml": b"\x00\x01garbage<w:document",
        }
    )


def _corrupt_xlsx() -> bytes:
    return _zip({"xl/workbook.xml": b"<workbook", "[Content_Types].xml": b"???"})


def _scanned_pdf(kind: str) -> bytes:
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        if kind == "image":
            img = Image.new("L", (400, 560), 255)
            ImageDraw.Draw(img).rectangle((40, 60, 360, 500), outline=0, width=3)
            pdf.image(img, x=10, y=10, w=190)
        else:
            for y in range(20, 260, 12):
                pdf.rect(15, y, 180, 10)
    return bytes(pdf.output())


def _encrypted_pdf(user_password: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="chu-so-huu", user_password=user_password)
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.set_font("DejaVu", size=10)
    pdf.add_page()
    pdf.multi_cell(0, 5, "Kế hoạch cải cách hành chính năm 2025 của Sở Công Thương. " * 5)
    return bytes(pdf.output())


def _truncated(build) -> bytes:
    data = build()
    return data[: len(data) // 2]


BAD_INPUTS = {
    "empty": (lambda: b"", "empty"),
    "whitespace": (lambda: b" \n\t\r\n   ", "empty"),
    "bom-only": (lambda: "\ufeff\u00a0\n".encode(), "empty"),
    "corrupt-docx": (_corrupt_docx, "corrupt"),
    "corrupt-xlsx": (_corrupt_xlsx, "corrupt"),
    "truncated-docx": (
        lambda: _truncated(lambda: _docx_bytes(lambda d: d.add_paragraph("x" * 5000))),
        "corrupt",
    ),
    "other-zip": (lambda: _zip({"mimetype": b"application/epub+zip", "content.opf": b"<x/>"}), "unsupported"),
    "legacy-doc": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096), "corrupt"),
    "scanned-pdf-image": (lambda: _scanned_pdf("image"), "no_text"),
    "scanned-pdf-rectangles": (lambda: _scanned_pdf("rects"), "no_text"),
    "locked-pdf": (lambda: _encrypted_pdf("mat-khau"), "encrypted"),
    "truncated-pdf": (lambda: _truncated(lambda: _encrypted_pdf("")), "corrupt"),
    "garbage-pdf": (lambda: b"%PDF-1.7\n" + random.Random(1).randbytes(2000), "corrupt"),
    "random-bytes": (lambda: random.Random(0).randbytes(64 * 1024), {"binary", "encoding"}),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_is_a_plan_read_error(case: str) -> None:
    build, code = BAD_INPUTS[case]
    with pytest.raises(PlanReadError) as err:
        read_document(build())
    assert err.value.code in (code if isinstance(code, set) else {code})
    # A Vietnamese sentence for the clerk, not a Python message.
    assert err.value.message and any(ch in err.value.message for ch in "ệảờốứ")
    if code == "no_text":
        assert err.value.message == NO_TEXT_MESSAGE


def test_file_over_the_limit_is_refused_before_reading() -> None:
    data = b"%PDF-" + bytes(50 * 1024 * 1024)  # 50 MB, built once
    with pytest.raises(PlanReadError) as err:
        read_document(data)
    assert err.value.code == "too_large"
    assert "50.0 MB" in err.value.message and "20 MB" in err.value.message


def test_pdf_with_empty_user_password_is_read() -> None:
    doc = read_document(_encrypted_pdf(""))
    assert "Kế hoạch cải cách hành chính năm 2025" in doc.body_text


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "|",
                " | ",
                "",
                "1",
                "1.1",
                "-",
                "**I**",
                "TT",
                "STT",
                "Số",
                "VI CẢI CÁCH",
                "**Nhiệm vụ**",
                "Văn phòng Sở",
                "- Các phòng",
                "Nơi nhận:",
            ]
        ),
        max_size=80,
    )
)
def test_read_line_cells_never_fails(lines: list[str]) -> None:
    doc = read_line_cells("\n".join(lines))
    for table in doc.tables:
        assert len(table.origins) == len(table.rows)
        assert all(table.rows)


@pytest.mark.parametrize("carrier", ["docx", "xlsx", "pdf"])
def test_damaged_files_never_traceback(carrier: str, tmp_path: Path) -> None:
    build = {"docx": build_docx, "xlsx": build_xlsx, "pdf": build_pdf}[carrier]
    good = build(sample_text(SAMPLE_NAMES[1]), tmp_path / f"plan.{carrier}").read_bytes()
    rng = random.Random(carrier)
    for _ in range(12):
        data = bytearray(good)
        for _ in range(rng.randint(1, 40)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            doc = read_document(bytes(data))
        except PlanReadError as exc:
            assert exc.code and exc.message
        else:
            assert isinstance(doc, Document)
