"""The weekly cap: at most N reminder e-mails per person per week, the rest folded into the
person's digest, which goes out with the weekly digest."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from cchc.chasing.models import Delivery, Kind
from cchc.chasing.services import run_reminders, run_report_call, run_weekly_digest, send_pending
from tests.chasing.dept import at

D = date
pytestmark = pytest.mark.django_db


def five_due_on_18_march(dept, cap=2):
    dept.org.weekly_message_cap = cap
    dept.org.save()
    return [dept.ob("QLCN", D(2026, 3, 18)) for _ in range(5)]


def states(user):
    return sorted(Delivery.objects.filter(recipient=user).values_list("kind", "state"))


def test_cap_folds_the_rest_of_the_week(dept):
    obs = five_due_on_18_march(dept, cap=2)
    head = dept.users["truong_cn"]
    run_reminders(now=at(D(2026, 3, 17)))
    result = send_pending(now=at(D(2026, 3, 17)), worker_id="w")
    assert (result.sent, result.folded) == (2, 3)
    sent = Delivery.objects.filter(recipient=head, state=Delivery.State.SENT)
    assert sorted(sent.values_list("obligation_id", flat=True)) == [obs[0].id, obs[1].id]  # oldest first
    # The next day: the cap of the week is used up, everything is folded.
    run_reminders(now=at(D(2026, 3, 18)))
    result = send_pending(now=at(D(2026, 3, 18)), worker_id="w")
    assert (result.sent, result.folded) == (0, 5)
    assert len(mail.outbox) == 2
    # The in-app list still has every reminder: the cap is about e-mails.
    assert head.notifications.count() == 10


def test_folded_reminders_go_out_in_the_personal_digest(dept):
    five_due_on_18_march(dept, cap=2)
    head = dept.users["truong_cn"]
    for day in (D(2026, 3, 17), D(2026, 3, 18)):
        run_reminders(now=at(day))
        send_pending(now=at(day), worker_id="w")
    mail.outbox.clear()
    result = run_weekly_digest(now=at(D(2026, 3, 20), 7, 30))
    assert result.ran
    digest = Delivery.objects.get(recipient=head, kind=Kind.PERSONAL_DIGEST)
    folded = Delivery.objects.filter(recipient=head, state=Delivery.State.FOLDED)
    assert folded.count() == 8
    assert set(folded.values_list("folded_into", flat=True)) == {digest.id}
    assert "Tổng hợp 8 nhắc việc trong tuần (đến 20/03/2026)" in digest.subject
    assert digest.text.count("Đến hạn hôm nay") == 5 and digest.text.count("Còn 1 ngày làm việc") == 3
    # The digests are never capped.
    send_pending(now=at(D(2026, 3, 20), 7, 30), worker_id="w")
    subjects = sorted(m.subject for m in mail.outbox)
    assert len(subjects) == 3  # the head's personal digest; the weekly digest to leader and Office
    assert any("Tổng hợp 8 nhắc việc" in s for s in subjects)
    # A second digest pass the same week carries nothing twice.
    again = run_weekly_digest(now=at(D(2026, 3, 20), 9))
    assert again.created == 0
    assert Delivery.objects.filter(kind=Kind.PERSONAL_DIGEST).count() == 1


def test_the_cap_starts_again_on_monday(dept):
    five_due_on_18_march(dept, cap=2)
    run_reminders(now=at(D(2026, 3, 17)))
    send_pending(now=at(D(2026, 3, 17)), worker_id="w")
    run_reminders(now=at(D(2026, 3, 23)))  # escalations to the Office and the leader
    result = send_pending(now=at(D(2026, 3, 23)), worker_id="w")
    assert (result.sent, result.folded) == (4, 6)  # two each for two people
    run_reminders(now=at(D(2026, 3, 26)))  # the head's weekly overdue reminders: a new week
    result = send_pending(now=at(D(2026, 3, 26)), worker_id="w")
    assert (result.sent, result.folded) == (2, 3)


def test_most_urgent_first_within_the_cap(dept):
    dept.org.weekly_message_cap = 1
    dept.org.save()
    early = dept.ob("QLCN", D(2026, 3, 25))  # before:7 on 16/3, caught up on 18/3
    late = dept.ob("QLCN", D(2026, 3, 10))  # overdue on 11/3, again on 18/3
    run_reminders(now=at(D(2026, 3, 18)))
    send_pending(now=at(D(2026, 3, 18)), worker_id="w")
    kinds = dict(
        Delivery.objects.filter(recipient=dept.users["truong_cn"]).values_list("obligation_id", "state")
    )
    assert kinds == {early.id: Delivery.State.FOLDED, late.id: Delivery.State.SENT}


def test_report_calls_are_not_capped(dept):
    five_due_on_18_march(dept, cap=0)  # cap 0: every reminder waits for the digest
    run_reminders(now=at(D(2026, 3, 17)))
    run_report_call(now=at(D(2026, 3, 25)))
    result = send_pending(now=at(D(2026, 3, 25)), worker_id="w")
    assert result.sent == 1 and result.folded == 5
    assert mail.outbox[0].subject.startswith("[CCHC] Đề nghị báo cáo kết quả CCHC tháng 03/2026")
