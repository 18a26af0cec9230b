"""Running the definitions: inputs to seconds, the day table, an engine, the result.

``analyze`` runs on DuckDB; ``spark.analyze_spark`` runs the same SQL (``sql.py``) on Spark
through the :class:`Runner` seam. Engines return only integer counts and per-dossier facts;
ratios are computed here, once, so two engines agree exactly when their counts do.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cchc.core.calendar import WorkCalendar
from cchc.core.dossiers.load import empty_table
from cchc.core.dossiers.options import AnalysisOptions
from cchc.core.dossiers.result import AnalysisResult, Rejected
from cchc.core.dossiers.sql import RULES, Params, facts_sql, groups_sql, officers_sql
from cchc.core.dossiers.worktime import DAY, Spans, build_days, day_number, day_range, to_seconds

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
_ENGINE_FACTS = (
    "dossier_id, procedure_code, procedure_name, unit, officer, channel, submitted, accepted, due, finished,"
    " effective_due, submitted_month, finished_month, outcome, pause_work, accept_work, in_period, breaches"
)


class Runner(Protocol):
    def register(self, name: str, table: pa.Table) -> None: ...
    def materialize(self, name: str, sql: str) -> None: ...
    def query(self, sql: str) -> pa.Table: ...


class DuckDBRunner:
    def __init__(self, threads: int | None = None) -> None:
        self.con = duckdb.connect()
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        self._keep: list[pa.Table] = []

    def register(self, name: str, table: pa.Table) -> None:
        self._keep.append(table)
        self.con.register(name, table)

    def materialize(self, name: str, sql: str) -> None:
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {sql}")

    def query(self, sql: str) -> pa.Table:
        return self.con.sql(sql).to_arrow_table()

    def close(self) -> None:
        self.con.close()


def _seconds(col: pa.ChunkedArray) -> pa.ChunkedArray:
    col = col.cast(pa.timestamp("us"))
    return pc.divide(col.cast(pa.int64()), 1_000_000)  # integer division: whole seconds


def engine_inputs(dossiers: pa.Table, pauses: pa.Table | None) -> tuple[pa.Table, pa.Table]:
    """The canonical tables with timestamps as seconds, the shape ``sql.py`` reads."""
    d = {}
    for name in empty_table("dossiers").column_names:
        if name == "source_row":
            continue
        col = dossiers.column(name) if name in dossiers.column_names else None
        if col is None:
            col = pa.nulls(dossiers.num_rows, empty_table("dossiers").schema.field(name).type)
        d[TS_COLUMNS.get(name, name)] = _seconds(col) if name in TS_COLUMNS else col
    pauses = pauses if pauses is not None else empty_table("pauses")
    p = {
        "dossier_id": pauses.column("dossier_id"),
        "paused_from": _seconds(pauses.column("paused_from")),
        "paused_to": _seconds(pauses.column("paused_to")),
        "reason": pauses.column("reason"),
        "has_attachment": pauses.column("has_attachment"),
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
    spans = Spans.of(options.hours)
    period = None
    if options.period:
        period = (day_number(options.period[0]), day_number(options.period[1]))
    return Params(
        as_of=to_seconds(options.as_of),
        spans=spans,
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
    """(facts as the engine gives them, group counts, officer counts)."""
    p = params(options)
    d, pz = engine_inputs(dossiers, pauses)
    first, last = day_range(*_bounds(d, pz, p.as_of))
    days = build_days(calendar, first, last)
    wdays = days.filter(pc.equal(days.column("working"), 1)).select(["k", "day"])
    runner.register("dossiers", d)
    runner.register("pauses", pz)
    runner.register("days", days)
    runner.register("wdays", wdays)
    runner.materialize("facts", facts_sql(p))
    groups = runner.query(groups_sql(p, options.group_keys))
    officers = runner.query(officers_sql(p))
    facts = runner.query(f"SELECT {_ENGINE_FACTS} FROM facts")
    return facts, groups, officers


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
        facts, groups, officers = run(runner, dossiers, pauses, calendar, options)
    finally:
        runner.close()
    return assemble(facts, groups, officers, options, rows_read, rejected)


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


def group_rows(groups: pa.Table, options: AnalysisOptions) -> list[dict]:
    cols = {
        c: np.asarray(groups.column(c).to_numpy(zero_copy_only=False), dtype=np.int64)
        for c in groups.column_names
        if c not in _KEY_ORDER
    }
    cols["early+on_time"] = cols["early"] + cols["on_time"]
    ratios = {name: _ratio(cols[a], cols[b], s) for name, (a, b, s) in _GROUP_RATIOS.items()}
    keys = tuple(k for k in _KEY_ORDER if k in groups.column_names)
    key_values = {k: groups.column(k).to_pylist() for k in keys}
    out = []
    for i in range(groups.num_rows):
        row: dict = {k: key_values[k][i] for k in keys}
        for c in ("received", "finished", "early", "on_time", "late", "overdue", "open"):
            row[c] = int(cols[c][i])
        for name in _GROUP_RATIOS:
            row[name] = ratios[name][i]
        out.append(row)
    out.sort(key=lambda r: _sort_key(r, keys))
    return out


def officer_rows(officers: pa.Table, threshold: float) -> list[dict]:
    out = []
    for row in officers.to_pylist():
        row = {k: (int(v) if k in ("finished", "early", "on_time", "late") else v) for k, v in row.items()}
        ratio = row["late"] / row["finished"]
        out.append({**row, "late_ratio": ratio, "eligible_good": ratio < threshold})
    out.sort(key=lambda r: _sort_key(r, ("officer", "month")))
    return out


def facts_table(facts: pa.Table) -> pa.Table:
    """The engine's facts back to timestamps and a list of breaches, in FACT_COLUMNS order."""

    def ts(name: str) -> pa.ChunkedArray:
        return pc.multiply(facts.column(name).cast(pa.int64()), 1_000_000).cast(pa.timestamp("us"))

    breaches = facts.column("breaches")
    split = pc.split_pattern(pc.if_else(pc.equal(breaches, ""), pa.scalar(None, pa.string()), breaches), ",")
    split = pc.if_else(pc.is_null(split), pa.scalar([], pa.list_(pa.string())), split)
    cols = {
        "dossier_id": facts.column("dossier_id"),
        "procedure_code": facts.column("procedure_code"),
        "procedure_name": facts.column("procedure_name"),
        "unit": facts.column("unit"),
        "officer": facts.column("officer"),
        "channel": facts.column("channel"),
        "submitted_at": ts("submitted"),
        "accepted_at": ts("accepted"),
        "due_at": ts("due"),
        "finished_at": ts("finished"),
        "effective_due_at": ts("effective_due"),
        "submitted_month": facts.column("submitted_month"),
        "finished_month": facts.column("finished_month"),
        "outcome": facts.column("outcome"),
        "pause_hours": pc.divide(facts.column("pause_work").cast(pa.float64()), 3600.0),
        "acceptance_hours": pc.divide(facts.column("accept_work").cast(pa.float64()), 3600.0),
        "in_period": facts.column("in_period").cast(pa.bool_()),
        "breaches": split,
    }
    return pa.table(cols)


def breach_rows(facts: pa.Table) -> list[dict]:
    """(dossier id, rule) for every breach of a dossier received or finished in the period."""
    f = facts.filter(
        pc.and_(facts.column("in_period"), pc.greater(pc.list_value_length(facts.column("breaches")), 0))
    )
    lists = f.column("breaches").combine_chunks()
    parents = pc.list_parent_indices(lists)
    ids = pc.take(f.column("dossier_id"), parents).to_pylist()
    rules = pc.list_flatten(lists).to_pylist()
    order = {r: i for i, r in enumerate(RULES)}
    out = [{"dossier_id": i, "rule": r} for i, r in zip(ids, rules, strict=True)]
    out.sort(key=lambda b: (b["dossier_id"], order[b["rule"]]))
    return out


def assemble(
    facts: pa.Table,
    groups: pa.Table,
    officers: pa.Table,
    options: AnalysisOptions,
    rows_read: int | None,
    rejected: list[Rejected] | None,
) -> AnalysisResult:
    rejected = list(rejected or [])
    table = facts_table(facts)
    # Engines return rows in no particular order: facts follow the dossier ids.
    table = table.sort_by([("dossier_id", "ascending")])
    return AnalysisResult(
        as_of=options.as_of,
        groups=group_rows(groups, options),
        officers=officer_rows(officers, options.late_threshold),
        breaches=breach_rows(table),
        facts=table,
        rows_read=rows_read if rows_read is not None else table.num_rows + len(rejected),
        rows_rejected=len(rejected),
        rejected=rejected,
        by=options.group_keys,
        period=options.period,
    )


def as_of_default(now: datetime | None = None) -> datetime:
    """Now in Asia/Ho_Chi_Minh, naive (UTC+7 all year)."""
    from datetime import UTC, timedelta

    now = now or datetime.now(UTC)
    return (now.astimezone(UTC) + timedelta(hours=7)).replace(tzinfo=None, microsecond=0)


_ = (date, DAY)
