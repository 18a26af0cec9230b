"""The weekly cap: at most N reminders per person per week, in the app as by e-mail; the rest
are folded into the person's digest, which goes out with the weekly digest. A folded reminder
never becomes a notification of its own."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from cchc.chasing.models import Delivery, Kind, Notification
from cchc.chasing.services import run_reminders, run_report_call, run_weekly_digest, send_pending
from tests.chasing.dept import at

D = date
pytestmark = pytest.mark.django_db
S = Delivery.State


def five_due_on_18_march(dept, cap=2, unit="QLCN"):
    dept.org.weekly_message_cap = cap
    dept.org.save()
    return [dept.ob(unit, D(2026, 3, 18)) for _ in range(5)]


def pass_on(day, hour=8):
    """One pass and its send step; ``folded`` counts what the pass inserted folded (the cap
    already full) and what the send step folded."""
    decided = run_reminders(now=at(day, hour))
    result = send_pending(now=at(day, hour), worker_id="w")
    result.folded += decided.folded
    return result


def test_cap_folds_the_rest_of_the_week(dept):
    obs = five_due_on_18_march(dept, cap=2)
    head, staff = dept.users["truong_cn"], dept.users["cv_cn"]
    result = pass_on(D(2026, 3, 17))
    assert (result.sent, result.folded) == (4, 6)  # the unit's head and its staff: 2 each
    for person in (head, staff):
        sent = Delivery.objects.filter(recipient=person, state=S.SENT)
        assert sorted(sent.values_list("obligation_id", flat=True)) == [obs[0].id, obs[1].id]  # oldest first
    # The next day: the cap of the week is used up, everything is folded.
    result = pass_on(D(2026, 3, 18))
    assert (result.sent, result.folded) == (0, 10)
    assert len(mail.outbox) == 4
    # In the app too: only what the cap released is shown, each linked to its delivery.
    notes = Notification.objects.filter(recipient=head)
    assert notes.count() == 2
    assert {n.deliveries.get().state for n in notes} == {S.SENT}
    assert not Delivery.objects.filter(state=S.FOLDED, notification__isnull=False).exists()
    # The e-mail is written for what is sent, never for what is folded.
    assert all("Kính gửi" in d.text for d in Delivery.objects.filter(state=S.SENT))
    assert set(Delivery.objects.filter(state=S.FOLDED).values_list("text", flat=True)) == {""}


@pytest.mark.parametrize(
    ("cap", "shown", "folded", "week"),
    [(2, 2, 3, 2), (0, 0, 5, 0), (10, 5, 0, 10), (7, 5, 0, 7)],
)
def test_the_cap_holds_in_the_app(dept, cap, shown, folded, week):
    """truong_nl has no e-mail address: the reminders reach him in the app only, capped alike."""
    five_due_on_18_march(dept, cap=cap, unit="QLNL")
    nl = dept.users["truong_nl"]
    decided = run_reminders(now=at(D(2026, 3, 17)))
    waiting = Delivery.objects.filter(recipient=nl, channel="app")
    assert waiting.count() == 5 and set(waiting.values_list("state", flat=True)) <= {S.PENDING, S.FOLDED}
    assert not Notification.objects.filter(recipient=nl).exists()  # nothing shown before the cap
    result = send_pending(now=at(D(2026, 3, 17)), worker_id="w")
    assert (result.sent, result.shown, result.folded + decided.folded) == (0, shown, folded)
    assert Notification.objects.filter(recipient=nl).count() == shown
    assert Delivery.objects.filter(recipient=nl, state=S.SENT, notification__isnull=False).count() == shown
    assert mail.outbox == []
    # The next day's reminders: shown while the week's room lasts.
    pass_on(D(2026, 3, 18))
    assert Notification.objects.filter(recipient=nl).count() == week


def test_the_notification_is_stamped_when_released(dept):
    five_due_on_18_march(dept, cap=1, unit="QLNL")
    run_reminders(now=at(D(2026, 3, 17), 8))
    send_pending(now=at(D(2026, 3, 17), 9), worker_id="w")
    note = Notification.objects.get(recipient=dept.users["truong_nl"])
    assert note.created_at == at(D(2026, 3, 17), 9)
    assert note.title.startswith("Còn 1 ngày làm việc đến hạn 18/03/2026") and "(12/KH-SCT)" in note.title


def test_folded_reminders_go_out_in_the_personal_digest(dept):
    obs = five_due_on_18_march(dept, cap=2)
    head = dept.users["truong_cn"]
    for day in (D(2026, 3, 17), D(2026, 3, 18)):
        pass_on(day)
    mail.outbox.clear()
    result = run_weekly_digest(now=at(D(2026, 3, 20), 7, 30))
    assert result.ran
    digest = Delivery.objects.get(recipient=head, kind=Kind.PERSONAL_DIGEST)
    folded = Delivery.objects.filter(recipient=head, state=S.FOLDED)
    assert folded.count() == 8
    assert set(folded.values_list("folded_into", flat=True)) == {digest.id}
    assert "Tổng hợp 8 nhắc việc trong tuần (đến 20/03/2026)" in digest.subject
    # Grouped by task: each of the five tasks once, with its plan and a link to its period.
    assert "8 nhắc việc về 5 nhiệm vụ" in digest.text
    for ob in obs:
        assert digest.text.count(f"{ob.task.number}. {ob.task.text} — Kế hoạch 12/KH-SCT") == 1
        assert f"/nhiem-vu/{ob.task_id}/?nghia-vu={ob.id}#chi-tiet" in digest.text
    assert digest.text.count("Đến hạn hôm nay") == 5 and digest.text.count("Còn 1 ngày làm việc") == 3
    # One notification for the digest, leading to the page that lists what it carries.
    note = digest.notification
    assert note.kind == Kind.PERSONAL_DIGEST and note.url == "/thong-bao/nhac-viec-gop/2026-W12/"
    assert Notification.objects.filter(recipient=head).count() == 2 + 1
    # The digests are never capped.
    send_pending(now=at(D(2026, 3, 20), 7, 30), worker_id="w")
    subjects = sorted(m.subject for m in mail.outbox)
    assert len(subjects) == 4  # the head's and the staff's personal digests; the weekly digest ×2
    assert sum("Tổng hợp 8 nhắc việc" in s for s in subjects) == 2
    # A second digest pass the same week carries nothing twice.
    again = run_weekly_digest(now=at(D(2026, 3, 20), 9))
    assert again.created == 0
    assert Delivery.objects.filter(kind=Kind.PERSONAL_DIGEST).count() == 2


def test_the_cap_starts_again_on_monday(dept):
    five_due_on_18_march(dept, cap=2)
    pass_on(D(2026, 3, 17))
    result = pass_on(D(2026, 3, 23))  # escalations to the Office and the leader
    assert (result.sent, result.folded) == (4, 6)  # two each for two people
    result = pass_on(D(2026, 3, 26))  # the head's weekly overdue reminders: a new week
    assert (result.sent, result.folded) == (2, 3)


def test_most_urgent_first_within_the_cap(dept):
    dept.org.weekly_message_cap = 1
    dept.org.save()
    early = dept.ob("QLCN", D(2026, 3, 25))  # before:7 on 16/3, caught up on 18/3
    late = dept.ob("QLCN", D(2026, 3, 10))  # overdue on 11/3, again on 18/3
    pass_on(D(2026, 3, 18))
    states = dict(
        Delivery.objects.filter(recipient=dept.users["truong_cn"]).values_list("obligation_id", "state")
    )
    assert states == {early.id: S.FOLDED, late.id: S.SENT}
    # The staff are not chased for overdue work (their head is): the early warning goes out.
    staff = Delivery.objects.filter(recipient=dept.users["cv_cn"]).values_list("obligation_id", "state")
    assert dict(staff) == {early.id: S.SENT}


def test_report_calls_are_not_capped(dept):
    five_due_on_18_march(dept, cap=0)  # cap 0: every reminder waits for the digest
    decided = run_reminders(now=at(D(2026, 3, 17)))
    assert decided.folded == 10  # inserted folded: the cap lets nothing through
    run_report_call(now=at(D(2026, 3, 25)))
    result = send_pending(now=at(D(2026, 3, 25)), worker_id="w")
    assert result.sent == 2  # the call to the head and the staff
    assert set(Delivery.objects.filter(kind=Kind.BEFORE_DUE).values_list("state", flat=True)) == {S.FOLDED}
    assert all(m.subject.startswith("[CCHC] Đề nghị báo cáo kết quả CCHC tháng 03/2026") for m in mail.outbox)


@pytest.mark.parametrize(
    ("released", "waiting", "kind", "folded"),
    [
        (0, [], "before_due", False),  # room: waits for the send step
        (2, [], "escalation", True),  # the week's room is used: folded at once, however urgent
        (1, ["overdue"], "before_due", True),  # a more urgent one waits ahead of it
        (1, ["before_due"], "before_due", True),  # as urgent and older: ahead of it
        (1, ["before_due"], "overdue", False),  # more urgent than what waits: may take its place
        (0, ["before_due", "stale"], "overdue", False),
    ],
)
def test_the_pass_inserts_folded_only_what_the_cap_cannot_let_through(dept, released, waiting, kind, folded):
    """``prefold`` (cap 2): folded at insert only when ``cap`` messages released this week, or
    waiting and at least as urgent, rank ahead of it; else the send step decides."""
    from cchc.chasing.cap import prefold
    from cchc.chasing.outbox import Message

    dept.org.weekly_message_cap = 2
    dept.org.save()
    head = dept.users["truong_tm"]
    now = at(D(2026, 3, 18))
    rows = [(k, S.SENT) for k in ["overdue"] * released] + [(k, S.PENDING) for k in waiting]
    for i, (k, state) in enumerate(rows):
        Delivery.objects.create(
            key=f"old:{i}",
            organisation=dept.org,
            recipient=head,
            kind=k,
            subject="",
            text="",
            state=state,
            sent_at=now if state == S.SENT else None,
        )
    m = Message(f"new:{kind}", dept.org.id, head.id, "", kind, None, "", "", "", "Tiêu đề", "")
    assert prefold([m], dept.org.id, 2, now) == int(folded)
    assert m.folded is folded
