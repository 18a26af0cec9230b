"""From a task's schedule to its dated obligations, in the plan's period (pure, no Django).

``plan_obligations`` turns one parsed schedule (a ``Schedule``, or its stored ``to_dict()``) into the list of
obligations a lead unit owes: one per deadline, one at the end of each named window, one per
period of a recurrence, one per reporting cycle for continuous work, one once an event's date
or a coordinator's date is known. Obligations follow the calendar, never the completion of the
previous one, so the same schedule always gives the same list.

Decisions (the issue leaves them open):

- A due date that falls on a day off moves to the next working day (Civil Code art. 148);
  the label and ``period_end`` keep the date as written.
- A recurring period counts when its due date (as written) lies inside the plan's period:
  a second-half plan gives months 7..12, the week whose Friday is 2 January is next year's.
- When a recurrence names several frequencies ("Hàng tháng, quý, 6 tháng, năm"), the report
  of a coarser period stands in for the finer one ending on the same day, as Vietnamese
  reporting does: the Q1 report replaces March's, the 6-month one Q2, the yearly one Q4.
  Weekly reports are never replaced (they serve the weekly meeting).
- The day of a recurrence ("ngày 14 của tháng cuối kỳ") applies to every frequency it names;
  quarterly, 6-monthly and yearly periods without a day are due at the period's end, with a day
  but no month at that day of the period's last month. Monthly ones default to the plan's
  reporting day; "last" (or a day past the month's end) is the month's last day.
- A recurrence that also names dates ("Hàng năm, trước ngày 15/12", "Hàng quý, năm (trước
  ngày 15/12)") gives the date to the occurrence of its coarsest quarterly-or-longer frequency
  whose period contains it; dates beside a monthly or weekly recurrence ("Hàng tháng; báo cáo
  năm trước ngày 15/11") are deliverables of their own.
- A window (kind "window") is keyed by what the text names: a quarter, a month, a half-year,
  else the year for 31/12, else the date itself; a window that is one of the recurrence's
  periods ("Hàng quý …; Quý IV") is that period. A deadline kind keys every date as a deadline.
- An event without an offset ("Sau khi có Quyết định công bố của UBND tỉnh") is due on the
  event's date: the coordinator enters the date the work is expected. ``period_start`` of an
  event obligation is the event's date, so a re-plan can compute it again.
- Dates outside the plan's period are kept (the import flagged them for review): dropping
  them would leave a task nobody is chased for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from cchc.core.calendar import WorkCalendar
from cchc.core.formats import date_text
from cchc.core.periods import Period, month_end
from cchc.core.schedule import Schedule, ScheduleItem
from cchc.core.text import fold

__all__ = ["PlannedObligation", "fmt", "plan_obligations"]

# Nested calendar periods, finest first; a coarser report replaces a finer one ending the same day.
_NESTED = ("monthly", "quarterly", "semiannual", "yearly")
_MONTHS_IN = {"quarterly": 3, "semiannual": 6, "yearly": 12}
_ROMAN = ("I", "II", "III", "IV")

_QUARTER_WORD = re.compile(r"(?<![a-z])quy\s*(?:iv|i{1,3}|[1-4])(?![a-z0-9])")
_MONTH_WORD = re.compile(r"(?<![a-z])thang\s*\d")
_HALF_WORD = re.compile(r"(?:(?<!\d)0?6|sau)\s*thang\s*(?:dau|cuoi)|(?<![a-z])nua\s*(?:dau|cuoi)")


@dataclass(frozen=True, slots=True)
class PlannedObligation:
    """One obligation a schedule gives, before it is written for each lead unit."""

    period_key: str  # stable within a task: re-planning matches on it
    label: str  # Vietnamese, with the date as written
    due: date | None  # moved to a working day
    period_start: date | None
    period_end: date | None
    kind: str  # the schedule kind that produced it


fmt = date_text


def plan_obligations(
    schedule: Schedule | Mapping[str, Any] | None,
    period: Period,
    *,
    calendar: WorkCalendar,
    reporting_day: int | None = 25,
    weekly_weekday: int = 4,
    event_date: date | None = None,
    set_date: date | None = None,
) -> list[PlannedObligation]:
    """The obligations of one schedule inside ``period``, ordered by due date.

    ``reporting_day`` is the plan's monthly reporting day (monthly and continuous work without
    a day of their own), ``weekly_weekday`` the day weekly reports are due (0 = Monday, default
    Friday). ``event_date`` is the date an event-relative task's event happened, ``set_date``
    the date a coordinator set for work whose schedule is decided elsewhere (or unreadable).
    """
    if schedule is None:
        return []
    if isinstance(schedule, Mapping):
        schedule = Schedule.from_dict(schedule)  # as stored on a task or a draft row
    kind = schedule.kind
    dues = sorted(set(schedule.due))
    rec = schedule.recurrence or None
    ctx = _Ctx(calendar, period, reporting_day, weekly_weekday)
    out: list[PlannedObligation] = []

    if kind == "continuous":
        rec = {"freqs": ["monthly"], "day": (rec or {}).get("day")}
        out += ctx.recurring(rec, kind)
    elif kind in ("deadline", "window", "recurring"):
        recurring = ctx.recurring(rec, "recurring") if rec else []
        items = _items(schedule.items)
        if kind == "deadline":
            dues = ctx.merge_into(recurring, dues, rec, items)
        out += recurring  # first: a window naming one of its periods adds nothing to it
        if kind == "deadline":
            out += [ctx.deadline(d, items.get(d)) for d in dues]
        elif kind == "window":
            words = fold(schedule.text)
            out += [ctx.window(d, words) for d in dues]
    elif kind == "event" and event_date is not None:
        out.append(ctx.event(event_date, schedule.offset_days, schedule.offset_unit))
    elif kind in ("external", "unparsed") and set_date is not None:
        out.append(ctx.set_date(set_date, kind))

    seen: dict[str, PlannedObligation] = {}
    for o in out:
        seen.setdefault(o.period_key, o)
    return sorted(seen.values(), key=lambda o: (o.due or date.max, o.period_key))


# --- helpers ---------------------------------------------------------------------------------------


def _items(values: list[ScheduleItem]) -> dict[date, str]:
    """due -> label of the named deliverables ("Báo cáo 6 tháng"); two on one day share it."""
    out: dict[date, list[str]] = {}
    for item in values:
        out.setdefault(item.due, []).append(item.label)
    return {d: "; ".join(dict.fromkeys(labels)) for d, labels in out.items()}


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True, slots=True)
class _Slot:
    """One calendar period of a frequency."""

    freq: str
    key: str
    label: str
    start: date
    end: date


def _slots(freq: str, period: Period) -> Iterator[_Slot]:
    """Every period of ``freq`` that overlaps ``period``."""
    if freq == "weekly":
        monday = period.start - timedelta(days=period.start.weekday())
        while monday <= period.end:
            year, week, _ = monday.isocalendar()
            yield _Slot(freq, f"{year}-W{week:02d}", f"Tuần {week:02d}/{year}", monday, monday + timedelta(6))
            monday += timedelta(days=7)
        return
    size = 1 if freq == "monthly" else _MONTHS_IN[freq]
    year = period.start.year
    first = (period.start.month - 1) // size * size + 1  # first month of the slot holding the start
    while date(year, first, 1) <= period.end:
        last = first + size - 1
        start, end = date(year, first, 1), month_end(year, last)
        n = (first - 1) // size + 1
        if freq == "monthly":
            key, label = f"{year}-{first:02d}", f"Tháng {first:02d}/{year}"
        elif freq == "quarterly":
            key, label = f"{year}-Q{n}", f"Quý {_ROMAN[n - 1]}/{year}"
        elif freq == "semiannual":
            key = f"{year}-H{n}"
            label = f"6 tháng {'đầu' if n == 1 else 'cuối'} năm {year}"
        else:
            key, label = f"{year}", f"Năm {year}"
        yield _Slot(freq, key, label, start, end)
        first += size
        if first > 12:
            year, first = year + 1, 1


@dataclass(frozen=True, slots=True)
class _Ctx:
    calendar: WorkCalendar
    period: Period
    reporting_day: int | None
    weekly_weekday: int

    def on_working_day(self, d: date) -> date:
        return self.calendar.next_working_day(d)

    def written_due(self, slot: _Slot, rec: Mapping[str, Any]) -> date:
        """The due date of ``slot`` as the schedule writes it (before moving off a day off)."""
        if slot.freq == "weekly":
            weekday = _int(rec.get("weekday"))
            weekday = self.weekly_weekday if weekday is None else weekday
            return slot.start + timedelta(days=min(max(weekday, 0), 6))
        day = rec.get("day")
        if slot.freq == "monthly":
            if day is None:
                day = self.reporting_day
            return _day_of(slot.start.year, slot.start.month, day)
        months = _MONTHS_IN[slot.freq]
        mip = rec.get("month_in_period")
        if mip is None and day is None:
            return slot.end
        n = months if mip in (None, "last") else min(max(_int(mip) or months, 1), months)
        month = slot.start.month + n - 1
        return _day_of(slot.start.year, month, day)

    def recurring(self, rec: Mapping[str, Any] | None, kind: str) -> list[PlannedObligation]:
        if not rec:
            return []
        freqs = [f for f in (rec.get("freqs") or [rec.get("freq")]) if f in ("weekly", *_NESTED)]
        found: list[tuple[_Slot, date]] = []
        for freq in freqs:
            for slot in _slots(freq, self.period):
                written = self.written_due(slot, rec)
                if self.period.contains(written):
                    found.append((slot, written))
        # A coarser period's report stands in for the finer one ending the same day.
        coarsest_at: dict[date, int] = {}
        for slot, _ in found:
            if slot.freq in _NESTED:
                rank = _NESTED.index(slot.freq)
                coarsest_at[slot.end] = max(coarsest_at.get(slot.end, rank), rank)
        return [
            PlannedObligation(slot.key, slot.label, self.on_working_day(w), slot.start, slot.end, kind)
            for slot, w in found
            if slot.freq not in _NESTED or coarsest_at[slot.end] == _NESTED.index(slot.freq)
        ]

    def merge_into(
        self,
        recurring: list[PlannedObligation],
        dues: list[date],
        rec: Mapping[str, Any] | None,
        items: dict[date, str],
    ) -> list[date]:
        """Give each date to the coarsest (quarterly or longer) recurring period containing it,
        in place; return the dates left as deadlines of their own."""
        freqs = [f for f in (rec or {}).get("freqs") or [] if f in _MONTHS_IN]
        if not freqs:
            return dues
        coarsest = max(freqs, key=_NESTED.index)
        keys = {s.key for s in _slots(coarsest, self.period)}
        left = []
        taken: set[str] = set()
        for d in dues:
            for i, o in enumerate(recurring):
                if (
                    o.period_key in keys
                    and o.period_key not in taken
                    and o.period_start is not None
                    and o.period_end is not None
                    and o.period_start <= d <= o.period_end
                ):
                    label = items.get(d) or o.label
                    recurring[i] = replace(o, due=self.on_working_day(d), label=label)
                    taken.add(o.period_key)
                    break
            else:
                left.append(d)
        return left

    def deadline(self, d: date, item_label: str | None) -> PlannedObligation:
        return PlannedObligation(
            f"d{d.isoformat()}",
            item_label or f"Hạn {fmt(d)}",
            self.on_working_day(d),
            min(self.period.start, d),
            d,
            "deadline",
        )

    def window(self, d: date, words: str) -> PlannedObligation:
        slot = _window_slot(d, words)
        if slot is None:
            return replace(self.deadline(d, None), kind="window")
        return PlannedObligation(slot.key, slot.label, self.on_working_day(d), slot.start, slot.end, "window")

    def event(self, event_date: date, offset: Any, unit: Any) -> PlannedObligation:
        n = _int(offset)
        if n is None:
            written, label = event_date, f"Hạn {fmt(event_date)}"
        else:
            if unit == "working_days":
                written = self.calendar.add_working_days(event_date, n)
            else:
                written = event_date + timedelta(days=n)
            label = f"Hạn {fmt(written)} (kể từ ngày {fmt(event_date)})"
        return PlannedObligation("event", label, self.on_working_day(written), event_date, written, "event")

    def set_date(self, d: date, kind: str) -> PlannedObligation:
        return PlannedObligation(
            "set", f"Hạn {fmt(d)}", self.on_working_day(d), min(self.period.start, d), d, kind
        )


def _day_of(year: int, month: int, day: Any) -> date:
    """Day ``day`` of the month; "last", none or a day past the month's end give its last day."""
    last = month_end(year, month)
    n = _int(day)
    if n is None or n < 1 or n > last.day:
        return last
    return date(year, month, n)


def _window_slot(d: date, words: str) -> _Slot | None:
    """Which window of the text ends on ``d``: a named quarter, month, half-year, else the year."""
    year = d.year
    is_month_end = d == month_end(year, d.month)
    half = Period.half(year, 1 if d.month <= 6 else 2)
    if d == half.end and _HALF_WORD.search(words):
        return next(s for s in _slots("semiannual", half) if s.end == d)
    if is_month_end and d.month % 3 == 0 and _QUARTER_WORD.search(words):
        return next(s for s in _slots("quarterly", Period(d, d)))
    if is_month_end and _MONTH_WORD.search(words):
        return next(s for s in _slots("monthly", Period(d, d)))
    if d == date(year, 12, 31):
        return next(s for s in _slots("yearly", Period(d, d)))
    return None
