"""How the screens word what the core returns (schedule kinds, comparators, unit statuses)."""

from __future__ import annotations

from datetime import date
from typing import Any

from cchc.core.formats import count_text, date_text, file_size_text, number_text

# What cchc.core.planread reads (by content, whatever the name): one wording for the upload
# form, the command line's help and the README. .doc/.xls/.rtf need LibreOffice on the server.
PLAN_FILE_KINDS = "Word (.docx, .doc), PDF, Excel (.xlsx, .xls) hoặc văn bản (.txt)"

# cchc.core.schedule.KINDS, as the Office says them.
SCHEDULE_KINDS: dict[str, str] = {
    "deadline": "Hạn chót",
    "window": "Theo kỳ (quý/tháng/năm)",
    "recurring": "Định kỳ",
    "continuous": "Thường xuyên",
    "event": "Theo sự kiện",
    "external": "Theo cơ quan khác",
    "unparsed": "Chưa đọc được",
}

OPS: dict[str, str] = {">=": "≥", "≥": "≥", "<=": "≤", "≤": "≤", ">": ">", "<": "<", "=": "=", "==": "="}

# cchc.core.targets units; a count needs no word ("≥ 2" sáng kiến).
TARGET_UNITS: dict[str, str] = {
    "%": "%",
    "count": "",
    "hour": "giờ",
    "working_hour": "giờ làm việc",
    "day": "ngày",
    "working_day": "ngày làm việc",
}

UNIT_STATUS: dict[str, str] = {
    "unit": "Đơn vị",
    "group": "Nhóm đơn vị",
    "external": "Cơ quan bên ngoài",
    "unknown": "Không xác định",
    "ambiguous": "Chưa rõ",
    "unresolved": "Không xác định",
    "ignored": "Không phải đơn vị",
}


def schedule_kind(kind: str | None) -> str:
    return SCHEDULE_KINDS.get(kind or "unparsed", kind or "Chưa đọc được")


def vn_date(value: str | date | None) -> str:
    """dd/mm/yyyy of a date or an ISO date string (the draft's JSON)."""
    if not value:
        return ""
    return date_text(date.fromisoformat(value) if isinstance(value, str) else value)


# The one way of writing figures (``core.formats``), under the names the screens use.
number = number_text
count = count_text
file_size = file_size_text


def target_view(t: Any) -> dict[str, Any]:
    """A target (TargetDraft dict or Target row) as the screens show it."""
    get = t.get if isinstance(t, dict) else (lambda k: getattr(t, k, None))
    return {
        "text": target_text(get("op"), get("value"), get("unit")),
        "label": get("label") or "",
        "scope": get("scope") or "",
        "baseline": get("kind") == "baseline",
    }


def target_text(op: str | None, value: Any, unit: str | None) -> str:
    """ ">=", 70, "%" -> "≥ 70 %"."""
    parts = [OPS.get(op or "", op or ""), number(value)]
    if unit:
        parts.append(TARGET_UNITS.get(unit, unit))
    return " ".join(p for p in parts if p)
