"""The shipped Word template of a report (``default_template()``), built by code with
python-docx: no binary in git, and the department downloads it, edits it in Word and uploads
its own (``docx.check_template``).

The layout is Decree 30/2020/NĐ-CP's (Phụ lục I):

- A4, margins top 20, bottom 20, left 30, right 15 mm; Times New Roman, body 14 pt;
  Vietnamese as the proofing language.
- The header block, a borderless two-column table (65 + 100 mm): left the governing body
  (capitals, 13 pt) and the issuing body (capitals, bold, 13 pt) with a short line under it
  (22 mm), then "Số: …" (13 pt); right the national title (capitals, bold, 13 pt), the motto
  (bold, 14 pt) with a line as long as the motto under it, then the place and date (italics,
  14 pt).
- "BÁO CÁO" and the summary, bold and centred, a short line (50 mm) under the summary.
- ``{{p body }}``: the report's opening, sections, tables and charts.
- "Nơi nhận:" (bold italic 12 pt) and its entries (11 pt, "- …") bottom left; the signature
  bottom right (authority and title in bold capitals, 14 pt, room to sign, the name bold).
- Page numbers centred in the header from page 2 (a different first page; a PAGE field).

The lines' lengths are fixed in the template (the issuing body's name varies): a department
that wants another length draws its own in its copy.
"""

from __future__ import annotations

import io
from functools import cache

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from cchc.core.reporting.ooxml import FONT, border_xml, element, paragraph_xml, rule_xml, run_xml, twips

__all__ = [
    "BODY_FONT_PT",
    "HEADER_WIDTHS_MM",
    "MARGINS_MM",
    "MOTTO",
    "NATIONAL_TITLE",
    "PAGE_MM",
    "SIGNATURE_WIDTHS_MM",
    "TEXT_WIDTH_MM",
    "default_template",
]

PAGE_MM = (210.0, 297.0)
MARGINS_MM = {"top": 20.0, "bottom": 20.0, "left": 30.0, "right": 15.0}
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]  # 165
BODY_FONT_PT = 14.0
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
HEADER_WIDTHS_MM = (65.0, 100.0)
SIGNATURE_WIDTHS_MM = (82.5, 82.5)
# The motto in Times New Roman bold 14 pt (measured with Liberation Serif, the same metrics).
MOTTO_WIDTH_MM = 60.5
ISSUER_LINE_MM = 22.0
SUMMARY_LINE_MM = 50.0


def _layout_table(widths_mm: tuple[float, ...], rows: list[list[str]]) -> str:
    """A borderless table of fixed column widths (no cell margins left and right), each
    cell given as its paragraphs' XML."""
    grid = "".join(f'<w:gridCol w:w="{twips(w)}"/>' for w in widths_mm)
    borders = "".join(
        border_xml(side, val="nil") for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    trs = []
    for cells in rows:
        tcs = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{twips(w)}" w:type="dxa"/></w:tcPr>{content}</w:tc>'
            for w, content in zip(widths_mm, cells, strict=True)
        )
        trs.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{tcs}</w:tr>")
    return (
        "<w:tbl><w:tblPr>"
        f'<w:tblW w:w="{twips(sum(widths_mm))}" w:type="dxa"/>'
        f"<w:tblBorders>{borders}</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        'w:noHBand="1" w:noVBand="1"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(trs)}</w:tbl>"
    )


def _centred(text: str, size: float, *, bold: bool = False, italic: bool = False, caps: bool = False) -> str:
    return paragraph_xml(run_xml(text, size=size, bold=bold, italic=italic, caps=caps), align="center")


def _header_block() -> str:
    left, right = HEADER_WIDTHS_MM
    issuer = (
        _centred("{{ governing_body }}", 13, caps=True)
        + _centred("{{ issuing_body }}", 13, bold=True, caps=True)
        + rule_xml(ISSUER_LINE_MM, left, before_pt=3)
    )
    nation = (
        _centred(NATIONAL_TITLE, 13, bold=True)
        + _centred(MOTTO, 14, bold=True)
        + rule_xml(MOTTO_WIDTH_MM, right, before_pt=3)
    )
    number = paragraph_xml(run_xml("{{ number }}", size=13), align="center", before_pt=6)
    place = paragraph_xml(run_xml("{{ place_date }}", size=14, italic=True), align="center", before_pt=6)
    return _layout_table(HEADER_WIDTHS_MM, [[issuer, nation], [number, place]])


def _closing_block() -> str:
    recipients = (
        paragraph_xml(run_xml("Nơi nhận:", size=12, bold=True, italic=True), before_pt=12)
        + paragraph_xml(run_xml("{%p for r in recipients %}", size=11))
        + paragraph_xml(run_xml("- {{ r }}", size=11))
        + paragraph_xml(run_xml("{%p endfor %}", size=11))
    )
    signature = (
        paragraph_xml(run_xml("{%p if signature.authority %}", size=14))
        + paragraph_xml(
            run_xml("{{ signature.authority }}", size=14, bold=True, caps=True), align="center", before_pt=12
        )
        + paragraph_xml(run_xml("{%p endif %}", size=14))
        + paragraph_xml(run_xml("{{ signature.title }}", size=14, bold=True, caps=True), align="center")
        # Room for the signature and the seal.
        + paragraph_xml(run_xml("{{ signature.name }}", size=14, bold=True), align="center", before_pt=84)
    )
    return _layout_table(SIGNATURE_WIDTHS_MM, [[recipients, signature]])


def _page_number_field(paragraph_element: object) -> None:
    for xml in (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        "<w:r><w:t>2</w:t></w:r>",
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph_element.append(element(xml))  # type: ignore[attr-defined]


def _defaults(document: object) -> None:
    """Times New Roman 14 pt everywhere (the document defaults and Normal), Vietnamese."""
    styles = document.styles  # type: ignore[attr-defined]
    rpr_default = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for child in list(rpr_default):
        if child.tag in (qn("w:rFonts"), qn("w:lang"), qn("w:sz"), qn("w:szCs")):
            rpr_default.remove(child)
    rpr_default.insert(
        0, element(f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>')
    )
    rpr_default.append(element(f'<w:sz w:val="{round(BODY_FONT_PT * 2)}"/>'))
    rpr_default.append(element(f'<w:szCs w:val="{round(BODY_FONT_PT * 2)}"/>'))
    rpr_default.append(element('<w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/>'))
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_FONT_PT)
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), FONT)
    rfonts.set(qn("w:cs"), FONT)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0


def build_template() -> bytes:
    """The template's bytes, built anew (:func:`default_template` caches them)."""
    document = Document()
    _defaults(document)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance = section.footer_distance = Mm(10)
    section.gutter = Mm(0)
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = ""
    number = section.header.paragraphs[0]
    number.alignment = 1  # centre
    number.paragraph_format.space_after = Pt(0)
    _page_number_field(number._p)
    for run in number.runs:
        run.font.size = Pt(13)

    body = document.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)
    sect_pr = body.find(qn("w:sectPr"))
    parts = [
        _header_block(),
        paragraph_xml(
            run_xml("{{ title }}", size=14, bold=True), align="center", before_pt=18, keep_next=True
        ),
        paragraph_xml(run_xml("{{ summary }}", size=14, bold=True), align="center", keep_next=True),
        rule_xml(SUMMARY_LINE_MM, TEXT_WIDTH_MM, before_pt=4),
        paragraph_xml(run_xml("{{p body }}")),
        # A paragraph between the body (which may end with a table) and the closing table,
        # or Word would join the two tables.
        paragraph_xml("", after_pt=6),
        _closing_block(),
        paragraph_xml(""),
    ]
    for xml in parts:
        sect_pr.addprevious(element(xml))
    props = document.core_properties
    props.title = "Mẫu báo cáo"
    props.author = "cchc"
    props.language = "vi-VN"
    props.comments = "Mẫu báo cáo theo Nghị định 30/2020/NĐ-CP: xem docs/report-template.md."
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@cache
def default_template() -> bytes:
    """The shipped template (built once per process)."""
    return build_template()
