"""A task's lead and coordinating units, fixed by the Office after import.

The import resolves unit names against the directory; what it read wrongly (a unit missed,
the wrong "Phòng", a group that was too wide) is fixed here. The obligations follow through
the planner's own ``replan_task``, as after a schedule edit: a new lead unit gets the
periods due from today on (as the plan's confirmation made them for the others: same
periods, labels, due dates and statuses), a removed lead unit loses its future periods that
nobody touched (no report, contribution or extension request), and keeps its past and
touched ones (the past counts in the statistics; what was reported stays with its record).

The change is checked against the task's version (two people editing at once: the second
is told to reload), written in one transaction, and recorded in the task's history.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from cchc.orgs.models import Unit
from cchc.orgs.types import User
from cchc.plans.models import Task, TaskUnit
from cchc.tracking import cache as board_cache
from cchc.tracking.models import Obligation
from cchc.tracking.planning import PlanningError, ReplanResult, replan_task

__all__ = ["UNITS_REASON", "UnitsEdit", "edit_task_units"]
UNITS_REASON = "Sửa đơn vị chủ trì / phối hợp"


@dataclass(slots=True)
class UnitsEdit:
    """What ``edit_task_units`` changed: units added and removed per role, what re-planning
    did, and how many obligations of the removed lead units were kept (past or reported)."""

    added_lead: list[Unit]
    removed_lead: list[Unit]
    added_coordinating: list[Unit]
    removed_coordinating: list[Unit]
    replan: ReplanResult
    kept_of_removed: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.added_lead or self.removed_lead or self.added_coordinating or self.removed_coordinating
        )

    def describe(self) -> str:
        """The change as the task's history says it."""

        def names(units: list[Unit]) -> str:
            return ", ".join(u.name for u in units)

        parts = []
        for label, added, removed in (
            ("chủ trì", self.added_lead, self.removed_lead),
            ("phối hợp", self.added_coordinating, self.removed_coordinating),
        ):
            bits = [f"thêm {names(added)}" if added else "", f"bỏ {names(removed)}" if removed else ""]
            if any(bits):
                parts.append(f"đơn vị {label}: " + "; ".join(b for b in bits if b))
        return UNITS_REASON + (": " + " | ".join(parts) if parts else " (không thay đổi)")


def edit_task_units(
    task: Task,
    *,
    lead: Iterable[Unit],
    coordinating: Iterable[Unit],
    user: User,
    today: date,
    expected_version: int,
) -> tuple[Task, UnitsEdit]:
    """The Office sets a task's lead and coordinating units (from the department's directory).

    Refused when someone edited the task since the form was loaded (``expected_version``).
    The task's units are replaced, the mentions the import could not resolve are cleared
    (a person has now chosen; outside bodies named only as text are kept), the change goes
    to the task's history, and ``replan_task`` brings the obligations in line: a new lead
    unit gets the periods due from ``today`` on, a removed one's future periods without a
    report, contribution or extension request are deleted, its past or touched ones kept."""
    lead, coordinating = list(dict.fromkeys(lead)), list(dict.fromkeys(coordinating))
    if not lead:
        raise PlanningError("Hãy chọn ít nhất một đơn vị chủ trì.")
    if set(lead) & set(coordinating):
        raise PlanningError("Một đơn vị không vừa chủ trì vừa phối hợp: hãy bỏ đơn vị đó ở một bên.")
    org_id = task.plan.organisation_id
    if any(u.organisation_id != org_id for u in [*lead, *coordinating]):
        raise PlanningError("Chỉ chọn được đơn vị trong danh mục của Sở.")
    with transaction.atomic():
        locked = Task.objects.select_for_update().select_related("plan__organisation").get(pk=task.pk)
        if locked.version != expected_version:
            raise PlanningError("Nhiệm vụ đã được người khác sửa, hãy tải lại trang rồi sửa lại.")
        if locked.is_group:
            raise PlanningError("Đây là nhóm nhiệm vụ: hãy sửa đơn vị của từng nhiệm vụ con.")
        edit = UnitsEdit([], [], [], [], ReplanResult())
        for role, wanted, added, removed in (
            (TaskUnit.Role.LEAD, lead, edit.added_lead, edit.removed_lead),
            (TaskUnit.Role.COORDINATING, coordinating, edit.added_coordinating, edit.removed_coordinating),
        ):
            current = {
                tu.unit_id: tu
                for tu in TaskUnit.objects.filter(task=locked, role=role).select_related("unit")
            }
            wanted_ids = {u.pk for u in wanted}
            for unit_id, tu in current.items():
                if unit_id not in wanted_ids:
                    removed.append(tu.unit)
                    tu.delete()
            for unit in wanted:
                if unit.pk not in current:
                    added.append(unit)
                    TaskUnit.objects.create(task=locked, unit=unit, role=role, mention=unit.name)
        unresolved = [u for u in locked.unresolved_units or [] if u.get("status") == "external"]
        locked.version += 1
        locked.unresolved_units = unresolved
        locked._history_user = user if getattr(user, "pk", None) else None
        locked._change_reason = UNITS_REASON
        locked.save(update_fields=["unresolved_units", "version"])
        if edit.changed:
            _log_task_change(locked, user, edit.describe())
            edit.replan = replan_task(locked, today=today, user=user)
            edit.kept_of_removed = Obligation.objects.filter(
                task=locked, unit__in=[u.pk for u in edit.removed_lead]
            ).count()
            board_cache.bump(org_id)
    return locked, edit


def _log_task_change(task: Task, user: User, message: str) -> None:
    """A line in the task's history for a change its own columns do not hold (its units):
    Django's admin log, which ``audit.history_of(task)`` reads beside the task's records."""
    if not getattr(user, "pk", None):
        return
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    LogEntry.objects.create(
        user_id=user.pk,
        content_type=ContentType.objects.get_for_model(Task),
        object_id=str(task.pk),
        object_repr=str(task)[:200],
        action_flag=CHANGE,
        change_message=message,
    )
