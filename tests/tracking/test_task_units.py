"""Fixing a task's lead and coordinating units after import ("Sửa đơn vị chủ trì / phối hợp"):
a new lead unit gets the periods still ahead as the plan's confirmation made them for the
others, a removed one loses its untouched future periods and keeps its past and reported
ones, the change is in the task's history, stale edits are refused, and only the Office and
leadership may do it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cchc.core.periods import Period
from cchc.core.schedule import parse_schedule
from cchc.orgs.models import Unit
from cchc.plans.models import TaskUnit
from cchc.tracking import audit, permissions, planning, task_units
from cchc.tracking.models import Obligation, Report
from tests.tracking import page
from tests.tracking.screens import *  # noqa: F403
from tests.tracking.screens import login, make_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def monthly(plan):
    """A monthly task led by Phòng Quản lý Thương mại, coordinated by Thanh tra Sở, with its
    obligations made by the planner as at the plan's confirmation."""
    period = Period(plan.period_start, plan.period_end)
    sched = parse_schedule("Định kỳ hàng tháng", period, reporting_day=25)
    task = make_task(
        plan,
        9,
        "Báo cáo tiến độ hàng tháng",
        lead=["QLTM"],
        coord=["TTRA"],
        schedule=sched.to_dict(),
        schedule_text="Định kỳ hàng tháng",
    )
    planning.create_obligations_for_plan(plan, today=plan.period_start)
    return task


def unit(org, code: str) -> Unit:
    return org.units.get(code=code)


def roles(task) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {"lead": set(), "coordinating": set()}
    for code, role in TaskUnit.objects.filter(task=task).values_list("unit__code", "role"):
        out[role].add(code)
    return out


def test_new_lead_unit_gets_the_periods_ahead_and_the_old_one_keeps_its_record(
    org, monthly, coordinator, head, today
):
    task = monthly
    qltm = Obligation.objects.filter(task=task, unit__code="QLTM")
    past = set(qltm.filter(due_date__lt=today).values_list("pk", flat=True))
    ahead = list(qltm.filter(due_date__gte=today).order_by("due_date"))
    assert past and len(ahead) >= 3
    reported = ahead[0]
    Report.objects.create(obligation=reported, unit=reported.unit, narrative="Đang làm", created_by=head)

    _, edit = task_units.edit_task_units(
        task,
        lead=[unit(org, "TTRA")],
        coordinating=[unit(org, "QLTM")],
        user=coordinator,
        today=today,
        expected_version=task.version,
    )
    assert [u.code for u in edit.added_lead] == ["TTRA"] and [u.code for u in edit.removed_lead] == ["QLTM"]
    assert [u.code for u in edit.added_coordinating] == ["QLTM"]
    assert [u.code for u in edit.removed_coordinating] == ["TTRA"]
    assert roles(task) == {"lead": {"TTRA"}, "coordinating": {"QLTM"}}

    # The new lead unit: the periods ahead, as the confirmation made them for QLTM.
    new = list(Obligation.objects.filter(task=task, unit__code="TTRA").order_by("due_date"))
    expected = [(o.period_key, o.period_label, o.due_date, o.status) for o in ahead]
    assert [(o.period_key, o.period_label, o.due_date, o.status) for o in new] == expected
    assert all(o.is_active and o.unit_order == unit(org, "TTRA").order for o in new)
    assert edit.replan.created == len(ahead)
    # The removed lead unit: its past periods are kept as they were, the reported one kept off
    # the board, the untouched ones ahead deleted.
    left = {o.pk: o for o in Obligation.objects.filter(task=task, unit__code="QLTM")}
    assert set(left) == past | {reported.pk}
    assert all(left[pk].is_active for pk in past) and not left[reported.pk].is_active
    assert edit.replan.deleted == len(ahead) - 1
    assert edit.kept_of_removed == len(past) + 1


def test_the_change_is_in_the_tasks_history(org, monthly, coordinator, today):
    task_units.edit_task_units(
        monthly,
        lead=[unit(org, "QLTM"), unit(org, "QLNL")],
        coordinating=[],
        user=coordinator,
        today=today,
        expected_version=monthly.version,
    )
    line = audit.history_of(monthly)[-1]
    assert line.who == coordinator
    assert line.what == (
        "Sửa đơn vị chủ trì / phối hợp: đơn vị chủ trì: thêm Phòng Quản lý Năng lượng | "
        "đơn vị phối hợp: bỏ Thanh tra Sở"
    )


def test_a_stale_edit_is_refused_and_changes_nothing(org, monthly, coordinator, today):
    before = sorted(Obligation.objects.filter(task=monthly).values_list("pk", flat=True))
    with pytest.raises(planning.PlanningError, match="người khác sửa"):
        task_units.edit_task_units(
            monthly,
            lead=[unit(org, "TTRA")],
            coordinating=[],
            user=coordinator,
            today=today,
            expected_version=monthly.version + 1,
        )
    assert roles(monthly) == {"lead": {"QLTM"}, "coordinating": {"TTRA"}}
    assert sorted(Obligation.objects.filter(task=monthly).values_list("pk", flat=True)) == before


@pytest.mark.parametrize(
    ("lead", "coordinating", "message"),
    [
        ([], ["TTRA"], "Hãy chọn ít nhất một đơn vị chủ trì."),
        (["QLTM"], ["QLTM"], "Một đơn vị không vừa chủ trì vừa phối hợp"),
    ],
)
def test_refusals(org, monthly, coordinator, today, lead, coordinating, message):
    with pytest.raises(planning.PlanningError, match=message):
        task_units.edit_task_units(
            monthly,
            lead=[unit(org, c) for c in lead],
            coordinating=[unit(org, c) for c in coordinating],
            user=coordinator,
            today=today,
            expected_version=monthly.version,
        )


def test_a_unit_of_another_department_is_refused(monthly, coordinator, today):
    from tests.factories import make_org

    stranger = make_org("sct-khac", "Sở khác").units.first()
    with pytest.raises(planning.PlanningError, match="danh mục của Sở"):
        task_units.edit_task_units(
            monthly, lead=[stranger], coordinating=[], user=coordinator, today=today, expected_version=1
        )


def test_a_new_coordinating_unit_may_contribute(org, monthly, coordinator, stranger_head, today):
    ob = Obligation.objects.filter(task=monthly, due_date__gte=today).first()
    assert not permissions.can_view(stranger_head, ob)
    task_units.edit_task_units(
        monthly,
        lead=[unit(org, "QLTM")],
        coordinating=[unit(org, "TTRA"), unit(org, "QLNL")],
        user=coordinator,
        today=today,
        expected_version=monthly.version,
    )
    assert permissions.can_view(stranger_head, ob) and permissions.can_contribute(stranger_head, ob)


def test_unresolved_mentions_are_cleared_outside_bodies_kept(org, monthly, coordinator, today):
    monthly.unresolved_units = [
        {"text": "Phòng QLXYZ", "role": "lead", "status": "unknown"},
        {"text": "Sở Nội vụ", "role": "coordinating", "status": "external"},
    ]
    monthly.save()
    task, _ = task_units.edit_task_units(
        monthly,
        lead=[unit(org, "QLTM")],
        coordinating=[unit(org, "TTRA")],
        user=coordinator,
        today=today,
        expected_version=monthly.version,
    )
    assert task.unresolved_units == [{"text": "Sở Nội vụ", "role": "coordinating", "status": "external"}]


# --- the screen ---------------------------------------------------------------------------------


def post_units(client, task, lead, coordinating, version):
    return client.post(
        reverse("tracking:task_edit_units", args=[task.pk]),
        {"lead": lead, "coordinating": coordinating, "version": version},
    )


def test_office_fixes_the_units_from_the_task_page(client, org, coordinator, monthly, today):
    login(client, coordinator)
    doc = page.parse(client.get(reverse("tracking:task", args=[monthly.pk])))
    box = page.by_id(doc, "sua-don-vi")
    assert page.text(box.xpath("./summary")[0]) == "Sửa đơn vị chủ trì / phối hợp"
    form = box.xpath(".//form")[0]
    assert form.get("action") == reverse("tracking:task_edit_units", args=[monthly.pk]) + "#loi-don-vi"
    checked = {(i.get("name"), i.get("value")) for i in form.xpath(".//input[@type='checkbox'][@checked]")}
    assert checked == {("lead", str(unit(org, "QLTM").pk)), ("coordinating", str(unit(org, "TTRA").pk))}
    lead_choices = {i.get("value") for i in form.xpath(".//input[@name='lead']")}
    assert str(unit(org, "QLNL").pk) in lead_choices
    help_text = page.text(form.xpath(".//p[@class='help']")[0])
    assert "các kỳ đã qua hoặc đã có báo cáo được giữ nguyên" in help_text

    qlnl = unit(org, "QLNL")
    response = post_units(client, monthly, [unit(org, "QLTM").pk, qlnl.pk], [], monthly.version)
    assert response.status_code == 302
    assert response.url == reverse("tracking:task", args=[monthly.pk])
    doc = page.parse(client.get(response.url))
    ahead = Obligation.objects.filter(task=monthly, unit=qlnl).count()
    assert ahead > 0
    assert page.messages(doc) == [f"Đã sửa đơn vị của nhiệm vụ: {ahead} kỳ mới cho đơn vị chủ trì mới."]
    history = page.text(doc.xpath("//details[contains(@class,'history')]")[-1])
    assert "Sửa đơn vị chủ trì / phối hợp: đơn vị chủ trì: thêm Phòng Quản lý Năng lượng" in history
    facts = page.text(doc.xpath("//dl[@class='facts']")[0])
    assert "Phòng Quản lý Năng lượng" in facts


def test_the_screen_says_what_was_kept(client, org, coordinator, monthly, today):
    past = Obligation.objects.filter(task=monthly, unit__code="QLTM", due_date__lt=today).count()
    login(client, coordinator)
    response = post_units(client, monthly, [unit(org, "TTRA").pk], [], monthly.version)
    doc = page.parse(client.get(response.url))
    (message,) = page.messages(doc)
    assert message.endswith(f"{past} kỳ đã qua hoặc đã có báo cáo của đơn vị đó được giữ nguyên.")


def test_form_errors_are_shown_on_the_form(client, org, coordinator, monthly):
    login(client, coordinator)
    response = post_units(client, monthly, [], [unit(org, "TTRA").pk], monthly.version)
    assert response.status_code == 400
    doc = page.parse(response)
    box = page.by_id(doc, "sua-don-vi")
    assert box.get("open") is not None
    assert "Hãy chọn ít nhất một đơn vị chủ trì." in page.text(box)
    assert doc.xpath("//input[@name='lead'][@autofocus]")


def test_a_concurrent_edit_is_a_message_not_a_500(client, org, coordinator, leader, monthly):
    login(client, leader)
    assert post_units(client, monthly, [unit(org, "TTRA").pk], [], monthly.version).status_code == 302
    client.logout()
    login(client, coordinator)
    response = post_units(client, monthly, [unit(org, "QLNL").pk], [], monthly.version)  # loaded before
    assert response.status_code == 409
    doc = page.parse(response)
    assert "Nhiệm vụ đã được người khác sửa, hãy tải lại trang rồi sửa lại." in page.messages(doc)
    assert "người khác sửa" in page.text(page.by_id(doc, "loi-don-vi"))  # the page lands on it
    assert roles(monthly)["lead"] == {"TTRA"}


def test_unit_people_may_not_edit_units(client, org, head, monthly):
    login(client, head)
    doc = page.parse(client.get(reverse("tracking:task", args=[monthly.pk])))
    assert page.by_id(doc, "sua-don-vi") is None
    assert post_units(client, monthly, [unit(org, "TTRA").pk], [], monthly.version).status_code == 403
    assert roles(monthly)["lead"] == {"QLTM"}
