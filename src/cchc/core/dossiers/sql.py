"""The indicator definitions, written once as SQL (DuckDB dialect).

DuckDB runs these strings as they are; ``spark.py`` transpiles them with sqlglot to Spark
SQL. To keep them engine-independent they use only integer arithmetic on seconds, CASE,
COALESCE, LEAST/GREATEST, FLOOR, CONCAT_WS, equi-joins, GROUP BY and two window functions
(no timestamp, interval or date-format function: engines disagree on those). Inputs:

- ``dossiers``: ``rid`` (row index) and the canonical columns, timestamps as seconds
  (see ``worktime.py``), named
  ``submitted, accepted, due, finished, returned, apology``;
- ``pauses``: ``dossier_id, paused_from, paused_to, reason, has_attachment``;
- ``days``: ``day, working, k, prev_wd, month`` (year × 12 + month − 1); ``wdays``: ``k, day``
  of the working days.

docs/dossiers.md states every definition in words, with its edge cases.
"""

from __future__ import annotations

from dataclasses import dataclass

from cchc.core.dossiers.worktime import DAY, Spans, day_of_sql, working_time_sql

RULES = (
    "acceptance_8h",
    "supplement_more_than_once",
    "late_without_apology",
    "apology_too_late",
    "reschedule_more_than_once",
    "pause_without_reason",
    "pause_without_attachment",
    "refusal_without_slip",
)
ONLINE = "('online_full', 'online_partial')"


@dataclass(frozen=True, slots=True)
class Params:
    as_of: int  # seconds
    spans: Spans
    acceptance_seconds: int
    max_supplements: int
    max_reschedules: int
    period: tuple[int, int] | None  # day numbers, both included

    @property
    def as_of_day(self) -> int:
        return self.as_of // DAY


def _join_day(alias: str, ts: str) -> str:
    return f"LEFT JOIN days {alias} ON {alias}.day = {day_of_sql(ts)}"


OUTCOMES = ("early", "on_time", "late", "overdue", "open")  # codes 0…4 in the engines


def _breach_conditions(p: Params) -> dict[str, str]:
    late = "o.outcome IN (2, 3)"
    return {
        "acceptance_8h": f"o.accept_work > {p.acceptance_seconds}",
        "supplement_more_than_once": f"COALESCE(o.supplement_requests, 0) > {p.max_supplements}",
        "late_without_apology": f"{late} AND o.apology IS NULL",
        # The apology must be dated at the latest on the working day before the (effective) due date.
        "apology_too_late": f"{late} AND {day_of_sql('o.apology')} > o.due_prev_wd",
        "reschedule_more_than_once": f"COALESCE(o.reschedules, 0) > {p.max_reschedules}",
        "pause_without_reason": "o.pause_no_reason = 1",
        "pause_without_attachment": "o.pause_no_attachment = 1",
        "refusal_without_slip": "o.refused AND NOT COALESCE(o.refusal_slip, FALSE)",
    }


def facts_sql(p: Params) -> str:
    """One row per dossier (``rid``): effective due, days, months, outcome code, breach bits.

    ``breaches`` has bit i set for ``RULES[i]``; months are ``year × 12 + month − 1``.
    """
    conditions = _breach_conditions(p)
    breaches = "\n    + ".join(
        f"CASE WHEN {conditions[rule]} THEN {1 << i} ELSE 0 END" for i, rule in enumerate(RULES)
    )
    L = p.spans.length
    w = lambda ts, alias: working_time_sql(ts, alias, p.spans)  # noqa: E731
    in_period = "TRUE"
    if p.period:
        lo, hi = p.period
        in_period = f"(dsub.day BETWEEN {lo} AND {hi} OR dfin.day BETWEEN {lo} AND {hi})"
    return f"""
WITH life AS (
  SELECT dossier_id, COALESCE(finished, {p.as_of}) AS stop FROM dossiers
),
-- The clock stops only while the dossier is alive: an open pause runs to the finish or as-of.
pz AS (
  SELECT pa.dossier_id, pa.paused_from AS a, LEAST(COALESCE(pa.paused_to, l.stop), l.stop) AS b
  FROM pauses pa JOIN life l ON pa.dossier_id = l.dossier_id
),
pm AS (
  SELECT dossier_id, a, b,
    MAX(b) OVER (PARTITION BY dossier_id ORDER BY a, b
      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_b
  FROM pz WHERE b > a
),
-- Overlapping pauses are merged (islands) so that no working second is counted twice.
pi AS (
  SELECT dossier_id, a, b,
    SUM(CASE WHEN prev_b IS NULL OR a > prev_b THEN 1 ELSE 0 END)
      OVER (PARTITION BY dossier_id ORDER BY a, b ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS island
  FROM pm
),
pu AS (
  SELECT dossier_id, MIN(a) AS a, MAX(b) AS b FROM pi GROUP BY dossier_id, island
),
pw AS (
  SELECT pu.dossier_id, SUM({w("pu.b", "db")} - {w("pu.a", "da")}) AS pause_work
  FROM pu {_join_day("da", "pu.a")} {_join_day("db", "pu.b")}
  GROUP BY pu.dossier_id
),
pf AS (
  SELECT dossier_id,
    MAX(CASE WHEN reason IS NULL OR TRIM(reason) = '' THEN 1 ELSE 0 END) AS no_reason,
    MAX(CASE WHEN has_attachment THEN 0 ELSE 1 END) AS no_attachment
  FROM pauses GROUP BY dossier_id
),
base AS (
  SELECT d.*,
    COALESCE(pw.pause_work, 0) AS pause_work,
    COALESCE(pf.no_reason, 0) AS pause_no_reason,
    COALESCE(pf.no_attachment, 0) AS pause_no_attachment,
    {w("d.due", "ddue")} + COALESCE(pw.pause_work, 0) AS due_target,
    CASE WHEN d.channel IN {ONLINE}
      THEN {w(f"COALESCE(d.accepted, {p.as_of})", "dacc")} - {w("d.submitted", "dsub")} END AS accept_work,
    dsub.day AS submitted_day, dsub.month AS submitted_month,
    dfin.day AS finished_day, dfin.month AS finished_month,
    CASE WHEN {in_period} THEN 1 ELSE 0 END AS in_period
  FROM dossiers d
  LEFT JOIN pw ON pw.dossier_id = d.dossier_id
  LEFT JOIN pf ON pf.dossier_id = d.dossier_id
  {_join_day("ddue", "d.due")}
  {_join_day("dsub", "d.submitted")}
  {_join_day("dfin", "d.finished")}
  {_join_day("dacc", f"COALESCE(d.accepted, {p.as_of})")}
),
-- Effective due: the due time pushed later by the working time spent paused.
eff AS (
  SELECT b.*,
    CASE WHEN b.pause_work > 0
      THEN wd.day * {DAY} + {p.spans.time_sql(f"(b.due_target - wd.k * {L})")}
      ELSE b.due END AS effective_due
  FROM base b
  LEFT JOIN wdays wd
    ON wd.k = CASE WHEN b.pause_work > 0 THEN CAST(FLOOR((b.due_target - 1) / {L}) AS BIGINT) END
),
outc AS (
  SELECT e.*, de.day AS effective_due_day, de.prev_wd AS due_prev_wd,
    CASE
      WHEN e.finished IS NOT NULL THEN
        CASE WHEN e.finished_day < de.day THEN 0
          WHEN e.finished_day = de.day THEN 1 ELSE 2 END
      WHEN de.day < {p.as_of_day} THEN 3
      ELSE 4
    END AS outcome
  FROM eff e {_join_day("de", "e.effective_due")}
)
SELECT o.rid, o.effective_due, o.submitted_day, o.finished_day, o.submitted_month, o.finished_month,
  o.outcome, o.pause_work, o.accept_work, o.in_period,
  {breaches}
  AS breaches
FROM outc o
"""


def _keys(keys: tuple[str, ...], month: str) -> tuple[list[str], list[str]]:
    """(select expressions of the event rows, group-by names) for the grouping keys."""
    sel, names = [], []
    for k in keys:
        if k == "procedure":
            sel.append("COALESCE(procedure_code, procedure_name) AS procedure_key")
            sel.append("procedure_code, procedure_name")
            names.append("procedure_key")
        elif k == "month":
            sel.append(f"{month} AS month")
            names.append("month")
        else:
            sel.append(k)
            names.append(k)
    return sel, names


def groups_sql(p: Params, keys: tuple[str, ...]) -> str:
    """Counts per group; received by submitted month, finished by finished month."""
    rec_keys, names = _keys(keys, "submitted_month")
    fin_keys, _ = _keys(keys, "finished_month")
    rec_where, fin_where = "TRUE", "finished IS NOT NULL"
    if p.period:
        lo, hi = p.period
        rec_where = f"submitted_day BETWEEN {lo} AND {hi}"
        fin_where += f" AND finished_day BETWEEN {lo} AND {hi}"
    lead = lambda sel: "".join(f"{s}, " for s in sel)  # noqa: E731
    yes = lambda cond: f"CASE WHEN {cond} THEN 1 ELSE 0 END"  # noqa: E731
    out_keys = []
    for n in names:
        if n == "procedure_key":
            out_keys += ["MIN(procedure_code) AS procedure_code", "MIN(procedure_name) AS procedure_name"]
        else:
            out_keys.append(n)
    sums = [
        *("received", "finished", "early", "on_time", "late", "overdue", "open", "online", "online_full"),
        *("fee", "fee_paid_online", "postal_n", "digitized_n", "result_digitized_n", "progress_ok"),
    ]
    group_by = f"GROUP BY {', '.join(names)}" if names else ""
    return f"""
WITH ev AS (
  SELECT {lead(rec_keys)}1 AS received, 0 AS finished, 0 AS early, 0 AS on_time, 0 AS late,
    {yes("outcome = 3")} AS overdue, {yes("outcome = 4")} AS open,
    {yes(f"channel IN {ONLINE}")} AS online, {yes("channel = 'online_full'")} AS online_full,
    {yes("fee_required")} AS fee, {yes("fee_required AND paid_online")} AS fee_paid_online,
    {yes("postal OR channel = 'postal'")} AS postal_n, {yes("digitized")} AS digitized_n,
    0 AS result_digitized_n, {yes("outcome IN (0, 1, 4)")} AS progress_ok
  FROM facts WHERE {rec_where}
  UNION ALL
  SELECT {lead(fin_keys)}0, 1, {yes("outcome = 0")}, {yes("outcome = 1")},
    {yes("outcome = 2")}, 0, 0, 0, 0, 0, 0, 0, 0, {yes("result_digitized")}, 0
  FROM facts WHERE {fin_where}
)
SELECT {lead(out_keys)}{", ".join(f"SUM({s}) AS {s}" for s in sums)}
FROM ev {group_by}
"""


def officers_sql(p: Params) -> str:
    where = "finished IS NOT NULL AND officer IS NOT NULL"
    if p.period:
        lo, hi = p.period
        where += f" AND finished_day BETWEEN {lo} AND {hi}"
    return f"""
SELECT officer, finished_month AS month, COUNT(*) AS finished,
  SUM(CASE WHEN outcome = 0 THEN 1 ELSE 0 END) AS early,
  SUM(CASE WHEN outcome = 1 THEN 1 ELSE 0 END) AS on_time,
  SUM(CASE WHEN outcome = 2 THEN 1 ELSE 0 END) AS late
FROM facts WHERE {where}
GROUP BY officer, finished_month
"""
