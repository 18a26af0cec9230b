"""Readers: bytes of a plan document -> :class:`~cchc.core.planread.document.Document`.

The format is detected from the content, never from the file name. Old Word and Excel
files (.doc, .xls, and .rtf) are converted to .docx/.xlsx by LibreOffice
(:mod:`~cchc.core.planread.readers.legacy`) and read by the .docx/.xlsx readers, with the
same limits.
"""

from __future__ import annotations

from cchc.core.planread.document import Document, PlanReadError
from cchc.core.planread.readers.legacy import LibreOffice, legacy_kind
from cchc.core.planread.readers.limits import DEFAULT_LIMITS, ReadLimits, check_text
from cchc.core.planread.readers.text import decode_text, read_text

MAX_BYTES = 20 * 1024 * 1024
EMPTY_MESSAGE = "Tệp rỗng: không có nội dung để đọc."


def detect_format(data: bytes) -> str:
    """Return "docx", "xlsx", "pdf", "doc", "xls", "rtf" or "text" from the first bytes and
    the zip or OLE2 directory; :class:`PlanReadError` for a zip or OLE2 file that is none of
    them (or damaged, or locked with a password)."""
    if data[:5] == b"%PDF-":
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        import io
        import zipfile

        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile as exc:
            raise PlanReadError("corrupt", "Tệp bị hỏng: không mở được tệp nén Word/Excel.") from exc
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise PlanReadError("unsupported", "Tệp nén không phải tài liệu Word (.docx) hay Excel (.xlsx).")
    return legacy_kind(data) or "text"


def read_document(
    data: bytes,
    *,
    max_bytes: int = MAX_BYTES,
    limits: ReadLimits = DEFAULT_LIMITS,
    office: LibreOffice | None = None,
) -> Document:
    """Read a plan document of any supported format, refusing one that holds (or expands to)
    more than ``limits`` before reading it. A .doc/.xls/.rtf is converted by ``office``
    (default: :meth:`LibreOffice.from_env`) and its conversion read with the same limits.
    Raises :class:`PlanReadError`."""
    # Size first: a huge upload is refused before anything scans it.
    if len(data) > max_bytes:
        raise PlanReadError(
            "too_large",
            f"Tệp quá lớn ({len(data) / 1024 / 1024:.1f} MB); giới hạn là {max_bytes // (1024 * 1024)} MB.",
        )
    if not data or data.isspace():
        raise PlanReadError("empty", EMPTY_MESSAGE)
    fmt = detect_format(data)
    if fmt in ("doc", "xls", "rtf"):
        from cchc.core.planread.readers.legacy import TARGET, convert

        converted = convert(data, fmt, office)
        target = TARGET[fmt]
        if target == "docx":
            from cchc.core.planread.readers.docx import read_docx

            doc = read_docx(converted, limits)
        else:
            from cchc.core.planread.readers.xlsx import read_xlsx

            doc = read_xlsx(converted, limits)
        doc.format = fmt  # what the user sent, not what it became
        return doc
    if fmt == "text":
        text = decode_text(data)
        if not text.strip():  # a BOM or non-breaking spaces only
            raise PlanReadError("empty", EMPTY_MESSAGE)
        check_text(text, limits)
        return read_text(text)
    if fmt == "docx":
        from cchc.core.planread.readers.docx import read_docx

        return read_docx(data, limits)
    if fmt == "xlsx":
        from cchc.core.planread.readers.xlsx import read_xlsx

        return read_xlsx(data, limits)
    from cchc.core.planread.readers.pdf import read_pdf

    return read_pdf(data, limits)


__all__ = ["MAX_BYTES", "LibreOffice", "ReadLimits", "detect_format", "read_document"]
