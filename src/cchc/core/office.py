"""LibreOffice in headless mode, the one way the core converts office files: old plans
(.doc, .xls, .rtf) to .docx/.xlsx (``planread.readers.legacy``) and reports to PDF
(``reporting.pdf``). Each caller turns a :class:`OfficeFailure` into its own message.

A conversion is ``soffice --headless --convert-to FILTER`` run

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
from typing import Literal

__all__ = ["DEFAULT_TIMEOUT", "LibreOffice", "OfficeFailure", "office_convert"]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

DEFAULT_TIMEOUT = 60.0


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


class OfficeFailure(Exception):
    """A conversion that did not happen: ``code`` "no_converter" (not installed, or it
    could not start), "convert_failed" (no output; ``detail`` holds the end of its log) or
    "convert_timeout"."""

    def __init__(
        self, code: Literal["no_converter", "convert_failed", "convert_timeout"], detail: str = ""
    ) -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def office_convert(
    data: bytes,
    *,
    source_suffix: str,
    export_filter: str,
    target_suffix: str,
    office: LibreOffice | None = None,
) -> bytes:
    """What LibreOffice makes of ``data`` (a file ending ``source_suffix``, e.g. "doc") with
    ``export_filter`` (e.g. "pdf:writer_pdf_Export"), read from the output ending
    ``target_suffix``. Raises :class:`OfficeFailure`; nothing is left on disk or running."""
    office = office or LibreOffice.from_env()
    if not office.program:
        raise OfficeFailure("no_converter", "LibreOffice is not installed")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="cchc-office-") as tmp:
        work = Path(tmp)
        source, out_dir, profile = work / f"input.{source_suffix}", work / "out", work / "profile"
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
            export_filter,
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
                raise OfficeFailure("no_converter", str(exc)) from exc
            try:
                proc.wait(timeout=office.timeout)
            except subprocess.TimeoutExpired:
                _kill_group(proc.pid)
                proc.wait()
                logger.warning(
                    "LibreOffice ran out of time (%gs) converting a .%s file (%d bytes) to .%s",
                    office.timeout,
                    source_suffix,
                    len(data),
                    target_suffix,
                )
                raise OfficeFailure("convert_timeout", f"{office.timeout:g}s") from None
            finally:
                _kill_group(proc.pid)  # anything it left running (the group outlives its leader)
        result = out_dir / f"input.{target_suffix}"
        if proc.returncode != 0 or not result.is_file():
            tail = log_path.read_bytes()[-500:].decode("utf-8", "replace").strip()
            logger.warning(
                "LibreOffice could not convert a .%s file (%d bytes) to .%s (exit %s): %s",
                source_suffix,
                len(data),
                target_suffix,
                proc.returncode,
                tail,
            )
            raise OfficeFailure("convert_failed", tail)
        converted = result.read_bytes()
    logger.info(
        "LibreOffice converted a .%s file (%d bytes) to .%s in %.2fs",
        source_suffix,
        len(data),
        target_suffix,
        time.monotonic() - started,
    )
    return converted
