"""A worker that dies at any point neither loses nor duplicates a reminder."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail

from cchc.chasing.models import Delivery, Notification
from cchc.chasing.outbox import LEASE
from cchc.chasing.services import run_all, run_reminders, send_pending
from tests.chasing.dept import at

D = date
pytestmark = pytest.mark.django_db
NOW = at(D(2026, 3, 17))


@pytest.fixture
def pending(dept):
    dept.ob("QLCN", D(2026, 3, 18))
    run_reminders(now=NOW)
    return Delivery.objects.get(channel="email")


def test_crash_between_claim_and_send_is_sent_once_by_the_next_pass(pending):
    # The dead worker claimed the row and never came back.
    Delivery.objects.filter(id=pending.id).update(
        state=Delivery.State.SENDING, claimed_at=NOW - LEASE - timedelta(minutes=1), claimed_by="dead:1"
    )
    result = send_pending(now=NOW, worker_id="alive:2")
    assert result.sent == 1 and len(mail.outbox) == 1
    pending.refresh_from_db()
    assert (pending.state, pending.claimed_by, pending.attempts) == (Delivery.State.SENT, "alive:2", 1)
    # Nothing more, however many passes follow.
    for minutes in (1, 30, 600):
        assert send_pending(now=NOW + timedelta(minutes=minutes), worker_id="alive:3").sent == 0
    assert len(mail.outbox) == 1


def test_a_live_claim_is_left_alone(pending):
    Delivery.objects.filter(id=pending.id).update(
        state=Delivery.State.SENDING, claimed_at=NOW - timedelta(minutes=2), claimed_by="busy:1"
    )
    assert send_pending(now=NOW, worker_id="other:2").sent == 0
    pending.refresh_from_db()
    assert (pending.state, pending.claimed_by) == (Delivery.State.SENDING, "busy:1")
    assert mail.outbox == []


def test_crash_after_insert_before_send(pending):
    # The pass that decided the reminder died before sending: the next pass (any day) sends it.
    results = {r.job: r for r in run_all(now=NOW + timedelta(hours=3), worker_id="w")}
    assert results["reminders"].created == 0 and results["send"].sent == 1
    assert len(mail.outbox) == 1


def test_crash_while_inserting_leaves_nothing_half_done(dept, monkeypatch):
    dept.ob("QLCN", D(2026, 3, 18))
    dept.ob("QLNL", D(2026, 3, 18))

    from cchc.chasing import outbox

    def killed_after(real):
        def run(*args, **kwargs):
            real(*args, **kwargs)  # the rows are written…
            raise RuntimeError("worker killed")  # …and the worker dies before the commit

        return run

    # Both ways of inserting (PostgreSQL's COPY, the generic one).
    monkeypatch.setattr(outbox, "_copy_batch", killed_after(outbox._copy_batch))
    monkeypatch.setattr(outbox, "_insert_batch", killed_after(outbox._insert_batch))
    with pytest.raises(RuntimeError):
        run_reminders(now=NOW)
    # The deliveries and notifications written before the crash were rolled back together.
    assert Notification.objects.count() == 0 and Delivery.objects.count() == 0
    monkeypatch.undo()
    assert run_reminders(now=NOW).created == 2
    assert Notification.objects.count() == Delivery.objects.count() == 2


def test_lost_race_on_insert_is_skipped(dept, monkeypatch):
    """Another worker inserted the same key between our check and our insert."""
    from cchc.chasing import outbox

    dept.ob("QLCN", D(2026, 3, 18))
    real_existing = outbox.existing_keys
    done = {}

    def racing(keys):
        keys = list(keys)
        if not done:
            done["once"] = True
            run_reminders(now=NOW)  # the other worker, finishing first
        return real_existing([]) if keys else set()

    monkeypatch.setattr("cchc.chasing.services.existing_keys", racing)
    result = run_reminders(now=NOW)
    assert (result.created, result.existing) == (0, 1)
    assert Delivery.objects.count() == Notification.objects.count() == 1
