"""The forms of the self-assessment screens. They check the shape of what was typed (a date, a
text's length); the rules (who may, when, a score within 0…maximum, "1,5" read as 1.5) are the
services' and come back as ``ScoringError`` messages shown on the form.

Every form that edits an item's scores carries the row's ``version`` (hidden): the service
refuses an edit made on a row that moved on since the page was loaded."""

from __future__ import annotations

from typing import Any

from django import forms

from cchc.tracking.forms import date_field

POINTS_ATTRS = {"inputmode": "decimal", "size": 6, "autocomplete": "off", "placeholder": "ví dụ 1,5"}


def points_field(label: str) -> forms.CharField:
    # Text, not a number input: the department types a decimal comma ("1,5"); the service reads it.
    return forms.CharField(
        label=label, required=False, max_length=20, widget=forms.TextInput(attrs=POINTS_ATTRS)
    )


def note_field(label: str, rows: int = 3, *, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": f"Hãy ghi {label.lower()}."},
    )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class OpenForm(forms.Form):
    """The year's assessment: its year and deadlines."""

    nam = forms.IntegerField(
        label="Năm đánh giá",
        min_value=2000,
        max_value=2100,
        error_messages={"invalid": "Năm phải là một số, ví dụ 2026.", "required": "Hãy nhập năm đánh giá."},
    )
    han_tu_cham = date_field("Hạn nộp tự chấm")
    han_tham_dinh = date_field("Hạn thẩm định", required=False)
    han_giai_trinh = date_field("Hạn giải trình", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        due = data.get("han_tu_cham")
        for name, label in (("han_tham_dinh", "Hạn thẩm định"), ("han_giai_trinh", "Hạn giải trình")):
            later = data.get(name)
            if due and later and later < due:
                self.add_error(name, f"{label} phải sau hạn nộp tự chấm.")
        return data


class SelfScoreForm(VersionForm):
    score = points_field("Điểm tự chấm")
    note = note_field("Ghi chú")
    explanation = note_field("Giải trình (khi thiếu tài liệu kiểm chứng)")


class EvidenceForm(forms.Form):
    title = forms.CharField(label="Tên tài liệu", required=False, max_length=300)
    file = forms.FileField(label="Tệp", required=False)
    url = forms.URLField(
        label="hoặc đường dẫn",
        required=False,
        max_length=1000,
        assume_scheme="https",
        error_messages={"invalid": "Đường dẫn không hợp lệ: hãy dán địa chỉ bắt đầu bằng https://"},
    )


class AppraisalForm(VersionForm):
    score = points_field("Điểm thẩm định")
    note = note_field("Ý kiến thẩm định")
    request_explanation = forms.BooleanField(label="Yêu cầu Sở giải trình", required=False)


class AnswerForm(VersionForm):
    text = note_field("Nội dung giải trình", rows=4, required=True)


class FinalForm(VersionForm):
    score = points_field("Điểm cuối cùng")
    note = note_field("Ý kiến cuối cùng")


class LinkTaskForm(forms.Form):
    task = forms.TypedChoiceField(
        label="Nhiệm vụ",
        coerce=int,
        choices=(),
        error_messages={"invalid_choice": "Hãy chọn một nhiệm vụ trong danh sách."},
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["task"].choices = [("", "— chọn nhiệm vụ —"), *choices]  # type: ignore[attr-defined]


class UnitForm(forms.Form):
    unit = forms.TypedChoiceField(
        label="Đơn vị phụ trách",
        coerce=int,
        empty_value=None,
        required=False,
        choices=(),
        error_messages={"invalid_choice": "Hãy chọn một đơn vị trong danh sách."},
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "— Văn phòng Sở (chưa giao đơn vị) —"), *choices]  # type: ignore[attr-defined]
