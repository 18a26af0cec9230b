"""What every background job shares: queued by a request, claimed by exactly one worker, its
progress visible while it runs, a worker's death noticed, the person told of the outcome.

Exactly-once: a worker takes a queued job only by ``UPDATE … SET state = 'running' WHERE
id = … AND state = 'queued'`` and runs it only when that updated one row, so two workers
never run the same job. A job whose worker died (no news for ``STALE_AFTER``) is marked
failed, never run again behind the person's back: each kind does its work in one
transaction, so nothing of it was stored, and the person is told to ask again.

Progress: the stage, the percentage and a count go to the job's row when no transaction is
open; inside the work's transaction a row update would not be seen before the commit (and on
SQLite would wait for it), so they go to a small file beside the database
(``VAR_DIR/jobs/``) that ``live`` reads.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from cchc.jobs.models import BackgroundJob, JobState
from cchc.jobs.signals import job_finished

log = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=15)
FAILED_SYSTEM = (
    "Lỗi hệ thống khi xử lý; dữ liệu không thay đổi. Hãy thử lại, hoặc báo quản trị hệ thống nếu lỗi lặp lại."
)
FAILED_STALE = (
    "Việc xử lý bị gián đoạn (máy chủ dừng hoặc khởi động lại); dữ liệu không thay đổi. Hãy thực hiện lại."
)


@dataclass(frozen=True, slots=True)
class Live:
    """What the page shows of a job: the row, with the newest figures of a running one."""

    state: str
    stage: str
    percent: int
    count: int
    message: str


class Runner:
    """The mechanics of one kind of job (one concrete ``BackgroundJob`` model).

    ``work(job)`` does the job and calls ``finish``; it raises only for faults of the system
    (they fail the job with ``failed_system``). ``describe(job, ok)`` gives the notification's
    title and the job page's address; ``cleanup(job, state)`` runs whenever a job ends (its
    files; what it held back).
    ``count_field`` is the model's field for the count shown while it runs (rows, obligations);
    ``spans``: each stage's share of the bar (percent from, to), for ``stage_progress``.
    """

    def __init__(
        self,
        model: type[BackgroundJob],
        *,
        name: str,
        work: Callable[[Any], None],
        describe: Callable[[Any, bool], tuple[str, str]],
        count_field: str,
        first_stage: str,
        spans: dict[str, tuple[int, int]] | None = None,
        notify: str = "",
        cleanup: Callable[[Any, str], None] | None = None,
        related: tuple[str, ...] = ("organisation", "requested_by"),
        failed_system: str = FAILED_SYSTEM,
        failed_stale: str = FAILED_STALE,
    ) -> None:
        self.model, self.name, self.work, self.describe = model, name, work, describe
        self.count_field, self.first_stage, self.notify = count_field, first_stage, notify
        self.spans = spans or {}
        self.cleanup, self.related = cleanup, related
        self.failed_system, self.failed_stale = failed_system, failed_stale

    # --- progress --------------------------------------------------------------------------

    def side_file(self, job_id: int) -> Path:
        return Path(settings.VAR_DIR) / "jobs" / f"{self.name}-{job_id}.json"

    def progress(self, job: BackgroundJob, stage: str, percent: int, count: int) -> None:
        """Record where ``job`` is (see the module's doc for where it goes)."""
        now = timezone.now()
        figures = {"stage": stage, "percent": max(0, min(int(percent), 100)), self.count_field: int(count)}
        if connection.in_atomic_block:
            path = self.side_file(job.pk)
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(figures | {"at": now.isoformat()}), encoding="utf-8")
            os.replace(tmp, path)  # readers see the old figures or the new, never half
        else:
            self.model._default_manager.filter(pk=job.pk).update(updated_at=now, **figures)

    def stage_progress(self, job: BackgroundJob, stage: str, done: int, total: int, count: int) -> None:
        """``done`` of ``total`` in ``stage``, as a percentage within the stage's span."""
        lo, hi = self.spans[stage]
        self.progress(job, stage, lo + (hi - lo) * done // max(total, 1), count)

    def live(self, job: BackgroundJob) -> Live:
        """The job as the page shows it now."""
        figures = {
            "stage": job.stage,
            "percent": job.percent,
            self.count_field: getattr(job, self.count_field),
        }
        if job.state == JobState.RUNNING:
            with contextlib.suppress(OSError, ValueError):
                side = json.loads(self.side_file(job.pk).read_text(encoding="utf-8"))
                figures |= {k: v for k, v in side.items() if k in figures}
        return Live(
            job.state, figures["stage"], int(figures["percent"]), int(figures[self.count_field]), job.message
        )

    # --- the end ---------------------------------------------------------------------------

    def finish(self, job: BackgroundJob, state: str, message: str, **fields: Any) -> None:
        """End ``job`` as ``state`` with ``message`` (and the kind's own ``fields``), and tell
        the person who asked."""
        now = timezone.now()
        if self.cleanup is not None:
            self.cleanup(job, state)
        if job.pk:
            self.side_file(job.pk).unlink(missing_ok=True)
        update = {"state": state, "message": message, "finished_at": now, "updated_at": now} | fields
        if state == JobState.DONE:
            update.setdefault("percent", 100)
        self.model._default_manager.filter(pk=job.pk).update(**update)
        for key, value in update.items():
            setattr(job, key, value)
        title, url = self.describe(job, state == JobState.DONE)
        job_finished.send(
            sender=self.model,
            job=job,
            ok=state == JobState.DONE,
            title=title,
            message=message,
            url=url,
            notify=self.notify,
        )

    def fail_stale(self, now: datetime | None = None) -> int:
        """Mark failed the running jobs whose worker stopped giving news."""
        now = now or timezone.now()
        count = 0
        for job in self.model._default_manager.filter(
            state=JobState.RUNNING, updated_at__lt=now - STALE_AFTER
        ):
            try:
                side = self.side_file(job.pk).stat().st_mtime
            except OSError:
                side = 0
            if side > (now - STALE_AFTER).timestamp():
                continue
            if self.model._default_manager.filter(
                pk=job.pk, state=JobState.RUNNING, updated_at=job.updated_at
            ).update(updated_at=now):
                self.finish(job, JobState.FAILED, self.failed_stale)
                count += 1
        return count

    # --- taking and running ----------------------------------------------------------------

    def claim(self, worker_id: str, now: datetime | None = None) -> BackgroundJob | None:
        """The oldest queued job, now this worker's; None when there is none left to take."""
        now = now or timezone.now()
        while True:
            ids = list(
                self.model._default_manager.filter(state=JobState.QUEUED)
                .order_by("created_at", "pk")
                .values_list("pk", flat=True)[:5]
            )
            if not ids:
                return None
            for pk in ids:
                taken = self.model._default_manager.filter(pk=pk, state=JobState.QUEUED).update(
                    state=JobState.RUNNING,
                    stage=self.first_stage,
                    claimed_by=worker_id[:100],
                    started_at=now,
                    updated_at=now,
                )
                if taken == 1:
                    return self.model._default_manager.select_related(*self.related).get(pk=pk)

    def run(self, job: BackgroundJob) -> None:
        """Run one claimed job to its end; a fault of the system fails it with a message."""
        try:
            self.work(job)
        except Exception:
            log.exception("%s job %s failed", self.name, job.pk)
            self.finish(job, JobState.FAILED, self.failed_system)

    def run_pending(self, worker_id: str, *, limit: int | None = None) -> int:
        """Run queued jobs one after another (at most ``limit``); how many this worker ran."""
        self.fail_stale()
        ran = 0
        while limit is None or ran < limit:
            job = self.claim(worker_id)
            if job is None:
                break
            self.run(job)
            ran += 1
        return ran


_RUNNERS: dict[str, Runner] = {}


def register(runner: Runner) -> Runner:
    """Make ``runner``'s jobs the worker's (called from the kind's app ``ready()``)."""
    _RUNNERS[runner.name] = runner
    return runner


def run_pending(worker_id: str, *, limit: int | None = None) -> int:
    """Every kind's queued jobs, oldest kind first as registered; how many ran."""
    return sum(runner.run_pending(worker_id, limit=limit) for runner in list(_RUNNERS.values()))


__all__ = ["FAILED_STALE", "FAILED_SYSTEM", "STALE_AFTER", "Live", "Runner", "register", "run_pending"]
