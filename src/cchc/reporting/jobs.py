"""A report's files are made in the background: the page queues a job, the worker (``cchc
worker``, started by ``cchc serve``) composes the document, renders Word, the Excel appendix
and the PDF, and keeps them with the report (all of them or none); the page follows its
progress, and the person finds the outcome in the notification list."""

from __future__ import annotations

import logging

from django.urls import reverse

from cchc.core.errors import UserError
from cchc.jobs.runner import Live, Runner
from cchc.orgs.types import User
from cchc.reporting import files
from cchc.reporting.models import FilesJob, UpwardReport

log = logging.getLogger(__name__)
State, Stage = FilesJob.State, FilesJob.Stage
SPANS: dict[str, tuple[int, int]] = {
    Stage.COMPOSE: (0, 10),
    Stage.WORD: (10, 40),
    Stage.PDF: (40, 90),
    Stage.STORE: (90, 100),
}


def enqueue(report: UpwardReport, user: User) -> FilesJob:
    """A queued job for ``report`` (a job already waiting or running for it is returned: a
    second click makes no second set of files)."""
    waiting = FilesJob.objects.filter(report=report, state__in=[State.QUEUED, State.RUNNING]).first()
    if waiting is not None:
        return waiting
    return FilesJob.objects.create(
        organisation_id=report.organisation_id,
        report=report,
        requested_by=user if getattr(user, "pk", None) else None,
    )


def _describe(job: FilesJob, ok: bool) -> tuple[str, str]:
    verdict = "đã xong" if ok else "không thành công"
    return f"Tạo tệp {job.report} {verdict}", reverse("reporting:detail", args=[job.report_id])


def _work(job: FilesJob) -> None:
    report = UpwardReport.objects.select_related("organisation").get(pk=job.report_id)
    RUNNER.progress(job, Stage.COMPOSE, 5, 0)
    try:
        RUNNER.progress(job, Stage.WORD, 20, 0)
        rendered = files.render(report, pdf=True)
    except UserError as exc:  # a broken template of the department's
        RUNNER.finish(job, State.FAILED, exc.message)
        return
    RUNNER.progress(job, Stage.STORE, 90, 2 + (rendered.pdf is not None))
    kept = files.keep(report, rendered, job.requested_by)
    names = ", ".join(f.get_format_display() for f in kept)
    RUNNER.finish(
        job,
        State.DONE,
        f"Đã tạo {len(kept)} tệp ({names}) từ số liệu lần {report.data_version}.",
        files_made=len(kept),
    )


RUNNER = Runner(
    FilesJob,
    name="report_files",
    work=_work,
    describe=_describe,
    count_field="files_made",
    first_stage=Stage.COMPOSE,
    spans=SPANS,
    notify="report_files",
    related=("organisation", "requested_by", "report"),
)


def live(job: FilesJob) -> Live:
    return RUNNER.live(job)


run_job = RUNNER.run
