"""Editing a task's "Thời gian / Tiến độ" re-plans its future obligations and keeps the
past and reported ones; the edit is in the task's history; stale edits are refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cchc.core.periods import Period
from cchc.core.schedule import parse_schedule
from cchc.tracking import planning
from cchc.tracking.models import Obligation, Report
from tests.tracking.screens import *  # noqa: F403
from tests.tracking.screens import login, make_task

pytestmark = pytest.mark.django_db


def _monthly_task(plan):
    period = Period(plan.period_start, plan.period_end)
    sched = parse_schedule("Định kỳ hàng tháng", period, reporting_day=25)
    task = make_task(
        plan,
        9,
        "Báo cáo tiến độ hàng tháng",
        lead=["VP"],
        schedule=sched.to_dict(),
        schedule_text="Định kỳ hàng tháng",
    )
    planning.create_obligations_for_plan(plan, today=plan.period_start)
    return task


def _post(client, task, text, version):
    return client.post(
        reverse("tracking:task_edit_schedule", args=[task.pk]), {"text": text, "version": version}
    )


def test_edit_replans_the_future_and_keeps_the_past(client, coordinator, plan, today, head):
    task = _monthly_task(plan)
    months = Obligation.objects.filter(task=task).count()
    assert months >= 11
    past = Obligation.objects.filter(task=task, due_date__lt=today).order_by("due_date")
    reported = Obligation.objects.filter(task=task, due_date__gte=today).order_by("due_date").first()
    Report.objects.create(obligation=reported, unit=reported.unit, narrative="Đang làm", created_by=head)
    n_past = past.count()

    login(client, coordinator)
    resp = _post(client, task, f"Trước ngày {plan.period_end:%d/%m/%Y}", task.version)
    assert resp.status_code == 302
    task.refresh_from_db()
    assert task.schedule["kind"] == "deadline" and task.version == 2
    active = Obligation.objects.filter(task=task, is_active=True)
    # Past months stay as they were (they count in the statistics); the reported future month
    # is kept for its history but taken off the board; the rest give way to one deadline.
    assert active.filter(due_date__lt=today).count() == n_past
    assert Obligation.objects.get(pk=reported.pk).is_active is False
    assert active.filter(period_key__startswith="d").count() == 1
    assert task.history.first().history_user == coordinator
    assert task.history.first().schedule_text.startswith("Trước ngày")


def test_a_stale_edit_is_refused_and_changes_nothing(client, coordinator, plan):
    task = _monthly_task(plan)
    before = list(Obligation.objects.filter(task=task).values_list("pk", "due_date"))
    login(client, coordinator)
    resp = _post(client, task, "Quý IV", task.version - 1 if task.version > 1 else 99)
    assert resp.status_code == 409
    assert "người khác sửa" in resp.content.decode()
    assert list(Obligation.objects.filter(task=task).values_list("pk", "due_date")) == before


def test_unit_heads_may_not_edit_the_schedule(client, head, plan):
    task = _monthly_task(plan)
    login(client, head)
    assert _post(client, task, "Quý IV", task.version).status_code == 403


def test_empty_text_is_refused(client, coordinator, plan):
    task = _monthly_task(plan)
    login(client, coordinator)
    resp = _post(client, task, "   ", task.version)
    assert resp.status_code in (400, 409)
    task.refresh_from_db()
    assert task.schedule_text == "Định kỳ hàng tháng"


def test_the_task_page_offers_the_form_to_the_office(client, coordinator, plan):
    task = _monthly_task(plan)
    login(client, coordinator)
    page = client.get(reverse("tracking:task", args=[task.pk])).content.decode()
    assert "Sửa thời gian / tiến độ" in page and 'value="Định kỳ hàng tháng"' in page
