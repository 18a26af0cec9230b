"""Old Word and Excel files (.doc, .xls, and .rtf saved as "Word"): recognised by their
content and converted to .docx/.xlsx by LibreOffice in headless mode, then read by the
.docx/.xlsx readers with the same limits.

Recognition. A .doc or .xls is an OLE2 compound file (magic ``D0 CF 11 E0 A1 B1 1A E1``):
a little file system whose directory names its streams. Word keeps its text in a stream
named ``WordDocument``, Excel its sheets in ``Workbook`` (``Book`` for Excel 5/95); a .docx
or .xlsx saved with a password is an OLE2 file too, holding ``EncryptedPackage``. The
directory is read with ``olefile``, never guessed from the file name: a .xls renamed .doc is
still read as a workbook.

Conversion. ``soffice --headless --convert-to docx|xlsx`` run

- without a shell, from an argument list;
- in a private temporary directory holding the input, the output, LibreOffice's own user
  profile (``-env:UserInstallation``: two conversions at once do not share, and lock, one
  profile) and its HOME and TMPDIR, all removed afterwards;
- in a process group of its own, killed whole (``soffice`` is a script that starts
  ``oosplash``, which starts ``soffice.bin``) when the time limit passes.

LibreOffice answers 0 even when it could not load the file ("Error: source file could not
be loaded"): success is the converted file being there.

Configuration (:meth:`LibreOffice.from_env`, read at each call, so the command line and
the web app see the same): ``CCHC_SOFFICE`` (the program; default ``soffice``, then
``libreoffice``, looked up on PATH) and ``CCHC_LIBREOFFICE_TIMEOUT`` (seconds, default 60).
Without LibreOffice, or when it fails or runs out of time, the user is told how to save the
file as .docx/.xlsx in Word or Excel (:class:`PlanReadError`, nothing is read).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import olefile

from cchc.core.planread.document import PlanReadError

logger = logging.getLogger(__name__)
# Logged for the server's log (Django configures it); `cchc plan parse` shows the user its
# Vietnamese message only, not Python's last-resort copy of the warning.
logger.addHandler(logging.NullHandler())

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
RTF_MAGIC = b"{\\rtf"
DEFAULT_TIMEOUT = 60.0

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


@dataclass(frozen=True, slots=True)
class LibreOffice:
    """How LibreOffice is run: ``program`` (a path or a name on PATH; None when none was
    found) and the ``timeout`` of one conversion, in seconds."""

    program: str | None
    timeout: float = DEFAULT_TIMEOUT

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> LibreOffice:
        """``CCHC_SOFFICE`` (default: ``soffice`` or ``libreoffice`` on PATH) and
        ``CCHC_LIBREOFFICE_TIMEOUT`` (seconds, default 60)."""
        env = os.environ if environ is None else environ
        configured = env.get("CCHC_SOFFICE", "").strip()
        if configured:
            # A configured program that is not there stays configured: the run then fails
            # with the "not installed" message instead of silently using another one.
            program: str | None = shutil.which(configured) or configured
        else:
            program = shutil.which("soffice") or shutil.which("libreoffice")
        timeout = DEFAULT_TIMEOUT
        raw = env.get("CCHC_LIBREOFFICE_TIMEOUT", "").strip()
        if raw:
            try:
                timeout = float(raw)
            except ValueError:
                logger.warning("CCHC_LIBREOFFICE_TIMEOUT=%r is not a number: %gs used", raw, timeout)
            if not timeout > 0:
                logger.warning("CCHC_LIBREOFFICE_TIMEOUT=%r is not positive: %gs used", raw, DEFAULT_TIMEOUT)
                timeout = DEFAULT_TIMEOUT
        return cls(program=program, timeout=timeout)


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def convert(data: bytes, kind: str, office: LibreOffice | None = None) -> bytes:
    """The .docx (``kind`` "doc" or "rtf") or .xlsx ("xls") LibreOffice makes of ``data``.

    Raises :class:`PlanReadError` ("no_converter", "convert_failed", "convert_timeout") with
    a message saying how to save the file as .docx/.xlsx; nothing is left on disk.
    """
    office = office or LibreOffice.from_env()
    target = TARGET[kind]
    if not office.program:
        logger.warning("LibreOffice is not installed: a .%s plan (%d bytes) was refused", kind, len(data))
        raise PlanReadError("no_converter", unavailable_message(kind))
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="cchc-office-") as tmp:
        work = Path(tmp)
        source, out_dir, profile = work / f"ke-hoach.{kind}", work / "out", work / "profile"
        source.write_bytes(data)
        out_dir.mkdir()
        argv = [
            office.program,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--nodefault",
            "--nofirststartwizard",
            "--nolockcheck",
            "--nologo",
            "--norestore",
            "--convert-to",
            _EXPORT_FILTER[target],
            "--outdir",
            str(out_dir),
            str(source),
        ]
        env = {**os.environ, "HOME": str(work), "TMPDIR": str(work)}
        log_path = work / "soffice.log"
        with log_path.open("wb") as log:
            try:
                proc = subprocess.Popen(
                    argv,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    cwd=work,
                    env=env,
                    start_new_session=True,  # its own process group, killed whole
                )
            except OSError as exc:
                logger.warning("LibreOffice (%s) could not be started: %s", office.program, exc)
                raise PlanReadError("no_converter", unavailable_message(kind)) from exc
            try:
                proc.wait(timeout=office.timeout)
            except subprocess.TimeoutExpired:
                _kill_group(proc.pid)
                proc.wait()
                logger.warning(
                    "LibreOffice ran out of time (%gs) converting a .%s plan (%d bytes)",
                    office.timeout,
                    kind,
                    len(data),
                )
                raise PlanReadError("convert_timeout", timeout_message(kind, office.timeout)) from None
            finally:
                _kill_group(proc.pid)  # anything it left running (the group outlives its leader)
        result = out_dir / f"ke-hoach.{target}"
        if proc.returncode != 0 or not result.is_file():
            tail = log_path.read_bytes()[-500:].decode("utf-8", "replace").strip()
            logger.warning(
                "LibreOffice could not convert a .%s plan (%d bytes, exit %s): %s",
                kind,
                len(data),
                proc.returncode,
                tail,
            )
            raise PlanReadError("convert_failed", failed_message(kind))
        converted = result.read_bytes()
    logger.info(
        "LibreOffice converted a .%s plan (%d bytes) to .%s in %.2fs",
        kind,
        len(data),
        target,
        time.monotonic() - started,
    )
    return converted


__all__ = [
    "OLE_MAGIC",
    "TARGET",
    "LibreOffice",
    "convert",
    "legacy_kind",
    "ole_kind",
    "ole_stream_names",
    "save_as_hint",
]
