"""A year's report sent upward at province scale: its figures computed, its texts drafted, its
Word document, Excel appendix (and PDF) rendered.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/cchc_bench
    uv run python -m benchmarks.province_load            # the follow-through's million obligations
    uv run python -m benchmarks.bench_overview           # adds a year of dossiers (optional)
    uv run python -m benchmarks.bench_report [--departments 2] [--runs 3] [--pdf]

For each of the first ``--departments`` departments of ``province_load`` (50,000 obligations
of 2026 each; with ``bench_overview``'s 100,000 dossiers), ``--runs`` times: the year's report
(``cchc report build --kind year --period 2026``'s work) made from nothing — the report row
deleted first, then opened (figures of the window 15/12/2025 → 14/12/2026 and drafted texts),
rendered to Word and Excel, and to PDF with ``--pdf`` when LibreOffice is installed. Medians
per step and over all. Results: ``benchmarks/results/report.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "report.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--departments", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pdf", action="store_true", help="also print to PDF (LibreOffice)")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("DATABASE_URL must point at the province_load database (PostgreSQL)", file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # the reporting tables, on a database loaded earlier
    from cchc.orgs.models import Organisation
    from cchc.reporting import files, services
    from cchc.reporting.models import UpwardReport

    steps: dict[str, list[float]] = {"open": [], "word+excel": [], "pdf": [], "total": []}
    sizes = {}
    for org in Organisation.objects.order_by("code")[: args.departments]:
        for _ in range(args.runs):
            UpwardReport.objects.filter(organisation=org, kind="year", period_key="2026").delete()
            t0 = time.perf_counter()
            report = services.open_report(org, "year", "2026")
            t1 = time.perf_counter()
            rendered = files.render(report, pdf=False)
            t2 = time.perf_counter()
            pdf_s = 0.0
            if args.pdf:
                from cchc.core.reporting.pdf import render_pdf

                render_pdf(rendered.docx)
                pdf_s = time.perf_counter() - t2
            steps["open"].append(t1 - t0)
            steps["word+excel"].append(t2 - t1)
            steps["pdf"].append(pdf_s)
            steps["total"].append(t2 - t0 + pdf_s)
            doc = services.compose_document(report)
            sizes[org.code] = {
                "obligations_in_window": sum(int(r[1]) for r in doc.tables()[0].rows),
                "docx_bytes": len(rendered.docx),
                "xlsx_bytes": len(rendered.xlsx),
            }
    medians = {k: round(statistics.median(v), 3) for k, v in steps.items() if v}
    out = {
        "runs": {k: [round(x, 3) for x in v] for k, v in steps.items()},
        "median_s": medians,
        "sizes": sizes,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(out["median_s"], indent=1))
    print(json.dumps(sizes, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
