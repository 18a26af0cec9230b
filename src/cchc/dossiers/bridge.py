"""Between the database and the pure engine (``cchc.core.dossiers``): Arrow tables in and out.

The engine reads exports into Arrow tables of canonical columns and analyses such tables;
this module turns stored rows into the same tables (column by column from ``values_list``,
no per-row objects) and the engine's timestamps into aware datetimes for the ORM.
Timestamps are local time of Asia/Ho_Chi_Minh, as in the exports.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pyarrow as pa
from django.utils import timezone

from cchc.core.dossiers import schema
from cchc.dossiers.models import Dossier, DossierPause
from cchc.orgs.models import Organisation

# The canonical columns and their kinds are the engine's (``core.dossiers.schema``).
DOSSIER_COLUMNS = tuple(schema.DOSSIER_COLUMNS)
PAUSE_COLUMNS = tuple(schema.PAUSE_COLUMNS)
TIMESTAMPS = frozenset(
    c for cols in (schema.DOSSIER_COLUMNS, schema.PAUSE_COLUMNS) for c, kind in cols.items() if kind == "ts"
)
INTS = frozenset({"supplement_requests", "reschedules"})
TEXTS = frozenset({"procedure_code", "procedure_name", "unit", "officer", "kind", "reason"})


def to_aware(value: Any) -> datetime | None:
    """An engine timestamp (naive local, or aware) as an aware datetime for the ORM."""
    if value is None:
        return None
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if not isinstance(value, datetime):
        return None
    if timezone.is_naive(value):
        return timezone.make_aware(value, timezone.get_default_timezone())
    return value


def to_local_naive(value: datetime | None) -> datetime | None:
    """A stored datetime as the exports write it: local wall time, no zone."""
    if value is None:
        return None
    return timezone.localtime(value, timezone.get_default_timezone()).replace(tzinfo=None)


def row_values(table: pa.Table, columns: tuple[str, ...]) -> list[dict[str, Any]]:
    """The rows of an engine table as dicts of ORM-ready values (aware datetimes, "" for no text)."""
    present = [c for c in columns if c in table.column_names]
    data = {c: table.column(c).to_pylist() for c in present}
    rows = []
    for i in range(table.num_rows):
        row: dict[str, Any] = {}
        for c in present:
            v = data[c][i]
            if c in TIMESTAMPS:
                v = to_aware(v)
            elif c in TEXTS:
                v = "" if v is None else str(v)
            elif c in INTS:
                v = int(v or 0)
            elif c in ("dossier_id", "channel"):
                v = "" if v is None else str(v)
            else:  # the flags: empty means no
                v = bool(v)
            row[c] = v
        rows.append(row)
    return rows


def _arrow_column(name: str, values: list[Any]) -> pa.Array:
    if name in TIMESTAMPS:
        return pa.array([to_local_naive(v) for v in values], type=pa.timestamp("us"))
    if name in INTS:
        return pa.array(values, type=pa.int64())
    if name in TEXTS or name in ("dossier_id", "channel"):
        return pa.array(values, type=pa.string())
    return pa.array(values, type=pa.bool_())


def _table(rows: list[tuple], columns: tuple[str, ...], schema: pa.Schema | None) -> pa.Table:
    cols = list(zip(*rows, strict=True)) if rows else [() for _ in columns]
    table = pa.table({name: _arrow_column(name, list(col)) for name, col in zip(columns, cols, strict=True)})
    if schema is not None:
        table = table.select([n for n in schema.names if n in table.column_names])
        table = table.cast(pa.schema([schema.field(n) for n in table.column_names]))
    return table


def dossiers_table(org: Organisation, schema: pa.Schema | None = None) -> pa.Table:
    """Every stored dossier of the department, as the reader would have produced them."""
    rows = list(Dossier.objects.filter(organisation=org).order_by("pk").values_list(*DOSSIER_COLUMNS))
    return _table(rows, DOSSIER_COLUMNS, schema)


def pauses_table(org: Organisation, schema: pa.Schema | None = None) -> pa.Table:
    rows = list(DossierPause.objects.filter(organisation=org).order_by("pk").values_list(*PAUSE_COLUMNS))
    return _table(rows, PAUSE_COLUMNS, schema)
