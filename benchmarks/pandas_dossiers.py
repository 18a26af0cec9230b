"""The baseline: a straightforward pandas implementation of the same definitions.

"Straightforward" as a data analyst would write it: pandas for the tables and group-bys, and
the working-time arithmetic row by row with the reference ``WorkingTime`` (``apply``). It
reads the synthetic Parquet exports (typed timestamps, Vietnamese headers) and returns the
same group and officer counts as the engine, which the benchmark checks.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd

from cchc.core.calendar import WorkCalendar, WorkingTime
from cchc.core.dossiers.schema import load_mapping
from cchc.core.text import fold_words

ONLINE = ("online_full", "online_partial")


def _canonical(df: pd.DataFrame, kind: str) -> pd.DataFrame:
    known = load_mapping().headers(kind)
    return df.rename(columns={c: known[fold_words(c)] for c in df.columns if fold_words(c) in known})


def analyze_pandas(dossiers_path, pauses_path, as_of: datetime, by=("unit", "officer", "month")) -> dict:
    cal = WorkCalendar()
    wt = WorkingTime(cal)
    channels = load_mapping().channels
    d = _canonical(pd.read_parquet(dossiers_path), "dossiers")
    p = _canonical(pd.read_parquet(pauses_path), "pauses")
    for c in ("procedure_name", "unit", "officer", "channel"):
        d[c] = d[c].astype(object)
    d["channel"] = d["channel"].map(lambda v: channels.get(fold_words(v)) if isinstance(v, str) else None)
    bad = d["channel"].isna() | (d["finished_at"] < d["submitted_at"]) | d["dossier_id"].duplicated()
    d = d[~bad].copy()

    # Pauses: clip to the dossier's life, merge overlaps, sum working time (row by row).
    stop = d.set_index("dossier_id")["finished_at"].fillna(as_of)
    p = p[p["dossier_id"].isin(stop.index)].copy()
    p["stop"] = p["dossier_id"].map(stop)
    p["b"] = p["paused_to"].fillna(p["stop"]).where(p["paused_to"].fillna(p["stop"]) < p["stop"], p["stop"])
    p["a"] = p["paused_from"]

    def merged_work(g: pd.DataFrame) -> float:
        total, cur_a, cur_b = timedelta(), None, None
        for a, b in sorted(zip(g["a"], g["b"], strict=True)):
            if b <= a:
                continue
            if cur_b is None or a > cur_b:
                if cur_b is not None:
                    total += wt.between(cur_a, cur_b)
                cur_a, cur_b = a, b
            else:
                cur_b = max(cur_b, b)
        if cur_b is not None:
            total += wt.between(cur_a, cur_b)
        return total.total_seconds()

    pause_work = p.groupby("dossier_id").apply(merged_work, include_groups=False)
    no_reason = p.groupby("dossier_id")["reason"].apply(
        lambda s: s.isna().any() or (s.str.strip() == "").any()
    )
    no_attach = p.groupby("dossier_id")["has_attachment"].apply(
        lambda s: (~s.fillna(False).astype(bool)).any()
    )
    d["pause_work"] = d["dossier_id"].map(pause_work).fillna(0)
    d["effective_due"] = [
        wt.add(due, timedelta(seconds=w)) if w > 0 else due
        for due, w in zip(d["due_at"], d["pause_work"], strict=True)
    ]
    fin_date = d["finished_at"].dt.normalize()
    due_date = pd.to_datetime(d["effective_due"]).dt.normalize()
    as_of_date = pd.Timestamp(as_of.date())
    d["outcome"] = "open"
    d.loc[d["finished_at"].isna() & (due_date < as_of_date), "outcome"] = "overdue"
    d.loc[d["finished_at"].notna() & (fin_date < due_date), "outcome"] = "early"
    d.loc[d["finished_at"].notna() & (fin_date == due_date), "outcome"] = "on_time"
    d.loc[d["finished_at"].notna() & (fin_date > due_date), "outcome"] = "late"

    # Breaches.
    online = d["channel"].isin(ONLINE)
    acc = [
        wt.between(s, a if pd.notna(a) else as_of).total_seconds() if o else 0
        for s, a, o in zip(d["submitted_at"], d["accepted_at"], online, strict=True)
    ]
    late = d["outcome"].isin(["late", "overdue"])
    prev_wd = [cal.previous_working_day(x.date(), include=False) for x in d["effective_due"]]
    apology_day = d["apology_at"].dt.date
    rules = {
        "acceptance_8h": pd.Series(acc, index=d.index) > 8 * 3600,
        "supplement_more_than_once": d["supplement_requests"].fillna(0) > 1,
        "late_without_apology": late & d["apology_at"].isna(),
        "apology_too_late": late
        & pd.Series(
            [a is not None and pd.notna(a) and a > w for a, w in zip(apology_day, prev_wd, strict=True)],
            index=d.index,
        ),
        "reschedule_more_than_once": d["reschedules"].fillna(0) > 1,
        "pause_without_reason": d["dossier_id"].map(no_reason).fillna(False).astype(bool),
        "pause_without_attachment": d["dossier_id"].map(no_attach).fillna(False).astype(bool),
        "refusal_without_slip": d["refused"].fillna(False).astype(bool)
        & ~d["refusal_slip"].fillna(False).astype(bool),
    }
    breaches = sum(int(v.sum()) for v in rules.values())

    # Groups: received by submission month, finished by finishing month.
    d["submitted_month"] = d["submitted_at"].dt.strftime("%Y-%m")
    d["finished_month"] = d["finished_at"].dt.strftime("%Y-%m")
    keys = [k for k in by if k != "month"]
    rec = (
        d.assign(month=d["submitted_month"])
        .groupby([*keys, "month"], dropna=False)
        .agg(
            received=("dossier_id", "size"),
            overdue=("outcome", lambda s: (s == "overdue").sum()),
            online_full=("channel", lambda s: (s == "online_full").sum()),
        )
    )
    fin = (
        d[d["finished_at"].notna()]
        .assign(month=lambda x: x["finished_month"])
        .groupby([*keys, "month"], dropna=False)
        .agg(
            finished=("dossier_id", "size"),
            early=("outcome", lambda s: (s == "early").sum()),
            on_time=("outcome", lambda s: (s == "on_time").sum()),
            late=("outcome", lambda s: (s == "late").sum()),
        )
    )
    groups = rec.join(fin, how="outer").fillna(0)
    officers = (
        d[d["finished_at"].notna()]
        .groupby(["officer", "finished_month"])
        .agg(finished=("dossier_id", "size"), late=("outcome", lambda s: (s == "late").sum()))
    )
    officers["late_ratio"] = officers["late"] / officers["finished"]
    return {
        "groups": len(groups),
        "received": int(groups["received"].sum()),
        "finished": int(groups["finished"].sum()),
        "late": int(groups["late"].sum()),
        "overdue": int(groups["overdue"].sum()),
        "officers_not_eligible": int((officers["late_ratio"] >= 0.10).sum()),
        "breaches": breaches,
    }
