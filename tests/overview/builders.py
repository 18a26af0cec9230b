"""A department's follow-through for the overview's tests, written in bulk (the screens are
tested, not the services): current plans with tasks in several reform areas, led by several
units, each with obligations of every status (overdue in the past, due this week, finished
early / on time / late), plus work the board never counts (not tracked, re-planned away) and
a past plan that is not current. ``scale`` grows everything (plans, areas, units, rows)."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import cycle
from types import SimpleNamespace

from cchc.orgs.models import Organisation
from cchc.plans.models import Plan, Task, TaskUnit
from cchc.tracking import cache as board_cache
from cchc.tracking.models import Obligation
from cchc.tracking.models import ObligationStatus as S
from tests.tracking.screens import make_plan

AREAS = ("direction", "procedures", "digital_government", "civil_service", "institutions", "organisation")
UNITS = ("QLTM", "TTRA", "VP", "QLCN", "KHTC", "QLNL", "KTAT", "TTKC", "QLTT", "MC")
# (status, days from today of the due date, days of the completion before it, extension days)
KINDS = (
    (S.OVERDUE, -12, None, 0),
    (S.OVERDUE, -3, None, 0),
    (S.DONE_EARLY, -40, 10, 0),
    (S.DONE_ON_TIME, -20, 0, 0),
    (S.DONE_LATE, -30, -4, 0),
    (S.EXTENDED, -2, None, 20),
    (S.IN_PROGRESS, 0, None, 0),  # due today: in this week's list
    (S.NOT_DUE, 1, None, 0),
    (S.NOT_DUE, 60, None, 0),
)


def build(org: Organisation, today: date, *, scale: int = 1, prefix: str = "") -> SimpleNamespace:
    """``scale`` 1: two current plans, 3 areas, 4 units, 9 obligations per task and unit."""
    plans = [make_plan(org, today, number=f"{prefix}{12 + i}/KH-SCT") for i in range(1 + scale)]
    past = Plan.objects.create(
        organisation=org,
        number=f"{prefix}3/KH-SCT",
        title="Kế hoạch năm trước",
        period_start=today - timedelta(days=700),
        period_end=today - timedelta(days=400),
        source_sha256=f"{prefix}past".ljust(64, "0")[:64],
    )
    units = {u.code: u for u in org.units.all()}
    chosen = [units[c] for c in UNITS[: 2 + 2 * scale]]
    areas = AREAS[: 1 + 2 * scale]
    rows: list[Obligation] = []
    order = 0
    for plan in [*plans, past]:
        for i, area in enumerate(areas):
            order += 1
            task = Task.objects.create(
                plan=plan,
                order=order,
                number=str(i + 1),
                area=area,
                section=str(i + 1),
                text=f"Nhiệm vụ {i + 1} ({area}) của kế hoạch {plan.number}.",
                schedule_text="Hàng tháng",
            )
            leads = [chosen[(i + k) % len(chosen)] for k in range(2)]
            TaskUnit.objects.bulk_create(TaskUnit(task=task, unit=u, role=TaskUnit.Role.LEAD) for u in leads)
            kinds = cycle(KINDS)
            for unit in leads:
                for n in range(len(KINDS) * scale):
                    status, due_in, done_before, extra = next(kinds)
                    due = today + timedelta(days=due_in - (n // len(KINDS)))
                    rows.append(
                        Obligation(
                            organisation=org,
                            plan=plan,
                            task=task,
                            unit=unit,
                            unit_order=unit.order,
                            period_key=f"k{n}",
                            period_label=f"Kỳ {n + 1}",
                            due_date=due,
                            current_due=due + timedelta(days=extra),
                            extended=bool(extra),
                            status=status,
                            completed_on=due - timedelta(days=done_before)
                            if done_before is not None
                            else None,
                        )
                    )
            # Never counted: due before the plan's tracking start, and a period re-planned away.
            rows.append(
                Obligation(
                    organisation=org,
                    plan=plan,
                    task=task,
                    unit=leads[0],
                    unit_order=leads[0].order,
                    period_key="nt",
                    period_label="Không theo dõi",
                    due_date=today - timedelta(days=90),
                    current_due=today - timedelta(days=90),
                    status=S.NOT_TRACKED,
                    is_active=False,
                )
            )
            rows.append(
                Obligation(
                    organisation=org,
                    plan=plan,
                    task=task,
                    unit=leads[1],
                    unit_order=leads[1].order,
                    period_key="old",
                    period_label="Kỳ bỏ",
                    due_date=today - timedelta(days=5),
                    current_due=today - timedelta(days=5),
                    status=S.OVERDUE,
                    is_active=False,
                )
            )
    Obligation.objects.bulk_create(rows)
    board_cache.bump(org.pk)  # bulk writes send no signals
    return SimpleNamespace(plans=plans, past=past, units=chosen, areas=areas)
