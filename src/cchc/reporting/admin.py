from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cchc.core.reporting.docx import ReportTemplateError, check_template
from cchc.reporting.models import GeneratedFile, PeriodRule, ReportTemplate, UpwardReport


class ReportTemplateForm(forms.ModelForm):
    """A department's Word template is tried with a sample report before it is kept: a broken
    one is refused with what is wrong (``check_template``)."""

    class Meta:
        model = ReportTemplate
        fields = ("organisation", "file")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "read"):
            upload.seek(0)
            data = upload.read()
            upload.seek(0)
            try:
                check_template(data)
            except ReportTemplateError as exc:
                raise forms.ValidationError(exc.message) from exc
        return upload


@admin.register(PeriodRule)
class PeriodRuleAdmin(admin.ModelAdmin):
    list_display = (
        "kind",
        "period",
        "label",
        "province",
        "start_day",
        "start_month",
        "end_day",
        "end_month",
        "due_day",
        "due_month",
    )
    list_filter = ("province", "kind")


@admin.register(UpwardReport)
class UpwardReportAdmin(SimpleHistoryAdmin):
    list_display = (
        "__str__",
        "organisation",
        "window_start",
        "window_end",
        "state",
        "number",
        "data_version",
    )
    list_filter = ("organisation", "kind", "state")
    readonly_fields = ("figures", "figures_at", "data_version", "version")


@admin.register(GeneratedFile)
class GeneratedFileAdmin(admin.ModelAdmin):
    list_display = ("report", "format", "created_at", "created_by", "data_version", "size")


@admin.register(ReportTemplate)
class ReportTemplateAdmin(admin.ModelAdmin):
    form = ReportTemplateForm
    list_display = ("organisation", "file", "uploaded_by", "uploaded_at")

    def save_model(self, request, obj, form, change):
        obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
