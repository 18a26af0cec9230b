"""Dates inside schedule texts: accent-free folding, explicit dates, choosing the year, and the
label of the deliverable a date belongs to.

Private helper of ``cchc.core.schedule``; nothing here knows about schedule kinds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from text_unidecode import unidecode

from cchc.core.formats import date_text
from cchc.core.periods import Period

MASK = "\x00"


fmt = date_text  # dd/mm/yyyy, as in Vietnamese documents and our warnings


def safe(build: Callable[..., date], *args: int) -> date | None:
    """``build(*args)``, or None for a date that does not exist (31/02, year 0, overflow)."""
    try:
        return build(*args)
    except (ValueError, OverflowError):
        return None


def in_period(build: Callable[[int], date | None], period: Period) -> date | None:
    """The date built for the first year of the period that puts it inside the period.

    When no year does (a 07/6 deadline in a second-half plan), the first year where the date
    exists: the caller keeps it and flags it as outside the period.
    """
    fallback = None
    for year in range(period.start.year, max(period.start.year, period.end.year) + 1):
        d = build(year)
        if d is not None and period.contains(d):
            return d
        fallback = fallback or d
    return fallback


class Folded:
    """Lower-case ASCII view of a text ("Quý" → "quy") whose matches map back to the text as written.

    Spans consumed by a rule are overwritten with MASK so later rules neither see nor match across them.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        chars: list[str] = []
        self._src: list[int] = []
        for i, ch in enumerate(text):
            for c in (ch if ch.isascii() else unidecode(ch)).lower():
                chars.append(c)
                self._src.append(i)
        self._chars = chars
        self.work = "".join(chars)

    def mask(self, start: int, end: int) -> None:
        self._chars[start:end] = MASK * (end - start)
        self.work = "".join(self._chars)

    def original(self, start: int, end: int) -> str:
        return self.text[self._src[start] : self._src[end - 1] + 1] if start < end else ""


@dataclass(frozen=True, slots=True)
class DateHit:
    start: int
    end: int
    day: int
    month: int
    year: int | None
    role: str  # "due" | "anchor" (the start in "từ/kể từ ngày …") | "cite" (date of a cited document)

    def written(self) -> str:
        return f"{self.day:02d}/{self.month:02d}" + (f"/{self.year}" if self.year is not None else "")


_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
# "ngày 15 tháng 6 năm 2025"; without "ngày" only when a year follows ("06 tháng 12" is not a date).
_WORDS = re.compile(
    r"(ngay\s*)?(?<!\d)(\d{1,2})\s*thang\s*(\d{1,2})(?!\d)(?:\s*(?:,\s*)?(?:nam|/)\s*(\d{4})(?!\d))?"
)
_DMY = re.compile(
    r"(?<![\d/.])(\d{1,2})\s*([/.-])\s*(\d{1,2})(?!\d)(?:\s*[/.-]\s*(\d{4}|\d{2})|\s*nam\s*(\d{4}))?(?!\d)"
)
_ANCHOR_TAIL = re.compile(r"(?<![a-z])(?:ke\s*tu|tinh\s*tu|tu)\s*(?:ngay\s*)?$")
# "Kế hoạch số 13/KH-SCT ngày 21/01/2025": the date of a document, not a deadline.
_CITE_TAIL = re.compile(r"\d+\s*/\s*[a-z][a-z0-9/.-]*\s*,?\s*(?:ngay\s*)?$")
_KEY_TAIL = re.compile(r"(?<![a-z])(?:ngay|truoc|den|han|nhat|vao|luc)\s*$")
_NUMBERED_TAIL = re.compile(r"(?<![a-z])(?:quy|thang)\s*$")  # "Quý 3-4/2025", "tháng 6-8/2025"


def find_dates(f: Folded) -> list[DateHit]:
    """Every explicit day+month in the text, masked in ``f``, in text order."""
    hits: list[DateHit] = []

    def take(m: re.Match[str], day: str, month: str, year: str | None, *, need_key: bool = False) -> None:
        tail = f.work[max(0, m.start() - 40) : m.start()]
        if _NUMBERED_TAIL.search(tail) or (need_key and not _KEY_TAIL.search(tail)):
            return
        role = "cite" if _CITE_TAIL.search(tail) else "anchor" if _ANCHOR_TAIL.search(tail) else "due"
        y = int(year) if year else None
        if y is not None and year is not None and len(year) == 2:
            y += 2000
        hits.append(DateHit(m.start(), m.end(), int(day), int(month), y, role))
        f.mask(m.start(), m.end())

    for m in list(_ISO.finditer(f.work)):
        take(m, m.group(3), m.group(2), m.group(1))
    for m in list(_WORDS.finditer(f.work)):
        if m.group(1) or m.group(4):
            take(m, m.group(2), m.group(3), m.group(4))
    for m in list(_DMY.finditer(f.work)):
        # "15.6" and "15-6" look like numbers or ranges unless a year or a deadline word comes with them.
        year = m.group(4) or m.group(5)
        take(m, m.group(1), m.group(3), year, need_key=m.group(2) != "/" and not year)
    return sorted(hits, key=lambda h: h.start)


def resolve_hit(hit: DateHit, period: Period) -> date | None:
    """The hit's date; without a year, the year that puts it inside the period."""
    if hit.year is not None:
        return safe(date, hit.year, hit.month, hit.day)
    return in_period(lambda y: safe(date, y, hit.month, hit.day), period)


# Labels of named deliverables: "Báo cáo năm (trước ngày 07/11)", "trước ngày 10/12 đối với báo cáo …".
_DEADLINE_WORD = re.compile(
    r"(?<![a-z])(?:cham\s*nhat(?:\s*la)?|truoc|den|han(?:\s*chot)?|trong|vao|la|nop|gui|hoan\s*thanh|xong|ngay|luc)$"
)
_DELIVERABLE = re.compile(
    r"(?:bao\s*cao|ke\s*hoach|quyet\s*dinh|van\s*ban|to\s*trinh|danh\s*muc|de\s*an|du\s*thao|ho\s*so|so\s*ket"
    r"|tong\s*ket|hoi\s*nghi|chuong\s*trinh|thong\s*bao|cong\s*van|de\s*xuat|phu\s*luc|bieu\s*mau)(?![a-z])"
)
_FOR = re.compile(r"[\s),;:]*doi\s*voi(?![a-z])\s*")
_PIECE_BREAK = re.compile(r"[;()\x00]|\s[-+]\s|\.\s")
_AFTER_BREAK = re.compile(r"[()\x00]|\s[-+]\s")
_TRIM = " ,:;.-+()" + MASK


def trim(work: str, a: int, b: int) -> tuple[int, int]:
    """The span [a, b) without surrounding spaces, punctuation, bullets and masked text."""
    while a < b and work[a] in _TRIM:
        a += 1
    while b > a and (work[b - 1] in _TRIM or work[b - 1].isspace()):
        b -= 1
    return a, b


def _strip_deadline_words(work: str, lo: int, hi: int) -> int:
    """End of the region once trailing "… (trước ngày", "chậm nhất trong ngày" are cut off."""
    while True:
        _, hi = trim(work, lo, hi)
        m = _DEADLINE_WORD.search(work, max(lo, hi - 20), hi)
        if not m:
            return hi
        hi = m.start()


def label_before(work: str, lo: int, hi: int) -> tuple[int, int] | None:
    """Span of "Báo cáo năm" in "…, báo cáo năm (trước ngày <date>": a deliverable named before its date."""
    end = _strip_deadline_words(work, lo, hi)
    start = lo
    for m in _PIECE_BREAK.finditer(work, lo, end):
        start = m.end()
    a, b = trim(work, start, end)
    if a >= b:
        return None
    if lead := _FOR.match(work, a, b):
        return (lead.end(), b) if lead.end() < b else None
    return (a, b) if _DELIVERABLE.match(work, a, b) else None


def label_after(work: str, lo: int, hi: int, *, last: bool) -> tuple[int, int] | None:
    """Span of "báo cáo của UBND tỉnh" in "<date> đối với báo cáo của UBND tỉnh - …" (up to ``hi``)."""
    m = _FOR.match(work, lo, hi)
    if not m:
        return None
    end = hi if last else _strip_deadline_words(work, m.end(), hi)
    if brk := _AFTER_BREAK.search(work, m.end(), end):
        end = brk.start()
    a, b = trim(work, m.end(), end)
    return (a, b) if a < b and re.search(r"[a-z]", work[a:b]) else None
