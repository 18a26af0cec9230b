"""The score table of a self-assessment as a Word document (python-docx)."""

from __future__ import annotations

import io
from decimal import Decimal

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from cchc.core.formats import number_text
from cchc.core.reporting.cells import clean
from cchc.core.scoring.score_sheet import DOCX_WIDTHS_MM, HEADERS, ScoreSheet, lines, sheet_title, subtitle

__all__ = ["sheet_docx"]

FONT = "Times New Roman"
TITLE_PT, TEXT_PT, TABLE_PT = 14, 13, 12
MARGIN_MM = 16


def _points(d: Decimal | None) -> str:
    return "" if d is None else number_text(d)


def _font(run, size: float, *, bold: bool = False, italic: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic = bold, italic
    # East Asian and complex scripts fall back to another font unless named too.
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _paragraph(container, text: str, size: float, *, bold=False, italic=False, align=None) -> None:
    p = container.add_paragraph()
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(2)
    for n, part in enumerate(clean(text).split("\n")):
        if n:
            p.add_run().add_break()
        _font(p.add_run(part), size, bold=bold, italic=italic)


def _cell(cell, text: str, *, bold=False, italic=False, align=None) -> None:
    cell.paragraphs[0].text = ""
    p = cell.paragraphs[0]
    if align is not None:
        p.alignment = align
    for n, part in enumerate(clean(text).split("\n")):
        if n:
            p.add_run().add_break()
        _font(p.add_run(part), TABLE_PT, bold=bold, italic=italic)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def sheet_docx(sheet: ScoreSheet) -> bytes:
    """The table as a .docx: landscape A4, Times New Roman (title 14, text 13, table 12), the
    header row repeated on every page; the same lines as the workbook (``score_sheet.lines``)."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(TEXT_PT)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(doc, sheet_title(sheet), TITLE_PT, bold=True, align=centre)
    _paragraph(doc, subtitle(sheet), TEXT_PT, italic=True, align=centre)
    if sheet.state:
        _paragraph(doc, f"Tình trạng: {sheet.state}", TEXT_PT, align=centre)
    table = doc.add_table(rows=1, cols=len(HEADERS))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    header = table.rows[0]
    _repeat_header(header)
    for cell, text in zip(header.cells, HEADERS, strict=True):
        _cell(cell, text, bold=True, align=centre)
    right = WD_ALIGN_PARAGRAPH.RIGHT
    for stt, title, maximum, self_score, evidence, explanation, appraised, kind in lines(sheet):
        bold = kind in ("area", "heading", "total")
        italic = kind == "sub"
        cells = table.add_row().cells
        _cell(cells[0], stt, bold=bold, align=centre)
        _cell(cells[1], title, bold=bold, italic=italic)
        _cell(cells[2], _points(maximum), bold=bold, align=right)
        _cell(cells[3], _points(self_score), bold=bold, align=right)
        _cell(cells[4], evidence)
        _cell(cells[5], explanation)
        _cell(cells[6], _points(appraised), bold=bold, align=right)
    for row in table.rows:
        for cell, width in zip(row.cells, DOCX_WIDTHS_MM, strict=True):
            cell.width = Mm(width)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
