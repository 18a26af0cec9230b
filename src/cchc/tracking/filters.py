"""The filter forms of the follow-through lists (GET forms: a filtered, sorted list is a URL
that can be bookmarked and shared): the Office board and a unit's work.

Both read the same words: ``ke_hoach`` (plan), ``trang_thai`` (status), ``han`` (due this
week / month), ``nam``/``quy``/``thang``/``tu_ngay``/``den_ngay`` (the due period), ``q``
(text search) and ``sap_xep`` (the sort, kept by the pager and the chips).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any, cast

from django import forms

from cchc.core.periods import month_end, quarter_end
from cchc.tracking.forms import QUICK_DATE_WIDGET, date_field
from cchc.tracking.selectors import BoardFilters, DueWindows
from cchc.ui.widgets import QuickNumberInput, QuickSelect

MONTHS = [("", "—")] + [(str(m), f"Tháng {m}") for m in range(1, 13)]
QUARTERS = [("", "—"), ("1", "Quý I"), ("2", "Quý II"), ("3", "Quý III"), ("4", "Quý IV")]
ALL = "tat-ca"
DUE_WINDOWS = [("", "—"), ("tuan", "Đến hạn tuần này"), ("thang", "Đến hạn tháng này")]


def plan_label(plan: Any) -> str:
    return f"{plan.number or 'Kế hoạch'} ({plan.period_start:%Y})"


class ListFilterForm(forms.Form):
    """What the board and a unit's page share: plan, status, due window, period, search."""

    ke_hoach = forms.ChoiceField(label="Kế hoạch", required=False, widget=QuickSelect)
    trang_thai = forms.ChoiceField(label="Trạng thái", required=False, widget=QuickSelect)
    han = forms.ChoiceField(label="Đến hạn", required=False, choices=DUE_WINDOWS, widget=QuickSelect)
    nam = forms.IntegerField(
        label="Năm", required=False, min_value=2000, max_value=2100, widget=QuickNumberInput
    )
    quy = forms.ChoiceField(label="Quý", required=False, choices=QUARTERS, widget=QuickSelect)
    thang = forms.ChoiceField(label="Tháng", required=False, choices=MONTHS, widget=QuickSelect)
    tu_ngay = date_field("Hạn từ ngày", required=False, widget=QUICK_DATE_WIDGET)
    den_ngay = date_field("Hạn đến ngày", required=False, widget=QUICK_DATE_WIDGET)
    q = forms.CharField(
        label="Tìm (nhiệm vụ, báo cáo, số ký hiệu văn bản)",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "ví dụ: 12/QĐ-SCT"}),
    )
    sap_xep = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    # The plan choice that stands for "no plan chosen" and its words (set per list).
    NO_PLAN_LABEL = "Tất cả kế hoạch"

    def __init__(self, *args: Any, options: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["ke_hoach"]).choices = self.plan_choices(options["plans"])
        cast(forms.ChoiceField, self.fields["trang_thai"]).choices = self.status_choices(options["statuses"])

    def plan_choices(self, plans: list[Any]) -> list[tuple[str, str]]:
        return [("", self.NO_PLAN_LABEL)] + [(str(p.pk), plan_label(p)) for p in plans]

    def status_choices(self, statuses: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return [("", "Tất cả"), ("open", "Chưa hoàn thành"), ("done", "Đã hoàn thành"), *statuses]

    def clean(self) -> dict[str, Any]:
        super().clean()  # returns cleaned_data (typed Optional by the stubs)
        data = self.cleaned_data
        start, end = data.get("tu_ngay"), data.get("den_ngay")
        if start and end and start > end:
            self.add_error("den_ngay", "“Đến ngày” phải sau “Từ ngày”.")
        if data.get("thang") and data.get("quy"):
            self.add_error("thang", "Chọn tháng hoặc quý, không chọn cả hai.")
        return data

    def period(self, today: date) -> tuple[date | None, date | None]:
        """(from, to) of the due dates asked for: a month or quarter of the year, narrowed
        by the explicit dates when both are given."""
        data = self.cleaned_data
        year = data.get("nam") or today.year
        start = end = None
        if data.get("thang"):
            m = int(data["thang"])
            start, end = date(year, m, 1), month_end(year, m)
        elif data.get("quy"):
            q = int(data["quy"])
            start, end = date(year, 3 * q - 2, 1), quarter_end(year, q)
        elif data.get("nam"):
            start, end = date(year, 1, 1), date(year, 12, 31)
        if data.get("tu_ngay"):
            start = max(start, data["tu_ngay"]) if start else data["tu_ngay"]
        if data.get("den_ngay"):
            end = min(end, data["den_ngay"]) if end else data["den_ngay"]
        return start, end

    def chosen_plan(self) -> int | None:
        value = self.cleaned_data.get("ke_hoach") or ""
        return int(value) if value.isdigit() else None

    def filters(self, today: date, *, plan_ids: tuple[int, ...], **extra: Any) -> BoardFilters:
        """The filters asked for (``plan_ids``: the plans shown, decided by the list)."""
        data = self.cleaned_data
        due_from, due_to = self.period(today)
        windows = DueWindows.around(today)
        window = {"tuan": windows.week, "thang": windows.month}.get(data.get("han") or "")
        return BoardFilters(
            plan_ids=plan_ids,
            status=data.get("trang_thai") or "",
            due_from=due_from,
            due_to=due_to,
            due_within=window,
            search=(data.get("q") or "").strip(),
            sort=data.get("sap_xep") or "",
            **extra,
        )


class BoardFilterForm(ListFilterForm):
    """The Office board's filters: the list's and the unit and area. Without a plan chosen
    the board shows the current plans; "Tất cả kế hoạch" is a choice of its own."""

    don_vi = forms.ChoiceField(label="Đơn vị", required=False, widget=QuickSelect)
    linh_vuc = forms.ChoiceField(label="Lĩnh vực", required=False, widget=QuickSelect)

    field_order = ("ke_hoach", "don_vi", "linh_vuc", "trang_thai", "han", "nam", "quy", "thang")

    def __init__(self, *args: Any, options: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, options=options, **kwargs)
        cast(forms.ChoiceField, self.fields["don_vi"]).choices = [("", "Tất cả")] + [
            (u.code, u.name) for u in options["units"]
        ]
        cast(forms.ChoiceField, self.fields["linh_vuc"]).choices = [("", "Tất cả")] + options["areas"]

    def plan_choices(self, plans: list[Any]) -> list[tuple[str, str]]:
        return [("", "Kế hoạch hiện hành"), (ALL, "Tất cả kế hoạch")] + [
            (str(p.pk), plan_label(p)) for p in plans
        ]

    def all_plans(self) -> bool:
        return self.is_bound and self.is_valid() and self.cleaned_data.get("ke_hoach") == ALL


class UnitFilterForm(ListFilterForm):
    """A unit's work: open work unless another status is chosen ("Tất cả" shows everything)."""

    def status_choices(self, statuses: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return [("", "Chưa hoàn thành"), ("done", "Đã hoàn thành"), (ALL, "Tất cả"), *statuses]

    def filters(self, today: date, *, plan_ids: tuple[int, ...], **extra: Any) -> BoardFilters:
        f = super().filters(today, plan_ids=plan_ids, **extra)
        return replace(f, status={"": "open", ALL: ""}.get(f.status, f.status))
