from django.contrib import admin

from cchc.orgs.forms import OrganisationForm, UnitForm
from cchc.orgs.models import CalendarDay, Membership, Organisation, Unit, UnitAlias, Weekday


class UnitInline(admin.TabularInline):
    model = Unit
    form = UnitForm
    extra = 0
    fields = ("order", "code", "name", "kind", "affiliation", "abbreviations", "is_active")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationForm
    list_display = (
        "name",
        "code",
        "province",
        "reporting_day",
        "weekly_digest_weekday",
        "early_working_days",
    )
    search_fields = ("name", "code", "province")
    inlines = (UnitInline,)
    fieldsets = (
        (None, {"fields": ("code", "name", "province")}),
        (
            "Theo dõi, đôn đốc",
            {
                "fields": (
                    "reporting_day",
                    "early_working_days",
                    "remind_before_days",
                    "escalate_after_days",
                    "stale_after_days",
                    "weekly_message_cap",
                    ("weekly_digest_weekday", "weekly_digest_hour"),
                )
            },
        ),
    )


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    form = UnitForm
    list_display = ("name", "code", "organisation", "kind", "affiliation", "is_active", "order")
    list_filter = ("organisation", "kind", "affiliation", "is_active")
    search_fields = ("name", "code")


@admin.register(UnitAlias)
class UnitAliasAdmin(admin.ModelAdmin):
    list_display = ("text", "organisation", "unit", "group_key", "ignore", "created_by", "created_at")
    list_filter = ("organisation", "ignore")
    search_fields = ("text", "key")
    readonly_fields = ("key", "created_by", "created_at")

    def save_model(self, request, obj, form, change):
        from cchc.core.text import fold

        obj.key = fold(obj.text)
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "role", "unit")
    list_filter = ("organisation", "role")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    autocomplete_fields = ("user",)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """The editable table over the seeded holidays: extra days off, swapped days, make-up
    working Saturdays (e.g. 2026: Monday 31/8 off, Saturday 22/8 worked)."""

    list_display = ("day", "weekday", "working", "name", "province")
    list_filter = ("working", "province")
    search_fields = ("name", "province")
    date_hierarchy = "day"
    ordering = ("-day",)

    @admin.display(description="thứ")
    def weekday(self, obj):
        return Weekday(obj.day.weekday()).label
