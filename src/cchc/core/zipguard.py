"""A guard for zip-based files (.docx, .xlsx) before a library opens them: a small file may
expand to gigabytes (a 1.5 MB Word file whose image inflates to 1.5 GB took a worker to
3.3 GB), so what it expands to is checked first, from the zip's directory, in
milliseconds, and nothing is decompressed when it is too much.

The declared sizes are enough to bound the work: Python's :mod:`zipfile` (which
python-docx and openpyxl read through) never returns more bytes of a member than its
declared size, and refuses a member whose bytes do not match it (CRC). A reader that
streams a member itself uses :func:`read_capped`, which stops at a limit whatever the
header says.

Pure: no Django. The limits are parameters with defaults; the app's settings may pass
others. Refusals are :class:`ZipRefused` with a Vietnamese message for the person.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from os import PathLike
from typing import BinaryIO

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ZipLimits:
    """What a zip-based document may expand to."""

    # All members together, decompressed.
    max_total_bytes: int = 256 * MB
    # A member may expand at most this many times its compressed size (text XML: 5–30 times;
    # a zero-filled bomb: about 1,000) once it is larger than ``ratio_floor_bytes``.
    max_ratio: int = 200
    ratio_floor_bytes: int = 4 * MB
    max_members: int = 10_000


class ZipRefused(ValueError):
    """A zip that expands too much, or whose directory cannot be read."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def size_text(n: int) -> str:
    """A size in a refusal: "64 MB", "350 KB" (whole units, as limits are set)."""
    return f"{n / MB:,.0f} MB".replace(",", ".") if n >= MB else f"{n / 1024:.0f} KB"


def check_zip(
    source: bytes | str | PathLike | BinaryIO | zipfile.ZipFile, limits: ZipLimits = ZipLimits()
) -> None:
    """Refuse (raise :class:`ZipRefused`) a zip whose directory declares more members, more
    bytes in all, or a higher expansion of one member than ``limits`` allow."""
    zf = _open(source)
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        raise ZipRefused(
            "too_many_members",
            f"Tệp nén có {len(infos):,} thành phần (giới hạn {limits.max_members:,}): "
            "không phải tài liệu Word/Excel thông thường.".replace(",", "."),
        )
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > limits.ratio_floor_bytes and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            raise ZipRefused(
                "bomb",
                f"Tệp có một thành phần ({info.filename[:60]}) nén {size_text(info.compress_size)} "
                f"nhưng giải nén ra {size_text(info.file_size)} (quá {limits.max_ratio} lần): "
                "tệp bất thường, không đọc.",
            )
    if total > limits.max_total_bytes:
        raise ZipRefused(
            "too_large_unzipped",
            f"Tệp giải nén ra {size_text(total)}, quá giới hạn {size_text(limits.max_total_bytes)}: "
            "hãy bỏ hình ảnh lớn hoặc chia tệp thành nhiều phần.",
        )


def read_capped(zf: zipfile.ZipFile, name: str, max_bytes: int, chunk: int = MB) -> Iterator[bytes]:
    """The member's bytes in chunks, refused past ``max_bytes`` whatever its header says."""
    seen = 0
    with zf.open(name) as fh:
        while data := fh.read(chunk):
            seen += len(data)
            if seen > max_bytes:
                raise ZipRefused(
                    "too_large_unzipped",
                    f"Thành phần {name[:60]} của tệp giải nén ra quá {size_text(max_bytes)}: không đọc.",
                )
            yield data


def count_tags(zf: zipfile.ZipFile, name: str, tag: bytes, stop_after: int, max_bytes: int) -> int:
    """How many ``<tag …>`` elements (any namespace prefix) the member holds, counting no
    further than ``stop_after + 1``: enough to refuse a sheet of 400,000 rows before a
    library builds a cell object for each."""
    pattern = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?" + re.escape(tag) + rb"[\s/>]")
    count = 0
    tail = b""
    for data in read_capped(zf, name, max_bytes):
        # Keep a tag split between two chunks: the last few bytes are searched again.
        block = tail + data
        cut = max(0, len(block) - 64)
        count += sum(1 for m in pattern.finditer(block) if m.start() < cut)
        tail = block[cut:]
        if count > stop_after:
            return count
    return count + len(pattern.findall(tail))


def _open(source: bytes | str | PathLike | BinaryIO | zipfile.ZipFile) -> zipfile.ZipFile:
    if isinstance(source, zipfile.ZipFile):
        return source
    try:
        return zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ZipRefused("corrupt", "Tệp bị hỏng: không mở được tệp nén Word/Excel.") from exc


__all__ = ["ZipLimits", "ZipRefused", "check_zip", "count_tags", "read_capped", "size_text"]
