"""Tables copied from legal-document web sites: each cell on its own lines, cells
separated by lines holding only "|", bold marked with ``**``, lines hard-wrapped
mid-sentence, and nothing between the rows.

So the rows must be rebuilt. The header row fixes the column count N: its cells run from
the "TT"/"STT" line to the first segment that ends with a row number (the last header
cell and the first row's "I" or "1" share that segment). After that, every (N-1)-th
segment holds the last cell of one row and the first cell of the next: the trailing
line(s) that look like a row number ("1", "1.1", "1,1", "2.4.2", "IV", "-", "**I**", or a
section number glued to its upper-case title) are the next row's first cell; none means
the next row's first cell is empty (a sub-row). When every such segment has a blank line
and the other segments do not, the blank line is the row boundary instead. Text after
the last cell (after a blank line) is paragraphs again, and a blank line followed by a
"TT"/"STT" line starts another table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cchc.core.planread.document import Cell, Document, Paragraph, Table

_SEP = re.compile(r"^\s*\|\s*$")
_MIN_SEPARATORS = 10
# Section numbers up to XXXIX: "C", "D", "L" or "M" alone are more likely words than sections.
_ROMAN = r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})"
_ROW_NUMBER = re.compile(rf"^(?:{_ROMAN}|\d{{1,3}}(?:[.,]\d{{1,3}}){{0,3}}|[-–+])\.?$")
_SECTION_TITLE = re.compile(rf"^{_ROMAN}\.?\s+\S")
_HEADER_WORDS = {"TT", "STT", "SỐ TT", "SỐ THỨ TỰ", "THỨ TỰ"}
_BULLET = re.compile(r"^[-+•–]\s?\S")
# Lines of running text that open a new paragraph even without a blank line before them.
_NEW_ITEM = re.compile(r"^(?:[-+•–]\s|\d{1,3}(?:\.\d{1,3})*[.)]\s|[IVXLC]{1,6}\.\s|[a-zđ]\)\s)")

_Line = tuple[int, str]  # (1-based line number, raw text)


@dataclass
class _Segment:
    start: int  # line number of the segment's first line
    lines: list[_Line] = field(default_factory=list)


def _clean(raw: str) -> str:
    return raw.replace("**", "").strip()


def _blank(line: _Line) -> bool:
    return not _clean(line[1])


def looks_like_line_cells(text: str) -> bool:
    """True for a web-site table copy: at least ~10 lines holding only "|"."""
    count = 0
    for line in text.split("\n"):
        if _SEP.match(line):
            count += 1
            if count >= _MIN_SEPARATORS:
                return True
    return False


def _segments(text: str) -> list[_Segment]:
    segs = [_Segment(1)]
    for number, raw in enumerate(text.split("\n"), start=1):
        if _SEP.match(raw):
            segs.append(_Segment(number + 1))
        else:
            segs[-1].lines.append((number, raw))
    return segs


def _first_cell_tail(lines: list[_Line]) -> int:
    """How many trailing lines of a segment form the next row's first cell (0: none)."""
    filled = [k for k, line in enumerate(lines) if not _blank(line)]
    if not filled:
        return 0
    k = filled[-1]
    if _ROW_NUMBER.match(_clean(lines[k][1])):
        return len(lines) - k
    # "VI CẢI CÁCH TÀI CHÍNH CÔNG": a section number glued to its title, maybe wrapped.
    m = k
    while m >= 0 and not _blank(lines[m]) and not any(ch.islower() for ch in _clean(lines[m][1])):
        if _SECTION_TITLE.match(_clean(lines[m][1])):
            return len(lines) - m
        m -= 1
    return 0


def _header_word_at(lines: list[_Line]) -> int | None:
    """Index of the last "TT"/"STT" line (with a "Số" line above it), if any."""
    for k in range(len(lines) - 1, -1, -1):
        if _clean(lines[k][1]).upper() in _HEADER_WORDS:
            if k and _clean(lines[k - 1][1]).upper() == "SỐ":
                return k - 1
            return k
    return None


def _until_blank(lines: list[_Line]) -> tuple[list[_Line], list[_Line]]:
    """Split after the first block of text: (that block, the rest)."""
    k = 0
    while k < len(lines) and _blank(lines[k]):
        k += 1
    while k < len(lines) and not _blank(lines[k]):
        k += 1
    return lines[:k], lines[k:]


def _cell_text(lines: list[_Line]) -> str:
    parts: list[str] = []
    for _, raw in lines:
        text = _clean(raw)
        if not text:
            continue
        if parts and not _BULLET.match(text):
            parts[-1] += " " + text  # a hard-wrapped line
        else:
            parts.append(text)
    return "\n".join(parts)


def _paragraphs(lines: list[_Line]) -> list[Paragraph]:
    out: list[Paragraph] = []
    current: list[str] = []
    for _, raw in [*lines, (0, "")]:
        text = " ".join(_clean(raw).split())
        if not text or _NEW_ITEM.match(text):
            if current:
                out.append(Paragraph(" ".join(current)))
            current = [text] if text else []
        else:
            current.append(text)
    return out


def _column_count(segs: list[_Segment], i: int) -> int:
    last = len(segs) - 1
    for j in range(i + 1, last):
        if _first_cell_tail(segs[j].lines):
            return j - i + 1
    for j in range(i + 1, last):  # no row number after the header: a blank line, then
        if any(_blank(line) for line in segs[j].lines):
            return j - i + 1
    return last - i + 1  # one row


def _table_end(lines: list[_Line]) -> tuple[list[_Line], list[_Line], list[_Line]] | None:
    """(last cell, paragraphs, next table's first cell) when a new table starts in this segment."""
    h = _header_word_at(lines)
    if h is None or not any(_blank(line) for line in lines[:h]):
        return None
    cell, rest = _until_blank(lines[:h])
    return cell, rest, lines[h:]


def _read_table(
    segs: list[_Segment], i: int, first: list[_Line]
) -> tuple[Table, list[_Line], int | None, list[_Line]]:
    """Read the table whose first cell is ``first`` (in segment i).

    Returns the table, the paragraph lines after it, and where the next table starts
    (its segment and first cell) if one does.
    """
    n = _column_count(segs, i)
    last = len(segs) - 1
    boundaries = set(range(i + n - 1, last, n - 1))
    others = [j for j in range(i + 1, last) if j not in boundaries]
    blank_mode = bool(boundaries) and all(any(_blank(x) for x in segs[j].lines) for j in boundaries)
    if blank_mode and others:
        with_blank = sum(1 for j in others if any(_blank(x) for x in segs[j].lines))
        blank_mode = with_blank * 2 < len(others)

    # Some copies put blank lines around every "|": then a leading blank says nothing.
    filled = [segs[j].lines for j in range(i + 1, last) if any(not _blank(x) for x in segs[j].lines)]
    spaced = sum(1 for lines in filled if _blank(lines[0])) * 2 >= max(len(filled), 1)

    table = Table()

    def finish(row: list[list[_Line]], fallback: int) -> None:
        numbers = [line[0] for cell in row for line in cell if not _blank(line)]
        table.rows.append([Cell(_cell_text(c)) for c in row] + [Cell("") for _ in range(n - len(row))])
        table.origins.append(min(numbers, default=fallback))

    row: list[list[_Line]] = [first]
    for j in range(i + 1, last + 1):
        lines = segs[j].lines
        if j == last:
            if lines and _blank(lines[0]) and not spaced:
                cell, trailing = [], lines  # an empty last cell, then the text under the table
            else:
                cell, trailing = _until_blank(lines)
            row.append(cell)
            finish(row, segs[j].start)
            return table, trailing, None, []
        if len(row) < n - 1:
            row.append(lines)
            continue
        end = _table_end(lines)
        if end is not None:
            cell, trailing, next_first = end
            row.append(cell)
            finish(row, segs[j].start)
            return table, trailing, j, next_first
        if blank_mode:
            gaps = [k for k, line in enumerate(lines) if _blank(line)]
            cut = gaps[-1] if gaps else len(lines)
            cell, next_first = lines[:cut], lines[cut + 1 :]
        else:
            tail = _first_cell_tail(lines)
            cell, next_first = lines[: len(lines) - tail], lines[len(lines) - tail :]
        row.append(cell)
        finish(row, segs[j].start)
        row = [next_first]
    raise AssertionError("unreachable: the last segment ends the table")  # pragma: no cover


def read_line_cells(text: str) -> Document:
    """Rebuild the paragraphs and tables of a web-site table copy."""
    segs = _segments(text.replace("\r\n", "\n").replace("\r", "\n"))
    doc = Document(format="text")
    if len(segs) < 2:
        doc.blocks.extend(_paragraphs(segs[0].lines))
        return doc
    head = segs[0].lines
    h = _header_word_at(head)
    if h is None:  # no "TT" line: the header's first cell is the last block of text
        gaps = [k for k, line in enumerate(head) if _blank(line)]
        h = gaps[-1] + 1 if gaps else 0
    doc.blocks.extend(_paragraphs(head[:h]))
    i: int | None = 0
    first = head[h:]
    while i is not None:
        table, trailing, i, first = _read_table(segs, i, first)
        doc.blocks.append(table)
        doc.blocks.extend(_paragraphs(trailing))
    return doc


__all__ = ["looks_like_line_cells", "read_line_cells"]
