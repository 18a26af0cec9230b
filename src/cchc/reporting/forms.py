"""The forms of the report screens."""

from __future__ import annotations

from django import forms

from cchc.core.reporting.periods import KIND_LABELS, ReportKind
from cchc.tracking.forms import date_field

OPENABLE = [(k.value, KIND_LABELS[k]) for k in ReportKind if k is not ReportKind.PLAN]


class OpenForm(forms.Form):
    loai = forms.ChoiceField(label="Loại báo cáo", choices=OPENABLE)
    ky = forms.CharField(
        label="Kỳ",
        max_length=20,
        help_text="Quý: 2026-Q3; 6 tháng: 2026-H1; 9 tháng, năm: 2026; tuần: 2026-W49; tháng: 2026-11.",
        widget=forms.TextInput(attrs={"placeholder": "ví dụ 2026-Q3"}),
    )


class TextForm(forms.Form):
    text = forms.CharField(label="Nội dung", required=False, widget=forms.Textarea(attrs={"rows": 8}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class SentForm(forms.Form):
    so = forms.CharField(
        label="Số văn bản", max_length=50, widget=forms.TextInput(attrs={"placeholder": "125/BC-SCT"})
    )
    ngay = date_field("Ngày gửi")
    version = forms.IntegerField(widget=forms.HiddenInput)
