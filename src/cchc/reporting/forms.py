"""The forms of the report screens."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from cchc.core.reporting.periods import KIND_LABELS, ReportKind
from cchc.plans.models import Plan
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


class PlanChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number or 'Kế hoạch'}: {obj.title}"


class PlanReportForm(forms.Form):
    """The report on one plan ("Báo cáo kết quả thực hiện Kế hoạch số …")."""

    ke_hoach: PlanChoice = PlanChoice(
        label="Kế hoạch",
        queryset=Plan.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "Hãy chọn một kế hoạch trong danh sách."},
    )

    def __init__(self, *args: Any, plans: QuerySet[Plan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PlanChoice, self.fields["ke_hoach"]).queryset = plans
