"""The board's rows written by Python (``tracking.rows``) against their reference templates.

``uv run python -m benchmarks.bench_rows``: a page of 50 board rows and one of 50 unit rows
(varied statuses, extensions, reports; seed 11), each written ``--repeat`` times by the
template engine (``tracking/_board_row.html``, ``_unit_row.html``, as the pages once did)
and by the Python rows; medians in ms per page. No database. Results:
``benchmarks/results/rows.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "benchmarks" / "results" / "rows.json"
PAGE = 50
STATUSES = ["not_due", "in_progress", "overdue", "extended", "done_early", "done_on_time", "done_late"]
REPORTS = [None, "draft", "submitted", "returned", "accepted"]


def page_values(rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    for i in range(PAGE):
        status = rng.choice(STATUSES)
        due = date(2026, 3, 1) + timedelta(days=rng.randint(0, 60))
        extended = status == "extended"
        done = status.startswith("done")
        rows.append(
            {
                "id": 1000 + i,
                "task_id": 100 + i,
                "task__number": f"{i // 5 + 1}.{i % 5 + 1}",
                "task__text": "Rà soát, công bố thủ tục hành chính của Sở " * rng.randint(1, 6),
                "plan__number": rng.choice(["15/KH-SNV", None]),
                "unit__name": f"Phòng Nghiệp vụ {i % 10 + 1}",
                "period_label": f"Tuần {i % 52 + 1}/2026",
                "due_date": due,
                "current_due": due + timedelta(days=14) if extended else due,
                "extended": extended,
                "status": status,
                "completed_on": due - timedelta(days=2) if done else None,
                "last_activity_at": datetime(2026, 3, 4, 2, 30, tzinfo=UTC) if rng.random() < 0.8 else None,
                "bucket": 2 if done else 0 if status == "overdue" else 1,
                "pending_extension": rng.random() < 0.1,
                "last_report_state": rng.choice(REPORTS),
            }
        )
    return rows


def as_obligation(v: dict[str, Any]) -> SimpleNamespace:
    return SimpleNamespace(
        pk=v["id"],
        task=SimpleNamespace(number=v["task__number"], text=v["task__text"]),
        plan=SimpleNamespace(number=v["plan__number"]),
        unit=SimpleNamespace(name=v["unit__name"]),
        **{k: v[k] for k in v if "__" not in k and k != "id"},
    )


def median_ms(write: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        write()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.config.settings")
    import django

    django.setup()
    from django.template.loader import get_template

    from cchc.tracking.rows import UnitView, board_rows_html, task_urls, unit_rows_html

    values = page_values(random.Random(11))
    view = UnitView(today=date(2026, 3, 10), soon=date(2026, 3, 17), can_report=True, can_extend=True)
    board_t, unit_t = get_template("tracking/_board_row.html"), get_template("tracking/_unit_row.html")
    objects = [as_obligation(v) for v in values]
    view_context = {"today": view.today, "soon": view.soon, "can_report": True, "can_extend": True}

    def board_template() -> None:
        url = task_urls()
        "".join(board_t.render({"o": o, "task_url": url(o.task_id)}) for o in objects)

    def unit_template() -> None:
        url = task_urls()
        "".join(unit_t.render({"o": o, "task_url": url(o.task_id), **view_context}) for o in objects)

    def board_python() -> None:
        "".join(r.html for r in board_rows_html(values))

    def unit_python() -> None:
        "".join(r.html for r in unit_rows_html(values, view))

    for write in (board_template, unit_template, board_python, unit_python):  # warm up
        write()
    result = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_average": os.getloadavg(),
        "rows_per_page": PAGE,
        "repeat": args.repeat,
        "ms_per_page": {
            "board, template": median_ms(board_template, args.repeat),
            "board, Python": median_ms(board_python, args.repeat),
            "unit, template": median_ms(unit_template, args.repeat),
            "unit, Python": median_ms(unit_python, args.repeat),
        },
    }
    for name, ms in result["ms_per_page"].items():
        print(f"{name:>16}: {ms:6.2f} ms per page of {PAGE}")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
