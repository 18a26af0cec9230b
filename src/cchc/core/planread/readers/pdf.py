"""PDF plans with a text layer (exported from Word, or printed to PDF).

Per page: the ruled tables (pdfplumber's "lines" strategy; only when no page has a ruled
table, the "text" strategy for borderless tables), and the text outside the tables as
paragraphs, all in reading order (top to bottom). A table that opens a page right after a
page that ended with a table is flagged ``continues_previous``: its first rows are the
repeated header and the rest of a cell cut by the page. Page numbers in the top or bottom
margin are dropped so that they do not come between the two. A PDF without text (a scan)
is refused: reading it needs OCR.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from cchc.core.planread.document import Cell, Document, Paragraph, PlanReadError, Table
from cchc.core.planread.readers.limits import DEFAULT_LIMITS, ReadLimits, too_many
from cchc.core.planread.readers.pdfguard import check_pdf_streams

NO_TEXT_MESSAGE = (
    "Tệp PDF không có lớp chữ (bản quét): hãy dùng tệp Word hoặc PDF có chữ, "
    "hoặc nhận dạng chữ (OCR) trước khi tải lên."
)
_LINES: dict[str, Any] = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
_TEXT: dict[str, Any] = {"vertical_strategy": "text", "horizontal_strategy": "text"}
_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[-–—\s]*$", re.IGNORECASE)
# A line that starts a new paragraph even when it follows the previous one closely.
_NEW_ITEM = re.compile(r"^(?:[-+•–]\s|\d{1,3}(?:\.\d{1,3})*[.)]\s|[IVXLC]{1,6}\.\s|[a-zđ]\)\s)")
_MARGIN = 0.07  # top/bottom share of the page where page numbers live
# A list bullet drawn by Word or LibreOffice: a Symbol/Wingdings glyph (private use area,
# e.g. U+F0B7) or a Unicode bullet. Given as "- ", as the Word reader gives a bullet.
_BULLET = re.compile(r"^[\uf0a7\uf0b7\uf0d8\uf076\uf0fc\u2022\u25aa\u25cf\u25e6\u2023\u2043](?:\s+|$)")


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    font: tuple[str, int] = ("", 0)


@dataclass
class _Found:
    """A table found on a page: rows ``first``..``last`` (inclusive) of a pdfplumber table."""

    table: Any
    first: int
    last: int
    borderless: bool = False

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        x0, _, x1, _ = self.table.bbox
        return (x0, self.table.rows[self.first].bbox[1], x1, self.table.rows[self.last].bbox[3])


def _clean(text: str | None) -> str:
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text.replace("\xa0", " "))
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(_BULLET.sub("- ", line) for line in lines).strip()


def _column_spans(table: Any) -> list[tuple[float, float]]:
    """Each grid column's left and right edge. pdfplumber's column boxes are the union of
    their cells, so a cell spanning several columns (a section title across the table)
    widens its first column to the table's edge: the middle of such a box lies in another
    column, and a cell merged from above there was taken for an empty one. A column ends
    where the next one starts."""
    lefts = [col.bbox[0] for col in table.columns]
    rights = [*lefts[1:], table.bbox[2]]
    return list(zip(lefts, rights, strict=True))


def _table_rows(found: _Found) -> list[list[Cell]]:
    """Rows of a pdfplumber table; a missing cell is covered by a merged one (left or above)."""
    table = found.table
    extracted = table.extract()
    rows: list[list[Cell]] = []
    spans = _column_spans(table)
    for r, (plumb_row, texts) in enumerate(zip(table.rows, extracted, strict=False)):
        if not found.first <= r <= found.last:
            continue
        row: list[Cell] = []
        for c, text in enumerate(texts):
            if text is not None or r >= len(table.rows) or c >= len(spans):
                row.append(Cell(_clean(text)))
                continue
            top = plumb_row.bbox[1]
            x0, x1 = spans[c]
            cx, cy = (x0 + x1) / 2, (top + plumb_row.bbox[3]) / 2
            cover = next(
                (b for b in table.cells if b[0] - 0.5 <= cx <= b[2] + 0.5 and b[1] - 0.5 <= cy <= b[3] + 0.5),
                None,
            )
            if cover is not None and cover[1] < top - 1:
                row.append(Cell("", merged_above=True))
            elif cover is not None and cover[0] < x0 - 1:
                row.append(Cell("", merged_left=True))
            else:
                row.append(Cell(""))
        if any(c.text or c.merged_above or c.merged_left for c in row):
            rows.append(row)
    if found.borderless and rows:  # columns made of nothing but alignment gaps
        keep = [c for c in range(len(rows[0])) if any(row[c].text for row in rows)]
        rows = [[row[c] for c in keep] for row in rows]
    return rows


def _paragraphs(lines: list[_Line], right: float) -> list[tuple[float, str]]:
    """Join the text lines of a page into paragraphs: a line continues the previous one when
    it follows closely and the previous one ran to the right margin (it was wrapped)."""
    out: list[tuple[float, list[str]]] = []
    prev: _Line | None = None
    for line in lines:
        height = max(line.bottom - line.top, 1.0)
        joins = (
            prev is not None
            and line.top - prev.bottom < 0.8 * height
            and prev.x1 > right - 4 * height
            and prev.font == line.font  # a title, then an italic "(Kèm theo …)" line
            and not _NEW_ITEM.match(line.text)
        )
        if joins:
            out[-1][1].append(line.text)
        else:
            out.append((line.top, [line.text]))
        prev = line
    return [(top, " ".join(parts)) for top, parts in out]


def _find_tables(page: Any, settings: dict[str, Any]) -> list[_Found]:
    if settings is _TEXT:
        return _find_text_tables(page)
    # A lone framed box (one column) is a paragraph, not a table.
    return [_Found(t, 0, len(t.rows) - 1) for t in page.find_tables(settings) if len(t.columns) >= 2]


def _find_text_tables(page: Any) -> list[_Found]:
    """Borderless tables. pdfplumber's text strategy puts the outer edges on aligned word
    edges and so can leave the last column's words out: the outer edges are pinned to the
    text's extent. Its column edges run through the whole region, so running text above or
    below the table is cut mid-word by them: keep the longest run of rows that no column
    edge cuts (at least three rows with text)."""
    words = page.extract_words()
    if not words:
        return []
    left = min(w["x0"] for w in words) - 1
    right = max(w["x1"] for w in words) + 1
    found: list[_Found] = []
    for t in page.find_tables({**_TEXT, "explicit_vertical_lines": [left, right]}):
        if len(t.columns) < 3:
            continue
        edges = [c.bbox[0] for c in t.columns[1:]]
        best: tuple[int, int, int] | None = None  # (rows with text, first, last)
        run: list[int] = []  # rows with text in the current uncut run
        for r, row in enumerate([*t.rows, None]):
            if row is not None:
                top, bottom = row.bbox[1], row.bbox[3]
                in_row = [w for w in words if top <= (w["top"] + w["bottom"]) / 2 <= bottom]
                if not any(w["x0"] + 1 < e < w["x1"] - 1 for w in in_row for e in edges):
                    # The table starts at a row with two filled columns (the header), not at the
                    # short last line of a paragraph above it.
                    filled = {sum(e <= w["x0"] for e in edges) for w in in_row}
                    if in_row and (run or len(filled) >= 2):
                        run.append(r)
                    continue
            if len(run) >= 3 and (best is None or len(run) > best[0]):
                best = (len(run), run[0], run[-1])
            run = []
        if best:
            found.append(_Found(t, best[1], best[2], borderless=True))
    return found


def _page_blocks(page: Any, tables: list[_Found], page_no: int) -> list[Paragraph | Table]:
    """The page's paragraphs and tables, top to bottom."""
    boxes = [t.bbox for t in tables]

    def outside(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    lines: list[_Line] = []
    for raw in page.filter(outside).extract_text_lines(return_chars=True):
        text = _clean(raw["text"])
        if not text:
            continue
        in_margin = raw["top"] < page.height * _MARGIN or raw["bottom"] > page.height * (1 - _MARGIN)
        if in_margin and _PAGE_NUMBER.match(text):
            continue
        first = next((c for c in raw["chars"] if not c["text"].isspace()), None)
        font = (first["fontname"], round(first["size"])) if first else ("", 0)
        lines.append(_Line(text, raw["x0"], raw["x1"], raw["top"], raw["bottom"], font))
    right = max((ln.x1 for ln in lines), default=page.width)
    blocks: list[tuple[float, Paragraph | Table]] = [
        (top, Paragraph(text)) for top, text in _paragraphs(lines, right)
    ]
    for t in tables:
        rows = _table_rows(t)
        if rows:
            blocks.append((t.bbox[1], Table(rows=rows, origins=[page_no] * len(rows))))
    blocks.sort(key=lambda b: b[0])
    return [b for _, b in blocks]


def _open_error(exc: BaseException) -> PlanReadError:
    chain: list[BaseException] = []
    seen: BaseException | None = exc
    while seen is not None and seen not in chain:
        chain.append(seen)
        chain.extend(a for a in getattr(seen, "args", ()) if isinstance(a, BaseException))
        seen = seen.__cause__ or seen.__context__
    names = {type(e).__name__ for e in chain}
    if names & {"PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"}:
        return PlanReadError(
            "encrypted", "Tệp PDF được đặt mật khẩu: hãy gỡ mật khẩu (hoặc xuất lại tệp) rồi tải lên."
        )
    return PlanReadError("corrupt", "Tệp PDF bị hỏng hoặc không đúng định dạng: không đọc được.")


def read_pdf(data: bytes, limits: ReadLimits = DEFAULT_LIMITS) -> Document:
    """Read a PDF's text layer into paragraphs and tables, page by page (refused first when
    it has more pages than ``limits`` allow: each page costs a table search; or when its
    streams expand to more than a .docx may: ``pdfguard``)."""
    check_pdf_streams(data, limits.zip.max_total_bytes)
    try:
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = list(pdf.pages)
            if len(pages) > limits.max_pages:
                raise too_many("trang", limits.max_pages)
            chars = 0
            per_page: list[list[Paragraph | Table]] = []
            for page_no, page in enumerate(pages, start=1):  # one page's objects in memory at a time
                chars += sum(1 for c in page.chars if not c["text"].isspace())
                per_page.append(_page_blocks(page, _find_tables(page, _LINES), page_no))
                page.flush_cache()
            if chars < max(30, 10 * len(pages)):
                raise PlanReadError("no_text", NO_TEXT_MESSAGE)
            if not any(isinstance(b, Table) for blocks in per_page for b in blocks):
                per_page = []  # no ruled table anywhere: read again, looking for a borderless one
                for page_no, page in enumerate(pages, start=1):
                    per_page.append(_page_blocks(page, _find_tables(page, _TEXT), page_no))
                    page.flush_cache()
            doc = Document(format="pdf")
            previous_ended_with_table = False
            for blocks in per_page:
                if blocks and isinstance(blocks[0], Table) and previous_ended_with_table:
                    blocks[0].continues_previous = True
                if blocks:
                    previous_ended_with_table = isinstance(blocks[-1], Table)
                doc.blocks.extend(blocks)
    except PlanReadError:
        raise
    except Exception as exc:  # pdfminer raises many kinds on broken or locked files
        raise _open_error(exc) from exc
    return doc


__all__ = ["NO_TEXT_MESSAGE", "read_pdf"]
