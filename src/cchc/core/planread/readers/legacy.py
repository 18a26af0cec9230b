"""Old Word and Excel files (.doc, .xls, and .rtf saved as "Word"): recognised by their
content and converted to .docx/.xlsx by LibreOffice in headless mode, then read by the
.docx/.xlsx readers with the same limits.

Recognition. A .doc or .xls is an OLE2 compound file (magic ``D0 CF 11 E0 A1 B1 1A E1``):
a little file system whose directory names its streams. Word keeps its text in a stream
named ``WordDocument``, Excel its sheets in ``Workbook`` (``Book`` for Excel 5/95); a .docx
or .xlsx saved with a password is an OLE2 file too, holding ``EncryptedPackage``. The
directory is read with ``olefile``, never guessed from the file name: a .xls renamed .doc is
still read as a workbook.

Conversion: by LibreOffice in headless mode (:mod:`cchc.core.office`, which says how it is
run: a private profile and folder, a process group killed whole at the time limit).

Configuration (:meth:`LibreOffice.from_env`): ``CCHC_SOFFICE`` and ``CCHC_LIBREOFFICE_TIMEOUT``.
Without LibreOffice, or when it fails or runs out of time, the user is told how to save the
file as .docx/.xlsx in Word or Excel (:class:`PlanReadError`, nothing is read).
"""

from __future__ import annotations

import logging

import olefile

from cchc.core.office import DEFAULT_TIMEOUT, LibreOffice, OfficeFailure, office_convert
from cchc.core.planread.document import PlanReadError

logger = logging.getLogger(__name__)
# Logged for the server's log (Django configures it); `cchc plan parse` shows the user its
# Vietnamese message only, not Python's last-resort copy of the warning.
logger.addHandler(logging.NullHandler())

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
RTF_MAGIC = b"{\\rtf"

# What each old kind becomes, and LibreOffice's export filter for it.
TARGET = {"doc": "docx", "rtf": "docx", "xls": "xlsx"}
_EXPORT_FILTER = {"docx": "docx:MS Word 2007 XML", "xlsx": "xlsx:Calc MS Excel 2007 XML"}

# --- messages (one place: the tests and the README quote them) ------------------------------

_SAVE_AS = {
    "docx": "hãy mở tệp bằng Word, chọn Tệp › Lưu thành… (File › Save As), chọn kiểu "
    "“Tài liệu Word (*.docx)” rồi tải lên tệp .docx vừa lưu",
    "xlsx": "hãy mở tệp bằng Excel, chọn Tệp › Lưu thành… (File › Save As), chọn kiểu "
    "“Sổ làm việc Excel (*.xlsx)” rồi tải lên tệp .xlsx vừa lưu",
}
_WHAT = {
    "doc": "Tệp Word định dạng cũ (.doc)",
    "rtf": "Tệp Word định dạng RTF (.rtf)",
    "xls": "Tệp Excel định dạng cũ (.xls)",
}


def save_as_hint(kind: str) -> str:
    """How to turn a file of ``kind`` ("doc", "xls", "rtf") into one read without LibreOffice."""
    return _SAVE_AS[TARGET[kind]]


def unavailable_message(kind: str) -> str:
    return (
        f"{_WHAT[kind]} cần LibreOffice để chuyển đổi, nhưng máy chủ chưa cài LibreOffice: "
        f"{save_as_hint(kind)}."
    )


def failed_message(kind: str) -> str:
    return (
        f"{_WHAT[kind]} không chuyển đổi được (tệp có thể bị hỏng hoặc được đặt mật khẩu): "
        f"{save_as_hint(kind)}."
    )


def timeout_message(kind: str, seconds: float) -> str:
    return f"{_WHAT[kind]} chuyển đổi quá {seconds:g} giây nên đã dừng: {save_as_hint(kind)}."


CORRUPT_MESSAGE = (
    "Tệp Word/Excel định dạng cũ (.doc/.xls) bị hỏng: không đọc được danh mục bên trong tệp. "
    "Nếu Word hoặc Excel vẫn mở được tệp, hãy Lưu thành… (Save As) .docx hoặc .xlsx rồi tải lên lại."
)
ENCRYPTED_MESSAGE = (
    "Tệp Word/Excel được đặt mật khẩu nên không đọc được: hãy mở tệp, bỏ mật khẩu "
    "(Tệp › Thông tin › Bảo vệ › Mã hóa bằng mật khẩu, xóa mật khẩu) rồi lưu và tải lên lại."
)
OTHER_OLE_MESSAGE = (
    "Tệp Office định dạng cũ này không phải Word (.doc) hay Excel (.xls) (ví dụ PowerPoint hoặc "
    "thư Outlook): hãy tải lên kế hoạch dạng Word, Excel, PDF hoặc văn bản."
)

# --- recognition ----------------------------------------------------------------------------


def ole_stream_names(data: bytes) -> list[str]:
    """The names of an OLE2 compound file's top-level streams and storages (olefile reads the
    MS-CFB directory; it stops at chains that loop or leave the file). Raises ValueError when
    the file is damaged."""
    if len(data) < 512 or data[:8] != OLE_MAGIC:
        raise ValueError("not an OLE2 compound file")
    try:
        with olefile.OleFileIO(data) as ole:
            names = [path[0] for path in ole.listdir(streams=True, storages=True)]
    except Exception as exc:  # olefile raises OSError, struct.error, IndexError … on damage
        raise ValueError(f"damaged OLE2 file: {exc}") from exc
    if not names:
        raise ValueError("empty directory")
    return names


def ole_kind(data: bytes) -> str:
    """ "doc" or "xls" for an OLE2 compound file; :class:`PlanReadError` for one that is
    damaged, encrypted (a .docx/.xlsx with a password) or of another program."""
    try:
        names = set(ole_stream_names(data))
    except ValueError as exc:
        raise PlanReadError("corrupt", CORRUPT_MESSAGE) from exc
    if "WordDocument" in names:
        return "doc"
    if "Workbook" in names or "Book" in names:
        return "xls"
    if "EncryptedPackage" in names:
        raise PlanReadError("encrypted", ENCRYPTED_MESSAGE)
    raise PlanReadError("unsupported", OTHER_OLE_MESSAGE)


def legacy_kind(data: bytes) -> str | None:
    """ "doc", "xls" or "rtf" when ``data`` is such a file (by content), else None. Raises
    :class:`PlanReadError` for an OLE2 file that is none of them or cannot be read."""
    if data[:8] == OLE_MAGIC:
        return ole_kind(data)
    if data[:5] == RTF_MAGIC:
        return "rtf"
    return None


# --- conversion -----------------------------------------------------------------------------


def convert(data: bytes, kind: str, office: LibreOffice | None = None) -> bytes:
    """The .docx (``kind`` "doc" or "rtf") or .xlsx ("xls") LibreOffice makes of ``data``.

    Raises :class:`PlanReadError` ("no_converter", "convert_failed", "convert_timeout") with
    a message saying how to save the file as .docx/.xlsx; nothing is left on disk.
    """
    office = office or LibreOffice.from_env()
    target = TARGET[kind]
    if not office.program:
        logger.warning("LibreOffice is not installed: a .%s plan (%d bytes) was refused", kind, len(data))
    try:
        return office_convert(
            data,
            source_suffix=kind,
            export_filter=_EXPORT_FILTER[target],
            target_suffix=target,
            office=office,
        )
    except OfficeFailure as exc:
        message = {
            "no_converter": unavailable_message(kind),
            "convert_failed": failed_message(kind),
            "convert_timeout": timeout_message(kind, office.timeout),
        }[exc.code]
        raise PlanReadError(exc.code, message) from None


__all__ = [
    "DEFAULT_TIMEOUT",
    "OLE_MAGIC",
    "TARGET",
    "LibreOffice",
    "convert",
    "legacy_kind",
    "ole_kind",
    "ole_stream_names",
    "save_as_hint",
]
