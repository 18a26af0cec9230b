"""Builders of test documents: a sample text plan rebuilt in the other carriers.

The samples in ``shared/samples/plans`` are text extracted from Word/PDF files. These
functions turn such a text back into what a clerk actually uploads (a Word file with
merged cells, an Excel workbook, a PDF with a text layer, a table copied from a
legal-document web site) so the readers and the parser can be tested and benchmarked on
every carrier. They read the sample text directly and never use the plan parser.
"""

from __future__ import annotations

import html
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
_SECTION_NUMBER = re.compile(rf"^(?=[IVX])({_ROMAN})\.?$")
_SECTION_GLUED = re.compile(rf"^(?=[IVX])({_ROMAN})\.?\s+\S")
_TAG = re.compile(r"<[^>]+>")
_INLINE_TAG = re.compile(r"</?(?:i|b|u|em|strong|span)\b[^>]*>", re.IGNORECASE)


# --- the sample text -----------------------------------------------------------------


@dataclass
class SampleTable:
    title: list[str]  # the appendix title lines right above the table
    rows: list[list[str]]  # header first, page-break structure removed
    lead: list[str] = field(default_factory=list)  # paragraphs between the previous table and the title


@dataclass
class SamplePlan:
    body: list[str] = field(default_factory=list)  # paragraphs before the first table
    tables: list[SampleTable] = field(default_factory=list)
    after: list[str] = field(default_factory=list)  # paragraphs after the last table


def _split_title(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """Split the paragraphs before a table into (body, appendix title lines).

    The title is "PHỤ LỤC" and what follows it when that line is near the table, else the
    "(Kèm theo …)" line with the upper-case lines above it.
    """
    tail = paragraphs[-5:]
    for i, p in enumerate(tail):
        if p.strip().upper().startswith("PHỤ LỤC"):
            cut = len(paragraphs) - len(tail) + i
            return paragraphs[:cut], paragraphs[cut:]
    cut = len(paragraphs)
    while cut > 0 and len(paragraphs) - cut < 4:
        p = paragraphs[cut - 1].strip()
        is_note = p.startswith("(") and cut == len(paragraphs)
        if is_note or (p == p.upper() and any(c.isalpha() for c in p)):
            cut -= 1
            continue
        break
    return paragraphs[:cut], paragraphs[cut:]


def parse_sample(text: str) -> SamplePlan:
    """Read a sample text plan: paragraphs, and tables with the page-break structure removed."""
    plan = SamplePlan()
    pending: list[str] = []  # paragraphs since the last table
    table: SampleTable | None = None
    after_header = False
    for line in text.replace("\r\n", "\n").split("\n"):
        if "\t" in line:
            cells = [c.strip() for c in line.split("\t")]
            if table is None:
                lead, title = _split_title(pending)
                if not plan.tables:
                    plan.body, lead = lead, []
                pending = []
                table = SampleTable(title=title, rows=[cells], lead=lead)
                plan.tables.append(table)
                after_header = False
                continue
            header = table.rows[0]
            if cells == header:
                after_header = True
                continue
            if after_header and not cells[0] and len(table.rows) > 1:
                prev = table.rows[-1]
                width = max(len(prev), len(cells))
                prev.extend([""] * (width - len(prev)))
                for i, c in enumerate(cells):
                    prev[i] = " ".join(p for p in (prev[i], c) if p.strip())
            else:
                table.rows.append(cells)
            after_header = False
            continue
        if not line.strip():
            continue
        table = None
        pending.append(line.strip())
    if plan.tables:
        plan.after.extend(pending)
    else:
        plan.body = pending
    return plan


def sample_tables(text: str) -> tuple[list[str], list[list[list[str]]]]:
    """(body paragraphs, tables): each table is its header row then the data rows, with
    repeated headers dropped and page-continuation rows merged into the row above."""
    plan = parse_sample(text)
    paragraphs = list(plan.body)
    for t in plan.tables:
        paragraphs.extend(t.lead + t.title)
    paragraphs.extend(plan.after)
    return paragraphs, [t.rows for t in plan.tables]


# --- cell text helpers -----------------------------------------------------------------


@dataclass
class Para:
    """One paragraph of a cell: runs of (text, italic); ``bullet`` = a Word list item."""

    runs: list[tuple[str, bool]]
    bullet: bool = False

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.runs)


def _runs(fragment: str) -> list[tuple[str, bool]]:
    runs: list[tuple[str, bool]] = []
    italic = False
    for piece in re.split(r"(</?i>)", fragment):
        if piece == "<i>":
            italic = True
        elif piece == "</i>":
            italic = False
        elif piece:
            t = html.unescape(_TAG.sub("", piece))
            if t:
                runs.append((t, italic))
    # Trim the outer spaces of the paragraph.
    if runs:
        runs[0] = (runs[0][0].lstrip(), runs[0][1])
        runs[-1] = (runs[-1][0].rstrip(), runs[-1][1])
    return [r for r in runs if r[0]]


def _split_bullets(text: str) -> list[str]:
    return [p for p in re.split(r"\s+(?=[-+]\s)", text.strip()) if p.strip()]


def cell_paragraphs(cell: str) -> list[Para]:
    """The paragraphs a Word cell would hold for a sample cell (HTML remnants resolved)."""
    cell = re.sub(r"<br\s*/?>", "\n", cell)
    paras: list[Para] = []
    if re.search(r"<ul\b", cell):
        inner = re.sub(r"</?ul[^>]*>", " ", cell)
        items = re.split(r"<li[^>]*>", inner) if "<li" in inner else _split_bullets(inner)
        for item in items:
            item = re.sub(r"</li>", "", item).strip()
            if not item:
                continue
            bullet = item.startswith("- ")
            runs = _runs(item[2:] if bullet else item)
            if runs:
                paras.append(Para(runs, bullet=bullet))
        return paras
    if "<p>" in cell or "</p>" in cell:
        for chunk in re.split(r"</?p>", cell):
            runs = _runs(chunk)
            if runs:
                paras.append(Para(runs))
        return paras
    plain = cell.strip()
    if plain.startswith(("- ", "+ ")):
        return [Para(_runs(p)) for p in _split_bullets(plain) if _runs(p)]
    for line in plain.split("\n"):
        runs = _runs(line)
        if runs:
            paras.append(Para(runs))
    return paras


def plain_lines(cell: str) -> list[str]:
    """The cell's paragraphs as plain text (list items keep their "- ")."""
    return [("- " if p.bullet else "") + p.text for p in cell_paragraphs(cell)]


def is_section_row(row: list[str]) -> bool:
    first = row[0].strip() if row else ""
    return bool(first) and bool(_SECTION_NUMBER.match(first) or _SECTION_GLUED.match(first))


def section_span(row: list[str]) -> tuple[int, int] | None:
    """(first, last) column of a section row's title cell merged across the empty cells after it."""
    if not is_section_row(row):
        return None
    start = (
        0
        if _SECTION_GLUED.match(row[0].strip())
        else next((i for i in range(1, len(row)) if row[i].strip()), None)
    )
    if start is None:
        return None
    end = start
    while end + 1 < len(row) and not row[end + 1].strip():
        end += 1
    return (start, end) if end > start else None


def leading_empty(row: list[str]) -> int:
    n = 0
    while n < len(row) - 1 and not row[n].strip():
        n += 1
    return n


def merge_plan(rows: list[list[str]]) -> tuple[dict[int, tuple[int, int]], dict[int, int]]:
    """Which merges a clerk's file has: {row: (first, last)} horizontal spans of section rows,
    and {row: k} sub-rows whose first k cells merge vertically with the row above."""
    hspans: dict[int, tuple[int, int]] = {}
    vmerge: dict[int, int] = {}
    for r, row in enumerate(rows):
        if r == 0:
            continue
        span = section_span(row)
        if span:
            hspans[r] = span
            continue
        k = leading_empty(row)
        if k and r > 1 and (r - 1) not in hspans:
            vmerge[r] = k
    return hspans, vmerge


def _col_weights(rows: list[list[str]], width: int) -> list[float]:
    """Relative column widths: long columns wider, and room for the longest cell of each."""
    weights = []
    for c in range(width):
        lengths = [len(norm(r[c])) for r in rows[1:] if c < len(r)] or [0]
        typical = max(sum(lengths) / len(lengths), max(lengths) / 4)
        weights.append(max(8.0, min(typical, 120.0)) ** 0.75)
    return weights


def _pdf_widths(rows: list[list[str]], width: int, total_mm: float) -> list[float]:
    """Column widths in mm: each column fits its longest word (dates stay whole), the rest of
    the page is shared by :func:`_col_weights`."""
    mins = []
    for c in range(width):
        words = [w for r in rows if c < len(r) for w in norm(r[c]).split()] or [""]
        mins.append(min(max(len(w) for w in words) * 1.5 + 3, 30))
    weights = _col_weights(rows, width)
    spare = max(total_mm - sum(mins), 0)
    return [m + spare * w / sum(weights) for m, w in zip(mins, weights, strict=True)]


# --- Word --------------------------------------------------------------------------------


def build_docx(text: str, path: str | Path, *, merge_cells: bool = True) -> Path:
    """A real Word document: body paragraphs, then per appendix a title and ONE table with a
    bold repeating header row, section titles merged across (gridSpan) and sub-rows merged
    vertically with the task above (vMerge) when ``merge_cells``."""
    from docx import Document
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    plan = parse_sample(text)
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)

    def layout_table(cells: list[list[str]]) -> None:
        # Borderless, as in a real plan: the reader must give its text as body paragraphs.
        t = doc.add_table(rows=1, cols=len(cells))
        for cell, lines in zip(t.rows[0].cells, cells, strict=True):
            cell.paragraphs[0].text = lines[0] if lines else ""
            for line in lines[1:]:
                cell.add_paragraph(line)

    body = list(plan.body)
    if len(body) > 1 and body[0].startswith("Số") and re.search(r", ngày", body[1]):
        layout_table([[body[0]], [body[1]]])  # "Số: …/KH-SCT" | "…, ngày … tháng … năm …"
        body = body[2:]
    sign = next((i for i, p in enumerate(body) if p.startswith("Nơi nhận")), len(body))
    for p in body[:sign]:
        doc.add_paragraph(p)
    if sign < len(body):
        recipients = [body[sign]]
        rest = body[sign + 1 :]
        while rest and rest[0].startswith("-"):
            recipients.append(rest.pop(0))
        layout_table([recipients, rest])  # "Nơi nhận: - …" | "GIÁM ĐỐC … name"

    def set_cell(cell, paras: list[Para], *, bold: bool = False) -> None:
        first = cell.paragraphs[0]
        for i, para in enumerate(paras or [Para([])]):
            par = first if i == 0 else cell.add_paragraph()
            if para.bullet:
                par.style = doc.styles["List Bullet"]
            for t, italic in para.runs:
                run = par.add_run(t)
                run.bold = bold or None
                run.italic = italic or None

    for table_spec in plan.tables:
        rows = table_spec.rows
        width = max(len(r) for r in rows)
        for p in table_spec.lead:
            doc.add_paragraph(p)
        section = doc.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
        for i, line in enumerate(table_spec.title):
            par = doc.add_paragraph(style="Heading 2" if i == 0 else None)
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = par.add_run(line)
            run.italic, run.bold = (True, None) if line.startswith("(") else (None, True)
        table = doc.add_table(rows=0, cols=width)
        table.style = doc.styles["Table Grid"]
        usable = section.page_width - section.left_margin - section.right_margin
        weights = _col_weights(rows, width)
        col_widths = [int(usable * w / sum(weights)) for w in weights]
        for c, w in enumerate(col_widths):
            table.columns[c].width = w
        hspans, vmerge = merge_plan(rows) if merge_cells else ({}, {})
        for r, cells in enumerate(rows):
            cells = cells + [""] * (width - len(cells))
            row = table.add_row()
            for c, w in enumerate(col_widths):
                row.cells[c].width = w
            if r == 0:
                trPr = row._tr.get_or_add_trPr()
                header = OxmlElement("w:tblHeader")
                header.set(qn("w:val"), "true")
                trPr.append(header)
            bold = r == 0 or is_section_row(cells)
            for c in range(width):
                set_cell(row.cells[c], cell_paragraphs(cells[c]), bold=bold)
            # Merges are written in the XML directly: python-docx's merge() would move text.
            tcs = row._tr.tc_lst
            if r in vmerge:
                above_tcs = table.rows[r - 1]._tr.tc_lst
                for c in range(vmerge[r]):
                    top = above_tcs[c].get_or_add_tcPr()
                    if top.find(qn("w:vMerge")) is None:
                        restart = OxmlElement("w:vMerge")
                        restart.set(qn("w:val"), "restart")
                        top.append(restart)
                    tcs[c].get_or_add_tcPr().append(OxmlElement("w:vMerge"))
            if r in hspans:
                first, last = hspans[r]
                tcPr = tcs[first].get_or_add_tcPr()
                span = OxmlElement("w:gridSpan")
                span.set(qn("w:val"), str(last - first + 1))
                tcPr.tcW.addnext(span)  # schema order: tcW, gridSpan, vMerge, …
                tcPr.tcW.w = sum(col_widths[first : last + 1])
                for tc in tcs[first + 1 : last + 1]:
                    row._tr.remove(tc)
    for p in plan.after:
        doc.add_paragraph(p)
    path = Path(path)
    doc.save(path)
    return path


# --- Excel -------------------------------------------------------------------------------


def _excel_value(cell: str, column: int):
    text = "\n".join(plain_lines(cell))
    if column == 0 and re.fullmatch(r"\d{1,3}", text):
        return int(text)  # a clerk types task numbers as numbers
    if column == 0 and re.fullmatch(r"\d{1,2}\.[1-9]", text):
        return float(text)  # and "3.1" becomes a number too
    return text or None


def build_xlsx(text: str, path: str | Path, *, merge_cells: bool = True) -> Path:
    """An Office workbook: one sheet, the appendix title rows at the top (merged across),
    then the header and the rows, with the same merges as :func:`build_docx` as ranges."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    plan = parse_sample(text)
    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    r = 1
    for table_spec in plan.tables:
        rows = table_spec.rows
        width = max(len(x) for x in rows)
        for line in table_spec.title:
            ws.cell(r, 1, line).font = Font(bold=True)
            ws.cell(r, 1).alignment = Alignment(horizontal="center")
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
            r += 1
        r += 1  # a blank row between the title and the table
        top = r
        hspans, vmerge = merge_plan(rows) if merge_cells else ({}, {})
        for i, cells in enumerate(rows):
            cells = cells + [""] * (width - len(cells))
            bold = i == 0 or is_section_row(cells)
            for c, value in enumerate(cells):
                xc = ws.cell(r, c + 1, _excel_value(value, c) if i else value)
                xc.alignment = Alignment(wrap_text=True, vertical="top")
                xc.border = border
                if bold:
                    xc.font = Font(bold=True)
            r += 1
        # Vertical merges: extend a run while sub-rows keep covering the same column.
        for c in range(width):
            start = None
            for i in range(1, len(rows) + 1):
                covered = i < len(rows) and vmerge.get(i, 0) > c
                if covered and start is None:
                    start = i - 1
                elif not covered and start is not None:
                    ws.merge_cells(
                        start_row=top + start, start_column=c + 1, end_row=top + i - 1, end_column=c + 1
                    )
                    start = None
        for i, (first, last) in hspans.items():
            ws.merge_cells(start_row=top + i, start_column=first + 1, end_row=top + i, end_column=last + 1)
        for c, w in enumerate(_col_weights(rows, width)):
            ws.column_dimensions[get_column_letter(c + 1)].width = max(6, w * 3)
        r += 1
    path = Path(path)
    wb.save(path)
    return path


# --- PDF ---------------------------------------------------------------------------------


def build_pdf(text: str, path: str | Path, *, merge_cells: bool = True) -> Path:
    """A PDF with a text layer: the body on portrait pages, then each appendix on landscape
    pages as a ruled table whose header row repeats on every page (rows are never split
    by fpdf2, so a page ends between rows). Page numbers sit at the top from page 2."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    class PlanPDF(FPDF):
        def header(self) -> None:
            if self.page_no() > 1:
                self.set_font("DejaVu", size=9)
                self.cell(0, 5, str(self.page_no()), align="C", new_x="LMARGIN", new_y="NEXT")

    plan = parse_sample(text)
    pdf = PlanPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.add_font("DejaVu", "I", str(FONT_DIR / "DejaVuSans-Oblique.ttf"))
    pdf.set_font("DejaVu", size=10)
    if plan.body:
        pdf.add_page()
    for p in plan.body:
        pdf.multi_cell(0, 5, p, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
    for table_spec in plan.tables:
        rows = table_spec.rows
        width = max(len(x) for x in rows)
        if table_spec.lead:
            pdf.set_font("DejaVu", size=10)
            for p in table_spec.lead:
                pdf.multi_cell(0, 5, p, new_x="LMARGIN", new_y="NEXT")
        pdf.add_page(orientation="L")
        for line in table_spec.title:
            pdf.set_font("DejaVu", "I" if line.startswith("(") else "B", 10)
            pdf.multi_cell(0, 5, line, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        pdf.set_font("DejaVu", size=7)
        hspans, _ = merge_plan(rows) if merge_cells else ({}, {})
        bold = FontFace(emphasis="BOLD")
        with pdf.table(
            col_widths=_pdf_widths(rows, width, pdf.epw),
            repeat_headings=1,
            line_height=3.2,
            text_align="LEFT",
            v_align="TOP",
            headings_style=bold,
        ) as table:
            for i, cells in enumerate(rows):
                cells = cells + [""] * (width - len(cells))
                row = table.row()
                c = 0
                while c < width:
                    span = hspans.get(i)
                    value = "\n".join(plain_lines(cells[c]))
                    style = bold if i and is_section_row(cells) else None
                    if span and c == span[0]:
                        row.cell(value, colspan=span[1] - span[0] + 1, style=style)
                        c = span[1] + 1
                    else:
                        row.cell(value, style=style)
                        c += 1
    if plan.after:
        pdf.set_font("DejaVu", size=10)
        for p in plan.after:
            pdf.multi_cell(0, 5, p, new_x="LMARGIN", new_y="NEXT")
    path = Path(path)
    pdf.output(str(path))
    return path


def build_two_row_header_docx(text: str, path: str | Path) -> Path:
    """The sample's appendix in Word with a two-row header: "Đơn vị thực hiện" merged over
    its lead and coordinating columns ("Chủ trì" | "Phối hợp"), every other header cell
    merged down over both rows (python-docx writes gridSpan and vMerge)."""
    from docx import Document

    _, tables = sample_tables(text)
    rows = tables[0]
    header = rows[0]
    lead = next(i for i, h in enumerate(header) if "chủ trì" in h.lower() or "thực hiện" in h.lower())
    coord = next(i for i, h in enumerate(header) if "phối hợp" in h.lower())
    assert coord == lead + 1, header
    from docx.enum.section import WD_ORIENT

    doc = Document()
    section = doc.sections[0]  # an appendix is laid out landscape
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    doc.add_paragraph("KẾ HOẠCH")
    doc.add_paragraph("Cải cách hành chính năm 2025")
    doc.add_paragraph("PHỤ LỤC")
    t = doc.add_table(rows=2 + len(rows) - 1, cols=len(header))
    t.style = "Table Grid"  # ruled, as a plan's table is (and as a PDF of it shows)
    for j, label in enumerate(header):
        if j in (lead, coord):
            t.cell(1, j).text = "Chủ trì" if j == lead else "Phối hợp"
        else:
            t.cell(0, j).text = label
            t.cell(0, j).merge(t.cell(1, j))
    t.cell(0, lead).merge(t.cell(0, coord)).text = "Đơn vị thực hiện"
    for r, row in enumerate(rows[1:], start=2):
        for j, value in enumerate(row[: len(header)]):
            t.cell(r, j).text = norm(value)
    doc.save(str(path))
    return Path(path)


def build_two_row_header_xlsx(text: str, path: str | Path) -> Path:
    """The same two-row header as :func:`build_two_row_header_docx`, in a workbook: "Đơn vị
    thực hiện" merged across its two columns, every other header cell merged down."""
    from openpyxl import Workbook

    _, tables = sample_tables(text)
    rows = tables[0]
    header = rows[0]
    lead = next(i for i, h in enumerate(header) if "chủ trì" in h.lower() or "thực hiện" in h.lower())
    coord = next(i for i, h in enumerate(header) if "phối hợp" in h.lower())
    wb = Workbook()
    ws = wb.active
    ws.cell(1, 1, "KẾ HOẠCH Cải cách hành chính năm 2025")
    top = 3
    for j, label in enumerate(header, start=1):
        if j - 1 in (lead, coord):
            ws.cell(top + 1, j, "Chủ trì" if j - 1 == lead else "Phối hợp")
        else:
            ws.cell(top, j, label)
            ws.merge_cells(start_row=top, start_column=j, end_row=top + 1, end_column=j)
    ws.cell(top, lead + 1, "Đơn vị thực hiện")
    ws.merge_cells(start_row=top, start_column=lead + 1, end_row=top, end_column=coord + 1)
    for r, row in enumerate(rows[1:], start=top + 2):
        for j, value in enumerate(row[: len(header)], start=1):
            if norm(value):
                ws.cell(r, j, norm(value))
    wb.save(str(path))
    return Path(path)


# --- legal-document web sites --------------------------------------------------------------


def _wrap_cell(cell: str, bold: bool, width: int) -> list[str]:
    lines: list[str] = []
    for para in plain_lines(cell):
        lines.extend(textwrap.wrap(para, width=width, break_long_words=False, break_on_hyphens=False))
    if bold and lines:
        lines[0] = "**" + lines[0]
        lines[-1] = lines[-1] + "**"
    return lines


def build_line_cells(text: str, *, width: int = 60, blank_lines: bool = True, colspan: bool = True) -> str:
    """The table as copied from a legal-document web site (``samples/web/FORMAT.md``): each
    cell on its own hard-wrapped lines, a line holding only "|" between the cells of a row
    and around every row (so two between rows), an empty cell as nothing between two "|",
    ``**bold**`` header and section rows. With ``colspan`` a section row is written as its
    merged cells only (``| I | TITLE |``); without ``blank_lines`` paragraphs and tables
    follow one another with no blank line at all."""
    plan = parse_sample(text)
    out: list[str] = []
    gap = [""] if blank_lines else []
    for p in plan.body:
        out += [p, *gap]
    for table_spec in plan.tables:
        for p in table_spec.lead:
            out += [p, *gap]
        for line in table_spec.title:
            out += [f"**{line}**", *gap]
        for i, row in enumerate(table_spec.rows):
            bold = i == 0 or is_section_row(row)
            cells = list(row)
            if colspan and is_section_row(row):
                while len(cells) > 2 and not cells[-1].strip():
                    cells.pop()
            out.append("|")
            for c, cell in enumerate(cells):
                if c:
                    out.append("|")
                out.extend(_wrap_cell(cell, bold, width))
            out.append("|")
        out += gap
    for p in plan.after:
        out += [p, *gap]
    return "\n".join(out)


# --- comparison helpers for the tests ------------------------------------------------------


def norm(text: str) -> str:
    """Cell text for comparison: HTML stripped, ``**`` removed, whitespace collapsed."""
    text = _INLINE_TAG.sub("", text)  # <i>…</i> sits inside words: "(<i>khuyến" is "(khuyến"
    text = html.unescape(_TAG.sub(" ", text)).replace("**", "")
    return " ".join(text.split())


def squash(text: str) -> str:
    """Cell text with every space removed: for PDF, whose line breaks fall anywhere."""
    return "".join(norm(text).split())


__all__ = [
    "SamplePlan",
    "SampleTable",
    "build_docx",
    "build_line_cells",
    "build_pdf",
    "build_two_row_header_docx",
    "build_xlsx",
    "cell_paragraphs",
    "merge_plan",
    "norm",
    "parse_sample",
    "sample_tables",
    "squash",
]
