"""The department's words for the engine's codes: outcomes, channels, rules, indicators."""

from __future__ import annotations

from cchc.dossiers.models import Channel, Outcome

OUTCOME_LABELS: dict[str, str] = dict(Outcome.choices)
CHANNEL_LABELS: dict[str, str] = dict(Channel.choices)

# The breach rules of the engine (issue "Dossier analytics"), in the order the plans list them.
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

# Boolean columns a share counts, as the drill-down's "co" (has) filter takes them.
FLAG_LABELS: dict[str, str] = {
    "paid_online": "Thanh toán trực tuyến",
    "postal": "Qua bưu chính công ích",
    "digitized": "Đã số hóa hồ sơ",
    "result_digitized": "Đã số hóa kết quả",
}

INDICATOR_LABELS: dict[str, str] = {
    "on_time_rate": "Tỷ lệ hồ sơ giải quyết sớm hạn, đúng hạn",
    "late_share": "Tỷ lệ hồ sơ trễ hạn",
    "late_count": "Số hồ sơ trễ hạn",
    "online_full_share": "Tỷ lệ hồ sơ trực tuyến toàn trình",
    "online_share": "Tỷ lệ hồ sơ trực tuyến",
    "paid_online_share": "Tỷ lệ thanh toán trực tuyến",
    "postal_share": "Tỷ lệ hồ sơ qua bưu chính công ích",
    "digitized_share": "Tỷ lệ số hóa hồ sơ",
    "result_digitized_share": "Tỷ lệ số hóa kết quả giải quyết",
    "acceptance_breaches": "Số hồ sơ trực tuyến tiếp nhận quá 8 giờ làm việc",
}


def rule_label(rule: str) -> str:
    return RULE_LABELS.get(rule, rule)


def month_label(month: str) -> str:
    """ "2025-03" -> "03/2025"."""
    if len(month or "") == 7 and month[4] == "-":
        return f"{month[5:]}/{month[:4]}"
    return month or ""
