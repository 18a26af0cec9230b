"""A plan's life after import: archived (closed) and reopened, or deleted when it was imported
by mistake. Office and leadership only (the views check ``can_import``).

- **Archive**: the plan is kept and readable; its obligations leave the open set
  (``planning.archive_obligations``: ``is_active=False``, marked ``archived``), so the board,
  the counts, the reminders and the digests, which read active obligations only, skip them;
  reports and edits are refused. **Reopen** brings back exactly those obligations.
- **Delete**: the plan with its tasks, targets and obligations, only while nothing was
  reported on it (no report, contribution, evidence or extension request): otherwise the
  work of the units would go with it, and the Office is told to archive it instead. The
  plan's history keeps who deleted which plan, and when; its stored file is removed.

Each change locks the plan's row first: two people archiving (or deleting) the same plan at
once are applied one after the other, and the second is told what the first did.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from cchc.core.errors import UserError
from cchc.orgs.types import User
from cchc.plans.models import Plan, PlanImport
from cchc.tracking import planning
from cchc.tracking.models import Contribution, ExtensionRequest, Obligation, Report


class PlanChangeRefused(UserError):
    """Archiving, reopening or deleting a plan refused; ``message`` is shown to the user."""


@dataclass(frozen=True, slots=True)
class Reported:
    """What the units have written on a plan: any of it forbids deleting the plan."""

    reports: int
    contributions: int
    extensions: int

    @property
    def anything(self) -> bool:
        return bool(self.reports or self.contributions or self.extensions)

    def describe(self) -> str:
        parts = [
            f"{n} {what}"
            for n, what in (
                (self.reports, "báo cáo (kèm tài liệu kiểm chứng)"),
                (self.contributions, "ý kiến phối hợp"),
                (self.extensions, "đề nghị gia hạn"),
            )
            if n
        ]
        return ", ".join(parts)


def reported_on(plan: Plan) -> Reported:
    """Reports (evidence and measured values belong to them), contributions and extension
    requests written on the plan's obligations."""
    return Reported(
        reports=Report.objects.filter(obligation__plan=plan).count(),
        contributions=Contribution.objects.filter(obligation__plan=plan).count(),
        extensions=ExtensionRequest.objects.filter(obligation__plan=plan).count(),
    )


def _locked(plan: Plan) -> Plan:
    try:
        return Plan.objects.select_for_update().get(pk=plan.pk, organisation_id=plan.organisation_id)
    except Plan.DoesNotExist:
        raise PlanChangeRefused("Kế hoạch này không còn nữa (đã bị xóa): hãy tải lại danh sách.") from None


def _stamp(plan: Plan, user: User, reason: str) -> None:
    plan._history_user = user if getattr(user, "pk", None) else None
    plan._change_reason = reason


def archive_plan(plan: Plan, user: User) -> int:
    """Close the plan: kept and readable, out of the board, the counts and the reminders.
    Returns how many obligations left the open set."""
    now = timezone.now()
    with transaction.atomic():
        locked = _locked(plan)
        if locked.archived_at is not None:
            raise PlanChangeRefused("Kế hoạch này đã được lưu trữ rồi.")
        locked.archived_at, locked.archived_by = now, user if getattr(user, "pk", None) else None
        _stamp(locked, user, "Lưu trữ kế hoạch")
        locked.save(update_fields=["archived_at", "archived_by"])
        n = planning.archive_obligations(locked, now=now, user=user)
    plan.refresh_from_db()
    return n


def reopen_plan(plan: Plan, user: User) -> int:
    """Follow an archived plan again; its obligations take today's status."""
    now = timezone.now()
    with transaction.atomic():
        locked = _locked(plan)
        if locked.archived_at is None:
            raise PlanChangeRefused("Kế hoạch này đang được theo dõi (chưa lưu trữ).")
        locked.archived_at, locked.archived_by = None, None
        _stamp(locked, user, "Mở lại kế hoạch")
        locked.save(update_fields=["archived_at", "archived_by"])
        n = planning.reopen_obligations(locked, now=now, today=timezone.localdate(now), user=user)
    plan.refresh_from_db()
    return n


def delete_plan(plan: Plan, user: User) -> str:
    """Delete a plan imported by mistake, with its tasks, targets and obligations; refused
    once anything was reported on it. Returns the plan's label for the message."""
    with transaction.atomic():
        locked = _locked(plan)
        done = reported_on(locked)
        if done.anything:
            raise PlanChangeRefused(
                f"Không xóa được kế hoạch {label(locked)}: các đơn vị đã ghi {done.describe()} trên "
                "kế hoạch này. Hãy lưu trữ kế hoạch (giữ lại để tra cứu, không theo dõi, không nhắc việc) "
                "thay vì xóa."
            )
        stored = locked.source_file.name
        shown = label(locked)
        # The confirmed draft keeps pointing at the file: it goes with the plan.
        PlanImport.objects.filter(plan=locked).update(status=PlanImport.Status.DISCARDED)
        Obligation.objects.filter(plan=locked).delete()
        _stamp(locked, user, "Xóa kế hoạch nhập nhầm")
        locked.delete()  # tasks and targets by cascade; the history keeps a "deleted" record
        if stored:
            storage = Plan._meta.get_field("source_file").storage
            transaction.on_commit(lambda: storage.delete(stored), robust=True)
    return shown


def label(plan: Plan) -> str:
    number = f"số {plan.number}" if plan.number else "(chưa có số)"
    return f"{number} “{plan.title[:80]}”"
