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
from cchc.core.dossiers.load import empty_table
from cchc.core.dossiers.options import AnalysisOptions
from cchc.core.dossiers.result import GROUP_COUNTS, AnalysisResult, Rejected
from cchc.core.dossiers.sql import OUTCOMES, RULES, Params, facts_sql, groups_sql, officers_sql
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


def in_rid_order(slim: pa.Table) -> pa.Table:
    """Engines return rows in any order: put them back in row order (rid = 0 … n−1)."""
    rid = slim.column("rid").to_numpy()
    where = np.empty(len(rid), dtype=np.int64)
    where[rid] = np.arange(len(rid))
    return slim.take(pa.array(where))


class DuckDBRunner:
    def __init__(self, threads: int | None = None) -> None:
        self.con = duckdb.connect()
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


def engine_inputs(dossiers: pa.Table, pauses: pa.Table | None) -> tuple[pa.Table, pa.Table]:
    """The canonical tables with timestamps as seconds and a row index, as ``sql.py`` reads them."""
    d = {"rid": pa.array(np.arange(dossiers.num_rows, dtype=np.int64))}
    for name in empty_table("dossiers").column_names:
        if name != "source_row":
            col = _column(dossiers, name, "dossiers")
            d[TS_COLUMNS.get(name, name)] = _seconds(col) if name in TS_COLUMNS else col
    pauses = pauses if pauses is not None else empty_table("pauses")
    p = {
        "dossier_id": _column(pauses, "dossier_id", "pauses"),
        "paused_from": _seconds(_column(pauses, "paused_from", "pauses")),
        "paused_to": _seconds(_column(pauses, "paused_to", "pauses")),
        "reason": _column(pauses, "reason", "pauses"),
        "has_attachment": _column(pauses, "has_attachment", "pauses"),
    }
    return pa.table(d), pa.table(p)


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
) -> tuple[pa.Table, pa.Table, pa.Table]:
    """(per-dossier results in row order, group counts, officer counts)."""
    p = params(options)
    d, pz = engine_inputs(dossiers, pauses)
    first, last = day_range(*_bounds(d, pz, p.as_of))
    days = build_days(calendar, first, last)
    wdays = days.filter(pc.equal(days.column("working"), 1)).select(["k", "day"])
    runner.register("dossiers", d)
    runner.register("pauses", pz)
    runner.register("days", days)
    runner.register("wdays", wdays)
    slim = runner.facts(facts_sql(p), d)
    groups = runner.query(groups_sql(p, options.group_keys))
    officers = runner.query(officers_sql(p))
    return slim, groups, officers


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
        slim, groups, officers = run(runner, dossiers, pauses, calendar, options)
    finally:
        runner.close()
    return assemble(dossiers, slim, groups, officers, options, rows_read, rejected)


def _ratio(num: np.ndarray, den: np.ndarray, scale: float = 1.0) -> list[float | None]:
    with np.errstate(divide="ignore", invalid="ignore"):
        r = scale * num / den
    return [None if d == 0 else float(x) for x, d in zip(r, den, strict=True)]


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


def _sort_key(row: dict, keys: tuple[str, ...]):
    return tuple((row[k] is None, row[k] or "") for k in keys)


def group_rows(groups: pa.Table) -> list[dict]:
    cols = {
        c: np.asarray(groups.column(c).to_numpy(zero_copy_only=False), dtype=np.int64)
        for c in groups.column_names
        if c not in _KEY_ORDER
    }
    cols["early+on_time"] = cols["early"] + cols["on_time"]
    ratios = {name: _ratio(cols[a], cols[b], s) for name, (a, b, s) in _GROUP_RATIOS.items()}
    keys = tuple(k for k in _KEY_ORDER if k in groups.column_names)
    key_values = {k: groups.column(k).to_pylist() for k in keys}
    if "month" in key_values:
        key_values["month"] = [None if m is None else month_label(m) for m in key_values["month"]]
    out = []
    for i in range(groups.num_rows):
        row: dict = {k: key_values[k][i] for k in keys}
        for c in GROUP_COUNTS:
            row[c] = int(cols[c][i])
        for name in _GROUP_RATIOS:
            row[name] = ratios[name][i]
        out.append(row)
    out.sort(key=lambda r: _sort_key(r, keys))
    return out


def officer_rows(officers: pa.Table, threshold: float) -> list[dict]:
    out = []
    for row in officers.to_pylist():
        finished, late = int(row["finished"]), int(row["late"])
        ratio = late / finished
        out.append(
            {
                "officer": row["officer"],
                "month": month_label(row["month"]),
                "finished": finished,
                "early": int(row["early"]),
                "on_time": int(row["on_time"]),
                "late": late,
                "late_ratio": ratio,
                "eligible_good": ratio < threshold,
            }
        )
    out.sort(key=lambda r: _sort_key(r, ("officer", "month")))
    return out


def _labels(ids: pa.ChunkedArray | pa.Array, label) -> pa.DictionaryArray:
    """Small-integer codes (months, outcomes) as a dictionary array of their labels."""
    ids = ids.combine_chunks() if isinstance(ids, pa.ChunkedArray) else ids
    uniq = pc.unique(pc.drop_null(ids)).to_pylist()
    return pa.DictionaryArray.from_arrays(
        pc.index_in(ids, pa.array(uniq, ids.type)).cast(pa.int32()),
        pa.array([label(u) for u in uniq], pa.string()),
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
    return table, listed.to_pylist()


def assemble(
    dossiers: pa.Table,
    slim: pa.Table,
    groups: pa.Table,
    officers: pa.Table,
    options: AnalysisOptions,
    rows_read: int | None,
    rejected: list[Rejected] | None,
) -> AnalysisResult:
    rejected = list(rejected or [])
    facts, breaches = facts_table(dossiers, slim)
    return AnalysisResult(
        as_of=options.as_of,
        groups=group_rows(groups),
        officers=officer_rows(officers, options.late_threshold),
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
