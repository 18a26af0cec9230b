"""Benchmark: how fast a plan is read, and how the cost grows with its rows.

    uv run python -m benchmarks.bench_plan_parse [--repeat 100] [--out benchmarks/results/plan_parse.json]

1. Parses each of the three shared sample plans ``--repeat`` times (default 100) and
   reports the median and 95th percentile per parse.
2. Parses synthetic appendices of 500 … 5,000 rows (benchmarks/synthetic_plan.py, a fixed
   seed) and reports the median time, the time per row and the ratio to the 500-row
   time, to show the cost is linear in the rows.
3. Parses plans in the web layout of ``samples/web/FORMAT.md`` (each cell on its own lines,
   "|" lines around every row; benchmarks/synthetic_web_plan.py, a fixed seed) of 500,
   1,000, 2,000 and 4,000 rows the same way (goal: 2,000 rows in under 1 s), and each of
   the six real web samples.
Unit mentions are resolved against the demo directory, as an import does.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

from benchmarks.synthetic_plan import generate
from benchmarks.synthetic_web_plan import generate_web
from cchc.core.planread import parse_plan
from cchc.core.units import demo_directory

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO.parent / "shared" / "samples" / "plans"
SIZES = (500, 1000, 2000, 5000)
WEB_SIZES = (500, 1000, 2000, 4000)
WEB_SAMPLES = REPO.parent / "shared" / "samples" / "web" / "docs"


def _times(data: bytes, repeat: int, directory) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        parse_plan(data, directory=directory)
        out.append(time.perf_counter() - t0)
    return out


def _p95(xs: list[float]) -> float:
    return statistics.quantiles(xs, n=20)[-1] if len(xs) >= 20 else max(xs)


def _carriers(directory, repeat: int) -> dict[str, float]:
    """The largest sample rebuilt as Word, Excel, PDF (tests/builders.py) and parsed."""
    import tempfile

    from tests.builders import build_docx, build_pdf, build_xlsx

    text = (SAMPLES / "khanhhoa-sct-2025-par-sipas-plan.txt").read_text(encoding="utf-8")
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, build in (("docx", build_docx), ("xlsx", build_xlsx), ("pdf", build_pdf)):
            path = Path(tmp) / f"plan.{name}"
            build(text, path)
            med = statistics.median(_times(path.read_bytes(), repeat, directory)) * 1000
            out[name] = med
            print(f"{name:45} {med:10.2f}")
    return out


def _sizes(sizes: tuple[int, ...], make, directory, repeat: int) -> list[dict]:
    print(f"\n{'rows':>6} {'tasks':>6} {'median s':>9} {'µs/row':>8} {'× vs first':>10}")
    out, base = [], None
    for size in sizes:
        data = make(size).encode("utf-8")
        tasks = len(parse_plan(data, directory=directory).tasks)
        med = statistics.median(_times(data, repeat, directory))
        base = base or med
        entry = {
            "rows": size,
            "tasks": tasks,
            "median_s": med,
            "us_per_row": med / size * 1e6,
            "ratio_to_first": med / base,
            "ideal_ratio": size / sizes[0],
        }
        out.append(entry)
        print(
            f"{size:6d} {tasks:6d} {med:9.3f} {entry['us_per_row']:8.1f} {entry['ratio_to_first']:10.2f}"
            f"  (linear: {entry['ideal_ratio']:.0f}×)"
        )
    return out


def _web(directory, repeat: int) -> list[dict]:
    """Synthetic plans in the web layout (every cell on its own lines)."""
    print("\nweb layout (benchmarks/synthetic_web_plan.py, seed 11)", end="")
    return _sizes(WEB_SIZES, generate_web, directory, repeat)


def _web_samples(directory, repeat: int) -> dict[str, dict]:
    out = {}
    print(f"\n{'web sample':45} {'tasks':>5} {'median ms':>10}")
    for path in sorted(WEB_SAMPLES.glob("*.txt")):
        data = path.read_bytes()
        tasks = len(parse_plan(data, directory=directory).tasks)
        med = statistics.median(_times(data, repeat, directory)) * 1000
        out[path.name] = {"tasks": tasks, "median_ms": med}
        print(f"{path.name:45} {tasks:5d} {med:10.2f}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=100)
    ap.add_argument("--size-repeat", type=int, default=5)
    ap.add_argument("--out", default=str(REPO / "benchmarks" / "results" / "plan_parse.json"))
    args = ap.parse_args(argv)
    directory = demo_directory()
    result: dict = {
        "python": sys.version.split()[0],
        "machine": platform.machine(),
        "samples": {},
        "sizes": [],
    }

    print(f"{'sample':45} {'rows':>5} {'first ms':>9} {'median ms':>10} {'p95 ms':>8}")
    for path in sorted(SAMPLES.glob("*.txt")):
        data = path.read_bytes()
        ts = _times(data, args.repeat, directory)  # the first run is cold: nothing cached yet
        rows = len(parse_plan(data, directory=directory).tasks)
        med, p95 = statistics.median(ts) * 1000, _p95(ts) * 1000
        first = ts[0] * 1000
        result["samples"][path.name] = {
            "tasks": rows,
            "runs": args.repeat,
            "first_ms": first,
            "median_ms": med,
            "p95_ms": p95,
        }
        print(f"{path.name:45} {rows:5d} {first:9.2f} {med:10.2f} {p95:8.2f}")

    print(f"\n{'carrier (largest sample)':45} {'median ms':>10}")
    result["carriers"] = _carriers(directory, repeat=max(3, args.repeat // 10))

    print(f"\n{'rows':>6} {'tasks':>6} {'median s':>9} {'µs/row':>8} {'× vs 500':>9}")
    base = None
    for size in SIZES:
        data = generate(size).encode("utf-8")
        tasks = len(parse_plan(data, directory=directory).tasks)
        med = statistics.median(_times(data, args.size_repeat, directory))
        base = base or med
        entry = {
            "rows": size,
            "tasks": tasks,
            "median_s": med,
            "us_per_row": med / size * 1e6,
            "ratio_to_500": med / base,
            "ideal_ratio": size / SIZES[0],
        }
        result["sizes"].append(entry)
        print(
            f"{size:6d} {tasks:6d} {med:9.3f} {entry['us_per_row']:8.1f} {entry['ratio_to_500']:9.2f}"
            f"  (linear: {entry['ideal_ratio']:.0f}×)"
        )
    result["web"] = _web(directory, args.size_repeat)
    result["web_samples"] = _web_samples(directory, max(3, args.repeat // 10))
    Path(args.out).write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(f"\nresults written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
