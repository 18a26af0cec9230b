"""Building canonical dossier and pause tables by hand for the definition tests."""

from __future__ import annotations

from datetime import datetime

import pyarrow as pa

from cchc.core.calendar import WorkCalendar
from cchc.core.dossiers import AnalysisOptions, analyze
from cchc.core.dossiers.load import empty_table

AS_OF = datetime(2025, 3, 20, 8, 0)
CALENDAR = WorkCalendar()


def dossier(dossier_id: str, **kw) -> dict:
    row = {
        "dossier_id": dossier_id,
        "procedure_code": "1.001",
        "procedure_name": "Cấp giấy phép",
        "unit": "Phòng A",
        "officer": "Lan",
        "channel": "direct",
        "submitted_at": datetime(2025, 3, 3, 8, 0),
        "due_at": datetime(2025, 3, 10, 17, 0),
    }
    row.update(kw)
    return row


def pause(
    dossier_id: str, start: datetime, end: datetime | None, reason="Chờ bổ sung", attachment=True
) -> dict:
    return {
        "dossier_id": dossier_id,
        "kind": "supplement",
        "paused_from": start,
        "paused_to": end,
        "reason": reason,
        "has_attachment": attachment,
    }


def table(rows: list[dict], kind: str = "dossiers") -> pa.Table:
    schema = empty_table(kind).schema
    return pa.Table.from_pylist(rows, schema=schema)


def run(dossiers: list[dict], pauses: list[dict] | None = None, **options):
    options.setdefault("as_of", AS_OF)
    p = table(pauses, "pauses") if pauses else None
    return analyze(table(dossiers), p, CALENDAR, AnalysisOptions(**options))


def fact(result, dossier_id: str) -> dict:
    rows = [r for r in result.facts.to_pylist() if r["dossier_id"] == dossier_id]
    assert len(rows) == 1
    return rows[0]
