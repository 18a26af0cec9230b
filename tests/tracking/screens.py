"""Fixtures and builders of the screens' tests (test_views_*.py, test_exports.py): a small
department, its people by role, a plan whose tasks and obligations are built by hand (no
parser, no planner), so each test controls the dates and statuses it checks.

Kept out of conftest.py (shared with the services' tests): a test module takes them with
``from tests.tracking.screens import *``.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from cchc.orgs.models import Membership
from cchc.plans.models import Plan, Target, Task, TaskUnit
from cchc.tracking.models import Obligation, ObligationStatus
from tests.factories import person


@pytest.fixture
def today() -> date:
    return timezone.localdate()


@pytest.fixture
def head(org):
    """Head of Phòng Quản lý Thương mại, the lead unit of the plan's first task."""
    return person(org, Membership.Role.UNIT_HEAD, "QLTM")


@pytest.fixture
def staff(org):
    return person(org, Membership.Role.UNIT_STAFF, "QLTM")


@pytest.fixture
def other_head(org):
    """Head of Thanh tra Sở: leads task 2, coordinates task 1."""
    return person(org, Membership.Role.UNIT_HEAD, "TTRA")


@pytest.fixture
def stranger_head(org):
    """Head of a unit with nothing to do with task 1 (Phòng Quản lý Năng lượng)."""
    return person(org, Membership.Role.UNIT_HEAD, "QLNL")


def login(client, user):
    client.force_login(user)
    return client


def make_plan(org, today: date, *, number: str = "15/KH-SCT") -> Plan:
    """A plan whose period runs half a year either side of today: the services' real clock
    then always finds the due dates ahead and the evidence dates inside the plan."""
    return Plan.objects.create(
        organisation=org,
        number=number,
        title="Kế hoạch cải cách hành chính năm nay",
        issuer="Sở Công Thương",
        issued_on=today - timedelta(days=170),
        period_start=today - timedelta(days=180),
        period_end=today + timedelta(days=180),
        source_sha256=f"{number}-sha".ljust(64, "0")[:64],
    )


def make_task(
    plan: Plan,
    order: int,
    text: str,
    *,
    lead: list[str],
    coord: list[str] = (),
    number: str | None = None,
    section: str = "I",
    section_title: str = "CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH",
    area: str = "direction",
    schedule: dict | None = None,
    schedule_text: str = "Trước ngày 30/06",
    product: str = "Văn bản được ban hành",
    is_group: bool = False,
) -> Task:
    task = Task.objects.create(
        plan=plan,
        order=order,
        number=number or str(order),
        section=section,
        section_title=section_title,
        area=area,
        text=text,
        schedule_text=schedule_text,
        schedule=schedule if schedule is not None else {"kind": "deadline", "text": schedule_text},
        product=product,
        is_group=is_group,
    )
    units = plan.organisation.units
    for code in lead:
        TaskUnit.objects.create(task=task, unit=units.get(code=code), role=TaskUnit.Role.LEAD, mention=code)
    for code in coord:
        TaskUnit.objects.create(
            task=task, unit=units.get(code=code), role=TaskUnit.Role.COORDINATING, mention=code
        )
    return task


def make_target(task: Task, *, op: str = ">=", value: str = "90", unit: str = "%", label: str = "") -> Target:
    return Target.objects.create(
        plan=task.plan,
        task=task,
        section=task.section,
        text=f"Tỷ lệ đạt {value}{unit}",
        label=label or "Tỷ lệ hồ sơ giải quyết đúng hạn",
        op=op,
        value=Decimal(value),
        unit=unit,
    )


def make_obligation(
    task: Task,
    unit_code: str,
    due: date | None,
    *,
    status: str = ObligationStatus.NOT_DUE,
    completed_on: date | None = None,
    current_due: date | None = None,
    key: str | None = None,
    label: str | None = None,
) -> Obligation:
    unit = task.plan.organisation.units.get(code=unit_code)
    return Obligation.objects.create(
        organisation=task.plan.organisation,
        plan=task.plan,
        task=task,
        unit=unit,
        period_key=key or (f"d{due.isoformat()}" if due else "event"),
        period_label=label or (f"Hạn {due:%d/%m/%Y}" if due else "Theo sự kiện"),
        due_date=due,
        current_due=current_due or due,
        extended=current_due is not None and current_due != due,
        status=status,
        completed_on=completed_on,
    )


@pytest.fixture
def plan(org, today):
    return make_plan(org, today)


@pytest.fixture
def task1(plan):
    """Led by QLTM, coordinated by Thanh tra Sở, with one target (≥ 90 %)."""
    task = make_task(
        plan,
        1,
        "Rà soát, công bố thủ tục hành chính thuộc lĩnh vực thương mại.",
        lead=["QLTM"],
        coord=["TTRA"],
        section="II",
        section_title="CẢI CÁCH THỦ TỤC HÀNH CHÍNH",
        area="procedures",
        product="Tỷ lệ hồ sơ giải quyết đúng hạn đạt từ 90%",
    )
    make_target(task)
    return task


@pytest.fixture
def task2(plan):
    return make_task(plan, 2, "Kiểm tra công tác CCHC tại các đơn vị.", lead=["TTRA"])


@pytest.fixture
def ob1(task1, today):
    """QLTM's obligation on task 1, due in three weeks."""
    return make_obligation(task1, "QLTM", today + timedelta(days=21))


@pytest.fixture
def ob2(task2, today):
    return make_obligation(task2, "TTRA", today + timedelta(days=30))
