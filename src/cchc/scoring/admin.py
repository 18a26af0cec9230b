from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cchc.scoring.models import Assessment, CriteriaSet, EvidenceFile, Item, ItemScore, TaskLink


class ItemInline(admin.TabularInline):
    model = Item
    extra = 0
    fields = ("order", "code", "level", "parent_code", "title", "maximum", "rule", "source")


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    list_display = ("title", "province", "year", "body_kind", "decision", "illustrative")
    list_filter = ("year", "province", "body_kind")
    inlines = (ItemInline,)


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ("organisation", "year", "state", "self_due", "submitted_at", "submitted_late")
    list_filter = ("year", "state")
    readonly_fields = ("version",)


@admin.register(ItemScore)
class ItemScoreAdmin(SimpleHistoryAdmin):
    list_display = ("item", "assessment", "proposed", "self_score", "appraised", "final")
    list_filter = ("assessment__year", "assessment__organisation")
    readonly_fields = ("version",)


admin.site.register(EvidenceFile)
admin.site.register(TaskLink)
