"""The periods of the reports sent upward: which records a report covers, and when it is due.

The Ministry of Home Affairs' practice (the default rules, ``DEFAULT_RULES``): the periodic CCHC
reports count from 15 December of the year before to the 14th of the period's last month,
cumulatively — quarter I to 14/3, six months to 14/6, quarter III (nine months) to 14/9, the
year to 14/12 — and are due on the 20th of that month. A province may set other dates: the
rules are data (``WindowRule``), stored per province and edited in the admin; these defaults
seed them.

Besides the periodic reports: the Friday brief (giao ban) of a week, Monday to Sunday, due on
its Friday; the monthly compilation of a calendar month, due on the department's reporting
day; and the report on one plan (its window is the plan's, see the reporting app).

``parse_period(kind, text, …)`` reads what a person types ("2026-Q3", "2026-H1", "2026",
"2026-W49", "2026-11") into a ``ReportPeriod``; a bad text raises ``PeriodError`` with a
message that says what is expected.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from cchc.core.errors import UserError
from cchc.core.periods import month_end


class ReportKind(StrEnum):
    QUARTER = "quarter"
    HALF = "half"
    NINE_MONTHS = "nine_months"
    YEAR = "year"
    WEEK = "week"
    MONTH = "month"
    PLAN = "plan"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS: dict[ReportKind, str] = {
    ReportKind.QUARTER: "Báo cáo quý",
    ReportKind.HALF: "Báo cáo 6 tháng",
    ReportKind.NINE_MONTHS: "Báo cáo 9 tháng",
    ReportKind.YEAR: "Báo cáo năm",
    ReportKind.WEEK: "Báo cáo giao ban tuần",
    ReportKind.MONTH: "Báo cáo tổng hợp tháng",
    ReportKind.PLAN: "Báo cáo kết quả thực hiện kế hoạch",
}

# The kinds whose windows come from the rules (the others are computed).
PERIODIC = (ReportKind.QUARTER, ReportKind.HALF, ReportKind.NINE_MONTHS, ReportKind.YEAR)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class PeriodError(UserError):
    """A period that cannot be read or has no rule."""


@dataclass(frozen=True, slots=True)
class WindowRule:
    """One periodic report's dates, for any year: its data window runs from
    ``start_day/start_month`` (of the year before when ``start_prev_year``) to
    ``end_day/end_month`` of the report's year, and it is due on ``due_day/due_month``.
    ``period`` is "Q1".."Q4" for a quarter, "H1"/"H2" for a half, "" for nine months and the year."""

    kind: ReportKind
    period: str
    label: str  # "quý I", "6 tháng đầu năm", "9 tháng", "năm"
    start_month: int
    start_day: int
    start_prev_year: bool
    end_month: int
    end_day: int
    due_month: int
    due_day: int

    def window(self, year: int) -> tuple[date, date]:
        start = _day(year - 1 if self.start_prev_year else year, self.start_month, self.start_day)
        return start, _day(year, self.end_month, self.end_day)

    def due(self, year: int) -> date:
        return _day(year, self.due_month, self.due_day)


def _day(year: int, month: int, day: int) -> date:
    """The day, or the month's last day when it has fewer (29/2 of a common year)."""
    return min(date(year, month, 1) + timedelta(days=day - 1), month_end(year, month))


def _rule(kind: ReportKind, period: str, label: str, end_month: int) -> WindowRule:
    return WindowRule(kind, period, label, 12, 15, True, end_month, 14, end_month, 20)


DEFAULT_RULES: tuple[WindowRule, ...] = (
    _rule(ReportKind.QUARTER, "Q1", "quý I", 3),
    _rule(ReportKind.QUARTER, "Q2", "quý II", 6),
    _rule(ReportKind.QUARTER, "Q3", "quý III", 9),
    _rule(ReportKind.QUARTER, "Q4", "quý IV", 12),
    _rule(ReportKind.HALF, "H1", "6 tháng đầu năm", 6),
    _rule(ReportKind.HALF, "H2", "năm", 12),
    _rule(ReportKind.NINE_MONTHS, "", "9 tháng", 9),
    _rule(ReportKind.YEAR, "", "năm", 12),
)


@dataclass(frozen=True, slots=True)
class ReportPeriod:
    """What one report covers: records dated ``start`` … ``end`` (both included)."""

    kind: ReportKind
    key: str  # "2026-Q3", "2026-H1", "2026", "2026-W49", "2026-11", "plan-12"
    label: str  # "quý III năm 2026", "tuần 49 năm 2026 (từ 30/11 đến 06/12/2026)"
    start: date
    end: date
    due: date | None
    year: int

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end

    @property
    def title(self) -> str:
        return report_title(self.kind, self.label)


_TITLES = {
    ReportKind.WEEK: "Báo cáo giao ban {}",
    ReportKind.MONTH: "Báo cáo tổng hợp {}",
    ReportKind.PLAN: "Báo cáo kết quả thực hiện {}",
}


def report_title(kind: ReportKind | str, label: str) -> str:
    """A report's name as people say it: "Báo cáo CCHC quý III năm 2026", "Báo cáo giao ban
    tuần 49 năm 2026 (…)", "Báo cáo kết quả thực hiện Kế hoạch số 12/KH-SCT"."""
    return _TITLES.get(ReportKind(kind), "Báo cáo CCHC {}").format(label)


def _year_label(label: str, year: int) -> str:
    """ "quý I" → "quý I năm 2026"; "6 tháng đầu năm" → "6 tháng đầu năm 2026"; "năm" → "năm 2026"."""
    return f"{label} {year}" if label.split()[-1:] == ["năm"] else f"{label} năm {year}"


_PATTERNS: dict[ReportKind, tuple[re.Pattern[str], str]] = {
    ReportKind.QUARTER: (re.compile(r"(\d{4})-?Q([1-4])", re.I), "năm-Q số quý, ví dụ 2026-Q3"),
    ReportKind.HALF: (re.compile(r"(\d{4})-?H([12])", re.I), "năm-H1 hoặc năm-H2, ví dụ 2026-H1"),
    ReportKind.NINE_MONTHS: (re.compile(r"(\d{4})"), "năm, ví dụ 2026"),
    ReportKind.YEAR: (re.compile(r"(\d{4})"), "năm, ví dụ 2026"),
    ReportKind.WEEK: (re.compile(r"(\d{4})-?W(\d{1,2})", re.I), "năm-W số tuần, ví dụ 2026-W49"),
    ReportKind.MONTH: (re.compile(r"(\d{4})-(\d{1,2})"), "năm-tháng, ví dụ 2026-11"),
}
YEARS = (2000, 2100)


def parse_kind(text: str) -> ReportKind:
    try:
        return ReportKind(str(text).strip().lower())
    except ValueError:
        known = ", ".join(k.value for k in ReportKind)
        raise PeriodError(f"Loại báo cáo không đúng: “{text}” (chọn một trong: {known}).") from None


def parse_period(
    kind: ReportKind | str,
    text: str,
    *,
    rules: Iterable[WindowRule] = DEFAULT_RULES,
    reporting_day: int = 25,
) -> ReportPeriod:
    """The period ``text`` of a report of ``kind`` (not ``plan``: see the reporting app).
    ``rules``: the province's rules for the periodic kinds; ``reporting_day``: the day of the
    month the monthly compilation is due."""
    kind = parse_kind(kind) if not isinstance(kind, ReportKind) else kind
    if kind is ReportKind.PLAN:
        raise PeriodError("Báo cáo theo kế hoạch nhận số hiệu (id) của kế hoạch, không nhận kỳ.")
    pattern, expected = _PATTERNS[kind]
    raw = str(text or "").strip()
    m = pattern.fullmatch(raw)
    if m is None:
        raise PeriodError(
            f"Kỳ báo cáo “{raw}” không đúng dạng; {kind.label.lower()} ghi theo dạng {expected}."
        )
    year = int(m.group(1))
    if not YEARS[0] <= year <= YEARS[1]:
        raise PeriodError(f"Năm {year} nằm ngoài khoảng {YEARS[0]}–{YEARS[1]}.")
    if kind is ReportKind.WEEK:
        return _week(year, int(m.group(2)))
    if kind is ReportKind.MONTH:
        return _month(year, int(m.group(2)), reporting_day)
    period = {
        ReportKind.QUARTER: lambda: f"Q{m.group(2)}",
        ReportKind.HALF: lambda: f"H{m.group(2)}",
    }.get(kind, lambda: "")()
    rule = next((r for r in rules if r.kind == kind and r.period == period), None)
    if rule is None:
        raise PeriodError(
            f"Chưa có lịch cho {kind.label.lower()} kỳ “{raw}”: hãy thêm vào danh mục lịch báo cáo."
        )
    start, end = rule.window(year)
    key = f"{year}-{period}" if period else str(year)
    return ReportPeriod(kind, key, _year_label(rule.label, year), start, end, rule.due(year), year)


def _week(year: int, week: int) -> ReportPeriod:
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        raise PeriodError(f"Năm {year} không có tuần {week}.") from None
    sunday = monday + timedelta(days=6)
    label = f"tuần {week} năm {year} (từ {monday:%d/%m} đến {sunday:%d/%m/%Y})"
    return ReportPeriod(
        ReportKind.WEEK, f"{year}-W{week:02d}", label, monday, sunday, monday + timedelta(days=4), year
    )


def _month(year: int, month: int, reporting_day: int) -> ReportPeriod:
    if not 1 <= month <= 12:
        raise PeriodError(f"Tháng {month} không có; tháng ghi từ 1 đến 12.")
    start, end = date(year, month, 1), month_end(year, month)
    due = _day(year, month, max(1, min(reporting_day, 31)))
    return ReportPeriod(
        ReportKind.MONTH, f"{year}-{month:02d}", f"tháng {month} năm {year}", start, end, due, year
    )


def periods_due(
    year: int, *, rules: Iterable[WindowRule] = DEFAULT_RULES, kinds: Iterable[ReportKind] = PERIODIC
) -> list[ReportPeriod]:
    """The periodic reports of ``year`` by due date: what the Office must send that year
    (a quarter's report whose window equals a half's or the year's is listed once, as the
    longer one: quý II is the six-months report, quý IV the year's)."""
    wanted = set(kinds)
    found: dict[tuple[date, date], ReportPeriod] = {}
    rank = {ReportKind.YEAR: 0, ReportKind.NINE_MONTHS: 1, ReportKind.HALF: 2, ReportKind.QUARTER: 3}
    for rule in sorted(rules, key=lambda r: rank.get(r.kind, 9)):
        if rule.kind not in wanted:
            continue
        text = f"{year}-{rule.period}" if rule.period else str(year)
        p = parse_period(rule.kind, text, rules=rules)
        found.setdefault((p.start, p.end), p)
    return sorted(found.values(), key=lambda p: (p.due or p.end, p.start))
