"""The Vietnamese working calendar: which days are working days, and working time.

One calendar serves the whole system (obligation due dates, reminders "7 working days
before", dossier analytics' "8 working hours"). It is seeded from the maintained
``holidays`` package (country VN: the Labour Code holidays including the lunar ones, Tết
and the Hùng Kings' day, the compensatory days off and the make-up working Saturdays the
government announces each year), and an editable per-year table goes on top of it: a
province's extra days off, swapped days, make-up working days. The table always wins.

Pure Python: the Django side stores the overrides (``CalendarDay``) and builds a
:class:`WorkCalendar` from them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays as holidays_lib

WEEKEND = (5, 6)  # Saturday, Sunday


@dataclass(frozen=True, slots=True)
class DayOverride:
    """One row of the editable table: ``working=False`` is a day off, True a working day."""

    day: date
    working: bool
    name: str = ""


@lru_cache(maxsize=64)
def _seed(year: int) -> tuple[tuple[tuple[date, str], ...], tuple[date, ...]]:
    vn = holidays_lib.country_holidays("VN", years=year)
    days_off = tuple(sorted((d, str(n)) for d, n in vn.items()))
    make_up = tuple(sorted(d for d in getattr(vn, "weekend_workdays", ()) if d.year == year))
    return days_off, make_up


class WorkCalendar:
    """Working days: Monday–Friday, less public holidays, plus make-up working days.

    ``overrides`` (the editable table) are applied last: a day listed as working is a
    working day even on a weekend or a seeded holiday, a day listed as off is off.
    Years are seeded lazily from the ``holidays`` package unless ``seed=False``.
    """

    def __init__(
        self, overrides: Iterable[DayOverride] = (), *, seed: bool = True, weekend: tuple[int, ...] = WEEKEND
    ) -> None:
        self.weekend = frozenset(weekend)
        self.seed = seed
        self._overrides = {o.day: o for o in overrides}
        self._years: set[int] = set()
        self._off: dict[date, str] = {}
        self._extra_work: set[date] = set()

    def _load(self, year: int) -> None:
        if year in self._years:
            return
        self._years.add(year)
        if self.seed:
            days_off, make_up = _seed(year)
            for d, name in days_off:
                self._off.setdefault(d, name)
            self._extra_work.update(make_up)
        for d, o in self._overrides.items():
            if d.year != year:
                continue
            if o.working:
                self._extra_work.add(d)
                self._off.pop(d, None)
            else:
                self._off[d] = o.name or "Ngày nghỉ"
                self._extra_work.discard(d)

    def is_working_day(self, d: date) -> bool:
        self._load(d.year)
        if d in self._extra_work:
            return True
        return d.weekday() not in self.weekend and d not in self._off

    def holiday_name(self, d: date) -> str | None:
        self._load(d.year)
        return self._off.get(d)

    def days_off(self, year: int) -> list[tuple[date, str]]:
        """Public holidays and extra days off of a year that fall on weekdays or not."""
        self._load(year)
        return sorted((d, n) for d, n in self._off.items() if d.year == year)

    def make_up_days(self, year: int) -> list[date]:
        self._load(year)
        return sorted(d for d in self._extra_work if d.year == year)

    def next_working_day(self, d: date, *, include: bool = True) -> date:
        """``d`` itself if it is a working day (``include``), else the next one."""
        d = d if include else d + timedelta(days=1)
        while not self.is_working_day(d):
            d += timedelta(days=1)
        return d

    def previous_working_day(self, d: date, *, include: bool = True) -> date:
        d = d if include else d - timedelta(days=1)
        while not self.is_working_day(d):
            d -= timedelta(days=1)
        return d

    def add_working_days(self, d: date, n: int) -> date:
        """The working day ``n`` working days after ``d`` (before it when ``n`` < 0).

        ``add_working_days(d, 0)`` is ``d`` moved forward to a working day.
        """
        if n == 0:
            return self.next_working_day(d)
        step = 1 if n > 0 else -1
        left = abs(n)
        while left:
            d += timedelta(days=step)
            if self.is_working_day(d):
                left -= 1
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when ``end`` is before ``start``."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        d = start
        while d < end:
            d += timedelta(days=1)
            if self.is_working_day(d):
                count += 1
        return count

    def working_days(self, start: date, end: date) -> list[date]:
        """Every working day in [start, end]."""
        out = []
        d = start
        while d <= end:
            if self.is_working_day(d):
                out.append(d)
            d += timedelta(days=1)
        return out


@dataclass(frozen=True, slots=True)
class WorkingHours:
    """The office's working hours on a working day (default 07:00–11:30 and 13:30–17:00)."""

    spans: tuple[tuple[time, time], ...] = ((time(7, 0), time(11, 30)), (time(13, 30), time(17, 0)))

    @property
    def day_length(self) -> timedelta:
        return sum((_dt(b) - _dt(a) for a, b in self.spans), timedelta())

    @classmethod
    def parse(cls, text: str) -> WorkingHours:
        """ "07:00-11:30,13:30-17:00" -> WorkingHours."""
        spans = []
        for part in text.split(","):
            a, b = (time.fromisoformat(x.strip()) for x in part.split("-"))
            if b <= a:
                raise ValueError(f"Khung giờ làm việc không hợp lệ: {part.strip()}")
            spans.append((a, b))
        spans.sort()
        for (_, b), (c, _) in itertools.pairwise(spans):
            if c < b:
                raise ValueError("Các khung giờ làm việc bị chồng lên nhau.")
        return cls(tuple(spans))


def _dt(t: time) -> datetime:
    return datetime.combine(date(2000, 1, 3), t)


class WorkingTime:
    """Working-time arithmetic on naive local datetimes (Asia/Ho_Chi_Minh)."""

    def __init__(self, calendar: WorkCalendar, hours: WorkingHours | None = None) -> None:
        self.calendar = calendar
        self.hours = hours or WorkingHours()
        self._starts = [a for a, _ in self.hours.spans]

    def _spans_of(self, d: date) -> list[tuple[datetime, datetime]]:
        if not self.calendar.is_working_day(d):
            return []
        return [(datetime.combine(d, a), datetime.combine(d, b)) for a, b in self.hours.spans]

    def between(self, start: datetime, end: datetime) -> timedelta:
        """Working time elapsed from ``start`` to ``end`` (zero if ``end`` <= ``start``)."""
        if end <= start:
            return timedelta()
        total = timedelta()
        d = start.date()
        while d <= end.date():
            for a, b in self._spans_of(d):
                lo, hi = max(a, start), min(b, end)
                if hi > lo:
                    total += hi - lo
            d += timedelta(days=1)
        return total

    def add(self, start: datetime, amount: timedelta) -> datetime:
        """The moment when ``amount`` of working time has passed after ``start``."""
        left = amount
        d = start.date()
        cursor = start
        for _ in range(366 * 5):
            for a, b in self._spans_of(d):
                lo = max(a, cursor)
                if lo >= b:
                    continue
                if b - lo >= left:
                    return lo + left
                left -= b - lo
            d += timedelta(days=1)
            cursor = datetime.combine(d, time(0))
        raise ValueError("Không tìm được thời điểm trong 5 năm: kiểm tra lịch làm việc.")

    def next_working_moment(self, moment: datetime) -> datetime:
        """``moment`` if inside working hours, else the start of the next working span."""
        return self.add(moment, timedelta())
