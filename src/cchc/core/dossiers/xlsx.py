"""The analysis as a workbook, in the department's words: the one writer of both
``cchc dossiers analyze --xlsx`` and the web app's "Tải bảng tính Excel".

Every header and value is Vietnamese (``words.py``): rules and outcomes by their labels,
booleans "Có"/"Không", months and moments as real Excel dates ("mm/yyyy", "hh:mm dd/mm/yyyy"),
shares as numbers with a % format. Text from the exports is stored as text, never as a
formula ("=…" in an officer's name stays those characters).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pyarrow as pa
import pyarrow.compute as pc
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cchc.core.dossiers.result import GROUP_COUNTS, GROUP_RATIOS
from cchc.core.dossiers.words import COLUMN_TITLES, NO, OUTCOME_WORDS, YES, rule_label
from cchc.core.sheets import write_cell
from cchc.core.text import fold

if TYPE_CHECKING:
    from cchc.core.dossiers.result import AnalysisResult

DATETIME_FORMAT = "hh:mm dd/mm/yyyy"
DATE_FORMAT = "dd/mm/yyyy"
MONTH_FORMAT = "mm/yyyy"
PERCENT_FORMAT = "0.0%"
SCORE_FORMAT = "0.00"
SHARES = frozenset(GROUP_RATIOS) - {"progress_score_766"} | {"late_ratio"}
# Group keys as the result names them (``procedure`` gives code and name).
KEY_FIELDS = {"unit": ("unit",), "procedure": ("procedure_code", "procedure_name"), "officer": ("officer",)}
WIDE = {"unit": 34, "procedure_name": 48, "officer": 24, "reason": 60, "rule": 48, "file": 24}


def _month(value: str | None) -> date | None:
    """ "2025-03" -> 1 March 2025 (shown "03/2025" by the cell's format)."""
    if not value:
        return None
    return date(int(value[:4]), int(value[5:7]), 1)


def _value(column: str, value: Any) -> tuple[Any, str | None]:
    """The cell's value and number format for a field of the result."""
    if value is None:
        return None, None
    if column == "month":
        return _month(value), MONTH_FORMAT
    if column in SHARES:
        return value, PERCENT_FORMAT
    if column == "progress_score_766":
        return value, SCORE_FORMAT
    if isinstance(value, bool):
        return (YES if value else NO), None
    if column == "rule":
        return rule_label(value), None
    if column == "outcome":
        word = OUTCOME_WORDS.get(value, value)
        return word[:1].upper() + word[1:], None
    if isinstance(value, datetime):
        return value, DATETIME_FORMAT
    if isinstance(value, date):
        return value, DATE_FORMAT
    return value, None


def _put(ws: Worksheet, row: int, column: int, value: Any, number_format: str | None = None) -> None:
    cell = write_cell(ws, row, column, value)  # an export's text stays text, never a formula
    if number_format:
        cell.number_format = number_format


def _sheet(wb: Workbook, title: str, rows: list[dict], columns: list[str], empty: str) -> None:
    ws = wb.create_sheet(title)
    for j, column in enumerate(columns, start=1):
        _put(ws, 1, j, COLUMN_TITLES[column])
        ws.cell(row=1, column=j).font = Font(bold=True)
        ws.cell(row=1, column=j).alignment = Alignment(wrap_text=True, vertical="top")
        width = WIDE.get(column, 12 if column in ("month", "row") else 14)
        ws.column_dimensions[get_column_letter(j)].width = width
    if not rows:
        _put(ws, 2, 1, empty)
    for i, row in enumerate(rows, start=2):
        for j, column in enumerate(columns, start=1):
            _put(ws, i, j, *_value(column, row.get(column)))
    ws.freeze_panes = "A2"


def _overview(ws: Worksheet, result: AnalysisResult) -> None:
    ws.title = "Tổng quan"
    lines: list[tuple[str, Any, str | None]] = [
        ("Thời điểm phân tích (tính đến)", result.as_of, DATETIME_FORMAT)
    ]
    if result.period:
        lines += [("Từ ngày", result.period[0], DATE_FORMAT), ("Đến ngày", result.period[1], DATE_FORMAT)]
    keys = [COLUMN_TITLES[f] for k in result.by for f in KEY_FIELDS.get(k, (k,))]
    lines += [
        ("Nhóm theo", ", ".join(keys), None),
        ("Số dòng đã đọc", result.rows_read, None),
        ("Số dòng bị loại", result.rows_rejected, None),
        ("Số lượt vi phạm quy định", len(result.breaches), None),
    ]
    for i, (label, value, number_format) in enumerate(lines, start=1):
        _put(ws, i, 1, label)
        ws.cell(row=i, column=1).font = Font(bold=True)
        _put(ws, i, 2, value, number_format)
        ws.cell(row=i, column=2).alignment = Alignment(horizontal="left")
    ws.column_dimensions["A"].width = 32
    ws.column_dimensions["B"].width = 40


def _officer_units(facts: pa.Table) -> dict[tuple[str, str], str]:
    """(officer, month finished) -> the units of the dossiers the officer finished that month."""
    if not facts.num_rows or "officer" not in facts.column_names:
        return {}
    slim = pa.table(
        {
            "officer": facts.column("officer").cast(pa.string()),
            "month": facts.column("finished_month").cast(pa.string()),
            "unit": facts.column("unit").cast(pa.string()),
        }
    )
    slim = slim.filter(pc.and_(pc.is_valid(slim.column("officer")), pc.is_valid(slim.column("month"))))
    triples = slim.group_by(["officer", "month", "unit"]).aggregate([]).to_pylist()
    units: dict[tuple[str, str], set[str]] = {}
    for t in triples:
        if t["unit"]:
            units.setdefault((t["officer"], t["month"]), set()).add(t["unit"])
    return {k: ", ".join(sorted(v, key=fold)) for k, v in units.items()}


def _breach_rows(result: AnalysisResult) -> list[dict]:
    """Each breach with the dossier's procedure, unit, officer, submission and outcome."""
    if not result.breaches:
        return []
    ids = pa.array(sorted({b["dossier_id"] for b in result.breaches}), pa.string())
    facts = result.facts
    wanted = ("dossier_id", "procedure_name", "unit", "officer", "submitted_at", "outcome")
    picked = facts.filter(pc.is_in(facts.column("dossier_id"), value_set=ids)).select(list(wanted))
    about = {r["dossier_id"]: r for r in picked.to_pylist()}
    return [{**about.get(b["dossier_id"], {}), **b} for b in result.breaches]


def write_workbook(result: AnalysisResult, path: Path) -> None:
    wb = Workbook()
    _overview(cast(Worksheet, wb.active), result)  # a new workbook's one sheet
    keys = [f for k in result.by for f in KEY_FIELDS.get(k, (k,))]
    _sheet(
        wb,
        "Chỉ tiêu",
        result.groups,
        [*keys, *GROUP_COUNTS, *GROUP_RATIOS],
        "Không có hồ sơ trong kỳ.",
    )
    units = _officer_units(result.facts)
    officers = sorted(
        ({**o, "unit": units.get((o["officer"], o["month"]), "")} for o in result.officers),
        key=lambda o: (fold(o["officer"]), o["officer"], o["month"]),
    )
    officer_cols = ["officer", "unit", "month", "finished", "early", "on_time", "late", "late_ratio"]
    _sheet(
        wb, "Cán bộ", officers, [*officer_cols, "eligible_good"], "Không có hồ sơ giải quyết xong trong kỳ."
    )
    breach_cols = ["dossier_id", "procedure_name", "unit", "officer", "submitted_at", "outcome", "rule"]
    _sheet(wb, "Vi phạm", _breach_rows(result), breach_cols, "Không có hồ sơ vi phạm quy định.")
    rejected = [r.to_dict() for r in result.rejected]
    rejected_cols = ["row", "dossier_id", "reason"]
    if any("file" in r for r in rejected):
        rejected_cols.insert(0, "file")
    _sheet(wb, "Dòng bị loại", rejected, rejected_cols, "Không có dòng nào bị loại.")
    wb.save(path)
