"""Dates of a plan: its period and the helpers to reason about months, quarters, halves."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def half(cls, year: int, half: int) -> Period:
        return (
            cls(date(year, 1, 1), date(year, 6, 30))
            if half == 1
            else cls(date(year, 7, 1), date(year, 12, 31))
        )

    def to_dict(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def quarter_end(year: int, quarter: int) -> date:
    return month_end(year, quarter * 3)
