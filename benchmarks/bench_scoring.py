"""The PAR INDEX self-assessment at province scale (issue 13: the ranking of 20 departments ×
100 items renders in < 300 ms; a department's proposals recompute in < 1 s).

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/cchc_bench
    uv run python -m benchmarks.province_load        # 20 departments, 1,000,000 obligations
    uv run python -m benchmarks.bench_scoring [--runs 7] [--dossiers 100000]

On ``province_load``'s data (20 departments × 5 plans of 100 tasks, 50,000 obligations of
2026 each), this adds once (``--keep`` skips it): a criteria set of 100 items for the province
(``synthetic_set``, seed 13: 8 areas, 30 criteria, 56 sub-criteria, 3 bonus and 3 penalty
items; 40 % of the scored items sourced from the records, the rest scored by hand), each
department's assessment opened through ``services.open_assessment`` (rows, task suggestions,
proposals), every item scored (self, appraised, final; seeded), and a year of one-stop-shop
dossiers for the first department (``bench_overview.add_dossiers``, ``--dossiers``).

Then, ``--runs`` times after one warm-up:

* the ranking page (/cham-diem/xep-hang/2026/) requested by the province's appraiser through
  Django's test client (the whole request: session, middleware, view, template), and its
  .xlsx export;
* ``services.propose`` for the first department (every sourced item measured from its
  obligations, mapped tasks and dossiers, and its proposal written).

Medians, minima and maxima; queries per request. Results: ``benchmarks/results/scoring.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "scoring.json"
YEAR = 2026
TODAY = date(2026, 11, 23)  # province_load's "today"
SOURCES_PCT = (
    "tracking.on_time",
    "tracking.early",
    "tasks.done_share",
    "dossiers.on_time",
    "dossiers.online",
    "dossiers.paid_online",
    "dossiers.digitized",
)
SOURCES_COUNT = ("tracking.overdue", "dossiers.acceptance_breaches", "officers.late")


def synthetic_set(province: str, year: int = YEAR, seed: int = 13):
    """100 items: 8 areas of 3–5 criteria (30), 56 sub-criteria spread over them, 3 bonus and
    3 penalty items; rules of every kind; 40 % of the scored items with a source."""
    from cchc.core.scoring import CriteriaSet, Item, Rule, SourceRef

    rnd = random.Random(seed)
    per_area = [4, 4, 4, 3, 4, 4, 4, 3]  # 30 criteria
    subs = [2] * 26 + [1] * 4  # 56 sub-criteria, criteria with 1 or 2 of them
    rnd.shuffle(subs)
    items: list = []
    leaves: list[tuple[str, Decimal]] = []
    n_crit = 0
    for a, n in enumerate(per_area, start=1):
        area_items = []
        for c in range(1, n + 1):
            code = f"{a}.{c}"
            n_sub = subs[n_crit]
            n_crit += 1
            sub_items = [
                Item(
                    f"{code}.{s}",
                    "sub",
                    f"Tiêu chí thành phần {code}.{s}",
                    Decimal(1),
                    Rule(kind="manual"),
                    code,
                )
                for s in range(1, n_sub + 1)
            ]
            area_items.append(
                Item(code, "criterion", f"Tiêu chí {code}", Decimal(n_sub), Rule(kind="manual"), str(a))
            )
            area_items += sub_items
        maximum = sum((i.maximum for i in area_items if i.level == "criterion"), Decimal(0))
        items.append(Item(str(a), "area", f"Lĩnh vực {a}", maximum, Rule(kind="manual")))
        items += area_items
    # Rules and sources of the scored items (the sub-criteria here: every criterion has some).
    out = []
    for item in items:
        if item.level == "sub":
            pick = rnd.random()
            if pick < 0.3:
                rule = Rule.from_dict(
                    {"kind": "bands", "bands": [{"min": 95, "points": 1}, {"min": 80, "points": 0.5}]}
                )
                source = SourceRef(*rnd.choice(SOURCES_PCT).split("."))
            elif pick < 0.4:
                rule = Rule.from_dict({"kind": "deduction", "points_each": 0.25, "cap": 1})
                source = SourceRef(*rnd.choice(SOURCES_COUNT).split("."))
            else:
                rule, source = Rule(kind="manual"), None
            item = Item(item.code, item.level, item.title, item.maximum, rule, item.parent, source=source)
            leaves.append((item.code, item.maximum))
        out.append(item)
    out += [
        Item(
            "T1",
            "bonus",
            "Trên 30 % công việc sớm hạn",
            Decimal("0.5"),
            Rule.from_dict({"kind": "bands", "bands": [{"min": 30.01, "points": 0.5}]}),
            source=SourceRef("tracking", "early"),
        ),
        Item(
            "T2",
            "bonus",
            "Chỉ số tăng hạng",
            Decimal(1),
            Rule.from_dict({"kind": "count", "points_each": 0.5, "cap": 1}),
        ),
        Item("T3", "bonus", "Sáng kiến được công nhận", Decimal("0.5"), Rule(kind="manual")),
        Item(
            "D1",
            "penalty",
            "Nộp trễ hạn",
            Decimal(1),
            Rule(kind="yes_no"),
            source=SourceRef("assessment", "late_submission"),
        ),
        Item(
            "D2",
            "penalty",
            "Nhiệm vụ quá hạn",
            Decimal(1),
            Rule.from_dict({"kind": "count", "points_each": 0.25, "cap": 1}),
            source=SourceRef("tracking", "overdue"),
        ),
        Item(
            "D3",
            "penalty",
            "Chỉ số giảm hạng",
            Decimal(2),
            Rule.from_dict({"kind": "count", "points_each": 0.5, "cap": 2}),
        ),
    ]
    assert len(out) == 100, len(out)
    return CriteriaSet(
        title=f"Bộ tiêu chí tổng hợp năm {year} (điểm minh họa)",
        province=province,
        year=year,
        body_kind="so",
        items=tuple(out),
        round=Decimal("0.25"),
        bonus_cap=Decimal(1),
        penalty_cap=Decimal(2),
        illustrative=True,
    )


def load(orgs: list, seed: int) -> None:
    """The set, the assessments opened and scored, the appraiser (replacing earlier ones)."""
    from django.contrib.auth import get_user_model

    from cchc.orgs.models import Membership, Organisation
    from cchc.scoring import services, sets
    from cchc.scoring.models import Assessment, CriteriaSet, ItemScore

    province = orgs[0].province
    Assessment.objects.filter(organisation__in=orgs, year=YEAR).delete()
    CriteriaSet.objects.filter(province=province, year=YEAR).delete()
    sets.save_set(synthetic_set(province))
    rnd = random.Random(seed)
    for org in orgs:
        t0 = time.perf_counter()
        a = services.open_assessment(org, YEAR, self_due=date(YEAR, 12, 20), today=TODAY)
        rows = list(ItemScore.objects.filter(assessment=a).select_related("item"))
        for row in rows:
            top = float(row.item.maximum)
            row.self_score = Decimal(str(round(rnd.uniform(0, top) * 4) / 4))
            row.appraised = max(Decimal(0), row.self_score - Decimal(str(rnd.choice((0, 0, 0.25, 0.5)))))
            row.final = row.appraised
        ItemScore.objects.bulk_update(rows, ["self_score", "appraised", "final"], batch_size=500)
        print(f"{org.code}: assessment opened and scored in {time.perf_counter() - t0:.1f} s", flush=True)
    snv, _ = Organisation.objects.get_or_create(
        code="snv-bench", defaults={"name": "Sở Nội vụ tỉnh Mẫu", "province": province}
    )
    user, _ = get_user_model().objects.get_or_create(username="thamdinh-bench")
    Membership.objects.get_or_create(
        user=user, organisation=snv, defaults={"role": Membership.Role.APPRAISER}
    )


def _stats(xs: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(xs) * 1000, 1),
        "min_ms": round(min(xs) * 1000, 1),
        "max_ms": round(max(xs) * 1000, 1),
    }


def _timed_requests(client, url: str, runs: int) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up: templates compiled, the session read once
    times = []
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - t0)
        assert response.status_code == 200, response.status_code
        queries = len(ctx.captured_queries)
    return times, queries


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument(
        "--dossiers", type=int, default=100_000, help="dossiers of the department whose proposals are timed"
    )
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--keep", action="store_true", help="the assessments and dossiers are already there")
    args = ap.parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("DATABASE_URL must point at the province_load database (PostgreSQL)", file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    call_command("migrate", verbosity=0)
    setup_test_environment()  # the test client's "testserver" host allowed
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    from django.contrib.auth import get_user_model

    from cchc.orgs.models import Organisation
    from cchc.scoring import services
    from cchc.scoring.models import Assessment

    orgs = list(Organisation.objects.filter(code__startswith="so-").order_by("code"))
    if len(orgs) < 20:
        print(f"expected province_load's 20 departments, found {len(orgs)}", file=sys.stderr)
        return 2
    if not args.keep:
        from benchmarks.bench_overview import add_dossiers

        t0 = time.perf_counter()
        load(orgs, args.seed)
        add_dossiers(orgs[:1], args.dossiers, args.seed)
        print(f"loaded in {time.perf_counter() - t0:.1f} s", flush=True)

    client = Client()
    client.force_login(get_user_model().objects.get(username="thamdinh-bench"))
    page, page_queries = _timed_requests(client, reverse("scoring:ranking", args=[YEAR]), args.runs)
    export, export_queries = _timed_requests(client, reverse("scoring:ranking_xlsx", args=[YEAR]), args.runs)

    assessment = Assessment.objects.get(organisation=orgs[0], year=YEAR)
    services.propose(assessment, today=TODAY)  # warm-up
    propose_times = []
    measured = 0
    for _ in range(args.runs):
        t0 = time.perf_counter()
        measured = services.propose(assessment, today=TODAY)
        propose_times.append(time.perf_counter() - t0)

    result = {
        "departments": len(orgs),
        "items": assessment.criteria_set.items.count(),
        "obligations_of_department": assessment.organisation.obligations.count(),
        "dossiers_of_department": assessment.organisation.dossiers.count(),
        "ranking_page": {**_stats(page), "queries": page_queries, "goal_ms": 300},
        "ranking_xlsx": {**_stats(export), "queries": export_queries},
        "propose": {**_stats(propose_times), "items_measured": measured, "goal_ms": 1000},
        "runs": args.runs,
        "python": platform.python_version(),
        "database": "postgresql",
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
