"""The indicator definitions, written once as SQL (DuckDB dialect).

DuckDB runs these strings as they are; ``spark.py`` transpiles them with sqlglot to Spark
SQL. To keep them engine-independent they use only integer arithmetic on seconds, CASE,
COALESCE, LEAST/GREATEST, FLOOR, CONCAT_WS, equi-joins, GROUP BY and two window functions
(no timestamp, interval or date-format function: engines disagree on those). Inputs:

- ``dossiers``: ``rid`` (row index) and the canonical columns, timestamps as seconds
  (see ``worktime.py``), named
  ``submitted, accepted, due, finished, returned, apology``;
- ``pauses``: ``dossier_id, paused_from, paused_to, reason, has_attachment``;
- ``days``: ``day, working, k, prev_wd, month`` (year × 12 + month − 1); ``wdays``: ``k, day,
  prev_wd`` of the working days.

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
WITH pr AS (
  -- Pauses of known dossiers, keyed by row from here on; an open pause (no end) and any pause
  -- still running at the finish stop counting at the finish, or at as-of if unfinished.
  SELECT d.rid, pa.paused_from, pa.paused_to, pa.reason, pa.has_attachment,
    COALESCE(d.finished, {p.as_of}) AS stop
  FROM pauses pa JOIN dossiers d ON pa.dossier_id = d.dossier_id
),
pz AS (
  SELECT rid, paused_from AS a, LEAST(COALESCE(paused_to, stop), stop) AS b FROM pr
),
pm AS (
  SELECT rid, a, b,
    MAX(b) OVER (PARTITION BY rid ORDER BY a, b
      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_b
  FROM pz WHERE b > a
),
-- Overlapping pauses are merged (islands) so that no working second is counted twice.
pi AS (
  SELECT rid, a, b,
    SUM(CASE WHEN prev_b IS NULL OR a > prev_b THEN 1 ELSE 0 END)
      OVER (PARTITION BY rid ORDER BY a, b ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS island
  FROM pm
),
pu AS (
  SELECT rid, MIN(a) AS a, MAX(b) AS b FROM pi GROUP BY rid, island
),
pw AS (
  SELECT pu.rid, CAST(SUM({w("pu.b", "db")} - {w("pu.a", "da")}) AS BIGINT) AS pause_work
  FROM pu {_join_day("da", "pu.a")} {_join_day("db", "pu.b")}
  GROUP BY pu.rid
),
pf AS (
  SELECT rid,
    MAX(CASE WHEN reason IS NULL OR TRIM(reason) = '' THEN 1 ELSE 0 END) AS no_reason,
    MAX(CASE WHEN has_attachment THEN 0 ELSE 1 END) AS no_attachment
  FROM pr GROUP BY rid
),
pp AS (
  SELECT pf.rid, COALESCE(pw.pause_work, 0) AS pause_work, pf.no_reason, pf.no_attachment
  FROM pf LEFT JOIN pw ON pw.rid = pf.rid
),
base AS (
  SELECT d.rid, d.channel, d.submitted, d.accepted, d.due, d.finished, d.apology,
    d.supplement_requests, d.reschedules, d.refused, d.refusal_slip,
    COALESCE(pp.pause_work, 0) AS pause_work,
    COALESCE(pp.no_reason, 0) AS pause_no_reason,
    COALESCE(pp.no_attachment, 0) AS pause_no_attachment,
    {w("d.due", "ddue")} + COALESCE(pp.pause_work, 0) AS due_target,
    CASE WHEN d.channel IN {ONLINE}
      THEN {w(f"COALESCE(d.accepted, {p.as_of})", "dacc")} - {w("d.submitted", "dsub")} END AS accept_work,
    dsub.day AS submitted_day, dsub.month AS submitted_month,
    ddue.day AS due_day, ddue.prev_wd AS due_day_prev_wd,
    dfin.day AS finished_day, dfin.month AS finished_month,
    CASE WHEN {in_period} THEN 1 ELSE 0 END AS in_period
  FROM dossiers d
  LEFT JOIN pp ON pp.rid = d.rid
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
      ELSE b.due END AS effective_due,
    CASE WHEN b.pause_work > 0 THEN wd.day ELSE b.due_day END AS effective_due_day,
    CASE WHEN b.pause_work > 0 THEN wd.prev_wd ELSE b.due_day_prev_wd END AS due_prev_wd
  FROM base b
  LEFT JOIN wdays wd
    ON wd.k = CASE WHEN b.pause_work > 0 THEN CAST(FLOOR((b.due_target - 1) / {L}) AS BIGINT) END
),
outc AS (
  SELECT e.*,
    CASE
      WHEN e.finished IS NOT NULL THEN
        CASE WHEN e.finished_day < e.effective_due_day THEN 0
          WHEN e.finished_day = e.effective_due_day THEN 1 ELSE 2 END
      WHEN e.effective_due_day < {p.as_of_day} THEN 3
      ELSE 4
    END AS outcome
  FROM eff e
)
SELECT o.rid, o.effective_due, o.submitted_day, o.finished_day, o.submitted_month, o.finished_month,
  o.outcome, o.pause_work, o.accept_work, o.in_period,
  {breaches}
  AS breaches
FROM outc o
"""


KEY_COLUMNS = {"unit": "unit_key", "procedure": "procedure_key", "officer": "officer_key"}


def _where_period(p: Params, column: str) -> str:
    if not p.period:
        return "TRUE"
    return f"{column} BETWEEN {p.period[0]} AND {p.period[1]}"


def _select_keys(keys: tuple[str, ...], month: str) -> tuple[str, str]:
    """Group keys are integer codes (``*_key`` columns made from the text): cheap to group on."""
    names = [KEY_COLUMNS[k] if k != "month" else f"{month} AS month" for k in keys]
    plain = [KEY_COLUMNS[k] if k != "month" else month for k in keys]
    lead = "".join(f"{n}, " for n in names)
    return lead, (f"GROUP BY {', '.join(plain)}" if plain else "")


def received_sql(p: Params, keys: tuple[str, ...]) -> str:
    """Per group, the dossiers received (submitted) in the period, by submission month."""
    lead, group_by = _select_keys(keys, "submitted_month")
    yes = lambda cond: f"CAST(SUM(CASE WHEN {cond} THEN 1 ELSE 0 END) AS BIGINT)"  # noqa: E731
    return f"""
SELECT {lead}COUNT(*) AS received,
  {yes("outcome = 3")} AS overdue, {yes("outcome = 4")} AS open,
  {yes(f"channel IN {ONLINE}")} AS online, {yes("channel = 'online_full'")} AS online_full,
  {yes("fee_required")} AS fee, {yes("fee_required AND paid_online")} AS fee_paid_online,
  {yes("postal OR channel = 'postal'")} AS postal_n, {yes("digitized")} AS digitized_n,
  {yes("outcome IN (0, 1, 4)")} AS progress_ok
FROM facts WHERE {_where_period(p, "submitted_day")}
{group_by}
"""


def finished_sql(p: Params, keys: tuple[str, ...]) -> str:
    """Per group, the dossiers finished in the period, by finishing month."""
    lead, group_by = _select_keys(keys, "finished_month")
    yes = lambda cond: f"CAST(SUM(CASE WHEN {cond} THEN 1 ELSE 0 END) AS BIGINT)"  # noqa: E731
    return f"""
SELECT {lead}COUNT(*) AS finished,
  {yes("outcome = 0")} AS early, {yes("outcome = 1")} AS on_time, {yes("outcome = 2")} AS late,
  {yes("result_digitized")} AS result_digitized_n
FROM facts WHERE finished IS NOT NULL AND {_where_period(p, "finished_day")}
{group_by}
"""


def officers_sql(p: Params) -> str:
    return f"""
SELECT officer_key, finished_month AS month, COUNT(*) AS finished,
  CAST(SUM(CASE WHEN outcome = 0 THEN 1 ELSE 0 END) AS BIGINT) AS early,
  CAST(SUM(CASE WHEN outcome = 1 THEN 1 ELSE 0 END) AS BIGINT) AS on_time,
  CAST(SUM(CASE WHEN outcome = 2 THEN 1 ELSE 0 END) AS BIGINT) AS late
FROM facts WHERE finished IS NOT NULL AND officer_key IS NOT NULL AND {_where_period(p, "finished_day")}
GROUP BY officer_key, finished_month
"""
