"""Benchmark: dossier analytics on 1–10 million dossiers, and the pandas baseline.

    uv run python -m benchmarks.bench_dossiers [--sizes 1,2,5,10] [--pandas-rows 1000000]

For each size (millions of dossiers, a fifth as many pauses; ``synthetic_dossiers``, seed
2025) a fresh child process reads the two Parquet exports (header mapping, validation) and
computes every indicator by unit, officer and month, the officers' table and the breach list
(``as_of`` 5/1/2026). The child reports its wall times and its peak resident memory
(``ru_maxrss``: DuckDB's native memory included). Sizes up to 2 million: median of 3 runs;
larger: median of 2. Then the straightforward pandas implementation
(``benchmarks/pandas_dossiers.py``, working time row by row) and the engine run on the same
``--pandas-rows`` dossiers; their counts are checked equal and the ratio is reported.
Results go to ``benchmarks/results/dossiers.json``; note the machine's load (printed).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "var" / "bench" / "dossiers"
AS_OF = "2026-01-05T08:00:00"


def _child(dossiers: str, pauses: str) -> None:
    import resource
    from datetime import datetime

    from cchc.core.calendar import WorkCalendar
    from cchc.core.dossiers import AnalysisOptions, analyze, read_dossiers, read_pauses

    cal = WorkCalendar()
    # Warm-up on a tiny export: first-call costs (imports, DuckDB's ICU, the holidays package's
    # years) are paid once per process, not per dossier.
    tiny = (
        "Mã hồ sơ,Hình thức nộp,Ngày nộp,Hạn trả,Ngày hoàn thành\nH1,trực tiếp,2025-03-04 09:00,2025-03-10,\n"
    )
    warm = read_dossiers(tiny.encode(), filename="warm.csv")
    analyze(warm.table, None, cal, AnalysisOptions(as_of=datetime.fromisoformat(AS_OF)))
    t0 = time.perf_counter()
    d, p = read_dossiers(dossiers), read_pauses(pauses)
    t1 = time.perf_counter()
    options = AnalysisOptions(as_of=datetime.fromisoformat(AS_OF), by=("unit", "officer", "month"))
    r = analyze(d.table, p.table, cal, options, rows_read=d.read, rejected=d.rejected)
    t2 = time.perf_counter()
    out = {
        "load_s": t1 - t0,
        "analyze_s": t2 - t1,
        "total_s": t2 - t0,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rows_read": d.read,
        "rejected": len(d.rejected),
        "groups": len(r.groups),
        "officer_months": len(r.officers),
        "breaches": len(r.breaches),
        "counts": {
            "groups": len(r.groups),
            "received": sum(g["received"] for g in r.groups),
            "finished": sum(g["finished"] for g in r.groups),
            "late": sum(g["late"] for g in r.groups),
            "overdue": sum(g["overdue"] for g in r.groups),
            "officers_not_eligible": sum(not o["eligible_good"] for o in r.officers),
            "breaches": len(r.breaches),
        },
    }
    print(json.dumps(out))


def _pandas_child(dossiers: str, pauses: str) -> None:
    from datetime import datetime

    from benchmarks.pandas_dossiers import analyze_pandas

    t0 = time.perf_counter()
    counts = analyze_pandas(dossiers, pauses, datetime.fromisoformat(AS_OF))
    print(json.dumps({"total_s": time.perf_counter() - t0, "counts": counts}))


def _run(args: list[str]) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_dossiers", *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _files(rows: int) -> tuple[str, str]:
    from benchmarks.synthetic_dossiers import write

    d, p = write(rows, DATA)
    return str(d), str(p)


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description="dossier analytics benchmark")
    ap.add_argument("--sizes", default="1,2,5,10", help="millions of dossiers")
    ap.add_argument("--pandas-rows", type=int, default=1_000_000)
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "dossiers.json")
    ap.add_argument("--child", nargs=2)
    ap.add_argument("--pandas-child", nargs=2)
    args = ap.parse_args()
    if args.child:
        return _child(*args.child)
    if args.pandas_child:
        return _pandas_child(*args.pandas_child)

    results: dict = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cores": os.cpu_count(),
        "as_of": AS_OF,
        "grouping": "unit, officer, month (+ officers per month, breach list)",
        "sizes": [],
    }
    for millions in [float(x) for x in args.sizes.split(",")]:
        rows = int(millions * 1_000_000)
        files = _files(rows)
        repeat = 3 if rows <= 2_000_000 else 2
        load_before = _load()
        runs = [_run(["--child", *files]) for _ in range(repeat)]
        entry = {
            "rows": rows,
            "pauses": rows // 5,
            "runs": repeat,
            "median_total_s": statistics.median(r["total_s"] for r in runs),
            "median_load_s": statistics.median(r["load_s"] for r in runs),
            "median_analyze_s": statistics.median(r["analyze_s"] for r in runs),
            "max_peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
            "all_total_s": [round(r["total_s"], 2) for r in runs],
            "rejected": runs[0]["rejected"],
            "groups": runs[0]["groups"],
            "officer_months": runs[0]["officer_months"],
            "breaches": runs[0]["breaches"],
            "load_average_before": load_before,
            "load_average_after": _load(),
        }
        results["sizes"].append(entry)
        print(
            f"{rows:>11,} dossiers: {entry['median_total_s']:6.2f} s (load {entry['median_load_s']:.2f} s, "
            f"analyze {entry['median_analyze_s']:.2f} s), peak {entry['max_peak_rss_mb']:,.0f} MB "
            f"[load avg {load_before} → {entry['load_average_after']}]",
            flush=True,
        )
    base = results["sizes"][0]["median_total_s"] if results["sizes"] else None
    for e in results["sizes"]:
        e["x_vs_first"] = e["median_total_s"] / base if base else None

    n = args.pandas_rows
    files = _files(n)
    load_before = _load()
    engine = _run(["--child", *files])
    pandas = _run(["--pandas-child", *files])
    assert pandas["counts"] == engine["counts"], (pandas["counts"], engine["counts"])
    results["pandas"] = {
        "rows": n,
        "pandas_s": pandas["total_s"],
        "engine_s": engine["total_s"],
        "ratio": pandas["total_s"] / engine["total_s"],
        "same_counts": True,
        "counts": engine["counts"],
        "load_average_before": load_before,
        "load_average_after": _load(),
    }
    print(
        f"pandas on {n:,}: {pandas['total_s']:.1f} s; engine {engine['total_s']:.2f} s; "
        f"×{results['pandas']['ratio']:.0f} (same counts)",
        flush=True,
    )
    args.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
