"""Admin of the follow-through records. Every change made here is kept in the audit trail
(django-simple-history): the "Lịch sử" button of each record shows who changed what, when.

The admin is for the directory and for repairs; day-to-day work goes through the app's
screens, whose services keep statuses in line. After editing dates here, use the action
"Tính lại trạng thái" so the status follows.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils import timezone

from cchc.tracking.admin_history import HistoryAdmin
from cchc.tracking.models import (
    ApiToken,
    Contribution,
    Evidence,
    ExtensionRequest,
    Measurement,
    Obligation,
    Report,
)


class ReportInline(admin.TabularInline):
    model = Report
    extra = 0
    fields = ("unit", "state", "progress", "submitted_at", "reviewed_at")
    readonly_fields = fields
    show_change_link = True
    can_delete = False


class ExtensionInline(admin.TabularInline):
    model = ExtensionRequest
    extra = 0
    fields = ("requested_due", "state", "requested_by", "decided_by", "decided_at")
    readonly_fields = fields
    show_change_link = True
    can_delete = False


@admin.register(Obligation)
class ObligationAdmin(HistoryAdmin):
    list_display = (
        "task",
        "unit",
        "period_label",
        "due_date",
        "current_due",
        "status",
        "completed_on",
        "is_active",
    )
    list_filter = ("organisation", "status", "is_active", "extended", "plan")
    search_fields = ("task__text", "unit__name", "period_label", "period_key")
    date_hierarchy = "current_due"
    raw_id_fields = ("plan", "task")
    list_select_related = ("task", "unit")
    readonly_fields = (
        "organisation",
        "period_key",
        "version",
        "created_at",
        "updated_at",
        "last_activity_at",
    )
    inlines = (ReportInline, ExtensionInline)
    actions = ("recompute_selected",)

    @admin.action(description="Tính lại trạng thái các nghĩa vụ đã chọn")
    def recompute_selected(self, request, queryset):
        from cchc.tracking.statuses import recompute

        today = timezone.localdate()
        for obligation in queryset.select_related("organisation"):
            recompute(obligation, today=today)
        self.message_user(request, f"Đã tính lại trạng thái {queryset.count()} nghĩa vụ.", messages.SUCCESS)


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ("doc_number", "doc_date", "summary", "file", "url", "uploaded_by")
    raw_id_fields = ("uploaded_by",)


class MeasurementInline(admin.TabularInline):
    model = Measurement
    extra = 0
    fields = ("target", "value", "note")
    raw_id_fields = ("target",)


@admin.register(Report)
class ReportAdmin(HistoryAdmin):
    list_display = ("obligation", "unit", "state", "progress", "submitted_at", "reviewed_by", "reviewed_at")
    list_filter = ("state", "unit__organisation")
    search_fields = ("narrative", "obligation__task__text", "unit__name")
    raw_id_fields = ("obligation", "previous", "created_by", "submitted_by", "reviewed_by")
    readonly_fields = ("created_at", "version")
    list_select_related = ("obligation__task", "unit", "reviewed_by")
    inlines = (EvidenceInline, MeasurementInline)


@admin.register(Contribution)
class ContributionAdmin(HistoryAdmin):
    list_display = ("obligation", "unit", "created_by", "created_at")
    list_filter = ("unit__organisation",)
    search_fields = ("text", "obligation__task__text")
    raw_id_fields = ("obligation", "created_by")
    readonly_fields = ("created_at",)


@admin.register(Evidence)
class EvidenceAdmin(HistoryAdmin):
    list_display = ("doc_number", "doc_date", "summary", "report", "uploaded_by")
    search_fields = ("doc_number", "summary")
    raw_id_fields = ("report", "uploaded_by")
    readonly_fields = ("created_at",)


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(HistoryAdmin):
    list_display = ("obligation", "requested_due", "state", "requested_by", "decided_by", "decided_at")
    list_filter = ("state",)
    search_fields = ("reason", "obligation__task__text")
    raw_id_fields = ("obligation", "requested_by", "decided_by")
    readonly_fields = ("created_at",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked")
    list_filter = ("revoked",)
    search_fields = ("name", "user__username", "prefix")
    # The key itself is shown once, when created (command create_api_token); only its hash is kept.
    readonly_fields = ("key_hash", "prefix", "created_at", "last_used_at")
    raw_id_fields = ("user",)

    def has_add_permission(self, request):
        return False
