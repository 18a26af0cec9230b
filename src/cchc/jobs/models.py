"""The fields every background job's row has; each kind is a concrete model of its own app
(``dossiers.UploadJob``, ``plans.ConfirmJob``) with what it needs besides."""

from __future__ import annotations

from django.db import models


class JobState(models.TextChoices):
    QUEUED = "queued", "Đang chờ"
    RUNNING = "running", "Đang xử lý"
    DONE = "done", "Xong"
    FAILED = "failed", "Không thành công"


class BackgroundJob(models.Model):
    """A job waiting for, run by, or done by the worker (``runner.Runner``)."""

    State = JobState

    created_at = models.DateTimeField("gửi lúc", auto_now_add=True)
    state = models.CharField("trạng thái", max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    stage = models.CharField("bước", max_length=10, blank=True)
    percent = models.PositiveSmallIntegerField("phần trăm", default=0)
    message = models.TextField("kết quả", blank=True)
    claimed_by = models.CharField("tiến trình xử lý", max_length=100, blank=True)
    started_at = models.DateTimeField("bắt đầu lúc", null=True, blank=True)
    updated_at = models.DateTimeField("cập nhật lúc", null=True, blank=True)
    finished_at = models.DateTimeField("xong lúc", null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)
