"""Data migration plans 0003: the plans already imported get their identity key (number,
issuer, year); a department that already holds the same plan twice keeps the key on the
first copy only, so the new constraint holds."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.scratch_db import scratch_database

BEFORE = [("plans", "0002_historicaltask")]
MIGRATION = ("plans", "0003_plans_archive_identity_tracking_start")


@pytest.mark.django_db
def test_existing_plans_get_their_identity_key(tmp_path):
    # An empty database migrated up to plans 0003 and through it (tests/scratch_db.py).
    with scratch_database(tmp_path) as scratch:
        keys = _identity_keys_after_the_migration(scratch)
    assert keys == {
        "first": "12/kh-sct|so cong thuong|2026",
        "copy": "",  # the later copy of the same plan: no key, the constraint holds
        "other-year": "12/kh-sct|so cong thuong|2025",
        "no-number": "",
        "other-org": "12/kh-sct|so cong thuong|2026",  # each department has its own plans
    }


def _identity_keys_after_the_migration(scratch) -> dict[str, str]:
    executor = MigrationExecutor(scratch)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Plan = apps.get_model("plans", "Plan")
    Organisation = apps.get_model("orgs", "Organisation")

    org = Organisation.objects.create(code="sct-mig", name="Sở Công Thương tỉnh Thử")
    other = Organisation.objects.create(code="sct-khac", name="Sở Công Thương tỉnh Khác")
    year = (date(2026, 1, 1), date(2026, 12, 31))
    first_at = timezone.make_aware(datetime(2026, 1, 20, 8, 0))
    rows = [
        # (name, org, number, issuer, period, sha, imported at)
        ("first", org, "12/KH-SCT", "Sở Công Thương tỉnh Thử", year, "a", first_at),
        ("copy", org, "12/KH-SCT ", "Sở Công Thương", year, "b", first_at + timedelta(days=1)),
        (
            "other-year",
            org,
            "12/KH-SCT",
            "Sở Công Thương",
            (date(2025, 1, 1), date(2025, 12, 31)),
            "c",
            first_at,
        ),
        ("no-number", org, "/KH-SCT", "Sở Công Thương", year, "d", first_at),
        ("other-org", other, "12/KH-SCT", "Sở Công Thương", year, "a", first_at),
    ]
    ids = {}
    for name, o, number, issuer, (start, end), sha, at in rows:
        plan = Plan.objects.create(
            organisation_id=o.pk,
            number=number,
            issuer=issuer,
            title=f"Kế hoạch {name}",
            period_start=start,
            period_end=end,
            source_sha256=sha * 64,
        )
        Plan.objects.filter(pk=plan.pk).update(created_at=at)  # auto_now_add: set it afterwards
        ids[name] = plan.pk

    executor = MigrationExecutor(scratch)
    executor.migrate([MIGRATION])
    after = executor.loader.project_state(MIGRATION).apps.get_model("plans", "Plan")
    return {name: after.objects.get(pk=pk).identity_key for name, pk in ids.items()}
