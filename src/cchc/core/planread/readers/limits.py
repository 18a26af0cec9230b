"""How much a plan document may hold before it is read: a real plan is a few hundred lines
(the largest sample, 136 KB of text, has about 2,000), a hostile or mistaken file millions.
Checked before the expensive reading (python-docx, openpyxl, the row parser), so a refusal
takes well under a second; each limit is a parameter and the app's settings may set others.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field

from cchc.core.formats import count_text
from cchc.core.planread.document import PlanReadError
from cchc.core.zipguard import MB, ZipLimits, ZipRefused, check_zip, count_tags


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """The most a plan document may hold: rows (table rows, lines of text), cells (table
    cells, paragraphs), characters of a text file, pages of a PDF, and what a .docx/.xlsx
    expands to."""

    max_rows: int = 20_000
    max_cells: int = 300_000
    max_chars: int = 5_000_000
    max_pages: int = 500  # of a PDF
    zip: ZipLimits = field(default_factory=lambda: ZipLimits(max_total_bytes=64 * MB))


DEFAULT_LIMITS = ReadLimits()
_ROW_BOUNDARY = re.compile(r"^[ \t]*\|[ \t]*\n[ \t]*\|[ \t]*$", re.MULTILINE)


_dots = count_text


def too_many(what: str, limit: int) -> PlanReadError:
    return PlanReadError(
        "too_large",
        f"Tệp có hơn {_dots(limit)} {what}, quá giới hạn đọc một kế hoạch (thường chỉ vài trăm "
        "dòng): hãy kiểm tra lại tệp, bỏ các trang tính/phần không phải kế hoạch hoặc chia nhỏ.",
    )


def check_text(text: str, limits: ReadLimits) -> None:
    # Lines first: the limit a person recognises (a plan of millions of characters is long).
    # A web copy writes every cell on its own lines (FORMAT.md): there a row is counted at
    # each boundary between rows (two "|" lines in a row), not at each line.
    if text.count("\n") > limits.max_rows:
        web_rows = len(_ROW_BOUNDARY.findall(text))
        if not web_rows or web_rows > limits.max_rows:
            raise too_many("dòng", limits.max_rows)
    if text.count("\t") + text.count("|") > limits.max_cells:
        raise too_many("ô bảng", limits.max_cells)
    if len(text) > limits.max_chars:
        raise too_many("ký tự", limits.max_chars)


def open_checked(data: bytes, limits: ReadLimits) -> zipfile.ZipFile:
    """The zip of a .docx/.xlsx after its declared sizes passed the guard."""
    import io

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        check_zip(zf, limits.zip)
    except ZipRefused as exc:
        raise PlanReadError(exc.code, exc.message) from exc
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise PlanReadError("corrupt", "Tệp bị hỏng: không mở được tệp nén Word/Excel.") from exc
    return zf


def check_parts(
    zf: zipfile.ZipFile, names: list[str], counted: list[tuple[bytes, str, str]], limits: ReadLimits
) -> None:
    """Count the elements ``counted`` ((tag, limit name, words)) over the parts ``names``,
    refusing as soon as one passes its limit."""
    totals = dict.fromkeys((tag for tag, _, _ in counted), 0)
    try:
        for name in names:
            for tag, limit_name, words in counted:
                limit = getattr(limits, limit_name)
                totals[tag] += count_tags(zf, name, tag, limit - totals[tag], limits.zip.max_total_bytes)
                if totals[tag] > limit:
                    raise too_many(words, limit)
    except ZipRefused as exc:
        raise PlanReadError(exc.code, exc.message) from exc
    # A damaged member: zlib, zipfile (CRC), an unknown compression or a password.
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        KeyError,
        ValueError,
        NotImplementedError,
        RuntimeError,
    ) as exc:
        raise PlanReadError("corrupt", "Tệp bị hỏng: không mở được tệp nén Word/Excel.") from exc


__all__ = ["DEFAULT_LIMITS", "ReadLimits", "check_parts", "check_text", "open_checked", "too_many"]
