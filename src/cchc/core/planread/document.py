"""The neutral shape every reader produces: paragraphs and tables of cells.

A reader turns a file (Word, PDF, Excel, extracted text) into a :class:`Document`; the
row parser (:mod:`cchc.core.planread.rows`) never sees the file format. Merged cells are
resolved by the readers: a cell covered by the cell above (a vertical merge) or to its
left (a horizontal merge) is given as an empty cell with ``merged_above`` or
``merged_left`` set, never as a copy of the covering cell's text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cchc.core.errors import UserError


class PlanReadError(UserError):
    """A document that cannot be read as a plan. ``message`` is for the user (Vietnamese)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(slots=True)
class Cell:
    text: str = ""
    merged_above: bool = False
    merged_left: bool = False


@dataclass(slots=True)
class Table:
    rows: list[list[Cell]] = field(default_factory=list)
    # True when this table continues the previous one on a new page (PDF pages, text
    # blocks separated by a page break): its first rows may continue the last task.
    continues_previous: bool = False
    # 1-based line (text), row (xlsx) or page (pdf) where each row came from.
    origins: list[int] = field(default_factory=list)
    # True for web copies, which write a merged cell once and leave the cells it covers out
    # (no placeholder): a row shorter than the header is a colspan or rowspan row whose
    # missing columns the row parser finds by meaning. Such tables have no page breaks.
    drops_merged_cells: bool = False

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass(slots=True)
class Paragraph:
    text: str


Block = Paragraph | Table


@dataclass(slots=True)
class Document:
    format: str  # "docx" | "pdf" | "xlsx" | "text", or "doc" | "xls" | "rtf" (read converted)
    blocks: list[Block] = field(default_factory=list)

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def body_text(self) -> str:
        """The plain paragraphs, in order: where the plan's number, dates and rules are."""
        return "\n".join(b.text for b in self.blocks if isinstance(b, Paragraph))
