"""The plans' dossier targets take their measured value from the latest analysis, over the
plan's period, and are stored (TargetMeasure) so pages only read them."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from cchc.dossiers.models import TargetMeasure
from cchc.plans.models import Plan, Target
from tests.dossiers import data
from tests.dossiers.conftest import upload

pytestmark = pytest.mark.django_db


def make_plan(org, year: int = 2026, number: str = "12/KH-SCT") -> Plan:
    return Plan.objects.create(
        organisation=org,
        number=number,
        title=f"Kế hoạch CCHC năm {year}",
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        source_sha256=number.ljust(64, "0")[:64],
    )


def target(plan, text, metric, op, value, unit="%", kind=Target.Kind.TARGET) -> Target:
    return Target.objects.create(
        plan=plan, text=text, metric=metric, op=op, value=value, unit=unit, kind=kind
    )


@pytest.fixture
def plan_targets(org):
    plan = make_plan(org)
    return {
        "on_time": target(plan, "100% hồ sơ đúng hạn", "dossier_on_time_rate", "=", 100),
        "online_full": target(
            plan, "Tỷ lệ hồ sơ trực tuyến toàn trình đạt từ 50%", "online_full_share", ">=", 50
        ),
        "paid": target(plan, "thanh toán trực tuyến ≥ 60%", "paid_online_share", ">=", 60),
        "bcci": target(plan, "BCCI ≥ 10%", "postal_share", ">=", 10),
        "late": target(plan, "Không có hồ sơ trễ hạn", "late_dossiers", "=", 0, unit="count"),
        "intake": target(
            plan,
            "Tiếp nhận hồ sơ trực tuyến không quá 8 giờ làm việc",
            "online_intake_hours",
            "<=",
            8,
            "working_hour",
        ),
        "baseline": target(
            plan, "Năm 2025 đạt 95%", "dossier_on_time_rate", "=", 95, kind=Target.Kind.BASELINE
        ),
        "survey": target(plan, "Hài lòng trên 90%", "satisfaction", ">", 90),
    }


def test_targets_are_measured_after_an_upload(org, coordinator, plan_targets):
    upload(org, coordinator, data.export(*data.ALL))
    got = {
        m.target_id: (m.indicator, m.measured, m.attainment, m.numerator, m.denominator)
        for m in TargetMeasure.objects.filter(organisation=org)
    }
    t = plan_targets
    # 2026: finished 6 (D1 D2 D3 D4 D5 D8), in time 4; received 8, fully online 4 (D1 D2 D6 D7);
    # fee 3, paid online 1; postal 1 (D5); late 2; online 5, accepted late 1 (D4).
    assert got == {
        t["on_time"].pk: ("on_time_rate", Decimal("66.6700"), "khong_dat", 4, 6),
        t["online_full"].pk: ("online_full_share", Decimal("50.0000"), "dat", 4, 8),
        t["paid"].pk: ("paid_online_share", Decimal("33.3300"), "khong_dat", 1, 3),
        t["bcci"].pk: ("postal_share", Decimal("12.5000"), "dat", 1, 8),
        t["late"].pk: ("late_count", Decimal("2.0000"), "khong_dat", 2, 6),
        t["intake"].pk: ("acceptance_breaches", Decimal("1.0000"), "khong_dat", 1, 5),
    }


def test_a_plan_of_another_year_has_no_data(org, coordinator):
    old = target(make_plan(org, 2025, "3/KH-SCT"), "100% hồ sơ đúng hạn", "dossier_on_time_rate", "=", 100)
    upload(org, coordinator, data.export(*data.ALL))
    m = TargetMeasure.objects.get(target=old)
    assert (m.measured, m.attainment) == (None, "chua_co_so_lieu")


def test_a_reupload_updates_the_measure_in_place(org, coordinator, plan_targets):
    upload(org, coordinator, data.export("D1", "D2"))
    m = TargetMeasure.objects.get(target=plan_targets["on_time"])
    assert (m.measured, m.attainment) == (Decimal("100.0000"), "dat")
    upload(org, coordinator, data.export("D3"))
    m = TargetMeasure.objects.get(target=plan_targets["on_time"])
    assert (m.measured, m.attainment, m.numerator, m.denominator) == (Decimal("66.6700"), "khong_dat", 2, 3)
    assert TargetMeasure.objects.filter(target=plan_targets["on_time"]).count() == 1


def test_the_indicator_page_shows_the_targets_with_their_attainment(client, coordinator, plan_targets):
    upload(org := plan_targets["on_time"].plan.organisation, coordinator, data.export(*data.ALL))
    client.force_login(coordinator)
    html = client.get("/ho-so/").content.decode()
    row = re.search(rf'<tr id="measure-{plan_targets["on_time"].pk}">(.*?)</tr>', html, re.S).group(1)
    assert "100% hồ sơ đúng hạn" in row and "66,67 %" in row and "không đạt" in row and "4/6" in row
    row = re.search(rf'<tr id="measure-{plan_targets["bcci"].pk}">(.*?)</tr>', html, re.S).group(1)
    assert "12,5 %" in row and ">đạt<" in row
    assert f'id="measure-{plan_targets["survey"].pk}"' not in html
    assert org.pk


def test_the_plan_page_shows_a_tasks_dossier_target_with_its_measure(client, org, coordinator):
    from cchc.plans.models import Task

    plan = make_plan(org)
    task = Task.objects.create(plan=plan, order=1, number="2", text="Giải quyết hồ sơ TTHC đúng hạn.")
    t = target(plan, "100% hồ sơ đúng hạn", "dossier_on_time_rate", "=", 100)
    t.task = task
    t.save()
    upload(org, coordinator, data.export(*data.ALL))
    client.force_login(coordinator)
    html = client.get(f"/ke-hoach/{plan.pk}/").content.decode()
    measure = re.search(r'<span class="extra dossier-measure">(.*?)</span></span>', html, re.S).group(1)
    assert "Số liệu hồ sơ TTHC: 66,67 %" in measure and "không đạt" in measure
