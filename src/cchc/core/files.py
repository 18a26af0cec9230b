"""Names of uploaded files: a safe, short copy to store the file under, and the original
kept for display.

Pure Python (no Django). People upload files named after the document they hold, and a
Vietnamese title of 230 characters is 330 bytes or more in UTF-8: beyond the 255 bytes a
file system allows in one name (ext4, XFS, APFS), and beyond a FileField's ``max_length``
once its ``upload_to`` folder is put in front. Django's storage then fails with an
``OSError`` or ``SuspiciousFileOperation`` (a raw "Server Error (500)"), so the name is cut
before the storage sees it, on a character boundary, keeping the extension.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

__all__ = [
    "CLASH_ROOM",
    "NAME_MAX_BYTES",
    "display_name",
    "field_storage_name",
    "name_room",
    "storage_name",
]

NAME_MAX_BYTES = 255  # one path component, in bytes, on the usual Linux and macOS file systems
# Django's storage appends "_" and 7 random characters to a name that is already taken.
CLASH_ROOM = 8
DEFAULT_STEM = "tep"
_EXTENSION = re.compile(r"^[A-Za-z0-9]{1,10}$")
_NOT_KEPT = re.compile(r"[^\w\s.-]")
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"|?*]')


def _base(name: str) -> str:
    """NFC, the last path part only (browsers on Windows may send "C:\\...\\name"), no
    control or reserved characters, spaces collapsed."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[/\\]", name)[-1]
    return _UNSAFE.sub("", " ".join(name.split()))


def _split(name: str) -> tuple[str, str]:
    """(stem, ".ext"); a name without a short alphanumeric extension has none."""
    stem, dot, ext = name.rpartition(".")
    if dot and _EXTENSION.match(ext):
        return stem, "." + ext
    return name, ""


def _cut(text: str, max_chars: int, max_bytes: int) -> str:
    """The longest prefix of ``text`` within both limits, never ending inside a character (the
    text is NFC and keeps no combining marks: a Vietnamese letter is one character)."""
    out: list[str] = []
    size = 0
    for ch in text[: max(max_chars, 0)]:
        n = len(ch.encode("utf-8"))
        if size + n > max_bytes:
            break
        out.append(ch)
        size += n
    return "".join(out)


def storage_name(name: str, max_length: int, *, max_bytes: int = NAME_MAX_BYTES - CLASH_ROOM) -> str:
    """A name to store an upload under: at most ``max_length`` characters and ``max_bytes``
    bytes of UTF-8, NFC, without folders, with its extension.

    ``max_length`` is the room the name has in its FileField: the field's ``max_length``
    less the ``upload_to`` folder (``name_room``). The default ``max_bytes`` leaves room for
    the suffix Django's storage adds when the name is taken. A name with nothing left (empty,
    only dots) becomes "tep" with its extension.
    """
    stem, ext = _split(_base(name))
    # What Django's storage keeps of a name (letters, digits, "_", "-", "."; spaces become
    # "_"), so that "tep" stands in when nothing would be left.
    stem = _NOT_KEPT.sub("", stem).strip(" .")
    if len(ext) >= max_length or len(ext.encode()) >= max_bytes:
        ext = ""  # no room for it: a name without extension is better than no name
    stem = _cut(stem, max_length - len(ext), max_bytes - len(ext.encode())).rstrip(" .-_")
    if not stem:
        stem = _cut(DEFAULT_STEM, max_length - len(ext), max_bytes - len(ext.encode()))
    return stem + ext


def display_name(name: str, max_length: int) -> str:
    """The original name as people gave it (NFC, no folders), cut to ``max_length`` characters
    with "…" before the extension when it is longer: what the screens show and the download
    is named."""
    base = _base(name) or DEFAULT_STEM
    if len(base) <= max_length:
        return base
    stem, ext = _split(base)
    if len(ext) + 2 > max_length:
        return base[: max_length - 1] + "…"
    return stem[: max_length - len(ext) - 1].rstrip() + "…" + ext


def name_room(upload_to: str, max_length: int, when: datetime) -> int:
    """How many characters a FileField of ``max_length`` leaves for the name once its
    ``upload_to`` folder (strftime'd as Django does, for the moment ``when``) is in front."""
    folder = when.strftime(upload_to)
    if folder and not folder.endswith("/"):
        folder += "/"
    return max(max_length - len(folder), 1)


def field_storage_name(name: str, upload_to: str, field_max_length: int, when: datetime) -> str:
    """``storage_name`` for a FileField given by its ``upload_to`` and ``max_length``."""
    return storage_name(name, name_room(upload_to, field_max_length, when))
