"""Benchmark: confirming a big plan in the background (issue 9): 300 tasks owed every month by
ten units each, 36,000 obligations.

    DATABASE_URL=postgres://…/cchc_bench_confirm uv run python -m benchmarks.bench_plan_confirm
    env -u DATABASE_URL CCHC_VAR_DIR=/tmp/var-bench uv run python -m benchmarks.bench_plan_confirm

Each run starts on a fresh database (as ``bench_dossier_upload``), makes one department with
the demo's units and a coordinator, and a draft as the preview leaves it (``--tasks`` monthly
tasks, each led by ``--units`` units). Timed: what the click costs the person (counting the
obligations to come and queueing the job: ``confirming.expected_obligations`` +
``confirming.enqueue``), and the job as the worker runs it (``RUNNER.run``: plan, tasks,
obligations with their history, one transaction). A second connection reads what the page
shows (stage, percent, obligations made) every half second while it runs. Results go to
``benchmarks/results/plan_confirm.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from benchmarks.bench_dossier_upload import _fresh_database, _load

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "plan_confirm.json"


def _child(tasks: int, units: int) -> None:
    vendor = _fresh_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from tests.web.factories import make_draft, make_org, make_user, parsed_plan, task

    from cchc.orgs.models import Membership, Unit
    from cchc.plans.models import ConfirmJob
    from cchc.tracking import confirming

    call_command("migrate", verbosity=0)
    org = make_org("so-bench", "Sở Thử Tải")
    user = make_user(org, Membership.Role.COORDINATOR, "vanphong", unit_code="VP")
    own = org.units.exclude(kind=Unit.Kind.EXTERNAL).order_by("order")
    leads = list(own.values_list("name", flat=True)[:units])
    if len(leads) < units:
        raise SystemExit(f"the demo department has only {len(leads)} units")
    rows = [
        task(str(i), f"Nhiệm vụ định kỳ số {i} báo cáo hằng tháng.", lead=leads, schedule="Hằng tháng")
        for i in range(1, tasks + 1)
    ]
    draft = make_draft(org, user, parsed_plan(rows, number="99/KH-SCT"))
    t0 = time.perf_counter()
    expected = confirming.expected_obligations(draft)
    job = confirming.enqueue(draft, user, draft.version, expected)
    click = time.perf_counter() - t0
    job = confirming.RUNNER.claim("bench")
    seen: list[tuple[float, str, int, int]] = []
    running = threading.Event()
    running.set()

    def watch() -> None:
        start = time.perf_counter()
        try:
            while running.is_set():
                with contextlib.suppress(Exception):  # SQLite may be busy committing
                    live = confirming.RUNNER.live(ConfirmJob.objects.get(pk=job.pk))
                    seen.append((round(time.perf_counter() - start, 1), live.stage, live.percent, live.count))
                time.sleep(0.5)
        finally:
            connections.close_all()

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    t1 = time.perf_counter()
    confirming.RUNNER.run(job)
    total = time.perf_counter() - t1
    running.clear()
    watcher.join()
    job.refresh_from_db()
    if job.state != ConfirmJob.State.DONE:
        raise SystemExit(f"job failed: {job.message}")
    print(
        json.dumps(
            {
                "vendor": vendor,
                "tasks": tasks,
                "units": units,
                "obligations": job.obligations,
                "expected": expected,
                "click_s": round(click, 3),
                "job_s": round(total, 2),
                "progress_seen": [list(x) for x in seen],
            }
        )
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", type=int, default=300)
    ap.add_argument("--units", type=int, default=10)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--no-save", action="store_true", help="do not write the results file")
    args = ap.parse_args(argv)
    if args.child:
        _child(args.tasks, args.units)
        return 0
    runs = []
    for _ in range(args.runs):
        before = _load()
        cmd = [sys.executable, "-m", "benchmarks.bench_plan_confirm", "--child"]
        cmd += ["--tasks", str(args.tasks), "--units", str(args.units)]
        proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
        if proc.returncode:
            print(proc.stdout, proc.stderr, file=sys.stderr)
            return proc.returncode
        run = json.loads(proc.stdout.strip().splitlines()[-1])
        run["load_average_before"], run["load_average_after"] = before, _load()
        print(json.dumps({k: v for k, v in run.items() if k != "progress_seen"}), flush=True)
        runs.append(run)
    summary = {
        "vendor": runs[0]["vendor"],
        "tasks": args.tasks,
        "units": args.units,
        "obligations": runs[0]["obligations"],
        "runs": len(runs),
        "median_click_s": round(statistics.median(r["click_s"] for r in runs), 3),
        "median_job_s": round(statistics.median(r["job_s"] for r in runs), 2),
        "all": runs,
    }
    print(json.dumps({k: v for k, v in summary.items() if k != "all"}))
    if not args.no_save:
        saved = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
        saved[summary["vendor"]] = summary
        RESULTS.write_text(json.dumps(saved, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
