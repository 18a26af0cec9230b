"""How the lists colour their headline figures: by what they mean against the plans'
targets, never green by default ("Tỷ lệ đúng hạn 100 %" in green beside 239 overdue was
the old board's lie). Pure functions; the templates use the tone as a CSS class.

The targets are those the department's plans set: 100 % of the work finished on time, more
than 30 % finished early ("trên 30 % công việc hoàn thành sớm hạn"), nothing overdue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from cchc.core.status import EARLY_TARGET, early_target_met


class Tone(StrEnum):
    """A figure's colour class: green (target met), amber (close), red (far), plain."""

    GOOD = "good"
    WARN = "warnstat"
    BAD = "bad"
    PLAIN = ""


@dataclass(frozen=True)
class RateTarget:
    """A rate's target and the share from which a miss is only amber; ``met`` is the target's
    own rule when it is not "at least the target" (the early share's "more than 30 %")."""

    target: float
    amber_from: float
    met: Callable[[float], bool] | None = None

    def tone(self, value: float | None) -> Tone:
        if value is None:
            return Tone.PLAIN
        if self.met(value) if self.met is not None else value >= self.target:
            return Tone.GOOD
        return Tone.WARN if value >= self.amber_from else Tone.BAD


ON_TIME = RateTarget(target=1.0, amber_from=0.9)
EARLY = RateTarget(target=EARLY_TARGET, amber_from=0.2, met=early_target_met)


def overdue_tone(overdue: int) -> Tone:
    """Overdue work is red whatever its share; none is green."""
    return Tone.BAD if overdue else Tone.GOOD


def tones(counts: dict) -> dict[str, str]:
    """The tone of each headline figure of ``selectors.board_counts`` (or any dict with
    ``on_time_rate``, ``early_share`` and ``overdue``)."""
    return {
        "on_time_rate": ON_TIME.tone(counts["on_time_rate"]).value,
        "early_share": EARLY.tone(counts["early_share"]).value,
        "overdue": overdue_tone(counts["overdue"]).value,
    }
