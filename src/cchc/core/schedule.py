"""Schedule expressions of the "Thời gian / Tiến độ" column, read in the context of the plan's period.

``parse_schedule`` never raises. Rules run in a fixed order on an accent-free, lower-case view of
the text, each masking what it consumed so that later rules cannot misread it (the "06 tháng" in
"Báo cáo 06 tháng trước ngày 15/6" is a label, not a six-monthly recurrence). What is not
understood comes back as kind "unparsed"; kept dates outside the plan's period are flagged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from typing import Any

from cchc.core.periods import Period, month_end, quarter_end
from cchc.core.schedule_dates import (
    DateHit,
    Folded,
    find_dates,
    fmt,
    in_period,
    label_after,
    label_before,
    resolve_hit,
    safe,
    trim,
)

KINDS = ("deadline", "window", "recurring", "continuous", "event", "external", "unparsed")
FREQS = ("weekly", "monthly", "quarterly", "semiannual", "yearly")  # finest first

__all__ = ["FREQS", "KINDS", "Schedule", "ScheduleItem", "parse_schedule"]


@dataclass(frozen=True, slots=True)
class ScheduleItem:
    """A named deliverable with its own deadline ("Báo cáo năm" → 15/11/2025)."""

    label: str
    due: date

    def to_dict(self) -> dict[str, str]:
        return {"label": self.label, "due": self.due.isoformat()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScheduleItem | None:
        """The stored item, or None when its date or label is unreadable (kept data, not trusted)."""
        due = _stored_date(data.get("due"))
        label = " ".join(str(data.get("label") or "").split())
        return cls(label, due) if due is not None and label else None


@dataclass(slots=True)
class Schedule:
    text: str
    kind: str = "unparsed"
    due: list[date] = field(default_factory=list)
    recurrence: dict[str, Any] | None = None
    trigger: str | None = None
    warnings: list[str] = field(default_factory=list)
    items: list[ScheduleItem] = field(default_factory=list)
    offset_days: int | None = None
    offset_unit: str | None = None  # "days" | "working_days" when offset_days is set
    source: str = "schedule"  # or "note" when the caller took the deadline from the note column
    # The first day of a range the text names ("Giai đoạn 2026 - 2030": 01/01/2026, "Từ ngày
    # 01/3 đến …": 01/03); the range itself is due at its end, in ``due``.
    start: date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "due": [d.isoformat() for d in self.due],
            "recurrence": dict(self.recurrence) if self.recurrence else None,
            "trigger": self.trigger,
            "kind": self.kind,
            "warnings": list(self.warnings),
            "items": [i.to_dict() for i in self.items],
            "offset_days": self.offset_days,
            "offset_unit": self.offset_unit,
            "source": self.source,
            "start": self.start.isoformat() if self.start else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Schedule:
        """The schedule stored as ``to_dict()`` gave it (a task's JSON field, a draft row).

        Stored data is read leniently: a missing key takes its default, an unreadable date or
        item is dropped, so a draft written by an older version still plans.
        """
        data = data or {}
        offset = data.get("offset_days")
        try:
            offset_days = int(offset) if offset is not None else None
        except (TypeError, ValueError):
            offset_days = None
        items = [ScheduleItem.from_dict(i) for i in data.get("items") or [] if isinstance(i, Mapping)]
        rec = data.get("recurrence")
        return cls(
            text=str(data.get("text") or ""),
            kind=str(data.get("kind") or "unparsed"),
            due=[d for d in map(_stored_date, data.get("due") or []) if d is not None],
            recurrence=dict(rec) if isinstance(rec, Mapping) and rec else None,
            trigger=data.get("trigger") or None,
            warnings=[str(w) for w in data.get("warnings") or []],
            items=[i for i in items if i is not None],
            offset_days=offset_days,
            offset_unit=data.get("offset_unit") or None,
            source=str(data.get("source") or "schedule"),
            start=_stored_date(data.get("start")),
        )


def _stored_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


# All patterns run on the folded text (lower-case ASCII); "\s*" between words tolerates missing spaces.
_SEP = r"\s*(?:,|;|&|\+|-|va|den|hoac)\s*"
_QN = r"(?:(?:iv|i{1,3})(?![a-z])|[1-4](?!\d))"
_YEAR_SUFFIX = r"(?:\s*(?:/|-|nam)\s*(\d{4})(?!\d))?"
_QUARTERS = re.compile(rf"(?<![a-z])quy\s*({_QN}(?:{_SEP}(?:quy\s*)?{_QN})*){_YEAR_SUFFIX}")
_MONTHS = re.compile(
    rf"(?<![a-z])thang\s*(\d{{1,2}}(?!\d)(?:{_SEP}(?:thang\s*)?\d{{1,2}}(?!\d))*){_YEAR_SUFFIX}"
)
_LIST_TOKEN = re.compile(r"(-|den)|(iv|i{1,3}|\d{1,2})")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_HALF = re.compile(
    r"(?:(?<!\d)(0?[1-9]|1[0-2]|sau)\s*thang|(?<![a-z])nua)\s*(dau|cuoi)(?![a-z])(?!\s*(?:cua\s*)?(?:ky|quy)(?![a-z]))"
    r"(?:\s*(?:cua\s*)?nam(?![a-z]))?(?:\s*(?:/|nam)?\s*(\d{4})(?!\d))?"
)
# "Giai đoạn 2026 - 2030", "2026-2027", "Năm 2026 - 2027", "từ năm 2026 đến năm 2028": a span of
# whole years (not "Quý IV/2025-2026", whose first year belongs to the quarter).
_YEAR_RANGE = re.compile(
    r"(?<![a-z0-9/.])(?:(?:trong\s*)?(?:giai\s*doan|thoi\s*ky|tu)\s*)?(?:nam\s*)?(?<![\d/.])(20\d{2})"
    r"\s*(?:-|den|toi)\s*(?:nam\s*)?(20\d{2})(?![\d/])"
)
_MAX_RANGE_YEARS = 30  # a longer "range" is two unrelated numbers
# A cell holding only a year ("2030" under "Thời hạn hoàn thành"): due by the end of it.
_BARE_YEAR = re.compile(r"[\s.,;:()-]*(?:nam\s*)?(20\d{2})[\s.,;:()-]*")
_YEAR_NUM = re.compile(r"(?<![a-z])(?:(?:trong|ca|suot|cuoi|het|den)\s*)*nam\s*(\d{4})(?!\d)")
_YEAR_WORD = re.compile(r"(?<![a-z])(?:trong|ca|suot|cuoi|het)\s*nam(?![a-z])(?!\s*\d)")
# "trong ngày 14 của tháng cuối kỳ báo cáo", "ngày 15 tháng cuối quý", "tháng thứ 2 của quý"
_PERIOD_DAY = re.compile(
    r"(?:(?<![a-z])ngay\s*(\d{1,2})(?!\d)\s*(?:cua\s*)?)?(?<![a-z])thang\s*(cuoi|dau|thu\s*(\d))\s*(?:cua\s*)?"
    r"(ky|quy|nam|(?:0?6|sau)\s*thang)(?![a-z])(?!\s*\d)"
)
_SCOPE_FREQ = {"ky": None, "quy": "quarterly", "nam": "yearly"}
_WEEKDAY = re.compile(r"(?<![a-z])(?:thu\s*(hai|ba|tu|nam|sau|bay|[2-7])|chu\s*nhat)(?![a-z0-9])(?!\s*\d)")
_WEEKDAY_LEAD = re.compile(r"(?:vao|chieu|sang|toi|dinh\s*ky|cac|moi)\s*$")
_WEEKDAYS = {"hai": 0, "ba": 1, "tu": 2, "nam": 3, "sau": 4, "bay": 5}
_PREFIX = r"(?:(?:dinh\s*ky\s*)?(?:hang|moi)|dinh\s*ky|bao\s*cao(?:\s*dinh\s*ky)?|theo)\s*"
_ATOM = (
    r"(?:(?:0?6|sau)\s*thang|tuan|thang|nam"
    r"|quy(?!\s*(?:dinh|trinh|che|hoach|mo|tac|uoc|doi|chuan|pham|luat)(?![a-z])))(?![a-z])(?!\s*\d)"
)
_FREQ_RUN = re.compile(
    rf"(?<![a-z0-9])(?P<prefix>{_PREFIX})?(?P<atoms>{_ATOM}(?:\s*(?:,|;|/|&|\+|-|va|hoac)\s*(?:{_PREFIX})?{_ATOM})*)"
)
_ATOM_FREQ = re.compile(r"(?:0?6|sau)\s*thang|tuan|thang|quy|nam")
_FILLER_WORDS = re.compile(r"(?<![a-z])(?:dinh\s*ky|bao\s*cao|thuc\s*hien|trong|vao)(?![a-z])")
_FILLER_CHARS = re.compile(r"[\s\x00.,;:()+\-]")
_DAY = re.compile(r"(?<![a-z])ngay\s*(\d{1,2})(?!\d)")
_DAY_TAIL = re.compile(r"ngay\s*$")
_OFFSET = re.compile(
    r"(?:(?<![a-z])(trong\s*vong|trong\s*thoi\s*(?:han|gian)|khong\s*qua|cham\s*nhat(?:\s*la)?|toi\s*da|trong|sau)"
    r"\s*)?(?<!\d)(\d{1,3})\s*ngay(\s*lam\s*viec)?(?![a-z])"
)
_CONNECTOR = re.compile(r"\s*,?\s*(ke\s*tu|tinh\s*tu|sau|truoc)(?![a-z])")
_EVENT = re.compile(
    r"(?<![a-z])(?:(?:ke|tinh)\s*tu(?:\s*(?:khi|ngay))?|(?:ngay\s*)?sau\s*khi|truoc\s*khi|ngay\s*khi|khi)(?![a-z])"
)
# The event ends at a bracket, bullet or sentence end, or at a comma before another schedule form.
_TRIGGER_END = re.compile(
    r"[();\x00]|\s[-+]\s|\.(?:\s|$)"
    r"|,\s*(?=(?:theo|can\s*cu|thuong\s*xuyen|hang|dinh\s*ky|truoc|cham\s*nhat|trong)(?![a-z]))"
)
_TRIGGER_LEAD = re.compile(r"(?:(?:co|ngay|khi)\s+)+")
_ON_REQUEST = re.compile(r"yeu\s*cau")
_CONTINUOUS = re.compile(r"(?<![a-z])(?:thuong\s*xuyen|lien\s*tuc|hang\s*ngay|moi\s*ngay)(?![a-z])")
_PERIODIC = re.compile(r"(?<![a-z])dinh\s*ky(?![a-z])")
_EXTERNAL = re.compile(
    r"(?<![a-z])(?:(?:tuy\s*)?theo\s*(?:dung\s*)?(?:quy\s*dinh|yeu\s*cau|tien\s*do|ke\s*hoach|chi\s*dao|huong\s*dan"
    r"|lich|thong\s*bao|van\s*ban|de\s*nghi|cong\s*van|quyet\s*dinh|thoi\s*(?:gian|han)|chuong\s*trinh|nghi\s*quyet"
    r"|thong\s*tu|nghi\s*dinh|lo\s*trinh|phan\s*cong|muc\s*tieu|de\s*an)|can\s*cu|(?:khi|theo)\s*(?:co\s*)?yeu\s*cau"
    r"|dot\s*xuat|dung\s*(?:thoi\s*han\s*)?quy\s*dinh)"
)


@dataclass(slots=True)
class _Scan:
    """What the rules found so far in one text."""

    f: Folded
    period: Period
    warnings: list[str] = field(default_factory=list)
    explicit: list[date] = field(default_factory=list)
    window: list[date] = field(default_factory=list)
    years: list[date] = field(default_factory=list)
    starts: list[date] = field(default_factory=list)  # first days of the ranges read
    items: list[ScheduleItem] = field(default_factory=list)
    anchors: list[date] = field(default_factory=list)
    freqs: set[str] = field(default_factory=set)
    day: int | None = None
    weekday: int | None = None
    month_in_period: str | int | None = None
    unknown_cycle: bool = False  # "tháng cuối kỳ báo cáo" without saying which period
    continuous: bool = False
    vague_periodic: bool = False  # "định kỳ" without a frequency
    triggers: list[str] = field(default_factory=list)
    offset: int | None = None
    offset_unit: str | None = None
    external: bool = False

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def day_of_month(self, written: str) -> int | None:
        n = int(written)
        if 1 <= n <= 31:
            return n
        self.warn(f"Ngày {n} trong tháng không hợp lệ, đã bỏ qua.")
        return None


def _read_dates(s: _Scan) -> None:
    hits = [h for h in find_dates(s.f) if h.role != "cite"]
    dated: dict[DateHit, date] = {}
    for hit in hits:
        d = resolve_hit(hit, s.period)
        if d is None:
            s.warn(f"Ngày {hit.written()} không hợp lệ, đã bỏ qua.")
        elif hit.role == "anchor":
            s.anchors.append(d)
        else:
            s.explicit.append(d)
            dated[hit] = d
    cursor = 0
    for i, hit in enumerate(hits):
        nxt = hits[i + 1].start if i + 1 < len(hits) else len(s.f.work)
        span = None
        if hit in dated:
            work = s.f.work
            span = label_before(work, cursor, hit.start) or label_after(
                work, hit.end, nxt, last=i + 1 == len(hits)
            )
        cursor = hit.end
        if span:
            label = s.f.original(*span)
            s.items.append(ScheduleItem(label[:1].upper() + label[1:], dated[hit]))
            s.f.mask(*span)
            cursor = max(cursor, span[1])


def _window(s: _Scan, build: Callable[[int], date], year: str | None, written: str) -> None:
    """The end of a named quarter/month/half: in the written year, else the one inside the period."""
    d = safe(build, int(year)) if year else in_period(lambda y: safe(build, y), s.period)
    if d is None:
        s.warn(f"Thời hạn “{written}” không hợp lệ, đã bỏ qua.")
    else:
        s.window.append(d)


def _numbers(listed: str) -> list[int]:
    """Numbers of "III, IV", "6 và 12", "II - IV": a range ("-", "đến") counts by its end only."""
    out: list[int] = []
    ranged = False
    for m in _LIST_TOKEN.finditer(listed):
        if m.group(1):
            ranged = True
            continue
        n = _ROMAN.get(m.group(2)) or int(m.group(2))
        if ranged and out:
            out.pop()
        out.append(n)
        ranged = False
    return out


def _read_period_day(s: _Scan) -> None:
    for m in list(_PERIOD_DAY.finditer(s.f.work)):
        if m.group(1):
            s.day = s.day_of_month(m.group(1))
        s.month_in_period = "last" if m.group(2) == "cuoi" else 1 if m.group(2) == "dau" else int(m.group(3))
        freq = _SCOPE_FREQ.get(m.group(4), "semiannual")
        if freq:
            s.freqs.add(freq)
        else:
            s.unknown_cycle = True
        s.f.mask(*m.span())


def _read_weekday(s: _Scan) -> None:
    for m in list(_WEEKDAY.finditer(s.f.work)):
        # "lần thứ hai" is not a Monday: a weekday counts only in a weekly context.
        if "tuan" in s.f.work or _WEEKDAY_LEAD.search(s.f.work, max(0, m.start() - 20), m.start()):
            token = m.group(1)
            s.weekday = 6 if token is None else _WEEKDAYS.get(token, int(token) - 2 if token.isdigit() else 0)
            s.freqs.add("weekly")
            s.f.mask(*m.span())


def _read_halves(s: _Scan) -> None:
    for m in list(_HALF.finditer(s.f.work)):
        if _DAY_TAIL.search(s.f.work, max(0, m.start() - 8), m.start()):
            continue  # "ngày 10 tháng cuối năm" is a day of a month, not ten months
        n = 6 if m.group(1) in (None, "sau") else int(m.group(1))
        end_of = partial(month_end, month=n) if m.group(2) == "dau" else partial(date, month=12, day=31)
        _window(s, end_of, m.group(3), s.f.original(*m.span()))
        s.f.mask(*m.span())


def _read_year_ranges(s: _Scan) -> None:
    """Spans of whole years: due on 31/12 of the last year, starting on 1/1 of the first."""
    for m in list(_YEAR_RANGE.finditer(s.f.work)):
        first, last = int(m.group(1)), int(m.group(2))
        if not 0 < last - first <= _MAX_RANGE_YEARS:
            continue
        s.window.append(date(last, 12, 31))
        s.starts.append(date(first, 1, 1))
        s.f.mask(*m.span())
    if bare := _BARE_YEAR.fullmatch(s.f.work):
        s.window.append(date(int(bare.group(1)), 12, 31))
        s.f.mask(*bare.span())


def _read_windows(s: _Scan) -> None:
    """Quarters, months and years named in the text ("Quý III, IV/2025", "Tháng 6, tháng 11")."""
    for m in list(_QUARTERS.finditer(s.f.work)):
        for q in _numbers(m.group(1)):
            _window(s, partial(quarter_end, quarter=q), m.group(2), s.f.original(*m.span()))
        s.f.mask(*m.span())
    for m in list(_MONTHS.finditer(s.f.work)):
        for n in _numbers(m.group(1)):
            if 1 <= n <= 12:
                _window(s, partial(month_end, month=n), m.group(2), s.f.original(*m.span()))
            else:
                s.warn(f"Tháng {n} không hợp lệ, đã bỏ qua.")
        s.f.mask(*m.span())
    # "năm 2025" is kept aside: a window only if nothing else is said ("Thường xuyên trong năm 2025").
    for m in list(_YEAR_NUM.finditer(s.f.work)):
        if d := safe(date, int(m.group(1)), 12, 31):
            s.years.append(d)
        s.f.mask(*m.span())
    for m in list(_YEAR_WORD.finditer(s.f.work)):
        s.years.append(date(s.period.end.year, 12, 31))
        s.f.mask(*m.span())


def _read_events(s: _Scan) -> None:
    for m in list(_OFFSET.finditer(s.f.work)):
        conn = _CONNECTOR.match(s.f.work, m.end())
        if not (m.group(1) or conn):
            continue
        if s.offset is None:
            n = int(m.group(2))
            s.offset = -n if conn and conn.group(1) == "truoc" else n
            s.offset_unit = "working_days" if m.group(3) else "days"
        s.f.mask(*m.span())
    pos = 0
    while event := _EVENT.search(s.f.work, pos):
        work = s.f.work
        end = m2.start() if (m2 := _TRIGGER_END.search(work, event.end())) else len(work)
        a, b = trim(work, event.end(), end)
        if lead := _TRIGGER_LEAD.match(work, a, b):
            a = lead.end()
        pos = event.end()
        if a < b and re.search(r"[a-z]", work[a:b]) and not _ON_REQUEST.match(work, a, b):
            s.triggers.append(s.f.original(a, b))
            s.f.mask(event.start(), b)
            pos = b


def _read_cycles(s: _Scan) -> None:
    """Frequencies ("hàng tháng", "Quý, năm"), then what is left: continuous work, a bare "định kỳ",
    a schedule set elsewhere ("Theo quy định")."""
    pos = 0
    while m := _FREQ_RUN.search(s.f.work, pos):
        work = s.f.work
        atoms = [a.group(0) for a in _ATOM_FREQ.finditer(m.group("atoms"))]
        rest = _FILLER_CHARS.sub("", _FILLER_WORDS.sub(" ", work[: m.start()] + " " + work[m.end() :]))
        if m.group("prefix") or len(atoms) > 1 or not rest:
            for atom in atoms:
                s.freqs.add(_atom_freq(atom))
            s.f.mask(*m.span())
        pos = m.end()
    if (s.freqs or s.unknown_cycle) and s.day is None and (m := _DAY.search(s.f.work)):
        s.day = s.day_of_month(m.group(1))
        s.f.mask(*m.span())
    if m := _CONTINUOUS.search(s.f.work):
        s.continuous = True
        s.f.mask(*m.span())
    s.vague_periodic = bool(_PERIODIC.search(s.f.work)) and not s.freqs and not s.unknown_cycle
    s.external = bool(_EXTERNAL.search(s.f.work))


def _atom_freq(atom: str) -> str:
    if atom[0] in "0s6":
        return "semiannual"
    return {"tuan": "weekly", "thang": "monthly", "quy": "quarterly"}.get(atom, "yearly")


def _recurrence(s: _Scan, reporting_day: int | None) -> dict[str, Any] | None:
    freqs = set(s.freqs)
    if s.unknown_cycle and not freqs:
        freqs.add("quarterly")
        s.warn("Không ghi rõ kỳ báo cáo, tạm hiểu là hàng quý.")
    if not freqs:
        return None
    ordered = [f for f in FREQS if f in freqs]
    day = s.day
    if day is None and ordered[0] == "monthly":
        day = reporting_day
    return {
        "freq": ordered[0],
        "freqs": ordered,
        "day": day,
        "weekday": s.weekday,
        "month_in_period": s.month_in_period,
    }


# Order matters: each rule masks what it read, so narrower forms run first (a date before its month,
# "6 tháng cuối năm" before "tháng cuối kỳ", windows before events so a trigger cannot swallow "Quý IV").
_RULES = (
    _read_dates,
    _read_halves,
    _read_period_day,
    _read_weekday,
    _read_year_ranges,
    _read_windows,
    _read_events,
    _read_cycles,
)


def parse_schedule(text: str, period: Period, *, reporting_day: int | None = None) -> Schedule:
    """Read a schedule cell ("Quý III, IV/2025", "Trước ngày 15/12/2025", "Thường xuyên", …).

    Dates without a year take the year that puts them inside ``period``; ``reporting_day`` (the
    plan's monthly reporting day, e.g. 25) is the due day of monthly and continuous obligations
    whose text does not name one.
    """
    written = " ".join(unicodedata.normalize("NFC", text or "").split())
    sched = Schedule(text=written)
    if not written:
        sched.warnings.append("Chưa có thời hạn")
        return sched
    s = _Scan(Folded(written), period)
    for rule in _RULES:
        rule(s)
    if s.anchors and s.offset is not None:
        if s.offset_unit == "days" and (d := safe(lambda: s.anchors[0] + timedelta(days=s.offset or 0))):
            s.explicit.append(d)
        elif not s.triggers:
            s.triggers.append(f"ngày {fmt(s.anchors[0])}")
    recurrence = _recurrence(s, reporting_day)
    event = bool(s.triggers) or s.offset is not None
    if not (s.explicit or s.window or recurrence or s.continuous or s.vague_periodic or event or s.external):
        if s.years:
            s.window.extend(s.years)
        elif s.anchors:
            s.continuous = True
            s.warn(f"Chỉ ghi ngày bắt đầu {fmt(s.anchors[0])}, chưa có thời hạn cụ thể.")
    if s.vague_periodic:
        s.warn("Không ghi rõ tần suất định kỳ, tạm coi là thường xuyên.")
    if s.offset is not None and not s.triggers and not s.anchors:
        s.warn("Chưa rõ sự kiện làm mốc tính thời hạn.")

    if s.explicit:
        sched.kind = "deadline"
    elif s.window:
        sched.kind = "window"
    elif recurrence:
        sched.kind = "recurring"
    elif s.continuous or s.vague_periodic:
        sched.kind = "continuous"
        if reporting_day is not None:
            recurrence = {"freq": "monthly", "freqs": ["monthly"], "day": reporting_day}
            recurrence |= {"weekday": None, "month_in_period": None}
    elif event:
        sched.kind = "event"
    elif s.external:
        sched.kind = "external"
    else:
        s.warn(f"Không đọc được thời hạn: {written}")

    sched.due = sorted(set(s.explicit + s.window))
    for d in sched.due:
        if not period.contains(d):
            s.warn(
                f"Ngày {fmt(d)} nằm ngoài thời gian của kế hoạch ({fmt(period.start)} - {fmt(period.end)}), "
                "cần kiểm tra lại."
            )
    sched.items = s.items
    sched.recurrence = recurrence
    sched.trigger = "; ".join(dict.fromkeys(s.triggers)) or None
    sched.offset_days, sched.offset_unit = s.offset, s.offset_unit
    if sched.due:
        # "Từ ngày 01/3/2026 đến ngày 30/6/2026" keeps its start as a year range does.
        starts = s.starts + (s.anchors if s.offset is None else [])
        sched.start = min((d for d in starts if d <= sched.due[-1]), default=None)
    sched.warnings = s.warnings
    return sched
