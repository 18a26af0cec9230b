"""Uploads of exports run in the background: the request stores the files and a job, the
worker (``cchc worker``, started by ``cchc serve``) runs it, the page follows its progress.

Exactly-once: a worker takes a queued job only by ``UPDATE … SET state = 'running' WHERE
id = … AND state = 'queued'`` and runs it only when that updated one row, so two workers
never run the same upload. A job whose worker died (no progress for ``STALE_AFTER``) is
marked failed, never run again behind the person's back: the upload was one transaction,
so nothing of it was stored, and the person is told to send it again.

Progress: the stages (``UploadJob.Stage``) and the rows read are written to the job's row
when no transaction is open; inside the upload's transaction (store, analysis) a row update
would not be seen before the commit (and on SQLite would wait for it), so the figures go to
a small file beside the database (``VAR_DIR/jobs/``) that ``live`` reads.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from cchc.chasing.models import Kind, Notification
from cchc.core.files import display_name, field_storage_name
from cchc.dossiers import services
from cchc.dossiers.models import UploadJob

log = logging.getLogger(__name__)

State, Stage = UploadJob.State, UploadJob.Stage
# Each stage's share of the bar (percent from, to): the store and the analysis are the work.
SPANS = {Stage.READ: (0, 5), Stage.CHECK: (5, 15), Stage.STORE: (15, 45), Stage.ANALYSE: (45, 100)}
STALE_AFTER = timedelta(minutes=15)
FAILED_SYSTEM = (
    "Lỗi hệ thống khi xử lý tệp; dữ liệu hồ sơ không thay đổi. Hãy tải lên lại, "
    "hoặc báo quản trị hệ thống nếu lỗi lặp lại."
)
FAILED_STALE = (
    "Việc xử lý bị gián đoạn (máy chủ dừng hoặc khởi động lại); dữ liệu hồ sơ không thay đổi. "
    "Hãy tải lên lại tệp."
)


@dataclass(frozen=True, slots=True)
class Live:
    """What the page shows of a job: the row, with the newest figures of a running one."""

    state: str
    stage: str
    percent: int
    rows_read: int
    message: str


def _side_file(job_id: int) -> Path:
    return Path(settings.VAR_DIR) / "jobs" / f"upload-{job_id}.json"


def _store_incoming(job: UploadJob, field: str, file: services.ExportFile) -> str:
    stored_in = UploadJob._meta.get_field(field)
    shown = display_name(file.name, UploadJob._meta.get_field(field.replace("_file", "_name")).max_length)
    stored = field_storage_name(shown, str(stored_in.upload_to), stored_in.max_length, timezone.now())
    getattr(job, field).save(stored, ContentFile(file.content), save=False)
    return shown


def enqueue(
    org: Any,
    user: Any,
    *,
    dossiers: services.ExportFile | None = None,
    pauses: services.ExportFile | None = None,
) -> UploadJob:
    """A queued job holding the files. What can be refused at once (no file, wrong kind of
    file, empty file) is, with ``services.UploadRefused``; the rest is the worker's."""
    services.check_files(dossiers, pauses)
    job = UploadJob(organisation=org, requested_by=user if getattr(user, "pk", None) else None)
    try:
        if dossiers is not None:
            job.dossiers_name = _store_incoming(job, "dossiers_file", dossiers)
        if pauses is not None:
            job.pauses_name = _store_incoming(job, "pauses_file", pauses)
        job.save()
    except BaseException:
        _remove_incoming(job)
        raise
    return job


def enqueue_reanalysis(org: Any, user: Any) -> UploadJob:
    """A queued re-analysis of every stored dossier as of when it runs."""
    return UploadJob.objects.create(
        organisation=org,
        requested_by=user if getattr(user, "pk", None) else None,
        kind=UploadJob.Kind.REANALYSE,
    )


class _Progress:
    """``services.upload_exports``'s progress callback for one job."""

    def __init__(self, job: UploadJob) -> None:
        self.job = job
        self.rows = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        lo, hi = SPANS[Stage(stage)]
        percent = lo + (hi - lo) * done // max(total, 1)
        if stage == Stage.CHECK:
            self.rows += done
        now = timezone.now()
        figures = {"stage": stage, "percent": percent, "rows_read": self.rows}
        if connection.in_atomic_block:
            _write_side(self.job.pk, figures | {"at": now.isoformat()})
        else:
            UploadJob.objects.filter(pk=self.job.pk).update(updated_at=now, **figures)


def _write_side(job_id: int, figures: dict[str, Any]) -> None:
    path = _side_file(job_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(figures), encoding="utf-8")
    os.replace(tmp, path)  # readers see the old figures or the new, never half


def live(job: UploadJob) -> Live:
    """The job as the page shows it now."""
    figures = {"stage": job.stage, "percent": job.percent, "rows_read": job.rows_read}
    if job.state == State.RUNNING:
        with contextlib.suppress(OSError, ValueError):
            figures |= {
                k: v
                for k, v in json.loads(_side_file(job.pk).read_text(encoding="utf-8")).items()
                if k in figures
            }
    return Live(job.state, figures["stage"], int(figures["percent"]), int(figures["rows_read"]), job.message)


def _remove_incoming(job: UploadJob) -> None:
    for field in (job.dossiers_file, job.pauses_file):
        if field:
            field.delete(save=False)
    if job.pk:
        _side_file(job.pk).unlink(missing_ok=True)


def _finish(job: UploadJob, state: str, message: str, upload_id: int | None = None) -> None:
    now = timezone.now()
    _remove_incoming(job)
    fields: dict[str, Any] = {"state": state, "message": message, "finished_at": now, "updated_at": now}
    fields |= {"dossiers_file": "", "pauses_file": ""}
    if state == State.DONE:
        fields |= {"percent": 100, "upload_id": upload_id}
    UploadJob.objects.filter(pk=job.pk).update(**fields)
    if job.requested_by_id:
        ok = state == State.DONE
        verdict = "đã xong" if ok else "không thành công"
        if job.kind == UploadJob.Kind.REANALYSE:
            title = f"Phân tích lại hồ sơ {verdict}"
        else:
            title = f"Tải lên hồ sơ {verdict}: {job.names()}"
        Notification.objects.create(
            recipient_id=job.requested_by_id,
            organisation_id=job.organisation_id,
            kind=Kind.DOSSIER_UPLOAD,
            title=title[:255],
            body=message,
            url=reverse("dossiers:job", args=[job.pk]),
            created_at=now,
        )


def _content(field) -> bytes:
    with field.open("rb") as fh:
        return fh.read()


def run_job(job: UploadJob) -> None:
    """Run one claimed job to its end; never raises for the upload's own failures."""
    files: dict[str, services.ExportFile] = {}
    try:
        if job.kind == UploadJob.Kind.REANALYSE:
            record = services.reanalyze(job.organisation, progress=_Progress(job))
            as_of = timezone.localtime(record.as_of)
            said = f"Đã phân tích lại {record.dossier_count} hồ sơ tính đến {as_of:%H:%M %d/%m/%Y}."
            _finish(job, State.DONE, said)
            return
        if job.dossiers_file:
            files["dossiers"] = services.ExportFile(job.dossiers_name, _content(job.dossiers_file))
        if job.pauses_file:
            files["pauses"] = services.ExportFile(job.pauses_name, _content(job.pauses_file))
        outcome = services.upload_exports(
            job.organisation, job.requested_by, **files, progress=_Progress(job)
        )
    except services.UploadRefused as exc:
        _finish(job, State.FAILED, exc.message)
    except Exception:
        log.exception("dossier upload job %s failed", job.pk)
        _finish(job, State.FAILED, FAILED_SYSTEM)
    else:
        said = "; ".join(f"“{u.source_name}”: {u.summary()}" for u in outcome.uploads)
        _finish(job, State.DONE, f"Đã tải lên {said}.", outcome.uploads[0].pk)


def fail_stale(now: datetime | None = None) -> int:
    """Mark failed the running jobs whose worker stopped giving news (see the module's doc)."""
    now = now or timezone.now()
    count = 0
    for job in UploadJob.objects.filter(state=State.RUNNING, updated_at__lt=now - STALE_AFTER):
        try:
            side = _side_file(job.pk).stat().st_mtime
        except OSError:
            side = 0
        if side > (now - STALE_AFTER).timestamp():
            continue
        if UploadJob.objects.filter(pk=job.pk, state=State.RUNNING, updated_at=job.updated_at).update(
            updated_at=now
        ):
            _finish(job, State.FAILED, FAILED_STALE)
            count += 1
    return count


def claim(worker_id: str, now: datetime | None = None) -> UploadJob | None:
    """The oldest queued job, now this worker's; None when there is none left to take."""
    now = now or timezone.now()
    while True:
        ids = list(
            UploadJob.objects.filter(state=State.QUEUED)
            .order_by("created_at", "id")
            .values_list("id", flat=True)[:5]
        )
        if not ids:
            return None
        for pk in ids:
            taken = UploadJob.objects.filter(pk=pk, state=State.QUEUED).update(
                state=State.RUNNING,
                stage=Stage.READ,
                claimed_by=worker_id[:100],
                started_at=now,
                updated_at=now,
            )
            if taken == 1:
                return UploadJob.objects.select_related("organisation", "requested_by").get(pk=pk)


def run_pending(worker_id: str, *, limit: int | None = None) -> int:
    """Run queued jobs one after another (at most ``limit``); returns how many this worker ran."""
    fail_stale()
    ran = 0
    while limit is None or ran < limit:
        job = claim(worker_id)
        if job is None:
            break
        run_job(job)
        ran += 1
    return ran


__all__ = ["Live", "claim", "enqueue", "enqueue_reanalysis", "fail_stale", "live", "run_job", "run_pending"]
