"""The report as PDF, for the preview and printing: the Word file printed by LibreOffice
(headless; :mod:`cchc.core.office` runs it with its own profile and a time limit).

Without LibreOffice there is no PDF (None): the Word file is the document. Times New Roman
is not in Debian: Liberation Serif (``fonts-liberation2``) has the same metrics, so the
pages break where Word breaks them.
"""

from __future__ import annotations

from cchc.core.errors import UserError
from cchc.core.office import LibreOffice, OfficeFailure, office_convert

__all__ = ["ReportPdfError", "render_pdf"]

FAILED_MESSAGE = (
    "Không tạo được bản PDF của báo cáo: LibreOffice không chuyển được tệp Word "
    "(mẫu báo cáo có thể có nội dung LibreOffice không đọc được). Tệp Word vẫn tải về được; "
    "hãy mở bằng Word và chọn Tệp › Lưu thành… PDF."
)


def timeout_message(seconds: float) -> str:
    return (
        f"Không tạo được bản PDF của báo cáo: LibreOffice chuyển đổi quá {seconds:g} giây nên đã dừng. "
        "Tệp Word vẫn tải về được; hãy mở bằng Word và chọn Tệp › Lưu thành… PDF."
    )


class ReportPdfError(UserError):
    """LibreOffice is there but made no PDF (it failed, or ran out of time)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def render_pdf(docx: bytes, office: LibreOffice | None = None) -> bytes | None:
    """The PDF of the Word file ``docx``; None when LibreOffice is not installed. Raises
    :class:`ReportPdfError` when it fails or runs out of time (``CCHC_LIBREOFFICE_TIMEOUT``)."""
    office = office or LibreOffice.from_env()
    if not office.program:
        return None
    try:
        return office_convert(
            docx,
            source_suffix="docx",
            export_filter="pdf:writer_pdf_Export",
            target_suffix="pdf",
            office=office,
        )
    except OfficeFailure as exc:
        if exc.code == "no_converter":
            return None  # configured but not there, or it could not start: as if absent
        if exc.code == "convert_timeout":
            raise ReportPdfError(exc.code, timeout_message(office.timeout)) from None
        raise ReportPdfError(exc.code, FAILED_MESSAGE) from None
