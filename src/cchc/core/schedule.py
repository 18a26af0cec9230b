"""Schedule expressions of the "Thời gian / Tiến độ" column. (Stub: replaced by the schedule work.)"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cchc.core.periods import Period


@dataclass(slots=True)
class Schedule:
    text: str
    kind: str = "unparsed"
    due: list[date] = field(default_factory=list)
    recurrence: dict[str, Any] | None = None
    trigger: str | None = None
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "due": [d.isoformat() for d in self.due],
            "recurrence": self.recurrence,
            "trigger": self.trigger,
            "kind": self.kind,
            "warnings": list(self.warnings),
        }


def parse_schedule(text: str, period: Period) -> Schedule:
    return Schedule(text=text)
