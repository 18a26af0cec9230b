"""The country-wide period rules: the Ministry of Home Affairs' practice (core.reporting.periods).
Written as values, not imported, so that a later change of the defaults does not rewrite history."""

from django.db import migrations

# kind, period, label, end month (windows from 15/12 of the year before to the 14th; due the 20th)
RULES = (
    ("quarter", "Q1", "quý I", 3),
    ("quarter", "Q2", "quý II", 6),
    ("quarter", "Q3", "quý III", 9),
    ("quarter", "Q4", "quý IV", 12),
    ("half", "H1", "6 tháng đầu năm", 6),
    ("half", "H2", "năm", 12),
    ("nine_months", "", "9 tháng", 9),
    ("year", "", "năm", 12),
)


def seed(apps, schema_editor):
    PeriodRule = apps.get_model("reporting", "PeriodRule")
    for kind, period, label, end in RULES:
        PeriodRule.objects.get_or_create(
            province="",
            kind=kind,
            period=period,
            defaults={
                "label": label,
                "start_month": 12,
                "start_day": 15,
                "start_prev_year": True,
                "end_month": end,
                "end_day": 14,
                "due_month": end,
                "due_day": 20,
            },
        )


def unseed(apps, schema_editor):
    PeriodRule = apps.get_model("reporting", "PeriodRule")
    for kind, period, _label, _end in RULES:
        PeriodRule.objects.filter(province="", kind=kind, period=period).delete()


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
