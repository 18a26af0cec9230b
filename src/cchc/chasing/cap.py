"""The weekly cap: which of a person's waiting reminders are shown one by one, and which are
folded into the week's personal digest.

Decided person by person, in the send step, in one transaction holding the person's lock
(``lock_person``: a row lock on PostgreSQL, SQLite's write lock), for both channels at once:
the capped messages released to the person this week are counted (shown in the app, sent or
being sent by e-mail), the ``room`` left is filled with the most urgent waiting reminders
(escalations and overdue first, then the oldest), each getting its in-app notification in
that transaction (an app message is then delivered, an e-mail claimed for sending), and once
the room is used up every other waiting reminder is folded. A folded reminder never becomes a
notification of its own. The cost is a few statements per person, whatever the number of
reminders (a first pass over a province's backlog decides hundreds of thousands): on
PostgreSQL the count, the release, the notifications and the fold are one statement. And the
pass inserts already folded (``prefold``) what the cap could not let through whatever
happens, so a backlog is written once, not inserted and then folded.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils import timezone

from cchc.chasing.context import local_date
from cchc.chasing.models import Delivery, Notification
from cchc.core.reminders import CAPPED_KINDS, urgency, week_start

MAX_ATTEMPTS = 6  # an e-mail's tries (``outbox``); a failed one still to be tried counts as released
S = Delivery.State


def lock_person(user_id: int) -> None:
    """The person's lock, held to the end of the caller's transaction: another worker deciding
    for the same person (the cap, the digest) waits here. (SQLite has no row locks; the
    transaction's first write takes its database write lock.)"""
    if connection.features.has_select_for_update:
        people = get_user_model().objects.select_for_update()
        list(people.filter(pk=user_id).values_list("pk", flat=True))


def _week_began(now: datetime) -> datetime:
    return timezone.make_aware(datetime.combine(week_start(local_date(now)), time.min))


def _released(now: datetime) -> Q:
    since = _week_began(now)
    return (
        Q(state=S.SENT, sent_at__gte=since)
        | Q(state=S.SENDING, claimed_at__gte=since)
        | Q(state=S.FAILED, attempts__lt=MAX_ATTEMPTS, claimed_at__gte=since)
    )


def released_this_week(recipient_id: int, now: datetime) -> int:
    """Capped messages released to the person this week, in either channel: shown in the app,
    sent or being sent by e-mail, or failed and waiting to be tried again."""
    return Delivery.objects.filter(_released(now), recipient_id=recipient_id, kind__in=CAPPED_KINDS).count()


def prefold(messages: Sequence[Any], organisation_id: int, cap: int, now: datetime) -> int:
    """Mark (``folded``) the reminders about to be inserted that the cap cannot let through
    this week whatever happens: those ranked behind ``cap`` messages already released to the
    person this week or already waiting, at least as urgent (and older). The send step would
    fold them anyway; inserting them folded spares a second write of each, which is most of
    a first pass over a backlog. One query per batch; only committed rows are counted, so a
    race with another worker folds nothing the cap would let through. Returns how many."""
    capped = [m for m in messages if m.kind in CAPPED_KINDS and not m.folded]
    if not capped:
        return 0
    people = {m.recipient_id for m in capped}
    seen = (
        Delivery.objects.filter(recipient_id__in=people, kind__in=CAPPED_KINDS)
        .filter(_released(now) | Q(state=S.PENDING, organisation_id=organisation_id))
        .values("recipient_id", "kind", "state")
        .annotate(n=Count("id"))
    )
    released: dict[int, int] = {}
    waiting: dict[int, list[int]] = {uid: [0] * 10 for uid in people}  # by urgency
    for row in seen:
        uid, n = row["recipient_id"], row["n"]
        if row["state"] == S.PENDING:
            waiting[uid][urgency(row["kind"])] += n
        else:
            released[uid] = released.get(uid, 0) + n
    folded = 0
    for m in capped:
        ahead = released.get(m.recipient_id, 0) + sum(waiting[m.recipient_id][: urgency(m.kind) + 1])
        if ahead >= cap:
            m.folded = True
            folded += 1
    return folded


def release(
    recipient_id: int, organisation_id: int, cap: int, now: datetime, worker_id: str
) -> tuple[int, int, int]:
    """Apply the cap to the person's waiting reminders (call under ``lock_person``); returns
    (shown in the app, e-mails claimed for sending, folded)."""
    if connection.vendor == "postgresql":
        return _release_pg(recipient_id, organisation_id, cap, now, worker_id)
    return _release_orm(recipient_id, organisation_id, cap, now, worker_id)


def link_notifications(deliveries: Sequence[Delivery]) -> None:
    """One UPDATE: each delivery gets its notification."""
    if not deliveries:
        return
    table = connection.ops.quote_name(Delivery._meta.db_table)
    whens = " ".join(["WHEN %s THEN %s"] * len(deliveries))
    marks = ", ".join(["%s"] * len(deliveries))
    params: list[int | None] = []
    for d in deliveries:
        params += [d.id, d.notification_id]
    params += [d.id for d in deliveries]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET notification_id = CASE id {whens} END WHERE id IN ({marks})", params
        )


_BY_URGENCY = Case(
    *(When(kind=k, then=Value(urgency(k))) for k in sorted(CAPPED_KINDS)),
    default=Value(9),
    output_field=IntegerField(),
)


def _release_orm(
    recipient_id: int, organisation_id: int, cap: int, now: datetime, worker_id: str
) -> tuple[int, int, int]:
    """The cap in a few ORM statements (SQLite, a laptop's few reminders)."""
    pending = Delivery.objects.filter(
        recipient_id=recipient_id, organisation_id=organisation_id, state=S.PENDING, kind__in=CAPPED_KINDS
    )
    room = max(0, cap - released_this_week(recipient_id, now))
    chosen = []
    if room:
        fields = ("id", "channel", "notification_id", "kind", "obligation_id", "organisation_id")
        chosen = list(
            pending.annotate(urgency=_BY_URGENCY)
            .order_by("urgency", "id")
            .values(*fields, "title", "body", "url")[:room]
        )
    shown = emails = folded = 0
    if chosen:
        app = [r["id"] for r in chosen if r["channel"] != "email"]
        email = [r["id"] for r in chosen if r["channel"] == "email"]
        if app:
            shown = Delivery.objects.filter(id__in=app, state=S.PENDING).update(state=S.SENT, sent_at=now)
        if email:
            emails = Delivery.objects.filter(id__in=email, state=S.PENDING).update(
                state=S.SENDING, claimed_at=now, claimed_by=worker_id
            )
        # A row decided before reminders waited for the cap may have its notification already.
        new = [r for r in chosen if r["notification_id"] is None]
        notes = Notification.objects.bulk_create(
            Notification(
                recipient_id=recipient_id,
                organisation_id=r["organisation_id"],
                kind=r["kind"],
                obligation_id=r["obligation_id"],
                title=r["title"],
                body=r["body"],
                url=r["url"],
                created_at=now,
            )
            for r in new
        )
        linked = []
        for r, note in zip(new, notes, strict=True):
            d = Delivery(id=r["id"])
            d.notification_id = note.id
            linked.append(d)
        link_notifications(linked)
    if len(chosen) == room:
        # The room is used up: every other reminder waiting now goes to the digest. (When it is
        # not, nothing was left; a reminder inserted since waits for the next round.)
        folded = pending.update(state=S.FOLDED)
    return shown, emails, folded


# The same decision as ``_release_orm``, in one statement: the count of the week, the chosen
# reminders (most urgent, then oldest), their notifications (ids drawn from the sequence),
# their release, and — the room used up — the fold of every other waiting reminder. The two
# UPDATEs touch different rows; the notifications' foreign key is checked at commit.
_RELEASE_SQL = """
WITH released AS (
    SELECT count(*) AS n FROM {delivery}
    WHERE recipient_id = %(uid)s AND kind = ANY(%(capped)s)
      AND ((state = 'sent' AND sent_at >= %(since)s)
           OR (state = 'sending' AND claimed_at >= %(since)s)
           OR (state = 'failed' AND attempts < %(max)s AND claimed_at >= %(since)s))
), room AS (
    SELECT GREATEST(0, %(cap)s - (SELECT n FROM released)) AS n
), chosen AS (
    SELECT id, channel, notification_id, kind, obligation_id, organisation_id, title, body, url
    FROM {delivery}
    WHERE recipient_id = %(uid)s AND organisation_id = %(org)s AND state = 'pending'
      AND kind = ANY(%(capped)s)
    ORDER BY {urgency}, id
    LIMIT (SELECT n FROM room)
), numbered AS (
    SELECT id, nextval(pg_get_serial_sequence(%(notes_table)s, 'id')) AS nid
    FROM chosen WHERE notification_id IS NULL
), notes AS (
    INSERT INTO {notification} (id, recipient_id, organisation_id, kind, obligation_id, title, body, url,
                                created_at)
    SELECT n.nid, %(uid)s, c.organisation_id, c.kind, c.obligation_id, c.title, c.body, c.url, %(now)s
    FROM chosen c JOIN numbered n ON n.id = c.id
), rel AS (
    UPDATE {delivery} d SET
        state = CASE WHEN c.channel = 'email' THEN 'sending' ELSE 'sent' END,
        sent_at = CASE WHEN c.channel = 'email' THEN d.sent_at ELSE %(now)s END,
        claimed_at = CASE WHEN c.channel = 'email' THEN %(now)s ELSE d.claimed_at END,
        claimed_by = CASE WHEN c.channel = 'email' THEN %(worker)s ELSE d.claimed_by END,
        notification_id = COALESCE(n.nid, d.notification_id)
    FROM chosen c LEFT JOIN numbered n ON n.id = c.id
    WHERE d.id = c.id
    RETURNING c.channel
), folded AS (
    UPDATE {delivery} SET state = 'folded'
    WHERE recipient_id = %(uid)s AND organisation_id = %(org)s AND state = 'pending'
      AND kind = ANY(%(capped)s) AND id NOT IN (SELECT id FROM chosen)
      AND (SELECT count(*) FROM chosen) >= (SELECT n FROM room)
    RETURNING 1
)
SELECT (SELECT count(*) FROM rel WHERE channel <> 'email'),
       (SELECT count(*) FROM rel WHERE channel = 'email'),
       (SELECT count(*) FROM folded)
"""


def _release_pg(
    recipient_id: int, organisation_id: int, cap: int, now: datetime, worker_id: str
) -> tuple[int, int, int]:
    quote = connection.ops.quote_name
    urgency_sql = "CASE kind " + " ".join(f"WHEN '{k}' THEN {urgency(k)}" for k in sorted(CAPPED_KINDS))
    sql = _RELEASE_SQL.format(
        delivery=quote(Delivery._meta.db_table),
        notification=quote(Notification._meta.db_table),
        urgency=urgency_sql + " ELSE 9 END",
    )
    params: dict[str, Any] = {
        "uid": recipient_id,
        "org": organisation_id,
        "cap": cap,
        "capped": sorted(CAPPED_KINDS),
        "since": _week_began(now),
        "max": MAX_ATTEMPTS,
        "now": now,
        "worker": worker_id,
        "notes_table": Notification._meta.db_table,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        shown, emails, folded = cursor.fetchone()
    return shown, emails, folded
