"""LibreOffice in the tests: whether it is there, and making the files a clerk would upload
(.doc, .xls, .rtf, a Word file printed to PDF) from the builders' .docx/.xlsx with it.

Tests that need LibreOffice take the ``libreoffice`` fixture (tests/conftest.py): skipped
when it is not installed, failed instead when ``CCHC_REQUIRE_LIBREOFFICE=1`` (CI).
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import tempfile
from pathlib import Path


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def end_with_paragraph(docx_path: Path) -> Path:
    """A .docx whose body ends with a paragraph, as every file Word saves does (python-docx
    lets a table end the body; LibreOffice then writes a .doc whose last table is lost)."""
    from docx import Document

    doc = Document(str(docx_path))
    doc.add_paragraph("")
    doc.save(str(docx_path))
    return docx_path


def as_printed(docx_path: Path, out_path: Path) -> Path:
    """The Word file laid out as a clerk's file is before it is printed: A4 landscape pages for
    the appendices (1.5 cm margins) and every column of a task table at least as wide as its
    longest word. The builders' columns follow the text's share only; printed as they are, a
    "Thời gian" column 1 cm wide breaks "Thường xuyên" into "Th / ườ / ng …", which no clerk
    would send and no reader could join back."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Cm

    doc = Document(str(docx_path))
    points = doc.styles["Normal"].font.size.pt if doc.styles["Normal"].font.size else 12.0
    for section in doc.sections:
        if section.page_width > section.page_height:
            section.page_width, section.page_height = Cm(29.7), Cm(21.0)
            section.left_margin = section.right_margin = Cm(1.5)
    usable = (29.7 - 3.0) / 2.54 * 1440  # twips
    for table in doc.tables:
        grid = table._tbl.tblGrid.findall(qn("w:gridCol"))
        if len(grid) < 4:  # the layout tables of the heading and signature
            continue
        longest, share = [0] * len(grid), [0] * len(grid)
        for row in table.rows:
            for c, tc in enumerate(row._tr.tc_lst[: len(grid)]):
                text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
                longest[c] = max([longest[c], *(len(w) for w in text.split())])
                share[c] += len(text)
        least = [(n * points * 0.62 + 12) * 20 for n in longest]  # a character ≈ 0.62 em
        spare = max(usable - sum(least), 0)
        for col, low, part in zip(grid, least, share, strict=True):
            col.set(qn("w:w"), str(int(low + spare * part / (sum(share) or 1))))
        for width in list(table._tbl.iter(qn("w:tcW"))):  # the grid decides
            width.getparent().remove(width)
    doc.save(str(out_path))
    return out_path


def office_convert(source: Path, to: str, out_dir: Path) -> Path:
    """``source`` converted by LibreOffice to ``to`` ("doc", "xls", "rtf", "pdf") in ``out_dir``,
    with a profile of its own (tests may run side by side)."""
    program = soffice()
    assert program, "LibreOffice is not installed"
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cchc-test-office-") as profile:
        subprocess.run(
            [
                program,
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--convert-to",
                to,
                "--outdir",
                str(out_dir),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    result = out_dir / f"{source.stem}.{to}"
    assert result.is_file(), f"LibreOffice made no {result.name}"
    return result


# --- OLE2 compound files by hand (MS-CFB, version 3 or 4) -------------------------------------

_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END, _FREE, _FATSECT = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD


def _entry(
    name: str, kind: int, start: int = _END, size: int = 0, right: int = _FREE, child: int = _FREE
) -> bytes:
    raw = name.encode("utf-16-le") + b"\0\0"
    e = bytearray(128)
    e[: len(raw)] = raw
    struct.pack_into("<HBB", e, 0x40, len(raw), kind, 1)  # black
    struct.pack_into("<III", e, 0x44, _FREE, right, child)  # left, right, child
    struct.pack_into("<IQ", e, 0x74, start, size)
    return bytes(e)


def ole_file(streams: dict[str, bytes], *, sector_shift: int = 9) -> bytes:
    """A compound file holding ``streams`` (each stored in regular sectors, a few bytes
    at least 4 KB so no mini stream is needed): header, one FAT sector, the directory (as
    many sectors as its entries need, chained through the FAT), then the streams."""
    size = 1 << sector_shift
    entries = [(name, data) for name, data in streams.items()]
    per_dir = size // 128
    n_dir = -(-(len(entries) + 1) // per_dir)
    layout: list[int] = [_FATSECT]  # sector 0: the FAT
    dir_start = 1
    layout += [dir_start + i + 1 for i in range(n_dir - 1)] + [_END]
    body = b""
    # The streams as a chain of right siblings under the root (a valid, if lopsided, tree).
    directory = [_entry("Root Entry", 5, child=1 if entries else _FREE)]
    next_sector = 1 + n_dir
    for i, (name, data) in enumerate(entries, start=1):
        data = data.ljust(4096, b"\0")
        n = -(-len(data) // size)
        right = i + 1 if i < len(entries) else _FREE
        directory.append(_entry(name, 2, next_sector, len(data), right=right))
        layout += [next_sector + i + 1 for i in range(n - 1)] + [_END]
        body += data.ljust(n * size, b"\0")
        next_sector += n
    assert len(layout) <= size // 4, "one FAT sector is enough for the tests' files"
    fat = struct.pack(f"<{size // 4}I", *(layout + [_FREE] * (size // 4 - len(layout))))
    dir_bytes = b"".join(directory).ljust(n_dir * size, b"\0")
    header = bytearray(512)
    header[:8] = _MAGIC
    struct.pack_into("<HHHH", header, 0x18, 0x3E, 3 if sector_shift == 9 else 4, 0xFFFE, sector_shift)
    struct.pack_into("<H", header, 0x20, 6)
    struct.pack_into("<III", header, 0x2C, 1, dir_start, 0)  # FAT sectors, directory, transaction
    struct.pack_into("<IIIII", header, 0x38, 4096, _END, 0, _END, 0)  # mini cutoff, mini FAT, DIFAT
    struct.pack_into("<109I", header, 0x4C, 0, *([_FREE] * 108))
    return bytes(header).ljust(size, b"\0") + fat + dir_bytes + body
