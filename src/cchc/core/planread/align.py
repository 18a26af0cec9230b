"""Where the cells of a row that has fewer (or more) cells than its header go.

Web copies leave out the cells a merge covers, with no placeholder. A rowspan sub-row
lacks the cells merged down from the row above, usually the leading ones (STT, task) but
sometimes in the middle (STT and lead merged, the coordinating cell its own): so the
cells cannot simply be right- or left-aligned. Each cell goes to the column whose kind it
fits (a time expression to the time column, a list of bodies to a unit column, prose to
the task or product), keeping their order; extra columns ("Thuộc nhóm nhiệm vụ") are
rarely a sub-row's own. A row with more cells than the header (a group row padded with
``** **`` cells) loses empty padding cells after its number.
"""

from __future__ import annotations

import re

from cchc.core.planread.document import Cell
from cchc.core.planread.header import Layout
from cchc.core.text import clean_cell, fold

_TIME = re.compile(
    r"\b(?:19|20)\d{2}\b|\d{1,2}/\d{1,2}|\b(?:thang|quy|giai doan|thuong xuyen|hang nam|hang thang|"
    r"hang quy|hang tuan|dinh ky|truoc ngay|lien tuc|lo trinh|nam)\b"
)
# Bodies named by an organisation word followed by a capitalised name ("Bộ Xây dựng", not
# "Bộ tiêu chí"), or by a word that is a body on its own ("Các bộ, ngành", "UBND các tỉnh").
_NAMED_BODY = re.compile(
    r"^(?:Các\s+)?(?:Bộ|Sở|Cục|Vụ|Ban|Đài|Viện|Hội|Báo|Phòng|Trung tâm|Văn phòng|Tổng cục|Chi cục|"
    r"Học viện|Ngân hàng|Kho bạc|Tập đoàn|Tổng công ty|Thanh tra|Công an|Thông tấn xã)\s+[A-ZĐÀ-Ỹ]"
)
_BODY_WORD = re.compile(
    r"^(?:cac\s+)?(?:ubnd|uy ban|co quan|don vi|bo, nganh|bo nganh|so, ban|so, nganh|tinh|thanh pho|"
    r"trung uong|mat tran|lien doan|doanh nghiep|to chuc|dia phuong|phong, ban|cuc, vu|bo\b|so\b)"
)
_UNIT_ROLES = ("lead", "coord", "assign", "body")
_PROSE_ROLES = ("task", "product", "activity", "objective", "indicator")


def looks_like_bodies(text: str) -> bool:
    """A cell that names bodies (a lead or coordinating cell), not a task or a product."""
    plain = clean_cell(text).lstrip("-+•– ").strip()
    if not plain or len(plain.split()) > 40:
        return False
    return bool(_NAMED_BODY.match(plain) or _BODY_WORD.match(fold(plain)))


def looks_like_time(text: str) -> bool:
    key = fold(clean_cell(text))
    return bool(key) and len(key.split()) <= 30 and bool(_TIME.search(key))


def _fit(text: str, role: str) -> float:
    if not clean_cell(text):
        return 0.0
    if role == "schedule":
        return 2.0 if looks_like_time(text) else -1.0
    if role in _UNIT_ROLES:
        return 2.0 if looks_like_bodies(text) else -1.5
    if role in _PROSE_ROLES:
        return -0.5 if looks_like_bodies(text) else 1.0
    if role in ("value", "unit"):
        return 0.5
    return -2.0  # number, budget, note and extra columns: merged far more often than not


def align_short_row(cells: list[Cell], layout: Layout) -> list[Cell]:
    """Place the cells of a rowspan sub-row in the columns they fit, in order; the columns
    left out are given as ``merged_above`` (covered by the row above)."""
    columns = sorted((i, r) for r, i in layout.roles.items() if r != "number" and i < layout.width)
    m, n = len(cells), len(columns)
    if m == 0 or m > n:
        return cells
    # best[i][j]: best score placing cells[:i] in columns[:j]; a tiny bonus to the right
    # breaks ties the usual way (rowspans cover the leading cells).
    neg = float("-inf")
    best = [[neg] * (n + 1) for _ in range(m + 1)]
    take = [[False] * (n + 1) for _ in range(m + 1)]
    for j in range(n + 1):
        best[0][j] = 0.0
    for i in range(1, m + 1):
        for j in range(i, n + 1):
            skip = best[i][j - 1]
            use = best[i - 1][j - 1] + _fit(cells[i - 1].text, columns[j - 1][1]) + 0.01 * j
            if use >= skip:
                best[i][j], take[i][j] = use, True
            else:
                best[i][j] = skip
    out = [Cell("", merged_above=True) for _ in range(layout.width)]
    i, j = m, n
    while i > 0:
        if take[i][j]:
            out[columns[j - 1][0]] = cells[i - 1]
            i -= 1
        j -= 1
    return out


def trim_long_row(cells: list[Cell], width: int, number_index: int | None) -> list[Cell]:
    """A row with more cells than the header: drop empty padding cells after the number."""
    out = list(cells)
    start = 0 if number_index is None else number_index + 1
    k = start
    while len(out) > width and k < len(out):
        if not clean_cell(out[k].text):
            del out[k]
        else:
            k += 1
    return out[:width] if len(out) > width and not any(clean_cell(c.text) for c in out[width:]) else out


__all__ = ["align_short_row", "looks_like_bodies", "looks_like_time", "trim_long_row"]
