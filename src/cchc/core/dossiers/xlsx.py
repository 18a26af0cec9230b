"""The analysis as a workbook: one sheet per part of the JSON, Vietnamese headers."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Font

if TYPE_CHECKING:
    from cchc.core.dossiers.result import AnalysisResult

HEADERS = {
    "unit": "Đơn vị",
    "procedure_code": "Mã thủ tục",
    "procedure_name": "Tên thủ tục",
    "officer": "Cán bộ",
    "month": "Tháng",
    "received": "Tiếp nhận",
    "finished": "Đã giải quyết",
    "early": "Trước hạn",
    "on_time": "Đúng hạn",
    "late": "Trễ hạn",
    "overdue": "Quá hạn (chưa xong)",
    "open": "Đang giải quyết trong hạn",
    "on_time_rate": "Tỷ lệ đúng hạn",
    "online_share": "Tỷ lệ trực tuyến",
    "online_full_share": "Tỷ lệ trực tuyến toàn trình",
    "paid_online_share": "Tỷ lệ thanh toán trực tuyến",
    "postal_share": "Tỷ lệ BCCI",
    "digitized_share": "Tỷ lệ số hóa hồ sơ",
    "result_digitized_share": "Tỷ lệ số hóa kết quả",
    "progress_score_766": "Điểm tiến độ (QĐ 766)",
    "late_ratio": "Tỷ lệ trễ hạn",
    "eligible_good": "Đủ điều kiện HTTNV",
    "dossier_id": "Mã hồ sơ",
    "rule": "Vi phạm",
    "row": "Dòng",
    "reason": "Lý do",
    "file": "Tệp",
}
RATIOS = {k for k in HEADERS if k.endswith(("_rate", "_share", "_ratio"))}


def _sheet(wb: Workbook, title: str, rows: list[dict], columns: list[str]) -> None:
    ws = wb.create_sheet(title)
    ws.append([HEADERS.get(c, c) for c in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([row.get(c) for c in columns])
    for j, c in enumerate(columns, start=1):
        if c in RATIOS:
            for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                cell.number_format = "0.00%"
    ws.freeze_panes = "A2"


def write_workbook(result: AnalysisResult, path: Path) -> None:
    data = result.to_dict()
    wb = Workbook(write_only=False)
    info = wb.active
    info.title = "Tổng quan"
    info.append(["Thời điểm phân tích", result.as_of])
    if result.period:
        info.append(["Kỳ", f"{result.period[0]:%d/%m/%Y} – {result.period[1]:%d/%m/%Y}"])
    info.append(["Nhóm theo", ", ".join(result.by)])
    info.append(["Số dòng đã đọc", result.rows_read])
    info.append(["Số dòng bị loại", result.rows_rejected])
    group_cols = list(data["groups"][0]) if data["groups"] else [*result.by, "received"]
    _sheet(wb, "Chỉ tiêu", data["groups"], group_cols)
    officer_cols = ["officer", "month", "finished", "early", "on_time", "late", "late_ratio", "eligible_good"]
    _sheet(wb, "Cán bộ", data["officers"], officer_cols)
    _sheet(wb, "Vi phạm", data["breaches"], ["dossier_id", "rule"])
    rejected_cols = ["row", "dossier_id", "reason"]
    if any("file" in r for r in data["rejected"]):
        rejected_cols.insert(0, "file")
    _sheet(wb, "Dòng bị loại", data["rejected"], rejected_cols)
    wb.save(path)
