"""Names of uploaded files: the short copy stored on disk and the original kept for display."""

from __future__ import annotations

import unicodedata
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.core.files import CLASH_ROOM, NAME_MAX_BYTES, display_name, name_room, storage_name

# A real-looking 230-character Vietnamese title (every word accented): 330+ bytes of UTF-8.
LONG_VN = (
    "Quyết định phê duyệt danh mục thủ tục hành chính nội bộ được chuẩn hóa thuộc phạm vi chức năng "
    "quản lý của Sở Công Thương tỉnh Hòa Bình Xanh năm hai nghìn không trăm hai mươi sáu kèm theo "
    "quy trình nội bộ giải quyết từng thủ tục hành chính"
)[:230]


def test_the_long_title_is_what_the_defect_reports():
    assert len(LONG_VN) == 230 and len(LONG_VN.encode()) > NAME_MAX_BYTES


@pytest.mark.parametrize(
    ("name", "room", "expected"),
    [
        ("ke-hoach.docx", 100, "ke-hoach.docx"),
        ("Kế hoạch CCHC 2026.pdf", 100, "Kế hoạch CCHC 2026.pdf"),
        # Folders of the person's computer (Windows and Unix) are not part of the name.
        ("C:\\Users\\vp\\Desktop\\ke-hoach.docx", 100, "ke-hoach.docx"),
        ("../../etc/passwd", 100, "passwd"),
        # Decomposed accents (macOS) are stored composed: one character per letter.
        (unicodedata.normalize("NFD", "Kế hoạch.txt"), 100, "Kế hoạch.txt"),
        # Cut to the room, the extension kept, no dangling space or dot.
        ("Kế hoạch năm 2026 của Sở.docx", 15, "Kế hoạch n.docx"),
        ("abcdefghij.pdf", 8, "abcd.pdf"),
        # Nothing usable left: "tep" stands in, with the extension.
        ("....pdf", 50, "tep.pdf"),
        ("", 50, "tep"),
        ("(((  ))).xlsx", 50, "tep.xlsx"),
        # What Django's storage would drop anyway (quotes, reserved characters) goes.
        ('Báo cáo "quý I" <bản 2>?.pdf', 100, "Báo cáo quý I bản 2.pdf"),
        # No extension, or one too long to be one: kept as part of the name.
        ("README", 100, "README"),
        ("tai-lieu.phien-ban-cuoi", 100, "tai-lieu.phien-ban-cuoi"),
        # An extension that does not fit is dropped rather than the whole name.
        ("abc.docx", 4, "abc"),
    ],
)
def test_storage_name(name, room, expected):
    assert storage_name(name, room) == expected


@pytest.mark.parametrize("ext", [".pdf", ".docx", ".xlsx"])
def test_a_230_character_vietnamese_name_fits_the_file_system(ext):
    stored = storage_name(LONG_VN + ext, 480)
    assert stored.endswith(ext)
    assert len(stored.encode()) <= NAME_MAX_BYTES - CLASH_ROOM  # room for Django's "_abc1234"
    assert LONG_VN.startswith(stored.removesuffix(ext))  # a prefix of the title, cut on a character


def test_a_decomposed_long_name_is_cut_on_whole_letters():
    # From macOS the name arrives decomposed (e + ̂ + ́): it is composed before the cut, so
    # the cut never leaves a letter without its marks.
    stored = storage_name(unicodedata.normalize("NFD", LONG_VN) + ".pdf", 480)
    assert LONG_VN.startswith(stored.removesuffix(".pdf"))


@given(st.text(min_size=0, max_size=400), st.integers(min_value=5, max_value=480))
def test_storage_name_always_fits(name, room):
    stored = storage_name(name, room)
    assert stored
    assert len(stored) <= room
    assert len(stored.encode()) <= NAME_MAX_BYTES - CLASH_ROOM
    assert "/" not in stored and "\\" not in stored and "\x00" not in stored
    assert stored not in {".", ".."}
    assert stored == unicodedata.normalize("NFC", stored)


@pytest.mark.parametrize(
    ("name", "length", "expected"),
    [
        ("ke-hoach.docx", 255, "ke-hoach.docx"),
        ("C:\\Tai lieu\\Kế hoạch.docx", 255, "Kế hoạch.docx"),
        ("Kế hoạch  năm\t2026.docx", 255, "Kế hoạch năm 2026.docx"),
        ("Kế hoạch cải cách hành chính.docx", 20, "Kế hoạch cải c….docx"),
        ("abcdefghijklmnopqrstuvwxyz", 10, "abcdefghi…"),
        ("", 255, "tep"),
    ],
)
def test_display_name(name, length, expected):
    shown = display_name(name, length)
    assert shown == expected and len(shown) <= length


def test_display_name_keeps_a_230_character_name_whole():
    assert display_name(LONG_VN + ".pdf", 255) == LONG_VN + ".pdf"


@pytest.mark.parametrize(
    ("upload_to", "max_length", "room"),
    [
        ("plans/%Y/", 500, 500 - len("plans/2026/")),
        ("evidence/%Y/%m/", 500, 500 - len("evidence/2026/03/")),
        ("dossiers/%Y/%m", 500, 500 - len("dossiers/2026/03/")),
        ("", 100, 100),
    ],
)
def test_name_room(upload_to, max_length, room):
    assert name_room(upload_to, max_length, datetime(2026, 3, 5)) == room
