"""Planning services: a task's obligations per lead unit, re-planning, dates set by hand.
The statuses (one obligation at a time, and the daily set-based pass) are ``statuses``'.

- ``create_obligations_for_plan``: passed by ``tracking.confirming`` to
  ``plans.services.confirm_import``, which calls it in its transaction; one obligation per
  lead unit per planned period (``core.obligations``).
- ``replan_task``: after a schedule (or lead-unit) edit. Future obligations nobody has
  touched follow the new plan; past or touched ones are kept, and switched off
  (``is_active=False``) when the new plan no longer has their period. "Touched" means a
  report, a contribution or an extension request exists: a decision or work is attached.
  Periods the new plan adds in the past are not created (nobody can be late for them).
- ``set_task_date``: the event's date of an event-relative task, or the date a coordinator
  sets for one whose schedule is decided elsewhere. It moves the current occurrence while it
  is untouched; once touched, a new occurrence is created ("event-2", "set-2", …), since
  "within 5 days of a change" happens again and the first one's record must not move.

Re-planning and dates set by hand lock the task's row first, so two coordinators saving at
the same moment are applied one after the other instead of colliding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from cchc.core.calendar import WorkCalendar
from cchc.core.errors import UserError
from cchc.core.obligations import PlannedObligation, fmt, plan_obligations
from cchc.core.periods import Period
from cchc.core.schedule import parse_schedule
from cchc.core.status import obligation_status
from cchc.orgs.calendars import calendar_for
from cchc.orgs.models import Organisation, Unit
from cchc.orgs.types import User
from cchc.plans.models import Plan, Task, TaskUnit
from cchc.tracking import cache as board_cache
from cchc.tracking import statuses
from cchc.tracking.models import (
    Contribution,
    ExtensionRequest,
    Obligation,
    ObligationStatus,
    Report,
)
from cchc.ui.columns import max_length

__all__ = [
    "PlanningError",
    "ReplanResult",
    "archive_obligations",
    "check_plan_open",
    "create_obligations_for_plan",
    "edit_task_schedule",
    "planned_for_task",
    "record_before_tracking",
    "reopen_obligations",
    "replan_task",
    "set_task_date",
]

if TYPE_CHECKING:
    from cchc.plans.services import Progress

LABEL_MAX = max_length(Obligation, "period_label")
_OCCURRENCE = re.compile(r"^(event|set)(?:-(\d+))?$")


class PlanningError(UserError):
    """A user-caused problem; ``message`` is shown to the user (Vietnamese)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(slots=True)
class ReplanResult:
    created: int = 0
    updated: int = 0  # future, untouched: given the new plan's date and label
    kept: int = 0  # past or touched: left as they were
    deleted: int = 0  # future, untouched, no longer planned
    deactivated: int = 0  # past or touched, no longer planned: is_active=False

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted + self.deactivated


# --- what a task owes --------------------------------------------------------------------------


def _period(plan: Plan) -> Period:
    return Period(plan.period_start, plan.period_end)


def _reporting_day(plan: Plan) -> int:
    return plan.reporting_day or plan.organisation.reporting_day


def _schedule(task: Task) -> dict[str, Any] | None:
    if task.schedule:
        return task.schedule
    if (task.schedule_text or "").strip():  # a task saved without its parsed form
        return parse_schedule(
            task.schedule_text, _period(task.plan), reporting_day=_reporting_day(task.plan)
        ).to_dict()
    return None


def _kind(task: Task) -> str:
    return (_schedule(task) or {}).get("kind") or "unparsed"


def planned_for_task(
    task: Task,
    *,
    calendar: WorkCalendar | None = None,
    event_date: date | None = None,
    set_date: date | None = None,
) -> list[PlannedObligation]:
    """What ``task``'s schedule gives in its plan's period (the same for every lead unit)."""
    plan = task.plan
    if task.is_group:
        return []
    return plan_obligations(
        _schedule(task),
        _period(plan),
        calendar=calendar or calendar_for(plan.organisation),
        reporting_day=_reporting_day(plan),
        weekly_weekday=plan.organisation.weekly_digest_weekday,
        event_date=event_date,
        set_date=set_date,
    )


def _lead_units(task: Task) -> list[Unit]:
    # Group mentions were expanded at confirm: one TaskUnit per unit. A retired unit owes nothing.
    return [tu.unit for tu in task.task_units.all() if tu.role == TaskUnit.Role.LEAD and tu.unit.is_active]


def _initial_status(p: PlannedObligation, today: date, calendar: WorkCalendar, org: Organisation) -> str:
    return obligation_status(
        due=p.due,
        current_due=p.due,
        completed_on=None,
        has_activity=False,
        today=today,
        calendar=calendar,
        early_working_days=org.early_working_days,
    ).value


def _label(text: str) -> str:
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1] + "…"


def _new(task: Task, unit: Unit, p: PlannedObligation, status: str, key: str | None = None) -> Obligation:
    return Obligation(
        organisation_id=task.plan.organisation_id,
        plan_id=task.plan_id,
        task=task,
        unit=unit,
        unit_order=unit.order,
        period_key=key or p.period_key,
        period_label=_label(p.label),
        period_start=p.period_start,
        period_end=p.period_end,
        due_date=p.due,
        current_due=p.due,
        status=status,
    )


def _today(today: date | None) -> date:
    return today or timezone.localdate()


# --- creating a plan's obligations ---------------------------------------------------------------


WRITE_CHUNK = 2000  # obligations written between two words of progress


def create_obligations_for_plan(
    plan: Plan, *, today: date | None = None, progress: Progress | None = None
) -> int:
    """Every lead unit's obligations of every task of ``plan``; returns how many were created.

    Runs inside the caller's transaction (confirm_import). Idempotent: an obligation that
    already exists (task, unit, period) is left alone.
    """
    today = _today(today)
    org = plan.organisation
    calendar = calendar_for(org)
    existing = set(Obligation.objects.filter(plan=plan).values_list("task_id", "unit_id", "period_key"))
    tasks = (
        Task.objects.filter(plan=plan, is_group=False)
        .select_related("plan__organisation")
        .prefetch_related("task_units__unit")
        .order_by("order")
    )
    objs = []
    for task in tasks:
        units = _lead_units(task)
        if not units:
            continue
        for p in planned_for_task(task, calendar=calendar):
            status = _initial_status(p, today, calendar, org)
            objs += [
                _new(task, unit, p, status)
                for unit in units
                if (task.pk, unit.pk, p.period_key) not in existing
            ]
    record_before_tracking(plan, objs)
    for start in range(0, len(objs), WRITE_CHUNK):
        if progress is not None:
            progress("obligation", start, len(objs))
        bulk_create_with_history(
            objs[start : start + WRITE_CHUNK],
            Obligation,
            batch_size=1000,
            default_user=plan.created_by,
            default_change_reason="Tạo từ kế hoạch",
        )
    if objs:
        board_cache.bump(org.pk)
    if progress is not None:
        progress("obligation", len(objs), len(objs))
    return len(objs)


# --- re-planning -------------------------------------------------------------------------------


def _touched_ids(obligation_ids: Iterable[int]) -> set[int]:
    ids = list(obligation_ids)
    if not ids:
        return set()
    touched: set[int] = set()
    for model in (Report, Contribution, ExtensionRequest):
        touched.update(model.objects.filter(obligation_id__in=ids).values_list("obligation_id", flat=True))
    return touched


def _occurrences(task: Task, base: str) -> dict[str, date]:
    """Occurrence key -> the date it was planned from: the event's date (kept in
    ``period_start``) or the date set (``period_end``)."""
    out: dict[str, date] = {}
    for key, start, end in (
        Obligation.objects.filter(task=task, is_active=True, period_key__regex=rf"^{base}(-[0-9]+)?$")
        .order_by("period_key", "id")
        .values_list("period_key", "period_start", "period_end")
    ):
        d = start if base == "event" else end
        if d is not None:
            out.setdefault(key, d)
    return out


def _planned_with_occurrences(task: Task, calendar: WorkCalendar) -> list[tuple[str, PlannedObligation]]:
    kind = _kind(task)
    if kind == "event":
        pairs = [
            (key, p)
            for key, d in _occurrences(task, "event").items()
            for p in planned_for_task(task, calendar=calendar, event_date=d)
        ]
    elif kind in ("external", "unparsed"):
        pairs = [
            (key, p)
            for key, d in _occurrences(task, "set").items()
            for p in planned_for_task(task, calendar=calendar, set_date=d)
        ]
    else:
        pairs = [(p.period_key, p) for p in planned_for_task(task, calendar=calendar)]
    return pairs


def _lock(task: Task) -> None:
    list(Task.objects.select_for_update().filter(pk=task.pk).values_list("pk", flat=True))


def _follow_plan(o: Obligation, p: PlannedObligation, status: str, user: User | None, reason: str) -> bool:
    """Give an untouched obligation its planned period, dates and status; True if it changed."""
    new = {
        "period_label": _label(p.label),
        "period_start": p.period_start,
        "period_end": p.period_end,
        "due_date": p.due,
        "current_due": p.due,
        "is_active": True,
        "status": status,
    }
    changed = [f for f, v in new.items() if getattr(o, f) != v]
    for f in changed:
        setattr(o, f, new[f])
    if changed:
        _save(o, user, reason, changed)
    return bool(changed)


def _save(obligation: Obligation, user: User | None, reason: str, fields: list[str]) -> None:
    obligation._history_user = user if getattr(user, "pk", None) else None
    obligation._change_reason = reason
    obligation.save(update_fields=[*fields, "updated_at"])


def edit_task_schedule(
    task: Task, *, text: str, user: User, today: date, expected_version: int
) -> tuple[Task, ReplanResult]:
    """The Office rewrites a task's "Thời gian / Tiến độ": read it in the plan's period,
    keep the edit in the task's history, and re-plan the future obligations (past and
    reported ones stay as they were)."""
    text = " ".join((text or "").split())
    if not text:
        raise PlanningError("Hãy ghi thời gian / tiến độ của nhiệm vụ.")
    plan = task.plan
    check_plan_open(plan)
    period = Period(plan.period_start, plan.period_end)
    schedule = parse_schedule(
        text, period, reporting_day=plan.reporting_day or plan.organisation.reporting_day
    )
    with transaction.atomic():
        locked = Task.objects.select_for_update().get(pk=task.pk)
        if locked.version != expected_version:
            raise PlanningError("Nhiệm vụ đã được người khác sửa, hãy tải lại trang rồi sửa lại.")
        locked.schedule_text = text
        locked.schedule = schedule.to_dict()
        locked.version += 1
        locked._history_user = user if getattr(user, "pk", None) else None
        locked._change_reason = "Sửa thời gian / tiến độ"
        locked.save(update_fields=["schedule_text", "schedule", "version"])
        result = replan_task(locked, today=today, user=user)
    return locked, result


def replan_task(task: Task, *, today: date, user: User | None = None) -> ReplanResult:
    """Bring ``task``'s obligations in line with its schedule and lead units after an edit."""
    result = ReplanResult()
    plan = task.plan
    check_plan_open(plan)
    org = plan.organisation
    calendar = calendar_for(org)
    reason = "Lập lại kế hoạch sau khi sửa nhiệm vụ"
    with transaction.atomic():
        _lock(task)
        planned = _planned_with_occurrences(task, calendar)
        units = _lead_units(task)
        existing = {
            (o.unit_id, o.period_key): o for o in Obligation.objects.filter(task=task).select_for_update()
        }
        touched = _touched_ids(o.pk for o in existing.values())

        def frozen(o: Obligation) -> bool:
            return (
                o.pk in touched
                or o.completed_on is not None
                or (o.due_date is not None and o.due_date < today)
            )

        to_create = []
        for unit in units:
            for key, p in planned:
                o = existing.pop((unit.pk, key), None)
                if o is None:
                    if p.due is None or p.due >= today:
                        to_create.append(_new(task, unit, p, _initial_status(p, today, calendar, org), key))
                    continue
                if frozen(o):
                    result.kept += 1
                    if not o.is_active and o.status != ObligationStatus.NOT_TRACKED:
                        o.is_active = True
                        _save(o, user, reason, ["is_active"])
                    continue
                if _follow_plan(o, p, _initial_status(p, today, calendar, org), user, reason):
                    result.updated += 1
                else:
                    result.kept += 1
        for o in existing.values():
            if not frozen(o):
                o._history_user = user if getattr(user, "pk", None) else None
                o._change_reason = reason
                o.delete()
                result.deleted += 1
            elif o.completed_on is not None or (o.due_date is not None and o.due_date < today):
                # The past stays as it happened: it still counts in the statistics.
                result.kept += 1
            elif o.is_active:
                # Reported on but no longer planned: kept for its history, off the board.
                o.is_active = False
                _save(o, user, reason, ["is_active"])
                result.deactivated += 1
        if to_create:
            bulk_create_with_history(
                to_create,
                Obligation,
                default_user=user if getattr(user, "pk", None) else None,
                default_change_reason=reason,
            )
            board_cache.bump(org.pk)
            result.created = len(to_create)
    return result


# --- dates set by hand -------------------------------------------------------------------------


def set_task_date(
    task: Task,
    *,
    event_date: date | None = None,
    set_date: date | None = None,
    user: User | None = None,
    today: date | None = None,
) -> list[Obligation]:
    """Enter the event's date (event-relative task) or set the due date (a schedule decided
    elsewhere, or one the import could not read); returns the lead units' obligations."""
    today = _today(today)
    kind = _kind(task)
    check_plan_open(task.plan)
    if task.is_group:
        raise PlanningError("Đây là nhóm nhiệm vụ: hãy nhập ngày cho từng nhiệm vụ con.")
    if kind == "event":
        if event_date is None:
            raise PlanningError("Nhiệm vụ này tính hạn từ một sự kiện: hãy nhập ngày xảy ra sự kiện.")
        base = "event"
    elif kind in ("external", "unparsed"):
        if set_date is None:
            raise PlanningError("Hãy nhập thời hạn cho nhiệm vụ này.")
        base = "set"
    else:
        raise PlanningError(
            "Nhiệm vụ này đã có thời hạn theo kế hoạch; muốn đổi thì sửa cột “Thời gian / tiến độ”."
        )
    plan = task.plan
    org = plan.organisation
    calendar = calendar_for(org)
    planned = planned_for_task(task, calendar=calendar, event_date=event_date, set_date=set_date)
    if not planned:
        return []
    p = planned[0]
    if p.period_end is not None and not (plan.period_start <= p.period_end <= plan.period_end):
        raise PlanningError(
            f"Thời hạn {fmt(p.period_end)} nằm ngoài thời gian của kế hoạch "
            f"({fmt(plan.period_start)} - {fmt(plan.period_end)}): hãy kiểm tra lại ngày đã nhập."
        )
    units = _lead_units(task)
    if not units:
        raise PlanningError("Nhiệm vụ chưa có đơn vị chủ trì: hãy gán đơn vị trước khi nhập ngày.")
    reason = "Nhập ngày sự kiện" if base == "event" else "Văn phòng đặt thời hạn"
    status = _initial_status(p, today, calendar, org)
    with transaction.atomic():
        _lock(task)
        current = list(
            Obligation.objects.select_for_update()
            .filter(task=task, period_key__regex=rf"^{base}(-[0-9]+)?$")
            .order_by("id")
        )
        numbers = [int(m.group(2) or 1) for o in current if (m := _OCCURRENCE.match(o.period_key))]
        last = max(numbers, default=0)
        last_key = base if last <= 1 else f"{base}-{last}"
        latest = [o for o in current if o.period_key == last_key]
        touched = _touched_ids(o.pk for o in latest)
        if latest and (touched or any(o.completed_on for o in latest)):
            key = f"{base}-{last + 1}"
            latest = []
        else:
            key = last_key
        by_unit = {o.unit_id: o for o in latest}
        out = []
        to_create = []
        for unit in units:
            o = by_unit.get(unit.pk)
            if o is None:
                to_create.append(_new(task, unit, p, status, key))
                continue
            _follow_plan(o, p, status, user, reason)
            out.append(o)
        if to_create:
            out += bulk_create_with_history(
                to_create,
                Obligation,
                default_user=user if getattr(user, "pk", None) else None,
                default_change_reason=reason,
            )
            board_cache.bump(org.pk)
    return out


# --- a plan imported late, an archived plan -------------------------------------------------------


def check_plan_open(plan: Plan) -> None:
    """An archived plan is read-only: its tasks' schedules and dates are not changed."""
    if plan.archived_at is not None:
        raise PlanningError("Kế hoạch này đã được lưu trữ (chỉ xem): hãy mở lại kế hoạch trước khi sửa.")


def record_before_tracking(plan: Plan, obligations: Iterable[Obligation]) -> int:
    """Apply the plan's "theo dõi từ ngày" to obligations about to be created: those due before
    it are not tracked (status "không theo dõi", off every list, count and reminder) or, when
    the Office said so at import, done on their due date ("đã thực hiện trước khi dùng hệ
    thống": hoàn thành đúng hạn, marked as recorded at import). Returns how many."""
    start = plan.tracking_start
    if start is None:
        return 0
    done = plan.before_tracking == Plan.BeforeTracking.DONE
    n = 0
    for o in obligations:
        if o.due_date is None or o.due_date >= start:
            continue
        if done:
            o.status, o.completed_on, o.recorded_at_import = ObligationStatus.DONE_ON_TIME, o.due_date, True
        else:
            o.status, o.is_active = ObligationStatus.NOT_TRACKED, False
        n += 1
    return n


def archive_obligations(plan: Plan, *, now: Any, user: User | None = None) -> int:
    """Take an archived plan's obligations out of the open set: ``is_active=False`` (every list,
    count, reminder and digest reads active rows only), marked ``archived`` so that reopening
    brings back exactly these. Their audit rows are written in one statement."""
    n = Obligation.objects.filter(plan=plan, is_active=True).update(
        is_active=False, archived=True, updated_at=now
    )
    if n:
        statuses.insert_history(now, "Lưu trữ kế hoạch", user, plan_id=plan.pk)
        board_cache.bump(plan.organisation_id)
    return n


def reopen_obligations(plan: Plan, *, now: Any, today: date, user: User | None = None) -> int:
    """Bring a reopened plan's obligations back, then let the daily rules give them today's
    status (what fell due while the plan was archived is overdue now)."""
    n = Obligation.objects.filter(plan=plan, archived=True).update(
        is_active=True, archived=False, updated_at=now
    )
    if n:
        statuses.insert_history(now, "Mở lại kế hoạch", user, plan_id=plan.pk)
        statuses.refresh_statuses(today=today, organisation=plan.organisation)
        board_cache.bump(plan.organisation_id)
    return n
