"""Form fields for the lists the admin edits: written as a person writes them ("7, 1";
"VP; Văn phòng"), never as JSON (``[7, 1]``), and checked with a Vietnamese message."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from cchc.orgs.models import Organisation, Unit

# More than this many working days before a due date is surely a typo ("71" for "7, 1").
MAX_REMIND_DAYS = 60
_DAY_SEPARATORS = re.compile(r"[,;\s]+")


class DayListField(forms.CharField):
    """Numbers of working days, e.g. "7, 1": positive whole numbers, each once, largest first."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"size": 20}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            return ", ".join(str(v) for v in value)
        return value

    def to_python(self, value: Any) -> list[int]:  # type: ignore[override]  # a list, read from a text input
        if isinstance(value, (list, tuple)):
            return list(value)
        text = str(value or "").strip().strip("[]").strip()
        if not text:
            return []
        days = []
        for token in _DAY_SEPARATORS.split(text):
            if not token:
                continue
            if not token.isdigit():
                raise forms.ValidationError(
                    f"“{token}” không phải một số ngày: hãy viết các số nguyên dương, cách nhau bằng "
                    "dấu phẩy, ví dụ 7, 1.",
                    code="invalid",
                )
            day = int(token)
            if day < 1:
                raise forms.ValidationError(
                    "Số ngày phải từ 1 trở lên (ngày đến hạn đã có lời nhắc riêng).", code="min_value"
                )
            if day > MAX_REMIND_DAYS:
                raise forms.ValidationError(
                    f"{day} ngày làm việc là quá xa: tối đa {MAX_REMIND_DAYS} ngày làm việc trước hạn.",
                    code="max_value",
                )
            days.append(day)
        return sorted(set(days), reverse=True)


class TextListField(forms.CharField):
    """Short texts separated by semicolons (a name may hold a comma), e.g. "VP; Văn phòng"."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"size": 30}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            return "; ".join(str(v) for v in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]  # a list, read from a text input
        if isinstance(value, (list, tuple)):
            return list(value)
        items: list[str] = []
        for part in str(value or "").split(";"):
            item = " ".join(part.split())
            if item and item not in items:
                items.append(item)
        return items


class OrganisationForm(forms.ModelForm):
    remind_before_days = DayListField(
        label="Nhắc trước hạn (ngày làm việc)",
        help_text="Các số ngày làm việc trước hạn, cách nhau bằng dấu phẩy. Ví dụ: 7, 1 "
        "(nhắc 7 ngày và 1 ngày làm việc trước hạn). Để trống: không nhắc trước hạn.",
    )

    class Meta:
        model = Organisation
        fields = "__all__"


class UnitForm(forms.ModelForm):
    abbreviations = TextListField(
        label="Tên viết tắt", help_text="Cách nhau bằng dấu chấm phẩy. Ví dụ: TTKC và XTTM; TTKC"
    )

    class Meta:
        model = Unit
        fields = "__all__"
