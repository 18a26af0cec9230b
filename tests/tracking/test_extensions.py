"""Extension requests: asked by the unit head before the due date, decided by leadership or
the Office; the original due date stays for the statistics."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.db.models import F

from cchc.tracking import extensions, reports
from cchc.tracking.errors import Conflict, InvalidInput, NotAllowed
from cchc.tracking.models import ExtensionRequest, Obligation
from cchc.tracking.reports import EvidenceInput
from tests.tracking.conftest import world_obligation

State = ExtensionRequest.State


def ask(world, obligation=None, user=None, days=15, reason="Chờ ý kiến của Sở Tư pháp.", **kwargs):
    obligation = obligation or world.obligation
    new_date = (
        obligation.current_due + timedelta(days=days) if "new_date" not in kwargs else kwargs.pop("new_date")
    )
    return extensions.request_extension(
        obligation, user or world.head, reason=reason, new_date=new_date, **kwargs
    )


def unchanged(world) -> None:
    o = Obligation.objects.get(pk=world.obligation.pk)
    assert (o.current_due, o.due_date, o.extended, o.version) == (
        world.today + timedelta(days=30),
        world.today + timedelta(days=30),
        False,
        1,
    )


# --- asking -----------------------------------------------------------------------------------


def test_the_unit_head_asks_for_more_time(world):
    request = ask(world, days=15)
    assert (request.state, request.requested_by, request.requested_due) == (
        State.PENDING,
        world.head,
        world.today + timedelta(days=45),
    )
    world.obligation.refresh_from_db()
    # Asking changes no date: only an approval does.
    assert world.obligation.current_due == world.today + timedelta(days=30)
    assert world.obligation.last_activity_at is not None


@pytest.mark.parametrize(
    ("due_offset", "new_offset", "reason", "ok", "fragment"),
    [
        (30, 45, "Chờ số liệu", True, None),
        (0, 10, "Chờ số liệu", True, None),  # on the due date itself: still before it passes
        (-1, 10, "Chờ số liệu", False, "Chỉ được đề nghị gia hạn trước hạn"),
        (-30, 10, "Chờ số liệu", False, "Chỉ được đề nghị gia hạn trước hạn"),
        (30, 30, "Chờ số liệu", False, "phải sau hạn hiện tại"),
        (30, 20, "Chờ số liệu", False, "phải sau hạn hiện tại"),
        (30, 180 + 31, "Chờ số liệu", True, None),  # at most 31 days after the plan's end
        (30, 180 + 32, "Chờ số liệu", False, "quá xa"),
        (30, 45, "   ", False, "lý do"),
        (30, 45, "", False, "lý do"),
        (30, 45, "x" * 5001, False, "quá dài"),
    ],
)
def test_request_rules(world, due_offset, new_offset, reason, ok, fragment):
    due = world.today + timedelta(days=due_offset)
    obligation = world_obligation(world.task, "QLCN", due, key="k")
    new_date = world.today + timedelta(days=new_offset)
    if ok:
        request = ask(world, obligation, reason=reason, new_date=new_date)
        assert request.requested_due == new_date
    else:
        with pytest.raises(InvalidInput) as exc:
            ask(world, obligation, reason=reason, new_date=new_date)
        assert fragment in exc.value.message
        assert not ExtensionRequest.objects.exists()


def test_the_message_after_the_due_date_names_the_date(world):
    obligation = world_obligation(world.task, "QLCN", world.today - timedelta(days=1), key="k")
    with pytest.raises(InvalidInput) as exc:
        ask(world, obligation, new_date=world.today + timedelta(days=10))
    assert f"hạn là ngày {obligation.current_due:%d/%m/%Y}, đã qua" in exc.value.message
    assert exc.value.field == "new_date"


def test_today_can_be_given(world):
    # As of a day before the due date the request is in time; as of the day after, it is not.
    due = world.obligation.current_due
    ask(world, today=due - timedelta(days=1))
    ExtensionRequest.objects.all().delete()
    with pytest.raises(InvalidInput):
        ask(world, today=due + timedelta(days=1))


@pytest.mark.parametrize("new_date", [None, "2026-12-31", 20261231])
def test_the_new_date_must_be_a_date(world, new_date):
    with pytest.raises(InvalidInput) as exc:
        extensions.request_extension(world.obligation, world.head, reason="x", new_date=new_date)
    assert exc.value.field == "new_date"


def test_a_datetime_is_taken_as_its_date(world):
    moment = datetime.combine(world.today + timedelta(days=40), datetime.min.time())
    request = extensions.request_extension(world.obligation, world.head, reason="x", new_date=moment)
    assert request.requested_due == world.today + timedelta(days=40)


def test_an_obligation_without_a_date_cannot_be_extended(world):
    obligation = world_obligation(world.task, "QLCN", None, key="event")
    with pytest.raises(InvalidInput) as exc:
        extensions.request_extension(obligation, world.head, reason="x", new_date=world.today)
    assert "chưa có hạn" in exc.value.message


@pytest.mark.parametrize(
    "who",
    ["staff", "coord_head", "coordinator", "leader", "observer", "other_head", "stranger_head", "nobody"],
)
def test_only_the_unit_head_asks(world, who):
    with pytest.raises(NotAllowed):
        ask(world, user=world.users[who])
    assert not ExtensionRequest.objects.exists()
    unchanged(world)


def test_one_pending_request_at_a_time(world):
    first = ask(world, days=10)
    with pytest.raises(Conflict) as exc:
        ask(world, days=20)
    assert "đang chờ quyết định" in exc.value.message
    extensions.decide_extension(first, world.leader, approve=False, note="Không có lý do chính đáng.")
    second = ask(world, days=20)
    assert second.state == State.PENDING
    assert ExtensionRequest.objects.count() == 2


def test_no_extension_for_finished_work(world):
    report = reports.submit_report(
        world.obligation,
        world.head,
        narrative="Xong",
        progress=100,
        evidence=[EvidenceInput("1/QĐ", world.today - timedelta(days=1), "Quyết định")],
    )
    reports.review_report(report, world.coordinator, accept=True, expected_version=report.version)
    with pytest.raises(Conflict) as exc:
        ask(world)
    assert "đã hoàn thành" in exc.value.message


# --- deciding ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["leader", "coordinator"])
def test_approval_moves_the_current_due_date_and_keeps_the_original(world, who):
    request = ask(world, days=15)
    decided = extensions.decide_extension(request, world.users[who], approve=True, note="Đồng ý.")
    assert (decided.state, decided.decided_by, decided.decision_note) == (
        State.APPROVED,
        world.users[who],
        "Đồng ý.",
    )
    assert decided.decided_at is not None
    o = Obligation.objects.get(pk=world.obligation.pk)
    assert o.due_date == world.today + timedelta(days=30)  # the plan's date, for the statistics
    assert o.current_due == world.today + timedelta(days=45)  # drives the reminders
    assert o.extended is True
    assert o.status == "extended"
    world.obligation.refresh_from_db()
    assert world.obligation.current_due == o.current_due


def test_an_approved_extension_is_no_longer_overdue(world):
    # Asked in time (yesterday, due today); decided after the original date has passed.
    obligation = world_obligation(world.task, "QLCN", world.today, key="k")
    request = ask(world, obligation, days=10)
    Obligation.objects.filter(pk=obligation.pk).update(
        due_date=F("due_date") - timedelta(days=2), current_due=F("current_due") - timedelta(days=2)
    )
    obligation.refresh_from_db()
    extensions.decide_extension(request, world.coordinator, approve=True)
    obligation.refresh_from_db()
    assert obligation.status == "extended"
    assert obligation.current_due == world.today + timedelta(days=10)


def test_a_rejection_needs_a_note_and_changes_no_date(world):
    request = ask(world)
    with pytest.raises(InvalidInput) as exc:
        extensions.decide_extension(request, world.leader, approve=False, note=" ")
    assert exc.value.field == "note"
    assert ExtensionRequest.objects.get(pk=request.pk).state == State.PENDING
    decided = extensions.decide_extension(
        request, world.leader, approve=False, note="Đề nghị hoàn thành đúng hạn."
    )
    assert decided.state == State.REJECTED
    o = Obligation.objects.get(pk=world.obligation.pk)
    assert (o.current_due, o.extended, o.status) == (world.today + timedelta(days=30), False, "not_due")


@pytest.mark.parametrize(
    "who", ["observer", "head", "staff", "coord_head", "other_head", "stranger", "nobody"]
)
def test_only_leadership_and_the_office_decide(world, who):
    request = ask(world)
    with pytest.raises(NotAllowed):
        extensions.decide_extension(request, world.users[who], approve=True)
    assert ExtensionRequest.objects.get(pk=request.pk).state == State.PENDING
    assert Obligation.objects.get(pk=world.obligation.pk).extended is False


def test_a_request_is_decided_once(world):
    request = ask(world)
    stale = ExtensionRequest.objects.get(pk=request.pk)
    extensions.decide_extension(request, world.leader, approve=True)
    with pytest.raises(Conflict) as exc:
        extensions.decide_extension(stale, world.coordinator, approve=False, note="Không")
    assert "đã được quyết định" in exc.value.message
    assert ExtensionRequest.objects.get(pk=request.pk).state == State.APPROVED


def test_approving_after_the_work_was_accepted_is_refused(world):
    request = ask(world)
    report = reports.submit_report(
        world.obligation,
        world.head,
        narrative="Xong",
        progress=100,
        evidence=[EvidenceInput("1/QĐ", world.today - timedelta(days=1), "Quyết định")],
    )
    reports.review_report(report, world.coordinator, accept=True, expected_version=report.version)
    with pytest.raises(Conflict):
        extensions.decide_extension(request, world.leader, approve=True)
    rejected = extensions.decide_extension(request, world.leader, approve=False, note="Đã hoàn thành.")
    assert rejected.state == State.REJECTED
