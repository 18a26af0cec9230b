"""Uploads of exports (and re-analyses) run in the background: the request stores the files
and a job, the worker (``cchc worker``, started by ``cchc serve``) runs it, the page follows
its progress. Claiming, progress, stale jobs and the notification are ``cchc.jobs.runner``'s;
here is what an upload does and says. The incoming files are removed when the job ends,
whatever its outcome; the upload was one transaction, so a failed one stored nothing.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from cchc.core.files import display_name, field_storage_name
from cchc.dossiers import services
from cchc.dossiers.models import UploadJob
from cchc.jobs.runner import STALE_AFTER, Live, Runner
from cchc.orgs.types import User
from cchc.ui.columns import max_length, upload_to

log = logging.getLogger(__name__)
State, Stage = UploadJob.State, UploadJob.Stage
# Each stage's share of the bar (percent from, to): the store and the analysis are the work.
SPANS: dict[str, tuple[int, int]] = {
    Stage.READ: (0, 5),
    Stage.CHECK: (5, 15),
    Stage.STORE: (15, 45),
    Stage.ANALYSE: (45, 100),
}
FAILED_SYSTEM = (
    "Lỗi hệ thống khi xử lý tệp; dữ liệu hồ sơ không thay đổi. Hãy tải lên lại, "
    "hoặc báo quản trị hệ thống nếu lỗi lặp lại."
)
FAILED_STALE = (
    "Việc xử lý bị gián đoạn (máy chủ dừng hoặc khởi động lại); dữ liệu hồ sơ không thay đổi. "
    "Hãy tải lên lại tệp."
)


def _store_incoming(job: UploadJob, field: str, file: services.ExportFile) -> str:
    shown = display_name(file.name, max_length(UploadJob, field.replace("_file", "_name")))
    stored = field_storage_name(
        shown, upload_to(UploadJob, field), max_length(UploadJob, field), timezone.now()
    )
    getattr(job, field).save(stored, ContentFile(file.content), save=False)
    return shown


def enqueue(
    org: Any,
    user: User,
    *,
    dossiers: services.ExportFile | None = None,
    pauses: services.ExportFile | None = None,
) -> UploadJob:
    """A queued job holding the files. What can be refused at once (no file, wrong kind of
    file, empty file) is, with ``services.UploadRefused``; the rest is the worker's."""
    services.check_files(dossiers, pauses)
    job = UploadJob(organisation=org, requested_by=user if getattr(user, "pk", None) else None)
    current = dossiers or pauses
    try:
        if dossiers is not None:
            job.dossiers_name = _store_incoming(job, "dossiers_file", dossiers)
        if pauses is not None:
            current = pauses
            job.pauses_name = _store_incoming(job, "pauses_file", pauses)
        job.save()
    except OSError as exc:  # the disk is full or refuses the folder: nothing kept, no 500
        log.exception("incoming dossier files not stored")
        _remove_incoming(job)
        raise services.StorageUnavailable(display_name(current.name, 120) if current else "") from exc
    except BaseException:
        _remove_incoming(job)
        raise
    return job


def enqueue_reanalysis(org: Any, user: User) -> UploadJob:
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
        if stage == Stage.CHECK:
            self.rows += done
        RUNNER.stage_progress(self.job, stage, done, total, self.rows)


def _remove_incoming(job: UploadJob, state: str = "") -> None:
    for field in (job.dossiers_file, job.pauses_file):
        if field:
            field.delete(save=False)


def _describe(job: UploadJob, ok: bool) -> tuple[str, str]:
    verdict = "đã xong" if ok else "không thành công"
    if job.kind == UploadJob.Kind.REANALYSE:
        title = f"Phân tích lại hồ sơ {verdict}"
    else:
        title = f"Tải lên hồ sơ {verdict}: {job.names()}"
    return title, reverse("dossiers:job", args=[job.pk])


def _finish(job: UploadJob, state: str, message: str, upload_id: int | None = None) -> None:
    fields: dict[str, Any] = {"dossiers_file": "", "pauses_file": ""}
    if state == State.DONE:
        fields["upload_id"] = upload_id
    RUNNER.finish(job, state, message, **fields)


def _content(field) -> bytes:
    with field.open("rb") as fh:
        return fh.read()


def _work(job: UploadJob) -> None:
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
            job.organisation,
            job.requested_by,
            dossiers=files.get("dossiers"),
            pauses=files.get("pauses"),
            progress=_Progress(job),
        )
    except services.UploadRefused as exc:
        _finish(job, State.FAILED, exc.message)
    else:
        said = "; ".join(f"“{u.source_name}”: {u.summary()}" for u in outcome.uploads)
        _finish(job, State.DONE, f"Đã tải lên {said}.", outcome.uploads[0].pk)


RUNNER = Runner(
    UploadJob,
    name="upload",
    work=_work,
    describe=_describe,
    count_field="rows_read",
    first_stage=Stage.READ,
    spans=SPANS,
    notify="dossier_upload",
    cleanup=_remove_incoming,
    failed_system=FAILED_SYSTEM,
    failed_stale=FAILED_STALE,
)


def live(job: UploadJob) -> Live:
    """The job as the page shows it now."""
    return RUNNER.live(job)


run_job = RUNNER.run
claim = RUNNER.claim
fail_stale = RUNNER.fail_stale
run_pending = RUNNER.run_pending

__all__ = [
    "RUNNER",
    "STALE_AFTER",
    "Live",
    "claim",
    "enqueue",
    "enqueue_reanalysis",
    "fail_stale",
    "live",
    "run_job",
    "run_pending",
]
