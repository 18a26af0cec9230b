"""Archiving, reopening and deleting a plan (issue 8: "nothing can delete or archive a plan").

Archived: kept and readable, out of the board, the counts and the reminders, read-only;
reopening brings back exactly what archiving took away. Deleted: only while nothing was
reported on it, with its tasks and obligations, audited, Office and leadership only, after
a confirmation page."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cchc.chasing.models import Notification
from cchc.demo.seed import DEMO_PLAN
from cchc.orgs.models import Membership
from cchc.plans.models import Plan, PlanImport, Task
from cchc.tracking import confirming, lifecycle, planning, reports
from cchc.tracking.errors import Conflict
from cchc.tracking.models import (
    Contribution,
    Evidence,
    ExtensionRequest,
    Obligation,
    ObligationStatus,
    Report,
)
from tests.dom import by_id, dom, find, find_all, text
from tests.factories import make_user

pytestmark = pytest.mark.django_db
Role = Membership.Role


@pytest.fixture
def plan(org, coordinator):
    """The demo plan, followed from its start: overdue work, so reminders have something to say."""
    return confirming.import_plan_file(org, DEMO_PLAN, user=coordinator)


@pytest.fixture
def vp_head(org):
    user = make_user(org, Role.UNIT_HEAD, "truongvp", unit_code="VP")
    user.email = "truongvp@example.invalid"
    user.save()
    return user


def active(plan: Plan):
    return Obligation.objects.filter(plan=plan, is_active=True)


def post(client, name: str, plan: Plan):
    return client.post(reverse(f"plans:{name}", args=[plan.pk]))


def messages_of(client, url: str) -> list[str]:
    return [text(li) for li in find_all(dom(client.get(url)), '//ul[@class="messages"]/li')]


# --- archive and reopen -------------------------------------------------------------------------


def test_archiving_takes_the_plan_off_the_board_and_keeps_it_readable(coord_client, coordinator, plan):
    followed = set(active(plan).values_list("pk", flat=True))
    assert followed
    response = post(coord_client, "archive", plan)
    assert response.status_code == 302 and response.url == reverse("plans:detail", args=[plan.pk])
    plan.refresh_from_db()
    assert plan.is_archived and plan.archived_by == coordinator
    assert not active(plan).exists()  # the board, counts, reminders and digests read active rows only
    assert set(Obligation.objects.filter(plan=plan, archived=True).values_list("pk", flat=True)) == followed
    page = dom(coord_client.get(response.url))
    assert text(find(page, '//ul[@class="messages"]/li')).startswith("Đã lưu trữ kế hoạch số 12/KH-SCT")
    assert "chỉ xem, không theo dõi, không nhắc việc" in text(by_id(page, "archived-banner"))
    actions = by_id(page, "plan-actions")
    assert [text(b) for b in find_all(actions, ".//button")] == ["Mở lại kế hoạch"]
    # Still on the plan list, apart.
    listing = dom(coord_client.get(reverse("plans:list")))
    assert by_id(by_id(listing, "luu-tru"), f"plan-{plan.pk}") is not None
    assert by_id(by_id(listing, "dang-theo-doi"), f"plan-{plan.pk}") is None
    # The history says who did it.
    last = plan.history.first()
    assert (last.history_user, last.history_change_reason) == (coordinator, "Lưu trữ kế hoạch")
    assert Obligation.history.filter(
        plan_id=plan.pk, history_change_reason="Lưu trữ kế hoạch"
    ).count() == len(followed)


def test_no_reminder_is_sent_for_an_archived_plan(org, coordinator, plan, vp_head):
    assert Obligation.objects.filter(plan=plan, unit__code="VP", status=ObligationStatus.OVERDUE).exists()
    lifecycle.archive_plan(plan, coordinator)
    call_command("remind", "--once", "--org", org.code)
    assert not Notification.objects.filter(obligation__plan=plan).exists()
    # The control: the same pass chases it once the plan is reopened.
    lifecycle.reopen_plan(plan, coordinator)
    call_command("remind", "--once", "--org", org.code)
    assert Notification.objects.filter(obligation__plan=plan, recipient=vp_head).exists()


def test_an_archived_plan_is_read_only(org, coordinator, plan, vp_head):
    obligation = Obligation.objects.filter(plan=plan, unit__code="VP").order_by("due_date").last()
    lifecycle.archive_plan(plan, coordinator)
    obligation.refresh_from_db()
    with pytest.raises(Conflict, match="đã được lưu trữ"):
        reports.save_draft(obligation, vp_head, narrative="Đã làm.", progress=50)
    task = obligation.task
    with pytest.raises(planning.PlanningError, match="đã được lưu trữ"):
        planning.edit_task_schedule(
            task, text="Quý IV", user=coordinator, today=timezone.localdate(), expected_version=task.version
        )


def test_reopening_brings_back_exactly_what_archiving_took(coordinator, plan):
    dropped = Obligation.objects.filter(plan=plan).first()
    dropped.is_active = False  # a period a re-planned schedule dropped: stays off
    dropped.save()
    followed = set(active(plan).values_list("pk", flat=True))
    lifecycle.archive_plan(plan, coordinator)
    lifecycle.reopen_plan(plan, coordinator)
    plan.refresh_from_db()
    assert not plan.is_archived
    assert set(active(plan).values_list("pk", flat=True)) == followed
    assert not Obligation.objects.filter(plan=plan, archived=True).exists()


def test_reopening_gives_todays_status(coordinator, plan):
    o = active(plan).filter(status=ObligationStatus.NOT_DUE).order_by("due_date").first()
    lifecycle.archive_plan(plan, coordinator)
    # Time passes while the plan is archived: the due date is behind us when it is reopened.
    Obligation.objects.filter(pk=o.pk).update(due_date=timezone.localdate() - timedelta(days=3))
    Obligation.objects.filter(pk=o.pk).update(current_due=timezone.localdate() - timedelta(days=3))
    lifecycle.reopen_plan(plan, coordinator)
    o.refresh_from_db()
    assert (o.is_active, o.status) == (True, ObligationStatus.OVERDUE)


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        ("archive", "archive", "Kế hoạch này đã được lưu trữ rồi."),
        (None, "reopen", "Kế hoạch này đang được theo dõi (chưa lưu trữ)."),
    ],
)
def test_archiving_twice_is_answered_with_a_message(coord_client, plan, first, second, message):
    if first:
        post(coord_client, first, plan)
    response = post(coord_client, second, plan)
    assert message in messages_of(coord_client, response.url)


# --- delete ---------------------------------------------------------------------------------------


def test_the_delete_page_is_a_confirmation_step(coord_client, plan):
    page = dom(coord_client.get(reverse("plans:delete", args=[plan.pk])))
    box = by_id(page, "delete-confirm")
    assert "27 nhiệm vụ" in text(box) and f"{plan.obligations.count()} nghĩa vụ báo cáo" in text(box)
    form = find(box, ".//form")
    assert form.get("method") == "post" and form.get("action") == reverse("plans:delete", args=[plan.pk])
    assert text(find(form, ".//button")) == "Xóa vĩnh viễn kế hoạch"
    assert Plan.objects.filter(pk=plan.pk).exists()  # the page itself deletes nothing


def test_deleting_a_plan_imported_by_mistake(
    coord_client, coordinator, org, plan, media_root, django_capture_on_commit_callbacks
):
    stored = plan.source_file.path
    task_ids = list(plan.tasks.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the deletion is committed
        response = post(coord_client, "delete", plan)
    assert response.status_code == 302 and response.url == reverse("plans:list")
    assert not Plan.objects.filter(pk=plan.pk).exists()
    assert not Task.objects.filter(pk__in=task_ids).exists()
    assert not Obligation.objects.filter(plan_id=plan.pk).exists()
    assert PlanImport.objects.get(organisation=org).status == PlanImport.Status.DISCARDED
    assert not os.path.exists(stored)
    # Audited: who, when, which plan, and the list of deleted plans says it.
    record = Plan.history.get(id=plan.pk, history_type="-")
    assert (record.history_user, record.number, record.history_change_reason) == (
        coordinator,
        "12/KH-SCT",
        "Xóa kế hoạch nhập nhầm",
    )
    page = dom(coord_client.get(response.url))
    assert "Đã xóa kế hoạch số 12/KH-SCT" in text(find(page, '//ul[@class="messages"]/li'))
    row = find(by_id(page, "da-xoa"), ".//tbody/tr")
    cells = [text(td) for td in row.iter("td")]
    assert cells[0] == "12/KH-SCT" and cells[2] == "Nghiệm Thử"  # family name first


def _report(o: Obligation, user) -> Report:
    return Report.objects.create(obligation=o, unit=o.unit, narrative="Đã làm", created_by=user)


REPORTED = {
    "a draft report": lambda o, u: _report(o, u),
    "a report with evidence": lambda o, u: Evidence.objects.create(
        report=_report(o, u), doc_number="1/QĐ", doc_date=o.due_date, summary="QĐ", uploaded_by=u
    ),
    "a contribution": lambda o, u: Contribution.objects.create(
        obligation=o, unit=o.unit, text="Đã phối hợp", created_by=u
    ),
    "an extension request": lambda o, u: ExtensionRequest.objects.create(
        obligation=o, requested_by=u, reason="Chờ số liệu", requested_due=o.due_date + timedelta(days=10)
    ),
}


@pytest.mark.parametrize("what", list(REPORTED))
def test_a_plan_reported_on_is_not_deleted_but_archiving_is_offered(coord_client, coordinator, plan, what):
    REPORTED[what](Obligation.objects.filter(plan=plan).first(), coordinator)
    page = coord_client.get(reverse("plans:delete", args=[plan.pk]))
    assert page.status_code == 409
    refused = by_id(dom(page), "delete-refused")
    assert "lưu trữ" in text(refused)
    assert find(refused, ".//form").get("action") == reverse("plans:archive", args=[plan.pk])
    response = post(coord_client, "delete", plan)
    assert Plan.objects.filter(pk=plan.pk).exists()
    (message,) = messages_of(coord_client, response.url)
    assert message.startswith("Không xóa được kế hoạch số 12/KH-SCT") and "Hãy lưu trữ kế hoạch" in message


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.LEADER, True),
        (Role.COORDINATOR, True),
        (Role.UNIT_HEAD, False),
        (Role.UNIT_STAFF, False),
        (Role.OBSERVER, False),
    ],
)
def test_only_the_office_and_leadership_archive_and_delete(client, org, plan, role, allowed):
    client.force_login(make_user(org, role, f"nguoi-{role}", unit_code="QLTM" if "unit" in role else None))
    detail = dom(client.get(reverse("plans:detail", args=[plan.pk])))
    shown = [text(x) for x in find_all(by_id(detail, "plan-actions"), ".//button | .//a")]
    assert ("Lưu trữ kế hoạch" in shown) is allowed and ("Xóa kế hoạch…" in shown) is allowed
    assert client.get(reverse("plans:delete", args=[plan.pk])).status_code == (200 if allowed else 403)
    assert post(client, "archive", plan).status_code == (302 if allowed else 403)
    plan.refresh_from_db()
    assert plan.is_archived is allowed
    assert post(client, "delete", plan).status_code == (302 if allowed else 403)


def test_another_departments_plan_cannot_be_touched(client, plan):
    from tests.factories import make_org

    other = make_org("sct-khac", "Sở Công Thương tỉnh Khác")
    client.force_login(make_user(other, Role.COORDINATOR, "vp-khac"))
    for name in ("archive", "reopen", "delete"):
        assert post(client, name, plan).status_code == 404
    assert Plan.objects.get(pk=plan.pk).archived_at is None
