"""What chasing does when other apps say something happened (their signals, connected in
``ChasingConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from cchc.chasing import events
from cchc.chasing.models import Kind, Notification


def notify_job_finished(
    sender: Any, *, job: Any, ok: bool, title: str, message: str, url: str, notify: str, **_: Any
) -> None:
    """The person who asked for a background job finds its outcome in the notification list."""
    recipient = getattr(job, "requested_by_id", None)
    if not notify or not recipient:
        return
    Notification.objects.create(
        recipient_id=recipient,
        organisation_id=job.organisation_id,
        kind=Kind(notify),
        title=title[:255],
        body=message,
        url=url,
        created_at=timezone.now(),
    )


# tracking.signals, sent after commit: each tells the people concerned (``chasing.events``).
def on_report_submitted(sender: Any, *, pk: int, **_: Any) -> None:
    events.report_submitted(pk)


def on_draft_waiting(sender: Any, *, pk: int, **_: Any) -> None:
    events.draft_waiting(pk)


def on_report_reviewed(sender: Any, *, pk: int, **_: Any) -> None:
    events.report_reviewed(pk)


def on_extension_requested(sender: Any, *, pk: int, **_: Any) -> None:
    events.extension_requested(pk)


def on_extension_decided(sender: Any, *, pk: int, **_: Any) -> None:
    events.extension_decided(pk)
