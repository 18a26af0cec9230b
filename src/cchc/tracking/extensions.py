"""Extension requests (gia hạn): a unit head asks before the due date, with a reason and a
new date; leadership or the Office approves or rejects.

Approving moves ``current_due`` (which drives the reminders) and marks the obligation
``extended``; ``due_date``, the plan's original date, stays for the statistics.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cchc.orgs.types import User
from cchc.tracking import permissions, signals, statuses
from cchc.tracking.errors import Conflict, InvalidInput, NotAllowed
from cchc.tracking.models import DONE_STATUSES, ExtensionRequest, Obligation, Report
from cchc.tracking.reports import (
    finish,
    fmt_date,
    inactive_message,
    lock_obligation,
    person,
    touch,
)

MAX_REASON = 5_000


def days_after_plan() -> int:
    """How far past the plan's end a new date may go: work of December is often finished in
    the first weeks of the next year, but not later than that."""
    return int(getattr(settings, "CCHC_EXTENSION_DAYS_AFTER_PLAN", 31))


def _check_request(obligation: Obligation, reason: str, new_date: Any, today: date) -> None:
    if not obligation.is_active:
        raise Conflict(inactive_message(obligation, "không đề nghị gia hạn được."))
    if obligation.status in DONE_STATUSES or obligation.reports.filter(state=Report.State.ACCEPTED).exists():
        raise Conflict("Nhiệm vụ kỳ này đã hoàn thành; không cần gia hạn.")
    due = obligation.current_due
    if due is None:
        raise InvalidInput(
            "Nhiệm vụ kỳ này chưa có hạn nên không gia hạn được; hãy đề nghị Văn phòng Sở đặt hạn trước."
        )
    if due < today:
        raise InvalidInput(
            f"Chỉ được đề nghị gia hạn trước hạn (hạn là ngày {fmt_date(due)}, đã qua). "
            "Hãy báo cáo kết quả, kể cả khi trễ hạn, hoặc liên hệ Văn phòng Sở.",
            field="new_date",
        )
    if not reason:
        raise InvalidInput("Hãy ghi lý do đề nghị gia hạn.", field="reason")
    if len(reason) > MAX_REASON:
        raise InvalidInput(f"Lý do quá dài (tối đa {MAX_REASON} ký tự); hãy tóm tắt.", field="reason")
    if isinstance(new_date, datetime):
        new_date = new_date.date()
    if not isinstance(new_date, date):
        raise InvalidInput("Hãy chọn ngày đề nghị gia hạn đến.", field="new_date")
    if new_date <= due:
        raise InvalidInput(
            f"Ngày đề nghị gia hạn ({fmt_date(new_date)}) phải sau hạn hiện tại ({fmt_date(due)}).",
            field="new_date",
        )
    plan = obligation.plan
    latest = plan.period_end + timedelta(days=days_after_plan())
    if new_date > latest:
        raise InvalidInput(
            f"Ngày đề nghị gia hạn ({fmt_date(new_date)}) quá xa: kế hoạch kết thúc ngày "
            f"{fmt_date(plan.period_end)}, chỉ được gia hạn đến ngày {fmt_date(latest)}.",
            field="new_date",
        )


def request_extension(
    obligation: Obligation, user: User, *, reason: str, new_date: date, today: date | None = None
) -> ExtensionRequest:
    """Ask for more time; one request may wait for a decision at a time."""
    if not permissions.can_request_extension(user, obligation):
        raise NotAllowed("Chỉ trưởng đơn vị chủ trì được đề nghị gia hạn nhiệm vụ này.")
    now = timezone.now()
    today = today or timezone.localdate(now)
    reason = str(reason or "").strip()
    with transaction.atomic():
        locked = lock_obligation(obligation)
        _check_request(locked, reason, new_date, today)
        if isinstance(new_date, datetime):
            new_date = new_date.date()
        pending = ExtensionRequest.objects.filter(
            obligation=locked, state=ExtensionRequest.State.PENDING
        ).first()
        if pending is not None:
            raise Conflict(
                f"Đã có đề nghị gia hạn đến ngày {fmt_date(pending.requested_due)} đang chờ quyết định; "
                "hãy chờ Lãnh đạo Sở hoặc Văn phòng Sở quyết định đề nghị đó."
            )
        row = ExtensionRequest(obligation=locked, requested_by=user, reason=reason, requested_due=new_date)
        row._history_user = user
        row.save()
        finish(locked, user, now)
        signals.send_on_commit(signals.extension_requested, ExtensionRequest, row.pk)
    obligation.refresh_from_db()
    return row


def decide_extension(
    request: ExtensionRequest, user: User, *, approve: bool, note: str = "", now: datetime | None = None
) -> ExtensionRequest:
    """Approve (the obligation's current due date becomes the requested one) or reject
    (a note saying why is required)."""
    obligation = request.obligation
    if not permissions.can_decide_extension(user, obligation.organisation_id):
        raise NotAllowed("Chỉ Lãnh đạo Sở và Văn phòng Sở được quyết định gia hạn.")
    note = str(note or "").strip()
    if not approve and not note:
        raise InvalidInput("Khi không đồng ý gia hạn, hãy ghi rõ lý do để đơn vị biết.", field="note")
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_obligation(obligation)
        current = ExtensionRequest.objects.get(pk=request.pk)
        if current.state != ExtensionRequest.State.PENDING:
            raise Conflict(
                f"Đề nghị này đã được quyết định ({current.get_state_display().lower()}, "
                f"{person(current.decided_by)}); hãy tải lại trang."
            )
        if approve:
            if locked.status in DONE_STATUSES:
                raise Conflict(
                    "Nhiệm vụ kỳ này đã hoàn thành; không cần gia hạn nữa. Hãy chọn “Không đồng ý”."
                )
            if locked.current_due is not None and current.requested_due <= locked.current_due:
                raise Conflict(
                    f"Hạn hiện tại ({fmt_date(locked.current_due)}) đã muộn hơn ngày đề nghị "
                    f"({fmt_date(current.requested_due)}); không cần gia hạn nữa."
                )
        # The state guard makes the decision once even if two people decide at the same moment.
        updated = ExtensionRequest.objects.filter(pk=current.pk, state=ExtensionRequest.State.PENDING).update(
            state=ExtensionRequest.State.APPROVED if approve else ExtensionRequest.State.REJECTED,
            decided_by=user,
            decided_at=now,
            decision_note=note,
        )
        if updated != 1:
            raise Conflict("Đề nghị này vừa được người khác quyết định; hãy tải lại trang.")
        current.refresh_from_db()
        ExtensionRequest.history.bulk_history_create(
            [current], update=True, default_user=user, default_date=now
        )
        touch(locked, user, now)
        if approve:
            locked.current_due = current.requested_due
            locked.extended = True
            locked.save(update_fields=["current_due", "extended", "updated_at"])
        statuses.recompute(locked, today=timezone.localdate(now))
        signals.send_on_commit(signals.extension_decided, ExtensionRequest, current.pk)
    obligation.refresh_from_db()
    request.refresh_from_db()
    return request
