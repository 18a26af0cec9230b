"""The body of the Word report (the template's ``{{p body }}``): the opening, the numbered
sections with their paragraphs, tables and charts, as WordprocessingML appended to a docxtpl
subdocument.

The body carries direct formatting only for what the Decree fixes and a department would not
restyle: justified paragraphs with a 1.27 cm first-line indent, 6 pt between paragraphs and
1.2 lines; bold headings ("I.", "1.", "1.1.", outline levels for Word's navigation pane);
tables in 12 pt (more columns fit across 165 mm than at 13 pt) with borders, a bold header
row repeated on each page, rows that do not break across pages, text left and figures
centred, a bold total row; charts as PNG pictures 160 mm wide with their title above. The
font family comes from the template (Times New Roman in the shipped one).

Tables are written as XML text, not cell by cell through python-docx's API (quadratic in
the cells): a year's report holds thousands of cells.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from docx.shared import Mm

from cchc.core.reporting.cells import cell_text, clean
from cchc.core.reporting.charts import chart_png, chart_size_mm
from cchc.core.reporting.document import Chart, ReportDocument, Section, Table
from cchc.core.reporting.ooxml import (
    Align,
    border_xml,
    element,
    paragraph_xml,
    run_xml,
    twips,
)
from cchc.core.reporting.template import TEXT_WIDTH_MM

__all__ = ["CHART_WIDTH_MM", "TABLE_FONT_PT", "build_body", "heading_text"]

TABLE_FONT_PT = 12.0
CAPTION_FONT_PT = 13.0
NOTE_FONT_PT = 12.0
CHART_WIDTH_MM = 160.0
CHART_DPI = 150
INDENT_MM = 12.7
CELL_MARGIN_MM = 1.0


def heading_text(section: Section) -> str:
    """ "I. KẾT QUẢ …", "1.1. Công tác …"; the title alone without a number."""
    number = section.number.strip()
    if not number:
        return section.title
    return f"{number if number.endswith('.') else number + '.'} {section.title}"


def _split(paragraphs: tuple[str, ...]) -> Iterator[str]:
    """Each paragraph, one with line breaks cut into several, empty ones left out."""
    for paragraph in paragraphs:
        for line in paragraph.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            if line.strip():
                yield line.strip()


def _text_paragraph(text: str) -> str:
    return paragraph_xml(run_xml(text), align="both", first_line_mm=INDENT_MM, before_pt=6, line=1.2)


def _heading(section: Section, depth: int) -> str:
    return paragraph_xml(
        run_xml(heading_text(section), bold=True),
        align="both",
        first_line_mm=INDENT_MM,
        before_pt=6,
        line=1.2,
        keep_next=True,
        outline=min(depth, 8),
    )


def _caption(text: str) -> str:
    return paragraph_xml(
        run_xml(text, size=CAPTION_FONT_PT, bold=True),
        align="center",
        before_pt=6,
        after_pt=3,
        keep_next=True,
    )


def _align(kind: str) -> Align:
    return "left" if kind == "text" else "center"


def _cell(text: str, width: int, align: Align, *, bold: bool = False) -> str:
    p = paragraph_xml(run_xml(text, size=TABLE_FONT_PT, bold=bold), align=align, before_pt=1, after_pt=1)
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>{p}</w:tc>'


def table_xml(table: Table) -> str:
    """The table: columns as wide as their share of 165 mm, the header row repeated on each
    page, the total row last."""
    total_width = sum(max(c.width, 0.01) for c in table.columns)
    widths = [twips(TEXT_WIDTH_MM * max(c.width, 0.01) / total_width) for c in table.columns]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    borders = "".join(border_xml(side) for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    margin = twips(CELL_MARGIN_MM)
    rows = [
        "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
        + "".join(_cell(c.title, w, "center", bold=True) for c, w in zip(table.columns, widths, strict=True))
        + "</w:tr>"
    ]
    aligns = [_align(c.kind) for c in table.columns]
    body_rows = [[cell_text(c, v) for c, v in zip(table.columns, row, strict=True)] for row in table.rows]
    for texts in body_rows:
        rows.append(
            "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            + "".join(_cell(t, w, a) for t, w, a in zip(texts, widths, aligns, strict=True))
            + "</w:tr>"
        )
    if table.has_total:
        total = [cell_text(c, v) for c, v in zip(table.columns, table.total_row(), strict=True)]
        aligns_total: list[Align] = ["center", *aligns[1:]]
        rows.append(
            "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            + "".join(_cell(t, w, a, bold=True) for t, w, a in zip(total, widths, aligns_total, strict=True))
            + "</w:tr>"
        )
    return (
        "<w:tbl><w:tblPr>"
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f"<w:tblBorders>{borders}</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{margin}" w:type="dxa"/>'
        f'<w:right w:w="{margin}" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        'w:noHBand="1" w:noVBand="1"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


class _Body:
    """Appends to the subdocument's body, in order."""

    def __init__(self, subdoc: Any) -> None:
        self.doc = subdoc.subdocx
        self.body = self.doc.element.body
        sect_pr = self.body.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sectPr")
        if sect_pr is not None:
            self.body.remove(sect_pr)

    def add(self, xml: str) -> None:
        self.body.append(element(xml))

    def table(self, table: Table) -> None:
        if table.title.strip():
            self.add(_caption(table.title))
        self.add(table_xml(table))
        # A paragraph after every table: the note, or an empty one (two tables in a row
        # would otherwise be joined into one by Word).
        if table.note.strip():
            self.add(
                paragraph_xml(run_xml(table.note, size=NOTE_FONT_PT, italic=True), before_pt=3, after_pt=6)
            )
        else:
            self.add(paragraph_xml("", after_pt=6))

    def chart(self, chart: Chart) -> None:
        if chart.title.strip():
            self.add(_caption(chart.title))
        png = chart_png(chart, width_mm=CHART_WIDTH_MM, dpi=CHART_DPI)
        width, height = chart_size_mm(chart, CHART_WIDTH_MM)
        inline = self.doc.part.new_pic_inline(io.BytesIO(png), Mm(width), Mm(height))
        paragraph = element(paragraph_xml("<w:r><w:drawing/></w:r>", align="center", after_pt=6))
        paragraph.find(".//{*}drawing").append(inline)
        # The picture's name and description say what it shows (screen readers, Word's alt text).
        doc_pr = inline.find(".//{*}docPr")
        if doc_pr is not None:
            doc_pr.set("name", chart.key or "chart")
            doc_pr.set("descr", clean(chart.title))
        self.body.append(paragraph)

    def section(self, section: Section, depth: int) -> None:
        self.add(_heading(section, depth))
        for text in _split(section.paragraphs):
            self.add(_text_paragraph(text))
        for table in section.tables:
            self.table(table)
        for chart in section.charts:
            self.chart(chart)
        for sub in section.subsections:
            self.section(sub, depth + 1)


def build_body(subdoc: Any, doc: ReportDocument) -> Any:
    """Fill the docxtpl ``subdoc`` with ``doc``'s opening and sections; returns it."""
    body = _Body(subdoc)
    for text in _split(doc.opening):
        body.add(_text_paragraph(text))
    for section in doc.sections:
        body.section(section, 0)
    return subdoc
