"""Obligation statuses: the rules of ``core.status`` applied to stored obligations.

- ``recompute``: one obligation, from its reports (run when a report is accepted).
- ``refresh_statuses``: the daily pass moves open obligations to the status of the day with
  a few set-based UPDATEs per department and writes their audit rows with one INSERT … SELECT
  (``insert_history``, also used by archiving and reopening a plan).

The open and finished statuses are ``core.status.OPEN`` / ``DONE``; ``tracking.models``
derives ``OPEN_STATUSES`` / ``DONE_STATUSES`` from them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from cchc.core.status import obligation_status
from cchc.orgs.calendars import calendar_for
from cchc.orgs.models import Organisation
from cchc.orgs.types import User
from cchc.tracking import cache as board_cache
from cchc.tracking.models import OPEN_STATUSES, Contribution, Obligation, ObligationStatus, Report

__all__ = ["REFRESH_REASON", "insert_history", "recompute", "refresh_statuses"]

REFRESH_REASON = "Cập nhật trạng thái hằng ngày"


def _open_but(status: ObligationStatus) -> list[ObligationStatus]:
    """The open statuses an obligation may move to ``status`` from (every other open one)."""
    return [s for s in OPEN_STATUSES if s != status]


def _completed_on(obligation: Obligation) -> date | None:
    """The accepted report's latest evidence date; without evidence, the day it was submitted."""
    report = (
        obligation.reports.filter(state=Report.State.ACCEPTED)
        .order_by("-reviewed_at", "-id")
        .prefetch_related("evidence")
        .first()
    )
    if report is None:
        return None
    dates = [e.doc_date for e in report.evidence.all()]
    if dates:
        return max(dates)
    moment = report.submitted_at or report.reviewed_at or report.created_at
    return timezone.localdate(moment) if moment else None


def recompute(obligation: Obligation, *, today: date) -> Obligation:
    """Set ``status`` and ``completed_on`` of one obligation from its reports; saved when changed."""
    org = obligation.organisation
    if obligation.status == ObligationStatus.NOT_TRACKED:
        return obligation  # not followed: nothing to recompute
    completed_on = _completed_on(obligation)
    if completed_on is None and obligation.recorded_at_import:
        completed_on = obligation.completed_on  # "đã thực hiện trước khi dùng hệ thống"
    has_activity = obligation.reports.exists() or obligation.contributions.exists()
    status = obligation_status(
        due=obligation.due_date,
        current_due=obligation.current_due,
        completed_on=completed_on,
        has_activity=has_activity,
        today=today,
        calendar=calendar_for(org),
        early_working_days=org.early_working_days,
    ).value
    changed = [
        f for f, v in (("status", status), ("completed_on", completed_on)) if getattr(obligation, f) != v
    ]
    if changed:
        obligation.status, obligation.completed_on = status, completed_on
        obligation.save(update_fields=[*changed, "updated_at"])
    return obligation


def refresh_statuses(*, today: date, organisation: Organisation | None = None) -> int:
    """The daily pass: time-dependent transitions of open, active obligations; returns rows changed.

    The stored status becomes what ``core.status`` says for ``today`` (any day, backwards too),
    with a handful of UPDATEs per department, each selecting only rows whose status must
    change: the index (organisation, status, current_due) finds them without reading the
    department's other obligations (a province's million rows: see benchmarks/README.md),
    and a second run on the same day changes nothing. Finished obligations do not depend on the day; they
    are ``recompute``'s (run when a report is accepted).
    """
    orgs = (
        [organisation.pk]
        if organisation is not None
        else list(Organisation.objects.values_list("pk", flat=True))
    )
    now = timezone.now()
    changed = 0
    with transaction.atomic():
        for org_id in orgs:
            org_changed = _refresh_org(org_id, today, now)
            if org_changed:
                board_cache.bump(org_id)
            changed += org_changed
        if changed:
            _history_for_refresh(now, organisation)
    return changed


def _refresh_org(org_id: int, today: date, now: Any) -> int:
    S = ObligationStatus
    base = Obligation.objects.filter(organisation_id=org_id, is_active=True, completed_on__isnull=True)
    # Neither overdue nor extended: no date yet, or a date still ahead and not pushed back.
    waiting = Q(current_due__isnull=True) | (
        Q(current_due__gte=today) & (Q(due_date__isnull=True) | Q(current_due__lte=F("due_date")))
    )
    reported = Q(pk__in=Report.objects.filter(obligation__organisation_id=org_id).values("obligation_id"))
    contributed = Q(
        pk__in=Contribution.objects.filter(obligation__organisation_id=org_id).values("obligation_id")
    )
    activity = Exists(Report.objects.filter(obligation=OuterRef("pk"))) | Exists(
        Contribution.objects.filter(obligation=OuterRef("pk"))
    )
    rules = (
        (S.OVERDUE, base.filter(status__in=_open_but(S.OVERDUE), current_due__lt=today)),
        (
            S.EXTENDED,
            base.filter(
                status__in=_open_but(S.EXTENDED),
                current_due__gte=today,
                due_date__isnull=False,
                current_due__gt=F("due_date"),
            ),
        ),
        # Driven from the (few) reports and contributions rather than probing every waiting row.
        (S.IN_PROGRESS, base.filter(waiting, reported, status__in=_open_but(S.IN_PROGRESS))),
        (S.IN_PROGRESS, base.filter(waiting, contributed, status__in=_open_but(S.IN_PROGRESS))),
        (
            S.NOT_DUE,
            base.filter(waiting, status__in=_open_but(S.NOT_DUE)).exclude(activity),
        ),
    )
    return sum(rule.update(status=target, updated_at=now) for target, rule in rules)


def _history_for_refresh(now: Any, organisation: Organisation | None) -> None:
    """Audit rows for the obligations the pass just changed (they carry ``updated_at = now``),
    written by the database in one statement rather than row by row."""
    insert_history(now, REFRESH_REASON, None, organisation_id=organisation.pk if organisation else None)


def insert_history(
    now: Any,
    reason: str,
    user: User | None,
    *,
    organisation_id: int | None = None,
    plan_id: int | None = None,
) -> None:
    """One INSERT … SELECT of the audit rows of the obligations an UPDATE stamped with
    ``updated_at = now`` (of one department or one plan), with the reason and the person."""
    history = Obligation.history.model
    meta = history._meta
    skip = {"history_id", "history_date", "history_change_reason", "history_type", "history_user"}
    columns = [f.column for f in meta.concrete_fields if f.name not in skip]
    qn = connection.ops.quote_name
    cols = ", ".join(qn(c) for c in columns)
    where = f"{qn('updated_at')} = %s"
    stamp = connection.ops.adapt_datetimefield_value(now)  # as the UPDATE stored it (text on SQLite)
    user_id = user.pk if user is not None and user.pk else None
    params: list[Any] = [stamp, reason, user_id, stamp]
    for column, value in (("organisation_id", organisation_id), ("plan_id", plan_id)):
        if value is not None:
            where += f" AND {qn(column)} = %s"
            params.append(value)
    sql = (
        f"INSERT INTO {qn(meta.db_table)} ({cols}, {qn('history_date')}, {qn('history_change_reason')}, "
        f"{qn('history_type')}, {qn('history_user_id')}) "
        f"SELECT {cols}, %s, %s, '~', %s FROM {qn(Obligation._meta.db_table)} WHERE {where}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
