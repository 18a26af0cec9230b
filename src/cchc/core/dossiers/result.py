"""What the dossier engine hands back: rejected rows, a loaded table, the analysis."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa


@dataclass(slots=True)
class Rejected:
    """A data row that was not used: ``row`` counts data rows from 1 (the header is not counted)."""

    row: int
    dossier_id: str | None
    reason: str
    file: str | None = None  # set when several files are read together

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"row": self.row, "dossier_id": self.dossier_id, "reason": self.reason}
        if self.file is not None:
            out["file"] = self.file
        return out


@dataclass(slots=True)
class LoadResult:
    """The canonical table of the valid rows, how many data rows were read, and the rest."""

    table: pa.Table
    read: int
    rejected: list[Rejected] = field(default_factory=list)


GROUP_COUNTS = ("received", "finished", "early", "on_time", "late", "overdue", "open")
# The dossier ratios, defined once: name -> (numerator count, denominator count, scale). The
# engine (``assemble``) and the database's drill-down (``cchc.dossiers.selectors``) both compute
# them with :func:`ratios` from counts under these names.
RATIOS: dict[str, tuple[str, str, float]] = {
    "on_time_rate": ("in_time", "finished", 1.0),  # (sớm hạn + đúng hạn) / đã giải quyết xong
    "online_share": ("online", "received", 1.0),
    "online_full_share": ("online_full", "received", 1.0),
    "paid_online_share": ("paid_online", "fee", 1.0),  # of the dossiers that owe a fee
    "postal_share": ("postal", "received", 1.0),
    "digitized_share": ("digitized", "received", 1.0),
    "result_digitized_share": ("result_digitized", "finished", 1.0),
    "progress_score_766": ("progress_ok", "received", 20.0),  # QĐ 766: 20 points at 100 %
}
GROUP_RATIOS = tuple(RATIOS)


def ratios(counts: Mapping[str, int]) -> dict[str, float | None]:
    """Every ratio of :data:`RATIOS` from the counts; None where the denominator is 0."""
    return {
        name: None if not counts[den] else scale * counts[num] / counts[den]
        for name, (num, den, scale) in RATIOS.items()
    }


OFFICER_FIELDS = ("officer", "month", "finished", "early", "on_time", "late", "late_ratio", "eligible_good")


@dataclass(slots=True)
class AnalysisResult:
    """Every indicator of every group, the officers' monthly late ratios, every breach.

    ``facts`` has one row per valid dossier (see ``cchc.core.dossiers.engine.FACT_COLUMNS``)
    so that a caller can show the dossiers behind any number.
    """

    as_of: datetime
    groups: list[dict]
    officers: list[dict]
    breaches: list[dict]
    facts: pa.Table
    rows_read: int
    rows_rejected: int
    rejected: list[Rejected]
    by: tuple[str, ...] = ("unit", "month")
    period: tuple[date, date] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(timespec="seconds"),
            "period": [self.period[0].isoformat(), self.period[1].isoformat()] if self.period else None,
            "by": list(self.by),
            "rows": {"read": self.rows_read, "rejected": self.rows_rejected},
            "groups": self.groups,
            "officers": self.officers,
            "breaches": self.breaches,
            "rejected": [r.to_dict() for r in self.rejected],
        }

    def write_xlsx(self, path: str | Path) -> None:
        from cchc.core.dossiers.xlsx import write_workbook

        write_workbook(self, Path(path))
