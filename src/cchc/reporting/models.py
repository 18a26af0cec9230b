"""The reports the department sends upward (quarter, six months, nine months, year; the
Friday brief; the monthly compilation; the report on one plan) and the rules of their periods.

A report is one row per department, kind and period: its figures are computed from the
records of its window and kept (``figures``, with the moment and a ``data_version`` that each
refresh bumps), its sections' texts are the Office's (drafted from the units' accepted
reports, then edited), and every file generated from it is kept with the data version it was
made from. Edits are checked against ``version`` (two people editing one draft: the second is
told, never overwritten); history rows audit every change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from cchc.core.reporting.periods import KIND_LABELS, PERIODIC, ReportKind, WindowRule, report_title
from cchc.jobs.models import BackgroundJob
from cchc.orgs.models import Organisation
from cchc.plans.models import Plan

DEFAULT_RECIPIENTS = "Sở Nội vụ;\nUBND tỉnh (b/c);\nGiám đốc, các Phó Giám đốc Sở;\nLưu: VT, VP."
KIND_CHOICES = [(k.value, KIND_LABELS[k]) for k in ReportKind]
PERIODIC_CHOICES = [(k.value, KIND_LABELS[k]) for k in PERIODIC]


class PeriodRule(models.Model):
    """When a periodic report's data window runs and when it is due, for every year; a
    province's own rows come before the country-wide ones (province left empty)."""

    province = models.CharField("tỉnh (để trống: cả nước)", max_length=100, blank=True)
    kind = models.CharField("loại báo cáo", max_length=20, choices=PERIODIC_CHOICES)
    period = models.CharField(
        "kỳ", max_length=2, blank=True, help_text="Q1–Q4 cho báo cáo quý; H1, H2 cho 6 tháng"
    )
    label = models.CharField(
        "tên kỳ", max_length=100, help_text="Ví dụ: quý I, 6 tháng đầu năm, 9 tháng, năm"
    )
    start_month = models.PositiveSmallIntegerField("tháng bắt đầu lấy số liệu")
    start_day = models.PositiveSmallIntegerField("ngày bắt đầu lấy số liệu")
    start_prev_year = models.BooleanField("bắt đầu từ năm trước", default=True)
    end_month = models.PositiveSmallIntegerField("tháng chốt số liệu")
    end_day = models.PositiveSmallIntegerField("ngày chốt số liệu")
    due_month = models.PositiveSmallIntegerField("tháng phải gửi")
    due_day = models.PositiveSmallIntegerField("ngày phải gửi")

    class Meta:
        verbose_name = "lịch báo cáo định kỳ"
        verbose_name_plural = "lịch báo cáo định kỳ"
        ordering = ("province", "end_month", "kind", "period")
        constraints = (
            models.UniqueConstraint(fields=["province", "kind", "period"], name="period_rule_unique"),
            models.CheckConstraint(
                condition=models.Q(start_month__gte=1, start_month__lte=12)
                & models.Q(end_month__gte=1, end_month__lte=12)
                & models.Q(due_month__gte=1, due_month__lte=12)
                & models.Q(start_day__gte=1, start_day__lte=31)
                & models.Q(end_day__gte=1, end_day__lte=31)
                & models.Q(due_day__gte=1, due_day__lte=31),
                name="period_rule_dates",
            ),
        )

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.label} ({self.province or 'cả nước'})"

    def as_rule(self) -> WindowRule:
        return WindowRule(
            ReportKind(self.kind),
            self.period,
            self.label,
            self.start_month,
            self.start_day,
            self.start_prev_year,
            self.end_month,
            self.end_day,
            self.due_month,
            self.due_day,
        )


class UpwardReport(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Đang soạn"
        SENT = "sent", "Đã gửi"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="upward_reports", verbose_name="cơ quan"
    )
    kind = models.CharField("loại báo cáo", max_length=20, choices=KIND_CHOICES)
    period_key = models.CharField("kỳ", max_length=20)  # "2026-Q3", "2026-W49", "plan-12"
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="kế hoạch"
    )
    label = models.CharField("kỳ báo cáo", max_length=200)
    window_start = models.DateField("số liệu từ ngày")
    window_end = models.DateField("số liệu đến ngày")
    due_on = models.DateField("hạn gửi", null=True, blank=True)
    state = models.CharField("trạng thái", max_length=10, choices=State.choices, default=State.DRAFT)
    sent_on = models.DateField("ngày gửi", null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người đánh dấu đã gửi",
    )
    # The letterhead's and the end's words, the Office's to change on the draft.
    number = models.CharField("số văn bản", max_length=50, blank=True)
    recipients = models.TextField("nơi nhận (mỗi dòng một nơi)", blank=True, default=DEFAULT_RECIPIENTS)
    signer_authority = models.CharField("thẩm quyền ký", max_length=100, blank=True, default="KT. GIÁM ĐỐC")
    signer_title = models.CharField("chức vụ người ký", max_length=100, blank=True, default="PHÓ GIÁM ĐỐC")
    signer_name = models.CharField("họ và tên người ký", max_length=200, blank=True)
    # The computed figures (a ``core.reporting`` document's sections without the Office's
    # texts), kept so the draft shows what it was written against and a refresh can say what
    # changed; ``data_version`` counts the refreshes and is stamped on every generated file.
    figures = models.JSONField("số liệu", default=dict)
    figures_at = models.DateTimeField("số liệu cập nhật lúc", null=True, blank=True)
    data_version = models.PositiveIntegerField("lần cập nhật số liệu", default=0)
    version = models.PositiveIntegerField("phiên bản", default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người tạo",
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "báo cáo CCHC gửi cấp trên"
        verbose_name_plural = "báo cáo CCHC gửi cấp trên"
        ordering = ("-window_end", "kind")
        constraints = (
            models.UniqueConstraint(
                fields=["organisation", "kind", "period_key"], name="upward_report_unique"
            ),
        )

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return report_title(self.kind, self.label)


class SectionText(models.Model):
    """The text of one section of a report: drafted from the units' accepted reports of the
    window (``drafted``), then the Office's (``text``)."""

    report = models.ForeignKey(
        UpwardReport, on_delete=models.CASCADE, related_name="texts", verbose_name="báo cáo"
    )
    key = models.CharField("phần", max_length=40)
    title = models.CharField("tiêu đề", max_length=300)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    text = models.TextField("nội dung", blank=True)
    drafted = models.TextField("nội dung dự thảo tự động", blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người sửa",
    )
    edited_at = models.DateTimeField("sửa lúc", null=True, blank=True)
    version = models.PositiveIntegerField("phiên bản", default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "nội dung phần báo cáo"
        verbose_name_plural = "nội dung các phần báo cáo"
        ordering = ("report", "order")
        constraints = (models.UniqueConstraint(fields=["report", "key"], name="section_text_unique"),)

    def __str__(self) -> str:
        return self.title


class GeneratedFile(models.Model):
    class Format(models.TextChoices):
        DOCX = "docx", "Word"
        XLSX = "xlsx", "Excel (phụ lục)"
        PDF = "pdf", "PDF"

    report = models.ForeignKey(
        UpwardReport, on_delete=models.CASCADE, related_name="files", verbose_name="báo cáo"
    )
    format = models.CharField("định dạng", max_length=4, choices=Format.choices)
    file = models.FileField("tệp", upload_to="bao-cao/%Y/%m/", max_length=500)
    size = models.PositiveIntegerField("dung lượng", default=0)
    data_version = models.PositiveIntegerField("lần cập nhật số liệu")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người tạo",
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        verbose_name = "tệp báo cáo đã tạo"
        verbose_name_plural = "tệp báo cáo đã tạo"
        ordering = ("-created_at", "format")

    def __str__(self) -> str:
        return f"{self.report} ({self.get_format_display()})"


class ReportTemplate(models.Model):
    """The department's own Word template (docxtpl) in place of the shipped one."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="report_template", verbose_name="cơ quan"
    )
    file = models.FileField("tệp mẫu (.docx)", upload_to="mau-bao-cao/", max_length=500)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người tải lên",
    )
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now=True)

    class Meta:
        verbose_name = "mẫu báo cáo Word của cơ quan"
        verbose_name_plural = "mẫu báo cáo Word của cơ quan"

    def __str__(self) -> str:
        return f"Mẫu báo cáo của {self.organisation}"


class FilesJob(BackgroundJob):
    """The making of a report's files (Word, the Excel appendix, the PDF), run by the worker
    (``jobs.py``): the page asks for it and follows its progress."""

    class Stage(models.TextChoices):
        COMPOSE = "compose", "Soạn nội dung"
        WORD = "word", "Tạo tệp Word"
        PDF = "pdf", "Tạo tệp PDF"
        STORE = "store", "Lưu tệp"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="report_jobs", verbose_name="cơ quan"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người yêu cầu",
    )
    report = models.ForeignKey(
        UpwardReport, on_delete=models.CASCADE, related_name="jobs", verbose_name="báo cáo"
    )
    stage = models.CharField("bước", max_length=10, choices=Stage.choices, blank=True)
    files_made = models.PositiveSmallIntegerField("số tệp đã tạo", default=0)

    class Meta:
        verbose_name = "lượt tạo tệp báo cáo"
        verbose_name_plural = "lượt tạo tệp báo cáo"
        ordering = ("-created_at", "-id")
        indexes = (models.Index(fields=["state", "created_at"], name="report_job_state"),)

    def __str__(self) -> str:
        return f"Tạo tệp: {self.report}"
