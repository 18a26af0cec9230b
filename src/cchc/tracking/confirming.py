"""Confirming a plan: its plan, tasks and obligations written in one transaction.

``confirm_import`` and ``import_plan_file`` are the services every caller uses (the preview's
confirm button, the background job below, ``cchc plan import``, the demo): they run
``plans.services``' confirmation with tracking's obligation writer
(``planning.create_obligations_for_plan``) passed in, so the plans app, below tracking, never
imports it and a plan still never exists without its obligations.

A plan confirmed in the background: the request checks what refuses at once and queues a
job, the worker (``cchc.jobs``) writes the plan, its tasks and every obligation in one
transaction, the page shows how far it is. A small plan is confirmed in the request itself:
it takes under a second and the person lands on the plan.

The draft is ``CONFIRMING`` from the click to the end (no edit, no second confirmation: of
two clicks one queues the job, the other is told the draft changed). A refusal found by the
worker (the same plan imported meanwhile, a row that cannot be stored) gives the draft back
as a draft, with the message on the job's page and in the notification list.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from cchc.jobs.runner import Runner
from cchc.orgs.calendars import calendar_for
from cchc.orgs.models import Organisation
from cchc.orgs.types import User
from cchc.plans import checks, services
from cchc.plans.labels import count
from cchc.plans.models import ConfirmJob, Plan, PlanImport
from cchc.tracking.planning import create_obligations_for_plan

Stage = ConfirmJob.Stage
# Each stage's share of the bar (percent from, to): writing the obligations is the work.
SPANS: dict[str, tuple[int, int]] = {Stage.CHECK: (0, 2), Stage.TASKS: (2, 25), Stage.OBLIGATION: (25, 100)}
FAILED_SYSTEM = (
    "Lỗi hệ thống khi xác nhận kế hoạch; chưa có gì được ghi và bản nháp vẫn còn. Hãy xác nhận lại, "
    "hoặc báo quản trị hệ thống nếu lỗi lặp lại."
)
FAILED_STALE = (
    "Việc xác nhận bị gián đoạn (máy chủ dừng hoặc khởi động lại); chưa có gì được ghi và bản nháp "
    "vẫn còn. Hãy xác nhận lại."
)


def confirm_import(
    draft: PlanImport,
    user: Any,
    expected_version: int | None = None,
    *,
    allow_unresolved: bool = False,
    previewed: bool = False,
    today: date | None = None,
    claimed_from: str = PlanImport.Status.DRAFT,
    progress: services.Progress | None = None,
) -> Plan:
    """The draft becomes a plan with its tasks and obligations, all or nothing
    (``plans.services.confirm_import`` says what refuses, with ``services.ImportRefused``)."""
    return services.confirm_import(
        draft,
        user,
        expected_version,
        allow_unresolved=allow_unresolved,
        previewed=previewed,
        today=today,
        claimed_from=claimed_from,
        progress=progress,
        write_obligations=create_obligations_for_plan,
    )


def import_plan_file(
    org: Organisation,
    path: str | Path,
    user: Any = None,
    year: int | None = None,
    *,
    tracking_start: date | None = None,
    before_tracking: str = Plan.BeforeTracking.NOT_TRACKED,
) -> Plan:
    """Upload and confirm in one go, no preview (``plans.services.import_plan_file``)."""
    return services.import_plan_file(
        org,
        path,
        user,
        year,
        tracking_start=tracking_start,
        before_tracking=before_tracking,
        write_obligations=create_obligations_for_plan,
    )


def expected_obligations(draft: PlanImport) -> int:
    """How many obligations confirming ``draft`` will write (the preview's own count)."""
    org = draft.organisation
    return checks.due_counts(
        draft.parsed, org, today=timezone.localdate(), start=None, calendar=calendar_for(org)
    ).total


def runs_in_background(expected: int) -> bool:
    return expected > settings.CCHC_PLAN_CONFIRM_INLINE_MAX


def enqueue(draft: PlanImport, user: User, expected_version: int, expected: int) -> ConfirmJob:
    """Queue the confirmation of ``draft`` (checked first: what refuses at once does, with
    ``services.ImportRefused``); the draft is ``CONFIRMING`` until the job ends."""
    services.confirm_checks(draft)
    with transaction.atomic():
        taken = PlanImport.objects.filter(
            pk=draft.pk, status=PlanImport.Status.DRAFT, version=int(expected_version)
        ).update(status=PlanImport.Status.CONFIRMING, version=F("version") + 1, updated_at=timezone.now())
        if taken != 1:
            raise services.StaleDraft()
        return ConfirmJob.objects.create(
            organisation=draft.organisation,
            requested_by=user if getattr(user, "pk", None) else None,
            draft=draft,
            expected_obligations=expected,
        )


class _Progress:
    def __init__(self, job: ConfirmJob) -> None:
        self.job = job

    def __call__(self, stage: str, done: int, total: int) -> None:
        made = done if stage == Stage.OBLIGATION else 0
        RUNNER.stage_progress(self.job, stage, done, total, made)


def _give_back(job: ConfirmJob) -> None:
    """A job that did not confirm leaves its draft a draft again (nothing of it was stored)."""
    PlanImport.objects.filter(pk=job.draft_id, status=PlanImport.Status.CONFIRMING).update(
        status=PlanImport.Status.DRAFT, version=F("version") + 1, updated_at=timezone.now()
    )


def _describe(job: ConfirmJob, ok: bool) -> tuple[str, str]:
    name = job.draft.source_name if job.draft_id else ""
    title = f"Xác nhận kế hoạch {'đã xong' if ok else 'không thành công'}: {name}"
    return title, reverse("plans:confirm_job", args=[job.pk])


def _work(job: ConfirmJob) -> None:
    draft = PlanImport.objects.select_related("organisation").get(pk=job.draft_id)
    job.draft = draft
    try:
        plan: Plan = confirm_import(
            draft,
            job.requested_by,
            previewed=True,
            claimed_from=PlanImport.Status.CONFIRMING,
            progress=_Progress(job),
        )
    except services.ImportRefused as exc:
        RUNNER.finish(job, ConfirmJob.State.FAILED, exc.message)
        return
    made = plan.obligations.count()
    tasks = plan.tasks.filter(is_group=False).count()
    said = f"Đã nhập kế hoạch {plan.number or ''}: {count(tasks)} nhiệm vụ, {count(made)} nghĩa vụ báo cáo."
    RUNNER.finish(job, ConfirmJob.State.DONE, said, plan=plan, obligations=made)


def _cleanup(job: ConfirmJob, state: str) -> None:
    if state != ConfirmJob.State.DONE:
        _give_back(job)


RUNNER = Runner(
    ConfirmJob,
    name="plan-confirm",
    work=_work,
    describe=_describe,
    count_field="obligations",
    first_stage=Stage.CHECK,
    spans=SPANS,
    notify="plan_confirm",
    cleanup=_cleanup,
    related=("organisation", "requested_by", "draft"),
    failed_system=FAILED_SYSTEM,
    failed_stale=FAILED_STALE,
)


__all__ = [
    "RUNNER",
    "confirm_import",
    "enqueue",
    "expected_obligations",
    "import_plan_file",
    "runs_in_background",
]
