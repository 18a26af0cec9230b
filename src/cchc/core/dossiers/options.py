"""The knobs of an analysis; the definitions they feed are in ``engine.py`` and docs/dossiers.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from cchc.core.calendar import WorkingHours

GROUP_KEYS = ("unit", "procedure", "officer", "month")


# The plans' rule for civil servants: one with 10 % or more late dossiers in a month cannot be
# rated "hoàn thành tốt nhiệm vụ". The one value the engine, the screens and the command use.
OFFICER_LATE_THRESHOLD = 0.10


def eligible_good(late_ratio: float, threshold: float = OFFICER_LATE_THRESHOLD) -> bool:
    """Whether an officer's late ratio still allows "hoàn thành tốt nhiệm vụ" (under the threshold)."""
    return late_ratio < threshold


@dataclass(frozen=True, slots=True)
class AnalysisOptions:
    """``as_of`` is the analysis moment (naive local time, Asia/Ho_Chi_Minh).

    ``period`` (first day, last day) keeps the dossiers received in it for the received
    figures and those finished in it for the finished figures; ``None`` keeps everything.
    ``by`` is any of ``unit``, ``procedure``, ``officer``, ``month`` (in that order in the output).
    """

    as_of: datetime
    period: tuple[date, date] | None = None
    by: tuple[str, ...] = ("unit", "month")
    acceptance_hours: float = 8
    late_threshold: float = OFFICER_LATE_THRESHOLD
    hours: WorkingHours = field(default_factory=WorkingHours)
    max_supplements: int = 1
    max_reschedules: int = 1

    def __post_init__(self) -> None:
        unknown = [b for b in self.by if b not in GROUP_KEYS]
        if unknown:
            raise ValueError(
                f"Không nhóm được theo {', '.join(unknown)}; chọn trong {', '.join(GROUP_KEYS)}."
            )
        if self.period and self.period[1] < self.period[0]:
            raise ValueError("Kỳ phân tích: ngày cuối trước ngày đầu.")
        if self.as_of.tzinfo is not None:
            raise ValueError("as_of phải là giờ địa phương không kèm múi giờ (Asia/Ho_Chi_Minh).")

    @property
    def group_keys(self) -> tuple[str, ...]:
        """``by`` in the canonical order, without repeats."""
        return tuple(k for k in GROUP_KEYS if k in self.by)
