"""Messages about something that happened to an obligation: the Office accepted or returned
a report, an extension was requested or decided.

``notify_event`` writes, for each recipient, the in-app notification and an e-mail through
the outbox, under a unique key, so calling it twice (a decision re-run, a retried request)
writes nothing the second time; the e-mail goes out on the next send pass. The tracking
module calls the ``report_reviewed``/``extension_*`` helpers once its transaction has
committed (``transaction.on_commit``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from cchc.chasing import messages
from cchc.chasing.context import Person, display_name
from cchc.chasing.models import Kind
from cchc.chasing.outbox import Message, insert
from cchc.orgs.models import Membership
from cchc.tracking.models import ExtensionRequest, Obligation, Report


def _people(recipients: Iterable[Any]) -> list[Person]:
    """Each active recipient once (users or their ids), in id order."""
    ids = {r if isinstance(r, int) else r.pk for r in recipients if r is not None}
    users = get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk")
    return [Person(u.pk, display_name(u), (u.email or "").strip()) for u in users]


def notify_event(
    kind: str,
    obligation: Obligation,
    recipients: Iterable[Any],
    *,
    title: str,
    body: str,
    url: str,
    key: str,
    now: datetime | None = None,
) -> int:
    """Notify each recipient once: an in-app notification, and an e-mail waiting in the
    outbox for those with an address. ``key`` names the event; each recipient's message is
    keyed ``f"{key}:{recipient id}"``, and a key already in the outbox is skipped.
    Returns how many messages were created."""
    now = now or timezone.now()
    people = _people(recipients)
    if not people:
        return 0
    about = messages.obligation_context(obligation)
    rows = []
    for p in people:
        text = html = ""
        if p.email:
            text, html = messages.event_email(title, body, about, url, p)
        rows.append(
            Message(
                key=f"{key}:{p.id}",
                organisation_id=obligation.organisation_id,
                recipient_id=p.id,
                email=p.email,
                kind=kind,
                obligation_id=obligation.pk,
                subject=f"{messages.PREFIX} {title}",
                text=text,
                html=html,
                title=title,
                body=body,
                url=url,
            )
        )
    created, _, _ = insert(rows, now=now)
    return created


def _task_url(obligation: Obligation) -> str:
    return messages.path_or_blank("tracking:task", obligation.task_id)


def _members(obligation: Obligation, *roles: str, unit: bool = False) -> list[int]:
    qs = Membership.objects.filter(organisation_id=obligation.organisation_id, role__in=roles)
    if unit:
        qs = qs.filter(unit_id=obligation.unit_id)
    return list(qs.values_list("user_id", flat=True))


def report_reviewed(report_id: int) -> int:
    """The Office accepted or returned a report: its author and the unit's head are told."""
    report = Report.objects.select_related("obligation__task", "obligation__plan", "obligation__unit").get(
        pk=report_id
    )
    ob = report.obligation
    task = messages.shorten(messages.task_label(ob), 80)
    if report.state == Report.State.ACCEPTED:
        title = f"Báo cáo “{task}” đã được chấp nhận"
        body = f"Báo cáo kết quả thực hiện nhiệm vụ kỳ {ob.period_label} đã được Văn phòng Sở chấp nhận."
    elif report.state == Report.State.RETURNED:
        title = f"Báo cáo “{task}” bị trả lại"
        body = f"Báo cáo kết quả thực hiện nhiệm vụ kỳ {ob.period_label} bị trả lại: {report.review_comment}"
    else:
        return 0
    recipients = [report.created_by_id, *_members(ob, Membership.Role.UNIT_HEAD, unit=True)]
    return notify_event(
        Kind.REVIEW,
        ob,
        recipients,
        title=title,
        body=body,
        url=_task_url(ob),
        key=f"review:{report.pk}:{report.state}",
    )


def _extension(request_id: int) -> ExtensionRequest:
    return ExtensionRequest.objects.select_related(
        "obligation__task", "obligation__plan", "obligation__unit", "requested_by"
    ).get(pk=request_id)


def extension_requested(request_id: int) -> int:
    """A unit asked for more time: the Office's coordinators and the leaders are told."""
    req = _extension(request_id)
    ob = req.obligation
    task = messages.shorten(messages.task_label(ob), 80)
    title = f"Đề nghị gia hạn đến {messages.dmy(req.requested_due)}: {task}"
    body = (
        f"{ob.unit.name} đề nghị gia hạn nhiệm vụ kỳ {ob.period_label} từ {messages.dmy(ob.current_due)} "
        f"đến {messages.dmy(req.requested_due)}. Lý do: {req.reason}"
    )
    recipients = _members(ob, Membership.Role.COORDINATOR, Membership.Role.LEADER)
    return notify_event(
        Kind.EXTENSION,
        ob,
        recipients,
        title=title,
        body=body,
        url=_task_url(ob),
        key=f"extension:{req.pk}:requested",
    )


def extension_decided(request_id: int) -> int:
    """The request was approved or rejected: the person who asked is told."""
    req = _extension(request_id)
    if req.state == ExtensionRequest.State.PENDING:
        return 0
    ob = req.obligation
    task = messages.shorten(messages.task_label(ob), 80)
    if req.state == ExtensionRequest.State.APPROVED:
        title = f"Đồng ý gia hạn đến {messages.dmy(req.requested_due)}: {task}"
        body = (
            f"Đề nghị gia hạn nhiệm vụ kỳ {ob.period_label} đến {messages.dmy(req.requested_due)} "
            "đã được đồng ý."
        )
        if req.decision_note:
            body += f" Ghi chú: {req.decision_note}"
    else:
        title = f"Không đồng ý gia hạn: {task}"
        body = (
            f"Đề nghị gia hạn nhiệm vụ kỳ {ob.period_label} đến {messages.dmy(req.requested_due)} "
            f"không được đồng ý: {req.decision_note}"
        )
    return notify_event(
        Kind.EXTENSION,
        ob,
        [req.requested_by_id],
        title=title,
        body=body,
        url=_task_url(ob),
        key=f"extension:{req.pk}:{req.state}",
    )
