"""Plans: archiving, the tracking start, the history of plans, and the identity key (number,
issuer, year) that finds the same plan imported again from other bytes.

The key of the plans already imported is filled in before the constraint is added; when a
department already holds the same plan twice (defect 3 of issue 8), the first one imported
keeps the key and the later copies get none, so the constraint holds and the Office can
still archive or delete the copies.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def fill_identity_keys(apps, schema_editor):
    from cchc.core.plan_identity import plan_key, plan_year

    Plan = apps.get_model("plans", "Plan")
    taken: set[tuple[int, str]] = set()
    plans = Plan.objects.select_related("organisation").order_by("created_at", "id")
    for plan in plans.iterator():
        year = plan_year(plan.period_start, plan.issued_on)
        key = plan_key(plan.number, plan.issuer, year, plan.organisation.name)
        if not key or (plan.organisation_id, key) in taken:
            continue
        taken.add((plan.organisation_id, key))
        Plan.objects.filter(pk=plan.pk).update(identity_key=key)


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0002_organisation_early_working_days_and_more"),
        ("plans", "0002_historicaltask"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalPlan",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("number", models.CharField(blank=True, max_length=100, verbose_name="số kế hoạch")),
                ("title", models.TextField(verbose_name="trích yếu")),
                ("issuer", models.CharField(blank=True, max_length=255, verbose_name="cơ quan ban hành")),
                ("issued_on", models.DateField(blank=True, null=True, verbose_name="ngày ban hành")),
                ("period_start", models.DateField(verbose_name="từ ngày")),
                ("period_end", models.DateField(verbose_name="đến ngày")),
                (
                    "reporting_rules",
                    models.JSONField(blank=True, default=list, verbose_name="quy định báo cáo"),
                ),
                (
                    "reporting_day",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, verbose_name="ngày báo cáo hàng tháng"
                    ),
                ),
                ("source_file", models.TextField(blank=True, max_length=500, verbose_name="tệp gốc")),
                ("source_name", models.CharField(blank=True, max_length=255, verbose_name="tên tệp gốc")),
                ("source_sha256", models.CharField(max_length=64, verbose_name="mã băm SHA-256 của tệp")),
                ("source_format", models.CharField(blank=True, max_length=20, verbose_name="định dạng tệp")),
                (
                    "created_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="thời điểm nhập"),
                ),
                (
                    "identity_key",
                    models.CharField(
                        blank=True,
                        db_default="",
                        max_length=300,
                        verbose_name="khoá nhận diện (số, cơ quan, năm)",
                    ),
                ),
                ("tracking_start", models.DateField(blank=True, null=True, verbose_name="theo dõi từ ngày")),
                (
                    "before_tracking",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("not_tracked", "Không theo dõi"),
                            ("done", "Đã thực hiện trước khi dùng hệ thống"),
                        ],
                        db_default="",
                        max_length=20,
                        verbose_name="nghĩa vụ có hạn trước ngày theo dõi",
                    ),
                ),
                ("archived_at", models.DateTimeField(blank=True, null=True, verbose_name="lưu trữ lúc")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
            ],
            options={
                "verbose_name": "historical kế hoạch",
                "verbose_name_plural": "historical kế hoạch",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name="plan",
            name="archived_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="lưu trữ lúc"),
        ),
        migrations.AddField(
            model_name="plan",
            name="archived_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="người lưu trữ",
            ),
        ),
        migrations.AddField(
            model_name="plan",
            name="before_tracking",
            field=models.CharField(
                blank=True,
                choices=[("not_tracked", "Không theo dõi"), ("done", "Đã thực hiện trước khi dùng hệ thống")],
                db_default="",
                max_length=20,
                verbose_name="nghĩa vụ có hạn trước ngày theo dõi",
            ),
        ),
        migrations.AddField(
            model_name="plan",
            name="identity_key",
            field=models.CharField(
                blank=True, db_default="", max_length=300, verbose_name="khoá nhận diện (số, cơ quan, năm)"
            ),
        ),
        migrations.AddField(
            model_name="plan",
            name="tracking_start",
            field=models.DateField(blank=True, null=True, verbose_name="theo dõi từ ngày"),
        ),
        migrations.RunPython(fill_identity_keys, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="plan",
            constraint=models.UniqueConstraint(
                condition=models.Q(("identity_key", ""), _negated=True),
                fields=("organisation", "identity_key"),
                name="plan_identity_unique_per_org",
            ),
        ),
        migrations.AddField(
            model_name="historicalplan",
            name="archived_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="người lưu trữ",
            ),
        ),
        migrations.AddField(
            model_name="historicalplan",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="người nhập",
            ),
        ),
        migrations.AddField(
            model_name="historicalplan",
            name="history_user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicalplan",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="orgs.organisation",
                verbose_name="cơ quan",
            ),
        ),
    ]
