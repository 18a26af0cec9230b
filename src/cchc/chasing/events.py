"""Messages about something that happened to an obligation: a unit sent a report (the
Office is told), a staff member saved a draft (the head, who sends it, is told), the Office
accepted or returned a report, an extension was requested or decided.

``notify_event`` writes, for each recipient, the in-app notification and an e-mail through
the outbox, under a unique key, so calling it twice (a decision re-run, a retried request)
writes nothing the second time; the e-mail goes out on the next send pass. The tracking
module calls these helpers once its transaction has committed (``transaction.on_commit``).
Each message is stamped with the moment of what it tells (the report's submission, the
decision), so the demo's history, written through the same services with past moments,
reads as it happened.
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
    ``now``: the moment the notification shows (default: now), for a past event.
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


def _url(obligation: Obligation) -> str:
    """The task's page opened on this obligation's period (not the task's first period)."""
    return messages.obligation_path(obligation.task_id, obligation.pk)


def _members(obligation: Obligation, *roles: str, unit: bool = False) -> list[int]:
    qs = Membership.objects.filter(organisation_id=obligation.organisation_id, role__in=roles)
    if unit:
        qs = qs.filter(unit_id=obligation.unit_id)
    return list(qs.values_list("user_id", flat=True))


_REPORT_RELATED = ("obligation__task", "obligation__plan", "obligation__unit", "created_by", "submitted_by")


def report_reviewed(report_id: int) -> int:
    """The Office accepted or returned a report: its author (a staff member who drafted it,
    or the head) and the unit's head are told."""
    report = Report.objects.select_related(*_REPORT_RELATED).get(pk=report_id)
    ob = report.obligation
    task = messages.titled(ob)
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
        url=_url(ob),
        key=f"review:{report.pk}:{report.state}",
        now=report.reviewed_at,
    )


def report_submitted(report_id: int) -> int:
    """A unit sent a report: the Office's coordinators (who review it) are told."""
    report = Report.objects.select_related(*_REPORT_RELATED).get(pk=report_id)
    if report.state != Report.State.SUBMITTED:
        return 0
    ob = report.obligation
    again = " lại" if report.previous_id else ""
    title = f"{ob.unit.name} gửi{again} báo cáo: {messages.titled(ob)}"
    body = (
        f"{display_name(report.submitted_by)} ({ob.unit.name}) đã gửi{again} báo cáo kết quả thực hiện "
        f"nhiệm vụ kỳ {ob.period_label} (tiến độ {report.progress} %), chờ Văn phòng Sở duyệt."
    )
    return notify_event(
        Kind.REPORT_SUBMITTED,
        ob,
        _members(ob, Membership.Role.COORDINATOR),
        title=title,
        body=body,
        url=_url(ob),
        key=f"report:{report.pk}:submitted",
        now=report.submitted_at,
    )


def draft_waiting(report_id: int) -> int:
    """A staff member saved the unit's draft: the unit's head, who sends it, is told (once per
    draft: editing it again adds nothing)."""
    report = Report.objects.select_related(*_REPORT_RELATED).get(pk=report_id)
    if report.state != Report.State.DRAFT:
        return 0
    ob = report.obligation
    heads = [uid for uid in _members(ob, Membership.Role.UNIT_HEAD, unit=True) if uid != report.created_by_id]
    title = f"Bản nháp báo cáo chờ trưởng đơn vị gửi: {messages.titled(ob)}"
    body = (
        f"{display_name(report.created_by)} đã soạn báo cáo kết quả thực hiện nhiệm vụ kỳ "
        f"{ob.period_label}. Trưởng đơn vị xem lại và gửi Văn phòng Sở."
    )
    return notify_event(
        Kind.DRAFT,
        ob,
        heads,
        title=title,
        body=body,
        url=_url(ob),
        key=f"draft:{report.pk}",
        now=report.created_at,
    )


def _extension(request_id: int) -> ExtensionRequest:
    return ExtensionRequest.objects.select_related(
        "obligation__task", "obligation__plan", "obligation__unit", "requested_by"
    ).get(pk=request_id)


def extension_requested(request_id: int) -> int:
    """A unit asked for more time: the Office's coordinators and the leaders are told."""
    req = _extension(request_id)
    ob = req.obligation
    task = messages.titled(ob)
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
        url=_url(ob),
        key=f"extension:{req.pk}:requested",
        now=req.created_at,
    )


def extension_decided(request_id: int) -> int:
    """The request was approved or rejected: the person who asked is told."""
    req = _extension(request_id)
    if req.state == ExtensionRequest.State.PENDING:
        return 0
    ob = req.obligation
    task = messages.titled(ob)
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
        url=_url(ob),
        key=f"extension:{req.pk}:{req.state}",
        now=req.decided_at,
    )
