"""The progress of plans and tasks read from their obligations and reports: the plan list's
bars, the plan page's per-task progress and latest results.

Tracking's reads for the plans' screens (the plans app sits below tracking and does not read
obligations); the views in ``tracking.views_plan`` call them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet

from cchc.core.status import Rates, rates
from cchc.orgs.models import Organisation
from cchc.plans.models import Plan
from cchc.plans.selectors import plans_for
from cchc.tracking.models import OF_THE_PLAN, Obligation, ObligationStatus, Report


@dataclass(frozen=True, slots=True)
class Progress:
    """A plan's (or a task's) obligations by status: the rates of ``core.status.rates`` over
    what is followed, and apart from them the periods not tracked."""

    rates: Rates
    counts: dict[str, int]
    not_tracked: int
    recorded_at_import: int = 0

    @property
    def done_share(self) -> float | None:
        r = self.rates
        return r.done / r.total if r.total else None

    @property
    def bar_width(self) -> int:
        """The progress bar's filled share, in whole percent (for a CSS width)."""
        return round(100 * (self.done_share or 0))

    @property
    def extended(self) -> int:
        return self.counts.get(ObligationStatus.EXTENDED, 0)

    def parts(self) -> list[tuple[str, str]]:
        """(text, status) of each part of the summary, the status naming its colour."""
        r = self.rates
        if not r.total and not self.not_tracked:
            return [("Chưa có kỳ báo cáo", "")]
        out = [(f"{r.done}/{r.total} kỳ hoàn thành", "done")] if r.total else []
        if r.overdue:
            out.append((f"{r.overdue} quá hạn", ObligationStatus.OVERDUE))
        if self.extended:
            out.append((f"{self.extended} gia hạn", ObligationStatus.EXTENDED))
        if self.not_tracked:
            out.append((f"{self.not_tracked} kỳ không theo dõi", ObligationStatus.NOT_TRACKED))
        return out

    def summary(self) -> str:
        """ "3/12 kỳ hoàn thành, 1 quá hạn" (+ "4 kỳ không theo dõi")."""
        return ", ".join(text for text, _status in self.parts())


def _progress(counts: dict[str, int], recorded: int = 0) -> Progress:
    return Progress(
        rates=rates(counts),
        counts=counts,
        not_tracked=counts.get(ObligationStatus.NOT_TRACKED, 0),
        recorded_at_import=recorded,
    )


def _grouped(qs: QuerySet[Obligation], key: str) -> dict[int, Progress]:
    """Progress per ``key`` (plan_id or task_id) in one GROUP BY query."""
    counts: dict[int, dict[str, int]] = {}
    recorded: dict[int, int] = {}
    rows = (
        qs.filter(OF_THE_PLAN)
        .order_by()
        .values_list(key, "status")
        .annotate(n=Count("id"), imported=Count("id", filter=Q(recorded_at_import=True)))
    )
    for owner, status, n, imported in rows:
        counts.setdefault(owner, {})[status] = n
        recorded[owner] = recorded.get(owner, 0) + imported
    return {owner: _progress(c, recorded.get(owner, 0)) for owner, c in counts.items()}


def plan_progress(plan: Plan) -> Progress | None:
    """One plan's progress (None: it has no obligations)."""
    return _grouped(Obligation.objects.filter(plan=plan), "plan_id").get(plan.pk)


def plans_progress(org: Organisation) -> dict[int, Progress]:
    """Each plan's progress, archived plans included (their obligations are paused, not gone)."""
    return _grouped(Obligation.objects.filter(organisation=org), "plan_id")


def plans_by_state(org: Organisation) -> dict[str, list[Plan]]:
    """The plans in follow-up and the archived ones apart, each with ``progress``."""
    progress = plans_progress(org)
    empty = _progress({})
    current: list[Plan] = []
    archived: list[tuple[datetime, Plan]] = []
    for plan in plans_for(org).select_related("archived_by"):
        plan.progress = progress.get(plan.pk, empty)  # type: ignore[attr-defined]  # for the template
        if plan.archived_at is not None:  # plan.is_archived
            archived.append((plan.archived_at, plan))
        else:
            current.append(plan)
    archived.sort(key=lambda pair: pair[0], reverse=True)
    return {"current": current, "archived": [plan for _, plan in archived]}


@dataclass(frozen=True, slots=True)
class LatestResult:
    """The latest accepted report of a task: what was done, by whom, for which period."""

    narrative: str
    unit: str
    period: str
    accepted_at: Any
    obligation_id: int


def task_progress(plan: Plan) -> dict[int, Progress]:
    return _grouped(Obligation.objects.filter(plan=plan), "task_id")


def latest_results(plan: Plan) -> dict[int, LatestResult]:
    """Each task's latest accepted report (one query, newest first per task)."""
    rows = (
        Report.objects.filter(obligation__plan=plan, state=Report.State.ACCEPTED)
        .order_by("obligation__task_id", "-reviewed_at", "-id")
        .values_list(
            "obligation__task_id",
            "narrative",
            "unit__name",
            "obligation__period_label",
            "reviewed_at",
            "obligation_id",
        )
    )
    out: dict[int, LatestResult] = {}
    for task_id, narrative, unit, period, at, obligation_id in rows:
        if task_id not in out:
            out[task_id] = LatestResult(narrative, unit, period, at, obligation_id)
    return out
