"""Recognising the header row of a task table and the role of each column.

Header names vary between documents ("TT"/"STT", "Đơn vị chủ trì"/"Đơn vị thực hiện"/
"Chủ trì", "Thời gian"/"Tiến độ", "Phân công (chủ trì/phối hợp)"), so each role is a list
of accent-folded patterns tried in order; the first role a header cell matches wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cchc.core.planread.document import Cell
from cchc.core.text import clean_cell, fold

# Role -> patterns over the folded header text. Order matters: the extra columns that are
# neither lead nor product ("Người đứng đầu chịu trách nhiệm", "Thuộc nhóm nhiệm vụ", "Nội
# dung chính", "Tình trạng") first, so that their words ("trách nhiệm", "nhiệm vụ", "nội
# dung") never make them the lead or the task; "assign" (combined lead/coordination) before
# "lead" and "coord"; "product" before "task" because "Kết quả thực hiện nhiệm vụ" is a
# product column. Extra roles are named "extra:<field>".
_ROLE_PATTERNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("number", (r"^s?tt$", r"^so tt$", r"^so thu tu$", r"^thu tu$", r"^stt\b", r"^tt\b")),
    ("extra:responsible_head", (r"nguoi dung dau",)),
    ("extra:task_group", (r"thuoc nhom", r"^nhom nhiem vu")),
    ("extra:content", (r"^noi dung chinh",)),
    ("extra:status", (r"^tinh trang", r"^trang thai")),
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
            r"chiu trach nhiem",
        ),
    ),
    ("schedule", (r"thoi gian", r"tien do", r"thoi han", r"han hoan thanh", r"moc thoi gian")),
    ("budget", (r"kinh phi", r"nguon von", r"du toan", r"nguon luc")),
    ("note", (r"ghi chu",)),
    ("product", (r"ket qua", r"san pham", r"chi tieu", r"yeu cau dat", r"dau ra")),
    ("objective", (r"muc tieu",)),
    ("activity", (r"hoat dong",)),
    ("task", (r"nhiem vu", r"cong viec", r"noi dung", r"giai phap", r"ten nhiem vu", r"de an", r"du an")),
)
_COMPILED = tuple((role, tuple(re.compile(p) for p in pats)) for role, pats in _ROLE_PATTERNS)
_MAX_HEADER_CELL = 80
_DATA_NUMBER = re.compile(r"^(?:\d+(?:[.,]\d+)*|[ivx]+)\.?$")
_COLUMN_NUMBERS = re.compile(r"^\(?\s*\d{1,2}\s*\)?$")


_FOOTNOTE = re.compile(r"\[\d{1,2}\]|\(\d{1,2}\)$|\*+")
# Which of two schedule columns ("Thời gian" over "Bắt đầu | Hoàn thành") is the deadline.
_DEADLINE_WORDS = re.compile(r"hoan thanh|ket thuc|\bden\b")


def header_key(text: str) -> str:
    """A header cell as compared: footnote marks ("Cơ quan chủ trì[1]") and emphasis removed,
    accents folded."""
    return fold(_FOOTNOTE.sub(" ", clean_cell(text))).strip(" .:*")


def is_number_header(text: str) -> bool:
    """A "TT"/"STT" header cell (tried on every cell of a web copy, so only that role)."""
    if len(text) > 40:
        return False
    key = header_key(text)
    return bool(key) and any(p.search(key) for p in _COMPILED[0][1])


def column_role(header_text: str) -> str | None:
    key = header_key(header_text)
    if not key:
        return None
    for role, patterns in _COMPILED:
        if any(p.search(key) for p in patterns):
            return role
    return None


@dataclass(slots=True)
class Layout:
    """Column index of each role in a table (roles missing from the document are absent).

    ``kind`` is "task" for a task table, "indicator" for a table of targets ("TT | Chỉ tiêu
    | Đơn vị | Kết quả | Cơ quan theo dõi"), whose roles are number, indicator, unit,
    value and body.
    """

    roles: dict[str, int]
    header: tuple[str, ...]
    width: int
    kind: str = "task"

    def cell(self, row: list[str], role: str) -> str:
        idx = self.roles.get(role)
        if idx is None or idx >= len(row):
            return ""
        return row[idx]

    @property
    def data_roles(self) -> tuple[str, ...]:
        """Roles in column order, without the number."""
        return tuple(r for r, _ in sorted(self.roles.items(), key=lambda x: x[1]) if r != "number")


def _is_header_cells(keys: list[str]) -> bool:
    # Header cells are short labels; a data row can mention "tiến độ" or "phối hợp" in
    # its text and must not be taken for a header.
    return len(keys) >= 3 and not any(len(c) > _MAX_HEADER_CELL or _DATA_NUMBER.match(c) for c in keys)


def _header_keys(cells: list[str]) -> list[str] | None:
    """The cells' keys, or None as soon as one cannot be a header label (most rows are data
    rows: a row number or a long text settles it without folding the other cells)."""
    keys = []
    for c in cells:
        if len(c) > 4 * _MAX_HEADER_CELL:
            return None
        key = header_key(c)
        if len(key) > _MAX_HEADER_CELL or _DATA_NUMBER.match(key):
            return None
        keys.append(key)
    return keys


def detect_layout(cells: list[str]) -> Layout | None:
    """Return the layout if ``cells`` is a task-table header row, else None.

    A header has a number column or a task-like column, and at least three recognised
    columns; when two columns claim one role (two "Nhiệm vụ" columns), the first keeps it
    and the second becomes the activity if that is free. A column no role names is kept as
    an extra field under its own header text, never taken for the lead or the product.
    """
    roles: dict[str, int] = {}
    recognised = 0
    keys = _header_keys(cells)
    if keys is None:
        return None
    non_empty = [k for k in keys if k]
    if not _is_header_cells(non_empty):
        return None
    unnamed: list[int] = []
    for idx, text in enumerate(cells):
        role = column_role(text)
        if role is None:
            if keys[idx]:
                unnamed.append(idx)
            continue
        recognised += 1
        if role in roles:
            if role == "task" and "activity" not in roles:
                roles["activity"] = idx
            elif role == "schedule" and _DEADLINE_WORDS.search(keys[idx]):
                # "Thời gian: Bắt đầu | Hoàn thành": the deadline is the second one.
                roles[f"extra:{clean_cell(cells[roles['schedule']])}"] = roles["schedule"]
                roles["schedule"] = idx
            else:
                roles.setdefault(f"extra:{clean_cell(text)}", idx)
            continue
        roles[role] = idx
    if recognised < 3 or recognised < 0.6 * len(non_empty) or not ({"task", "number"} & roles.keys()):
        return None
    if "task" not in roles:
        # A table whose description column is named "Hoạt động" or "Nội dung chính" only.
        for other in ("activity", "extra:content"):
            if other in roles:
                roles["task"] = roles.pop(other)
                break
        else:
            return None
    for idx in unnamed:
        roles.setdefault(f"extra:{_FOOTNOTE.sub(' ', clean_cell(cells[idx])).strip()}", idx)
    return Layout(roles=roles, header=tuple(keys), width=len(cells))


# An indicator table: "TT | Chỉ tiêu | Đơn vị | Kết quả | Cơ quan chủ trì theo dõi, đánh giá".
_INDICATOR_ROLES: tuple[tuple[str, str], ...] = (
    ("number", r"^s?tt$|^so tt$|^so thu tu$"),
    ("unit", r"^don vi( tinh| do)?$|^dvt$"),
    ("indicator", r"^(ten )?chi tieu$|^chi so$|^noi dung chi tieu$"),
    ("body", r"theo doi|danh gia|chu tri|^co quan|^don vi (thuc hien|phu trach)"),
    ("value", r"ket qua|muc tieu|gia tri|chi tieu (nam|den|giai doan)|^nam 20\d\d|^den nam|^giai doan"),
)


def indicator_layout(cells: list[str]) -> Layout | None:
    """The layout of an indicator table's header, else None: it names an indicator column and
    a value or unit column, and no task or time column (a task table can have a "Chỉ tiêu
    đạt được" column too)."""
    keys = _header_keys(cells)
    if keys is None or not _is_header_cells([k for k in keys if k]):
        return None
    roles: dict[str, int] = {}
    for idx, key in enumerate(keys):
        if not key:
            continue
        for role, pattern in _INDICATOR_ROLES:
            if role not in roles and re.search(pattern, key):
                roles[role] = idx
                break
        else:
            if column_role(cells[idx]) in ("task", "schedule", "activity"):
                return None
    if "indicator" not in roles or not ({"value", "unit"} & roles.keys()):
        return None
    return Layout(roles=roles, header=tuple(keys), width=len(cells), kind="indicator")


def is_indicator_header(cells: list[str]) -> bool:
    return indicator_layout(cells) is not None


def is_header_repeat(cells: list[str], layout: Layout) -> bool:
    """A header row repeated at a page break or after a section row: the same labels as the
    first header, or the same roles in the same order without the number cell (a repeated
    header often drops it and renames the first column: "Nội dung" for "Nhiệm vụ")."""
    folded = tuple(header_key(c) for c in cells)
    non_empty = [c for c in folded if c]
    if not non_empty:
        return False
    same = sum(1 for a, b in zip(folded, layout.header, strict=False) if a and a == b)
    if same >= max(2, len(non_empty) - 1):
        return True
    again = detect_layout(list(cells))
    return again is not None and again.data_roles == layout.data_roles


# The parts under a group cell of a two-row header, by what the group is about.
_GROUP_OF_PART: tuple[tuple[str, str, str], ...] = (
    ("units", r"chu tri|phoi hop|thuc hien", r"don vi|co quan|phan cong|trach nhiem|to chuc thuc hien"),
    ("time", r"bat dau|hoan thanh|ket thuc|^tu\b|^den\b|khoi cong", r"thoi gian|tien do|thoi han"),
    ("money", r"ngan sach|nguon|von|trung uong|dia phuong|khac|tong", r"kinh phi|nguon|von|du toan"),
)


def _concept(key: str, which: int) -> str | None:
    for name, part, group in _GROUP_OF_PART:
        if re.search(part if which == 1 else group, key):
            return name
    return None


def expand_two_row_header(top: list[str], bottom: list[str]) -> tuple[list[Cell], list[Cell]] | None:
    """A second header row written without the cells merged down from the first (web copies):
    "STT | Nhiệm vụ | Đơn vị thực hiện | Thời gian" over "Chủ trì | Phối hợp". Returns both rows
    as a full grid (``merged_left`` under a group cell's span, ``merged_above`` under the cells
    merged down), or None when ``bottom`` is not the parts of group cells of ``top``."""
    keys = [header_key(c) for c in bottom]
    if len(bottom) < 2 or len(bottom) >= len(top) or not all(keys):
        return None
    if any(len(k) > 40 or _DATA_NUMBER.match(k) for k in keys):
        return None
    concepts = [_concept(k, 1) for k in keys]
    if concepts[0] is None:
        return None
    runs: list[tuple[str, int]] = []  # (concept, how many parts)
    for c in concepts:
        if c is None or (runs and runs[-1][0] == c):
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((c, 1))
    out_top: list[Cell] = []
    out_bottom: list[Cell] = []
    parts = iter(bottom)
    pending = list(runs)
    for text in top:
        key = header_key(text)
        if pending and _concept(key, 2) == pending[0][0] and column_role(text) != "number":
            _, count = pending.pop(0)
            out_top += [Cell(text)] + [Cell("", merged_left=True) for _ in range(count - 1)]
            out_bottom += [Cell(next(parts)) for _ in range(count)]
        else:
            out_top.append(Cell(text))
            out_bottom.append(Cell("", merged_above=True))
    return (out_top, out_bottom) if not pending else None


def combine_header_rows(top: list[Cell], bottom: list[Cell]) -> list[str] | None:
    """The labels of a two-row header, one per column ("Đơn vị thực hiện Chủ trì", "Đơn vị
    thực hiện Phối hợp"), when ``bottom`` continues the header ``top``: its own cells are all
    the parts of a group cell above, the others are merged down. Else None."""
    if len(bottom) != len(top):
        return None
    own = [(i, c) for i, c in enumerate(bottom) if not c.merged_above and clean_cell(c.text)]
    if len(own) < 2:
        return None
    for _, c in own:
        key = header_key(c.text)
        if (
            len(key) > 40
            or _DATA_NUMBER.match(key)
            or (_concept(key, 1) is None and column_role(c.text) is None)
        ):
            return None
    if not any(c.merged_above or not clean_cell(c.text) for c in bottom):
        return None
    labels: list[str] = []
    for i in range(len(top)):
        j = i
        while j > 0 and top[j].merged_left:
            j -= 1
        above = clean_cell(top[j].text)
        below = "" if bottom[i].merged_above else clean_cell(bottom[i].text)
        labels.append(f"{above} {below}".strip())
    return labels


def is_column_numbering(cells: list[str]) -> bool:
    """A row such as "(1) (2) (3) …" or "1 2 3 …" under the header, which numbers the columns."""
    texts = [clean_cell(c) for c in cells if clean_cell(c)]
    if len(texts) < 3 or not all(_COLUMN_NUMBERS.match(t) for t in texts):
        return False
    numbers = [int(re.sub(r"\D", "", t)) for t in texts]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))
