"""The follow-through figures broken down by plan, by reform area and by unit, counted
exactly as the board counts them (``selectors.board_counts``: a count per status of what
is followed, and ``core.status.rates`` over it).

One query groups an obligation set by (plan, area, unit, status) — a few thousand groups at
most, however many obligations there are — and every breakdown is summed from that in
Python. The caller decides the set: the overview passes the board's obligations of the
current plans; a periodic report filters a window first (``due_in``), as the board's period
filter does. Statuses are those stored, i.e. as of today.

    cube = breakdowns.cube(selectors.board_obligations(org, BoardFilters(plan_ids=ids)))
    cube.total()                 # == board_counts of the same set
    cube.by_area()               # one Line per area that has work, in AREAS' order
    cube.by_unit(units)          # one Line per unit given (and any other unit met)
    breakdowns.ranked(cube.by_unit(units))   # by on-time rate, best first
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, QuerySet

from cchc.core.areas import AREAS
from cchc.core.status import Rates, Status, rates
from cchc.tracking.models import Obligation

__all__ = ["STATUS_COLUMNS", "STATUS_ORDER", "Cube", "Line", "cube", "due_in", "ranked"]

# The statuses a breakdown shows, in the order of a stacked bar: finished (early, on time,
# late), then what is open, most urgent first.
STATUS_ORDER: tuple[str, ...] = (
    "done_early",
    "done_on_time",
    "done_late",
    "overdue",
    "extended",
    "in_progress",
    "not_due",
)

# The count columns of a breakdown, in ``STATUS_ORDER``: (status, heading). The finished
# ones by their short word (the column says "hoàn thành"), as on the units page.
STATUS_COLUMNS: tuple[tuple[str, str], ...] = tuple(
    (s, Status(s).short.capitalize() if Status(s).is_done else Status(s).heading) for s in STATUS_ORDER
)

UNKNOWN_UNIT = "(đơn vị khác)"


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a breakdown: ``key`` (a plan id as text, an area key, a unit code; "" for
    the whole set), its words, its count per followed status (every status present) and the
    rates of those counts. ``rank``: its place by on-time rate (``ranked``), else None."""

    key: str
    label: str
    counts: Mapping[str, int]
    rates: Rates
    order: int = 0
    rank: int | None = None

    @property
    def total(self) -> int:
        return self.rates.total

    @property
    def on_time(self) -> int:
        """Finished early or on time: the on-time rate's numerator."""
        return self.rates.done_early + self.rates.done_on_time

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)


def _line(key: str, label: str, counts: Mapping[str, int], order: int = 0) -> Line:
    full = {s: int(counts.get(s, 0)) for s in STATUS_ORDER}
    return Line(key, label, full, rates(full), order)


@dataclass(frozen=True)
class Cube:
    """Counts per (plan id, area, unit id, status) of one obligation set (``cube``)."""

    cells: tuple[tuple[int, str, int, str, int], ...]
    # Per axis (None: the whole set), its sums once computed.
    _sums: dict[int | None, dict[Any, dict[str, int]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def _sum(self, axis: int | None) -> dict[Any, dict[str, int]]:
        """Counts per status for each value of one axis (0 plan, 1 area, 2 unit; None: all)."""
        if axis not in self._sums:
            out: dict[Any, dict[str, int]] = {}
            for cell in self.cells:
                key = cell[axis] if axis is not None else ""
                counts = out.setdefault(key, {})
                counts[cell[3]] = counts.get(cell[3], 0) + cell[4]
            self._sums[axis] = out
        return self._sums[axis]

    def total(self) -> Line:
        """The whole set: the board's figures for it."""
        return _line("", "Tổng số", self._sum(None).get("", {}))

    def by_plan(self, plans: Iterable[Any]) -> list[Line]:
        """One line per plan given (objects with ``pk`` and ``number``), in their order,
        those without work in the set left out."""
        sums = self._sum(0)
        return [
            _line(str(p.pk), p.number or "Kế hoạch", sums[p.pk], i)
            for i, p in enumerate(plans)
            if p.pk in sums
        ]

    def by_area(self) -> list[Line]:
        """One line per reform area that has work in the set, in the order of ``AREAS``
        (a task's area is its plan section's, ``core.areas``)."""
        sums = self._sum(1)
        order = {key: i for i, key in enumerate(AREAS)}
        keys = sorted(sums, key=lambda k: (order.get(k, len(order)), k))
        return [_line(k, AREAS.get(k, AREAS["other"]), sums[k], order.get(k, len(order))) for k in keys]

    def by_unit(self, units: Sequence[Any]) -> list[Line]:
        """One line per unit given (objects with ``pk``, ``code``, ``name``, ``order``) that has
        work in the set, in their order; work of a unit not given is one last line, so the
        lines always add up to the total."""
        sums = dict(self._sum(2))
        out = []
        for u in units:
            if u.pk in sums:
                out.append(_line(u.code, u.name, sums.pop(u.pk), u.order))
        if sums:
            rest: dict[str, int] = {}
            for counts in sums.values():
                for status, n in counts.items():
                    rest[status] = rest.get(status, 0) + n
            out.append(_line("", UNKNOWN_UNIT, rest, 1 << 30))
        return out


def cube(qs: QuerySet[Obligation]) -> Cube:
    """The set's counts per plan, area, unit and status in one query (GROUP BY), whatever
    its size. Only followed statuses count ("không theo dõi" never does, as on the board)."""
    rows = (
        qs.filter(status__in=STATUS_ORDER)
        .order_by()
        .values_list("plan_id", "task__area", "unit_id", "status")
        .annotate(n=Count("*"))
    )
    return Cube(tuple((plan, area or "other", unit, status, n) for plan, area, unit, status, n in rows))


def due_in(qs: QuerySet[Obligation], start: date | None, end: date | None) -> QuerySet[Obligation]:
    """The obligations whose due date (the plan's date, kept for the statistics) falls in
    [start, end]: the board's period filter (``selectors.filter_obligations``)."""
    if start is not None:
        qs = qs.filter(due_date__gte=start)
    if end is not None:
        qs = qs.filter(due_date__lte=end)
    return qs


def ranked(lines: Iterable[Line]) -> list[Line]:
    """The lines by on-time rate, best first (ties: more work fallen due first, then their
    own order); equal rates share a rank (1, 2, 2, 4). A line with nothing fallen due has no
    rate and no rank, and comes last."""
    ordered = sorted(
        lines,
        key=lambda ln: (
            ln.rates.on_time_rate is None,
            -(ln.rates.on_time_rate or 0.0),
            -ln.rates.fallen_due,
            ln.order,
        ),
    )
    out: list[Line] = []
    previous: float | None = None
    rank = 0
    for i, ln in enumerate(ordered, start=1):
        rate = ln.rates.on_time_rate
        if rate is None:
            out.append(ln)
            continue
        if rate != previous:
            rank, previous = i, rate
        out.append(Line(ln.key, ln.label, ln.counts, ln.rates, ln.order, rank))
    return out
