"""Recognising the header row of a task table and the role of each column.

Header names vary between documents ("TT"/"STT", "Đơn vị chủ trì"/"Đơn vị thực hiện"/
"Chủ trì", "Thời gian"/"Tiến độ", "Phân công (chủ trì/phối hợp)"), so each role is a list
of accent-folded patterns tried in order; the first role a header cell matches wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cchc.core.text import clean_cell, fold

# Role -> patterns over the folded header text. Order matters: "assign" (combined
# lead/coordination) before "lead" and "coord"; "product" before "task" because
# "Kết quả thực hiện nhiệm vụ" is a product column.
_ROLE_PATTERNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("number", (r"^s?tt$", r"^so tt$", r"^so thu tu$", r"^thu tu$", r"^stt\b", r"^tt\b")),
    ("assign", (r"phan cong", r"chu tri\s*/\s*phoi hop", r"chu tri,? phoi hop", r"trach nhiem thuc hien")),
    ("coord", (r"phoi hop",)),
    (
        "lead",
        (
            r"chu tri",
            r"don vi thuc hien",
            r"co quan thuc hien",
            r"don vi thuc hien chinh",
            r"^don vi$",
            r"^co quan$",
            r"nguoi thuc hien",
            r"don vi, ca nhan",
        ),
    ),
    ("schedule", (r"thoi gian", r"tien do", r"thoi han", r"han hoan thanh", r"moc thoi gian")),
    ("budget", (r"kinh phi", r"nguon von", r"du toan")),
    ("note", (r"ghi chu",)),
    ("product", (r"ket qua", r"san pham", r"chi tieu", r"yeu cau dat", r"dau ra")),
    ("objective", (r"muc tieu",)),
    ("activity", (r"hoat dong",)),
    ("task", (r"nhiem vu", r"cong viec", r"noi dung", r"giai phap", r"ten nhiem vu", r"de an")),
)
_COMPILED = tuple((role, tuple(re.compile(p) for p in pats)) for role, pats in _ROLE_PATTERNS)
_MAX_HEADER_CELL = 80
_DATA_NUMBER = re.compile(r"^(?:\d+(?:[.,]\d+)*|[ivx]+)\.?$")
_COLUMN_NUMBERS = re.compile(r"^\(?\s*\d{1,2}\s*\)?$")


def column_role(header_text: str) -> str | None:
    key = fold(clean_cell(header_text)).strip(" .:*")
    if not key:
        return None
    for role, patterns in _COMPILED:
        if any(p.search(key) for p in patterns):
            return role
    return None


@dataclass(slots=True)
class Layout:
    """Column index of each role in a table (roles missing from the document are absent)."""

    roles: dict[str, int]
    header: tuple[str, ...]
    width: int

    def cell(self, row: list[str], role: str) -> str:
        idx = self.roles.get(role)
        if idx is None or idx >= len(row):
            return ""
        return row[idx]


def detect_layout(cells: list[str]) -> Layout | None:
    """Return the layout if ``cells`` is a task-table header row, else None.

    A header has a number column or a task-like column, and at least three recognised
    columns; when two columns claim one role (two "Nhiệm vụ" columns), the first keeps it
    and the second becomes the activity if that is free.
    """
    roles: dict[str, int] = {}
    recognised = 0
    non_empty = [fold(clean_cell(c)) for c in cells if clean_cell(c)]
    # Header cells are short labels; a data row can mention "tiến độ" or "phối hợp" in
    # its text and must not be taken for a header.
    if len(non_empty) < 3 or any(len(c) > _MAX_HEADER_CELL for c in non_empty):
        return None
    if any(_DATA_NUMBER.match(c) for c in non_empty):
        return None
    for idx, text in enumerate(cells):
        role = column_role(text)
        if role is None:
            continue
        recognised += 1
        if role in roles:
            if role == "task" and "activity" not in roles:
                roles["activity"] = idx
            continue
        roles[role] = idx
    if recognised < 3 or recognised < 0.6 * len(non_empty) or not ({"task", "number"} & roles.keys()):
        return None
    if "task" not in roles:
        # A table whose description column is named "Hoạt động" only.
        if "activity" in roles:
            roles["task"] = roles.pop("activity")
        else:
            return None
    return Layout(roles=roles, header=tuple(fold(clean_cell(c)) for c in cells), width=len(cells))


def is_header_repeat(cells: list[str], layout: Layout) -> bool:
    """A header row repeated at a page break (same folded cells as the first header)."""
    folded = tuple(fold(clean_cell(c)) for c in cells)
    non_empty = [c for c in folded if c]
    if not non_empty:
        return False
    same = sum(1 for a, b in zip(folded, layout.header, strict=False) if a and a == b)
    return same >= max(2, len(non_empty) - 1)


def is_column_numbering(cells: list[str]) -> bool:
    """A row such as "(1) (2) (3) …" or "1 2 3 …" under the header, which numbers the columns."""
    texts = [clean_cell(c) for c in cells if clean_cell(c)]
    if len(texts) < 3 or not all(_COLUMN_NUMBERS.match(t) for t in texts):
        return False
    numbers = [int(re.sub(r"\D", "", t)) for t in texts]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))
