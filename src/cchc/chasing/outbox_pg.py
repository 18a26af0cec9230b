"""The outbox's PostgreSQL-only path: ``outbox.insert_many`` on PostgreSQL.

Each batch of messages is copied (COPY) into a temporary table and moved by one statement
that inserts the deliveries with ``ON CONFLICT (key) DO NOTHING`` and, for exactly the rows
it inserted, their notifications (ids drawn beforehand from the notifications' sequence, the
foreign key being checked at commit). The exactly-once rule is the generic outbox's (see
``outbox``): only the way the rows get in differs. Called only on PostgreSQL; everything
else about the outbox is in ``outbox``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from django.db import connection, transaction

from cchc.chasing.models import Delivery, Notification
from cchc.core.reminders import CAPPED_KINDS

if TYPE_CHECKING:  # ``outbox`` imports this module
    from cchc.chasing.outbox import Message

COPY_BATCH = 5000
_SRC_COLUMNS = (
    "key text, nid bigint, organisation_id bigint, recipient_id bigint, kind text, obligation_id bigint, "
    "channel text, subject text, body_text text, html text, state text, sent_at timestamptz, "
    "title text, body text, url text"
)
# A reminder (no ``nid``) keeps its notification's words on its outbox row; any other message
# gets its notification now, for exactly the rows this statement inserted.
_MOVE = """
WITH ins AS (
    INSERT INTO {delivery} (key, notification_id, organisation_id, recipient_id, kind, obligation_id,
                            channel, subject, text, html, title, body, url, state, attempts, claimed_by,
                            sent_at, error, created_at)
    SELECT key, nid, organisation_id, recipient_id, kind, obligation_id, channel, subject, body_text,
           html,
           CASE WHEN nid IS NULL THEN title ELSE '' END,
           CASE WHEN nid IS NULL THEN body ELSE '' END,
           CASE WHEN nid IS NULL THEN url ELSE '' END,
           state, 0, '', sent_at, '', %(created)s
    FROM cchc_outbox_src
    ON CONFLICT (key) DO NOTHING
    RETURNING key
), notes AS (
    INSERT INTO {notification} (id, recipient_id, organisation_id, kind, obligation_id, title, body, url,
                                created_at)
    SELECT s.nid, s.recipient_id, s.organisation_id, s.kind, s.obligation_id, s.title, s.body, s.url,
           %(created)s
    FROM cchc_outbox_src s JOIN ins ON ins.key = s.key
    WHERE s.nid IS NOT NULL
    RETURNING 1
)
SELECT (SELECT count(*) FROM ins), (SELECT count(*) FROM notes)
"""


def copy_batch(batch: Sequence[Message], now: datetime) -> int:
    """One batch, inside the caller's transaction; returns the rows inserted."""
    quote = connection.ops.quote_name
    delivery, notification = quote(Delivery._meta.db_table), quote(Notification._meta.db_table)
    noted = [m.kind not in CAPPED_KINDS for m in batch]
    with connection.cursor() as cursor:
        nids: list[int] = []
        if any(noted):
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [Notification._meta.db_table, sum(noted)],
            )
            nids = [r[0] for r in cursor.fetchall()]
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS cchc_outbox_src ({_SRC_COLUMNS}) ON COMMIT DELETE ROWS"
        )
        # Emptied at each commit, but a caller's outer transaction (a savepoint here) keeps it.
        cursor.execute("TRUNCATE cchc_outbox_src")
        next_nid = iter(nids)
        with cursor.copy("COPY cchc_outbox_src FROM STDIN") as copy:
            for m, has_note in zip(batch, noted, strict=True):
                # As in ``outbox._rows``: without an address a message other than a reminder is delivered.
                delivered = not m.email and has_note
                state = Delivery.State.SENT if delivered else Delivery.State.PENDING
                if m.folded and not has_note:
                    state = Delivery.State.FOLDED
                copy.write_row(
                    (
                        m.key,
                        next(next_nid) if has_note else None,
                        m.organisation_id,
                        m.recipient_id,
                        m.kind,
                        m.obligation_id,
                        "email" if m.email else "app",
                        m.subject[:255],
                        m.text,
                        m.html,
                        state.value,
                        now if delivered else None,
                        m.title[:255],
                        m.body,
                        m.url[:500],
                    )
                )
        cursor.execute(_MOVE.format(delivery=delivery, notification=notification), {"created": now})
        return cursor.fetchone()[0]


def insert_many(messages: Sequence[Message], *, now: datetime) -> int:
    """Insert ``messages`` batch by batch, one transaction each; returns the rows inserted
    (the others were there already)."""
    created = 0
    for i in range(0, len(messages), COPY_BATCH):
        batch = messages[i : i + COPY_BATCH]
        with transaction.atomic():
            created += copy_batch(batch, now)
    return created
