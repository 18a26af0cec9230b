"""The reminders pass on a small department: on each date, exactly the expected reminders
go into the outbox with their in-app notifications; a second pass adds nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cchc.chasing.models import Delivery, Kind, Notification, PassRun
from cchc.chasing.services import run_all, run_reminders, send_pending
from cchc.tracking.models import Obligation
from tests.chasing.dept import at

D = date


def build(dept):
    """The department's obligations (refresh_statuses sets their statuses each pass)."""
    return {
        "cn": dept.ob("QLCN", D(2026, 3, 18), text="Rà soát, công bố thủ tục hành chính."),
        "tm": dept.ob("QLTM", D(2026, 2, 23), text="Kiểm tra công tác cải cách hành chính."),
        "tt": dept.ob("TTRA", D(2026, 8, 24), text="Niêm yết thủ tục hành chính tại trụ sở."),
        "nl": dept.ob("QLNL", D(2026, 3, 18), text="Số hóa hồ sơ, kết quả giải quyết TTHC."),
        "ext": dept.ob("QLTM", D(2026, 3, 27), original_due=D(2026, 3, 18), status="extended"),
        "done": dept.ob("QLCN", D(2026, 3, 18), status="done_on_time", completed_on=D(2026, 3, 16)),
        "undated": dept.ob("QLCN", None),
        "inactive": dept.ob("QLCN", D(2026, 3, 18), is_active=False),
    }


# date -> {(kind, stage, obligation, recipient)}. "tm" (due 23/2) stays overdue: it is
# chased again every Tuesday (24/2, 3/3, 10/3, …), with three days of catch-up. The warnings
# before and on the due date go to the unit's head and staff (Công nghiệp: truong_cn and
# cv_cn), the overdue reminders to its head.
CASES = [
    (D(2026, 3, 6), {("overdue", "overdue:2", "tm", "truong_tm")}),
    (
        D(2026, 3, 9),
        {
            ("before_due", "before:7", "cn", "truong_cn"),
            ("before_due", "before:7", "cn", "cv_cn"),
            ("before_due", "before:7", "nl", "truong_nl"),
        },
    ),
    (  # no pass ran on 9/3: caught up (same keys as on 9/3)
        D(2026, 3, 10),
        {
            ("before_due", "before:7", "cn", "truong_cn"),
            ("before_due", "before:7", "cn", "cv_cn"),
            ("before_due", "before:7", "nl", "truong_nl"),
            ("overdue", "overdue:3", "tm", "truong_tm"),
        },
    ),
    (
        D(2026, 3, 17),
        {
            ("before_due", "before:1", "cn", "truong_cn"),
            ("before_due", "before:1", "cn", "cv_cn"),
            ("before_due", "before:1", "nl", "truong_nl"),
            ("overdue", "overdue:4", "tm", "truong_tm"),
        },
    ),
    (
        D(2026, 3, 18),
        {
            ("due_today", "due", "cn", "truong_cn"),
            ("due_today", "due", "cn", "cv_cn"),
            ("due_today", "due", "nl", "truong_nl"),
            ("before_due", "before:7", "ext", "truong_tm"),  # extended to 27/3: chased toward it
            ("overdue", "overdue:4", "tm", "truong_tm"),
        },
    ),
    (
        D(2026, 3, 19),
        {
            ("overdue", "overdue", "cn", "truong_cn"),
            ("overdue", "overdue", "nl", "truong_nl"),
            ("before_due", "before:7", "ext", "truong_tm"),
            ("overdue", "overdue:4", "tm", "truong_tm"),
        },
    ),
    (
        D(2026, 3, 23),
        {
            ("escalation", "escalate", "cn", "vanphong"),
            ("escalation", "escalate", "cn", "lanhdao"),
            ("escalation", "escalate", "nl", "vanphong"),
            ("escalation", "escalate", "nl", "lanhdao"),
        },
    ),
    (
        D(2026, 3, 26),
        {
            ("overdue", "overdue:2", "cn", "truong_cn"),
            ("overdue", "overdue:2", "nl", "truong_nl"),
            ("before_due", "before:1", "ext", "truong_tm"),
            ("escalation", "escalate", "cn", "vanphong"),  # caught up: 23/3 is 3 days back
            ("escalation", "escalate", "cn", "lanhdao"),
            ("escalation", "escalate", "nl", "vanphong"),
            ("escalation", "escalate", "nl", "lanhdao"),
            ("overdue", "overdue:5", "tm", "truong_tm"),
        },
    ),
    (D(2026, 2, 13), {("before_due", "before:1", "tm", "truong_tm")}),  # the Friday before Tết
    (D(2026, 2, 16), {("before_due", "before:1", "tm", "truong_tm")}),  # a pass in Tết catches up
    (D(2026, 2, 17), set()),
    (D(2026, 2, 23), {("due_today", "due", "tm", "truong_tm")}),  # the first day back
    (
        D(2026, 8, 21),
        {
            ("overdue", "overdue:26", "tm", "truong_tm"),  # Tuesday 18/8, caught up
            ("overdue", "overdue:23", "cn", "truong_cn"),  # Thursday 20/8
            ("overdue", "overdue:23", "nl", "truong_nl"),
        },
    ),
    (
        D(2026, 8, 22),  # the make-up Saturday; Thanh tra has no head: its staff
        {
            ("before_due", "before:1", "tt", "cv_tt"),
            ("overdue", "overdue:23", "cn", "truong_cn"),
            ("overdue", "overdue:23", "nl", "truong_nl"),
        },
    ),
]


def seen(dept, obs):
    names = {v.id: k for k, v in obs.items()}
    users = {u.id: k for k, u in dept.users.items()}
    out = set()
    for d in Delivery.objects.all():
        kind, stage = d.key.split(":")[0], d.key.split(":", 1)[1].rsplit(":", 3)[0]
        out.add((kind, stage, names[d.obligation_id], users[d.recipient_id]))
    return out


@pytest.mark.django_db
@pytest.mark.parametrize(("day", "expected"), CASES, ids=[c[0].isoformat() for c in CASES])
def test_pass_creates_exactly_the_expected_reminders(dept, day, expected):
    obs = build(dept)
    result = run_reminders(now=at(day))
    assert seen(dept, obs) == expected
    assert result.created == len(expected)
    # A reminder waits for the weekly cap in its channel, not yet shown in the app.
    assert set(Delivery.objects.values_list("state", flat=True)) <= {Delivery.State.PENDING}
    assert not Notification.objects.exists()
    # The person without an e-mail address is notified in the app only.
    for d in Delivery.objects.all():
        assert d.channel == ("app" if d.recipient_id == dept.uid("truong_nl") else "email")
    # Released (the cap is 10): one notification per delivery, for the same person and obligation.
    send_pending(now=at(day), worker_id="w")
    assert Notification.objects.count() == len(expected)
    for d in Delivery.objects.select_related("notification"):
        assert d.notification.recipient_id == d.recipient_id
        assert d.notification.obligation_id == d.obligation_id
        assert d.notification.kind == d.kind
        assert d.state == Delivery.State.SENT


@pytest.mark.django_db
def test_second_pass_creates_nothing_new(dept):
    build(dept)
    first = run_reminders(now=at(D(2026, 3, 26)))
    keys = set(Delivery.objects.values_list("key", flat=True))
    second = run_reminders(now=at(D(2026, 3, 26), 15))
    assert (first.created, second.created, second.existing) == (8, 0, 8)
    assert set(Delivery.objects.values_list("key", flat=True)) == keys
    send_pending(now=at(D(2026, 3, 26), 15), worker_id="w")
    run_reminders(now=at(D(2026, 3, 26), 16))
    send_pending(now=at(D(2026, 3, 26), 16), worker_id="w")
    assert Notification.objects.count() == Delivery.objects.count() == 8


@pytest.mark.django_db
def test_a_first_pass_looks_up_no_keys_the_next_ones_do(dept, monkeypatch):
    """No other reminders pass as of the catch-up window: none of today's keys can exist, so
    the first pass of a department (through run_all, which records it) asks the outbox for
    none; a second pass the same day, or the next day's, does, and adds nothing twice."""
    from cchc.chasing import services

    build(dept)
    looked: list[int] = []
    real = services.existing_keys

    def counting(keys):
        keys = list(keys)
        looked.append(len(keys))
        return real(keys)

    monkeypatch.setattr(services, "existing_keys", counting)
    first = run_all(now=at(D(2026, 3, 26)), worker_id="w")[0]
    assert (first.created, looked) == (8, [])
    again = run_all(now=at(D(2026, 3, 26), 15), worker_id="w")[0]
    # (From the day of the pass that finished on: today's stages, all found in the outbox.)
    assert again.created == 0 and again.existing > 0 and looked == [again.existing]
    run_all(now=at(D(2026, 3, 27)), worker_id="w")
    assert len(looked) == 2  # the next day: the pass of 26/3 is in its catch-up window
    assert Delivery.objects.filter(kind__in=["before_due", "due_today", "overdue", "escalation"]).count() >= 8


@pytest.mark.django_db
def test_keys_carry_the_scheduled_day(dept):
    obs = build(dept)
    run_reminders(now=at(D(2026, 3, 10)))  # catching up 9/3
    key = Delivery.objects.get(recipient=dept.users["truong_cn"]).key
    assert key == f"before_due:before:7:{obs['cn'].id}:{dept.uid('truong_cn')}:2026-03-09"


@pytest.mark.django_db
def test_pass_refreshes_statuses_first(dept):
    obs = build(dept)
    run_reminders(now=at(D(2026, 3, 19)))
    obs["cn"].refresh_from_db()
    assert obs["cn"].status == "overdue"


@pytest.mark.django_db
def test_run_all_records_each_job_and_catches_up_from_the_last_pass(dept):
    obs = {"cn": dept.ob("QLCN", D(2026, 3, 18)), "nl": dept.ob("QLNL", D(2026, 3, 18))}
    run_all(now=at(D(2026, 3, 9)), worker_id="w1")
    jobs = set(PassRun.objects.values_list("job", flat=True))
    assert jobs == {"reminders", "report_call", "weekly_digest", "send"}
    assert all(r.finished_at and not r.error for r in PassRun.objects.all())
    # 9/3's pass finished: on 10/3 nothing new (9/3 is looked at again, for obligations
    # created after that pass, and found done).
    results = run_all(now=at(D(2026, 3, 10)), worker_id="w1")
    assert (results[0].created, results[0].existing) == (0, 3)
    results = run_all(now=at(D(2026, 3, 10), 9), worker_id="w1")  # later the same day
    assert (results[0].created, results[0].existing) == (0, 0)
    # A pass whose reminders failed is not a "finished" pass: the next one catches up.
    PassRun.objects.filter(job="reminders").update(error="boom")
    Delivery.objects.all().delete()
    results = run_all(now=at(D(2026, 3, 11)), worker_id="w1")
    assert results[0].created == 3
    assert {d.key[-10:] for d in obs["cn"].deliveries.all()} == {"2026-03-09"}


@pytest.mark.django_db
def test_a_completed_obligation_is_no_longer_chased(dept):
    obs = build(dept)
    run_reminders(now=at(D(2026, 3, 17)))
    obs["cn"].status, obs["cn"].completed_on = "done_early", D(2026, 3, 17)
    obs["cn"].save()
    run_reminders(now=at(D(2026, 3, 18)))
    assert not obs["cn"].deliveries.filter(kind=Kind.DUE_TODAY).exists()
    assert obs["nl"].deliveries.filter(kind=Kind.DUE_TODAY).exists()


@pytest.mark.django_db
def test_stale_warning_once_per_stretch(dept):
    ob = dept.ob("QLCN", D(2026, 4, 30), status="in_progress")
    old = timezone.make_aware(timezone.datetime(2026, 1, 2, 9))
    ob.__class__.objects.filter(id=ob.id).update(created_at=old, last_activity_at=at(D(2026, 3, 2), 10))
    run_reminders(now=at(D(2026, 3, 13)))
    assert not Delivery.objects.exists()
    run_reminders(now=at(D(2026, 3, 16)))
    run_reminders(now=at(D(2026, 3, 17)))
    stale = Delivery.objects.get(kind=Kind.STALE, recipient=dept.users["truong_cn"])
    assert stale.key.endswith(f":{ob.id}:{dept.uid('truong_cn')}:2026-03-16")
    assert "Lâu chưa cập nhật" in stale.subject
    assert Delivery.objects.filter(kind=Kind.STALE).count() == 2  # the head and the staff
    # A new update starts a new stretch, warned again 14 days later.
    ob.__class__.objects.filter(id=ob.id).update(last_activity_at=at(D(2026, 3, 20), 10))
    run_reminders(now=at(D(2026, 4, 3)))
    assert Delivery.objects.filter(kind=Kind.STALE).count() == 4


@pytest.mark.django_db
def test_the_messages_say_what_and_when_in_vietnamese(dept):
    obs = build(dept)
    run_reminders(now=at(D(2026, 3, 9)))
    send_pending(now=at(D(2026, 3, 9)), worker_id="w")
    d = obs["cn"].deliveries.get(recipient=dept.users["truong_cn"])
    assert d.subject == (
        "[CCHC] Còn 7 ngày làm việc đến hạn 18/03/2026: 1. Rà soát, công bố thủ tục hành chính. (12/KH-SCT)"
    )
    assert "Kính gửi" in d.text and "18/03/2026" in d.text and "Phòng Quản lý Công nghiệp" in d.text
    assert "12/KH-SCT" in d.text and "<strong>18/03/2026</strong>" in d.html
    # The link opens the task's page on this obligation's period, in the e-mail and the app.
    path = f"/nhiem-vu/{obs['cn'].task_id}/?nghia-vu={obs['cn'].id}#chi-tiet"
    assert f"127.0.0.1:8000{path}" in d.text
    note = d.notification
    assert note.title.startswith("Còn 7 ngày làm việc") and note.url == path
    run_reminders(now=at(D(2026, 3, 23)))
    esc = obs["cn"].deliveries.filter(kind=Kind.ESCALATION).first()
    assert "Quá hạn 3 ngày làm việc" in esc.subject and "Phòng Quản lý Công nghiệp" in esc.subject
    run_reminders(now=at(D(2026, 3, 26)))
    ext = obs["ext"].deliveries.get()
    assert ext.text == ""  # the e-mail is written only if the weekly cap releases it…
    send_pending(now=at(D(2026, 3, 26)), worker_id="w")
    ext.refresh_from_db()
    assert "đã gia hạn; hạn ban đầu 18/03/2026" in ext.text  # …and kept as it went out


# A plan imported late (on Friday 5/6/2026): its obligation due 18/3 exists only from then.
LATE = [
    (D(2026, 6, 4), None, set()),  # (a pass the day before the import sees nothing to escalate)
    (
        D(2026, 6, 5),
        None,
        {("escalate", "vanphong", "2026-06-05"), ("escalate", "lanhdao", "2026-06-05")},
    ),
    (  # the weekend passed without a pass: caught up on Monday
        D(2026, 6, 8),
        D(2026, 6, 4),
        {("escalate", "vanphong", "2026-06-05"), ("escalate", "lanhdao", "2026-06-05")},
    ),
    (D(2026, 6, 9), D(2026, 6, 5), set()),  # escalated on 5/6 already
    (D(2026, 6, 10), None, set()),  # the catch-up days are over: once, never again
]


@pytest.mark.django_db
@pytest.mark.parametrize(("day", "since", "expected"), LATE, ids=[c[0].isoformat() for c in LATE])
def test_a_plan_imported_late_is_escalated_on_arrival(dept, day, since, expected):
    import_day = at(D(2026, 6, 5), 7)
    ob = dept.ob("QLCN", D(2026, 3, 18), created=import_day)
    if day < D(2026, 6, 5):
        # Not imported yet: in that pass's world the obligation does not exist.
        Obligation.objects.filter(pk=ob.pk).update(is_active=False)
    if since is not None:
        PassRun.objects.create(
            job="reminders", started_at=at(since), finished_at=at(since, 9), as_of=at(since)
        )
    run_reminders(now=at(day))
    users = {u.id: k for k, u in dept.users.items()}
    got = {
        (d.key.split(":")[1], users[d.recipient_id], d.key[-10:])
        for d in Delivery.objects.filter(kind=Kind.ESCALATION)
    }
    assert got == expected


@pytest.mark.django_db
def test_an_organisation_filter_keeps_other_departments_out(dept):
    from tests.chasing.dept import make_dept

    build(dept)
    other = make_dept("so-khac")
    other.ob("QLCN", D(2026, 3, 18))
    run_reminders(now=at(D(2026, 3, 17)), organisation=other.org)
    assert set(Delivery.objects.values_list("organisation_id", flat=True)) == {other.org.id}


@pytest.mark.django_db
def test_send_pending_sends_each_once(dept):
    dept.ob("TTRA", D(2026, 3, 18))
    dept.ob("QLNL", D(2026, 3, 18))
    run_reminders(now=at(D(2026, 3, 17)))
    first = send_pending(now=at(D(2026, 3, 17)), worker_id="w1")
    second = send_pending(now=at(D(2026, 3, 17), 9), worker_id="w2")
    # truong_nl has no address: shown in the app only, once.
    assert (first.sent, first.shown, second.sent, second.shown) == (1, 1, 0, 0)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [dept.users["cv_tt"].email]
    d = Delivery.objects.get(channel="email")
    assert (d.state, d.attempts, d.claimed_by) == (Delivery.State.SENT, 1, "w1")
    assert d.sent_at == at(D(2026, 3, 17))
    assert Notification.objects.filter(recipient=dept.users["truong_nl"]).count() == 1


@pytest.mark.django_db
def test_pass_reads_only_todays_obligations(dept, django_assert_max_num_queries):
    """Hundreds of obligations due later or long ago are not read one by one."""
    for i in range(150):
        dept.ob("QLCN", D(2026, 6, 1) + timedelta(days=i % 60))
    build(dept)
    with django_assert_max_num_queries(40):
        result = run_reminders(now=at(D(2026, 3, 17)))
    assert result.created == 4


@pytest.mark.django_db
def test_late_obligations_are_found_by_id_above_an_earlier_passs_mark(dept):
    """The late escalation reads the obligations created since the catch-up window by id,
    above the mark of a pass that started before it: the old overdue backlog is not read
    again every day. (Here an obligation below the mark claims a late creation: it is not
    read, which shows the mark is used.)"""
    imported = at(D(2026, 6, 5), 7)
    # Due Monday 16/3: its weekly overdue reminder falls on Tuesdays, none today (Friday 5/6),
    # so only the late escalation's narrowing reads it.
    below = dept.ob("QLCN", D(2026, 3, 16), created=imported)
    above = dept.ob("QLTM", D(2026, 3, 16), created=imported)
    for day, mark in ((D(2026, 6, 1), below.id), (D(2026, 6, 4), None)):  # the last pass: 4/6
        PassRun.objects.create(
            job="reminders", started_at=at(day), finished_at=at(day, 9), as_of=at(day), obligation_mark=mark
        )
    run_reminders(now=at(D(2026, 6, 5)))
    escalated = set(Delivery.objects.filter(kind=Kind.ESCALATION).values_list("obligation_id", flat=True))
    assert escalated == {above.id}
    # Without a mark (a new installation) every late obligation is found by its creation time.
    Delivery.objects.all().delete()
    PassRun.objects.update(obligation_mark=None)
    run_reminders(now=at(D(2026, 6, 5)))
    escalated = set(Delivery.objects.filter(kind=Kind.ESCALATION).values_list("obligation_id", flat=True))
    assert escalated == {below.id, above.id}


@pytest.mark.django_db
def test_names_read_once_per_department_and_a_new_task_on_demand(dept, django_assert_num_queries):
    """The pass reads the department's task, plan and unit names once (three queries); a task
    confirmed while the pass runs is read when an obligation of it comes."""
    from cchc.chasing.services import ObligationRow, department_names

    first = dept.ob("QLCN", D(2026, 3, 18), text="Rà soát, công bố thủ tục hành chính.")
    with django_assert_num_queries(3):
        names = department_names(dept.org)
    later = dept.ob("QLTM", D(2026, 3, 18), text="Niêm yết thủ tục hành chính tại trụ sở.")
    fields = ("id", "organisation_id", "unit_id", "task_id", "plan_id", "status", "current_due")
    fields += ("due_date", "extended", "period_label", "period_start", "last_activity_at", "created_at")
    rows = {o.pk: o for o in Obligation.objects.filter(pk__in=[first.pk, later.pk])}
    with django_assert_num_queries(0):
        known = ObligationRow(tuple(getattr(rows[first.pk], f) for f in fields), names)
    assert (known.task.text, known.unit.name) == (first.task.text, first.unit.name)
    with django_assert_num_queries(1):
        new = ObligationRow(tuple(getattr(rows[later.pk], f) for f in fields), names)
    assert new.task.text == "Niêm yết thủ tục hành chính tại trụ sở."
    assert new.plan.number == later.plan.number and new.unit.name == later.unit.name
