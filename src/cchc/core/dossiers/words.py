"""The department's words for the dossier engine's codes: one glossary for the screens (through
``cchc.dossiers.labels``), the workbook and the command line's summary.

One word per concept, as the plans say it: sớm hạn, đúng hạn, trễ hạn, quá hạn.
"""

from __future__ import annotations

from cchc.core.status import Status

__all__ = [
    "CHANNEL_WORDS",
    "COLUMN_TITLES",
    "NO",
    "OUTCOME_WORDS",
    "RULE_LABELS",
    "SHARE_WORDS",
    "YES",
    "month_text",
    "rule_label",
]

YES, NO = "Có", "Không"

# A dossier's outcome in the words of an obligation's status (``core.status``): one word each.
OUTCOME_WORDS: dict[str, str] = {
    "early": Status.DONE_EARLY.short,
    "on_time": Status.DONE_ON_TIME.short,
    "late": Status.DONE_LATE.short,
    "overdue": Status.OVERDUE.short,
    "open": "đang giải quyết",
}

CHANNEL_WORDS: dict[str, str] = {
    "online_full": "Trực tuyến toàn trình",
    "online_partial": "Trực tuyến một phần",
    "direct": "Trực tiếp",
    "postal": "Qua bưu chính công ích",
}

# The breach rules of the engine (``sql.RULES``), in the order the plans list them.
RULE_LABELS: dict[str, str] = {
    "acceptance_8h": "Tiếp nhận hồ sơ trực tuyến quá 8 giờ làm việc",
    "supplement_more_than_once": "Yêu cầu bổ sung hồ sơ quá 01 lần",
    "late_without_apology": "Trễ hạn không có phiếu xin lỗi và hẹn lại ngày trả",
    "apology_too_late": "Phiếu xin lỗi phát hành muộn (sau 01 ngày trước hạn)",
    "reschedule_more_than_once": "Hẹn lại ngày trả kết quả quá 01 lần",
    "pause_without_reason": "Dừng tính thời gian không nêu lý do",
    "pause_without_attachment": "Dừng tính thời gian không có văn bản kèm theo",
    "refusal_without_slip": "Từ chối hồ sơ không có phiếu từ chối",
}

# The dossier shares' names, one each, as the dossier screens say them (the workbook's headers,
# the charts, the drill-down and the target measures read them here).
SHARE_WORDS: dict[str, str] = {
    "on_time_rate": "Tỷ lệ đúng hạn",
    "online_share": "Tỷ lệ trực tuyến",
    "online_full_share": "Tỷ lệ trực tuyến toàn trình",
    "paid_online_share": "Tỷ lệ thanh toán trực tuyến",
    "postal_share": "Tỷ lệ qua bưu chính công ích",
    "digitized_share": "Tỷ lệ số hóa hồ sơ",
    "result_digitized_share": "Tỷ lệ số hóa kết quả",
    "late_share": "Tỷ lệ trễ hạn",
}

# Titles of the result's fields (the workbook's headers), in the screens' words.
COLUMN_TITLES: dict[str, str] = {
    "unit": "Đơn vị",
    "procedure_code": "Mã thủ tục",
    "procedure_name": "Tên thủ tục",
    "officer": "Cán bộ",
    "month": "Tháng",
    "received": "Tiếp nhận",
    "finished": "Đã giải quyết xong",
    "early": OUTCOME_WORDS["early"].capitalize(),
    "on_time": OUTCOME_WORDS["on_time"].capitalize(),
    "late": OUTCOME_WORDS["late"].capitalize(),
    "overdue": "Quá hạn (chưa xong)",
    "open": "Đang giải quyết (chưa đến hạn)",
    "on_time_rate": f"{SHARE_WORDS['on_time_rate']} (sớm hạn + đúng hạn)",
    **{k: SHARE_WORDS[k] for k in ("online_share", "online_full_share", "paid_online_share", "postal_share")},
    **{k: SHARE_WORDS[k] for k in ("digitized_share", "result_digitized_share")},
    "progress_score_766": "Điểm tiến độ (QĐ 766)",
    "late_ratio": SHARE_WORDS["late_share"],
    "eligible_good": "Đủ điều kiện “hoàn thành tốt nhiệm vụ”",
    "dossier_id": "Mã hồ sơ",
    "channel": "Hình thức nộp",
    "submitted_at": "Nộp lúc",
    "effective_due_at": "Hạn trả",
    "finished_at": "Giải quyết xong lúc",
    "outcome": "Kết quả",
    "rule": "Vi phạm",
    "row": "Dòng",
    "reason": "Lý do",
    "file": "Tệp",
}


def rule_label(rule: str) -> str:
    return RULE_LABELS.get(rule, rule)


def month_text(month: str | None) -> str:
    """ "2025-03" -> "03/2025"."""
    if month and len(month) == 7 and month[4] == "-":
        return f"{month[5:]}/{month[:4]}"
    return month or ""
