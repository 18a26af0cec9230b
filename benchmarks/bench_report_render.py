"""Benchmark: rendering a year's report at province scale (issue 12: a whole year report
built in < 10 s; rendering is one part of that).

    uv run python -m benchmarks.bench_report_render [--repeat 5] [--out benchmarks/results/report_render.json]

The report (``synthetic_report``, seed 12): 12 areas (a section each, with its narrative),
40 units, 12 tables (the status by area, by unit, two task lists of 200 rows, the targets,
the dossiers by unit and by month, the officers over the late threshold …) and 6 charts
(stacked bars by area, shares by area, horizontal bars by unit, the monthly trend …).
Times the Word file (``render_docx``, charts drawn each time), the charts alone, the Excel
appendix (``render_xlsx``) and, when LibreOffice is installed, the PDF (``render_pdf``):
median of ``--repeat`` runs after one warm-up (matplotlib's first import is not counted).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from cchc.core.reporting import (
    Chart,
    Column,
    Letterhead,
    Ratio,
    ReportDocument,
    Section,
    Signature,
    Table,
    chart_png,
    render_docx,
    render_pdf,
    render_xlsx,
)

REPO = Path(__file__).resolve().parents[1]
AREAS = (
    "Công tác chỉ đạo, điều hành",
    "Cải cách thể chế",
    "Cải cách thủ tục hành chính",
    "Cải cách tổ chức bộ máy hành chính",
    "Cải cách chế độ công vụ",
    "Cải cách tài chính công",
    "Xây dựng và phát triển chính quyền điện tử, chính quyền số",
    "Tuyên truyền cải cách hành chính",
    "Kiểm tra cải cách hành chính",
    "Nâng cao chỉ số PAR INDEX",
    "Nâng cao chỉ số SIPAS",
    "Nhiệm vụ khác",
)
STATUS = ("Sớm hạn", "Đúng hạn", "Trễ hạn", "Quá hạn", "Gia hạn")
NARRATIVE = (
    "Trong năm, Sở đã ban hành kế hoạch, tổ chức triển khai đến các phòng, đơn vị thuộc và trực "
    "thuộc Sở; thường xuyên theo dõi, đôn đốc, kiểm tra việc thực hiện các nhiệm vụ được giao, "
    "kịp thời tháo gỡ khó khăn, vướng mắc phát sinh trong quá trình thực hiện."
)


def _status_columns(first: str) -> tuple[Column, ...]:
    return (
        Column(first, width=3.0),
        Column("Tổng số", "int", "sum"),
        Column("Hoàn thành", "int", "sum"),
        Column("Sớm hạn", "int", "sum"),
        Column("Đúng hạn", "int", "sum"),
        Column("Trễ hạn", "int", "sum"),
        Column("Quá hạn", "int", "sum"),
        Column("Tỷ lệ đúng hạn", "percent", Ratio((3, 4), (2, 6)), width=1.3),
    )


def _status_rows(rng: random.Random, names: tuple[str, ...]) -> tuple[tuple, ...]:
    rows = []
    for name in names:
        early, on_time, late, overdue = (rng.randint(0, n) for n in (30, 60, 8, 5))
        done = early + on_time + late
        rate = (early + on_time) / (done + overdue) if done + overdue else None
        rows.append((name, done + overdue + rng.randint(0, 10), done, early, on_time, late, overdue, rate))
    return tuple(rows)


def _task_table(rng: random.Random, key: str, title: str, units: tuple[str, ...], n: int) -> Table:
    start = date(2025, 12, 15)
    return Table(
        key=key,
        title=title,
        columns=(
            Column("TT", "int", width=0.5),
            Column("Nhiệm vụ", width=4.0),
            Column("Đơn vị chủ trì", width=2.0),
            Column("Hạn", "date", width=1.2),
            Column("Tình trạng", width=1.2),
        ),
        rows=tuple(
            (
                i + 1,
                f"Thực hiện nhiệm vụ số {i + 1} về {AREAS[i % len(AREAS)].lower()} theo kế hoạch của tỉnh",
                rng.choice(units),
                start + timedelta(days=rng.randint(0, 364)),
                rng.choice(STATUS),
            )
            for i in range(n)
        ),
        note="Nguồn: dữ liệu theo dõi nhiệm vụ của Văn phòng Sở.",
    )


def synthetic_report(seed: int = 12, units: int = 40, task_rows: int = 200) -> ReportDocument:
    """A year's report of a department with ``units`` units (fixed ``seed``)."""
    rng = random.Random(seed)
    unit_names = tuple(f"Phòng chuyên môn số {i + 1}" for i in range(units))
    by_area = Table(
        "status_by_area",
        "Bảng 1. Kết quả thực hiện nhiệm vụ theo lĩnh vực",
        _status_columns("Lĩnh vực"),
        _status_rows(rng, AREAS),
        total_label="Tổng cộng",
        note="Số liệu từ 15/12/2025 đến 14/12/2026.",
    )
    by_unit = Table(
        "status_by_unit",
        "Bảng 2. Kết quả thực hiện nhiệm vụ theo đơn vị",
        _status_columns("Đơn vị"),
        _status_rows(rng, unit_names),
        total_label="Tổng cộng",
    )
    months = tuple(f"{m:02d}/2026" for m in range(1, 13))
    dossier_columns = (
        Column("Kỳ", width=1.5),
        Column("Tiếp nhận", "int", "sum"),
        Column("Đã giải quyết", "int", "sum"),
        Column("Sớm hạn", "int", "sum"),
        Column("Đúng hạn", "int", "sum"),
        Column("Trễ hạn", "int", "sum"),
        Column("Tỷ lệ đúng hạn", "percent", Ratio((3, 4), (2,)), width=1.3),
    )

    def dossier_rows(names: tuple[str, ...]) -> tuple[tuple, ...]:
        rows = []
        for name in names:
            received = rng.randint(500, 5000)
            done = received - rng.randint(0, 200)
            late = rng.randint(0, 50)
            early = rng.randint(0, done - late)
            rows.append((name, received, done, early, done - late - early, late, (done - late) / done))
        return tuple(rows)

    tables = [
        by_area,
        by_unit,
        _task_table(rng, "tasks_done", "Bảng 3. Nhiệm vụ đã hoàn thành", unit_names, task_rows),
        _task_table(rng, "tasks_late", "Bảng 4. Nhiệm vụ trễ hạn, quá hạn", unit_names, task_rows),
        Table(
            "targets",
            "Bảng 5. Chỉ tiêu của kế hoạch",
            (
                Column("Chỉ tiêu", width=4.0),
                Column("Chỉ tiêu đặt ra", "percent"),
                Column("Kết quả", "percent"),
                Column("Đánh giá", width=1.2),
            ),
            tuple(
                (
                    f"Chỉ tiêu số {i + 1}",
                    t := rng.choice((0.7, 0.9, 1.0)),
                    v := rng.random(),
                    "Đạt" if v >= t else "Không đạt",
                )
                for i in range(50)
            ),
        ),
        Table(
            "dossiers_by_month",
            "Bảng 6. Hồ sơ TTHC theo tháng",
            dossier_columns,
            dossier_rows(months),
            "Cả năm",
        ),
        Table(
            "dossiers_by_unit",
            "Bảng 7. Hồ sơ TTHC theo đơn vị",
            (Column("Đơn vị", width=2.5), *dossier_columns[1:]),
            dossier_rows(unit_names),
            "Tổng cộng",
        ),
    ]
    charts = [
        Chart(
            "status_chart",
            "Biểu đồ 1. Tình hình thực hiện nhiệm vụ theo lĩnh vực",
            "stacked_bar",
            AREAS,
            tuple((s, tuple(float(r[3 + i]) for r in by_area.rows)) for i, s in enumerate(STATUS[:4])),
        ),
        Chart(
            "rate_by_area",
            "Biểu đồ 2. Tỷ lệ đúng hạn theo lĩnh vực",
            "bar",
            AREAS,
            (("Tỷ lệ đúng hạn", tuple(r[7] for r in by_area.rows)),),
            unit="percent",
        ),
        Chart(
            "rate_by_unit",
            "Biểu đồ 3. Tỷ lệ đúng hạn theo đơn vị",
            "hbar",
            unit_names,
            (("Tỷ lệ đúng hạn", tuple(r[7] for r in by_unit.rows)),),
            unit="percent",
        ),
        Chart(
            "dossier_trend",
            "Biểu đồ 4. Hồ sơ TTHC theo tháng",
            "line",
            months,
            tuple(
                (t, tuple(float(r[i]) for r in tables[5].rows))
                for i, t in ((1, "Tiếp nhận"), (2, "Đã giải quyết"))
            ),
        ),
        Chart(
            "dossier_rate",
            "Biểu đồ 5. Tỷ lệ hồ sơ đúng hạn theo tháng",
            "line",
            months,
            (("Tỷ lệ đúng hạn", tuple(r[6] for r in tables[5].rows)),),
            unit="percent",
        ),
        Chart(
            "dossier_units",
            "Biểu đồ 6. Hồ sơ trễ hạn theo đơn vị",
            "bar",
            unit_names[:12],
            (("Trễ hạn", tuple(float(r[5]) for r in tables[6].rows[:12])),),
        ),
    ]
    subsections = tuple(
        Section(str(i + 1), area, paragraphs=(NARRATIVE, NARRATIVE)) for i, area in enumerate(AREAS)
    )
    return ReportDocument(
        letterhead=Letterhead(
            governing_body="UBND TỈNH HÒA BÌNH XANH",
            issuing_body="SỞ CÔNG THƯƠNG",
            number="Số:      /BC-SCT",
            place="Hòa Bình Xanh",
            dated=date(2026, 12, 18),
            year=2026,
        ),
        summary="Kết quả thực hiện công tác cải cách hành chính năm 2026",
        opening=("Thực hiện Kế hoạch số 12/KH-SCT ngày 15/01/2026 của Sở Công Thương, Sở báo cáo như sau:",),
        sections=(
            Section(
                "I",
                "KẾT QUẢ THỰC HIỆN",
                paragraphs=(NARRATIVE,),
                tables=tuple(tables[:2]),
                charts=tuple(charts[:3]),
                subsections=subsections,
            ),
            Section("II", "NHIỆM VỤ", tables=tuple(tables[2:5])),
            Section("III", "HỒ SƠ THỦ TỤC HÀNH CHÍNH", tables=tuple(tables[5:]), charts=tuple(charts[3:])),
            Section("IV", "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027", paragraphs=(NARRATIVE,) * 3),
        ),
        recipients=("Sở Nội vụ;", "UBND tỉnh (b/c);", "Lãnh đạo Sở;", "Lưu: VT, VP."),
        signature=Signature("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An"),
    )


def _median(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    result = fn()  # warm-up
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "report_render.json")
    args = parser.parse_args(argv)

    report = synthetic_report()
    rows = sum(len(t.rows) for t in report.tables())
    docx_s, docx = _median(lambda: render_docx(report), args.repeat)
    charts_s, _ = _median(lambda: [chart_png(c, width_mm=160) for c in report.charts()], args.repeat)
    xlsx_s, xlsx = _median(lambda: render_xlsx(report), args.repeat)
    assert isinstance(docx, bytes) and isinstance(xlsx, bytes)
    pdf_s = pages = None
    if render_pdf(docx) is not None:
        pdf_s, pdf = _median(lambda: render_pdf(docx), max(1, args.repeat // 2))
        import io

        import pdfplumber

        with pdfplumber.open(io.BytesIO(pdf)) as document:  # type: ignore[arg-type]
            pages = len(document.pages)
    result = {
        "python": platform.python_version(),
        "tables": len(report.tables()),
        "table_rows": rows,
        "charts": len(report.charts()),
        "docx_bytes": len(docx),
        "xlsx_bytes": len(xlsx),
        "pdf_pages": pages,
        "median_s": {
            "docx (charts included)": round(docx_s, 3),
            "charts alone": round(charts_s, 3),
            "xlsx": round(xlsx_s, 3),
            "pdf": round(pdf_s, 3) if pdf_s is not None else None,
            "docx + xlsx": round(docx_s + xlsx_s, 3),
            "docx + xlsx + pdf": round(docx_s + xlsx_s + pdf_s, 3) if pdf_s is not None else None,
        },
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
