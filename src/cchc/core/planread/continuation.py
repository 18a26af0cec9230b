"""When a table row is the rest of the row above it, and when it is not.

A page break cuts a row: the text of its cells goes on in the first row of the next page
(after the repeated header), in the same columns, with an empty number cell. The same
happens to a sentence cut without a page mark (text copied from a PDF). The rules:

* a row that opens something is never a rest: a number in its number cell (a task, a Roman
  or lettered section: :mod:`.numbering`), a Roman section written in the task column (the
  row reader decides those before asking here);
* a rest lies in the columns of the cut row: a row whose cells span the columns otherwise
  (a title across the table under a row of single cells, or the reverse) opens a row;
* the row above may be a section row: a rest of it fills only cells that the section row
  filled, and its text carries on from them (see :func:`carries_on`). A section row is
  short and what follows it is nearly always a task, so its rest must show that it is one;
* the row above is a task: after a page break, a rest is any unnumbered row that is not a
  merged-cell sub-row (:func:`starts_fresh`); without a break, one whose task text goes on
  mid-sentence (:func:`continues_sentence`).
"""

from __future__ import annotations

import re

from cchc.core.planread.document import Cell
from cchc.core.planread.numbering import END_OF_SENTENCE, plain

# A cell that ends like this was cut mid-phrase: "Năm 2024," then "Điều kiện … 88,57%".
_CUT_MID_PHRASE = re.compile(r"[,(/:\-–]\s*$")


def spans(row: list[Cell], width: int) -> tuple[int, ...]:
    """Where the row's cells start, within the table's ``width`` columns (a cell merged into
    the one on its left starts nowhere)."""
    return tuple(i for i, cell in enumerate(row[:width]) if i == 0 or not cell.merged_left)


def carries_on(cut: str, rest: str) -> bool:
    """Whether ``rest`` reads as the continuation of the cell text ``cut``: it starts
    mid-sentence (lower case, a digit, a closing mark), or ``cut`` stops mid-phrase (a comma,
    a hyphen, a bracket left open), or both are capitals (a title in capitals cut in two)."""
    cut, rest = plain(cut), plain(rest)
    if not cut or not rest:
        return False
    first = rest[0]
    if first.islower() or first.isdigit() or first in ",.;:)]”’%":
        return True
    if _CUT_MID_PHRASE.search(cut) or cut.count("(") > cut.count(")"):
        return True
    return _capitals(cut) and _capitals(rest)


def _capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def continues_section_row(section_cells: dict[str, list[str]], by_role: dict[str, str]) -> bool:
    """Whether an unnumbered row after a page break is the rest of the section row above,
    whose cells by role are ``section_cells``: it fills no cell the section row left empty,
    and at least one of its cells carries on from the section row's."""
    filled = {r: plain(t) for r, t in by_role.items() if plain(t)}
    if not filled or any(r not in section_cells for r in filled):
        return False
    return any(carries_on(" ".join(section_cells[r]), t) for r, t in filled.items())


def starts_fresh(by_role: dict[str, str]) -> bool:
    """A row after a page break that is a merged-cell sub-row, not the rest of a cut cell.

    A cut cell continues mid-sentence (lower case, a digit, a bullet); a sub-row whose
    number and task are merged with the row above has its own schedule and its cells
    start afresh with a capital letter.
    """
    texts = [plain(t) for t in by_role.values() if plain(t)]
    if not plain(by_role.get("schedule", "")) or plain(by_role.get("task", "")):
        return False
    return len(texts) >= 2 and all(t.lstrip("-+•– ")[:1].isupper() for t in texts)


def continues_sentence(task_above: str, by_role: dict[str, str]) -> bool:
    """An unnumbered row that can only be the rest of the task above (no page-break mark):
    its task text starts in lower case and the task above stops mid-sentence."""
    task = plain(by_role.get("task", ""))
    if not task or not task[:1].islower():
        return False
    return bool(task_above) and not END_OF_SENTENCE.search(task_above)


__all__ = ["carries_on", "continues_section_row", "continues_sentence", "spans", "starts_fresh"]
