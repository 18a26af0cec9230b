"""One-stop-shop dossiers (hồ sơ TTHC) of a department, their uploads and analyses.

A dossier is kept once per department and ``dossier_id``: an upload that repeats a dossier
replaces its row (exports overlap month after month), so nothing is counted twice. The
columns after the canonical ones are derived by the latest analysis (``services.reanalyze``)
and are what the drill-down lists filter on, so a figure and the list behind it agree.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cchc.core.dossiers.words import CHANNEL_WORDS, OUTCOME_WORDS
from cchc.jobs.models import BackgroundJob
from cchc.orgs.models import Organisation, Unit
from cchc.plans.labels import count


class Channel(models.TextChoices):
    ONLINE_FULL = "online_full", CHANNEL_WORDS["online_full"]
    ONLINE_PARTIAL = "online_partial", CHANNEL_WORDS["online_partial"]
    DIRECT = "direct", CHANNEL_WORDS["direct"]
    POSTAL = "postal", CHANNEL_WORDS["postal"]


class Outcome(models.TextChoices):
    EARLY = "early", OUTCOME_WORDS["early"]
    ON_TIME = "on_time", OUTCOME_WORDS["on_time"]
    LATE = "late", OUTCOME_WORDS["late"]
    OVERDUE = "overdue", OUTCOME_WORDS["overdue"]
    OPEN = "open", OUTCOME_WORDS["open"]


FINISHED_OUTCOMES = (Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE)


class DossierUpload(models.Model):
    class Kind(models.TextChoices):
        DOSSIERS = "dossiers", "Hồ sơ"
        PAUSES = "pauses", "Thời gian dừng tính"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="dossier_uploads", verbose_name="cơ quan"
    )
    kind = models.CharField("loại tệp", max_length=20, choices=Kind.choices, default=Kind.DOSSIERS)
    file = models.FileField("tệp", upload_to="dossiers/%Y/%m/", max_length=500)
    source_name = models.CharField("tên tệp", max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name="người tải lên",
    )
    uploaded_at = models.DateTimeField("thời điểm tải lên", auto_now_add=True)
    rows_read = models.PositiveIntegerField("số dòng đọc được", default=0)
    rows_rejected = models.PositiveIntegerField("số dòng bị loại", default=0)
    rows_new = models.PositiveIntegerField("số hồ sơ mới", default=0)
    rows_replaced = models.PositiveIntegerField("số hồ sơ được thay thế", default=0)
    # [{"row": n, "dossier_id": "…", "reason": "…"}], as the reader lists them.
    rejected = models.JSONField("các dòng bị loại", default=list, blank=True)

    class Meta:
        verbose_name = "tệp hồ sơ tải lên"
        verbose_name_plural = "tệp hồ sơ tải lên"
        ordering = ("-uploaded_at", "-id")

    def __str__(self) -> str:
        return self.source_name

    def accounting(self) -> list[tuple[str, int, str]]:
        """Where the rows read went: (key, count, words); the counts add up to ``rows_read``."""
        if self.kind == self.Kind.PAUSES:
            new, replaced = "lần dừng tính mới", "lần dừng tính thay cho dữ liệu đã có của cùng hồ sơ"
        else:
            new, replaced = "hồ sơ mới", "hồ sơ đã có, thay bằng bản mới"
        return [
            ("new", self.rows_new, new),
            ("replaced", self.rows_replaced, replaced),
            ("rejected", self.rows_rejected, "dòng bị loại"),
        ]

    def summary(self) -> str:
        """ "đọc 5 dòng = 3 hồ sơ mới + 1 hồ sơ đã có, thay bằng bản mới + 1 dòng bị loại"."""
        parts = " + ".join(f"{count(n)} {words}" for _key, n, words in self.accounting())
        return f"đọc {count(self.rows_read)} dòng = {parts}"


class Dossier(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="dossiers", verbose_name="cơ quan"
    )
    upload = models.ForeignKey(
        DossierUpload, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="tệp"
    )
    dossier_id = models.CharField("mã hồ sơ", max_length=100)
    procedure_code = models.CharField("mã thủ tục", max_length=100, blank=True)
    procedure_name = models.TextField("tên thủ tục", blank=True)
    unit = models.CharField("đơn vị", max_length=255, blank=True)
    # The directory's unit the export's unit text names (null: not one of the department's units).
    unit_ref = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="đơn vị (danh mục)",
    )
    officer = models.CharField("cán bộ xử lý", max_length=255, blank=True)
    channel = models.CharField("hình thức nộp", max_length=20, choices=Channel.choices)
    submitted_at = models.DateTimeField("nộp lúc")
    accepted_at = models.DateTimeField("tiếp nhận lúc", null=True, blank=True)
    due_at = models.DateTimeField("hẹn trả lúc", null=True, blank=True)
    finished_at = models.DateTimeField("giải quyết xong lúc", null=True, blank=True)
    returned_at = models.DateTimeField("trả kết quả lúc", null=True, blank=True)
    supplement_requests = models.PositiveSmallIntegerField("số lần yêu cầu bổ sung", default=0)
    refused = models.BooleanField("từ chối", default=False)
    refusal_slip = models.BooleanField("có phiếu từ chối", default=False)
    apology_at = models.DateTimeField("phiếu xin lỗi lúc", null=True, blank=True)
    reschedules = models.PositiveSmallIntegerField("số lần hẹn lại", default=0)
    fee_required = models.BooleanField("phải nộp phí", default=False)
    paid_online = models.BooleanField("thanh toán trực tuyến", default=False)
    postal = models.BooleanField("qua bưu chính công ích", default=False)
    digitized = models.BooleanField("đã số hóa hồ sơ", default=False)
    result_digitized = models.BooleanField("đã số hóa kết quả", default=False)

    # Derived by the latest analysis.
    effective_due_at = models.DateTimeField("hạn sau khi trừ thời gian dừng", null=True, blank=True)
    outcome = models.CharField("kết quả", max_length=10, choices=Outcome.choices, blank=True)
    submitted_month = models.CharField("tháng nhận", max_length=7, blank=True)  # "2025-03"
    finished_month = models.CharField("tháng giải quyết xong", max_length=7, blank=True)

    class Meta:
        verbose_name = "hồ sơ TTHC"
        verbose_name_plural = "hồ sơ TTHC"
        ordering = ("-submitted_at", "dossier_id")
        constraints = (
            models.UniqueConstraint(fields=["organisation", "dossier_id"], name="dossier_id_unique_per_org"),
        )
        indexes = (
            models.Index(fields=["organisation", "submitted_month", "outcome"], name="dossier_org_received"),
            models.Index(fields=["organisation", "finished_month", "outcome"], name="dossier_org_finished"),
            models.Index(fields=["organisation", "unit"], name="dossier_org_unit"),
            models.Index(fields=["organisation", "officer", "finished_month"], name="dossier_org_officer"),
            models.Index(fields=["organisation", "unit_ref"], name="dossier_org_unit_ref"),
        )

    def __str__(self) -> str:
        return self.dossier_id


class DossierBreach(models.Model):
    """One broken rule of one dossier (a dossier may break several)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="breaches")
    rule = models.CharField("quy định bị vi phạm", max_length=40)

    class Meta:
        verbose_name = "vi phạm quy định"
        verbose_name_plural = "vi phạm quy định"
        constraints = (models.UniqueConstraint(fields=["dossier", "rule"], name="dossier_breach_unique"),)
        indexes = (models.Index(fields=["organisation", "rule"], name="dossier_breach_org_rule"),)

    def __str__(self) -> str:
        return self.rule


class DossierPause(models.Model):
    """A stop of the processing clock. Keyed by the dossier's id text, not a foreign key: the
    pauses export may come before or after the dossiers' own export."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="dossier_pauses", verbose_name="cơ quan"
    )
    upload = models.ForeignKey(
        DossierUpload, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="tệp"
    )
    dossier_id = models.CharField("mã hồ sơ", max_length=100)
    kind = models.CharField("loại", max_length=50, blank=True)
    paused_from = models.DateTimeField("dừng từ")
    paused_to = models.DateTimeField("đến", null=True, blank=True)
    reason = models.TextField("lý do", blank=True)
    has_attachment = models.BooleanField("có văn bản kèm theo", default=False)

    class Meta:
        verbose_name = "thời gian dừng tính"
        verbose_name_plural = "thời gian dừng tính"
        ordering = ("dossier_id", "paused_from")
        indexes = (models.Index(fields=["organisation", "dossier_id"], name="dossier_pause_org_id"),)

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.paused_from:%d/%m/%Y}"


class DossierAnalysis(models.Model):
    """The result of one run of the engine over all the department's stored dossiers."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="dossier_analyses", verbose_name="cơ quan"
    )
    upload = models.ForeignKey(
        DossierUpload, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="tệp"
    )
    as_of = models.DateTimeField("tính đến")
    created_at = models.DateTimeField("thời điểm phân tích", auto_now_add=True)
    dossier_count = models.PositiveIntegerField("số hồ sơ", default=0)
    # AnalysisResult.to_dict() grouped by unit and month (the engine's own figures, kept as a record).
    result = models.JSONField("kết quả", default=dict, blank=True)
    workbook = models.FileField("bảng tính", upload_to="dossiers/analyses/%Y/", max_length=500, blank=True)

    class Meta:
        verbose_name = "lần phân tích hồ sơ"
        verbose_name_plural = "lần phân tích hồ sơ"
        ordering = ("-created_at", "-id")
        get_latest_by = ("created_at", "id")

    def __str__(self) -> str:
        return f"{self.organisation} {self.as_of:%d/%m/%Y %H:%M}"


class TargetMeasure(models.Model):
    """A plan target about dossiers with the value the latest analysis measured for it.

    Written after every analysis (``targets.refresh_measures``) so pages read it, never
    recompute it. ``measured`` is in the target's own unit (a percentage for "%").
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    target = models.OneToOneField(
        "plans.Target", on_delete=models.CASCADE, related_name="dossier_measure", verbose_name="chỉ tiêu"
    )
    analysis = models.ForeignKey(DossierAnalysis, on_delete=models.CASCADE, related_name="measures")
    indicator = models.CharField("chỉ số", max_length=40)
    measured = models.DecimalField("giá trị đo được", max_digits=16, decimal_places=4, null=True, blank=True)
    attainment = models.CharField("đánh giá", max_length=20)
    period_start = models.DateField("từ ngày")
    period_end = models.DateField("đến ngày")
    numerator = models.PositiveIntegerField("tử số", null=True, blank=True)
    denominator = models.PositiveIntegerField("mẫu số", null=True, blank=True)

    class Meta:
        verbose_name = "chỉ tiêu hồ sơ đo được"
        verbose_name_plural = "chỉ tiêu hồ sơ đo được"

    def __str__(self) -> str:
        return f"{self.target} = {self.measured}"


class UploadJob(BackgroundJob):
    """An upload of exports (or a re-analysis) waiting for, or done by, the background worker
    (``jobs.py``).

    The web request only stores the files under ``dossiers/incoming/`` and this row; a worker
    claims it (``UPDATE … WHERE state = 'queued'``: of two workers exactly one runs it), reads,
    checks, stores and analyses, and records here where it is. The incoming files are removed
    when the job ends, whatever its outcome; the stored copies are the uploads' own.
    """

    class Kind(models.TextChoices):
        UPLOAD = "upload", "Tải lên"
        REANALYSE = "reanalyse", "Phân tích lại"

    class Stage(models.TextChoices):
        READ = "read", "Đọc tệp"
        CHECK = "check", "Kiểm tra"
        STORE = "store", "Lưu hồ sơ"
        ANALYSE = "analyse", "Phân tích"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="dossier_jobs", verbose_name="cơ quan"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người tải lên",
    )
    kind = models.CharField("loại việc", max_length=10, choices=Kind.choices, default=Kind.UPLOAD)
    stage = models.CharField("bước", max_length=10, choices=Stage.choices, blank=True)
    rows_read = models.PositiveIntegerField("số dòng đã đọc", default=0)
    dossiers_name = models.CharField("tệp hồ sơ", max_length=255, blank=True)
    dossiers_file = models.FileField(
        "tệp hồ sơ chờ xử lý", upload_to="dossiers/incoming/", max_length=500, blank=True
    )
    pauses_name = models.CharField("tệp dừng tính", max_length=255, blank=True)
    pauses_file = models.FileField(
        "tệp dừng tính chờ xử lý", upload_to="dossiers/incoming/", max_length=500, blank=True
    )
    upload = models.ForeignKey(
        DossierUpload,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="tệp đã lưu",
    )

    class Meta:
        verbose_name = "lượt tải lên chạy nền"
        verbose_name_plural = "lượt tải lên chạy nền"
        ordering = ("-created_at", "-id")
        indexes = (
            # The worker's question: the queued jobs, oldest first (few rows at any time).
            models.Index(fields=["state", "created_at"], name="dossier_job_state"),
            models.Index(fields=["organisation", "created_at"], name="dossier_job_org"),
        )

    def __str__(self) -> str:
        return self.dossiers_name or self.pauses_name

    def names(self) -> str:
        if self.kind == self.Kind.REANALYSE:
            return "phân tích lại toàn bộ hồ sơ"
        return ", ".join(n for n in (self.dossiers_name, self.pauses_name) if n)
