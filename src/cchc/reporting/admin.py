from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cchc.reporting.models import GeneratedFile, PeriodRule, ReportTemplate, UpwardReport


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
    list_display = ("organisation", "file", "uploaded_by", "uploaded_at")
