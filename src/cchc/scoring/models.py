"""The PAR INDEX self-assessment: a province's criteria set for a year (data, imported by the
Office from its province's decision), a department's assessment of the year, and each item's
scores along the official process — proposed from the records, self-scored, appraised, answered,
final — with their evidence.

Every score row carries ``version``: an edit states the version it was made on and is refused
when the row has moved on (two people editing one item: the second is told, never silently
overwritten); history rows (simple_history) are the audit trail.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from cchc.jobs.models import BackgroundJob
from cchc.orgs.models import Organisation, Unit
from cchc.plans.models import Task


class BodyKind(models.TextChoices):
    DEPARTMENT = "so", "Sở"
    BOARD = "ban", "Ban"
    SECTOR = "nganh", "Ngành"


class CriteriaSet(models.Model):
    """The criteria of one province, year and kind of body. Never edited in place while an
    assessment uses it: a new year's set is a copy."""

    province = models.CharField("tỉnh", max_length=100)
    year = models.PositiveSmallIntegerField("năm")
    body_kind = models.CharField(
        "loại cơ quan", max_length=10, choices=BodyKind.choices, default=BodyKind.DEPARTMENT
    )
    title = models.CharField("tên bộ tiêu chí", max_length=300)
    decision = models.CharField("quyết định ban hành", max_length=100, blank=True)
    round_to = models.DecimalField("làm tròn đến", null=True, blank=True, max_digits=7, decimal_places=2)
    bonus_cap = models.DecimalField(
        "tối đa điểm thưởng", null=True, blank=True, max_digits=7, decimal_places=2
    )
    penalty_cap = models.DecimalField(
        "tối đa điểm trừ", null=True, blank=True, max_digits=7, decimal_places=2
    )
    # Points not taken from an official decision (the demo's): shown as "điểm minh họa".
    illustrative = models.BooleanField("điểm minh họa", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người nhập",
    )
    created_at = models.DateTimeField("nhập lúc", auto_now_add=True)

    class Meta:
        verbose_name = "bộ tiêu chí Chỉ số CCHC"
        verbose_name_plural = "bộ tiêu chí Chỉ số CCHC"
        ordering = ("-year", "province", "body_kind")
        constraints = (
            models.UniqueConstraint(fields=["province", "year", "body_kind"], name="criteria_set_unique"),
        )

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class Item(models.Model):
    class Level(models.TextChoices):
        AREA = "area", "Lĩnh vực"
        CRITERION = "criterion", "Tiêu chí"
        SUB = "sub", "Tiêu chí thành phần"
        BONUS = "bonus", "Điểm thưởng"
        PENALTY = "penalty", "Điểm trừ"

    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.CASCADE, related_name="items", verbose_name="bộ tiêu chí"
    )
    code = models.CharField("mã", max_length=30)
    level = models.CharField("cấp", max_length=10, choices=Level.choices)
    parent_code = models.CharField("mã cấp trên", max_length=30, blank=True)
    order = models.PositiveIntegerField("thứ tự", default=0)
    title = models.TextField("nội dung")
    maximum = models.DecimalField("điểm tối đa", max_digits=7, decimal_places=2)
    rule = models.JSONField("cách chấm", default=dict)
    # "kind.metric" or "kind.metric:param" (core.scoring.SourceRef's text form); blank: none.
    source = models.CharField("nguồn số liệu", max_length=120, blank=True)
    guide = models.TextField("hướng dẫn chấm", blank=True)
    evidence_required = models.TextField("tài liệu kiểm chứng cần có", blank=True)

    class Meta:
        verbose_name = "tiêu chí"
        verbose_name_plural = "tiêu chí"
        ordering = ("criteria_set", "order")
        constraints = (
            models.UniqueConstraint(fields=["criteria_set", "code"], name="criteria_item_code_unique"),
        )

    def __str__(self) -> str:
        return f"{self.code} {self.title[:60]}"


class Assessment(models.Model):
    """A department's self-assessment of one year, from its opening to the final scores."""

    class State(models.TextChoices):
        OPEN = "open", "Đang tự chấm"
        SUBMITTED = "submitted", "Đã nộp, chờ thẩm định"
        EXPLAINING = "explaining", "Đang giải trình"
        ANSWERED = "answered", "Đã giải trình, chờ điểm cuối cùng"
        FINAL = "final", "Đã có điểm thẩm định cuối cùng"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="assessments", verbose_name="cơ quan"
    )
    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.PROTECT, related_name="assessments", verbose_name="bộ tiêu chí"
    )
    year = models.PositiveSmallIntegerField("năm đánh giá")
    state = models.CharField("tình trạng", max_length=12, choices=State.choices, default=State.OPEN)
    self_due = models.DateField("hạn nộp tự chấm")
    appraisal_due = models.DateField("hạn thẩm định", null=True, blank=True)
    explanation_due = models.DateField("hạn giải trình", null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người mở",
    )
    opened_at = models.DateTimeField("mở lúc", auto_now_add=True)
    proposed_at = models.DateTimeField("tính điểm đề xuất lúc", null=True, blank=True)
    submitted_at = models.DateTimeField("nộp lúc", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người nộp",
    )
    # Submitted after ``self_due`` (a local date): recorded, and a penalty where the set says so.
    submitted_late = models.BooleanField("nộp trễ hạn", default=False)
    explanation_requested_at = models.DateTimeField("yêu cầu giải trình lúc", null=True, blank=True)
    answered_at = models.DateTimeField("giải trình lúc", null=True, blank=True)
    finalised_at = models.DateTimeField("có điểm cuối cùng lúc", null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người thẩm định",
    )
    version = models.PositiveIntegerField("phiên bản", default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "tự đánh giá Chỉ số CCHC"
        verbose_name_plural = "tự đánh giá Chỉ số CCHC"
        ordering = ("-year", "organisation")
        constraints = (models.UniqueConstraint(fields=["organisation", "year"], name="assessment_unique"),)

    def __str__(self) -> str:
        return f"Tự đánh giá Chỉ số CCHC năm {self.year} – {self.organisation}"


class ItemScore(models.Model):
    """One item of one assessment: the proposal computed from its source, the department's
    score, the appraiser's, the explanation asked and given, and the final score."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="scores", verbose_name="đánh giá"
    )
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="scores", verbose_name="tiêu chí")
    # The unit whose head confirms this item's score (the Office scores every item).
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="đơn vị phụ trách",
    )
    source_value = models.DecimalField(
        "giá trị đo được", max_digits=12, decimal_places=4, null=True, blank=True
    )
    source_period = models.CharField("kỳ số liệu", max_length=100, blank=True)
    # What the value was computed from: [{"title", "url"}], and the numbers behind it.
    source_detail = models.JSONField("căn cứ số liệu", default=dict, blank=True)
    proposed = models.DecimalField("điểm đề xuất", null=True, blank=True, max_digits=7, decimal_places=2)
    self_score = models.DecimalField("điểm tự chấm", null=True, blank=True, max_digits=7, decimal_places=2)
    self_note = models.TextField("ghi chú của đơn vị", blank=True)
    self_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người chấm",
    )
    self_at = models.DateTimeField("chấm lúc", null=True, blank=True)
    # Why a point is claimed without evidence (the official process requires it).
    explanation = models.TextField("giải trình (khi thiếu tài liệu kiểm chứng)", blank=True)
    appraised = models.DecimalField("điểm thẩm định", null=True, blank=True, max_digits=7, decimal_places=2)
    appraisal_note = models.TextField("ý kiến thẩm định", blank=True)
    explanation_requested = models.BooleanField("yêu cầu giải trình", default=False)
    answer = models.TextField("nội dung giải trình của Sở", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người giải trình",
    )
    answered_at = models.DateTimeField("giải trình lúc", null=True, blank=True)
    final = models.DecimalField("điểm cuối cùng", null=True, blank=True, max_digits=7, decimal_places=2)
    final_note = models.TextField("ý kiến cuối cùng", blank=True)
    version = models.PositiveIntegerField("phiên bản", default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "điểm tiêu chí"
        verbose_name_plural = "điểm tiêu chí"
        ordering = ("assessment", "item__order")
        constraints = (models.UniqueConstraint(fields=["assessment", "item"], name="item_score_unique"),)

    def __str__(self) -> str:
        return f"{self.item.code} – {self.assessment}"


class EvidenceFile(models.Model):
    """A document or link added for the assessment (the evidence already in cchc, the accepted
    reports' documents, is linked through the tasks mapped to the item, not copied here)."""

    class Stage(models.TextChoices):
        SELF = "self", "Tự chấm"
        ANSWER = "answer", "Giải trình"

    score = models.ForeignKey(
        ItemScore, on_delete=models.CASCADE, related_name="files", verbose_name="điểm tiêu chí"
    )
    title = models.CharField("tên tài liệu", max_length=300)
    file = models.FileField("tệp", upload_to="cham-diem/%Y/", max_length=500, blank=True)
    url = models.URLField("đường dẫn", max_length=1000, blank=True)
    stage = models.CharField("giai đoạn", max_length=10, choices=Stage.choices, default=Stage.SELF)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người thêm",
    )
    added_at = models.DateTimeField("thêm lúc", auto_now_add=True)

    class Meta:
        verbose_name = "tài liệu kiểm chứng (chấm điểm)"
        verbose_name_plural = "tài liệu kiểm chứng (chấm điểm)"
        ordering = ("score", "added_at")

    def __str__(self) -> str:
        return self.title


class TaskLink(models.Model):
    """A plan task whose work (and accepted reports) stands behind an item: suggested from the
    task's section and words, confirmed by the Office."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="task_links", verbose_name="đánh giá"
    )
    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="task_links", verbose_name="tiêu chí"
    )
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="+", verbose_name="nhiệm vụ")
    similarity = models.PositiveSmallIntegerField("độ khớp (%)", default=0)
    confirmed = models.BooleanField("đã xác nhận", default=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người xác nhận",
    )

    class Meta:
        verbose_name = "nhiệm vụ gắn với tiêu chí"
        verbose_name_plural = "nhiệm vụ gắn với tiêu chí"
        ordering = ("assessment", "item__order", "-similarity")
        constraints = (
            models.UniqueConstraint(fields=["assessment", "item", "task"], name="task_link_unique"),
        )

    def __str__(self) -> str:
        return f"{self.item.code} ← {self.task}"


class PackJob(BackgroundJob):
    """The making of an assessment's evidence archive (.zip by item), run by the worker
    (``pack_job.py``): the page asks for it, follows its progress and offers the download."""

    class Stage(models.TextChoices):
        COLLECT = "collect", "Thu thập tài liệu"
        PACK = "pack", "Đóng gói"
        STORE = "store", "Lưu tệp"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name="cơ quan"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người yêu cầu",
    )
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="pack_jobs", verbose_name="đánh giá"
    )
    stage = models.CharField("bước", max_length=10, choices=Stage.choices, blank=True)
    documents = models.PositiveIntegerField("số tài liệu đã đóng gói", default=0)
    archive = models.FileField("gói tài liệu", upload_to="cham-diem/goi/%Y/", max_length=300, blank=True)
    size = models.PositiveBigIntegerField("dung lượng (byte)", default=0)

    class Meta:
        verbose_name = "lượt đóng gói tài liệu kiểm chứng"
        verbose_name_plural = "lượt đóng gói tài liệu kiểm chứng"
        ordering = ("-created_at", "-id")
        indexes = (models.Index(fields=["state", "created_at"], name="scoring_pack_job_state"),)

    def __str__(self) -> str:
        return f"Đóng gói tài liệu: {self.assessment}"


__all__ = [
    "Assessment",
    "BodyKind",
    "CriteriaSet",
    "EvidenceFile",
    "Item",
    "ItemScore",
    "PackJob",
    "TaskLink",
]
