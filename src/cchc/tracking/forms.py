"""Forms of the follow-through screens. They check the shape of what was typed; the rules
(who may, when, which dates) are the services' and come back as TrackingError messages."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms
from django.db.models import Q

from cchc.core.ids import parse_id
from cchc.core.status import EXTENSION_STATE_LABELS
from cchc.orgs.models import Unit
from cchc.plans.forms import DATE_ERRORS, DATE_INPUTS, DATE_WIDGET
from cchc.plans.labels import target_text
from cchc.plans.models import Target, Task, TaskUnit
from cchc.tracking.evidence import MAX_EVIDENCE_ITEMS
from cchc.tracking.models import ObligationStatus
from cchc.ui.widgets import QuickDateInput

QUICK_DATE_WIDGET = QuickDateInput(format=DATE_WIDGET.format, attrs=DATE_WIDGET.attrs)


def date_field(
    label: str, *, required: bool = True, widget: forms.Widget = DATE_WIDGET, **kwargs: Any
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=widget,
        input_formats=DATE_INPUTS,
        error_messages={**DATE_ERRORS, "required": f"Hãy nhập {label.lower()}."},
        **kwargs,
    )


class VnDecimalField(forms.CharField):
    """A number as the department writes it: "85,67" or "85.67" (no thousands separator)."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = (super().to_python(value) or "").strip().replace(" ", "").replace("%", "")
        if not text:
            return None
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation as exc:
            raise forms.ValidationError("Số liệu phải là một số, ví dụ 85,5.") from exc
        if not number.is_finite():
            raise forms.ValidationError("Số liệu phải là một số, ví dụ 85,5.")
        return number


# The lists' filter forms (the board, a unit's work) are in ``tracking.filters``.

STATUS_CHOICES = list(ObligationStatus.choices)


# --- Reports ------------------------------------------------------------------------------------


class EvidenceForm(forms.Form):
    """One issued document: number, date, summary, and the file or a link to it."""

    doc_number = forms.CharField(label="Số, ký hiệu", max_length=100, required=False)
    doc_date = date_field("Ngày ban hành", required=False)
    summary = forms.CharField(label="Trích yếu", required=False, widget=forms.Textarea(attrs={"rows": 1}))
    file = forms.FileField(label="Tệp", required=False)
    url = forms.URLField(
        label="hoặc đường dẫn",
        max_length=1000,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Đường dẫn không hợp lệ (ví dụ https://vanban.…)."},
    )

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(f) for f in ("doc_number", "doc_date", "summary", "file", "url"))

    def clean(self) -> dict[str, Any]:
        super().clean()  # returns cleaned_data (typed Optional by the stubs)
        data = self.cleaned_data
        if self.is_blank() or self.errors:
            return data
        if not data.get("doc_number"):
            self.add_error("doc_number", "Hãy nhập số, ký hiệu văn bản.")
        if not data.get("doc_date"):
            self.add_error("doc_date", "Hãy nhập ngày ban hành văn bản.")
        if not data.get("summary"):
            self.add_error("summary", "Hãy nhập trích yếu văn bản.")
        if not data.get("file") and not data.get("url"):
            self.add_error("file", "Hãy tải tệp văn bản lên hoặc dán đường dẫn đến văn bản.")
        return data


EvidenceFormSet = forms.formset_factory(
    EvidenceForm, extra=2, max_num=MAX_EVIDENCE_ITEMS, absolute_max=MAX_EVIDENCE_ITEMS
)


class ReportForm(forms.Form):
    """A unit's report: what was done, progress, and a value for each of the task's targets."""

    ACTIONS = (("draft", "Lưu nháp"), ("submit", "Gửi báo cáo"))

    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput, initial="submit")
    report = forms.IntegerField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    narrative = forms.CharField(
        label="Kết quả thực hiện",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Những việc đã làm, văn bản đã ban hành, khó khăn (nếu có).",
        error_messages={"required": "Hãy nhập kết quả thực hiện."},
    )
    # No default of 100: the form starts from the last report's progress (0 for a first one).
    progress = forms.IntegerField(
        label="Tiến độ (%)",
        min_value=0,
        max_value=100,
        error_messages={
            "required": "Hãy nhập tiến độ (0–100).",
            "invalid": "Tiến độ là số phần trăm, từ 0 đến 100.",
            "min_value": "Tiến độ là số phần trăm, từ 0 đến 100.",
            "max_value": "Tiến độ là số phần trăm, từ 0 đến 100.",
        },
    )

    # Asked (and shown) only when a report is sent without any evidence document; the
    # service checks it, so a browser without JavaScript is asked the same way.
    confirm_no_evidence = forms.BooleanField(
        label="Tôi xác nhận gửi báo cáo không có tài liệu kiểm chứng", required=False
    )

    def __init__(self, *args: Any, targets: Iterable[Target] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.targets = list(targets)
        for t in self.targets:
            self.fields[self.target_field(t)] = VnDecimalField(
                label=f"{t.label or t.text[:80]} (chỉ tiêu {target_text(t.op, t.value, t.unit)})",
                required=False,
            )

    @staticmethod
    def target_field(target: Target) -> str:
        return f"chi_tieu_{target.pk}"

    def target_fields(self) -> list[forms.BoundField]:
        return [self[self.target_field(t)] for t in self.targets]

    def measurements(self) -> dict[int, Decimal]:
        return {
            t.pk: self.cleaned_data[self.target_field(t)]
            for t in self.targets
            if self.cleaned_data.get(self.target_field(t)) is not None
        }


class ContributionForm(forms.Form):
    text = forms.CharField(
        label="Nội dung phối hợp",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Hãy nhập nội dung phối hợp."},
    )


class ExtensionRequestForm(forms.Form):
    reason = forms.CharField(
        label="Lý do",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Hãy nêu lý do đề nghị gia hạn."},
    )
    new_date = date_field("Hạn mới đề nghị")


# --- Decisions ----------------------------------------------------------------------------------


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=(("accept", "Chấp nhận"), ("return", "Trả lại")))
    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(label="Ý kiến", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()  # returns cleaned_data (typed Optional by the stubs)
        data = self.cleaned_data
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", "Hãy ghi ý kiến: đơn vị cần biết vì sao báo cáo bị trả lại.")
        return data


class ExtensionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=(
            ("approve", EXTENSION_STATE_LABELS["approved"]),
            ("reject", EXTENSION_STATE_LABELS["rejected"]),
        )
    )
    note = forms.CharField(label="Ý kiến", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class SetDateForm(forms.Form):
    """The date a plan left open: the event's date, or the date set by another body."""

    date = date_field("Ngày")


class ScheduleForm(forms.Form):
    """The task's "Thời gian / Tiến độ", as the Office rewrites it."""

    text = forms.CharField(label="Thời gian / Tiến độ", max_length=1000)
    version = forms.IntegerField(widget=forms.HiddenInput)


class UnitsField(forms.ModelMultipleChoiceField):
    """Units ticked by id: an id no database can hold is refused as an invalid choice
    (SQLite's driver cannot even bind it in the ``IN (…)`` Django builds)."""

    def _check_values(self, value: Any) -> Any:
        for pk in value:
            if parse_id(pk) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        # Django's private hook (what clean() calls per value); django-stubs do not declare it.
        return super()._check_values(value)  # type: ignore[misc]


class TaskUnitsForm(forms.Form):
    """The task's lead and coordinating units, chosen from the department's directory (the
    Office fixes what the import read wrongly). Lead units are the department's own; a body
    outside it may only coordinate."""

    lead = UnitsField(
        label="Đơn vị chủ trì",
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Hãy chọn ít nhất một đơn vị chủ trì."},
    )
    coordinating = UnitsField(
        label="Đơn vị phối hợp",
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Active units, and those the task already names (a retired unit is not silently dropped).
        current = Q(pk__in=task.task_units.values("unit_id"))
        units = Unit.objects.filter(organisation_id=task.plan.organisation_id).filter(
            Q(is_active=True) | current
        )
        cast(forms.ModelMultipleChoiceField, self.fields["lead"]).queryset = units.exclude(
            Q(kind=Unit.Kind.EXTERNAL) & ~current
        ).order_by("order", "name")
        cast(forms.ModelMultipleChoiceField, self.fields["coordinating"]).queryset = units.order_by(
            "order", "name"
        )

    @classmethod
    def for_task(cls, task: Task) -> TaskUnitsForm:
        """The form filled with the task's current units."""
        links = list(task.task_units.values_list("unit_id", "role"))
        return cls(
            task=task,
            initial={
                "lead": [u for u, role in links if role == TaskUnit.Role.LEAD],
                "coordinating": [u for u, role in links if role == TaskUnit.Role.COORDINATING],
                "version": task.version,
            },
        )

    def clean(self) -> dict[str, Any]:
        super().clean()  # returns cleaned_data (typed Optional by the stubs)
        data = self.cleaned_data
        both = set(data.get("lead") or []) & set(data.get("coordinating") or [])
        if both:
            names = ", ".join(sorted(u.name for u in both))
            self.add_error("coordinating", f"Một đơn vị không vừa chủ trì vừa phối hợp: {names}.")
        return data
