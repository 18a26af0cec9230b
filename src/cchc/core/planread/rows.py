"""Table rows -> row records: sections, numbering, continuation rows, merged-cell sub-rows.

What a row means depends on its neighbours, so this is a small state machine over the
rows of all tables in document order:

* a header row fixes the layout (which column is what); a repeat of it marks a page
  break, and the first unnumbered row after a break continues the row above, cell by
  cell (the page cut the cell);
* a Roman numeral (alone, or followed by the title in the same cell) opens a section;
  the section row's other cells may carry a target and last year's result (SIPAS);
* a number (1, 3.1, "1,1", 2.4.2, a), "-") opens a record;
* an unnumbered row whose leading cells are empty (or vertically merged in Word/Excel)
  is a sub-row of merged cells: it is its own record and copies those cells from above;
* an unnumbered row with its own task text is its own record, under the last number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cchc.core.areas import canonical_area
from cchc.core.planread.document import Cell, Document, Table
from cchc.core.planread.header import Layout, detect_layout, is_column_numbering, is_header_repeat
from cchc.core.text import clean_cell

_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
_SECTION_ONLY = re.compile(rf"^(?:PHẦN\s+|Phần\s+)?({_ROMAN})\s*[.:)]?$")
_SECTION_WITH_TITLE = re.compile(rf"^(?:PHẦN\s+|Phần\s+)?({_ROMAN})\s*[.:)\-–]?\s+(\S.*)$", re.DOTALL)
_PART_LETTER = re.compile(r"^(?:PHẦN\s+|Phần\s+)([A-H])\s*[.:)\-–]?\s*(.*)$", re.DOTALL)
_TASK_NUMBER = re.compile(r"^(\d{1,3}(?:\s*[.,]\s*\d{1,3})*)\s*[.)]?$")
_LETTER = re.compile(r"^([a-zđ])\s*[.)]$|^([a-zđ])$")
_BULLET = re.compile(r"^[-+•–]$")
_END_OF_SENTENCE = re.compile(r"[.;:!?…)\"”]\s*$")


def _plain(text: str) -> str:
    return clean_cell(text).replace("**", "").strip()


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

    def text(self, role: str) -> str:
        return clean_cell(" ".join(p for p in self.cells.get(role, []) if p and p.strip()))

    def has(self, role: str) -> bool:
        return bool(self.text(role))


@dataclass(slots=True)
class SectionRow:
    section: str
    title: str
    area: str
    texts: list[str]
    origin: int


@dataclass(slots=True)
class RowsResult:
    records: list[RowRecord]
    sections: list[SectionRow]
    warnings: list[str]
    layouts: list[Layout]


def classify_number(text: str) -> tuple[str, str | None, str]:
    """Kind of a number cell: ("section"|"part"|"number"|"letter"|"bullet"|"none"|"other", number, rest)."""
    t = _plain(text)
    if not t:
        return "none", None, ""
    m = _SECTION_ONLY.match(t)
    if m and m.group(1):
        return "section", m.group(1), ""
    m = _SECTION_WITH_TITLE.match(t)
    if m and m.group(1) and _looks_like_title(m.group(2)):
        return "section", m.group(1), m.group(2).strip()
    m = _PART_LETTER.match(t)
    if m:
        return "part", m.group(1), m.group(2).strip()
    m = _TASK_NUMBER.match(t)
    if m:
        return "number", re.sub(r"\s+", "", m.group(1)).replace(",", "."), ""
    m = _LETTER.match(t)
    if m:
        return "letter", m.group(1) or m.group(2), ""
    if _BULLET.match(t):
        return "bullet", "-", ""
    return "other", t, ""


def _looks_like_title(rest: str) -> bool:
    letters = [c for c in rest if c.isalpha()]
    if not letters:
        return False
    upper = sum(1 for c in letters if c.isupper())
    return upper / len(letters) > 0.6 or rest[:1].isupper()


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
    for table in doc.tables:
        state.table(table)
    state.finish()
    return RowsResult(state.records, state.sections, state.warnings, state.layouts)


class _Walker:
    def __init__(self) -> None:
        self.records: list[RowRecord] = []
        self.sections: list[SectionRow] = []
        self.warnings: list[str] = []
        self.layouts: list[Layout] = []
        self.layout: Layout | None = None
        self.section: str | None = None
        self.section_title = ""
        self.area = "other"
        self.after_break = False
        self.last_numeric: str | None = None
        self.seen_sections: dict[str, int] = {}

    def table(self, table: Table) -> None:
        if self.layout is not None:
            first = table.rows[0] if table.rows else []
            first_layout = detect_layout([c.text for c in first]) if first else None
            same_width = abs(table.width - self.layout.width) <= 1
            if first_layout is None and not same_width:
                # A table of another shape (signature block, list of recipients) after the
                # appendix: not part of the task table.
                self.layout = None
            elif table.continues_previous or (first_layout is None and same_width):
                self.after_break = True
        for i, row in enumerate(table.rows):
            origin = table.origins[i] if i < len(table.origins) else i + 1
            self.row(row, origin)

    def row(self, row: list[Cell], origin: int) -> None:
        raw = [c.text for c in row]
        layout = detect_layout(raw)
        if layout is not None:
            if self.layout is not None and is_header_repeat(raw, self.layout):
                self.after_break = True
                return
            self.layout = layout
            self.layouts.append(layout)
            self.after_break = False
            return
        if self.layout is None or is_column_numbering(raw):
            return
        lay = self.layout
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
        if kind in ("section", "part"):
            self._open_section(number or "", rest, by_role, origin)
            return
        non_empty = {r for r, t in by_role.items() if _plain(t)}
        if kind == "none" and not non_empty:
            return
        after_break, self.after_break = self.after_break, False
        if kind == "other":
            # A number cell with words in it ("Nhiệm vụ chung"): keep it as a record's
            # number as written, and say so.
            kind = "number"
            self.warnings.append(f"Dòng {origin}: số thứ tự không chuẩn “{number}”.")
        if kind != "none":
            self._new_record(number, kind, by_role, origin)
            return
        prev = self.records[-1] if self.records else None
        if prev is None:
            self._new_record(None, "none", by_role, origin)
            return
        if (after_break and not self._starts_fresh(by_role)) or self._continues_sentence(prev, by_role):
            for r, t in by_role.items():
                if _plain(t):
                    prev.cells.setdefault(r, []).append(t)
            prev.origins.append(origin)
            return
        merged = [
            r for r, i in lay.roles.items() if r != "number" and i < len(cells) and cells[i].merged_above
        ]
        leading = self._leading_empty_roles(texts)
        copy_roles = merged or leading
        if "task" in copy_roles or ("task" not in non_empty and copy_roles):
            rec = self._new_record(prev.number, prev.number_kind, by_role, origin)
            rec.rowspan_inferred = True
            rec.parent = prev.parent
            for r in copy_roles:
                if r in prev.cells and not _plain(by_role.get(r, "")):
                    rec.cells[r] = list(prev.cells[r])
            return
        self._new_record(None, "none", by_role, origin)

    def _leading_empty_roles(self, texts: list[str]) -> list[str]:
        assert self.layout is not None
        order = sorted((i, r) for r, i in self.layout.roles.items() if r != "number")
        out = []
        for i, r in order:
            if _plain(texts[i]):
                break
            out.append(r)
        return out

    @staticmethod
    def _starts_fresh(by_role: dict[str, str]) -> bool:
        """A row after a page break that is a merged-cell sub-row, not the rest of a cut cell.

        A cut cell continues mid-sentence (lower case, a digit, a bullet); a sub-row whose
        number and task are merged with the row above has its own schedule and its cells
        start afresh with a capital letter.
        """
        texts = [_plain(t) for t in by_role.values() if _plain(t)]
        if not _plain(by_role.get("schedule", "")) or _plain(by_role.get("task", "")):
            return False
        return len(texts) >= 2 and all(t.lstrip("-+•– ")[:1].isupper() for t in texts)

    def _continues_sentence(self, prev: RowRecord, by_role: dict[str, str]) -> bool:
        """An unnumbered row that can only be the rest of the row above (no page-break mark)."""
        task = _plain(by_role.get("task", ""))
        if not task or not task[:1].islower():
            return False
        last = prev.text("task")
        return bool(last) and not _END_OF_SENTENCE.search(last)

    def _open_section(self, number: str, title: str, by_role: dict[str, str], origin: int) -> None:
        parts = [_plain(t) for r, t in by_role.items() if _plain(t)]
        if not title:
            task_text = _plain(by_role.get("task", ""))
            title = task_text or (parts[0] if parts else "")
            others = [_plain(t) for r, t in by_role.items() if r != "task" and _plain(t)]
            if not task_text and parts:
                others = parts[1:]
        else:
            others = parts
        self.section, self.section_title = number, title
        self.area = canonical_area(title, " ".join(others))
        self.last_numeric = None
        self.after_break = False
        if number in self.seen_sections:
            self.warnings.append(
                f"Mục {number} xuất hiện hai lần (dòng {self.seen_sections[number]} và dòng {origin}): "
                "kiểm tra lại số thứ tự các mục."
            )
        else:
            self.seen_sections[number] = origin
        if others:
            self.sections.append(SectionRow(number, title, self.area, others, origin))

    def _new_record(self, number: str | None, kind: str, by_role: dict[str, str], origin: int) -> RowRecord:
        parent = _parent_of(number, self.last_numeric) if kind in ("number", "none") else self.last_numeric
        if kind == "number" and number:
            self.last_numeric = number
        rec = RowRecord(
            section=self.section,
            section_title=self.section_title,
            area=self.area,
            number=number,
            number_kind=kind,
            cells={r: [t] for r, t in by_role.items() if _plain(t)},
            origins=[origin],
            parent=parent,
        )
        self.records.append(rec)
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
