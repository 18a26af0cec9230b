"""Small pieces of WordprocessingML shared by the shipped template and the body: paragraph
and run properties written as XML (fast to build by the thousand, and the same in both)."""

from __future__ import annotations

from typing import Literal
from xml.sax.saxutils import escape

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.oxml.xmlchemy import BaseOxmlElement

from cchc.core.reporting.cells import clean

__all__ = [
    "FONT",
    "TWIPS_PER_MM",
    "Align",
    "border_xml",
    "element",
    "paragraph_xml",
    "rule_xml",
    "run_xml",
    "twips",
]

FONT = "Times New Roman"
TWIPS_PER_MM = 1440 / 25.4

Align = Literal["left", "center", "right", "both"]


def twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def element(xml: str) -> BaseOxmlElement:
    """One element parsed from ``xml`` written without namespace declarations."""
    head, _, rest = xml.partition(">")
    closing = head.endswith("/")
    head = head[:-1] if closing else head
    return parse_xml(f"{head} {nsdecls('w', 'r', 'wp', 'a', 'pic')}{'/' if closing else ''}>{rest}")


def run_xml(
    text: str,
    *,
    size: float | None = None,
    bold: bool = False,
    italic: bool = False,
    caps: bool = False,
) -> str:
    """A run of ``text`` (NFC, cleaned, escaped); ``size`` in points, None: the style's."""
    props = "".join(
        [
            "<w:b/><w:bCs/>" if bold else "",
            "<w:i/><w:iCs/>" if italic else "",
            "<w:caps/>" if caps else "",
            f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>' if size else "",
        ]
    )
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(clean(text))}</w:t></w:r>'


def paragraph_xml(
    runs: str,
    *,
    align: Align | None = None,
    first_line_mm: float = 0.0,
    before_pt: float = 0.0,
    after_pt: float = 0.0,
    line: float | None = None,
    keep_next: bool = False,
    outline: int | None = None,
    extra_ppr: str = "",
) -> str:
    """A paragraph of ``runs`` (from :func:`run_xml`); ``line`` a multiple of single spacing."""
    parts = []
    if keep_next:
        parts.append("<w:keepNext/>")
    parts.append(extra_ppr)
    spacing = f'w:before="{round(before_pt * 20)}" w:after="{round(after_pt * 20)}"'
    if line:
        spacing += f' w:line="{round(line * 240)}" w:lineRule="auto"'
    parts.append(f"<w:spacing {spacing}/>")
    if first_line_mm:
        parts.append(f'<w:ind w:firstLine="{twips(first_line_mm)}"/>')
    if align:
        parts.append(f'<w:jc w:val="{align}"/>')
    if outline is not None:
        parts.append(f'<w:outlineLvl w:val="{outline}"/>')
    return f"<w:p><w:pPr>{''.join(parts)}</w:pPr>{runs}</w:p>"


def border_xml(tag: str, *, size_eighths: int = 4, val: str = "single") -> str:
    """One border side (``tag`` "top", "insideH", …), ``size_eighths`` of a point thick."""
    return f'<w:{tag} w:val="{val}" w:sz="{size_eighths}" w:space="0" w:color="000000"/>'


def rule_xml(length_mm: float, space_mm: float, *, before_pt: float = 0.0) -> str:
    """A centred horizontal line ``length_mm`` long in a space ``space_mm`` wide: an empty,
    tiny paragraph whose top border is the line (the Decree's short lines under the issuing
    body, the motto and the summary). A separate paragraph, so the text above never wraps
    because of the indents that shorten the border."""
    side = max(0, twips((space_mm - length_mm) / 2))
    return (
        "<w:p><w:pPr>"
        f"<w:pBdr>{border_xml('top', size_eighths=6)}</w:pBdr>"
        f'<w:spacing w:before="{round(before_pt * 20)}" w:after="0" w:line="240" w:lineRule="auto"/>'
        f'<w:ind w:left="{side}" w:right="{side}"/>'
        '<w:rPr><w:sz w:val="4"/><w:szCs w:val="4"/></w:rPr>'
        '</w:pPr><w:r><w:rPr><w:sz w:val="4"/><w:szCs w:val="4"/></w:rPr>'
        '<w:t xml:space="preserve"></w:t></w:r></w:p>'
    )
