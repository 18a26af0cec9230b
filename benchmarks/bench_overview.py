"""The overview (/tong-quan/) at province scale: its time, cold and warm, and its queries.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/cchc_bench
    uv run python -m benchmarks.province_load            # the follow-through's million obligations
    uv run python -m benchmarks.bench_overview           # adds the dossiers once, then measures

On the follow-through benchmark's data (``province_load``: 20 departments × 5 plans of 100
tasks, 1,000,000 obligations of 2026), this adds a year of one-stop-shop dossiers to the
departments measured (``--dossiers`` per department, 100,000 by default: more than a
department's one-stop shop receives in a year), with their latest analysis, through COPY;
seeded, written once (``--keep-dossiers`` skips it on a second run).

Then, for each of the first ``--departments`` departments, its leader opens the overview
through Django's test client in this process (the whole request: session, middleware, view,
templates; no network, no server): ``--runs`` times **cold** (the cache emptied first, every
panel computed: the first request after a restart or an upload), ``--runs`` times **changed**
(the follow-through's data version moved first, as after any report or decision: its panels
computed again, the dossier panel kept) and ``--runs`` times **warm** (the panels as the next
person finds them).
Medians per department and over all; queries per request. Results:
``benchmarks/results/overview.json``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "overview.json"
OUTCOMES = (("early", 0.30), ("on_time", 0.55), ("late", 0.07), ("overdue", 0.03), ("open", 0.05))
CHANNELS = (("online_full", 0.45), ("online_partial", 0.25), ("direct", 0.25), ("postal", 0.05))
AS_OF = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)  # 08:00 in Vietnam, the loader's "today"


def _pick(rnd: random.Random, table: tuple[tuple[str, float], ...]) -> str:
    x = rnd.random()
    for value, share in table:
        if x < share:
            return value
        x -= share
    return table[-1][0]


def _dossier_rows(org_id: int, n: int, rnd: random.Random) -> io.StringIO:
    """``n`` dossiers of 2026 (January to the 23rd of November) with the values an analysis
    derives (outcome, months), as COPY text."""
    buf = io.StringIO()
    start = datetime(2026, 1, 2, 1, 0, tzinfo=UTC)
    span = (AS_OF - start).total_seconds()
    units = [f"Phòng chuyên môn {i}" for i in range(1, 9)]
    for i in range(n):
        submitted = start + timedelta(seconds=rnd.random() * span)
        outcome = _pick(rnd, OUTCOMES)
        due = submitted + timedelta(days=rnd.randint(3, 15))
        finished = None
        if outcome in ("early", "on_time", "late"):
            shift = {"early": -2, "on_time": 0, "late": 3}[outcome]
            finished = min(due + timedelta(days=shift, hours=-1), AS_OF - timedelta(hours=1))
            finished = max(finished, submitted + timedelta(hours=2))
        channel = _pick(rnd, CHANNELS)
        fee = rnd.random() < 0.4
        cells = [
            str(org_id),
            f"HS-{org_id}-{i:07d}",
            f"TT-{rnd.randint(1, 300):03d}",
            "Thủ tục hành chính",
            rnd.choice(units),
            f"Cán bộ {rnd.randint(1, 120):03d}",
            channel,
            submitted.isoformat(),
            due.isoformat(),
            finished.isoformat() if finished else r"\N",
            "0",
            "f",
            "f",
            "0",
            "t" if fee else "f",
            "t" if fee and rnd.random() < 0.6 else "f",
            "t" if rnd.random() < 0.1 else "f",
            "t" if rnd.random() < 0.9 else "f",
            "t" if finished and rnd.random() < 0.8 else "f",
            due.isoformat(),
            outcome,
            f"{submitted:%Y-%m}",
            f"{finished:%Y-%m}" if finished else "",
        ]
        buf.write("\t".join(cells) + "\n")
    buf.seek(0)
    return buf


DOSSIER_COLUMNS = (
    "organisation_id, dossier_id, procedure_code, procedure_name, unit, officer, channel, submitted_at, "
    "due_at, finished_at, supplement_requests, refused, refusal_slip, reschedules, fee_required, "
    "paid_online, postal, digitized, result_digitized, effective_due_at, outcome, submitted_month, "
    "finished_month"
)


def add_dossiers(orgs: list, per_org: int, seed: int) -> None:
    from django.db import connection

    from cchc.dossiers.models import Dossier, DossierAnalysis

    rnd = random.Random(seed)
    for org in orgs:
        Dossier.objects.filter(organisation=org).delete()
        buf = _dossier_rows(org.pk, per_org, rnd)
        connection.ensure_connection()
        with (
            connection.connection.cursor() as cur,
            cur.copy(f"COPY dossiers_dossier ({DOSSIER_COLUMNS}) FROM STDIN") as copy,
        ):
            while chunk := buf.read(1 << 20):
                copy.write(chunk)
        DossierAnalysis.objects.create(organisation=org, as_of=AS_OF, dossier_count=per_org)
        print(f"{org.code}: {per_org} dossiers", flush=True)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE dossiers_dossier")


def measure(org, runs: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cchc.tracking import cache as board_cache

    leader = get_user_model().objects.get(username=f"leader-{org.code.removeprefix('so-')}")
    client = Client(HTTP_HOST="localhost")
    client.force_login(leader)
    out: dict[str, list] = {k: [] for k in ("cold", "changed", "warm")}
    out.update({f"{k}_queries": [] for k in ("cold", "changed", "warm")})
    client.get("/tong-quan/")  # this process's first request: imports, templates compiled
    for kind in ("cold", "changed", "warm"):
        for _ in range(runs):
            if kind == "cold":
                cache.clear()
                board_cache.forget_local()
            elif kind == "changed":
                # A report, an extension, a plan edited: the follow-through's data version moves,
                # its panels are computed again; the dossier panel (the same analysis) is kept.
                board_cache.bump(org.pk)
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                response = client.get("/tong-quan/")
                elapsed = time.perf_counter() - t0
            if response.status_code != 200:
                raise RuntimeError(f"/tong-quan/ answered {response.status_code} for {leader}")
            out[kind].append(round(elapsed * 1000, 1))
            out[f"{kind}_queries"].append(len(ctx.captured_queries))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--departments", type=int, default=5)
    ap.add_argument("--dossiers", type=int, default=100_000, help="dossiers per department measured")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--keep-dossiers", action="store_true", help="the dossiers are already there")
    args = ap.parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("DATABASE_URL must point at the province_load database (PostgreSQL)", file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.config.settings")
    import django

    django.setup()
    from django.db.models import Count

    from cchc.orgs.models import Organisation
    from cchc.tracking.models import Obligation

    orgs = list(Organisation.objects.order_by("code")[: args.departments])
    if not orgs:
        print("no department: run benchmarks.province_load first", file=sys.stderr)
        return 2
    if not args.keep_dossiers:
        add_dossiers(orgs, args.dossiers, args.seed)
    sizes = dict(
        Obligation.objects.filter(organisation__in=orgs)
        .values_list("organisation__code")
        .annotate(n=Count("id"))
        .order_by()
    )
    per_org = {}
    for org in orgs:
        per_org[org.code] = measure(org, args.runs)
        m = per_org[org.code]
        print(
            f"{org.code} ({sizes.get(org.code, 0)} obligations): "
            + ", ".join(
                f"{k} {statistics.median(m[k]):.1f} ms ({m[f'{k}_queries'][0]} queries)"
                for k in ("cold", "changed", "warm")
            ),
            flush=True,
        )
    medians = {k: [statistics.median(m[k]) for m in per_org.values()] for k in ("cold", "changed", "warm")}
    summary = {
        "measured_on": date.today().isoformat(),
        "load_average": os.getloadavg(),
        "departments": len(orgs),
        "dossiers_per_department": args.dossiers,
        "runs": args.runs,
        **{f"{k}_median_ms": round(statistics.median(v), 1) for k, v in medians.items()},
        "per_department": {code: {"obligations": sizes.get(code, 0), **m} for code, m in per_org.items()},
    }
    print(
        f"median over {len(orgs)} departments: cold {summary['cold_median_ms']} ms, changed "
        f"{summary['changed_median_ms']} ms, warm {summary['warm_median_ms']} ms; load {os.getloadavg()}"
    )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
