"""Tables copied from legal-document web sites (the thuvienphapluat layout of
``samples/web/FORMAT.md``): every cell on its own hard-wrapped lines, a line holding only
"|" between cells **and around every row**, merged cells simply missing, ``**bold**``.

So an empty cell and a row boundary look alike (``|`` ``|``), and the rows must be rebuilt
from two things only: the header's column count N and what the next text is. A region
without blank lines that starts with a "|" line is cut into text chunks and runs of "|"
lines; for a run of k "|" lines after the c-th cell of a row:

* k = 1 separates two cells, or closes a full row (c >= N) when the text after it is not
  followed by "|","|": that text is a paragraph (a heading, a footnote) and the table ended;
* k >= 2 is a row boundary when the row cannot take the next cells (c + k - 1 >= N), when
  the next text opens a row (a row or section number, a repeated header), or when the row
  is itself a short sub-row; otherwise it holds k - 1 empty cells of the same row, as long
  as the cells up to the next "|","|" still fit in N. At a boundary the k - 2 empty cells
  go to the end of the row (a row number comes next) or to the start of the next row, as
  many as that row lacks.

Short rows are kept short (``Table.drops_merged_cells``): which columns a rowspan sub-row
lacks is decided by meaning in :mod:`cchc.core.planread.align`. A blank line always ends
a table; a table without a header of its own (part B of an appendix) keeps the column
count of the task table before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cchc.core.planread.document import Cell, Document, Paragraph, Table
from cchc.core.planread.header import (
    detect_layout,
    expand_two_row_header,
    is_indicator_header,
    is_number_header,
)

_SEP = re.compile(r"^\s*\|\s*$")
_MIN_SEPARATORS = 10
_MAX_GLUED = 60  # cells searched for a task header glued to the table before it
_ROMAN = r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})"
# What opens a row: a task, sub-task, section, lettered part or Roman sub-section number.
ROW_START = re.compile(
    rf"^(?:{_ROMAN}|[A-ZĐ]|\d{{1,3}}(?:[.,]\d{{1,3}}){{0,3}}|{_ROMAN}(?:\.\d{{1,3}}){{1,3}}|[a-zđ]\)|[-–+])\.?$"
)
_SECTION_TITLE = re.compile(rf"^{_ROMAN}\.?\s+[A-ZĐÀ-Ỹ]")
_BULLET_ALONE = re.compile(r"^[-+•–]$")
_BULLET = re.compile(r"^[-+•–]\s?\S")
_EMPHASIS = re.compile(r"\*+")
# Lines of running text that open a new paragraph even without a blank line before them.
_NEW_ITEM = re.compile(r"^(?:[-+•–]\s|\d{1,3}(?:\.\d{1,3})*[.)]\s|[IVXLC]{1,6}\.\s|[a-zđ]\)\s|\*\*|\*\()")

_Line = tuple[int, str]  # (1-based line number, raw text)


def _clean(raw: str) -> str:
    return _EMPHASIS.sub("", raw).strip()


def looks_like_line_cells(text: str) -> bool:
    """True for a web-site table copy: at least ~10 lines holding only "|"."""
    count = 0
    for line in text.split("\n"):
        if _SEP.match(line):
            count += 1
            if count >= _MIN_SEPARATORS:
                return True
    return False


@dataclass(slots=True)
class _Region:
    """Lines without a blank one: text chunks and the runs of "|" lines between them.

    ``runs[i]`` is the run before ``chunks[i]``; ``runs[len(chunks)]`` the run after the
    last chunk (0 when the region ends with text).
    """

    chunks: list[list[_Line]] = field(default_factory=list)
    runs: list[int] = field(default_factory=list)
    run_lines: list[int] = field(default_factory=list)


def cell_text(lines: list[_Line]) -> str:
    """A cell's lines joined with one space; a line-leading bullet starts a new line, and a
    bullet alone on its line takes the next line's text."""
    parts: list[str] = []
    dangling = False
    for _, raw in lines:
        text = " ".join(_clean(raw).split())
        if not text:
            continue
        if dangling:
            parts[-1] += " " + text
            dangling = False
        elif _BULLET_ALONE.match(text):
            parts.append(text)
            dangling = True
        elif parts and not _BULLET.match(text):
            parts[-1] += " " + text  # a hard-wrapped line
        else:
            parts.append(text)
    return "\n".join(parts)


def _chunk_text(lines: list[_Line]) -> str:
    return " ".join(cell_text(lines).split())


def is_row_start(text: str) -> bool:
    """A row or section number as it opens a row: "1", "1.1", "1,1", "5.1.1", "I", "IV.",
    "A.", "III.1.1", "a)", "-" (possibly bold or italic), or a Roman number glued to its title."""
    t = " ".join(text.split())
    return bool(ROW_START.match(t) or (_SECTION_TITLE.match(t) and t == t.upper()))


def _paragraphs(lines: list[_Line]) -> list[Paragraph]:
    out: list[Paragraph] = []
    current: list[str] = []
    for _, raw in [*lines, (0, "")]:
        text = " ".join(raw.split())
        if not text or _NEW_ITEM.match(text):
            if current:
                out.append(Paragraph(_clean(" ".join(current))))
            current = [text] if text else []
        else:
            current.append(text)
    return [p for p in out if p.text]


class _Rows:
    """Rebuilds the rows of one table from a region (see the module's docstring)."""

    def __init__(self, region: _Region, start: int, n_hint: int | None) -> None:
        self.r = region
        self.start = start  # index of the chunk the table's first row starts with
        self.n_hint = n_hint
        self._texts: dict[int, str] = {}

    def run_after(self, i: int) -> int:
        return self.r.runs[i + 1]

    def text(self, i: int) -> str:
        if i not in self._texts:
            self._texts[i] = _chunk_text(self.r.chunks[i])
        return self._texts[i]

    def cell(self, i: int) -> str:
        return cell_text(self.r.chunks[i])

    def stretch(self, i: int) -> list[int]:
        """Chunks from i up to the next run of two or more "|" lines (one row's worth)."""
        out = [i]
        while out[-1] + 1 < len(self.r.chunks) and self.run_after(out[-1]) == 1:
            out.append(out[-1] + 1)
        return out

    def opens_row(self, i: int) -> bool:
        if i >= len(self.r.chunks):
            return False
        if is_row_start(self.text(i)):
            return True
        cells = [self.text(j) for j in self.stretch(i)]
        return detect_layout(cells) is not None or is_indicator_header(cells)

    def _ends_before(self, i: int, full: bool) -> bool:
        """Whether chunk i, after a single "|", is text under the table rather than a cell:
        after a full row, text not followed by "|","|"; after any row, text followed by
        nothing (every row closes with a "|") or by a "|" and a header that starts with its
        number column (the next table; any suffix of a header is a header too)."""
        after = self.run_after(i)
        if after == 0 or (full and after < 2):
            return True
        if after != 1 or i + 1 >= len(self.r.chunks) or not is_number_header(self.text(i + 1)):
            return False
        cells = [self.text(j) for j in self.stretch(i + 1)[:_MAX_GLUED]]
        return _is_header(cells)

    def read(self) -> tuple[Table, int, bool]:
        """The table, the index of the first chunk after it, and whether that chunk is text
        (a paragraph) rather than the first cell of the next table."""
        chunks = self.r.chunks
        table = Table(drops_merged_cells=True)
        first = self.stretch(self.start)
        lead_empty = max(0, self.r.runs[self.start] - 1)
        header = [""] * lead_empty + [self.cell(j) for j in first]
        n = len(header)
        is_header = _is_header(header)
        j = _glued_header([self.text(x) for x in first[:_MAX_GLUED]], whole=is_header)
        if j is not None:
            # A task header glued by single "|" lines to what precedes it: the chunk just
            # before it is text (a heading between the tables: the previous table's closing
            # "|" and this one's opening "|" would make two), the rest a table of its own.
            if j == 1:
                self._add(table, header[: lead_empty + 1], first[:1])
                return table, first[1], False
            self._add(table, header[: lead_empty + j - 1], first[: j - 1])
            return table, first[j - 1], True
        if not is_header and self.n_hint and is_row_start(header[lead_empty] if lead_empty < n else ""):
            n = max(self.n_hint, n)  # a part of an appendix that continues the table above
        i = self.start
        if is_header:
            second_start = first[-1] + 1
            if second_start < len(chunks) and self.run_after(first[-1]) >= 2:
                second = self.stretch(second_start)
                expanded = expand_two_row_header(header, [self.text(j) for j in second])
                if expanded is not None:
                    top, bottom = expanded
                    self._add(table, top, [first[0]])
                    self._add(table, bottom, [second[0]])
                    n = len(top)
                    i = second[-1] + 1
                    if i >= len(chunks):
                        return table, i, False
        row: list[str] = []
        row_chunks: list[int] = []
        sub_row = False  # a row that starts without a number: a short rowspan sub-row
        cur_lead = lead_empty if i == self.start else 0
        row = [""] * cur_lead
        while i < len(chunks):
            if row and self.r.runs[i] == 1 and self._ends_before(i, len(row) >= n):
                break  # text after the last row's closing "|": a heading or a footnote
            row.append(self.cell(i))
            row_chunks.append(i)
            k = self.run_after(i)
            nxt = i + 1
            if k == 0 or nxt >= len(chunks):
                self._add(table, row + [""] * min(max(0, k - 1), max(0, n - len(row))), row_chunks)
                return table, nxt, True
            if k == 1:
                i = nxt
                continue
            c = len(row)
            opens = self.opens_row(nxt)
            ahead = len(self.stretch(nxt))
            boundary = c + k - 1 >= n or opens or sub_row or c + k - 1 + ahead > n
            if not boundary:
                row += [""] * (k - 1)
                i = nxt
                continue
            spare = k - 2
            # Empty cells before text that is not a row number are the next row's leading
            # cells (an empty STT), as many as it lacks; past N cells the table ends inside
            # the stretch, so the row takes them all.
            lead = 0 if opens else spare if ahead > n else min(spare, max(0, n - ahead))
            if not opens and _fills_row(row):
                # A task row (numbered, or written with its empty leading cells) is complete:
                # it takes the empty cells it lacks first, the next row the rest.
                lead = spare - min(spare, max(0, n - c))
            row += [""] * (spare - lead)
            self._add(table, row, row_chunks)
            row, row_chunks = [""] * lead, []
            # A row written with leading empty cells is a full row; one without, after a full
            # row or another sub-row, is a rowspan sub-row (its merged cells left out).
            sub_row = not opens and not lead and (c >= n or sub_row)
            i = nxt
        if row_chunks:
            self._add(table, row, row_chunks)
        return table, i, True

    def _add(self, table: Table, cells: list[str] | list[Cell], chunk_ids: list[int]) -> None:
        table.rows.append([c if isinstance(c, Cell) else Cell(c) for c in cells])
        lines = [ln for j in chunk_ids for ln, raw in self.r.chunks[j] if raw.strip()]
        table.origins.append(min(lines, default=0))


_TASK_NUMBER = re.compile(r"^\d{1,3}(?:[.,]\d{1,3}){0,3}\.?$")


def _fills_row(row: list[str]) -> bool:
    """A row that has all the columns: a task number first, or empty leading cells written
    out. Section rows (colspan) and rowspan sub-rows are short."""
    first = " ".join(row[0].split()) if row else ""
    return not first or bool(_TASK_NUMBER.match(first))


def _glued_header(cells: list[str], *, whole: bool) -> int | None:
    """Where a header starts inside a first row that holds more than the header: at a
    number column ("STT") followed by a header, or, when the whole is no header, at the
    first suffix that is one."""
    for j in range(1, len(cells) - 2):
        if is_number_header(cells[j]) and _is_header(cells[j:]):
            return j
    if not whole:
        for j in range(1, len(cells) - 2):
            if _is_header(cells[j:]):
                return j
    return None


def _is_header(cells: list[str]) -> bool:
    return detect_layout(cells) is not None or is_indicator_header(cells)


def _regions(text: str) -> list[tuple[list[_Line], _Region | None]]:
    """The text cut at blank lines: (paragraph lines before the first "|", the region)."""
    out: list[tuple[list[_Line], _Region | None]] = []
    lead: list[_Line] = []
    region: _Region | None = None
    chunk: list[_Line] = []

    def close() -> None:
        nonlocal region, lead, chunk
        if region is not None:
            if chunk:
                region.chunks.append(chunk)
                region.runs.append(0)
            out.append((lead, region))
            lead, region, chunk = [], None, []

    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            close()
            lead.append((number, ""))
            continue
        if _SEP.match(raw):
            if region is None:
                region = _Region()
                region.runs.append(0)
                region.run_lines.append(number)
            elif chunk:
                region.chunks.append(chunk)
                region.runs.append(0)
                region.run_lines.append(number)
                chunk = []
            region.runs[-1] += 1
            continue
        if region is None:
            lead.append((number, raw))
        else:
            chunk.append((number, raw))
    close()
    if lead:
        out.append((lead, None))
    return out


def read_line_cells(text: str) -> Document:
    """Rebuild the paragraphs and tables of a web-site table copy."""
    doc = Document(format="text")
    n_hint: int | None = None
    for lead, region in _regions(text.replace("\r\n", "\n").replace("\r", "\n")):
        doc.blocks.extend(_paragraphs(lead))
        if region is None or not region.chunks:
            continue
        i = 0
        while i < len(region.chunks):
            table, i, text_next = _Rows(region, i, n_hint).read()
            if table.rows:
                doc.blocks.append(table)
                header = [c.text for c in table.rows[0]]
                if detect_layout(header) is not None:
                    n_hint = table.width
            if i >= len(region.chunks):
                break
            if text_next:
                # Text after the table's closing "|" up to the next table's opening "|".
                doc.blocks.extend(_paragraphs(region.chunks[i]))
                if region.runs[i + 1] == 0:
                    break
                i += 1
    return doc


__all__ = ["cell_text", "is_row_start", "looks_like_line_cells", "read_line_cells"]
