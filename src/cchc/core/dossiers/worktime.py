"""Working time as a table, so that engines compute it with integer arithmetic and equi-joins.

Timestamps enter the engines as seconds since 1970-01-01 of the naive local time (treated as
UTC: no engine ever applies a zone), days as ``floor(seconds / 86400)``. The day table has,
for every calendar day of the range, whether it is a working day, ``k`` = the number of
working days before it, the previous working day and the month label. Every working day has
the same hours, so the working seconds elapsed from the start of the range to a moment are

    W(t) = k(day of t) × L + working(day of t) × Σ_spans clamp(time of day − start, 0, length)

(L = the day's working seconds). Working time between a and b is W(b) − W(a). Adding x > 0
working seconds to t gives the *earliest* moment m with W(m) = W(t) + x: with T = W(t) + x,
the working day of ordinal floor((T − 1) / L) and r = T − ordinal × L in (0, L] seconds into
its spans. So a target falling exactly at the end of a span lands at that end (11:30, 17:00),
not at the start of the next one: a deadline "8 working hours after 07:00 Monday" is 17:00
Monday. This is what ``WorkingTime.add`` does for a positive amount.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import cast

import pyarrow as pa
import pyarrow.compute

from cchc.core.calendar import WorkCalendar, WorkingHours

EPOCH = date(1970, 1, 1)
DAY = 86400


def seconds_of_day(t) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


def to_seconds(moment: datetime) -> int:
    """A naive local datetime as the engines see it."""
    return (moment.date() - EPOCH).days * DAY + seconds_of_day(moment)


def day_number(d: date) -> int:
    return (d - EPOCH).days


@dataclass(frozen=True, slots=True)
class Spans:
    """The working spans of a day in seconds: (start, end, seconds of work before the span)."""

    spans: tuple[tuple[int, int, int], ...]

    @classmethod
    def of(cls, hours: WorkingHours) -> Spans:
        out, before = [], 0
        for a, b in hours.spans:
            sa, sb = seconds_of_day(a), seconds_of_day(b)
            out.append((sa, sb, before))
            before += sb - sa
        return cls(tuple(out))

    @property
    def length(self) -> int:
        return sum(b - a for a, b, _ in self.spans)

    def elapsed_sql(self, tod: str) -> str:
        """Working seconds of a working day elapsed at time of day ``tod`` (an SQL expression)."""
        return " + ".join(f"LEAST(GREATEST({tod} - {a}, 0), {b - a})" for a, b, _ in self.spans)

    def time_sql(self, r: str) -> str:
        """Time of day (seconds) at which ``r`` in (0, L] working seconds of the day have passed."""
        whens = " ".join(
            f"WHEN {r} <= {before + b - a} THEN {a - before} + {r}" for a, b, before in self.spans
        )
        return f"(CASE {whens} END)"


def working_time_sql(ts: str, alias: str, spans: Spans) -> str:
    """W(ts), given the day row ``alias`` joined on ``day = day_of(ts)``."""
    elapsed = spans.elapsed_sql(f"({ts} - {alias}.day * {DAY})")
    return f"({alias}.k * {spans.length} + {alias}.working * ({elapsed}))"


def day_of_sql(ts: str) -> str:
    return f"CAST(FLOOR(({ts}) / {DAY}) AS BIGINT)"


def build_days(calendar: WorkCalendar, first: date, last: date) -> pa.Table:
    """The day table from ``first`` to ``last`` (both included)."""
    days: list[int] = []
    working: list[int] = []
    ks: list[int] = []
    prev: list[int | None] = []
    months: list[int] = []
    k = 0
    last_working = None
    d = first
    while d <= last:
        w = calendar.is_working_day(d)
        days.append(day_number(d))
        working.append(1 if w else 0)
        ks.append(k)
        prev.append(last_working)
        months.append(d.year * 12 + d.month - 1)
        if w:
            k += 1
            last_working = day_number(d)
        d += timedelta(days=1)
    return pa.table(
        {
            "day": pa.array(days, pa.int64()),
            "working": pa.array(working, pa.int64()),
            "k": pa.array(ks, pa.int64()),
            "prev_wd": pa.array(prev, pa.int64()),
            "month": pa.array(months, pa.int64()),
        }
    )


def month_label(month_id: int) -> str:
    return f"{month_id // 12:04d}-{month_id % 12 + 1:02d}"


def day_range(first_seconds: int, last_seconds: int) -> tuple[date, date]:
    """Days to cover for moments in [first, last]: effective due dates are pushed later by at
    most the working time inside [first, last], so the range extends past ``last`` by enough
    calendar days to hold that many working days (holidays included), plus a margin."""
    first = EPOCH + timedelta(days=first_seconds // DAY - 40)
    last = EPOCH + timedelta(days=last_seconds // DAY)
    span = (last - first).days
    return first, last + timedelta(days=int(span * 1.6) + 60)


def vectorised(
    calendar: WorkCalendar,
    hours: WorkingHours,
    starts: list[datetime],
    others: list[datetime] | list[int],
    *,
    add: bool,
) -> list:
    """The engine's SQL working-time arithmetic over lists (DuckDB): working seconds between
    ``starts[i]`` and ``others[i]``, or (``add``) the moment ``others[i]`` > 0 seconds after
    ``starts[i]``. For tests and the baseline benchmark's cross-check."""
    import duckdb

    spans = Spans.of(hours)
    a = [to_seconds(s) for s in starts]
    # ``others`` are seconds to add when ``add``, moments otherwise.
    b = cast("list[int]", list(others)) if add else [to_seconds(e) for e in cast("list[datetime]", others)]
    lo, hi = min(a + ([] if add else b)), max(a + ([] if add else b))
    first, last = day_range(lo, hi + (max(b) if add else 0))
    days = build_days(calendar, first, last)
    wdays = days.filter(pa.compute.equal(days.column("working"), 1)).select(["k", "day"])
    t = pa.table({"i": list(range(len(a))), "a": pa.array(a, pa.int64()), "b": pa.array(b, pa.int64())})
    con = duckdb.connect()
    try:
        con.register("days", days)
        con.register("wdays", wdays)
        con.register("t", t)
        wa = working_time_sql("t.a", "da", spans)
        join_a = f"JOIN days da ON da.day = {day_of_sql('t.a')}"
        if add:
            target = f"({wa} + t.b)"
            tod = spans.time_sql(f"({target} - wd.k * {spans.length})")
            sql = f"""SELECT t.i, wd.day * {DAY} + {tod} AS m
                FROM t {join_a} JOIN wdays wd ON wd.k = CAST(FLOOR(({target} - 1) / {spans.length}) AS BIGINT)
                ORDER BY t.i"""
        else:
            wb = working_time_sql("t.b", "db", spans)
            sql = f"""SELECT t.i, {wb} - {wa} AS m FROM t {join_a}
                JOIN days db ON db.day = {day_of_sql("t.b")} ORDER BY t.i"""
        values = [m for _, m in con.execute(sql).fetchall()]
    finally:
        con.close()
    if not add:
        return values
    return [datetime.combine(EPOCH, datetime.min.time()) + timedelta(seconds=m) for m in values]
