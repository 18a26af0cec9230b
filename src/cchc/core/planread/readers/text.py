"""Plain-text plans: text extracted from Word/PDF with tables as tab-separated rows, or
Markdown/pipe tables (``| a | b |``).

Lines of a table become rows; other lines become paragraphs. A run of table rows
interrupted only by blank lines stays one table (the extracted samples put a blank line
before every repeated header at a page break); the row parser recognises the repeated
headers and continuation rows.
"""

from __future__ import annotations

import re
import unicodedata

from cchc.core.planread.document import Cell, Document, Paragraph, PlanReadError, Table

_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def decode_text(data: bytes) -> str:
    """Decode bytes of a text export: UTF-8 (with or without BOM), UTF-16, or Windows-1258."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1258")
            except UnicodeDecodeError as exc:  # pragma: no cover - cp1258 maps nearly every byte
                raise PlanReadError("encoding", "Không đọc được bảng mã của tệp văn bản.") from exc
    if "\x00" in text:
        raise PlanReadError("binary", "Tệp không phải văn bản, Word, Excel hay PDF: không đọc được.")
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def _split_pipe(line: str) -> list[str]:
    inner = line.strip()[1:-1]
    return [c.strip() for c in re.split(r"(?<!\\)\|", inner)]


def read_text(text: str) -> Document:
    """Read extracted text into paragraphs and tables."""
    from cchc.core.planread.readers.linecells import looks_like_line_cells, read_line_cells

    if looks_like_line_cells(text):
        return read_line_cells(text)
    doc = Document(format="text")
    table: Table | None = None
    blank_run = 0
    for lineno, line in enumerate(text.split("\n"), start=1):
        cells: list[str] | None = None
        if "\t" in line:
            cells = line.split("\t")
        elif _PIPE_ROW.match(line) and line.count("|") >= 3:
            if _PIPE_RULE.match(line):
                continue
            cells = _split_pipe(line)
        if cells is not None:
            if table is None:
                table = Table()
                doc.blocks.append(table)
            table.rows.append([Cell(c) for c in cells])
            table.origins.append(lineno)
            blank_run = 0
            continue
        if not line.strip():
            blank_run += 1
            continue
        # A paragraph ends the current table.
        table = None
        blank_run = 0
        doc.blocks.append(Paragraph(line.strip()))
    del blank_run
    return doc
