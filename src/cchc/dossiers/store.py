"""Set-based writes of dossiers, pauses and the values an analysis derives: no model instances.

A department's year is several hundred thousand dossiers; writing them one object at a time
(``bulk_create`` of instances, ``bulk_update``) was far too slow (benchmarks/README.md).
Here each Arrow table from the engine is loaded into a temporary table in one go
(PostgreSQL: ``COPY … FROM STDIN`` of CSV written by Arrow; SQLite: one ``executemany``),
and moved by a few statements:
``INSERT … ON CONFLICT (organisation_id, dossier_id) DO UPDATE`` for the dossiers (an export
that repeats a dossier replaces its row, keeping its id), ``DELETE`` + ``INSERT … SELECT`` for
the pauses, ``UPDATE … FROM`` for the derived columns (only rows whose values changed) and a
``DELETE``/``INSERT … ON CONFLICT DO NOTHING`` pair for the breaches. The same SQL runs on
both databases (SQLite ≥ 3.33 has ``UPDATE … FROM``). Timestamps go in as UTC, to the second
(the engine works to the second). Call inside the caller's transaction.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
from django.conf import settings
from django.db import connection

from cchc.core.dossiers import schema
from cchc.dossiers.models import Dossier, DossierBreach, DossierPause
from cchc.orgs.models import Organisation

__all__ = ["replace_pauses", "store_derived", "upsert_dossiers"]

COPY_CHUNK = 1 << 20
SQLITE_BATCH = 20_000
DERIVED = ("effective_due_at", "outcome", "submitted_month", "finished_month")
_COLUMN_KINDS = {**schema.PAUSE_COLUMNS, **schema.DOSSIER_COLUMNS}


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _utc(col: pa.ChunkedArray | pa.Array) -> pa.Array:
    """Naive local timestamps (the exports' wall time) as UTC, to the second."""
    if isinstance(col, pa.ChunkedArray):
        col = col.combine_chunks()
    if pa.types.is_timestamp(col.type) and col.type.tz is None:
        col = pc.assume_timezone(col, settings.TIME_ZONE, ambiguous="earliest", nonexistent="earliest")
    return col.cast(pa.timestamp("s", tz="UTC"), safe=False)


def _plain(col: pa.ChunkedArray | pa.Array, kind: str) -> pa.Array:
    """A column as the database takes it: text never null, flags and counts never null."""
    if isinstance(col, pa.ChunkedArray):
        col = col.combine_chunks() if col.num_chunks else pa.array([], col.type)
    if pa.types.is_dictionary(col.type):
        col = col.cast(col.type.value_type)
    if kind == "ts":
        return _utc(col)
    if kind == "int":
        return pc.fill_null(col.cast(pa.int64()), 0)
    if kind == "bool":
        return pc.fill_null(col.cast(pa.bool_()), False)
    if kind == "text":
        return pc.fill_null(col.cast(pa.string()), "")
    return col


def _kind(column: str) -> str:
    """How a column goes to the database: the engine's kind of it (``core.dossiers.schema``)."""
    if column == "effective_due_at":
        return "ts"
    if column == "unit_ref_id":
        return "raw"
    return {"ts": "ts", "int": "int", "bool": "bool"}.get(_COLUMN_KINDS.get(column, "str"), "text")


_SQL_TYPES = {"ts": "timestamp with time zone", "int": "bigint", "bool": "boolean", "text": "text"}


def _load(name: str, table: pa.Table, kinds: dict[str, str]) -> None:
    """``table`` into the (emptied) temporary table ``name`` with columns of ``kinds``."""
    pg = connection.vendor == "postgresql"
    cols = ", ".join(f"{c} {_SQL_TYPES.get(k, 'bigint') if pg else ''}".rstrip() for c, k in kinds.items())
    with connection.cursor() as cursor:
        if pg:
            cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {name} ({cols}) ON COMMIT DELETE ROWS")
            cursor.execute(f"TRUNCATE {name}")
            buf = io.BytesIO()
            if table.num_rows:
                pa_csv.write_csv(table, buf, pa_csv.WriteOptions(include_header=False))
            data = buf.getbuffer()
            with cursor.copy(f"COPY {name} ({', '.join(kinds)}) FROM STDIN WITH (FORMAT csv)") as copy:
                for start in range(0, len(data), COPY_CHUNK):
                    copy.write(data[start : start + COPY_CHUNK])
            del data
            cursor.execute(f"ANALYZE {name}")
            return
        cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} ({cols})")
        cursor.execute(f"DELETE FROM {name}")
        if "dossier_id" in kinds:
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {name}_id ON {name} (dossier_id)")
        columns = []
        for c, k in kinds.items():
            col = table.column(c)
            if k == "ts":  # Django's SQLite text for an aware datetime: UTC, no zone
                col = pc.strftime(col, format="%Y-%m-%d %H:%M:%S")
            columns.append(col)
        insert = f"INSERT INTO {name} ({', '.join(kinds)}) VALUES ({', '.join('?' * len(kinds))})"
        # The driver's own cursor (sqlite3): its executemany takes the rows as an iterator.
        raw: Any = cursor.cursor if hasattr(cursor, "cursor") else cursor
        for start in range(0, table.num_rows, SQLITE_BATCH):
            part = [c.slice(start, SQLITE_BATCH).to_pylist() for c in columns]
            raw.executemany(insert, zip(*part, strict=True))


def _table(source: pa.Table, columns: Sequence[str], extra: dict[str, pa.Array] | None = None) -> pa.Table:
    out = {c: _plain(source.column(c), _kind(c)) for c in columns if c in source.column_names}
    out |= extra or {}
    return pa.table(out)


def _count(sql: str, params: Sequence) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.fetchone()[0])


def upsert_dossiers(
    org: Organisation, upload_id: int, table: pa.Table, resolve: Callable[[str], int | None]
) -> tuple[int, int]:
    """Insert or replace the department's dossiers of ``table`` (the engine's canonical table,
    ids unique); returns (new, replaced). ``resolve`` maps an export's unit text to the
    directory's unit id (decided once per distinct text)."""
    from cchc.dossiers.bridge import DOSSIER_COLUMNS

    columns = [c for c in DOSSIER_COLUMNS if c in table.column_names]
    units = _plain(table.column("unit"), "text").dictionary_encode()
    refs = pa.array([resolve(u) for u in units.dictionary.to_pylist()], pa.int64())
    data = _table(table, columns, {"unit_ref_id": pc.take(refs, units.indices)})
    kinds = {c: _kind(c) for c in data.column_names}
    _load("cchc_dossier_src", data, kinds)
    d = _q(Dossier._meta.db_table)
    before = _count(f"SELECT count(*) FROM {d} WHERE organisation_id = %s", [org.pk])
    names = list(kinds)
    # New rows start without derived values; the analysis that follows writes them.
    derived_blank = ", ".join(["NULL", "''", "''", "''"])
    updates = ", ".join(f"{c} = excluded.{c}" for c in [*names, "upload_id"])
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {d} (organisation_id, upload_id, {", ".join(names)}, {", ".join(DERIVED)})
                SELECT %s, %s, {", ".join(names)}, {derived_blank} FROM cchc_dossier_src WHERE true
                ON CONFLICT (organisation_id, dossier_id) DO UPDATE SET {updates}""",
            [org.pk, upload_id],
        )
    after = _count(f"SELECT count(*) FROM {d} WHERE organisation_id = %s", [org.pk])
    new = after - before
    return new, table.num_rows - new


def replace_pauses(org: Organisation, upload_id: int, table: pa.Table) -> tuple[int, int]:
    """The file's pauses replace every stored pause of the dossiers it names (a pauses export
    lists a dossier's whole history); returns (new, replaced), counted per row: a row is
    "replaced" when its dossier already had pauses stored."""
    from cchc.dossiers.bridge import PAUSE_COLUMNS

    columns = [c for c in PAUSE_COLUMNS if c in table.column_names]
    data = _table(table, columns)
    kinds = {c: _kind(c) for c in columns}
    _load("cchc_pause_src", data, kinds)
    p = _q(DossierPause._meta.db_table)
    stored = f"SELECT dossier_id FROM {p} WHERE organisation_id = %s"
    replaced = _count(f"SELECT count(*) FROM cchc_pause_src WHERE dossier_id IN ({stored})", [org.pk])
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {p} WHERE organisation_id = %s"
            " AND dossier_id IN (SELECT dossier_id FROM cchc_pause_src)",
            [org.pk],
        )
        cursor.execute(
            f"""INSERT INTO {p} (organisation_id, upload_id, {", ".join(columns)})
                SELECT %s, %s, {", ".join(columns)} FROM cchc_pause_src""",
            [org.pk, upload_id],
        )
    return table.num_rows - replaced, replaced


def _months(col: pa.ChunkedArray) -> pa.Array:
    """ "YYYY-MM" of a month column (text, date or timestamp); "" for none."""
    col = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
    if pa.types.is_dictionary(col.type):
        col = col.cast(col.type.value_type)
    if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
        out = pc.utf8_slice_codeunits(col, 0, 7)
    elif pa.types.is_null(col.type):
        out = pa.nulls(len(col), pa.string())
    else:
        out = pc.strftime(col, format="%Y-%m")
    return pc.fill_null(out.cast(pa.string()), "")


def store_derived(org: Organisation, facts: pa.Table) -> None:
    """Each dossier's derived columns and breaches from the engine's facts table; only the
    rows whose values changed are written. A stored dossier the facts do not name is blanked."""
    derived = pa.table(
        {
            "dossier_id": _plain(facts.column("dossier_id"), "text"),
            "effective_due_at": _utc(facts.column("effective_due_at").cast(pa.timestamp("us"))),
            "outcome": _plain(facts.column("outcome"), "text"),
            "submitted_month": _months(facts.column("submitted_month")),
            "finished_month": _months(facts.column("finished_month")),
        }
    )
    kinds = {"dossier_id": "text", "effective_due_at": "ts"} | dict.fromkeys(DERIVED[1:], "text")
    _load("cchc_derived_src", derived, kinds)
    breaches = facts.column("breaches").combine_chunks()
    parents = pc.list_parent_indices(breaches)
    rules = pa.table(
        {
            "dossier_id": pc.take(derived.column("dossier_id"), parents),
            "rule": _plain(pc.list_flatten(breaches), "text"),
        }
    )
    _load("cchc_breach_src", rules, {"dossier_id": "text", "rule": "text"})
    d, b = _q(Dossier._meta.db_table), _q(DossierBreach._meta.db_table)
    differs = " OR ".join(f"{d}.{c} IS DISTINCT FROM s.{c}" for c in DERIVED)
    if connection.vendor != "postgresql":
        differs = " OR ".join(f"{d}.{c} IS NOT s.{c}" for c in DERIVED)
    sets = ", ".join(f"{c} = s.{c}" for c in DERIVED)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE {d} SET {sets} FROM cchc_derived_src s
                WHERE {d}.organisation_id = %s AND {d}.dossier_id = s.dossier_id AND ({differs})""",
            [org.pk],
        )
        cursor.execute(
            f"""UPDATE {d} SET effective_due_at = NULL, outcome = '', submitted_month = '',
                       finished_month = ''
                WHERE organisation_id = %s
                  AND (outcome <> '' OR submitted_month <> '' OR effective_due_at IS NOT NULL)
                  AND NOT EXISTS (SELECT 1 FROM cchc_derived_src s WHERE s.dossier_id = {d}.dossier_id)""",
            [org.pk],
        )
        cursor.execute(
            f"""DELETE FROM {b} WHERE organisation_id = %s AND NOT EXISTS (
                    SELECT 1 FROM cchc_breach_src s JOIN {d} x
                      ON x.organisation_id = %s AND x.dossier_id = s.dossier_id
                    WHERE x.id = {b}.dossier_id AND s.rule = {b}.rule)""",
            [org.pk, org.pk],
        )
        cursor.execute(
            f"""INSERT INTO {b} (organisation_id, dossier_id, rule)
                SELECT %s, x.id, s.rule FROM cchc_breach_src s JOIN {d} x
                  ON x.organisation_id = %s AND x.dossier_id = s.dossier_id
                WHERE true
                ON CONFLICT (dossier_id, rule) DO NOTHING""",
            [org.pk, org.pk],
        )
