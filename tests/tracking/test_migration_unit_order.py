"""Data migration tracking 0003: obligations that existed before it take their unit's order."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# Plans as tracking 0003 found them too: a later plans migration (a new Task column) must not be
# left applied under the old models this test writes with.
BEFORE = [("tracking", "0002_boardversion"), ("plans", "0002_historicaltask")]


@pytest.mark.django_db(transaction=True)
def test_existing_obligations_take_their_units_order():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)  # also steps back what depends on tracking 0003
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

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from cchc.tracking.models import Obligation as Current

    orders = dict(Current.objects.filter(plan_id=plan.pk).values_list("unit__code", "unit_order"))
    assert orders == {"vp": 7, "ttra": 2}
