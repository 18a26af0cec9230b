"""Forms of the dossier screens: the upload and the filters of the indicator pages."""

from __future__ import annotations

from typing import cast

from django import forms
from django.conf import settings

from cchc.dossiers.labels import month_label
from cchc.plans.labels import file_size

ACCEPT = ".csv,.xlsx,.parquet"


def _limit(f):
    limit = settings.CCHC_MAX_UPLOAD_BYTES
    if f is not None and f.size > limit:
        raise forms.ValidationError(
            f"Tệp quá lớn ({file_size(f.size)}); giới hạn là {file_size(limit)}. "
            "Hãy xuất từng khoảng thời gian ngắn hơn rồi tải lên lần lượt."
        )
    return f


class UploadForm(forms.Form):
    dossiers = forms.FileField(
        label="Tệp hồ sơ",
        required=False,
        allow_empty_file=True,  # the service says why an empty file is refused
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text="Tệp xuất từ hệ thống một cửa: .csv, .xlsx hoặc .parquet (tiêu đề cột tiếng Việt được).",
    )
    pauses = forms.FileField(
        label="Tệp thời gian dừng tính (không bắt buộc)",
        required=False,
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text="Các lần tạm dừng tính thời gian giải quyết: mã hồ sơ, loại, từ, đến, lý do, "
        "văn bản kèm theo.",
    )

    def clean_dossiers(self):
        return _limit(self.cleaned_data.get("dossiers"))

    def clean_pauses(self):
        return _limit(self.cleaned_data.get("pauses"))

    def clean(self):
        super().clean()  # returns cleaned_data (typed Optional by the stubs)
        data = self.cleaned_data
        if not data.get("dossiers") and not data.get("pauses") and not self.errors:
            raise forms.ValidationError("Hãy chọn tệp hồ sơ (hoặc tệp thời gian dừng tính) để tải lên.")
        return data


class FilterForm(forms.Form):
    """Period (from month, to month) and unit; the choices are what the stored dossiers hold."""

    tu_thang = forms.ChoiceField(label="Từ tháng", required=False)
    den_thang = forms.ChoiceField(label="Đến tháng", required=False)
    don_vi = forms.ChoiceField(label="Đơn vị", required=False)

    def __init__(self, *args, months: list[str], units: list[str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        month_choices = [("", "—"), *((m, month_label(m)) for m in months)]
        cast(forms.ChoiceField, self.fields["tu_thang"]).choices = month_choices
        cast(forms.ChoiceField, self.fields["den_thang"]).choices = month_choices
        if units is None:
            del self.fields["don_vi"]
        else:
            cast(forms.ChoiceField, self.fields["don_vi"]).choices = [
                ("", "Tất cả đơn vị"),
                *((u, u) for u in units),
            ]

    def clean(self):
        super().clean()  # returns cleaned_data (typed Optional by the stubs)
        data = self.cleaned_data
        if data.get("tu_thang") and data.get("den_thang") and data["tu_thang"] > data["den_thang"]:
            raise forms.ValidationError("“Từ tháng” phải trước hoặc bằng “Đến tháng”.")
        return data
