"""Chasing: the in-app notifications and the outbox of e-mails.

Exactly-once: every message a pass decides to send is first inserted into the outbox
under a unique ``key`` (kind, obligation, stage, recipient, day). Of two workers running
the same pass, only the one whose INSERT succeeds goes on; the message is then claimed
(``UPDATE … WHERE state = 'pending'``), sent, and marked sent. A crash after the insert
leaves a pending row that the next pass sends; a crash after the claim leaves a
``sending`` row that is retried once its lease has run out.

A reminder (the capped kinds) waits in the outbox in both channels, e-mail and app, without
its notification: the send step decides the weekly cap for the person and creates the
notification of each reminder it releases, in the claim's transaction; the rest are
folded, never shown one by one, and reach the person in the week's personal digest.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from cchc.orgs.models import Organisation
from cchc.tracking.models import Obligation


class Kind(models.TextChoices):
    BEFORE_DUE = "before_due", "Sắp đến hạn"
    DUE_TODAY = "due_today", "Đến hạn hôm nay"
    OVERDUE = "overdue", "Quá hạn"
    ESCALATION = "escalation", "Quá hạn — báo Văn phòng, Lãnh đạo"
    STALE = "stale", "Lâu không cập nhật"
    REPORT_CALL = "report_call", "Đề nghị báo cáo định kỳ"
    WEEKLY_DIGEST = "weekly_digest", "Tổng hợp hàng tuần"
    PERSONAL_DIGEST = "personal_digest", "Tổng hợp các nhắc việc"
    REVIEW = "review", "Kết quả duyệt báo cáo"
    EXTENSION = "extension", "Đề nghị gia hạn"
    REPORT_SUBMITTED = "report_submitted", "Báo cáo chờ duyệt"
    DRAFT = "draft", "Bản nháp chờ gửi"
    DOSSIER_UPLOAD = "dossier_upload", "Tải lên hồ sơ TTHC"
    PLAN_CONFIRM = "plan_confirm", "Xác nhận kế hoạch"
    REPORT_FILES = "report_files", "Tệp báo cáo CCHC"
    REPORT_DUE = "report_due", "Báo cáo CCHC sắp đến hạn gửi"
    SCORING_DUE = "scoring_due", "Tự đánh giá Chỉ số CCHC sắp đến hạn nộp"


# Index economy: a first reminders pass inserts hundreds of thousands of notifications and
# deliveries, and every index is written for each of them. The foreign keys whose lookups a
# composite index already serves (recipient), or that are only followed when a department,
# a digest or a notification is deleted (rare, set-based), have no index of their own.


class Notification(models.Model):
    """What a person sees in the app's notification list."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name="người nhận",
        db_index=False,
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name="cơ quan",
        db_index=False,
    )
    kind = models.CharField("loại", max_length=30, choices=Kind.choices)
    obligation = models.ForeignKey(
        Obligation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name="nghĩa vụ",
    )
    title = models.CharField("tiêu đề", max_length=255)
    body = models.TextField("nội dung", blank=True)
    url = models.CharField("đường dẫn", max_length=500, blank=True)
    # The message's moment (a pass's ``now``, an event's own time), not the insert's: the
    # demo's history and a pass run for a past day stamp what they say when it happened.
    created_at = models.DateTimeField("tạo lúc", default=timezone.now)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ("-created_at",)
        indexes = (
            models.Index(fields=["recipient", "read_at", "created_at"], name="notif_recipient_unread"),
        )


class Delivery(models.Model):
    """One message to one person through one channel (the outbox)."""

    class State(models.TextChoices):
        PENDING = "pending", "Chờ gửi"
        SENDING = "sending", "Đang gửi"
        SENT = "sent", "Đã gửi"
        FOLDED = "folded", "Gộp vào bản tổng hợp"
        FAILED = "failed", "Gửi lỗi"

    # Unique through Meta.constraints: a field's unique=True would add a second (LIKE) index.
    key = models.CharField("khóa chống gửi trùng", max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name="cơ quan",
        db_index=False,
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name="người nhận",
        db_index=False,
    )
    kind = models.CharField("loại", max_length=30, choices=Kind.choices)
    obligation = models.ForeignKey(
        Obligation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name="nghĩa vụ",
    )
    notification = models.ForeignKey(
        Notification,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name="thông báo",
        db_index=False,
    )
    channel = models.CharField("kênh", max_length=20, default="email")
    subject = models.CharField("tiêu đề", max_length=255)
    text = models.TextField("nội dung (văn bản)")
    html = models.TextField("nội dung (HTML)", blank=True)
    # The in-app notification of a reminder, created when the weekly cap releases it.
    title = models.CharField("tiêu đề thông báo", max_length=255, blank=True)
    body = models.TextField("nội dung thông báo", blank=True)
    url = models.CharField("đường dẫn", max_length=500, blank=True)
    state = models.CharField("tình trạng", max_length=20, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField("số lần thử", default=0)
    claimed_at = models.DateTimeField("nhận gửi lúc", null=True, blank=True)
    claimed_by = models.CharField("tiến trình gửi", max_length=100, blank=True)
    sent_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    # A folded message goes out in this digest delivery.
    folded_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="folded",
        verbose_name="gộp vào",
        db_index=False,
    )
    error = models.TextField("lỗi", blank=True)
    created_at = models.DateTimeField("tạo lúc", default=timezone.now)

    class Meta:
        verbose_name = "thư gửi đi"
        verbose_name_plural = "thư gửi đi"
        ordering = ("-created_at",)
        indexes = (
            models.Index(fields=["state", "created_at"], name="delivery_state_created"),
            models.Index(fields=["recipient", "state", "sent_at"], name="delivery_recipient_sent"),
            # What the next personal digests carry: folded, not yet in a digest (a small set,
            # where the folded rows of every past week are many).
            models.Index(
                fields=["organisation", "recipient"],
                name="delivery_folded_waiting",
                condition=models.Q(state="folded", folded_into__isnull=True),
            ),
        )
        constraints = (models.UniqueConstraint(fields=["key"], name="delivery_unique_key"),)


class PassRun(models.Model):
    """One run of a scheduled job (reminders, report call, digest): for the Office's view
    and so the worker knows what ran today."""

    job = models.CharField("công việc", max_length=50)
    started_at = models.DateTimeField("bắt đầu")
    finished_at = models.DateTimeField("kết thúc", null=True, blank=True)
    as_of = models.DateTimeField("tính đến thời điểm")
    created = models.PositiveIntegerField("số tin tạo mới", default=0)
    sent = models.PositiveIntegerField("số thư đã gửi", default=0)
    error = models.TextField("lỗi", blank=True)
    # The highest obligation id when a reminders pass started: a later pass looks for the
    # obligations created since (a plan imported late, to escalate) by id, through the
    # primary key, instead of reading every overdue obligation every day.
    obligation_mark = models.BigIntegerField("nghĩa vụ lớn nhất khi bắt đầu", null=True, blank=True)

    class Meta:
        verbose_name = "lượt chạy"
        verbose_name_plural = "lượt chạy"
        ordering = ("-started_at",)
        # A worker runs every job each minute: the last pass of a job is found by this index.
        indexes = (models.Index(fields=["job", "as_of"], name="passrun_job_as_of"),)
