"""Planning services on a real database (SQLite and PostgreSQL): obligations per lead unit at
confirm, re-planning, dates set by hand, statuses one by one and the daily pass, the calendar."""

from __future__ import annotations

from datetime import date, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from cchc.core.calendar import WorkCalendar
from cchc.core.periods import Period
from cchc.core.schedule import parse_schedule
from cchc.core.status import Status
from cchc.demo.seed import seed_demo
from cchc.orgs.calendars import calendar_for, calendar_for_province
from cchc.orgs.models import CalendarDay, Membership, Organisation
from cchc.plans.models import Plan, Task, TaskUnit
from cchc.tracking import confirming, planning, statuses
from cchc.tracking.models import (
    Contribution,
    Evidence,
    ExtensionRequest,
    Obligation,
    ObligationStatus,
    Report,
)
from tests.factories import make_draft, make_org, make_user, parsed_plan, sample_tasks, task, text_plan

D = date
GROUP = "Các phòng, đơn vị thuộc và trực thuộc Sở"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast users


@pytest.fixture
def org(db):
    return make_org()


@pytest.fixture
def coordinator(org):
    return make_user(org, Membership.Role.COORDINATOR, "vanphong", unit_code="VP")


@pytest.fixture
def unit_head(org):
    return make_user(org, Membership.Role.UNIT_HEAD, "truongphong", unit_code="TTRA")


_sha = iter(f"{i:064x}" for i in range(1, 10_000))


def confirm(org, user, tasks, *, year: int = 2026) -> Plan:
    draft = make_draft(org, user, parsed_plan(tasks, year=year), sha=next(_sha))
    return confirming.confirm_import(draft, user, draft.version, allow_unresolved=True)


def one_task_plan(org, user, schedule: str, lead=("Văn phòng Sở",), **kw) -> tuple[Plan, Task]:
    plan = confirm(org, user, [task("1", "Nhiệm vụ thử nghiệm.", lead=list(lead), schedule=schedule, **kw)])
    return plan, plan.tasks.get(number="1")


def obligations(task_or_plan, **filters) -> dict[tuple[str, str], Obligation]:
    field = "plan" if isinstance(task_or_plan, Plan) else "task"
    qs = Obligation.objects.filter(**{field: task_or_plan}, **filters).select_related("unit")
    return {(o.unit.code, o.period_key): o for o in qs}


def report(obligation, user, *, state=Report.State.SUBMITTED, evidence_on=None, submitted=None) -> Report:
    r = Report.objects.create(
        obligation=obligation,
        unit=obligation.unit,
        narrative="Đã thực hiện.",
        progress=100,
        state=state,
        created_by=user,
        submitted_by=user,
        submitted_at=submitted or timezone.now(),
    )
    if evidence_on:
        Evidence.objects.create(
            report=r, doc_number="12/BC-VP", doc_date=evidence_on, summary="Báo cáo", uploaded_by=user
        )
    return r


def reschedule(t: Task, text: str) -> None:
    plan = t.plan
    t.schedule = parse_schedule(text, Period(plan.period_start, plan.period_end)).to_dict()
    t.schedule_text = text
    t.save()


# --- the status vocabulary ---------------------------------------------------------------------


@pytest.mark.parametrize("status", list(ObligationStatus))
def test_core_status_matches_the_stored_status(status):
    assert Status(status.value).label == status.label.lower()


# --- obligations at confirm ----------------------------------------------------------------------


def test_confirm_gives_each_lead_unit_its_obligations(org, coordinator):
    plan = confirm(org, coordinator, sample_tasks())
    got = {key: (o.due_date, o.current_due, o.period_label) for key, o in obligations(plan).items()}
    assert got == {
        ("VP", "d2026-01-31"): (D(2026, 2, 2), D(2026, 2, 2), "Hạn 31/01/2026"),  # Saturday 31/1
        ("VP", "2026-Q2"): (D(2026, 6, 30), D(2026, 6, 30), "Quý II/2026"),
        ("VP", "2026-Q4"): (D(2026, 12, 31), D(2026, 12, 31), "Quý IV/2026"),
        ("TTRA", "2026-06"): (D(2026, 6, 30), D(2026, 6, 30), "Tháng 06/2026"),
        ("TTRA", "2026-12"): (D(2026, 12, 31), D(2026, 12, 31), "Tháng 12/2026"),
    }
    # The task whose lead unit is unknown has none yet; coordinating units never have one.
    assert not Obligation.objects.filter(task__number="2").exists()
    o = obligations(plan)[("VP", "2026-Q2")]
    assert (o.organisation, o.plan, o.task.number, o.period_start, o.period_end) == (
        org,
        plan,
        "3.1",
        D(2026, 4, 1),
        D(2026, 6, 30),
    )


def test_a_group_lead_gives_one_obligation_per_unit(org, coordinator):
    _plan, t = one_task_plan(org, coordinator, "Quý IV", lead=[GROUP])
    leads = set(TaskUnit.objects.filter(task=t, role="lead").values_list("unit__code", flat=True))
    assert len(leads) >= 5
    assert set(obligations(t)) == {(code, "2026-Q4") for code in leads}


def test_several_lead_units_each_get_every_period(org, coordinator):
    _plan, t = one_task_plan(org, coordinator, "Hàng Quý", lead=["Văn phòng Sở", "Thanh tra Sở"])
    assert set(obligations(t)) == {(u, f"2026-Q{q}") for u in ("VP", "TTRA") for q in range(1, 5)}


def test_continuous_work_reports_on_the_organisations_reporting_day(org, coordinator):
    org.reporting_day = 20
    org.save()
    _plan, t = one_task_plan(org, coordinator, "Thường xuyên")
    dues = {key: o.due_date for (_u, key), o in obligations(t).items()}
    assert len(dues) == 12
    assert dues["2026-02"] == D(2026, 2, 23)  # 20/2/2026 is in Tết


def test_event_and_external_tasks_wait_for_a_date(org, coordinator):
    plan = confirm(
        org,
        coordinator,
        [
            task(
                "1",
                "Cập nhật thông tin.",
                lead=["Văn phòng Sở"],
                schedule="Trong vòng 05 ngày kể từ ngày thay đổi thông tin",
            ),
            task(
                "2", "Báo cáo theo yêu cầu.", lead=["Văn phòng Sở"], schedule="Theo yêu cầu của Sở Tài chính"
            ),
        ],
    )
    assert not Obligation.objects.filter(plan=plan).exists()


def test_statuses_at_creation_follow_today(org, coordinator):
    plan = confirm(org, coordinator, sample_tasks())
    Obligation.objects.filter(plan=plan).delete()
    assert planning.create_obligations_for_plan(plan, today=D(2026, 6, 15)) == 5
    got = {key: o.status for key, o in obligations(plan).items()}
    assert got[("VP", "d2026-01-31")] == ObligationStatus.OVERDUE
    assert got[("VP", "2026-Q2")] == ObligationStatus.NOT_DUE
    assert got[("TTRA", "2026-12")] == ObligationStatus.NOT_DUE


def test_creating_twice_creates_nothing_more(org, coordinator):
    plan = confirm(org, coordinator, sample_tasks())
    before = set(Obligation.objects.filter(plan=plan).values_list("id", flat=True))
    assert planning.create_obligations_for_plan(plan) == 0
    assert set(Obligation.objects.filter(plan=plan).values_list("id", flat=True)) == before


def test_created_obligations_are_in_the_audit_trail(org, coordinator):
    plan = confirm(org, coordinator, sample_tasks())
    records = Obligation.history.filter(plan_id=plan.pk)
    assert records.count() == 5
    assert set(records.values_list("history_type", "history_user_id")) == {("+", coordinator.pk)}


def test_a_retired_unit_owes_nothing(org, coordinator):
    org.units.filter(code="TTRA").update(is_active=False)
    plan = confirm(org, coordinator, sample_tasks())
    assert {u for u, _k in obligations(plan)} == {"VP"}


def test_the_demo_plan_gets_obligations_for_every_lead_unit(db):
    seeded = seed_demo(with_history=False, with_dossiers=False)  # the history moves statuses, not obligations
    plan = seeded.plan
    calendar = calendar_for(plan.organisation)
    expected = set()
    for t in plan.tasks.filter(is_group=False).prefetch_related("task_units__unit"):
        leads = [tu.unit.code for tu in t.task_units.all() if tu.role == "lead" and tu.unit.is_active]
        for p in planning.planned_for_task(t, calendar=calendar):
            expected |= {(t.pk, code, p.period_key, p.due) for code in leads}
    got = set(
        Obligation.objects.filter(plan=plan).values_list("task_id", "unit__code", "period_key", "due_date")
    )
    assert got == expected
    assert len(got) > 50
    # Group leads were expanded: some task has more lead units than one.
    assert Obligation.objects.filter(plan=plan).values("task").distinct().count() < len(got)
    # Every obligation belongs to a lead unit of its task.
    leads = set(TaskUnit.objects.filter(task__plan=plan, role="lead").values_list("task_id", "unit_id"))
    assert set(Obligation.objects.filter(plan=plan).values_list("task_id", "unit_id")) <= leads


def test_import_plan_file_creates_obligations(org, coordinator, tmp_path):
    path = tmp_path / "ke-hoach.txt"
    path.write_bytes(
        text_plan(
            "7/KH-SCT",
            [
                ("1", "Ban hành kế hoạch.", "Trước ngày 15/3/2026", "Văn phòng Sở", "", "Kế hoạch", ""),
                ("2", "Báo cáo định kỳ.", "Hàng Quý", "Thanh tra Sở", "", "Báo cáo", ""),
            ],
        )
    )
    plan = confirming.import_plan_file(org, path, user=coordinator)
    assert set(obligations(plan)) == {("VP", "d2026-03-15")} | {("TTRA", f"2026-Q{q}") for q in range(1, 5)}


# --- re-planning --------------------------------------------------------------------------------

TODAY = D(2026, 6, 15)


def test_replan_keeps_the_past_and_the_reported(org, coordinator, unit_head):
    _plan, t = one_task_plan(org, coordinator, "Hàng tháng")
    before = obligations(t)
    report(before[("VP", "2026-05")], unit_head)  # past, reported
    report(before[("VP", "2026-08")], unit_head)  # future, reported
    reschedule(t, "Hàng Quý")
    result = planning.replan_task(t, today=TODAY, user=coordinator)
    after = obligations(t)
    # Months due before 15/6 are kept as they were; May keeps its report.
    for m in range(1, 6):
        o = after[("VP", f"2026-{m:02d}")]
        assert (o.pk, o.due_date) == (
            before[("VP", f"2026-{m:02d}")].pk,
            before[("VP", f"2026-{m:02d}")].due_date,
        )
        # The past stays as it happened and still counts, though the new plan has no months.
        assert o.is_active is True
    # Future months without reports are gone; the reported one is kept, switched off.
    assert ("VP", "2026-06") not in after and ("VP", "2026-12") not in after
    assert after[("VP", "2026-08")].pk == before[("VP", "2026-08")].pk
    assert after[("VP", "2026-08")].is_active is False
    # New quarters are created only from today on: Q1 (31/3) is past and nobody can be late for it.
    assert {k for (_u, k), o in after.items() if o.is_active and "Q" in k} == {
        "2026-Q2",
        "2026-Q3",
        "2026-Q4",
    }
    assert (result.created, result.deleted, result.deactivated, result.updated) == (3, 6, 1, 0)


def test_replan_moves_future_untouched_obligations_keeping_their_ids(org, coordinator, unit_head):
    _plan, t = one_task_plan(org, coordinator, "Hàng tháng")
    before = obligations(t)
    report(before[("VP", "2026-09")], unit_head)
    reschedule(t, "Hàng tháng (ngày 10)")
    result = planning.replan_task(t, today=TODAY, user=coordinator)
    after = obligations(t)
    assert set(after) == set(before)
    assert {o.pk for o in after.values()} == {o.pk for o in before.values()}
    assert after[("VP", "2026-05")].due_date == D(2026, 5, 25)  # past: kept
    assert after[("VP", "2026-06")].due_date == D(2026, 6, 10)  # was 25/6: moved, now past
    assert after[("VP", "2026-06")].status == ObligationStatus.OVERDUE
    assert after[("VP", "2026-07")].due_date == D(2026, 7, 10)
    assert after[("VP", "2026-07")].current_due == D(2026, 7, 10)
    assert after[("VP", "2026-09")].due_date == D(2026, 9, 25)  # reported: kept
    assert after[("VP", "2026-10")].due_date == D(2026, 10, 12)  # Saturday 10/10
    assert (result.updated, result.kept, result.created, result.deleted) == (6, 6, 0, 0)
    moved = Obligation.history.filter(id=after[("VP", "2026-07")].pk).order_by("history_date")
    assert [h.history_type for h in moved] == ["+", "~"]
    assert moved.last().history_user == coordinator


def test_replan_twice_changes_nothing(org, coordinator):
    _plan, t = one_task_plan(org, coordinator, "Hàng Quý")
    reschedule(t, "Quý III, IV")
    planning.replan_task(t, today=TODAY)
    again = planning.replan_task(t, today=TODAY)
    assert again.changed == 0


def test_replan_follows_lead_units(org, coordinator):
    _plan, t = one_task_plan(org, coordinator, "Hàng Quý", lead=["Văn phòng Sở", "Thanh tra Sở"])
    TaskUnit.objects.filter(task=t, unit__code="TTRA").delete()
    TaskUnit.objects.create(task=t, unit=org.units.get(code="QLCN"), role="lead", mention="Phòng QLCN")
    result = planning.replan_task(t, today=TODAY)
    after = obligations(t, is_active=True)
    # Thanh tra Sở is no longer a lead: only its past quarter stays, as it happened.
    assert {k for k in after if k[0] == "TTRA"} == {("TTRA", "2026-Q1")}
    assert {k for k in after if k[0] == "QLCN"} == {("QLCN", f"2026-Q{q}") for q in (2, 3, 4)}
    all_ttra = obligations(t)
    assert set(k for k in all_ttra if k[0] == "TTRA") == {("TTRA", "2026-Q1")}  # the future ones are gone
    assert all_ttra[("TTRA", "2026-Q1")].is_active is True
    assert (result.created, result.deleted, result.deactivated) == (3, 3, 0)


def test_a_period_that_comes_back_is_switched_on_again(org, coordinator, unit_head):
    _plan, t = one_task_plan(org, coordinator, "Hàng Quý")
    report(obligations(t)[("VP", "2026-Q3")], unit_head)
    reschedule(t, "Quý IV")
    planning.replan_task(t, today=TODAY)
    assert obligations(t)[("VP", "2026-Q3")].is_active is False
    reschedule(t, "Hàng Quý")
    planning.replan_task(t, today=TODAY)
    assert {k for k, o in obligations(t).items() if o.is_active} == {
        ("VP", f"2026-Q{q}") for q in range(1, 5)
    }


def test_an_extension_request_freezes_an_obligation(org, coordinator, unit_head):
    _plan, t = one_task_plan(org, coordinator, "Hàng Quý")
    q3 = obligations(t)[("VP", "2026-Q3")]
    ExtensionRequest.objects.create(
        obligation=q3, requested_by=unit_head, reason="Chờ số liệu", requested_due=D(2026, 10, 15)
    )
    reschedule(t, "trong ngày 14 của tháng cuối kỳ báo cáo")
    planning.replan_task(t, today=TODAY)
    after = obligations(t)
    assert after[("VP", "2026-Q3")].due_date == D(2026, 9, 30)
    assert after[("VP", "2026-Q4")].due_date == D(2026, 12, 14)


# --- dates set by hand --------------------------------------------------------------------------

EVENT = "Trong vòng 05 ngày làm việc kể từ ngày thay đổi thông tin"


def test_entering_the_event_date_creates_then_moves_the_obligations(org, coordinator, unit_head):
    _plan, t = one_task_plan(org, coordinator, EVENT, lead=["Văn phòng Sở", "Thanh tra Sở"])
    first = planning.set_task_date(t, event_date=D(2026, 2, 12), user=coordinator, today=D(2026, 2, 12))
    got = obligations(t)
    assert set(got) == {("VP", "event"), ("TTRA", "event")}
    assert {o.pk for o in first} == {o.pk for o in got.values()}
    o = got[("VP", "event")]
    assert (o.due_date, o.current_due, o.period_start, o.period_label, o.status) == (
        D(2026, 2, 26),  # 13/2, then four working days after Tết
        D(2026, 2, 26),
        D(2026, 2, 12),
        "Hạn 26/02/2026 (kể từ ngày 12/02/2026)",
        ObligationStatus.NOT_DUE,
    )
    # A corrected date moves the untouched obligations.
    planning.set_task_date(t, event_date=D(2026, 3, 2), user=coordinator, today=D(2026, 3, 2))
    moved = obligations(t)
    assert {o.pk for o in moved.values()} == {o.pk for o in got.values()}
    assert moved[("VP", "event")].due_date == D(2026, 3, 9)
    # Once worked on, a new event is a new occurrence; the first one keeps its record.
    report(moved[("TTRA", "event")], unit_head)
    planning.set_task_date(t, event_date=D(2026, 5, 4), user=coordinator, today=D(2026, 5, 4))
    final = obligations(t)
    assert set(final) == {(u, k) for u in ("VP", "TTRA") for k in ("event", "event-2")}
    assert final[("TTRA", "event")].due_date == D(2026, 3, 9)
    assert final[("VP", "event-2")].due_date == D(2026, 5, 11)
    assert Obligation.history.filter(id=o.pk, history_type="~").last().history_user == coordinator


def test_replanning_an_event_task_recomputes_from_the_event_date(org, coordinator):
    _plan, t = one_task_plan(org, coordinator, EVENT)
    planning.set_task_date(t, event_date=D(2026, 9, 7), user=coordinator)
    reschedule(t, "Trong vòng 10 ngày làm việc kể từ ngày thay đổi thông tin")
    planning.replan_task(t, today=D(2026, 9, 8))
    o = obligations(t)[("VP", "event")]
    assert (o.period_start, o.due_date) == (D(2026, 9, 7), D(2026, 9, 21))


def test_setting_the_date_of_an_external_task(org, coordinator):
    _plan, t = one_task_plan(org, coordinator, "Theo quy định")
    planning.set_task_date(t, set_date=D(2026, 5, 30), user=coordinator, today=D(2026, 5, 1))
    o = obligations(t)[("VP", "set")]
    assert (o.due_date, o.period_end, o.period_label) == (D(2026, 6, 1), D(2026, 5, 30), "Hạn 30/05/2026")
    planning.set_task_date(t, set_date=D(2026, 7, 15), user=coordinator, today=D(2026, 5, 1))
    assert obligations(t)[("VP", "set")].pk == o.pk
    assert obligations(t)[("VP", "set")].due_date == D(2026, 7, 15)
    planning.replan_task(t, today=D(2026, 5, 2))  # the date set by hand survives a re-plan
    assert obligations(t)[("VP", "set")].due_date == D(2026, 7, 15)


def test_an_unreadable_schedule_takes_a_date_like_an_external_one(org, coordinator):
    _plan, t = one_task_plan(org, coordinator, "xyz")
    assert t.schedule["kind"] == "unparsed"
    planning.set_task_date(t, set_date=D(2026, 10, 1), user=coordinator)
    assert obligations(t)[("VP", "set")].due_date == D(2026, 10, 1)


@pytest.mark.parametrize(
    ("schedule", "kwargs", "message"),
    [
        (EVENT, {"set_date": D(2026, 3, 1)}, "ngày xảy ra sự kiện"),
        ("Theo quy định", {"event_date": D(2026, 3, 1)}, "Hãy nhập thời hạn"),
        ("Hàng Quý", {"set_date": D(2026, 3, 1)}, "đã có thời hạn theo kế hoạch"),
        ("Theo quy định", {"set_date": D(2027, 3, 1)}, "nằm ngoài thời gian của kế hoạch"),
        ("Theo quy định", {"set_date": D(2025, 12, 31)}, "nằm ngoài thời gian của kế hoạch"),
        (EVENT, {"event_date": D(2026, 12, 28)}, "nằm ngoài thời gian của kế hoạch"),  # due 4/1/2027
    ],
)
def test_set_task_date_refuses_with_a_clear_message(org, coordinator, schedule, kwargs, message):
    _plan, t = one_task_plan(org, coordinator, schedule)
    with pytest.raises(planning.PlanningError) as exc:
        planning.set_task_date(t, user=coordinator, **kwargs)
    assert message in exc.value.message
    assert not Obligation.objects.filter(task=t, period_key__in=["event", "set"]).exists()


def test_set_task_date_needs_a_lead_unit(org, coordinator):
    _plan, t = one_task_plan(org, coordinator, "Theo quy định", lead=["Tổ công tác đặc biệt"])
    with pytest.raises(planning.PlanningError, match="chưa có đơn vị chủ trì"):
        planning.set_task_date(t, set_date=D(2026, 5, 5), user=coordinator)


# --- one obligation's status ---------------------------------------------------------------------


@pytest.fixture
def q3(org, coordinator):
    _plan, t = one_task_plan(org, coordinator, "Quý III")  # due Wednesday 30/9/2026
    return obligations(t)[("VP", "2026-Q3")]


@pytest.mark.parametrize(
    ("evidence_on", "expected"),
    [
        (D(2026, 9, 29), ObligationStatus.DONE_EARLY),
        (D(2026, 9, 1), ObligationStatus.DONE_EARLY),
        (D(2026, 9, 30), ObligationStatus.DONE_ON_TIME),
        (D(2026, 10, 1), ObligationStatus.DONE_LATE),
    ],
)
def test_recompute_uses_the_accepted_reports_evidence_date(q3, unit_head, evidence_on, expected):
    report(q3, unit_head, state=Report.State.ACCEPTED, evidence_on=evidence_on)
    o = statuses.recompute(q3, today=D(2026, 11, 1))
    o.refresh_from_db()
    assert (o.status, o.completed_on) == (expected, evidence_on)


def test_recompute_with_several_evidence_documents_takes_the_latest(q3, unit_head):
    r = report(q3, unit_head, state=Report.State.ACCEPTED, evidence_on=D(2026, 9, 1))
    Evidence.objects.create(
        report=r, doc_number="15/QĐ", doc_date=D(2026, 9, 30), summary="QĐ", uploaded_by=unit_head
    )
    assert statuses.recompute(q3, today=D(2026, 10, 5)).status == ObligationStatus.DONE_ON_TIME


def test_recompute_without_evidence_takes_the_submission_day(q3, unit_head):
    moment = timezone.make_aware(datetime(2026, 9, 28, 23, 30))  # local time: still the 28th
    report(q3, unit_head, state=Report.State.ACCEPTED, submitted=moment)
    o = statuses.recompute(q3, today=D(2026, 10, 5))
    assert (o.status, o.completed_on) == (ObligationStatus.DONE_EARLY, D(2026, 9, 28))


@pytest.mark.parametrize(
    ("state", "today", "expected"),
    [
        (Report.State.SUBMITTED, D(2026, 9, 1), ObligationStatus.IN_PROGRESS),
        (Report.State.RETURNED, D(2026, 9, 1), ObligationStatus.IN_PROGRESS),
        (Report.State.DRAFT, D(2026, 9, 1), ObligationStatus.IN_PROGRESS),
        (Report.State.SUBMITTED, D(2026, 10, 1), ObligationStatus.OVERDUE),
        (None, D(2026, 9, 1), ObligationStatus.NOT_DUE),
        (None, D(2026, 9, 30), ObligationStatus.NOT_DUE),
        (None, D(2026, 10, 1), ObligationStatus.OVERDUE),
    ],
)
def test_recompute_open_obligations(q3, unit_head, state, today, expected):
    if state:
        report(q3, unit_head, state=state, evidence_on=D(2026, 8, 1))
    assert statuses.recompute(q3, today=today).status == expected
    assert Obligation.objects.get(pk=q3.pk).completed_on is None


def test_a_contribution_is_activity(org, q3, coordinator):
    Contribution.objects.create(
        obligation=q3, unit=org.units.get(code="TTRA"), text="Đã góp ý", created_by=coordinator
    )
    assert statuses.recompute(q3, today=D(2026, 9, 1)).status == ObligationStatus.IN_PROGRESS


def test_recompute_honours_an_extension_and_the_early_setting(org, q3, unit_head):
    Obligation.objects.filter(pk=q3.pk).update(current_due=D(2026, 10, 15), extended=True)
    q3.refresh_from_db()
    assert statuses.recompute(q3, today=D(2026, 10, 10)).status == ObligationStatus.EXTENDED
    assert statuses.recompute(q3, today=D(2026, 10, 16)).status == ObligationStatus.OVERDUE
    org.early_working_days = 3
    org.save()
    q3.refresh_from_db()
    report(q3, unit_head, state=Report.State.ACCEPTED, evidence_on=D(2026, 9, 28))
    assert statuses.recompute(q3, today=D(2026, 10, 16)).status == ObligationStatus.DONE_ON_TIME
    Evidence.objects.filter(report__obligation=q3).update(doc_date=D(2026, 9, 25))
    assert statuses.recompute(q3, today=D(2026, 10, 16)).status == ObligationStatus.DONE_EARLY


# --- the daily pass -----------------------------------------------------------------------------


@pytest.fixture
def blank(org, coordinator):
    """An obligation to shape per case (due 10/3/2026)."""
    _plan, t = one_task_plan(org, coordinator, "Trước ngày 10/3/2026")
    return obligations(t)[("VP", "d2026-03-10")]


S = ObligationStatus


@pytest.mark.parametrize(
    ("status", "due", "current", "activity", "today", "expected"),
    [
        (S.NOT_DUE, D(2026, 3, 10), D(2026, 3, 10), False, D(2026, 3, 11), S.OVERDUE),
        (S.NOT_DUE, D(2026, 3, 10), D(2026, 3, 10), False, D(2026, 3, 10), S.NOT_DUE),
        (S.IN_PROGRESS, D(2026, 3, 10), D(2026, 3, 10), True, D(2026, 3, 11), S.OVERDUE),
        (S.IN_PROGRESS, D(2026, 3, 10), D(2026, 3, 10), True, D(2026, 3, 9), S.IN_PROGRESS),
        (S.NOT_DUE, D(2026, 3, 10), D(2026, 3, 10), True, D(2026, 3, 9), S.IN_PROGRESS),
        (S.IN_PROGRESS, D(2026, 3, 10), D(2026, 3, 10), False, D(2026, 3, 9), S.NOT_DUE),
        (S.EXTENDED, D(2026, 3, 10), D(2026, 3, 20), False, D(2026, 3, 20), S.EXTENDED),
        (S.EXTENDED, D(2026, 3, 10), D(2026, 3, 20), True, D(2026, 3, 21), S.OVERDUE),
        (S.NOT_DUE, D(2026, 3, 10), D(2026, 3, 20), False, D(2026, 3, 5), S.EXTENDED),
        (S.OVERDUE, D(2026, 3, 10), D(2026, 3, 20), False, D(2026, 3, 15), S.EXTENDED),  # approved late
        (S.OVERDUE, D(2026, 3, 10), D(2026, 3, 10), False, D(2026, 3, 1), S.NOT_DUE),  # a day re-run
        (S.OVERDUE, D(2026, 3, 10), D(2026, 3, 10), False, D(2026, 3, 12), S.OVERDUE),
        (S.NOT_DUE, None, None, False, D(2026, 3, 12), S.NOT_DUE),
        (S.NOT_DUE, None, None, True, D(2026, 3, 12), S.IN_PROGRESS),
        (S.DONE_ON_TIME, D(2026, 3, 10), D(2026, 3, 10), True, D(2026, 12, 1), S.DONE_ON_TIME),
        (S.DONE_LATE, D(2026, 3, 10), D(2026, 3, 10), True, D(2026, 12, 1), S.DONE_LATE),
    ],
)
def test_refresh_transitions(blank, unit_head, status, due, current, activity, today, expected):
    done = status in (S.DONE_EARLY, S.DONE_ON_TIME, S.DONE_LATE)
    Obligation.objects.filter(pk=blank.pk).update(
        status=status, due_date=due, current_due=current, completed_on=D(2026, 3, 9) if done else None
    )
    if activity:
        report(blank, unit_head)
    changed = statuses.refresh_statuses(today=today)
    blank.refresh_from_db()
    assert blank.status == expected
    assert changed == (expected != status)
    # It agrees with the rule applied one obligation at a time.
    assert statuses.recompute(blank, today=today).status == expected or done
    assert statuses.refresh_statuses(today=today) == 0  # idempotent


def test_refresh_leaves_switched_off_obligations_alone(blank):
    Obligation.objects.filter(pk=blank.pk).update(is_active=False, status=S.NOT_DUE)
    assert statuses.refresh_statuses(today=D(2026, 12, 1)) == 0
    blank.refresh_from_db()
    assert blank.status == S.NOT_DUE


def test_refresh_is_set_based_and_audited(org, coordinator, unit_head, django_assert_max_num_queries):
    _plan, t = one_task_plan(org, coordinator, "Định kỳ thứ sáu hàng tuần", lead=[GROUP])
    total = Obligation.objects.filter(task=t).count()
    assert total > 400
    report(Obligation.objects.filter(task=t).order_by("due_date").last(), unit_head)
    Obligation.objects.filter(task=t).update(status=S.NOT_DUE)
    today = D(2026, 7, 1)
    past = Obligation.objects.filter(task=t, current_due__lt=today).count()
    with django_assert_max_num_queries(12):
        changed = statuses.refresh_statuses(today=today)
    assert changed == past + 1  # the overdue ones, and the one with a report is in progress
    assert Obligation.objects.filter(task=t, status=S.OVERDUE).count() == past
    assert Obligation.objects.filter(task=t, status=S.IN_PROGRESS).count() == 1
    records = Obligation.history.filter(task_id=t.pk, history_type="~")
    assert records.count() == changed
    assert set(records.values_list("history_change_reason", flat=True)) == {statuses.REFRESH_REASON}
    assert set(records.filter(status=S.OVERDUE).values_list("id", flat=True)) == set(
        Obligation.objects.filter(task=t, status=S.OVERDUE).values_list("id", flat=True)
    )
    with django_assert_max_num_queries(10):
        assert statuses.refresh_statuses(today=today) == 0
    assert Obligation.history.filter(task_id=t.pk, history_type="~").count() == changed


def test_refresh_for_one_organisation(org, coordinator):
    other = make_org("sct-khac", "Sở Công Thương tỉnh Khác")
    other_user = make_user(other, Membership.Role.COORDINATOR, "vp-khac", unit_code="VP")
    one_task_plan(org, coordinator, "Trước ngày 10/3/2026")
    one_task_plan(other, other_user, "Trước ngày 10/3/2026")
    Obligation.objects.update(status=S.NOT_DUE)
    assert statuses.refresh_statuses(today=D(2026, 4, 1), organisation=other) == 1
    assert Obligation.objects.get(organisation=org).status == S.NOT_DUE
    assert Obligation.objects.get(organisation=other).status == S.OVERDUE
    assert statuses.refresh_statuses(today=D(2026, 4, 1)) == 1


def test_refresh_statuses_command(org, coordinator):
    one_task_plan(org, coordinator, "Trước ngày 10/3/2026")
    Obligation.objects.update(status=S.NOT_DUE)
    out = StringIO()
    call_command("refresh_statuses", "--today", "2026-03-11", "--org", org.code, stdout=out)
    assert "11/03/2026" in out.getvalue() and " 1 nghĩa vụ" in out.getvalue()
    assert Obligation.objects.get().status == S.OVERDUE
    out = StringIO()
    call_command("refresh_statuses", "--today", "2026-03-11", stdout=out)
    assert " 0 nghĩa vụ" in out.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--today", "11/03/2026"], "không hợp lệ"), (["--org", "khong-co"], "Không có Sở")],
)
def test_refresh_statuses_command_refuses(db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("refresh_statuses", *args)


# --- the department's calendar ---------------------------------------------------------------------


def test_calendar_for_layers_national_and_province_rows(org):
    assert calendar_for(org).is_working_day(D(2026, 12, 4))
    CalendarDay.objects.create(province="", day=D(2026, 12, 4), working=False, name="Nghỉ bù toàn quốc")
    CalendarDay.objects.create(province=org.province, day=D(2026, 12, 5), working=True, name="Làm bù")
    CalendarDay.objects.create(
        province="Tỉnh Khác", day=D(2026, 12, 7), working=False, name="Nghỉ của tỉnh khác"
    )
    cal = calendar_for(org)
    assert not cal.is_working_day(D(2026, 12, 4))
    assert cal.is_working_day(D(2026, 12, 5))
    assert cal.is_working_day(D(2026, 12, 7))
    # The province's own row wins over the national one on the same day.
    CalendarDay.objects.create(
        province=org.province, day=D(2026, 12, 4), working=True, name="Tỉnh vẫn làm việc"
    )
    assert calendar_for(org).is_working_day(D(2026, 12, 4))
    assert not calendar_for_province("Tỉnh Khác").is_working_day(D(2026, 12, 4))


def test_calendar_cache_is_reused_and_invalidated(org):
    first = calendar_for(org)
    assert calendar_for(org) is first
    row = CalendarDay.objects.create(province="", day=D(2026, 12, 4), working=False, name="Nghỉ")
    second = calendar_for(org)
    assert second is not first and not second.is_working_day(D(2026, 12, 4))
    # An edit that sends no signal (another process, a bulk update) is seen too.
    CalendarDay.objects.filter(pk=row.pk).update(working=True)
    assert calendar_for(org).is_working_day(D(2026, 12, 4))
    assert isinstance(calendar_for(org), WorkCalendar)


def test_a_province_day_off_moves_due_dates_at_confirm(org, coordinator):
    CalendarDay.objects.create(province=org.province, day=D(2026, 3, 31), working=False, name="Nghỉ của tỉnh")
    _plan, t = one_task_plan(org, coordinator, "Quý I")
    assert obligations(t)[("VP", "2026-Q1")].due_date == D(2026, 4, 1)


def test_an_organisation_without_province_uses_the_national_calendar(db):
    org = Organisation.objects.create(code="khong-tinh", name="Sở thử")
    CalendarDay.objects.create(province="", day=D(2026, 12, 4), working=False)
    CalendarDay.objects.create(province="Thử Nghiệm", day=D(2026, 12, 3), working=False)
    cal = calendar_for(org)
    assert not cal.is_working_day(D(2026, 12, 4)) and cal.is_working_day(D(2026, 12, 3))
    assert cal.add_working_days(D(2026, 12, 3), 1) == D(2026, 12, 7)


# --- admin -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/admin/tracking/obligation/",
        "/admin/tracking/report/",
        "/admin/tracking/extensionrequest/",
        "/admin/tracking/contribution/",
        "/admin/tracking/evidence/",
        "/admin/tracking/apitoken/",
        "/admin/orgs/calendarday/",
        "/admin/orgs/calendarday/add/",
    ],
)
def test_admin_pages_open(admin_client, org, coordinator, url):
    confirm(org, coordinator, sample_tasks())
    CalendarDay.objects.create(province="", day=D(2026, 8, 22), working=True, name="Làm bù")
    assert admin_client.get(url).status_code == 200


def test_admin_obligation_page_history_and_organisation_fields(admin_client, org, coordinator):
    plan = confirm(org, coordinator, sample_tasks())
    o = Obligation.objects.filter(plan=plan).first()
    assert admin_client.get(f"/admin/tracking/obligation/{o.pk}/change/").status_code == 200
    assert admin_client.get(f"/admin/tracking/obligation/{o.pk}/history/").status_code == 200
    page = admin_client.get(f"/admin/orgs/organisation/{org.pk}/change/").content.decode()
    assert "early_working_days" in page and "remind_before_days" in page


def test_admin_action_recomputes_statuses(admin_client, org, coordinator):
    plan = confirm(org, coordinator, sample_tasks())
    Obligation.objects.filter(plan=plan).update(status=S.EXTENDED)
    ids = list(Obligation.objects.filter(plan=plan).values_list("pk", flat=True))
    response = admin_client.post(
        "/admin/tracking/obligation/", {"action": "recompute_selected", "_selected_action": ids}
    )
    assert response.status_code == 302
    assert not Obligation.objects.filter(plan=plan, status=S.EXTENDED).exists()
