from django.contrib import admin

from cchc.plans.models import Plan, PlanImport, Target, Task, TaskUnit


class TaskUnitInline(admin.TabularInline):
    model = TaskUnit
    extra = 0
    autocomplete_fields = ("unit",)


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ("text", "metric", "op", "value", "unit", "scope")


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "organisation", "period_start", "period_end", "created_at")
    list_filter = ("organisation",)
    search_fields = ("number", "title")
    readonly_fields = ("source_sha256", "source_format", "created_by", "created_at")


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("__str__", "plan", "section", "number", "is_group")
    list_filter = ("plan__organisation", "plan", "is_group")
    search_fields = ("text", "product")
    raw_id_fields = ("plan", "parent")
    inlines = (TaskUnitInline, TargetInline)


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ("text", "plan", "section", "op", "value", "unit")
    list_filter = ("plan",)
    raw_id_fields = ("plan", "task")


@admin.register(PlanImport)
class PlanImportAdmin(admin.ModelAdmin):
    list_display = ("source_name", "organisation", "status", "created_by", "created_at", "version")
    list_filter = ("organisation", "status")
    readonly_fields = ("sha256", "parsed", "plan", "created_by", "created_at", "updated_at", "version")
