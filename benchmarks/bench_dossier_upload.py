"""Benchmark: a year of dossiers uploaded through the web app's upload service, analysis included.

    DATABASE_URL=postgres://…/cchc_bench_upload uv run python -m benchmarks.bench_dossier_upload
    env -u DATABASE_URL CCHC_VAR_DIR=/tmp/var-bench uv run python -m benchmarks.bench_dossier_upload

Each run starts on a fresh database (PostgreSQL: dropped and created again; SQLite: a new file
under ``CCHC_VAR_DIR``), migrates it, makes one department with its units and a coordinator,
then uploads the synthetic exports (``synthetic_dossiers``, seed 2025: ``--rows`` dossiers and
a fifth as many pauses, as Parquet) as the upload page does: ``dossiers.jobs.enqueue`` stores
the files and the job, and the job runs as the worker runs it (``jobs.run_job``: read, checks,
store, analysis, derived values, plan targets, then the workbook). The stages reported are
timed by the job's own progress callback; a second connection reads what the page would show
(stage, percent, rows read) every second while it runs (``progress_seen``). A second upload of
the same files (every row replaced) is timed too (``--again``). Results go to
``benchmarks/results/dossier_upload.json``, with the machine's load average before and after.
Targets (issue 9): 300,000 dossiers with 60,000 pauses in < 60 s on PostgreSQL, < 120 s on
SQLite, on the 2-core machine.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "dossier_upload.json"


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _fresh_database() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        from benchmarks.province_load import _recreate_database

        _recreate_database(url)
        return "postgresql"
    var = Path(os.environ.get("CCHC_VAR_DIR") or REPO / "var")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{var / 'cchc.sqlite3'}{suffix}").unlink(missing_ok=True)
    return "sqlite"


def _child(rows: int, again: bool) -> None:
    """One run in a fresh process on a fresh database; prints one JSON line."""
    vendor = _fresh_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.config.settings")
    import django

    django.setup()
    import pyarrow.parquet as pq
    from django.core.management import call_command
    from django.db import connections
    from tests.web.factories import make_org, make_user

    from benchmarks.synthetic_dossiers import generate
    from cchc.dossiers import jobs, services
    from cchc.dossiers.models import DossierAnalysis, UploadJob
    from cchc.orgs.models import Membership

    call_command("migrate", verbosity=0)
    org = make_org("so-bench", "Sở Thử Tải")
    user = make_user(org, Membership.Role.COORDINATOR, "vanphong", unit_code="VP")
    dossiers, pauses = generate(rows)
    files = []
    for table in (dossiers, pauses):
        buf = io.BytesIO()
        pq.write_table(table, buf)
        files.append(buf.getvalue())
    out: dict = {"vendor": vendor, "rows": rows, "pauses": pauses.num_rows}
    for label in ("first", "again") if again else ("first",):
        stages: dict[str, float] = {}
        last: list = [time.perf_counter(), None]

        class Timed(jobs._Progress):
            """The job's own progress callback, timing each stage (and each analysis step)."""

            def __call__(self, stage: str, done: int, total: int, *, _stages=stages, _last=last) -> None:
                super().__call__(stage, done, total)
                key = f"analyse {done + 1}/{total}" if stage == "analyse" and done < total else stage
                t = time.perf_counter()
                if _last[1] is not None:
                    _stages[_last[1]] = _stages.get(_last[1], 0.0) + t - _last[0]
                _last[0], _last[1] = t, key

        jobs._Progress = Timed
        job = jobs.enqueue(
            org,
            user,
            dossiers=services.ExportFile("ho-so-2025.parquet", files[0]),
            pauses=services.ExportFile("dung-tinh-2025.parquet", files[1]),
        )
        job = jobs.claim("bench")
        # What the page would show, read by another connection every second while the job runs.
        seen: list[tuple[float, str, int, int]] = []
        running = threading.Event()
        running.set()

        def watch(job_id: int = job.pk, _seen=seen, _running=running) -> None:
            t_start = time.perf_counter()
            try:
                while _running.is_set():
                    with contextlib.suppress(Exception):  # SQLite may be busy committing
                        live = jobs.live(UploadJob.objects.get(pk=job_id))
                        _seen.append(
                            (
                                round(time.perf_counter() - t_start, 1),
                                live.stage,
                                live.percent,
                                live.rows_read,
                            )
                        )
                    time.sleep(1.0)
            finally:
                connections.close_all()

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        t0 = time.perf_counter()
        profiler = None
        if os.environ.get("BENCH_PROFILE"):
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        jobs.run_job(job)
        total = time.perf_counter() - t0
        running.clear()
        watcher.join()
        if profiler is not None:
            import pstats

            profiler.disable()
            pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(45)
        if last[1] is not None:
            stages[last[1]] = stages.get(last[1], 0.0) + time.perf_counter() - last[0]
        job.refresh_from_db()
        if job.state != UploadJob.State.DONE:
            raise SystemExit(f"job failed: {job.message}")
        upload = job.upload
        out[label] = {
            "total_s": round(total, 2),
            "stages_s": {k: round(v, 2) for k, v in stages.items()},
            "dossiers_new": upload.rows_new,
            "dossiers_replaced": upload.rows_replaced,
            "rejected": upload.rows_rejected,
            "analysed": DossierAnalysis.objects.latest().dossier_count,
            "progress_seen": [list(x) for x in seen],
        }
    print(json.dumps(out))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=300_000)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--again", action="store_true", help="also time a second upload of the same files")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--no-save", action="store_true", help="do not write the results file")
    args = ap.parse_args(argv)
    if args.child:
        _child(args.rows, args.again)
        return 0
    runs = []
    for _ in range(args.runs):
        before = _load()
        cmd = [sys.executable, "-m", "benchmarks.bench_dossier_upload", "--child", "--rows", str(args.rows)]
        if args.again:
            cmd.append("--again")
        proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
        if proc.returncode:
            print(proc.stdout, proc.stderr, file=sys.stderr)
            return proc.returncode
        run = json.loads(proc.stdout.strip().splitlines()[-1])
        run["load_average_before"], run["load_average_after"] = before, _load()
        print(json.dumps(run), flush=True)
        runs.append(run)
    summary = {
        "vendor": runs[0]["vendor"],
        "rows": args.rows,
        "pauses": runs[0]["pauses"],
        "runs": len(runs),
        "median_total_s": round(statistics.median(r["first"]["total_s"] for r in runs), 2),
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
