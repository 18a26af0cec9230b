"""The evidence of a self-assessment as one .zip, organised by item, ready to upload to the
provincial scoring software:

    muc-luc.xlsx                       every item, its documents and where each one is
    bang-diem.xlsx                     (any top-level extras the app passes)
    1.1.1 Ban hành kế hoạch CCHC năm/  one folder per item with documents: "<code> <short title>"
        QD-123 Ke hoach.pdf            its files, under their own names
        duong-dan.txt                  its links, one "title: url" a line

Names are NFC, hold no folder part, no control or reserved character (< > : " | ? * \\ /), never
start with a dot (no "..", no hidden file), and are unique within their folder ignoring case
(a second "a.pdf" becomes "a (2).pdf"), so that the archive unpacks the same on Windows,
macOS and Linux and never outside its folder. A document whose file cannot be read is listed
in the index as missing; the archive is still made.
"""

from __future__ import annotations

import io
import shutil
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from cchc.core.files import display_name
from cchc.core.sheets import write_cell

__all__ = [
    "INDEX_NAME",
    "LINKS_NAME",
    "PackDocument",
    "PackItem",
    "PackSummary",
    "Unique",
    "folder_name",
    "safe_name",
    "write_pack",
]

INDEX_NAME = "muc-luc.xlsx"
LINKS_NAME = "duong-dan.txt"
FOLDER_TITLE_CHARS = 50  # "<code> <short title>": the title cut at a word within this
NAME_CHARS = 120  # a file's name within its folder, extension kept
FALLBACK = "tai-lieu"


@dataclass(frozen=True, slots=True)
class PackDocument:
    """A document of an item: a file (``name`` and ``open``, which returns its content as a
    binary file and may raise ``OSError`` when it is gone) or a link (``url``)."""

    title: str
    name: str = ""
    url: str = ""
    open: Callable[[], BinaryIO] | None = None


@dataclass(frozen=True, slots=True)
class PackItem:
    code: str
    title: str
    documents: tuple[PackDocument, ...] = ()
    explanation: str = ""


@dataclass(slots=True)
class PackSummary:
    files: int = 0
    links: int = 0
    missing: list[str] = field(default_factory=list)  # "<code>: <title>" of unreadable files


def safe_name(name: str, max_chars: int = NAME_CHARS) -> str:
    """``name`` fit for an archive member: NFC, its last path part only, no reserved or
    control character, not starting with a dot or a space, at most ``max_chars`` characters
    (extension kept); "tai-lieu" when nothing is left."""
    name = unicodedata.normalize("NFC", name or "")
    if not name.replace("\\", "/").rsplit("/", 1)[-1].strip():
        return FALLBACK  # display_name's own stand-in would be "tep"
    base = display_name(name, max_chars)
    base = base.replace("…", "").strip().lstrip(". ").rstrip(". ")
    return base or FALLBACK


def folder_name(code: str, title: str, max_title: int = FOLDER_TITLE_CHARS) -> str:
    """ "<code> <short title>": the title cut at the last whole word within ``max_title``
    characters; the whole made safe (``safe_name``)."""
    title = " ".join(unicodedata.normalize("NFC", title or "").split())
    if len(title) > max_title:
        cut = title[:max_title]
        title = cut.rsplit(" ", 1)[0] if " " in cut else cut
    # A dot ends nothing here: "1.1 Kế hoạch." keeps no trailing dot (Windows drops it).
    text = f"{code} {title}".strip().replace("/", "-").replace("\\", "-")
    return safe_name(text, max_title + len(code) + 1).rstrip(" .,;:")


class Unique:
    """Names made unique ignoring case: "a.pdf", "a (2).pdf", "A (3).PDF"."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def __call__(self, name: str) -> str:
        stem, dot, ext = name.rpartition(".")
        if not dot or not stem:
            stem, ext = name, ""
        candidate, n = name, 1
        while candidate.casefold() in self._taken:
            n += 1
            candidate = f"{stem} ({n})" + (f".{ext}" if ext else "")
        self._taken.add(candidate.casefold())
        return candidate


def _index(rows: list[tuple[str, str, str, str, str]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Mục lục"
    headers = ("Mã", "Tiêu chí", "Tài liệu kiểm chứng", "Trong gói / đường dẫn", "Ghi chú")
    for col, (header, width) in enumerate(zip(headers, (10, 50, 50, 60, 40), strict=True), start=1):
        write_cell(ws, 1, col, header).font = Font(bold=True)
        ws.column_dimensions[chr(64 + col)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(rows, start=2):
        for col, value in enumerate(row, start=1):
            if value:
                write_cell(ws, r, col, value).alignment = wrap
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write_pack(
    out: BinaryIO,
    items: Iterable[PackItem],
    *,
    extras: dict[str, bytes] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> PackSummary:
    """Write the archive to ``out`` (a seekable binary file). ``extras``: top-level files
    (name -> content) put beside the index. ``progress(done, total)`` is called after each
    document. Returns what went in and what could not be read."""
    items = list(items)
    total = sum(len(i.documents) for i in items)
    done = 0
    summary = PackSummary()
    rows: list[tuple[str, str, str, str, str]] = []
    top = Unique()
    top(INDEX_NAME)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
        for name, content in (extras or {}).items():
            zf.writestr(top(safe_name(name)), content)
        for item in items:
            if not item.documents:
                note = f"Chưa có tài liệu kiểm chứng. {item.explanation}".strip()
                rows.append((item.code, item.title, "", "", note))
                continue
            folder = top(folder_name(item.code, item.title))
            names = Unique()
            names(LINKS_NAME)
            links: list[str] = []
            for doc in item.documents:
                title = " ".join(unicodedata.normalize("NFC", doc.title or doc.name or doc.url).split())
                if doc.open is not None:
                    member = f"{folder}/{names(safe_name(doc.name or doc.title))}"
                    try:
                        with doc.open() as src, zf.open(member, "w", force_zip64=True) as dst:
                            shutil.copyfileobj(src, dst, 1 << 20)
                    except OSError:
                        summary.missing.append(f"{item.code}: {title}")
                        rows.append((item.code, item.title, title, "", "Không đọc được tệp trên máy chủ"))
                    else:
                        summary.files += 1
                        rows.append((item.code, item.title, title, member, ""))
                elif doc.url:
                    links.append(f"{title}: {doc.url}")
                    summary.links += 1
                    rows.append((item.code, item.title, title, doc.url, f"Đường dẫn (xem {LINKS_NAME})"))
                done += 1
                if progress is not None:
                    progress(done, total)
            if links:
                zf.writestr(f"{folder}/{LINKS_NAME}", "\r\n".join(links) + "\r\n")
        zf.writestr(INDEX_NAME, _index(rows))
    return summary
