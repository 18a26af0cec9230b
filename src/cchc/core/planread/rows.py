"""Table rows -> row records: sections, numbering, continuation rows, merged-cell sub-rows.

What a row means depends on its neighbours, so this is a small state machine over the
rows of all tables in document order:

* a header row fixes the layout (which column is what); a repeat of it marks a page
  break, and the first unnumbered row after a break may continue the row above, cell by
  cell (the page cut the cell), be it a task or a section row (:mod:`.continuation`);
  nothing is merged across a section row;
* a number cell is read by :mod:`.numbering`;
* a Roman numeral (alone, or followed by the title in the same cell) opens a section;
  the section row's other cells may carry a target and last year's result (SIPAS);
* a number (1, 3.1, "1,1", 2.4.2, a), "-") opens a record;
* an unnumbered row whose leading cells are empty (or vertically merged in Word/Excel)
  is a sub-row of merged cells: it is its own record and copies those cells from above;
* an unnumbered row with its own task text is its own record, under the last number;
* a capital letter ("A", "D.") opens a lettered part; when Roman sections follow it, it
  stays the part above them (Roman numbering restarts in each part), else it is the section;
  "III.1", "I.1.2" (a Roman section's sub-section) are group rows over the numbers below;
* a header of another kind starts a new logical table (Phụ lục II); an indicator table's
  rows ("TT | Chỉ tiêu | Đơn vị | Kết quả") are read as targets, not tasks; tables without a
  header (the document's header, the signature block) are not read.

Web copies (``Table.drops_merged_cells``) leave out merged cells: a short row that does
not start with a number is a rowspan sub-row, placed by meaning (:mod:`.align`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cchc.core.areas import canonical_area
from cchc.core.planread.align import align_short_row, trim_long_row
from cchc.core.planread.continuation import continues_section_row, continues_sentence, spans, starts_fresh
from cchc.core.planread.document import Cell, Document, Paragraph, Table
from cchc.core.planread.header import (
    Layout,
    combine_header_rows,
    detect_layout,
    indicator_layout,
    is_column_numbering,
    is_header_repeat,
)
from cchc.core.planread.numbering import ALPHABET, classify_number
from cchc.core.planread.numbering import plain as _plain
from cchc.core.text import clean_cell, fold


@dataclass(slots=True)
class RowRecord:
    """One table row (continuations merged in), with its cells by column role."""

    section: str | None
    section_title: str
    area: str
    number: str | None
    number_kind: str  # "number" | "letter" | "bullet" | "none"
    cells: dict[str, list[str]]
    origins: list[int]
    rowspan_inferred: bool = False
    parent: str | None = None
    is_group: bool = False
    warnings: list[str] = field(default_factory=list)
    table: int | None = None  # index of the logical table (see TableInfo)
    # Where the row sits above its section: the lettered part, the Roman sub-section.
    place: dict[str, str] = field(default_factory=dict)

    def text(self, role: str) -> str:
        return clean_cell(" ".join(p for p in self.cells.get(role, []) if p and p.strip()))

    def has(self, role: str) -> bool:
        return bool(self.text(role))

    def extras(self) -> dict[str, str]:
        """The cells of extra columns (neither lead nor product), by field name."""
        return {
            r.removeprefix("extra:"): self.text(r)
            for r in self.cells
            if r.startswith("extra:") and self.has(r)
        }


@dataclass(slots=True)
class SectionRow:
    """A section row: its number, title, and the texts of its other cells (a target, last
    year's result). ``cells`` keeps every cell by column role, ``title_role`` the column the
    title came from (None: the number cell), so that the rest of a row cut by a page joins
    the cell it belongs to."""

    section: str
    title: str
    area: str
    texts: list[str]
    origin: int
    table: int | None = None
    cells: dict[str, list[str]] = field(default_factory=dict)
    title_role: str | None = None


@dataclass(slots=True)
class IndicatorRow:
    """A row of an indicator table: what is measured, the value to reach, its unit, and the
    body that follows it."""

    table: int
    section: str | None
    section_title: str
    number: str | None
    indicator: str
    value: str
    unit: str
    body: str
    origin: int


@dataclass(slots=True)
class TableInfo:
    """A logical table of the document: a header and every row up to the next header of
    another table (page breaks and parts without a header of their own stay in it)."""

    index: int
    heading: str
    kind: str  # "task" | "indicator"
    layout: Layout
    rows: int = 0


@dataclass(slots=True)
class RowsResult:
    records: list[RowRecord]
    sections: list[SectionRow]
    warnings: list[str]
    layouts: list[Layout]
    tables: list[TableInfo] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    task_tables: set[int] = field(default_factory=set)  # positions in doc.tables read as task tables


def _parent_of(number: str | None, last_numeric: str | None) -> str | None:
    if number and re.fullmatch(r"\d+(\.\d+)+", number):
        return number.rsplit(".", 1)[0]
    if number and re.fullmatch(r"\d+", number):
        return None
    return last_numeric


def _row_texts(row: list[Cell], width: int) -> list[str]:
    texts = [c.text for c in row]
    if len(texts) < width:
        texts += [""] * (width - len(texts))
    elif len(texts) > width and not any(_plain(t) for t in texts[width:]):
        texts = texts[:width]
    return texts


def read_rows(doc: Document) -> RowsResult:
    """Walk every table of the document and build the row records."""
    state = _Walker()
    recent: list[str] = []
    position = 0
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            recent.append(block.text)
            continue
        state.heading_lines = recent
        if state.table(block):
            state.result_tables.add(position)
        position += 1
        recent = []
    state.finish()
    return RowsResult(
        state.records,
        state.sections,
        state.warnings,
        state.layouts,
        state.tables,
        state.indicators,
        state.result_tables,
    )


_HEADING_MAX = 300


def table_heading(lines: list[str]) -> str:
    """The heading of a table from the paragraphs just above it: from the last "PHỤ LỤC …"
    line on, else the last short paragraph."""
    lines = [clean_cell(x) for x in lines if clean_cell(x)]
    for starts in (("phu luc",), ("bang ", "danh muc", "danh sach")):
        for k in range(len(lines) - 1, max(-1, len(lines) - 7), -1):
            if fold(lines[k]).startswith(starts):
                return " ".join(lines[k:])[:_HEADING_MAX].strip()
    if lines and len(lines[-1]) <= 200:
        return lines[-1]
    return ""


class _Walker:
    def __init__(self) -> None:
        self.records: list[RowRecord] = []
        self.sections: list[SectionRow] = []
        self.warnings: list[str] = []
        self.layouts: list[Layout] = []
        self.tables: list[TableInfo] = []
        self.indicators: list[IndicatorRow] = []
        self.result_tables: set[int] = set()
        self.heading_lines: list[str] = []
        self.layout: Layout | None = None
        self.header_cells: list[Cell] | None = None  # the header row just read (two-row headers)
        self.web = False
        self.section: str | None = None
        self.section_title = ""
        self.area = "other"
        self.part: tuple[str, str] | None = None
        self.letter_open = False  # the section is a letter with no record under it yet
        self.subsection: str | None = None
        self.after_break = False
        # The row above the next one (a record, a section row; None at a table's start) and
        # where its cells start: what a row cut by a page continues.
        self.last_row: RowRecord | SectionRow | None = None
        self.last_spans: tuple[int, ...] = ()
        self.last_numeric: str | None = None
        self.seen_sections: dict[tuple[str | None, str], int] = {}

    @property
    def info(self) -> TableInfo | None:
        return self.tables[-1] if self.tables and self.layout is not None else None

    def table(self, table: Table) -> bool:
        """Read one table's rows; True when some of them belong to a task or indicator table."""
        self.web = table.drops_merged_cells
        if self.layout is not None:
            first = table.rows[0] if table.rows else []
            texts = [c.text for c in first]
            first_layout = (detect_layout(texts) or indicator_layout(texts)) if first else None
            same_width = abs(table.width - self.layout.width) <= 1
            if first_layout is None and not same_width:
                # A table of another shape (signature block, list of recipients) after the
                # appendix: not part of the task table.
                self.layout = None
            elif not self.web and (table.continues_previous or (first_layout is None and same_width)):
                self.after_break = True
        used = False
        for i, row in enumerate(table.rows):
            origin = table.origins[i] if i < len(table.origins) else i + 1
            used = self.row(row, origin) or used
        return used

    def _new_table(self, layout: Layout) -> None:
        self.layout = layout
        self.layouts.append(layout)
        self.tables.append(
            TableInfo(len(self.tables), table_heading(self.heading_lines), layout.kind, layout)
        )
        self.section, self.section_title, self.area = None, "", "other"
        self.part, self.letter_open, self.subsection = None, False, None
        self.last_numeric = None
        self.seen_sections = {}
        self.last_row, self.last_spans = None, ()

    def row(self, row: list[Cell], origin: int) -> bool:
        raw = [c.text for c in row]
        if self.header_cells is not None and self.layout is not None:
            labels = combine_header_rows(self.header_cells, row)
            self.header_cells = None
            combined = detect_layout(labels) if labels else None
            if combined is not None:
                # A two-row header: "Đơn vị thực hiện" over "Chủ trì | Phối hợp".
                self.layout = self.tables[-1].layout = self.layouts[-1] = combined
                return True
        layout = detect_layout(raw) or indicator_layout(raw)
        if layout is not None:
            if (
                self.layout is not None
                and self.layout.kind == layout.kind
                and is_header_repeat(raw, self.layout)
            ):
                self.after_break = not self.web
                return True
            self._new_table(layout)
            self.header_cells = list(row)
            self.after_break = False
            return True
        self.header_cells = None
        if self.layout is None or is_column_numbering(raw):
            return False
        lay = self.layout
        if self.web and len(row) != lay.width:
            row = self._fit_web_row(row, lay)
        texts = _row_texts(row, lay.width)
        cells = row + [Cell("")] * max(0, lay.width - len(row))
        num_idx = lay.roles.get("number")
        kind, number, rest = classify_number(texts[num_idx]) if num_idx is not None else ("none", None, "")
        by_role = {r: texts[i] for r, i in lay.roles.items() if r != "number" and i < len(texts)}
        if kind == "none":
            # Some documents put "I. TITLE" in the task column with an empty number cell.
            tk, tnum, trest = classify_number(by_role.get("task", ""))
            others = [r for r, t in by_role.items() if r != "task" and _plain(t)]
            if tk == "section" and trest and not others:
                kind, number, rest = tk, tnum, trest
                by_role["task"] = ""
        if kind == "section" and self._is_next_letter(
            number or "", texts[num_idx] if num_idx is not None else ""
        ):
            kind, number = "letter_section", _plain(texts[num_idx] if num_idx is not None else "")
        row_spans = spans(cells, lay.width)
        above, above_spans = self.last_row, self.last_spans
        if lay.kind != "indicator" and (kind != "none" or any(_plain(t) for t in by_role.values())):
            self.last_spans = row_spans
        if kind in ("section", "part", "letter_section"):
            self._open_section(number or "", rest, by_role, origin, letter=kind != "section")
            return True
        if kind == "subsection":
            self._subsection(number or "", by_role, origin)
            return True
        if lay.kind == "indicator":
            self._indicator(kind, number, texts, origin)
            return True
        non_empty = {r for r, t in by_role.items() if _plain(t)}
        if kind == "none" and not non_empty:
            return True
        after_break, self.after_break = self.after_break, False
        # The rest of a cut row lies in the cut row's columns: a row spanning the table
        # otherwise opens a row of its own.
        in_its_columns = row_spans == above_spans
        if kind == "other":
            # A number cell with words in it ("Nhiệm vụ chung"): keep it as a record's
            # number as written, and say so.
            kind = "number"
            self.warnings.append(f"Dòng {origin}: số thứ tự không chuẩn “{number}”.")
        if kind != "none":
            self._new_record(number, kind, by_role, origin)
            return True
        if isinstance(above, SectionRow):
            cut = not self.web and after_break and in_its_columns
            if cut and continues_section_row(above.cells, by_role):
                self._extend_section(above, by_role)
            else:
                # Nothing is merged across a section row: the row under it is its own.
                self._new_record(None, "none", by_role, origin)
            return True
        prev = above if above is not None and above.table == self.info_index else None
        if prev is None:
            self._new_record(None, "none", by_role, origin)
            return True
        if not self.web and (
            (after_break and in_its_columns and not starts_fresh(by_role))
            or continues_sentence(prev.text("task"), by_role)
        ):
            for r, t in by_role.items():
                if _plain(t):
                    prev.cells.setdefault(r, []).append(t)
            prev.origins.append(origin)
            return True
        merged = [
            r for r, i in lay.roles.items() if r != "number" and i < len(cells) and cells[i].merged_above
        ]
        number_merged = num_idx is not None and num_idx < len(cells) and cells[num_idx].merged_above
        leading = self._leading_empty_roles(texts)
        copy_roles = merged or leading
        if "task" in copy_roles or ("task" not in non_empty and copy_roles) or (number_merged and merged):
            rec = self._new_record(prev.number, prev.number_kind, by_role, origin)
            rec.rowspan_inferred = True
            rec.parent = prev.parent
            for r in copy_roles:
                if r in prev.cells and not _plain(by_role.get(r, "")):
                    rec.cells[r] = list(prev.cells[r])
            return True
        self._new_record(None, "none", by_role, origin)
        return True

    @property
    def info_index(self) -> int | None:
        return self.tables[-1].index if self.tables else None

    def _fit_web_row(self, row: list[Cell], lay: Layout) -> list[Cell]:
        num_idx = lay.roles.get("number")
        if len(row) > lay.width:
            return trim_long_row(row, lay.width, num_idx)
        first = next((c.text for c in row if _plain(c.text)), "")
        lead_empty = next((k for k, c in enumerate(row) if _plain(c.text)), len(row))
        if lead_empty <= (num_idx or 0) and classify_number(first)[0] != "other" and _plain(row[0].text):
            return row  # a section or group row whose title spans the columns after it
        return align_short_row(row, lay)

    def _is_next_letter(self, number: str, written: str) -> bool:
        """A lone "I", "V" or "X" that follows the letter before it ("H." then "I."): a
        lettered section, not a Roman number."""
        if self.section is None or number not in ("I", "V", "X") or not self.tables:
            return False
        prev = (self.section or "").rstrip(".")
        if prev not in ALPHABET or (prev in ("I", "V", "X") and not self.section.endswith(".")):
            return False
        gap = ALPHABET.index(number) - ALPHABET.index(prev)
        return 0 < gap <= 2 and _plain(written).endswith(".") == self.section.endswith(".")

    def _indicator(self, kind: str, number: str | None, texts: list[str], origin: int) -> None:
        lay = self.layout
        assert lay is not None
        indicator = _plain(lay.cell(texts, "indicator"))
        if not indicator:
            return
        info = self.tables[-1]
        info.rows += 1
        self.indicators.append(
            IndicatorRow(
                table=info.index,
                section=self.subsection or self.section,
                section_title=self.section_title,
                number=number if kind == "number" else None,
                indicator=indicator,
                value=_plain(lay.cell(texts, "value")),
                unit=_plain(lay.cell(texts, "unit")),
                body=_plain(lay.cell(texts, "body")),
                origin=origin,
            )
        )

    def _subsection(self, number: str, by_role: dict[str, str], origin: int) -> None:
        """ "III.1 Nhóm ứng dụng …": a group row over the numbered rows that follow."""
        if self.layout is not None and self.layout.kind == "indicator":
            self.subsection = number
            return
        rec = self._new_record(number, "subsection", by_role, origin)
        if not rec.has("task"):
            texts = [t for t in by_role.values() if _plain(t)]
            rec.cells = {"task": texts[:1]} if texts else {}
        rec.is_group = True
        self.subsection = number
        self.last_numeric = None

    def _leading_empty_roles(self, texts: list[str]) -> list[str]:
        assert self.layout is not None
        order = sorted((i, r) for r, i in self.layout.roles.items() if r != "number")
        out = []
        for i, r in order:
            if _plain(texts[i]):
                break
            out.append(r)
        return out

    def _open_section(
        self, number: str, title: str, by_role: dict[str, str], origin: int, *, letter: bool = False
    ) -> None:
        filled = {r: _plain(t) for r, t in by_role.items() if _plain(t)}
        title_role = None
        if not title and filled:
            # The title is the task column's text, else the first filled cell's.
            title_role = "task" if "task" in filled else next(iter(filled))
            title = filled[title_role]
        others = [t for r, t in filled.items() if r != title_role]
        if letter:
            # A lettered part ("A", "B") over Roman sections, or a lettered section ("D.")
            # when numbered rows follow it directly.
            self.part, self.letter_open = (number, title), True
        elif not self.letter_open:
            self.part = None if self.part and self.section == self.part[0] else self.part
        self.letter_open = letter
        self.section, self.section_title = number, title
        self.subsection = None
        self.area = canonical_area(title, " ".join(others))
        self.last_numeric = None
        self.after_break = False
        key = (self.part[0] if self.part and not letter else None, number)
        if key in self.seen_sections:
            self.warnings.append(
                f"Mục {number} xuất hiện hai lần (dòng {self.seen_sections[key]} và dòng {origin}): "
                "kiểm tra lại số thứ tự các mục."
            )
        else:
            self.seen_sections[key] = origin
        row = SectionRow(
            number,
            title,
            self.area,
            others,
            origin,
            self.info_index,
            cells={r: [t] for r, t in filled.items()},
            title_role=title_role,
        )
        self.last_row = row
        if others and (self.layout is None or self.layout.kind == "task"):
            self.sections.append(row)

    def _extend_section(self, row: SectionRow, by_role: dict[str, str]) -> None:
        """Join the rest of a section row cut by a page to its cells, title and area."""
        for r, t in by_role.items():
            if _plain(t):
                row.cells.setdefault(r, []).append(_plain(t))
        joined = {r: clean_cell(" ".join(parts)) for r, parts in row.cells.items()}
        if row.title_role is not None:
            row.title = joined[row.title_role]
        row.texts = [t for r, t in joined.items() if r != row.title_role]
        row.area = canonical_area(row.title, " ".join(row.texts))
        self.section_title, self.area = row.title, row.area
        if self.part is not None and self.part[0] == row.section:
            self.part = (row.section, row.title)
        if row.texts and row not in self.sections and (self.layout is None or self.layout.kind == "task"):
            self.sections.append(row)

    def _new_record(self, number: str | None, kind: str, by_role: dict[str, str], origin: int) -> RowRecord:
        parent = _parent_of(number, self.last_numeric) if kind in ("number", "none") else self.last_numeric
        if kind == "number" and number:
            self.last_numeric = number
        self.letter_open = False
        place: dict[str, str] = {}
        if self.part and self.part[0] != self.section:
            place = {"part": self.part[0], "part_title": self.part[1]}
        if self.subsection and kind != "subsection":
            place["subsection"] = self.subsection
        rec = RowRecord(
            section=self.section,
            section_title=self.section_title,
            area=self.area,
            number=number,
            number_kind=kind,
            cells={r: [t] for r, t in by_role.items() if _plain(t)},
            origins=[origin],
            parent=parent,
            table=self.info_index,
            place=place,
        )
        if self.tables:
            self.tables[-1].rows += 1
        self.records.append(rec)
        self.last_row = rec
        return rec

    def finish(self) -> None:
        """Mark group rows: a numbered row with only its title, followed by its sub-rows."""
        recs = self.records
        for i, rec in enumerate(recs):
            if rec.number_kind != "number" or not rec.number:
                continue
            if any(rec.has(r) for r in rec.cells if r not in ("task", "objective")):
                continue
            nxt = recs[i + 1] if i + 1 < len(recs) else None
            if nxt is None or nxt.section != rec.section:
                continue
            if (nxt.number or "").startswith(rec.number + ".") or (
                nxt.number_kind in ("letter", "bullet", "none") and nxt.parent == rec.number
            ):
                rec.is_group = True
