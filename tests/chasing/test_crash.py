"""A worker that dies at any point neither loses nor duplicates a reminder, by e-mail or in
the app: a crash after the insert leaves a pending row the next pass releases once; a crash
inside the release (the cap, the notification) rolls back whole; a crash after the claim
of an e-mail leaves a row sent once its lease has run out, with its one notification."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail

from cchc.chasing.models import Delivery, Notification, PassRun
from cchc.chasing.outbox import LEASE
from cchc.chasing.services import run_all, run_reminders, send_pending
from tests.chasing.dept import at

D = date
pytestmark = pytest.mark.django_db
NOW = at(D(2026, 3, 17))
# The unit whose one person is reminded through each channel: Thương mại's head by e-mail,
# Năng lượng's head (no address) in the app.
UNITS = {"email": "QLTM", "app": "QLNL"}


@pytest.fixture(params=["email", "app"])
def pending(request, dept):
    dept.ob(UNITS[request.param], D(2026, 3, 18))
    run_reminders(now=NOW)
    d = Delivery.objects.get()
    assert (d.channel, d.state, d.notification_id) == (request.param, Delivery.State.PENDING, None)
    return d


def released_once(d: Delivery) -> None:
    d.refresh_from_db()
    assert d.state == Delivery.State.SENT
    assert Notification.objects.count() == 1 and d.notification_id is not None
    assert len(mail.outbox) == (1 if d.channel == "email" else 0)


def test_crash_after_insert_before_send(pending):
    # The pass that decided the reminder died before sending: the next pass (any day) releases it.
    results = {r.job: r for r in run_all(now=NOW + timedelta(hours=3), worker_id="w")}
    assert results["reminders"].created == 0
    assert (results["send"].sent, results["send"].shown) == ((1, 0) if pending.channel == "email" else (0, 1))
    released_once(pending)
    for minutes in (4, 30, 600):  # nothing more, however many passes follow
        send_pending(now=NOW + timedelta(minutes=minutes), worker_id="again")
    released_once(pending)


def test_crash_inside_the_release_rolls_back_whole(pending, monkeypatch):
    from cchc.chasing import cap, outbox

    def killed(*args):
        cap.release(*args)  # the reminder released, its notification written…
        raise RuntimeError("worker killed")  # …and the worker dies before the commit

    monkeypatch.setattr(outbox, "release", killed)
    with pytest.raises(RuntimeError):
        send_pending(now=NOW, worker_id="dead:1")
    pending.refresh_from_db()
    assert (pending.state, pending.notification_id) == (Delivery.State.PENDING, None)
    assert Notification.objects.count() == 0 and mail.outbox == []
    monkeypatch.undo()
    send_pending(now=NOW, worker_id="alive:2")
    released_once(pending)


@pytest.mark.parametrize("pending", ["email"], indirect=True)
def test_crash_between_claim_and_send_is_sent_once_by_the_next_pass(pending, monkeypatch):
    from cchc.chasing import outbox

    # The worker claimed the row (its notification was created in that transaction) and died.
    monkeypatch.setattr(outbox, "_deliver", lambda *args: None)
    send_pending(now=NOW - LEASE - timedelta(minutes=1), worker_id="dead:1")
    monkeypatch.undo()
    pending.refresh_from_db()
    assert (pending.state, pending.claimed_by) == (Delivery.State.SENDING, "dead:1")
    assert Notification.objects.count() == 1
    result = send_pending(now=NOW, worker_id="alive:2")
    assert result.sent == 1 and len(mail.outbox) == 1
    pending.refresh_from_db()
    assert (pending.state, pending.claimed_by, pending.attempts) == (Delivery.State.SENT, "alive:2", 1)
    # Nothing more, however many passes follow; still one notification.
    for minutes in (1, 30, 600):
        assert send_pending(now=NOW + timedelta(minutes=minutes), worker_id="alive:3").sent == 0
    released_once(pending)


@pytest.mark.parametrize("pending", ["email"], indirect=True)
def test_a_live_claim_is_left_alone(pending):
    Delivery.objects.filter(id=pending.id).update(
        state=Delivery.State.SENDING, claimed_at=NOW - timedelta(minutes=2), claimed_by="busy:1"
    )
    assert send_pending(now=NOW, worker_id="other:2").sent == 0
    pending.refresh_from_db()
    assert (pending.state, pending.claimed_by) == (Delivery.State.SENDING, "busy:1")
    assert mail.outbox == []


def test_crash_while_inserting_leaves_nothing_half_done(dept, monkeypatch):
    dept.ob("QLCN", D(2026, 3, 18))
    dept.ob("QLNL", D(2026, 3, 18))

    from cchc.chasing import outbox, outbox_pg

    def killed_after(real):
        def run(*args, **kwargs):
            real(*args, **kwargs)  # the rows are written…
            raise RuntimeError("worker killed")  # …and the worker dies before the commit

        return run

    # Both ways of inserting (PostgreSQL's COPY, the generic one).
    monkeypatch.setattr(outbox_pg, "copy_batch", killed_after(outbox_pg.copy_batch))
    monkeypatch.setattr(outbox, "_insert_batch", killed_after(outbox._insert_batch))
    with pytest.raises(RuntimeError):
        run_reminders(now=NOW)
    assert Notification.objects.count() == 0 and Delivery.objects.count() == 0
    monkeypatch.undo()
    assert run_reminders(now=NOW).created == 3  # Công nghiệp's head and staff, Năng lượng's head
    send_pending(now=NOW, worker_id="w")
    assert Notification.objects.count() == Delivery.objects.count() == 3


@pytest.mark.parametrize("where", ["key check", "no key check"])
def test_lost_race_on_insert_is_skipped(dept, monkeypatch, where):
    """Another worker inserted the same key between our decision and our insert: after our
    look-up of the existing keys, or, on a pass that looks none up (nothing of the department
    in the outbox lately: a first pass), after we decided there was no need to."""
    from cchc.chasing import outbox, services

    dept.ob("QLTM", D(2026, 3, 18))
    done = {}

    def other_worker_first() -> None:
        if not done:
            done["once"] = True
            run_reminders(now=NOW)  # the other worker, finishing first

    if where == "key check":
        real_existing = outbox.existing_keys
        monkeypatch.setattr(services, "_other_passes_since", lambda org, since, run: True)

        def racing(keys):
            keys = list(keys)
            other_worker_first()
            return real_existing([]) if keys else set()

        monkeypatch.setattr("cchc.chasing.services.existing_keys", racing)
    else:
        real_other = services._other_passes_since

        def racing_other(org, since, run):
            found = real_other(org, since, run)
            other_worker_first()
            return found

        monkeypatch.setattr(services, "_other_passes_since", racing_other)
    # Our pass has its own record (as run_all makes it): it then asks whether another pass ran.
    ours = PassRun.objects.create(job="reminders", started_at=NOW, as_of=NOW)
    result = run_reminders(now=NOW, run=ours)
    assert (result.created, result.existing) == (0, 1)
    assert Delivery.objects.count() == 1
    send_pending(now=NOW, worker_id="w")
    assert Notification.objects.count() == 1
