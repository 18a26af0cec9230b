"""What a department publishes on its public page (``/cong-khai/<org>/``): nothing until it
says so in the admin."""

from __future__ import annotations

from django.db import models

from cchc.orgs.models import Organisation
from cchc.overview.indicators import DEFAULT_PUBLISHED


def default_indicators() -> list[str]:
    return list(DEFAULT_PUBLISHED)


class Publication(models.Model):
    """The department's choice of indicators for the public page, its embeddable variant and
    its JSON feed. Off by default: a department without this row, or with ``enabled`` off,
    has no public page (404). Only aggregate figures are published, never a person."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="publication", verbose_name="cơ quan"
    )
    enabled = models.BooleanField(
        "công khai",
        default=False,
        help_text="Bật để trang công khai, bản nhúng và dữ liệu JSON của cơ quan "
        "được xem không cần đăng nhập.",
    )
    # Keys of ``overview.indicators.INDICATORS``, in the order chosen (the admin: checkboxes).
    indicators = models.JSONField("chỉ số công khai", default=default_indicators, blank=True)
    note = models.TextField(
        "ghi chú",
        blank=True,
        help_text="Hiện dưới các chỉ số, ví dụ nguồn số liệu hoặc nơi liên hệ.",
    )
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "công khai kết quả"
        verbose_name_plural = "công khai kết quả"

    def __str__(self) -> str:
        return f"Công khai kết quả của {self.organisation}"
