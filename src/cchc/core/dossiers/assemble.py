"""Turning the engines' integer output into the result: labels, ratios, facts, breaches.

Engines return counts and per-dossier codes only; everything a person reads (month labels,
outcome names, ratios, the breach list) is made here, once, whatever the engine.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cchc.core.dossiers.load import empty_table
from cchc.core.dossiers.options import AnalysisOptions, eligible_good
from cchc.core.dossiers.result import GROUP_COUNTS, AnalysisResult, Rejected, ratios
from cchc.core.dossiers.sql import KEY_COLUMNS, OUTCOMES, RULES
from cchc.core.dossiers.worktime import month_label

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


@dataclass(slots=True)
class EngineOutput:
    slim: pa.Table  # per dossier, row order
    received: pa.Table
    finished: pa.Table
    officers: pa.Table
    labels: dict[str, list]


def _column(table: pa.Table, name: str, kind: str) -> pa.ChunkedArray | pa.Array:
    if name in table.column_names:
        return table.column(name)
    return pa.nulls(table.num_rows, empty_table(kind).schema.field(name).type)


# The engine's names of the counts a ratio reads, under the names ``result.RATIOS`` uses.
_RATIO_COUNTS = {
    "paid_online": "fee_paid_online",
    "postal": "postal_n",
    "digitized": "digitized_n",
    "result_digitized": "result_digitized_n",
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
            tally = rows.setdefault(group, dict.fromkeys(_ALL_COUNTS, 0))
            for c in counts:
                tally[c] = int(data[c][i] or 0)
    result = []
    for group, n in rows.items():
        row: dict = {}
        for key, code in zip(keys, group, strict=True):
            row |= _key_label(key, code, out.labels)
        row |= {c: n[c] for c in GROUP_COUNTS}
        named = {**n, "in_time": n["early"] + n["on_time"]}
        named |= {name: n[engine] for name, engine in _RATIO_COUNTS.items()}
        row |= ratios(named)
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
                "eligible_good": eligible_good(ratio, threshold),
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
