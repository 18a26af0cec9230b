"""Plans, their tasks and targets, and the import drafts they come from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from cchc.jobs.models import BackgroundJob
from cchc.orgs.models import Organisation, Unit

if TYPE_CHECKING:
    from cchc.orgs.types import User


class Plan(models.Model):
    class BeforeTracking(models.TextChoices):
        """What becomes of the obligations due before ``tracking_start`` (a plan imported late)."""

        NOT_TRACKED = "not_tracked", "Không theo dõi"
        DONE = "done", "Đã thực hiện trước khi dùng hệ thống"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="plans", verbose_name="cơ quan"
    )
    number = models.CharField("số kế hoạch", max_length=100, blank=True)
    title = models.TextField("trích yếu")
    issuer = models.CharField("cơ quan ban hành", max_length=255, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    period_start = models.DateField("từ ngày")
    period_end = models.DateField("đến ngày")
    reporting_rules = models.JSONField("quy định báo cáo", default=list, blank=True)
    reporting_day = models.PositiveSmallIntegerField("ngày báo cáo hàng tháng", null=True, blank=True)
    source_file = models.FileField("tệp gốc", upload_to="plans/%Y/", max_length=500, blank=True)
    source_name = models.CharField("tên tệp gốc", max_length=255, blank=True)
    source_sha256 = models.CharField("mã băm SHA-256 của tệp", max_length=64)
    source_format = models.CharField("định dạng tệp", max_length=20, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="người nhập"
    )
    created_at = models.DateTimeField("thời điểm nhập", auto_now_add=True)
    # "number|issuer|year" as the document says them (``core.plan_identity.plan_key``): the same
    # plan imported again from other bytes is found by it. Empty: the plan has no number.
    identity_key = models.CharField(
        "khóa nhận diện (số, cơ quan, năm)", max_length=300, blank=True, db_default=""
    )
    # "Theo dõi từ ngày": obligations due earlier were recorded as ``before_tracking`` says at
    # import. Null: followed from the start of its period (plans imported before this existed).
    tracking_start = models.DateField("theo dõi từ ngày", null=True, blank=True)
    before_tracking = models.CharField(
        "nghĩa vụ có hạn trước ngày theo dõi",
        max_length=20,
        choices=BeforeTracking.choices,
        blank=True,
        db_default="",
    )
    # Archived (closed): kept and readable, out of the board, the counts and the reminders.
    archived_at = models.DateTimeField("lưu trữ lúc", null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người lưu trữ",
    )

    # Who archived, reopened or deleted which plan, and when (a deleted plan leaves its record).
    history = HistoricalRecords()
    # Set before a save, read by simple_history when it writes the historical row.
    _history_user: User | None
    _change_reason: str

    class Meta:
        verbose_name = "kế hoạch"
        verbose_name_plural = "kế hoạch"
        ordering = ("-period_start", "-created_at")
        constraints = (
            # The same file imported twice into one department is a mistake, never a new plan.
            models.UniqueConstraint(
                fields=["organisation", "source_sha256"], name="plan_source_unique_per_org"
            ),
            # So is the same plan (number, issuer, year) from other bytes.
            models.UniqueConstraint(
                fields=["organisation", "identity_key"],
                condition=~models.Q(identity_key=""),
                name="plan_identity_unique_per_org",
            ),
        )

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class Task(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks", verbose_name="kế hoạch")
    order = models.PositiveIntegerField("thứ tự")
    section = models.CharField("mục", max_length=20, blank=True)
    section_title = models.TextField("tên mục", blank=True)
    area = models.CharField("lĩnh vực CCHC", max_length=50, blank=True)
    number = models.CharField("số thứ tự", max_length=30, null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="nhiệm vụ cha",
    )
    is_group = models.BooleanField("là nhóm nhiệm vụ", default=False)
    text = models.TextField("nhiệm vụ")
    method = models.TextField("cách thực hiện", blank=True)
    objective = models.TextField("mục tiêu", blank=True)
    activity = models.TextField("hoạt động", blank=True)
    schedule_text = models.TextField("thời gian / tiến độ", blank=True)
    schedule = models.JSONField("thời gian đã đọc", null=True, blank=True)
    product = models.TextField("kết quả / sản phẩm", blank=True)
    note = models.TextField("ghi chú", blank=True)
    budget = models.TextField("kinh phí", blank=True)
    # The table's other columns ("Người đứng đầu chịu trách nhiệm", "Tình trạng" …), as read.
    extra = models.JSONField("thông tin khác", default=dict, blank=True)
    source_rows = models.JSONField("dòng trong tệp gốc", default=list, blank=True)
    warnings = models.JSONField("cảnh báo", default=list, blank=True)
    unresolved_units = models.JSONField("đơn vị chưa xác định", default=list, blank=True)
    # Bumped by every edit: a save that expected an older version is refused.
    version = models.PositiveIntegerField("phiên bản", default=1)

    units = models.ManyToManyField(Unit, through="TaskUnit", related_name="tasks", verbose_name="đơn vị")

    # The audit trail of the task's own edits (schedule, units, texts): who, when, what.
    history = HistoricalRecords(excluded_fields=["version"])
    # Set before a save, read by simple_history when it writes the historical row.
    _history_user: User | None
    _change_reason: str

    class Meta:
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"
        ordering = ("plan", "order")
        constraints = (models.UniqueConstraint(fields=["plan", "order"], name="task_order_unique_per_plan"),)

    def __str__(self) -> str:
        prefix = f"{self.number}. " if self.number else ""
        return prefix + self.text[:80]


class TaskUnit(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "Chủ trì"
        COORDINATING = "coordinating", "Phối hợp"

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="task_units", verbose_name="nhiệm vụ"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="task_units", verbose_name="đơn vị")
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    mention = models.TextField("cách viết trong kế hoạch", blank=True)

    class Meta:
        verbose_name = "đơn vị thực hiện"
        verbose_name_plural = "đơn vị thực hiện"
        ordering = ("task", "role", "unit__order")
        constraints = (
            models.UniqueConstraint(fields=["task", "unit", "role"], name="task_unit_role_unique"),
        )

    def __str__(self) -> str:
        return f"{self.unit} ({self.get_role_display()})"


class Target(models.Model):
    class Kind(models.TextChoices):
        TARGET = "target", "Chỉ tiêu phấn đấu"
        BASELINE = "baseline", "Kết quả đã đạt (năm trước)"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets", verbose_name="kế hoạch")
    # Null: a target carried by a section row (e.g. "Mức độ hài lòng đạt trên 90%").
    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, null=True, blank=True, related_name="targets", verbose_name="nhiệm vụ"
    )
    section = models.CharField("mục", max_length=20, blank=True)
    text = models.TextField("nội dung")
    metric = models.CharField("chỉ tiêu", max_length=100, blank=True)
    label = models.TextField("nhãn", blank=True)
    op = models.CharField("phép so sánh", max_length=4)
    value = models.DecimalField("giá trị", max_digits=16, decimal_places=4)
    unit = models.CharField("đơn vị tính", max_length=30, blank=True)
    scope = models.CharField("phạm vi", max_length=255, blank=True)
    kind = models.CharField("loại", max_length=20, choices=Kind.choices, default=Kind.TARGET)
    # A date the promise is tied to ("Đến 31/12/2026: …"), when the text gives one.
    due = models.DateField("hạn", null=True, blank=True)

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        ordering = ("plan", "task__order", "id")

    def __str__(self) -> str:
        return self.text


class PlanImport(models.Model):
    """An uploaded plan being checked in the preview; ``parsed`` is edited in place."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Bản nháp"
        CONFIRMING = "confirming", "Đang xác nhận"  # a ConfirmJob is creating the plan
        CONFIRMED = "confirmed", "Đã xác nhận"
        DISCARDED = "discarded", "Đã hủy"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="plan_imports", verbose_name="cơ quan"
    )
    # Same folder as Plan.source_file: confirming hands the stored file over without a copy.
    uploaded_file = models.FileField("tệp tải lên", upload_to="plans/%Y/", max_length=500)
    source_name = models.CharField("tên tệp", max_length=255)
    sha256 = models.CharField("mã băm SHA-256", max_length=64)
    parsed = models.JSONField("kết quả đọc", default=dict)
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.DRAFT)
    plan = models.ForeignKey(
        Plan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="imports",
        verbose_name="kế hoạch",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name="người tải lên",
    )
    created_at = models.DateTimeField("thời điểm tải lên", auto_now_add=True)
    updated_at = models.DateTimeField("lần sửa cuối", auto_now=True)
    version = models.PositiveIntegerField("phiên bản", default=1)

    class Meta:
        verbose_name = "bản nháp nhập kế hoạch"
        verbose_name_plural = "bản nháp nhập kế hoạch"
        ordering = ("-created_at",)
        constraints = (
            models.UniqueConstraint(
                fields=["organisation", "sha256"],
                condition=models.Q(status="draft"),
                name="plan_import_open_draft_unique_per_org",
            ),
        )

    def __str__(self) -> str:
        return f"{self.source_name} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.DRAFT


class ConfirmJob(BackgroundJob):
    """A draft being confirmed in the background (``tracking.confirming``): a plan with tens of
    thousands of obligations takes longer than a person should wait on one request. While it
    waits or runs, its draft is ``CONFIRMING`` (not editable); a refusal gives the draft back."""

    class Stage(models.TextChoices):
        CHECK = "check", "Kiểm tra bản nháp"
        TASKS = "tasks", "Lưu nhiệm vụ"
        OBLIGATION = "obligation", "Tạo nghĩa vụ báo cáo"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="plan_confirm_jobs", verbose_name="cơ quan"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người xác nhận",
    )
    draft = models.ForeignKey(
        PlanImport, on_delete=models.CASCADE, related_name="confirm_jobs", verbose_name="bản nháp"
    )
    stage = models.CharField("bước", max_length=10, choices=Stage.choices, blank=True)
    obligations = models.PositiveIntegerField("số nghĩa vụ báo cáo đã tạo", default=0)
    expected_obligations = models.PositiveIntegerField("số nghĩa vụ báo cáo dự kiến", default=0)
    plan = models.ForeignKey(
        Plan, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="kế hoạch"
    )

    class Meta:
        verbose_name = "lượt xác nhận kế hoạch chạy nền"
        verbose_name_plural = "lượt xác nhận kế hoạch chạy nền"
        ordering = ("-created_at", "-id")
        indexes = (models.Index(fields=["state", "created_at"], name="plan_confirm_job_state"),)

    def __str__(self) -> str:
        return self.draft.source_name if self.draft_id else str(self.pk)
