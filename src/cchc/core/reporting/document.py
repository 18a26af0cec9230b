"""The content of a periodic report, as plain data: what every renderer (Word, the Excel
appendix, the charts) reads, and what the web app stores of a generated document
(:meth:`ReportDocument.to_dict` / :meth:`ReportDocument.from_dict`, JSON-safe).

Text is given as it should read (NFC is applied by the renderers); figures are given raw
(ints, floats, Decimals, dates, shares as fractions 0..1) and each renderer writes them the
Vietnamese way (``cells.cell_text`` for Word, number formats for Excel).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal

__all__ = [
    "Cell",
    "Chart",
    "Column",
    "Letterhead",
    "Ratio",
    "ReportDocument",
    "Section",
    "Signature",
    "Table",
]

Cell = str | int | float | Decimal | date | None


@dataclass(frozen=True, slots=True)
class Letterhead:
    """The header block of Decree 30/2020/NĐ-CP (Phụ lục I)."""

    governing_body: str  # the body above the issuer, printed in capitals: "UBND TỈNH HÒA BÌNH XANH"
    issuing_body: str  # "SỞ CÔNG THƯƠNG" (bold, capitals, a short line under it)
    number: str  # "Số:      /BC-SCT" until the Office gives the outgoing number
    place: str  # "Hòa Bình Xanh" -> "Hòa Bình Xanh, ngày 20 tháng 9 năm 2026" (italics)
    dated: date | None  # None: "ngày      tháng      năm 2026" with blanks to fill by hand
    year: int


@dataclass(frozen=True, slots=True)
class Signature:
    authority: str  # "KT. GIÁM ĐỐC", "GIÁM ĐỐC" or "" (then the title alone)
    title: str  # "PHÓ GIÁM ĐỐC"
    name: str  # "Nguyễn Văn An" (bold), written family name first as given


@dataclass(frozen=True, slots=True)
class Ratio:
    """A total that is a ratio of the total row's other cells, not a sum: the on-time rate
    = (sớm hạn + đúng hạn) / hoàn thành. Column indexes (0-based) of the same table."""

    numerator: tuple[int, ...]
    denominator: tuple[int, ...]


ColumnKind = Literal["text", "int", "number", "percent", "date"]
COLUMN_KINDS: tuple[ColumnKind, ...] = ("text", "int", "number", "percent", "date")


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    kind: ColumnKind = "text"  # percent: a fraction 0..1
    total: Literal["sum", "none"] | Ratio = "none"  # how the total row gets this column's cell
    width: float = 1.0  # relative width in Word and Excel


def _is_number(value: Cell) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _sum(values: list[Cell]) -> int | float | Decimal:
    """The sum of the numbers among ``values`` (text and None left out, as a spreadsheet's
    SUM does): an int when all are ints, a float when any is a float, else a Decimal."""
    numbers = [v for v in values if _is_number(v)]
    if any(isinstance(v, float) for v in numbers):
        return float(sum(float(v) for v in numbers))  # type: ignore[arg-type]
    if any(isinstance(v, Decimal) for v in numbers):
        return sum((Decimal(v) for v in numbers), Decimal(0))  # type: ignore[arg-type]
    return sum(int(v) for v in numbers)  # type: ignore[call-overload]


@dataclass(frozen=True, slots=True)
class Table:
    """A table of the report. ``rows`` hold raw values, one per column. With ``total_label``
    a total row follows the rows: the label in the first column, then per column its
    ``total`` rule (:meth:`total_row`)."""

    key: str  # stable id ("status_by_area"); the appendix names its sheet from the title
    title: str  # "Bảng 1. Kết quả thực hiện nhiệm vụ theo lĩnh vực"
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    total_label: str = ""  # "Tổng cộng": when set, a total row follows the rows
    note: str = ""  # a line under the table ("Nguồn: …", "Số liệu từ 15/12/2025 đến 14/9/2026")

    def __post_init__(self) -> None:
        width = len(self.columns)
        if not width:
            raise ValueError(f"table {self.key!r} has no column")
        for i, row in enumerate(self.rows):
            if len(row) != width:
                raise ValueError(f"table {self.key!r}: row {i} has {len(row)} cells for {width} columns")
        for c, column in enumerate(self.columns):
            if isinstance(column.total, Ratio):
                parts = (*column.total.numerator, *column.total.denominator)
                if not column.total.denominator or not column.total.numerator:
                    raise ValueError(f"table {self.key!r}: column {c}'s ratio needs both terms")
                for i in parts:
                    # A ratio of the total row's sums: the Excel formula points at those cells.
                    if not 0 < i < width or i == c or self.columns[i].total != "sum":
                        raise ValueError(
                            f"table {self.key!r}: column {c}'s ratio names column {i}, "
                            "which is not another summed column"
                        )

    @property
    def has_total(self) -> bool:
        return bool(self.total_label)

    def total_row(self) -> tuple[Cell, ...]:
        """The label, then per column: ``"sum"`` the sum of its numbers (text and None left
        out; 0 without any), ``"none"`` None, a :class:`Ratio` the sum of the numerator
        columns' totals over the sum of the denominator columns' totals (a float; None when
        that denominator is 0)."""
        sums: dict[int, int | float | Decimal] = {
            c: _sum([row[c] for row in self.rows]) for c, col in enumerate(self.columns) if col.total == "sum"
        }
        cells: list[Cell] = [self.total_label]
        for c, column in enumerate(self.columns[1:], start=1):
            if column.total == "sum":
                cells.append(sums[c])
            elif isinstance(column.total, Ratio):
                numerator = sum(float(sums[i]) for i in column.total.numerator)
                denominator = sum(float(sums[i]) for i in column.total.denominator)
                cells.append(numerator / denominator if denominator else None)
            else:
                cells.append(None)
        return tuple(cells)


ChartKind = Literal["bar", "stacked_bar", "hbar", "line"]
CHART_KINDS: tuple[ChartKind, ...] = ("bar", "stacked_bar", "hbar", "line")


@dataclass(frozen=True, slots=True)
class Chart:
    key: str
    title: str
    kind: ChartKind
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]  # (legend, one value per category)
    unit: Literal["count", "percent"] = "count"  # percent values are fractions 0..1

    def __post_init__(self) -> None:
        for legend, values in self.series:
            if len(values) != len(self.categories):
                raise ValueError(
                    f"chart {self.key!r}: series {legend!r} has {len(values)} values "
                    f"for {len(self.categories)} categories"
                )


@dataclass(frozen=True, slots=True)
class Section:
    """A numbered part of the body, printed in this order: the heading, the paragraphs, the
    tables, the charts, the subsections."""

    number: str  # as printed: "I", "1", "1.1", or "" (no number)
    title: str
    paragraphs: tuple[str, ...] = ()  # the narrative, one string per paragraph
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()
    subsections: tuple[Section, ...] = ()


@dataclass(frozen=True, slots=True)
class ReportDocument:
    letterhead: Letterhead
    summary: (
        str  # the line under "BÁO CÁO": "Kết quả thực hiện công tác cải cách hành chính quý III năm 2026"
    )
    sections: tuple[Section, ...]
    recipients: tuple[str, ...]  # "Nơi nhận:" lines, e.g. ("Sở Nội vụ;", "UBND tỉnh (b/c);", "Lưu: VT, VP.")
    signature: Signature
    title: str = "BÁO CÁO"
    opening: tuple[str, ...] = ()  # paragraphs before the first section ("Thực hiện Kế hoạch số …")

    def tables(self) -> list[Table]:
        """Every table, in document order (a section's own tables before its subsections')."""
        found: list[Table] = []

        def walk(sections: tuple[Section, ...]) -> None:
            for section in sections:
                found.extend(section.tables)
                walk(section.subsections)

        walk(self.sections)
        return found

    def charts(self) -> list[Chart]:
        """Every chart, in document order."""
        found: list[Chart] = []

        def walk(sections: tuple[Section, ...]) -> None:
            for section in sections:
                found.extend(section.charts)
                walk(section.subsections)

        walk(self.sections)
        return found

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict of the document (dates ISO, Decimals as text; see ``serial``)."""
        from cchc.core.reporting.serial import document_to_dict

        return document_to_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReportDocument:
        """The document :meth:`to_dict` gave; ValueError when ``data`` is not one."""
        from cchc.core.reporting.serial import document_from_dict

        return document_from_dict(data)
