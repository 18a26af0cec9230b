from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings

from cchc.plans.labels import PLAN_FILE_KINDS, file_size
from cchc.plans.models import Plan

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "size": 10})
DATE_INPUTS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]
# More than Django's "Nhập một ngày hợp lệ.": the form a date is written in (every date field).
DATE_ERRORS = {"invalid": "Ngày không hợp lệ: hãy viết dạng dd/mm/yyyy."}


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp kế hoạch",
        help_text=PLAN_FILE_KINDS + " có phụ lục nhiệm vụ dạng bảng.",
        error_messages={"required": "Hãy chọn tệp kế hoạch.", "empty": "Tệp rỗng: hãy chọn tệp có nội dung."},
        allow_empty_file=True,  # the service says why an empty file is refused
    )
    year = forms.IntegerField(
        label="Năm của kế hoạch",
        required=False,
        min_value=2000,
        max_value=2100,
        help_text="Chỉ cần điền khi tài liệu không ghi năm.",
        error_messages={"invalid": "Năm phải là số, ví dụ 2026."},
    )

    def clean_file(self):
        f = self.cleaned_data["file"]
        limit = settings.CCHC_MAX_UPLOAD_BYTES
        if f.size > limit:
            raise forms.ValidationError(
                f"Tệp quá lớn ({file_size(f.size)}); giới hạn là {file_size(limit)}. "
                "Hãy tải lên tệp kế hoạch nhỏ hơn (ví dụ chỉ phần phụ lục)."
            )
        return f


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class TablesForm(VersionForm):
    """The tables of the document to import (their indexes, checked boxes)."""

    table = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, *args: Any, indexes: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["table"]).choices = [(i, str(i)) for i in indexes]


class MetaForm(VersionForm):
    number = forms.CharField(label="Số", max_length=100, required=False)
    issued_on = forms.DateField(
        label="Ngày ban hành",
        required=False,
        widget=DATE_WIDGET,
        input_formats=DATE_INPUTS,
        error_messages=DATE_ERRORS,
    )
    title = forms.CharField(
        label="Trích yếu",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Hãy nhập trích yếu kế hoạch."},
    )
    period_start = forms.DateField(
        label="Từ ngày",
        widget=DATE_WIDGET,
        input_formats=DATE_INPUTS,
        error_messages={
            "required": "Hãy nhập ngày bắt đầu.",
            **DATE_ERRORS,
        },
    )
    period_end = forms.DateField(
        label="Đến ngày",
        widget=DATE_WIDGET,
        input_formats=DATE_INPUTS,
        error_messages={
            "required": "Hãy nhập ngày kết thúc.",
            **DATE_ERRORS,
        },
    )

    tracking_start = forms.DateField(
        label="Theo dõi từ ngày",
        required=False,
        widget=DATE_WIDGET,
        input_formats=DATE_INPUTS,
        help_text="Các nghĩa vụ báo cáo có hạn trước ngày này không bị tính quá hạn và không được nhắc việc.",
        error_messages=DATE_ERRORS,
    )
    before_tracking = forms.ChoiceField(
        label="Các nghĩa vụ có hạn trước ngày đó",
        required=False,
        choices=(
            (Plan.BeforeTracking.NOT_TRACKED, "Không theo dõi (ghi là “không theo dõi”)"),
            (Plan.BeforeTracking.DONE, "Đã thực hiện trước khi dùng hệ thống (ghi là hoàn thành đúng hạn)"),
        ),
        widget=forms.RadioSelect,
    )

    # Shown apart from the plan's own details, in the "Theo dõi từ ngày" box.
    TRACKING_FIELDS = ("tracking_start", "before_tracking")


class RowForm(VersionForm):
    task = forms.CharField(label="Nhiệm vụ", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    lead_units = forms.CharField(
        label="Đơn vị chủ trì",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Mỗi đơn vị một dòng (hoặc ngăn cách bằng “;”).",
    )
    coordinating_units = forms.CharField(
        label="Đơn vị phối hợp", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    schedule = forms.CharField(
        label="Thời gian / Tiến độ", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    product = forms.CharField(
        label="Kết quả / sản phẩm", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    note = forms.CharField(label="Ghi chú", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    FIELDS = ("task", "lead_units", "coordinating_units", "schedule", "product", "note")

    @classmethod
    def initial_for(cls, task: dict, version: int) -> dict:
        return {
            "version": version,
            "task": task.get("task") or "",
            "lead_units": "\n".join(task.get("lead_units") or []),
            "coordinating_units": "\n".join(task.get("coordinating_units") or []),
            "schedule": (task.get("schedule") or {}).get("text") or "",
            "product": task.get("product") or "",
            "note": task.get("note") or "",
        }


class MapUnitForm(VersionForm):
    mention = forms.CharField(widget=forms.HiddenInput, max_length=2000)
    target = forms.CharField(max_length=200, error_messages={"required": "Hãy chọn đơn vị."})

    def parsed_target(self) -> dict:
        """ "unit:<code>" | "group:<key>" | "ignore" -> keyword arguments of map_unit."""
        value = self.cleaned_data["target"]
        if value == "ignore":
            return {"ignore": True}
        kind, _, key = value.partition(":")
        if kind == "unit" and key:
            return {"unit_code": key}
        if kind == "group" and key:
            return {"group_key": key}
        raise forms.ValidationError("Lựa chọn không hợp lệ.")
