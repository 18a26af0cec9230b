"""Follow-through: each task's dated obligations per lead unit, the units' reports with
their evidence and measured values, the Office's reviews, and extension requests.

Every model that people change keeps its history (django-simple-history): who, when,
what changed. Statuses are stored (the board filters and counts on them) and recomputed
by the services when something happens and by the daily pass when a day goes by.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from cchc.core.status import DONE, EXTENSION_STATE_LABELS, OPEN, REPORT_STATE_LABELS, Status
from cchc.orgs.models import Organisation, Unit
from cchc.plans.models import Plan, Target, Task

if TYPE_CHECKING:
    from cchc.orgs.types import User


class ObligationStatus(models.TextChoices):
    # Values and words come from the pure rules (cchc.core.status), the one place they are kept.
    NOT_DUE = Status.NOT_DUE.value, Status.NOT_DUE.heading
    IN_PROGRESS = Status.IN_PROGRESS.value, Status.IN_PROGRESS.heading
    DONE_EARLY = Status.DONE_EARLY.value, Status.DONE_EARLY.heading
    DONE_ON_TIME = Status.DONE_ON_TIME.value, Status.DONE_ON_TIME.heading
    DONE_LATE = Status.DONE_LATE.value, Status.DONE_LATE.heading
    OVERDUE = Status.OVERDUE.value, Status.OVERDUE.heading
    EXTENDED = Status.EXTENDED.value, Status.EXTENDED.heading
    NOT_TRACKED = Status.NOT_TRACKED.value, Status.NOT_TRACKED.heading


# The open and finished sets are the pure rules' (``core.status.OPEN`` / ``DONE``), in the
# choices' order.
OPEN_STATUSES = tuple(s for s in ObligationStatus if Status(s.value) in OPEN)
DONE_STATUSES = tuple(s for s in ObligationStatus if Status(s.value) in DONE)
# Every status but "không theo dõi": what the lists count, chips and filters offer.
TRACKED_STATUSES = tuple(s for s in ObligationStatus if s != ObligationStatus.NOT_TRACKED)
# The obligations that make up a plan's picture (its page, its progress, a task's periods):
# active ones, those paused with their archived plan and those not tracked; not the periods a
# re-planned schedule dropped.
OF_THE_PLAN = (
    models.Q(is_active=True) | models.Q(archived=True) | models.Q(status=ObligationStatus.NOT_TRACKED)
)


class Obligation(models.Model):
    """One unit's duty to report on one task for one period (or one deadline)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="obligations", verbose_name="cơ quan"
    )
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="obligations", verbose_name="kế hoạch"
    )
    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="obligations", verbose_name="nhiệm vụ"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="obligations", verbose_name="đơn vị"
    )
    # A copy of ``unit.order`` (kept in step by ``tracking.unit_order``): the board sorts by
    # (due, unit order, id), and with the order on this row one index serves the sort and the
    # page offset without joining the units of a million obligations.
    unit_order = models.PositiveIntegerField("thứ tự đơn vị", default=0, editable=False)
    # Stable within (task, unit): "2026-03" (month), "2026-Q1", "2026-H1", "2026", "2026-W10",
    # "d2026-06-15" (a deadline), "event", "external". Re-planning matches on it.
    period_key = models.CharField("mã kỳ", max_length=40)
    period_label = models.CharField("kỳ", max_length=120)
    period_start = models.DateField("từ ngày", null=True, blank=True)
    period_end = models.DateField("đến ngày", null=True, blank=True)
    # The plan's due date, kept for the statistics; null until an event or a coordinator sets it.
    due_date = models.DateField("hạn ban đầu", null=True, blank=True)
    # The due date in force: the approved extension's date, else due_date. Drives reminders.
    current_due = models.DateField("hạn hiện tại", null=True, blank=True)
    status = models.CharField(
        "trạng thái", max_length=20, choices=ObligationStatus.choices, default=ObligationStatus.NOT_DUE
    )
    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    extended = models.BooleanField("đã được gia hạn", default=False)
    last_activity_at = models.DateTimeField("cập nhật gần nhất", null=True, blank=True)
    # False when a re-planned schedule no longer produces this period, when it is not tracked
    # (due before the plan's tracking start: status NOT_TRACKED) and while its plan is archived
    # (``archived``): kept for its history, out of every list, count and reminder, which all
    # read active rows only.
    is_active = models.BooleanField("còn hiệu lực", default=True)
    # How urgent the work is, for the lists' default order (open before finished, overdue
    # first): 0 quá hạn, 1 other open work, 2 finished, 3 anything else. Computed by the database from the
    # status (a stored generated column), so every writer, bulk updates and the daily pass's
    # SQL included, keeps it right without knowing it exists; indexed with the due date.
    urgency = models.GeneratedField(
        expression=models.Case(
            models.When(status=ObligationStatus.OVERDUE.value, then=models.Value(0)),
            models.When(status__in=[s.value for s in OPEN_STATUSES], then=models.Value(1)),
            models.When(status__in=[s.value for s in DONE_STATUSES], then=models.Value(2)),
            default=models.Value(3),
        ),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
        verbose_name="mức độ khẩn",
    )
    # Switched off with its plan's archiving: reopening the plan switches back exactly these.
    archived = models.BooleanField("tạm dừng theo kế hoạch lưu trữ", default=False, db_default=False)
    # Marked done when the plan was imported ("đã thực hiện trước khi dùng hệ thống"): completed
    # on its due date without a report; a report accepted later replaces that date.
    recorded_at_import = models.BooleanField(
        "ghi nhận hoàn thành khi nhập kế hoạch", default=False, db_default=False
    )
    version = models.PositiveIntegerField("phiên bản", default=1)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    # The history keeps what people changed; the urgency is derived from the status.
    history = HistoricalRecords(excluded_fields=["urgency"])
    # Set before a save, read by simple_history when it writes the historical row.
    _history_user: User | None
    _change_reason: str

    class Meta:
        verbose_name = "nghĩa vụ báo cáo"
        verbose_name_plural = "nghĩa vụ báo cáo"
        ordering = ("current_due", "id")
        constraints = (
            models.UniqueConstraint(fields=["task", "unit", "period_key"], name="obligation_unique_period"),
        )
        indexes = (
            models.Index(fields=["organisation", "status", "current_due"], name="obl_org_status_due"),
            models.Index(fields=["unit", "status", "current_due"], name="obl_unit_status_due"),
            models.Index(fields=["plan", "status"], name="obl_plan_status"),
            models.Index(fields=["current_due"], name="obl_current_due"),
            # The board's sort, with and without a status filter (active rows only).
            models.Index(
                fields=["organisation", "status", "current_due", "unit_order", "id"],
                name="obl_board_status",
                condition=models.Q(is_active=True),
            ),
            models.Index(
                fields=["organisation", "current_due", "unit_order", "id"],
                name="obl_board_all",
                condition=models.Q(is_active=True),
            ),
            # The lists' default order, most urgent first (board: per department, the plan
            # and unit kept in the index for their filters; a unit's page: per unit).
            models.Index(
                # plan and unit last: filtered in the index (SQLite has no INCLUDE columns).
                fields=["organisation", "urgency", "current_due", "unit_order", "id", "plan", "unit"],
                name="obl_board_urgent",
                condition=models.Q(is_active=True),
            ),
            models.Index(
                fields=["plan", "urgency", "current_due", "unit_order", "id"],
                name="obl_plan_urgent",
                condition=models.Q(is_active=True),
            ),
            models.Index(
                fields=["unit", "urgency", "current_due", "id"],
                name="obl_unit_urgent",
                condition=models.Q(is_active=True),
            ),
        )

    def __str__(self) -> str:
        return f"{self.task} — {self.unit} — {self.period_label}"

    @property
    def is_open(self) -> bool:
        """Still to be reported on: an open status, and in force (not archived, not re-planned away)."""
        return self.is_active and self.status in OPEN_STATUSES


class Report(models.Model):
    """A unit's report on an obligation. A returned report stays as it was; resubmitting
    creates a new report, so the history of submissions and decisions is kept."""

    class State(models.TextChoices):
        DRAFT = "draft", REPORT_STATE_LABELS["draft"]
        SUBMITTED = "submitted", REPORT_STATE_LABELS["submitted"]
        RETURNED = "returned", REPORT_STATE_LABELS["returned"]
        ACCEPTED = "accepted", REPORT_STATE_LABELS["accepted"]

    obligation = models.ForeignKey(
        Obligation, on_delete=models.CASCADE, related_name="reports", verbose_name="nghĩa vụ"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="reports", verbose_name="đơn vị")
    narrative = models.TextField("kết quả thực hiện")
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    state = models.CharField("tình trạng", max_length=20, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="người soạn"
    )
    created_at = models.DateTimeField("soạn lúc", auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người gửi",
    )
    submitted_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người duyệt",
    )
    reviewed_at = models.DateTimeField("duyệt lúc", null=True, blank=True)
    review_comment = models.TextField("ý kiến của Văn phòng", blank=True)
    # The report this one resubmits after a return.
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="báo cáo trước",
    )
    version = models.PositiveIntegerField("phiên bản", default=1)

    history = HistoricalRecords()
    # Set before a save, read by simple_history when it writes the historical row.
    _history_user: User | None
    _change_reason: str

    class Meta:
        verbose_name = "báo cáo kết quả"
        verbose_name_plural = "báo cáo kết quả"
        ordering = ("obligation", "-created_at")
        indexes = (models.Index(fields=["state", "submitted_at"], name="report_state_submitted"),)

    def __str__(self) -> str:
        return f"Báo cáo của {self.unit} — {self.obligation.period_label}"


class Contribution(models.Model):
    """A coordinating unit's part in the lead unit's report."""

    obligation = models.ForeignKey(
        Obligation, on_delete=models.CASCADE, related_name="contributions", verbose_name="nghĩa vụ"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị phối hợp")
    text = models.TextField("nội dung phối hợp")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="người gửi"
    )
    created_at = models.DateTimeField("gửi lúc", auto_now_add=True)

    history = HistoricalRecords()
    # Set before a save, read by simple_history when it writes the historical row.
    _history_user: User | None
    _change_reason: str

    class Meta:
        verbose_name = "ý kiến phối hợp"
        verbose_name_plural = "ý kiến phối hợp"
        ordering = ("obligation", "created_at")


class Evidence(models.Model):
    """An issued document proving the work: number, date, summary, and a file or a link."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="evidence", verbose_name="báo cáo"
    )
    doc_number = models.CharField("số, ký hiệu", max_length=100)
    doc_date = models.DateField("ngày ban hành")
    summary = models.TextField("trích yếu")
    # Stored under a short, safe copy of its name (``core.files.storage_name``); the name the
    # unit gave it is kept here for the screens and the download.
    file = models.FileField("tệp", upload_to="evidence/%Y/%m/", max_length=500, blank=True)
    file_name = models.CharField("tên tệp", max_length=255, blank=True, db_default="")
    url = models.URLField("đường dẫn (hệ thống văn bản)", max_length=1000, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="người tải lên"
    )
    created_at = models.DateTimeField("tải lên lúc", auto_now_add=True)

    history = HistoricalRecords()
    # Set before a save, read by simple_history when it writes the historical row.
    _history_user: User | None
    _change_reason: str

    class Meta:
        verbose_name = "tài liệu kiểm chứng"
        verbose_name_plural = "tài liệu kiểm chứng"
        ordering = ("report", "doc_date", "id")

    def __str__(self) -> str:
        return f"{self.doc_number} ngày {self.doc_date:%d/%m/%Y}"


class Measurement(models.Model):
    """A measured value reported against one of the task's targets."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="measurements", verbose_name="báo cáo"
    )
    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="measurements", verbose_name="chỉ tiêu"
    )
    value = models.DecimalField("giá trị đo được", max_digits=16, decimal_places=4)
    note = models.TextField("ghi chú", blank=True)

    history = HistoricalRecords()
    # Set before a save, read by simple_history when it writes the historical row.
    _history_user: User | None
    _change_reason: str

    class Meta:
        verbose_name = "số liệu thực hiện"
        verbose_name_plural = "số liệu thực hiện"
        constraints = (models.UniqueConstraint(fields=["report", "target"], name="measurement_unique"),)


class ExtensionRequest(models.Model):
    """A unit's request for more time (gia hạn), decided by leadership or the Office."""

    class State(models.TextChoices):
        PENDING = "pending", EXTENSION_STATE_LABELS["pending"]
        APPROVED = "approved", EXTENSION_STATE_LABELS["approved"]
        REJECTED = "rejected", EXTENSION_STATE_LABELS["rejected"]

    obligation = models.ForeignKey(
        Obligation, on_delete=models.CASCADE, related_name="extensions", verbose_name="nghĩa vụ"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="người đề nghị"
    )
    reason = models.TextField("lý do")
    requested_due = models.DateField("hạn đề nghị")
    state = models.CharField("tình trạng", max_length=20, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người quyết định",
    )
    decided_at = models.DateTimeField("quyết định lúc", null=True, blank=True)
    decision_note = models.TextField("ý kiến", blank=True)
    created_at = models.DateTimeField("đề nghị lúc", auto_now_add=True)

    history = HistoricalRecords()
    # Set before a save, read by simple_history when it writes the historical row.
    _history_user: User | None
    _change_reason: str

    class Meta:
        verbose_name = "đề nghị gia hạn"
        verbose_name_plural = "đề nghị gia hạn"
        ordering = ("-created_at",)
        indexes = (models.Index(fields=["state", "created_at"], name="extension_state_created"),)


class ApiToken(models.Model):
    """A token for the JSON API (``Authorization: Bearer <token>``); only its hash is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name="người dùng",
    )
    name = models.CharField("tên (hệ thống dùng token)", max_length=100)
    key_hash = models.CharField("mã băm", max_length=64, unique=True)
    prefix = models.CharField("tiền tố", max_length=8)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    last_used_at = models.DateTimeField("dùng gần nhất", null=True, blank=True)
    revoked = models.BooleanField("đã thu hồi", default=False)

    class Meta:
        verbose_name = "token API"
        verbose_name_plural = "token API"


class BoardVersion(models.Model):
    """The department's follow-through data version: bumped whenever its obligations (or their
    reports, extension requests) change; the cached board figures are keyed on it
    (``tracking.cache``)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="board_version", verbose_name="cơ quan"
    )
    version = models.BigIntegerField("phiên bản dữ liệu", default=0)

    class Meta:
        verbose_name = "phiên bản dữ liệu theo dõi"
        verbose_name_plural = "phiên bản dữ liệu theo dõi"
