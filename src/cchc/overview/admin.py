"""The publication setting in the admin: a switch, the indicators as checkboxes, a note."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from cchc.overview.indicators import INDICATORS, choices
from cchc.overview.models import Publication


class PublicationForm(forms.ModelForm):
    indicators = forms.MultipleChoiceField(
        label="Chỉ số công khai",
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tính theo số liệu mới nhất: hồ sơ TTHC của năm (lần phân tích gần nhất), "
        "nhiệm vụ của các kế hoạch hiện hành.",
    )

    class Meta:
        model = Publication
        fields = ("organisation", "enabled", "indicators", "note")

    def clean_indicators(self) -> list[str]:
        chosen = self.cleaned_data.get("indicators") or []
        # In the table's order, whatever order the browser sent them in.
        return [key for key in INDICATORS if key in chosen]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("enabled") and not data.get("indicators"):
            self.add_error("indicators", "Hãy chọn ít nhất một chỉ số để công khai.")
        return data


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    form = PublicationForm
    list_display = ("organisation", "enabled", "published", "page_link", "updated_at")
    list_filter = ("enabled",)
    readonly_fields = ("page_link",)

    @admin.display(description="chỉ số")
    def published(self, obj: Publication) -> str:
        return ", ".join(INDICATORS[k].label for k in obj.indicators if k in INDICATORS)

    @admin.display(description="trang công khai")
    def page_link(self, obj: Publication) -> str:
        if obj.pk is None:
            return "—"
        url = reverse("overview:public", args=[obj.organisation.code])
        return format_html('<a href="{}">{}</a>', url, url)
