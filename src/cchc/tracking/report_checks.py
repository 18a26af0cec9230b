"""Checks of what a unit writes in a report, before anything is written: the narrative, the
progress, and the values measured for the task's targets (each refusal is an
``InvalidInput`` naming the field). The evidence documents are checked in ``evidence``."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from cchc.core.formats import date_text
from cchc.plans.models import Target
from cchc.tracking.errors import InvalidInput

MAX_NARRATIVE = 50_000
# A measured value has at most 12 digits before the point (the column holds 16, 4 after it).
_MAX_MEASURED = Decimal(10) ** 12


fmt_date = date_text  # dd/mm/yyyy; "" for None


def check_progress(progress: Any) -> int:
    if isinstance(progress, bool):
        progress = None
    try:
        value = int(str(progress).strip().rstrip("%").strip())
    except (TypeError, ValueError):
        raise InvalidInput(
            "Tiến độ phải là một số nguyên từ 0 đến 100 (phần trăm).", field="progress"
        ) from None
    if not 0 <= value <= 100:
        raise InvalidInput(f"Tiến độ {value}% không hợp lệ: hãy nhập từ 0 đến 100.", field="progress")
    return value


def check_narrative(narrative: Any, *, required: bool) -> str:
    text = str(narrative or "").strip()
    if required and not text:
        raise InvalidInput(
            "Hãy ghi kết quả thực hiện (đã làm gì, văn bản nào) trước khi gửi báo cáo.", field="narrative"
        )
    if len(text) > MAX_NARRATIVE:
        raise InvalidInput(
            f"Nội dung báo cáo quá dài ({len(text)} ký tự, tối đa {MAX_NARRATIVE}); "
            "hãy tóm tắt và đính kèm văn bản đầy đủ.",
            field="narrative",
        )
    return text


def parse_measured(value: Any) -> Decimal:
    """A measured value: a number, or a text like "85,67" / "85.67" / "85,67 %"."""
    if isinstance(value, bool):
        raise InvalidOperation
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().rstrip("%").replace(" ", "").replace("\u00a0", "")
        if "," in text:  # Vietnamese writing: "1.234,5"
            text = text.replace(".", "").replace(",", ".")
        number = Decimal(text)
    else:
        raise InvalidOperation
    if not number.is_finite():
        raise InvalidOperation
    return number


def check_measurements(values: Mapping[Any, Any] | None, targets: Mapping[int, Target]) -> dict[int, Decimal]:
    """target id -> value, for the task's own targets; an empty value is left out."""
    out: dict[int, Decimal] = {}
    for key, raw in (values or {}).items():
        try:
            target_id = int(key)
        except (TypeError, ValueError):
            target_id = None
        target = targets.get(target_id) if target_id is not None else None
        if target is None:
            raise InvalidInput(
                f"Chỉ tiêu “{key}” không thuộc nhiệm vụ này: "
                "hãy nhập số liệu cho đúng chỉ tiêu của nhiệm vụ.",
                field="measurements",
            )
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        name = f"“{target.label or target.text}”"[:160]
        try:
            number = parse_measured(raw)
        except (InvalidOperation, ValueError):
            raise InvalidInput(
                f"Số liệu của chỉ tiêu {name} phải là một số (ví dụ 85 hoặc 85,5), không phải “{raw}”.",
                field="measurements",
            ) from None
        if number < 0:
            raise InvalidInput(f"Số liệu của chỉ tiêu {name} không được âm.", field="measurements")
        if target.unit == "%" and number > 100:
            raise InvalidInput(
                f"Số liệu của chỉ tiêu {name} là tỷ lệ phần trăm: hãy nhập từ 0 đến 100.",
                field="measurements",
            )
        if number >= _MAX_MEASURED:
            raise InvalidInput(f"Số liệu của chỉ tiêu {name} quá lớn.", field="measurements")
        out[target.pk] = number.quantize(Decimal("0.0001"))
    return out
