"""Running the definitions: inputs to seconds, the day table, an engine, the result.

``analyze`` runs on DuckDB; ``spark.analyze_spark`` runs the same SQL (``sql.py``) on Spark
through the :class:`Runner` seam. Engines return only integer counts and per-dossier facts;
ratios are computed here, once, so two engines agree exactly when their counts do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cchc.core.calendar import WorkCalendar
from cchc.core.dossiers.load import _encoded, empty_table
from cchc.core.dossiers.options import AnalysisOptions
from cchc.core.dossiers.result import GROUP_COUNTS, AnalysisResult, Rejected
from cchc.core.dossiers.sql import (
    KEY_COLUMNS,
    OUTCOMES,
    RULES,
    Params,
    facts_sql,
    finished_sql,
    officers_sql,
    received_sql,
)
from cchc.core.dossiers.worktime import Spans, build_days, day_number, day_range, month_label, to_seconds

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
FACT_COLUMNS = (
    "dossier_id",
    "procedure_code",
    "procedure_name",
    "unit",
    "officer",
    "channel",
    "submitted_at",
    "accepted_at",
    "due_at",
    "finished_at",
    "effective_due_at",
    "submitted_month",
    "finished_month",
    "outcome",
    "pause_hours",
    "acceptance_hours",
    "in_period",
    "breaches",
)


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


def _column(table: pa.Table, name: str, kind: str) -> pa.ChunkedArray | pa.Array:
    if name in table.column_names:
        return table.column(name)
    return pa.nulls(table.num_rows, empty_table(kind).schema.field(name).type)


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


@dataclass(slots=True)
class EngineOutput:
    slim: pa.Table  # per dossier, row order
    received: pa.Table
    finished: pa.Table
    officers: pa.Table
    labels: dict[str, list]


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


_GROUP_RATIOS = {
    "on_time_rate": ("early+on_time", "finished", 1.0),
    "online_share": ("online", "received", 1.0),
    "online_full_share": ("online_full", "received", 1.0),
    "paid_online_share": ("fee_paid_online", "fee", 1.0),
    "postal_share": ("postal_n", "received", 1.0),
    "digitized_share": ("digitized_n", "received", 1.0),
    "result_digitized_share": ("result_digitized_n", "finished", 1.0),
    "progress_score_766": ("progress_ok", "received", 20.0),
}
_KEY_ORDER = ("unit", "procedure_code", "procedure_name", "officer", "month")
_ALL_COUNTS = (
    *("received", "finished", "early", "on_time", "late", "overdue", "open", "online", "online_full"),
    *("fee", "fee_paid_online", "postal_n", "digitized_n", "result_digitized_n", "progress_ok"),
)


def _sort_key(row: dict, keys: tuple[str, ...]):
    return tuple((row[k] is None, row[k] or "") for k in keys)


def _key_label(key: str, code, labels: dict[str, list]) -> dict:
    if key == "month":
        return {"month": None if code is None else month_label(code)}
    if key == "procedure":
        code_, name = (None, None) if code is None else labels["procedure"][code]
        return {"procedure_code": code_, "procedure_name": name}
    return {key: None if code is None else labels[key][code]}


def group_rows(out: EngineOutput, keys: tuple[str, ...]) -> list[dict]:
    """Received and finished counts merged per group, with the ratios."""
    cols = [KEY_COLUMNS.get(k, k) for k in keys]
    rows: dict[tuple, dict] = {}
    for table, counts in (
        (
            out.received,
            (
                "received",
                "overdue",
                "open",
                "online",
                "online_full",
                "fee",
                "fee_paid_online",
                "postal_n",
                "digitized_n",
                "progress_ok",
            ),
        ),
        (out.finished, ("finished", "early", "on_time", "late", "result_digitized_n")),
    ):
        data = table.to_pydict()
        for i in range(table.num_rows):
            group = tuple(data[c][i] for c in cols)
            row = rows.setdefault(group, dict.fromkeys(_ALL_COUNTS, 0))
            for c in counts:
                row[c] = int(data[c][i] or 0)
    result = []
    for group, n in rows.items():
        row: dict = {}
        for key, code in zip(keys, group, strict=True):
            row |= _key_label(key, code, out.labels)
        row |= {c: n[c] for c in GROUP_COUNTS}
        n["early+on_time"] = n["early"] + n["on_time"]
        for name, (num, den, scale) in _GROUP_RATIOS.items():
            row[name] = None if n[den] == 0 else scale * n[num] / n[den]
        result.append(row)
    names = [k for k in _KEY_ORDER if any(k in r for r in result[:1])]
    result.sort(key=lambda r: _sort_key(r, tuple(names)))
    return result


def officer_rows(out: EngineOutput, threshold: float) -> list[dict]:
    result = []
    for row in out.officers.to_pylist():
        finished, late = int(row["finished"]), int(row["late"])
        ratio = late / finished
        result.append(
            {
                "officer": out.labels["officer"][row["officer_key"]],
                "month": month_label(row["month"]),
                "finished": finished,
                "early": int(row["early"]),
                "on_time": int(row["on_time"]),
                "late": late,
                "late_ratio": ratio,
                "eligible_good": ratio < threshold,
            }
        )
    result.sort(key=lambda r: _sort_key(r, ("officer", "month")))
    return result


def _labels(ids: pa.ChunkedArray | pa.Array, label) -> pa.DictionaryArray:
    """Small-integer codes (months, outcomes) as a dictionary array of their labels: the codes
    minus the smallest are the indices (no hashing of ten million values)."""
    ids = ids.combine_chunks() if isinstance(ids, pa.ChunkedArray) else ids
    mm = pc.min_max(ids)
    if not mm["min"].is_valid:
        return pa.DictionaryArray.from_arrays(pa.nulls(len(ids), pa.int32()), pa.array([], pa.string()))
    lo, hi = mm["min"].as_py(), mm["max"].as_py()
    indices = pc.subtract(ids.cast(pa.int64()), lo).cast(pa.int32())
    return pa.DictionaryArray.from_arrays(
        indices, pa.array([label(c) for c in range(lo, hi + 1)], pa.string())
    )


def _breach_pairs(bits: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row, rule index) of every set bit, ordered by row then rule."""
    rows, rules = [], []
    for i in range(len(RULES)):
        r = np.flatnonzero(bits & (1 << i))
        rows.append(r)
        rules.append(np.full(len(r), i, dtype=np.int32))
    rows_a, rules_a = np.concatenate(rows), np.concatenate(rules)
    order = np.argsort(rows_a, kind="stable")  # the rules were concatenated in order
    return rows_a[order], rules_a[order]


def facts_table(dossiers: pa.Table, slim: pa.Table) -> tuple[pa.Table, list[dict]]:
    """The per-dossier facts (FACT_COLUMNS, row order) and the in-period breach list."""
    n = dossiers.num_rows
    bits = np.asarray(slim.column("breaches").to_numpy(zero_copy_only=False), dtype=np.int64)
    rows, rules = _breach_pairs(bits)
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(np.bincount(rows, minlength=n), out=offsets[1:])
    rule_names = pa.array(RULES, pa.string())
    breaches = pa.ListArray.from_arrays(pa.array(offsets), pc.take(rule_names, pa.array(rules)))
    in_period = pc.equal(slim.column("in_period"), 1)

    def ts(col: pa.ChunkedArray) -> pa.ChunkedArray:
        return pc.multiply(col.cast(pa.int64()), 1_000_000).cast(pa.timestamp("us"))

    cols = {name: _column(dossiers, name, "dossiers") for name in FACT_COLUMNS[:10]}
    cols |= {
        "effective_due_at": ts(slim.column("effective_due")),
        "submitted_month": _labels(slim.column("submitted_month"), month_label),
        "finished_month": _labels(slim.column("finished_month"), month_label),
        "outcome": _labels(slim.column("outcome"), OUTCOMES.__getitem__),
        "pause_hours": pc.divide(slim.column("pause_work").cast(pa.float64()), 3600.0),
        "acceptance_hours": pc.divide(slim.column("accept_work").cast(pa.float64()), 3600.0),
        "in_period": in_period,
        "breaches": breaches,
    }
    table = pa.table(cols)
    keep = np.asarray(in_period.to_numpy(zero_copy_only=False), dtype=bool)[rows] if len(rows) else rows
    listed = pa.table(
        {
            "dossier_id": pc.take(cols["dossier_id"], pa.array(rows[keep])),
            "rule": pc.take(rule_names, pa.array(rules[keep])),
        }
    )
    ids, names = listed.column("dossier_id").to_pylist(), listed.column("rule").to_pylist()
    return table, [{"dossier_id": i, "rule": r} for i, r in zip(ids, names, strict=True)]


def assemble(
    dossiers: pa.Table,
    out: EngineOutput,
    options: AnalysisOptions,
    rows_read: int | None,
    rejected: list[Rejected] | None,
) -> AnalysisResult:
    rejected = list(rejected or [])
    facts, breaches = facts_table(dossiers, out.slim)
    return AnalysisResult(
        as_of=options.as_of,
        groups=group_rows(out, options.group_keys),
        officers=officer_rows(out, options.late_threshold),
        breaches=breaches,
        facts=facts,
        rows_read=rows_read if rows_read is not None else facts.num_rows + len(rejected),
        rows_rejected=len(rejected),
        rejected=rejected,
        by=options.group_keys,
        period=options.period,
    )


def as_of_default(now: datetime | None = None) -> datetime:
    """Now in Asia/Ho_Chi_Minh, naive (UTC+7 all year, no daylight saving since 1975)."""
    now = now or datetime.now(UTC)
    return (now.astimezone(UTC) + timedelta(hours=7)).replace(tzinfo=None, microsecond=0)
