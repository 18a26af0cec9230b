"""The evidence archive (.zip by item) is made in the background: the page queues a job, the
worker (``cchc worker``) collects the documents, packs them into a temporary file with the
index and the score table, and keeps the archive with the job; the page follows its progress
and offers the download. The newest archive of an assessment replaces the older ones (their
files are deleted).

Exactly-once: ``enqueue`` returns the job already waiting or running for the assessment (a
second click makes no second archive), and the runner claims each job with one conditional
UPDATE (``jobs.runner``).
"""

from __future__ import annotations

import tempfile

from django.core.files import File
from django.urls import reverse

from cchc.core.formats import count_text, file_size_text
from cchc.core.scoring.evidence_pack import write_pack
from cchc.core.scoring.score_sheet import sheet_xlsx
from cchc.jobs.runner import Live, Runner
from cchc.orgs.types import User
from cchc.scoring import exports
from cchc.scoring.models import Assessment, PackJob

State, Stage = PackJob.State, PackJob.Stage
SPANS: dict[str, tuple[int, int]] = {
    Stage.COLLECT: (0, 5),
    Stage.PACK: (5, 95),
    Stage.STORE: (95, 100),
}


def archive_name(assessment: Assessment) -> str:
    """The download's name: "tai-lieu-kiem-chung-<org>-<year>.zip"."""
    return f"tai-lieu-kiem-chung-{assessment.organisation.code}-{assessment.year}.zip"


def enqueue(assessment: Assessment, user: User | None) -> PackJob:
    """A queued job for ``assessment``; the one already waiting or running is returned."""
    waiting = PackJob.objects.filter(assessment=assessment, state__in=[State.QUEUED, State.RUNNING]).first()
    if waiting is not None:
        return waiting
    return PackJob.objects.create(
        organisation_id=assessment.organisation_id,
        assessment=assessment,
        requested_by=user if getattr(user, "pk", None) else None,
    )


def latest(assessment: Assessment) -> PackJob | None:
    return PackJob.objects.filter(assessment=assessment).order_by("-created_at", "-id").first()


def ready(assessment: Assessment) -> PackJob | None:
    """The newest archive that can be downloaded."""
    return (
        PackJob.objects.filter(assessment=assessment, state=State.DONE)
        .exclude(archive="")
        .order_by("-finished_at", "-id")
        .first()
    )


def _page(job: PackJob) -> str:
    a = job.assessment
    return reverse("scoring:pack", args=[a.organisation.code, a.year])


def _describe(job: PackJob, ok: bool) -> tuple[str, str]:
    verdict = "đã xong" if ok else "không thành công"
    return f"Đóng gói tài liệu kiểm chứng năm {job.assessment.year} {verdict}", _page(job)


def _work(job: PackJob) -> None:
    assessment = Assessment.objects.select_related("organisation", "criteria_set").get(pk=job.assessment_id)
    RUNNER.progress(job, Stage.COLLECT, 1, 0)
    items = exports.pack_items(assessment)
    sheet = sheet_xlsx(exports.score_sheet(assessment))
    RUNNER.progress(job, Stage.PACK, SPANS[Stage.PACK][0], 0)

    def progress(done: int, total: int) -> None:
        RUNNER.stage_progress(job, Stage.PACK, done, total, done)

    with tempfile.TemporaryFile() as tmp:
        summary = write_pack(tmp, items, extras={"bang-diem.xlsx": sheet}, progress=progress)
        size = tmp.tell()
        RUNNER.progress(job, Stage.STORE, 96, summary.files + summary.links)
        tmp.seek(0)
        job.archive.save(archive_name(assessment), File(tmp), save=False)
    PackJob.objects.filter(pk=job.pk).update(archive=job.archive.name, size=size)
    # Older archives of the assessment: replaced by this one.
    for old in PackJob.objects.filter(assessment=assessment).exclude(pk=job.pk).exclude(archive=""):
        old.archive.delete(save=False)
        PackJob.objects.filter(pk=old.pk).update(archive="")
    message = (
        f"Đã đóng gói {count_text(summary.files)} tệp và {count_text(summary.links)} đường dẫn "
        f"của {count_text(sum(1 for i in items if i.documents))} tiêu chí ({file_size_text(size)})."
    )
    if summary.missing:
        shown = "; ".join(summary.missing[:5])
        message += f" Không đọc được {count_text(len(summary.missing))} tệp trên máy chủ: {shown}."
    RUNNER.finish(job, State.DONE, message, documents=summary.files + summary.links)


RUNNER = Runner(
    PackJob,
    name="scoring_pack",
    work=_work,
    describe=_describe,
    count_field="documents",
    first_stage=Stage.COLLECT,
    spans=SPANS,
    # No notification kind for it yet (chasing.Kind): the page shows the outcome.
    notify="",
    related=("organisation", "requested_by", "assessment", "assessment__organisation"),
)


def live(job: PackJob) -> Live:
    return RUNNER.live(job)
