"""The department (Sở), its units and the people who work in the system."""

from __future__ import annotations

from django.conf import settings
from django.db import models


def default_remind_before() -> list[int]:
    return [7, 1]


class Weekday(models.IntegerChoices):
    """Python's weekday numbers (0 = Monday) with their Vietnamese names: a bare "4" reads as
    "thứ 4" (Wednesday) to a Vietnamese reader, while it means Friday."""

    MONDAY = 0, "Thứ Hai"
    TUESDAY = 1, "Thứ Ba"
    WEDNESDAY = 2, "Thứ Tư"
    THURSDAY = 3, "Thứ Năm"
    FRIDAY = 4, "Thứ Sáu"
    SATURDAY = 5, "Thứ Bảy"
    SUNDAY = 6, "Chủ nhật"


class Organisation(models.Model):
    code = models.SlugField("mã", max_length=50, unique=True)
    name = models.CharField("tên", max_length=255, help_text="Ví dụ: Sở Công Thương tỉnh …")
    province = models.CharField("tỉnh", max_length=100, blank=True)
    # The monthly call for unit reports ("định kỳ vào ngày 25 hàng tháng").
    reporting_day = models.PositiveSmallIntegerField("ngày báo cáo hàng tháng", default=25)
    # The day of the leadership meeting the weekly digest is for (Friday by default).
    weekly_digest_weekday = models.PositiveSmallIntegerField(
        "ngày tổng hợp hàng tuần", choices=Weekday.choices, default=Weekday.FRIDAY
    )
    # Follow-through rules (issue "Follow-through"): all of them are the department's data.
    weekly_digest_hour = models.PositiveSmallIntegerField("giờ gửi bản tổng hợp hàng tuần", default=7)
    early_working_days = models.PositiveSmallIntegerField(
        "số ngày làm việc trước hạn để tính “sớm hạn”", default=1
    )
    # A list of numbers of working days; the admin edits it as "7, 1" (orgs.admin.DayListField).
    remind_before_days = models.JSONField(
        "nhắc trước hạn (ngày làm việc)", default=default_remind_before, blank=True
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        "báo Văn phòng và Lãnh đạo khi quá hạn (ngày làm việc)", default=3
    )
    stale_after_days = models.PositiveSmallIntegerField("cảnh báo khi không cập nhật (ngày)", default=14)
    weekly_message_cap = models.PositiveSmallIntegerField(
        "số tin nhắc tối đa mỗi người mỗi tuần", default=10, help_text="Phần vượt được gộp vào bản tổng hợp."
    )

    class Meta:
        verbose_name = "cơ quan (Sở)"
        verbose_name_plural = "cơ quan (Sở)"
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    class Kind(models.TextChoices):
        OFFICE = "office", "Văn phòng"
        DIVISION = "division", "Phòng chuyên môn"
        INSPECTORATE = "inspectorate", "Thanh tra"
        CENTER = "center", "Trung tâm"
        SUBDEPARTMENT = "subdepartment", "Chi cục"
        ONE_STOP = "one_stop", "Bộ phận một cửa"
        EXTERNAL = "external", "Cơ quan bên ngoài"

    class Affiliation(models.TextChoices):
        THUOC = "thuoc", "Thuộc Sở"
        TRUC_THUOC = "truc_thuoc", "Trực thuộc Sở"
        EXTERNAL = "external", "Bên ngoài"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="units", verbose_name="cơ quan"
    )
    code = models.SlugField("mã", max_length=50)
    name = models.CharField("tên", max_length=255)
    kind = models.CharField("loại", max_length=20, choices=Kind.choices, default=Kind.DIVISION)
    affiliation = models.CharField(
        "quan hệ với Sở", max_length=20, choices=Affiliation.choices, default=Affiliation.THUOC
    )
    abbreviations = models.JSONField("tên viết tắt", default=list, blank=True)
    is_active = models.BooleanField("đang hoạt động", default=True)
    order = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ("organisation", "order", "name")
        constraints = (
            models.UniqueConstraint(fields=["organisation", "code"], name="unit_code_unique_per_org"),
        )

    def __str__(self) -> str:
        return self.name


class UnitAlias(models.Model):
    """A way of writing a unit, fixed by a person in an import preview.

    ``key`` is the folded text (no accents, lower case): the directory looks mentions up by
    it. Exactly one of ``unit``, ``group_key`` or ``ignore`` says what the text means.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="unit_aliases", verbose_name="cơ quan"
    )
    text = models.TextField("cách viết")
    key = models.TextField("khóa tra cứu")
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="aliases", verbose_name="đơn vị"
    )
    group_key = models.CharField("nhóm đơn vị", max_length=100, null=True, blank=True)
    ignore = models.BooleanField("không phải đơn vị của Sở", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="người tạo"
    )
    created_at = models.DateTimeField("thời điểm tạo", auto_now_add=True)

    class Meta:
        verbose_name = "cách viết tên đơn vị"
        verbose_name_plural = "cách viết tên đơn vị"
        ordering = ("organisation", "text")
        constraints = (
            models.UniqueConstraint(fields=["organisation", "key"], name="unit_alias_key_unique_per_org"),
        )

    def __str__(self) -> str:
        return self.text

    @property
    def target(self) -> str:
        """What the alias points at, in the form the directory takes: a unit code or a group key."""
        if self.ignore:
            return IGNORE_TARGET
        if self.unit is not None:  # no query when unit_id is None
            return self.unit.code
        return self.group_key or ""


# The alias target meaning "this text is not one of the department's units".
IGNORE_TARGET = "-"


class Membership(models.Model):
    class Role(models.TextChoices):
        LEADER = "leader", "Lãnh đạo Sở"
        COORDINATOR = "coordinator", "Văn phòng Sở (chuyên viên CCHC)"
        UNIT_HEAD = "unit_head", "Trưởng phòng / đơn vị"
        UNIT_STAFF = "unit_staff", "Chuyên viên đơn vị"
        OBSERVER = "observer", "Quan sát (chỉ xem)"
        # A person of the appraising body (Sở Nội vụ): appraises the self-assessments of every
        # department of its organisation's province, and sees nothing else of theirs.
        APPRAISER = "appraiser", "Thẩm định Chỉ số CCHC (Sở Nội vụ)"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name="người dùng",
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name="cơ quan"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="members", verbose_name="đơn vị"
    )
    role = models.CharField("vai trò", max_length=20, choices=Role.choices, default=Role.OBSERVER)

    class Meta:
        verbose_name = "thành viên"
        verbose_name_plural = "thành viên"
        ordering = ("organisation", "user__username")
        constraints = (
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_one_per_user_org"),
        )

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.organisation})"

    @property
    def can_import(self) -> bool:
        return self.role in IMPORT_ROLES


IMPORT_ROLES = frozenset({Membership.Role.LEADER, Membership.Role.COORDINATOR})


class CalendarDay(models.Model):
    """The editable calendar table on top of the seeded public holidays.

    ``working=False``: an extra day off (a swapped day, a province's own holiday);
    ``working=True``: a make-up working day (a Saturday worked in exchange). A blank
    ``province`` applies to the whole country.
    """

    province = models.CharField("tỉnh (để trống: cả nước)", max_length=100, blank=True)
    day = models.DateField("ngày")
    working = models.BooleanField("là ngày làm việc", default=False)
    name = models.CharField("lý do", max_length=255, blank=True)

    class Meta:
        verbose_name = "ngày nghỉ / ngày làm bù"
        verbose_name_plural = "lịch nghỉ, làm bù"
        ordering = ("day",)
        constraints = (models.UniqueConstraint(fields=["province", "day"], name="calendar_day_unique"),)

    def __str__(self) -> str:
        kind = "làm bù" if self.working else "nghỉ"
        return f"{self.day:%d/%m/%Y} {kind} {self.name}".strip()
