"""Running the definitions: inputs to seconds, the day table, an engine, the result.

``analyze`` runs on DuckDB; ``spark.analyze_spark`` runs the same SQL (``sql.py``) on Spark
through the :class:`Runner` seam. Engines return only integer counts and per-dossier facts;
ratios are computed here, once, so two engines agree exactly when their counts do.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cchc.core.calendar import WorkCalendar
from cchc.core.dossiers.assemble import FACT_COLUMNS, EngineOutput, _column, assemble
from cchc.core.dossiers.load import _encoded, empty_table
from cchc.core.dossiers.options import AnalysisOptions
from cchc.core.dossiers.result import AnalysisResult, Rejected
from cchc.core.dossiers.sql import (
    RULES,
    Params,
    facts_sql,
    finished_sql,
    officers_sql,
    received_sql,
)
from cchc.core.dossiers.worktime import Spans, build_days, day_number, day_range, to_seconds

__all__ = ["FACT_COLUMNS", "RULES", "Runner", "analyze", "run"]

TS_COLUMNS = {
    "submitted_at": "submitted",
    "accepted_at": "accepted",
    "due_at": "due",
    "finished_at": "finished",
    "returned_at": "returned",
    "apology_at": "apology",
}
# Text the SQL never reads (grouping uses integer keys) and a column no definition uses.
ENGINE_SKIPS = ("source_row", "procedure_code", "procedure_name", "unit", "officer", "returned_at")


class Runner(Protocol):
    """An engine: tables in, SQL run, Arrow out."""

    def register(self, name: str, table: pa.Table) -> None: ...

    def facts(self, sql: str, dossiers: pa.Table) -> pa.Table:
        """Run ``facts_sql``; return its rows in ``rid`` order and make ``facts`` (the
        dossiers joined with them) queryable."""
        ...

    def query(self, sql: str) -> pa.Table: ...


def _scatter(col: pa.ChunkedArray, where: np.ndarray) -> pa.Array:
    values = (pc.fill_null(col, 0) if col.null_count else col).to_numpy()
    out = np.empty_like(values)
    out[where] = values
    if not col.null_count:
        return pa.array(out, col.type)
    ok = np.empty(len(where), dtype=bool)
    ok[where] = pc.is_valid(col).to_numpy(zero_copy_only=False)
    return pa.array(out, col.type, mask=~ok)


def in_rid_order(slim: pa.Table) -> pa.Table:
    """Engines return rows in any order: put them back in row order (rid = 0 … n−1) with an
    O(n) scatter per (integer) column."""
    where = slim.column("rid").to_numpy()
    if np.array_equal(where, np.arange(len(where))):
        return slim  # DuckDB keeps the scan order when it can: nothing to move
    return pa.table({name: _scatter(slim.column(name), where) for name in slim.column_names})


class DuckDBRunner:
    def __init__(self, threads: int | None = None) -> None:
        self.con = duckdb.connect()
        # Row order is restored by rid (``in_rid_order``): let DuckDB run every operator in parallel.
        self.con.execute("SET preserve_insertion_order = false")
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        self._keep: list[pa.Table] = []

    def register(self, name: str, table: pa.Table) -> None:
        self._keep.append(table)  # DuckDB scans the Arrow memory in place: keep it alive
        self.con.register(name, table)

    def facts(self, sql: str, dossiers: pa.Table) -> pa.Table:
        slim = in_rid_order(self.query(sql))
        # Joined by position in Arrow (no copy of the dossiers' strings) and scanned in place.
        joined = dossiers
        for name in slim.column_names[1:]:
            joined = joined.append_column(name, slim.column(name))
        self.register("facts", joined)
        return slim

    def query(self, sql: str) -> pa.Table:
        return self.con.sql(sql).to_arrow_table()

    def close(self) -> None:
        self.con.close()


def _seconds(col: pa.ChunkedArray) -> pa.ChunkedArray:
    col = col.cast(pa.timestamp("us"))
    return pc.divide(col.cast(pa.int64()), 1_000_000)  # integer division: whole seconds


def _keyed(col) -> tuple[pa.Array, list]:
    """Integer codes of a text column (equal texts, equal codes) and the label of each code."""
    enc = _encoded(col)
    values = enc.dictionary.cast(pa.string()).to_pylist()
    index: dict = {}
    remap = [index.setdefault(v, len(index)) for v in values]
    codes = pc.take(pa.array(remap, pa.int32()), enc.indices) if values else pa.nulls(len(enc), pa.int32())
    return codes, list(index)


def _procedure_keys(dossiers: pa.Table) -> tuple[pa.Array, list]:
    code = _column(dossiers, "procedure_code", "dossiers")
    name = _column(dossiers, "procedure_name", "dossiers")
    key = code if code.null_count == 0 else pc.coalesce(code.cast(pa.string()), name.cast(pa.string()))
    codes, _ = _keyed(key)
    np_codes = pc.fill_null(codes, -1).to_numpy(zero_copy_only=False)
    found, first = np.unique(np_codes, return_index=True)
    first = first[found >= 0]
    pairs = zip(pc.take(code, first).to_pylist(), pc.take(name, first).to_pylist(), strict=True)
    return codes, list(pairs)


def engine_inputs(
    dossiers: pa.Table, pauses: pa.Table | None, keys: tuple[str, ...] = ("unit", "officer")
) -> tuple[pa.Table, pa.Table, dict[str, list]]:
    """The canonical tables with timestamps as seconds, a row index and integer group keys, as
    ``sql.py`` reads them; and the label of every key code."""
    d = {"rid": pa.array(np.arange(dossiers.num_rows, dtype=np.int64))}
    for name in empty_table("dossiers").column_names:
        if name not in ENGINE_SKIPS:
            col = _column(dossiers, name, "dossiers")
            d[TS_COLUMNS.get(name, name)] = _seconds(col) if name in TS_COLUMNS else col
    labels: dict[str, list] = {}
    for key in ("unit", "officer", "procedure"):
        if key == "procedure" and key not in keys:
            d["procedure_key"] = pa.nulls(dossiers.num_rows, pa.int32())
            continue
        codes, labels[key] = (
            _procedure_keys(dossiers) if key == "procedure" else _keyed(_column(dossiers, key, "dossiers"))
        )
        d[f"{key}_key"] = codes
    pauses = pauses if pauses is not None else empty_table("pauses")
    p = {
        "dossier_id": _column(pauses, "dossier_id", "pauses"),
        "paused_from": _seconds(_column(pauses, "paused_from", "pauses")),
        "paused_to": _seconds(_column(pauses, "paused_to", "pauses")),
        "reason": _column(pauses, "reason", "pauses"),
        "has_attachment": _column(pauses, "has_attachment", "pauses"),
    }
    # One chunk per column: the load may hand over thousands of zero-copy slices (rows cut
    # around the rejected ones); engines scan one contiguous block faster. Only the columns
    # the SQL reads are copied (the text of names stays out of the engine).
    return pa.table(d).combine_chunks(), pa.table(p).combine_chunks(), labels


def _bounds(d: pa.Table, p: pa.Table, as_of: int) -> tuple[int, int]:
    lo, hi = as_of, as_of
    for t, cols in (
        (d, ("submitted", "accepted", "due", "finished", "apology")),
        (p, ("paused_from", "paused_to")),
    ):
        for c in cols:
            mm = pc.min_max(t.column(c))
            if mm["min"].is_valid:
                lo, hi = min(lo, mm["min"].as_py()), max(hi, mm["max"].as_py())
    return lo, hi


def params(options: AnalysisOptions) -> Params:
    period = None
    if options.period:
        period = (day_number(options.period[0]), day_number(options.period[1]))
    return Params(
        as_of=to_seconds(options.as_of),
        spans=Spans.of(options.hours),
        acceptance_seconds=round(options.acceptance_hours * 3600),
        max_supplements=options.max_supplements,
        max_reschedules=options.max_reschedules,
        period=period,
    )


def run(
    runner: Runner,
    dossiers: pa.Table,
    pauses: pa.Table | None,
    calendar: WorkCalendar,
    options: AnalysisOptions,
) -> EngineOutput:
    p = params(options)
    d, pz, labels = engine_inputs(dossiers, pauses, options.group_keys)
    first, last = day_range(*_bounds(d, pz, p.as_of))
    days = build_days(calendar, first, last)
    wdays = days.filter(pc.equal(days.column("working"), 1)).select(["k", "day", "prev_wd"])
    runner.register("dossiers", d)
    runner.register("pauses", pz)
    runner.register("days", days)
    runner.register("wdays", wdays)
    slim = runner.facts(facts_sql(p), d)
    return EngineOutput(
        slim=slim,
        received=runner.query(received_sql(p, options.group_keys)),
        finished=runner.query(finished_sql(p, options.group_keys)),
        officers=runner.query(officers_sql(p)),
        labels=labels,
    )


def analyze(
    dossiers: pa.Table,
    pauses: pa.Table | None,
    calendar: WorkCalendar,
    options: AnalysisOptions,
    *,
    rows_read: int | None = None,
    rejected: list[Rejected] | None = None,
) -> AnalysisResult:
    """Every indicator, on DuckDB. ``rows_read``/``rejected`` come from the load, if known."""
    runner = DuckDBRunner()
    try:
        out = run(runner, dossiers, pauses, calendar, options)
    finally:
        runner.close()
    return assemble(dossiers, out, options, rows_read, rejected)


def as_of_default(now: datetime | None = None) -> datetime:
    """Now in Asia/Ho_Chi_Minh, naive (UTC+7 all year, no daylight saving since 1975)."""
    now = now or datetime.now(UTC)
    return (now.astimezone(UTC) + timedelta(hours=7)).replace(tzinfo=None, microsecond=0)
