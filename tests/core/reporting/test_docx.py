"""The Word report read back with python-docx: Decree 30/2020/NĐ-CP's page and header block,
the body (headings, paragraphs, tables written the Vietnamese way, charts), the closing
blocks, the page numbers from page 2, and text that prints as typed."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import date

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from cchc.core.reporting import Section, Signature, default_template, render_docx
from cchc.core.reporting.cells import cell_text, place_date
from cchc.core.reporting.docx import TEMPLATE_VARIABLES
from cchc.core.reporting.template import MOTTO, NATIONAL_TITLE
from tests.core.reporting.reports import (
    CHARTS,
    HEADINGS,
    HOSTILE,
    STATUS,
    TARGETS,
    UNITS,
    body_paragraph,
    cell_paragraphs,
    effective_size,
    full_report,
    letterhead,
    light_report,
    outline_headings,
    read,
    table_texts,
)

TNR = "Times New Roman"


@pytest.fixture(scope="module")
def report():
    return full_report()


@pytest.fixture(scope="module")
def document(report):
    return read(render_docx(report))


def _mm(length) -> float:
    return round(length.mm, 1)


def test_page_is_a4_with_the_decree_margins(document) -> None:
    section = document.sections[0]
    assert (_mm(section.page_width), _mm(section.page_height)) == (210.0, 297.0)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert tuple(_mm(m) for m in margins) == (20.0, 20.0, 30.0, 15.0)


def test_times_new_roman_everywhere_body_14_tables_12(document) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = defaults.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "cs", "eastAsia")} == {TNR}
    normal = document.styles["Normal"]
    assert (normal.font.name, normal.font.size.pt) == (TNR, 14.0)
    # No run names another font.
    runs = list(document.element.body.iter(qn("w:rFonts")))
    assert all(r.get(qn("w:ascii")) in (None, TNR) for r in runs)
    # The narrative in 14 pt; every table cell of the body in 12 pt.
    paragraph = body_paragraph(document, HOSTILE)
    assert effective_size(paragraph.runs[0], paragraph, document) == 14.0
    for table in document.tables[1:-1]:
        sizes = {
            effective_size(run, p, document)
            for row in table.rows
            for cell in row.cells
            for p in cell.paragraphs
            for run in p.runs
        }
        assert sizes == {12.0}


def test_header_block_two_columns_without_borders(document, report) -> None:
    header = document.tables[0]
    (issuer, nation), (number, place) = ([row.cells[0], row.cells[1]] for row in header.rows)
    assert cell_paragraphs(issuer)[:2] == ["UBND TỈNH HÒA BÌNH XANH", "SỞ CÔNG THƯƠNG"]
    assert cell_paragraphs(nation)[:2] == [NATIONAL_TITLE, MOTTO]
    assert cell_paragraphs(number) == ["Số:      /BC-SCT"]
    assert cell_paragraphs(place) == ["Hòa Bình Xanh, ngày 20 tháng 12 năm 2026"]
    governing, issuing = issuer.paragraphs[0].runs[0], issuer.paragraphs[1].runs[0]
    assert (governing.bold, issuing.bold) == (None, True)
    assert governing.font.all_caps and issuing.font.all_caps
    title, motto = nation.paragraphs[0].runs[0], nation.paragraphs[1].runs[0]
    assert (title.bold, title.font.size.pt, motto.bold, motto.font.size.pt) == (True, 13.0, True, 14.0)
    assert place.paragraphs[0].runs[0].italic
    # The short lines: a top border under the issuing body and under the motto.
    for cell in (issuer, nation):
        assert cell.paragraphs[2]._p.pPr.find(qn("w:pBdr")) is not None
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}


def test_title_and_summary_bold_and_centred(document, report) -> None:
    for text in ("BÁO CÁO", report.summary):
        paragraph = body_paragraph(document, text)
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert all(run.bold for run in paragraph.runs)


def test_section_headings_in_order_bold_with_their_numbers(document) -> None:
    assert outline_headings(document) == HEADINGS
    for text in HEADINGS:
        assert all(run.bold for run in body_paragraph(document, text).runs)


def test_narrative_paragraphs_justified_with_a_first_line_indent(document, report) -> None:
    opening = body_paragraph(document, report.opening[0])
    assert opening.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(opening.paragraph_format.first_line_indent.mm, 1) == 12.7
    # A paragraph holding a line break is printed as two paragraphs.
    long_text = report.sections[0].subsections[0].paragraphs[0].split("\n")[0].strip()
    assert sum(p.text == long_text for p in document.paragraphs) == 5


def test_tables_hold_the_rows_written_the_vietnamese_way(document) -> None:
    tables = document.tables[1:-1]
    assert len(tables) == 3
    for table, source in zip(tables, (STATUS, TARGETS, UNITS), strict=True):
        expected = [[c.title for c in source.columns]]
        expected += [
            [cell_text(c, v) for c, v in zip(source.columns, row, strict=True)] for row in source.rows
        ]
        if source.total_label:
            expected.append(
                [cell_text(c, v) for c, v in zip(source.columns, source.total_row(), strict=True)]
            )
        assert table_texts(table) == expected
        header_row = table.rows[0]._tr
        assert header_row.trPr.find(qn("w:tblHeader")) is not None  # repeated on each page
        assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    status, targets, _ = (table_texts(t) for t in tables)
    assert status[1] == ["Chỉ đạo, điều hành", "1.000", "300", "600", "0", "90,0 %"]
    assert status[8] == ["Chưa có số liệu", "0", "0", "0", "0", "—"]
    assert status[-1] == ["Tổng cộng", "7.777", "2.121", "4.830", "6", "89,4 %"]
    assert targets[1:] == [
        ["Mức độ hài lòng", "85,67", "50,0 %", "05/03/2026", '=HYPERLINK("x")'],
        ["Hồ sơ trực tuyến", "1.234,5", "66,7 %", "14/12/2026", ""],
        ["Chưa đo", "—", "—", "—", ""],
        ["Thường xuyên", "—", "—", "Thường xuyên", "+84 sản phẩm"],
    ]


def test_table_titles_above_and_notes_below(document) -> None:
    body = list(document.element.body.iterchildren())
    first_table = document.tables[1]._tbl
    at = body.index(first_table)
    assert _text(body[at - 1]) == STATUS.title
    assert _text(body[at + 1]) == STATUS.note


def test_charts_are_png_pictures_with_their_titles(document) -> None:
    shapes = document.inline_shapes
    assert len(shapes) == len(CHARTS)
    blips = [s._inline.graphic.graphicData.pic.blipFill.blip.embed for s in shapes]
    for rid in blips:
        assert document.part.related_parts[rid].blob[:8] == b"\x89PNG\r\n\x1a\n"
    described = [s._inline.docPr.get("descr") for s in shapes]
    assert described == [c.title for c in CHARTS]
    for chart in CHARTS:
        body_paragraph(document, chart.title)
    assert round(shapes[0].width.mm) == 160


def test_recipients_and_signature_blocks(document) -> None:
    closing = document.tables[-1]
    recipients, signature = closing.rows[0].cells
    assert cell_paragraphs(recipients) == [
        "Nơi nhận:",
        "- Sở Nội vụ;",
        "- UBND tỉnh (b/c);",
        "- Lưu: VT, VP.",
    ]
    label = recipients.paragraphs[0].runs[0]
    assert (label.bold, label.italic, label.font.size.pt) == (True, True, 12.0)
    assert {p.runs[0].font.size.pt for p in recipients.paragraphs[1:]} == {11.0}
    assert cell_paragraphs(signature) == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An"]
    assert all(p.runs[0].bold for p in signature.paragraphs)
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in signature.paragraphs)
    borders = closing._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}


def test_page_numbers_in_the_header_from_page_two(document) -> None:
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert section._sectPr.find(qn("w:titlePg")) is not None
    header = section.header._element
    assert " PAGE " in [t.text for t in header.iter(qn("w:instrText"))]
    assert [f.get(qn("w:fldCharType")) for f in header.iter(qn("w:fldChar"))] == ["begin", "separate", "end"]
    assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    first = section.first_page_header._element
    assert list(first.iter(qn("w:instrText"))) == []


@pytest.mark.parametrize(
    "changes, recipient_rows, signature_rows",
    [
        (
            {},
            ["Nơi nhận:", "- Sở Nội vụ;", "- UBND tỉnh (b/c);", "- Lưu: VT, VP."],
            ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An"],
        ),
        (
            {"signature": Signature(authority="", title="GIÁM ĐỐC", name="Trần Thị Bình")},
            ["Nơi nhận:", "- Sở Nội vụ;", "- UBND tỉnh (b/c);", "- Lưu: VT, VP."],
            ["GIÁM ĐỐC", "Trần Thị Bình"],
        ),
        (
            {"recipients": ("Như trên;", "  ", "Lưu: VT.")},
            ["Nơi nhận:", "- Như trên;", "- Lưu: VT."],
            ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An"],
        ),
        ({"recipients": ()}, ["Nơi nhận:"], ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An"]),
    ],
)
def test_signature_and_recipients_variants(changes, recipient_rows, signature_rows) -> None:
    document = read(render_docx(light_report(**changes)))
    recipients, signature = document.tables[-1].rows[0].cells
    assert cell_paragraphs(recipients) == recipient_rows
    assert cell_paragraphs(signature) == signature_rows


@pytest.mark.parametrize(
    "dated, year, expected",
    [
        (date(2026, 9, 20), 2026, "Hòa Bình Xanh, ngày 20 tháng 9 năm 2026"),
        (date(2026, 2, 5), 2026, "Hòa Bình Xanh, ngày 05 tháng 02 năm 2026"),
        (date(2027, 1, 31), 2026, "Hòa Bình Xanh, ngày 31 tháng 01 năm 2027"),
        (date(2026, 3, 9), 2026, "Hòa Bình Xanh, ngày 09 tháng 3 năm 2026"),
        (None, 2026, "Hòa Bình Xanh, ngày      tháng      năm 2026"),
    ],
)
def test_place_and_date_as_the_decree_writes_them(dated, year, expected) -> None:
    head = letterhead(dated=dated, year=year)
    assert place_date(head) == expected
    document = read(render_docx(light_report(letterhead=head)))
    assert document.tables[0].rows[1].cells[1].text == expected


def test_user_text_prints_as_typed_never_as_jinja_or_xml(document) -> None:
    body_paragraph(document, HOSTILE)
    # The template's variables too: inserted as text, never run.
    signed = Signature(authority="", title=HOSTILE, name="<b>Lê & Hà</b>")
    other = read(render_docx(light_report(summary=HOSTILE, recipients=(HOSTILE,), signature=signed)))
    body_paragraph(other, HOSTILE)
    recipients, signature = other.tables[-1].rows[0].cells
    assert cell_paragraphs(recipients)[1] == f"- {HOSTILE}"
    assert cell_paragraphs(signature) == [HOSTILE, "<b>Lê & Hà</b>"]


def test_text_is_nfc_and_loses_characters_xml_cannot_hold() -> None:
    decomposed = unicodedata.normalize("NFD", "Hòa Bình Xanh: tiếp nhận hồ sơ")
    report = full_report(
        summary=decomposed + "\x0b",
        sections=(Section("I", unicodedata.normalize("NFD", "Kết quả"), paragraphs=("A\x00B\x1fC",)),),
    )
    document = read(render_docx(report))
    body_paragraph(document, "Hòa Bình Xanh: tiếp nhận hồ sơ")
    body_paragraph(document, "I. Kết quả")
    body_paragraph(document, "ABC")


def test_an_empty_report_still_renders() -> None:
    document = read(render_docx(full_report(sections=(), opening=())))
    assert len(document.tables) == 2  # the header and closing blocks
    assert outline_headings(document) == []


def test_the_shipped_template_names_every_variable() -> None:
    document = read(default_template())
    text = "\n".join(
        [p.text for p in document.paragraphs]
        + [p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    )
    for name in TEMPLATE_VARIABLES:
        if name not in ("place", "dated", "year"):  # place_date holds them
            assert name in text, name
    assert default_template() is default_template()  # built once


def test_a_chart_without_title_and_a_table_without_title_or_note() -> None:
    table = replace(STATUS, title="", note="")
    chart = replace(CHARTS[1], title="")
    document = read(
        render_docx(full_report(sections=(Section("I", "A", tables=(table, table), charts=(chart,)),)))
    )
    # Two tables in a row stay two tables (a paragraph between them).
    assert len(document.tables) == 4
    assert len(document.inline_shapes) == 1


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))
