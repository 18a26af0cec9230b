"""The department's words for the engine's codes: outcomes, channels, rules, indicators.

The rule, outcome and channel words are defined once in ``cchc.core.dossiers.words`` (the
workbook and the command line use them too); the screens read them from here."""

from __future__ import annotations

from cchc.core.dossiers.words import CHANNEL_WORDS, RULE_LABELS, SHARE_WORDS, month_text, rule_label
from cchc.dossiers.models import Channel, Outcome

__all__ = [
    "CHANNEL_LABELS",
    "FLAG_LABELS",
    "INDICATOR_LABELS",
    "OUTCOME_LABELS",
    "RULE_LABELS",
    "month_label",
    "rule_label",
]

OUTCOME_LABELS: dict[str, str] = dict(Outcome.choices)
CHANNEL_LABELS: dict[str, str] = dict(Channel.choices)

# Boolean columns a share counts, as the drill-down's "co" (has) filter takes them.
FLAG_LABELS: dict[str, str] = {
    "paid_online": "Thanh toán trực tuyến",
    "postal": CHANNEL_WORDS["postal"],
    "digitized": "Đã số hóa hồ sơ",
    "result_digitized": "Đã số hóa kết quả",
}

INDICATOR_LABELS: dict[str, str] = {
    **SHARE_WORDS,
    "late_count": "Số hồ sơ trễ hạn",
    "acceptance_breaches": "Số hồ sơ trực tuyến tiếp nhận quá 8 giờ làm việc",
}


def month_label(month: str) -> str:
    """ "2025-03" -> "03/2025"."""
    return month_text(month)
