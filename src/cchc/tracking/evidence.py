"""Evidence documents offered with a report (số, ký hiệu; date; summary; file or link) and
their checks before anything is written: the file's type, size and content, the document's
date inside the plan's period (give or take the configured slack), the link, and no document
given twice; and, when a report is sent, that it has a document at all. Each refusal is an
``InvalidInput`` naming the field."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.utils import timezone

from cchc.core.files import display_name, field_storage_name
from cchc.core.products import document_kind
from cchc.plans.labels import file_size
from cchc.plans.models import Plan
from cchc.tracking.errors import InvalidInput
from cchc.tracking.models import Evidence
from cchc.tracking.report_checks import fmt_date
from cchc.ui.columns import max_length, upload_to

# Documents offered in one sending, on the web form and through the API alike: each is
# checked (and its file scanned) before anything is written, so the work must stay bounded.
MAX_EVIDENCE_ITEMS = 20

# Evidence files: the plan's document formats, images of signed pages, and zip bundles.
ALLOWED_EXTENSIONS = ("pdf", "docx", "doc", "xlsx", "xls", "odt", "ods", "jpg", "jpeg", "png", "zip")
ALLOWED_LABEL = (
    "PDF, Word (doc, docx), Excel (xls, xlsx), OpenDocument (odt, ods), ảnh (jpg, png) hoặc tệp nén zip"
)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the legacy Office container (.doc, .xls)
_ZIP_MEMBER = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
_ODF_MIMETYPE = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}


def evidence_max_bytes() -> int:
    default = getattr(settings, "CCHC_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
    return int(getattr(settings, "CCHC_EVIDENCE_MAX_BYTES", default))


def evidence_date_slack() -> timedelta:
    """How far outside the plan's period an evidence date may lie: a plan for 2026 is often
    prepared by documents of late 2025, and the year's report is issued in January."""
    return timedelta(days=int(getattr(settings, "CCHC_EVIDENCE_DATE_SLACK_DAYS", 92)))


@dataclass(frozen=True, slots=True)
class EvidenceInput:
    """One issued document offered as evidence: number (số, ký hiệu), date, summary, and a
    file or a link to the document system (either, both or neither)."""

    doc_number: str
    doc_date: date
    summary: str
    file: UploadedFile | None = None
    url: str = ""
    # The name the file was given (for display); ``file.name`` becomes the short copy stored.
    file_name: str = ""


def check_file(file: UploadedFile) -> None:
    """Refuse a file that is empty, too large, of a forbidden type, or whose content is not
    what its name says (a renamed executable is not a PDF)."""
    name = Path(file.name or "").name
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED_EXTENSIONS:
        raise InvalidInput(f"Không nhận tệp “{name}”: chỉ nhận {ALLOWED_LABEL}.", field="file")
    size = file.size or 0
    limit = evidence_max_bytes()
    if size == 0:
        raise InvalidInput(f"Tệp “{name}” rỗng: hãy chọn đúng tệp văn bản.", field="file")
    if size > limit:
        raise InvalidInput(
            f"Tệp “{name}” quá lớn ({file_size(size)}); giới hạn là {file_size(limit)}. "
            "Hãy nén hoặc tách tệp, hoặc gửi đường dẫn tới văn bản trên hệ thống quản lý văn bản.",
            field="file",
        )
    try:
        ok = _content_matches(ext, file)
    finally:
        file.seek(0)
    if not ok:
        raise InvalidInput(
            f"Nội dung tệp “{name}” không phải là tệp .{ext} (tên tệp không khớp nội dung). "
            f"Hãy lưu lại văn bản đúng định dạng ({ALLOWED_LABEL}) rồi tải lên.",
            field="file",
        )


_MIMETYPE_MAX_BYTES = 200


def _content_matches(ext: str, file: UploadedFile) -> bool:
    file.seek(0)
    head = file.read(8)
    if ext == "pdf":
        return head.startswith(b"%PDF-")
    if ext in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if ext == "png":
        return head == b"\x89PNG\r\n\x1a\n"
    if ext in ("doc", "xls"):
        return head == _OLE2
    if not head.startswith(b"PK"):
        return False
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            if ext in _ZIP_MEMBER:
                return _ZIP_MEMBER[ext] in archive.namelist()
            if ext in _ODF_MIMETYPE:
                # A few bytes in a real file: a larger one is not read (it may inflate to GBs).
                if archive.getinfo("mimetype").file_size > _MIMETYPE_MAX_BYTES:
                    return False
                return archive.read("mimetype").strip() == _ODF_MIMETYPE[ext]
            return True
    except (zipfile.BadZipFile, KeyError, OSError, EOFError):
        return False


_url_validator = URLValidator(schemes=["http", "https"])


def check_evidence(item: EvidenceInput, plan: Plan, today: date) -> EvidenceInput:
    """The item with its texts trimmed, or InvalidInput saying which value is wrong."""
    number = str(item.doc_number or "").strip()
    if not number:
        raise InvalidInput("Hãy ghi số, ký hiệu của văn bản kiểm chứng.", field="doc_number")
    if len(number) > 100:
        raise InvalidInput("Số, ký hiệu văn bản quá dài (tối đa 100 ký tự).", field="doc_number")
    doc_date = item.doc_date
    if isinstance(doc_date, datetime):
        doc_date = doc_date.date()
    if not isinstance(doc_date, date):
        raise InvalidInput(f"Hãy ghi ngày ban hành của văn bản {number}.", field="doc_date")
    if doc_date > today:
        raise InvalidInput(
            f"Ngày ban hành của văn bản {number} ({fmt_date(doc_date)}) ở tương lai: hãy kiểm tra lại ngày.",
            field="doc_date",
        )
    slack = evidence_date_slack()
    if not plan.period_start - slack <= doc_date <= plan.period_end + slack:
        raise InvalidInput(
            f"Ngày ban hành của văn bản {number} ({fmt_date(doc_date)}) nằm ngoài thời gian của kế hoạch "
            f"(từ {fmt_date(plan.period_start)} đến {fmt_date(plan.period_end)}): hãy kiểm tra lại ngày "
            "hoặc chọn đúng văn bản của kỳ này.",
            field="doc_date",
        )
    summary = str(item.summary or "").strip()
    if not summary:
        raise InvalidInput(f"Hãy ghi trích yếu (nội dung chính) của văn bản {number}.", field="summary")
    url = str(item.url or "").strip()
    if url:
        try:
            if len(url) > 1000:
                raise ValidationError("too long")
            _url_validator(url)
        except ValidationError:
            raise InvalidInput(
                f"Đường dẫn tới văn bản {number} không hợp lệ: hãy dán địa chỉ đầy đủ bắt đầu bằng "
                "http:// hoặc https://.",
                field="url",
            ) from None
    file_name = item.file_name
    if item.file is not None:
        check_file(item.file)
        original = name_for_storage(item.file)  # idempotent: checked twice, named once
        file_name = file_name or original
    return EvidenceInput(number, doc_date, summary, item.file, url, file_name)


def name_for_storage(file: UploadedFile) -> str:
    """Give ``file`` a short, safe name to be stored under (any name a person gives fits the
    disk: ``core.files``) and return the original, cut to its column, for display."""
    original = display_name(file.name or "", max_length(Evidence, "file_name"))
    file.name = field_storage_name(
        original, upload_to(Evidence, "file"), max_length(Evidence, "file"), timezone.now()
    )
    return original


def number_key(number: str) -> str:
    return " ".join(number.split()).casefold()


def _evidence_key(number: str, doc_date: date) -> tuple[str, date]:
    return (number_key(number), doc_date)


def check_no_duplicates(
    items: Iterable[EvidenceInput], existing: Iterable[Evidence | EvidenceInput] = ()
) -> None:
    seen = {_evidence_key(e.doc_number, e.doc_date) for e in existing}
    for item in items:
        key = _evidence_key(item.doc_number, item.doc_date)
        if key in seen:
            raise InvalidInput(
                f"Văn bản {item.doc_number} ngày {fmt_date(item.doc_date)} đã có trong báo cáo.",
                field="doc_number",
            )
        seen.add(key)


# --- a report sent without any document ------------------------------------------------------

PRODUCT_QUOTE = 90


class DocumentRequired(InvalidInput):
    """The task's product is a document: its report cannot be sent without it."""


class NoEvidenceUnconfirmed(InvalidInput):
    """A report with no document at all, sent without the person confirming it."""


def check_has_evidence(has_evidence: bool, product: str, *, confirmed: bool) -> None:
    """A report sent to the Office without any evidence document: refused when the task's
    product is a document (``core.products``), else only once the person has confirmed it
    (the Office accepts no report without evidence: it will come back for the document)."""
    if has_evidence:
        return
    kind = document_kind(product)
    if kind is not None:
        text = " ".join(product.split())
        if len(text) > PRODUCT_QUOTE:
            text = text[: PRODUCT_QUOTE - 1] + "…"
        raise DocumentRequired(
            f"Sản phẩm của nhiệm vụ này là văn bản (“{text}”): hãy đính kèm {kind.lower()} đã ban hành "
            "làm tài liệu kiểm chứng (số, ký hiệu; ngày ban hành; trích yếu; tệp hoặc đường dẫn) rồi gửi.",
            field="evidence",
        )
    if not confirmed:
        raise NoEvidenceUnconfirmed(
            "Báo cáo chưa có tài liệu kiểm chứng nào. Văn phòng Sở chỉ chấp nhận báo cáo có tài liệu "
            "kiểm chứng: báo cáo gửi không có tài liệu sẽ bị trả lại để bổ sung. Hãy thêm văn bản, "
            "hoặc đánh dấu xác nhận rồi bấm “Gửi báo cáo” lần nữa.",
            field="confirm_no_evidence",
        )
