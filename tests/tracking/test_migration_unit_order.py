"""Data migration tracking 0003: obligations that existed before it take their unit's order."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.migrations.executor import MigrationExecutor

from tests.scratch_db import scratch_database

# Plans as tracking 0003 found them too: a later plans migration (a new Task column) must not be
# applied under the old models this test writes with.
BEFORE = [("tracking", "0002_boardversion"), ("plans", "0002_historicaltask")]
MIGRATION = ("tracking", "0003_obligation_unit_order")


@pytest.mark.django_db
def test_existing_obligations_take_their_units_order(tmp_path):
    # An empty database migrated up to tracking 0003 and through it (tests/scratch_db.py).
    with scratch_database(tmp_path) as scratch:
        orders = _unit_orders_after_the_migration(scratch)
    assert orders == {"vp": 7, "ttra": 2}


def _unit_orders_after_the_migration(scratch) -> dict[str, int]:
    executor = MigrationExecutor(scratch)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    org = apps.get_model("orgs", "Organisation").objects.create(code="sct-mig", name="Sở thử")
    Unit = apps.get_model("orgs", "Unit")
    first = Unit.objects.create(organisation=org, code="vp", name="Văn phòng Sở", order=7)
    second = Unit.objects.create(organisation=org, code="ttra", name="Thanh tra Sở", order=2)
    plan = apps.get_model("plans", "Plan").objects.create(
        organisation=org, title="Kế hoạch CCHC", period_start=date(2026, 1, 1), period_end=date(2026, 12, 31)
    )
    task = apps.get_model("plans", "Task").objects.create(plan=plan, order=1, text="Nhiệm vụ")
    Obligation = apps.get_model("tracking", "Obligation")
    for unit in (first, second):
        Obligation.objects.create(
            organisation=org, plan=plan, task=task, unit=unit, period_key="2026", period_label="Năm 2026"
        )

    executor = MigrationExecutor(scratch)
    executor.migrate([MIGRATION])
    after = executor.loader.project_state(MIGRATION).apps.get_model("tracking", "Obligation")
    return dict(after.objects.filter(plan_id=plan.pk).values_list("unit__code", "unit_order"))
