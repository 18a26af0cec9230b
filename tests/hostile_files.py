"""Hostile documents built at test time, small on disk: a Word file with a member that
inflates to hundreds of megabytes of zeros, workbooks of 400,000 rows written as raw sheet
XML, a stray cell at the sheet's far corner, a long text plan, a PDF whose page inflates to
hundreds of megabytes.

The big ones take seconds to build (the zip's deflate of hundreds of megabytes, the XML of
400,000 rows): each builder keeps what it built for the rest of the process (the bytes are
never changed), so the tests of a worker that share a file build it once.
"""

from __future__ import annotations

import functools
import io
import zipfile
import zlib

MB = 1024 * 1024


def docx_bytes(paragraphs: list[str] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for p in paragraphs or ["KẾ HOẠCH Cải cách hành chính năm 2026"]:
        document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def with_members(
    data: bytes,
    members: dict[str, bytes],
    zeros: dict[str, int] | None = None,
    padded: dict[str, int] | None = None,
) -> bytes:
    """``data``'s zip with ``members`` replaced or added, members of that many zero bytes
    (streamed: a 300 MB member costs a second and about 300 KB), and XML members of ``data``
    padded with that many blanks before their root element (still valid XML)."""
    padded = padded or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            if item.filename in padded:
                content = zin.read(item)
                # After the XML declaration if there is one (blanks may not precede it).
                cut = content.index(b"?>") + 2 if content.startswith(b"<?xml") else 0
                head, rest = content[:cut], content[cut:]
                info = zipfile.ZipInfo(item.filename)
                info.compress_type = zipfile.ZIP_DEFLATED
                with zout.open(info, "w", force_zip64=True) as fh:
                    fh.write(head)
                    blanks = b" " * MB
                    for _ in range(padded[item.filename] // MB):
                        fh.write(blanks)
                    fh.write(rest)
            elif item.filename not in members:
                zout.writestr(item, zin.read(item))
        for name, content in members.items():
            zout.writestr(name, content)
        chunk = bytes(MB)
        for name, size in (zeros or {}).items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            with zout.open(info, "w", force_zip64=True) as fh:
                for _ in range(size // MB):
                    fh.write(chunk)
    return out.getvalue()


@functools.cache
def docx_bomb(inflated_mb: int = 300) -> bytes:
    """A Word plan whose "image" is ``inflated_mb`` MB of zeros (about 1,000 times its size)."""
    return with_members(docx_bytes(), {}, zeros={"word/media/image1.png": inflated_mb * MB})


def _workbook() -> bytes:
    import openpyxl

    out = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.active["A1"] = "TT"
    wb.save(out)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
_NS = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


@functools.cache
def xlsx_rows(rows: int, columns: int = 3) -> bytes:
    """A workbook of ``rows`` rows of ``columns`` numbers, written as raw XML."""
    letters = [chr(ord("A") + i).encode() for i in range(columns)]
    row = b'<row r="%d">' + b"".join(b'<c r="' + c + b'%d"><v>%d</v></c>' for c in letters) + b"</row>"
    body = b"".join(row % ((r,) + (r, r) * columns) for r in range(1, rows + 1))  # one format a row
    sheet = _NS + b"<sheetData>" + body + b"</sheetData></worksheet>"
    return with_members(_workbook(), {SHEET: sheet})


@functools.cache
def xlsx_far_corner() -> bytes:
    """Two cells: A1 and XFD1048576 (a grid of 17 billion cells if read as one)."""
    sheet = (
        _NS
        + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>TT</t></is></c></row>'
        + b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>'
    )
    return with_members(_workbook(), {SHEET: sheet})


@functools.cache
def text_plan(lines: int) -> bytes:
    row = "1\tRà soát TTHC\tVăn phòng\tQuý II\n"
    return ("KẾ HOẠCH Cải cách hành chính năm 2026\n" + row * lines).encode()


@functools.cache
def pdf_with_stream(content: bytes | None = None, *, inflated_mb: int = 0) -> bytes:
    """A one-page PDF whose page content is ``content`` (or ``inflated_mb`` MB of spaces after
    a line of text), FlateDecode-compressed; offsets in the xref are the real ones.

    The megabytes of spaces are deflated once, after a full flush (which makes what follows
    refer to nothing before it), and that block repeated: a gigabyte costs milliseconds
    instead of seconds. The stream's checksum (Adler-32) is that of everything it expands to."""
    packer = zlib.compressobj(9)
    head = content if content is not None else b"BT /F1 12 Tf 72 712 Td (Ke hoach) Tj ET\n"
    parts = [packer.compress(head), packer.flush(zlib.Z_FULL_FLUSH)]
    checksum = zlib.adler32(head)
    if inflated_mb:
        spaces = b" " * MB
        parts.append((packer.compress(spaces) + packer.flush(zlib.Z_FULL_FLUSH)) * inflated_mb)
        for _ in range(inflated_mb):
            checksum = zlib.adler32(spaces, checksum)
    end = packer.flush()  # the last (empty) block, then the packer's own checksum: replaced
    stream = b"".join(parts) + end[:-4] + checksum.to_bytes(4, "big")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
