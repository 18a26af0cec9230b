"""Between the database and the pure engine (``cchc.core.dossiers``): Arrow tables in and out.

The engine reads exports into Arrow tables of canonical columns and analyses such tables;
this module turns stored rows into the same tables (column by column from ``values_list``,
no per-row objects) and the engine's timestamps into aware datetimes for the ORM.
Timestamps are local time of Asia/Ho_Chi_Minh, as in the exports.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any, overload

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
from django.conf import settings
from django.db import connection
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


@overload
def to_aware(value: datetime) -> datetime: ...
@overload
def to_aware(value: Any) -> datetime | None: ...
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


@overload
def to_local_naive(value: datetime) -> datetime: ...
@overload
def to_local_naive(value: None) -> None: ...
def to_local_naive(value: datetime | None) -> datetime | None:
    """A stored datetime as the exports write it: local wall time, no zone."""
    if value is None:
        return None
    return timezone.localtime(value, timezone.get_default_timezone()).replace(tzinfo=None)


def _read_back(model, org: Organisation, columns: tuple[str, ...], schema: pa.Schema | None) -> pa.Table:
    """The department's stored rows of ``model`` (in id order) as an engine table, column-wise:
    PostgreSQL sends them as CSV (``COPY … TO STDOUT``, timestamps as local wall time) that
    Arrow parses; SQLite's text is converted by Arrow. No datetime objects per row."""
    table = connection.ops.quote_name(model._meta.db_table)
    tz = settings.TIME_ZONE.replace("'", "")
    if connection.vendor == "postgresql":
        select = ", ".join(f"({c} AT TIME ZONE '{tz}')" if c in TIMESTAMPS else c for c in columns)
        sql = f"SELECT {select} FROM {table} WHERE organisation_id = {int(org.pk)} ORDER BY id"
        buf = io.BytesIO()
        with connection.cursor() as cursor, cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)") as copy:
            for block in copy:
                buf.write(block)
        types = {c: _arrow_type(c) for c in columns}
        if not buf.tell():
            return (
                pa.schema(list(types.items())).empty_table()
                if schema is None
                else _cast(pa.schema(list(types.items())).empty_table(), schema)
            )
        out = pa_csv.read_csv(
            io.BytesIO(buf.getvalue()),
            read_options=pa_csv.ReadOptions(column_names=list(columns)),
            convert_options=pa_csv.ConvertOptions(
                column_types=types,
                true_values=["t"],
                false_values=["f"],
                null_values=[""],
                strings_can_be_null=True,
                quoted_strings_can_be_null=False,
            ),
        )
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {', '.join(columns)} FROM {table} WHERE organisation_id = %s ORDER BY id", [org.pk]
            )
            rows = cursor.fetchall()
        data = list(zip(*rows, strict=True)) if rows else [() for _ in columns]
        arrays = {}
        for c, values in zip(columns, data, strict=True):
            if c in TIMESTAMPS:
                # Django's converters give naive UTC datetimes (text without them).
                sample = next((v for v in values if v is not None), None)
                if isinstance(sample, str):
                    utc = pa.array(values, pa.string()).cast(pa.timestamp("us"))
                else:
                    utc = pa.array(values, pa.timestamp("us"))
                local = pc.assume_timezone(utc, "UTC").cast(pa.timestamp("us", tz=settings.TIME_ZONE))
                arrays[c] = pc.local_timestamp(local)
            elif c in INTS:
                arrays[c] = pa.array(values, pa.int64())
            elif c in TEXTS or c in ("dossier_id", "channel"):
                arrays[c] = pa.array(values, pa.string())
            else:
                arrays[c] = pa.array(values).cast(pa.bool_())  # 0/1 or bools
        out = pa.table(arrays)
    return out if schema is None else _cast(out, schema)


def _cast(table: pa.Table, schema: pa.Schema) -> pa.Table:
    table = table.select([n for n in schema.names if n in table.column_names])
    return table.cast(pa.schema([schema.field(n) for n in table.column_names]))


def _arrow_type(name: str) -> pa.DataType:
    if name in TIMESTAMPS:
        return pa.timestamp("us")
    if name in INTS:
        return pa.int64()
    if name in TEXTS or name in ("dossier_id", "channel"):
        return pa.string()
    return pa.bool_()


def dossiers_table(org: Organisation, schema: pa.Schema | None = None) -> pa.Table:
    """Every stored dossier of the department, as the reader would have produced them."""
    return _read_back(Dossier, org, DOSSIER_COLUMNS, schema)


def pauses_table(org: Organisation, schema: pa.Schema | None = None) -> pa.Table:
    return _read_back(DossierPause, org, PAUSE_COLUMNS, schema)
