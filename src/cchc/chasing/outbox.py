"""The outbox: insert each message once, then claim, cap, send and mark it.

Exactly-once is split in three (see ``models`` for the whole design):

* **Deciding** a message is an INSERT under a unique key. Of two workers inserting the
  same key one wins; the other's conflict means "already done" and is skipped. A message
  that is not a reminder (a report call, a digest, an event) gets its in-app notification
  in the same transaction, so it exists with its notification or not at all. A reminder
  (``CAPPED_KINDS``) is inserted alone, pending, in its channel (``email``, or ``app`` for a
  person without an address): whether the person sees it one by one is decided later.
* **Releasing** the reminders is the weekly cap, decided person by person in one
  transaction holding a lock on the person (a row lock on PostgreSQL; SQLite's write
  lock): the capped messages released this week in either channel are counted, the
  ``room`` most urgent pending ones are released (their notifications created, linked,
  in that transaction; an app message is then delivered, an e-mail claimed for sending)
  and, once the room is used up, all the others are folded by one UPDATE. A folded
  reminder is never shown one by one: the week's personal digest carries it. Two workers
  never release a reminder twice, nor more than the cap, nor fold what the cap leaves room
  for.
* **Sending** claims e-mails with ``UPDATE … SET state='sending' WHERE id IN (…) AND
  state='pending'``: a row is sent only by the worker whose UPDATE changed it. A row left
  ``sending`` by a crashed worker is claimed again once its lease (10 minutes) has run out,
  with an optimistic check on the ``claimed_at`` that was seen, so one worker wins it (its
  notification exists already). The only window in which a message can go out twice is a
  crash after the SMTP server accepted it and before the row was marked sent; the copy
  carries the same ``Message-ID`` (derived from the key), so mail clients show it once.
"""

from __future__ import annotations

import hashlib
import logging
import queue
import threading
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Q

from cchc.chasing import messages, outbox_pg
from cchc.chasing.cap import MAX_ATTEMPTS, link_notifications, lock_person, release
from cchc.chasing.context import Person, display_name
from cchc.chasing.models import Delivery, Notification
from cchc.core.reminders import CAPPED_KINDS
from cchc.orgs.models import Organisation
from cchc.tracking.models import Obligation

log = logging.getLogger("cchc.chasing")

LEASE = timedelta(minutes=10)
CLAIM_BATCH = 200
INSERT_BATCH = 1000


def backoff(attempts: int) -> timedelta:
    """Wait before retrying a failed message: 5, 10, 20, 40, 80 minutes."""
    return timedelta(minutes=5 * 2 ** max(0, attempts - 1))


def delivery_key(kind: str, stage: str, obligation_id: int | None, recipient_id: int, day: date) -> str:
    """The outbox's unique key: one message per kind, stage, obligation, person and scheduled day."""
    obligation = "-" if obligation_id is None else obligation_id
    return f"{kind}:{stage}:{obligation}:{recipient_id}:{day.isoformat()}"


@dataclass
class PassResult:
    """What one job did; ``created`` new messages, ``existing`` ones another pass had made."""

    job: str
    created: int = 0
    existing: int = 0
    sent: int = 0  # e-mails
    shown: int = 0  # reminders released in the app only (a person without an address)
    folded: int = 0
    failed: int = 0
    ran: bool = True  # False: the job was not due for any department
    errors: list[str] = field(default_factory=list)

    def add(self, other: PassResult) -> PassResult:
        self.created += other.created
        self.existing += other.existing
        self.sent += other.sent
        self.shown += other.shown
        self.folded += other.folded
        self.failed += other.failed
        self.errors += other.errors
        return self

    def summary(self) -> str:
        return (
            f"{self.job}: tạo mới {self.created}, đã có {self.existing}, gửi {self.sent}, "
            f"hiện trong ứng dụng {self.shown}, gộp {self.folded}, lỗi {self.failed}"
        )


@dataclass
class Message:
    """A message decided by a pass, rendered, not yet in the outbox."""

    key: str
    organisation_id: int
    recipient_id: int
    email: str
    kind: str
    obligation_id: int | None
    subject: str
    text: str
    html: str
    title: str
    body: str
    url: str = ""
    folded: bool = False  # a reminder the weekly cap cannot let through (``cap.prefold``)


def notice(
    key: str, organisation_id: int, person: Person, kind: str, title: str, lead: str, path: str
) -> Message:
    """A message about the department's work rather than one obligation (a report to send
    upward, a self-assessment to submit): a notification, and an e-mail when the person has
    an address."""
    text, html = messages.notice_email(title, lead, path, person) if person.email else ("", "")
    return Message(
        key=key,
        organisation_id=organisation_id,
        recipient_id=person.id,
        email=person.email,
        kind=kind,
        obligation_id=None,
        subject=f"{messages.PREFIX} {title}",
        text=text,
        html=html,
        title=title,
        body=lead,
        url=path,
    )


def existing_keys(keys: Iterable[str]) -> set[str]:
    keys = list(keys)
    found: set[str] = set()
    for i in range(0, len(keys), INSERT_BATCH):
        chunk = keys[i : i + INSERT_BATCH]
        found.update(Delivery.objects.filter(key__in=chunk).values_list("key", flat=True))
    return found


def _rows(m: Message, now: datetime) -> tuple[Notification | None, Delivery]:
    """The message's outbox row, and its notification unless it is a reminder (whose
    notification the weekly cap creates when it releases it)."""
    capped = m.kind in CAPPED_KINDS
    app_only = not m.email
    note = None
    if not capped:
        note = Notification(
            recipient_id=m.recipient_id,
            organisation_id=m.organisation_id,
            kind=m.kind,
            obligation_id=m.obligation_id,
            title=m.title[:255],
            body=m.body,
            url=m.url[:500],
            created_at=now,
        )
    # Without an address the in-app notification is the delivery: nothing waits in the outbox
    # (a reminder waits for the cap in either channel).
    delivered = app_only and not capped
    state = Delivery.State.SENT if delivered else Delivery.State.PENDING
    if capped and m.folded:
        state = Delivery.State.FOLDED
    delivery = Delivery(
        key=m.key,
        organisation_id=m.organisation_id,
        recipient_id=m.recipient_id,
        kind=m.kind,
        obligation_id=m.obligation_id,
        channel="app" if app_only else "email",
        subject=m.subject[:255],
        text=m.text,
        html=m.html,
        title=m.title[:255] if capped else "",
        body=m.body if capped else "",
        url=m.url[:500] if capped else "",
        state=state,
        sent_at=now if delivered else None,
        created_at=now,
    )
    return note, delivery


def insert(messages: Sequence[Message], *, now: datetime) -> tuple[int, int, list[Delivery]]:
    """Insert each message with its notification; (created, skipped, the created deliveries).

    Set-based, one transaction per batch: the deliveries go in with ``ON CONFLICT DO
    NOTHING`` (a key another worker inserted, committed or not, is skipped: PostgreSQL waits
    for that worker's transaction first), then the notifications of exactly the rows this
    batch inserted, then one UPDATE links them. The rows this batch inserted are told
    apart by a token written in ``claimed_by`` (cleared by that UPDATE, in the same
    transaction, so no other worker ever sees it). If the batch fails for another reason
    (an integrity error other than the key), it is inserted row by row.
    """
    created: list[Delivery] = []
    skipped = 0
    for i in range(0, len(messages), INSERT_BATCH):
        batch = messages[i : i + INSERT_BATCH]
        try:
            with transaction.atomic():
                mine = _insert_batch(batch, now)
        except IntegrityError:
            mine = []
            for m in batch:
                try:
                    with transaction.atomic():
                        mine += _insert_batch([m], now)
                except IntegrityError as exc:
                    log.error("outbox insert failed for %s: %s", m.key, exc)
        created += mine
        skipped += len(batch) - len(mine)
    return len(created), skipped, created


def insert_many(messages: Sequence[Message], *, now: datetime) -> tuple[int, int]:
    """``insert`` for the passes that decide messages by the hundred thousand; (created,
    skipped). The same exactly-once rule, without model instances: on PostgreSQL the
    batches are copied (COPY) and moved by one statement each (``outbox_pg``). Elsewhere
    (SQLite, a laptop's few messages) it is ``insert``.
    """
    if connection.vendor != "postgresql":
        created, skipped, _ = insert(messages, now=now)
        return created, skipped
    created = outbox_pg.insert_many(messages, now=now)
    return created, len(messages) - created


WRITER_THREADS = 2


class OutboxWriter:
    """``insert_many`` behind a queue: on PostgreSQL, outside a transaction, writer threads
    with their own connections move the batches into the outbox while the pass renders the
    next ones (the database's work and Python's overlap, and the database uses both cores).
    Each batch is still its own transaction under the same exactly-once rule, and batches
    hold distinct keys. In a transaction (tests) or on SQLite the batches are written inline.
    ``close()`` waits for the last batch and raises the first writer error, if any."""

    def __init__(self, *, now: datetime, threads: int = WRITER_THREADS) -> None:
        self.now = now
        self.created = 0
        self.skipped = 0
        self._error: BaseException | None = None
        self._lock = threading.Lock()
        self._queue: queue.Queue[Sequence[Message] | None] | None = None
        self._threads: list[threading.Thread] = []
        if connection.vendor == "postgresql" and not connection.in_atomic_block and threads > 0:
            self._queue = queue.Queue(maxsize=threads + 1)
            for n in range(threads):
                t = threading.Thread(target=self._run, name=f"outbox-writer-{n}", daemon=True)
                t.start()
                self._threads.append(t)

    def put(self, messages: Sequence[Message]) -> None:
        if not messages:
            return
        if self._queue is None:
            self._write(messages)
            return
        if self._error is not None:
            raise self._error
        self._queue.put(messages)

    def close(self) -> None:
        if self._queue is not None:
            for _ in self._threads:
                self._queue.put(None)
            for t in self._threads:
                t.join()
            self._queue = None
        if self._error is not None:
            raise self._error

    def _write(self, messages: Sequence[Message]) -> None:
        created, skipped = insert_many(messages, now=self.now)
        with self._lock:
            self.created += created
            self.skipped += skipped

    def _run(self) -> None:
        from django.db import connections

        assert self._queue is not None
        try:
            while (batch := self._queue.get()) is not None:
                if self._error is None:  # after an error, drain without writing
                    try:
                        self._write(batch)
                    except BaseException as exc:
                        with self._lock:
                            self._error = self._error or exc
        finally:
            connections.close_all()  # this thread's own connection


def _insert_batch(batch: Sequence[Message], now: datetime) -> list[Delivery]:
    """Insert what is new in ``batch`` (call inside a transaction); returns the deliveries
    this call inserted, each linked to its new notification (a reminder has none yet)."""
    token = f"insert:{uuid.uuid4().hex}"
    by_key = {}
    for m in batch:
        note, d = _rows(m, now)
        d.claimed_by = token
        by_key[m.key] = (note, d)
    Delivery.objects.bulk_create([d for _, d in by_key.values()], ignore_conflicts=True)
    ids = dict(Delivery.objects.filter(key__in=list(by_key), claimed_by=token).values_list("key", "id"))
    if not ids:
        return []
    keys = [k for k in by_key if k in ids]
    noted = [k for k in keys if by_key[k][0] is not None]
    made = [n for k in noted if (n := by_key[k][0]) is not None]  # the None were left out above
    notes = dict(zip(noted, Notification.objects.bulk_create(made), strict=True))
    deliveries = []
    for key in keys:
        d = by_key[key][1]
        d.id, d.claimed_by = ids[key], ""
        if key in notes:
            d.notification = notes[key]
        deliveries.append(d)
    link_notifications([d for d in deliveries if d.notification_id is not None])
    # The token goes in the same transaction: no other worker ever sees it.
    Delivery.objects.filter(id__in=[d.id for d in deliveries]).update(claimed_by="")
    return deliveries


# --- Sending ------------------------------------------------------------------------------------


def _retry_candidates(
    now: datetime, limit: int, skip: set[int]
) -> list[tuple[int, str, datetime | None, int]]:
    """Rows already decided to go out whose sending died (lease expired) or failed (back-off over)."""
    due = Q(state=Delivery.State.SENDING, claimed_at__lt=now - LEASE)
    due |= Q(state=Delivery.State.FAILED, attempts__lt=MAX_ATTEMPTS, claimed_at__lt=now - backoff(1))
    rows = (
        Delivery.objects.filter(due, channel="email")
        .exclude(id__in=skip)
        .order_by("id")
        .values_list("id", "state", "claimed_at", "attempts")[:limit]
    )
    out = []
    for row in rows:
        _, state, claimed_at, attempts = row
        if state == Delivery.State.FAILED and claimed_at and claimed_at >= now - backoff(attempts):
            continue
        out.append(row)
    return out


def _reclaim(row: tuple[int, str, datetime | None, int], now: datetime, worker_id: str) -> bool:
    """One optimistic UPDATE on what we saw: True for exactly one of the workers trying the row."""
    pk, state, claimed_at, attempts = row
    qs = Delivery.objects.filter(id=pk, state=state)
    # The expired lease we saw (not a fresh one), or the failure we saw (not a newer one).
    seen = {"claimed_at": claimed_at} if state == Delivery.State.SENDING else {"attempts": attempts}
    qs = qs.filter(**seen)
    return qs.update(state=Delivery.State.SENDING, claimed_at=now, claimed_by=worker_id) == 1


def send_pending(*, now: datetime, worker_id: str) -> PassResult:
    """Release the reminders the weekly cap leaves room for (folding the rest), then claim
    and send every e-mail waiting in the outbox, then the ones whose earlier attempt died
    (lease expired) or failed (after its back-off).

    Person by person, in one transaction under a lock on the person (see the module's
    docstring): two workers together never release more than the cap, nor fold what the
    cap leaves room for. The e-mails go out after the commit: no transaction stays open
    while a mail server answers.
    """
    result = PassResult("send")
    caps = dict(Organisation.objects.values_list("id", "weekly_message_cap"))
    capped = Q(kind__in=CAPPED_KINDS)
    for _ in range(10_000):  # a bound, never reached: each round claims rows or sees them claimed
        people = list(
            Delivery.objects.filter(state=Delivery.State.PENDING)
            .values("recipient_id", "organisation_id")
            .annotate(capped=Count("id", filter=capped), other=Count("id", filter=~capped))
            .order_by("recipient_id", "organisation_id")[:CLAIM_BATCH]
        )
        if not people:
            break
        for p in people:
            uid, org_id = p["recipient_id"], p["organisation_id"]
            todo = _claim_for_person(uid, org_id, caps.get(org_id, 0), p, now, worker_id, result)
            for d in write_emails(todo):
                _deliver(d, now, worker_id, result)
    seen: set[int] = set()
    while rows := _retry_candidates(now, CLAIM_BATCH, seen):
        seen.update(r[0] for r in rows)
        won = [r[0] for r in rows if _reclaim(r, now, worker_id)]
        again = Delivery.objects.filter(id__in=won).select_related("recipient").order_by("id")
        for d in write_emails(list(again)):
            _deliver(d, now, worker_id, result)
    return result


def _claim_for_person(
    recipient_id: int,
    organisation_id: int,
    cap: int,
    waiting: Mapping[str, Any],
    now: datetime,
    worker_id: str,
    result: PassResult,
) -> list[Delivery]:
    """Apply the weekly cap to the person's pending reminders (``cap.release``) and claim
    their other pending e-mails, in one transaction under the person's lock; returns the
    e-mails to send. ``waiting``: what the round saw pending (steps with nothing are skipped)."""
    with transaction.atomic():
        lock_person(recipient_id)
        mine = Delivery.objects.filter(recipient_id=recipient_id, organisation_id=organisation_id)
        emails = 0
        if waiting["capped"]:
            shown, emails, folded = release(recipient_id, organisation_id, cap, now, worker_id)
            result.shown += shown
            result.folded += folded
        if waiting["other"]:
            ids = (
                mine.filter(channel="email", state=Delivery.State.PENDING)
                .exclude(kind__in=CAPPED_KINDS)
                .order_by("id")
                .values("id")[:CLAIM_BATCH]
            )
            emails += Delivery.objects.filter(id__in=ids, state=Delivery.State.PENDING).update(
                state=Delivery.State.SENDING, claimed_at=now, claimed_by=worker_id
            )
        if not emails:
            return []
        return list(
            mine.filter(state=Delivery.State.SENDING, claimed_by=worker_id, claimed_at=now)
            .select_related("recipient", "organisation")
            .order_by("id")
        )


def write_emails(rows: list[Delivery]) -> list[Delivery]:
    """Write the e-mail of each reminder the cap released and this worker claimed (the pass
    stored only its headline), and keep it on its row, as it goes out. Outside the claim's
    transaction: the rows are this worker's (``sending``) while it writes them."""
    todo = [d for d in rows if d.kind in CAPPED_KINDS and not d.text and d.obligation_id]
    if todo:
        obs = Obligation.objects.select_related("task", "plan", "unit").in_bulk(
            {d.obligation_id for d in todo}
        )
        for d in todo:
            person = Person(d.recipient_id, display_name(d.recipient), (d.recipient.email or "").strip())
            d.text, d.html = messages.reminder_email(d.title, d.body, obs[d.obligation_id], person)
        Delivery.objects.bulk_update(todo, ["text", "html"])
    return rows


def email_message(d: Delivery) -> EmailMultiAlternatives:
    digest = hashlib.sha256(d.key.encode()).hexdigest()[:32]
    msg = EmailMultiAlternatives(
        subject=d.subject,
        body=d.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[d.recipient.email],
        headers={"Message-ID": f"<{digest}@cchc>", "X-CCHC-Key": d.key},
    )
    if d.html:
        msg.attach_alternative(d.html, "text/html")
    return msg


def _deliver(d: Delivery, now: datetime, worker_id: str, result: PassResult) -> None:
    mine = Delivery.objects.filter(id=d.id, state=Delivery.State.SENDING, claimed_by=worker_id)
    try:
        if not d.recipient.email:
            raise ValueError("người nhận chưa có địa chỉ e-mail")
        # A connection per message: one bad message or dropped connection fails only itself,
        # and the file backend writes one readable file per e-mail.
        with mailers.default as connection:
            connection.send_messages([email_message(d)])
    except Exception as exc:  # the mailer's errors are many (SMTP, socket, OS); all are retried
        attempts = d.attempts + 1
        log.warning("sending %s failed (attempt %d): %s", d.key, attempts, exc)
        mine.update(state=Delivery.State.FAILED, attempts=F("attempts") + 1, error=str(exc)[:2000])
        if attempts >= MAX_ATTEMPTS:
            log.error("giving up on %s after %d attempts", d.key, attempts)
        result.failed += 1
        result.errors.append(f"{d.key}: {exc}")
        return
    if mine.update(state=Delivery.State.SENT, sent_at=now, attempts=F("attempts") + 1, error="") != 1:
        # Our lease ran out while the mail server was slow and another worker took the row.
        log.warning("delivery %s was re-claimed while being sent", d.key)
    result.sent += 1
