"""The evidence archive: safe names, folders by item, duplicates numbered, links, the index."""

from __future__ import annotations

import io
import unicodedata
import zipfile

import pytest
from openpyxl import load_workbook

from cchc.core.scoring.evidence_pack import (
    INDEX_NAME,
    LINKS_NAME,
    PackDocument,
    PackItem,
    Unique,
    folder_name,
    safe_name,
    write_pack,
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Kế hoạch.pdf", "Kế hoạch.pdf"),
        ("../../etc/passwd", "passwd"),
        ("..", "tai-lieu"),
        (".htaccess", "htaccess"),
        ("C:\\Users\\vp\\Báo cáo.docx", "Báo cáo.docx"),
        ('a<b>c:d"e|f?g*h.pdf', "abcdefgh.pdf"),
        ("te\u0302n.pdf", "tên.pdf"),  # NFD in, NFC out
        ("", "tai-lieu"),
        ("  . ", "tai-lieu"),
        ("x\x00y.txt", "xy.txt"),
    ],
)
def test_safe_name(name, expected):
    assert safe_name(name) == expected
    assert unicodedata.is_normalized("NFC", safe_name(name))


def test_safe_name_cut_keeps_extension():
    long = "Báo cáo " * 40 + ".pdf"
    out = safe_name(long, 60)
    assert len(out) <= 60 and out.endswith(".pdf")


@pytest.mark.parametrize(
    ("code", "title", "expected"),
    [
        ("1.1.1", "Ban hành kế hoạch CCHC năm", "1.1.1 Ban hành kế hoạch CCHC năm"),
        (
            "2.1",
            "Tỷ lệ hồ sơ giải quyết đúng hạn trên Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh",
            "2.1 Tỷ lệ hồ sơ giải quyết đúng hạn trên Hệ thống",
        ),
        ("T1", "30 % công việc / nhiệm vụ sớm", "T1 30 % công việc - nhiệm vụ sớm"),
        ("3", "Kế hoạch.", "3 Kế hoạch"),
        ("4", "Kiểm tra: a?", "4 Kiểm tra a"),
    ],
)
def test_folder_name(code, title, expected):
    assert folder_name(code, title) == expected


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["a.pdf", "a.pdf", "A.PDF"], ["a.pdf", "a (2).pdf", "A (3).PDF"]),
        (["x", "x"], ["x", "x (2)"]),
        (["a.pdf", "a (2).pdf", "a.pdf"], ["a.pdf", "a (2).pdf", "a (3).pdf"]),
    ],
)
def test_unique(names, expected):
    unique = Unique()
    assert [unique(n) for n in names] == expected


def _doc(title: str, name: str, content: bytes) -> PackDocument:
    return PackDocument(title, name=name, open=lambda: io.BytesIO(content))


def _gone() -> io.BytesIO:
    raise FileNotFoundError("gone")


def test_pack_tree_contents_and_index():
    items = [
        PackItem(
            "1.1.1",
            "Ban hành kế hoạch CCHC năm",
            (
                _doc("QĐ 12 Kế hoạch", "ke-hoach.pdf", b"plan"),
                _doc("Kế hoạch (bản 2)", "ke-hoach.pdf", b"plan2"),
                PackDocument("Cổng thông tin", url="https://example.vn/a"),
                PackDocument("Tệp đã mất", name="mat.pdf", open=_gone),
            ),
        ),
        PackItem("1.2", "Báo cáo định kỳ", (), explanation="Sẽ bổ sung"),
        PackItem("T1", "../../Thưởng", (_doc("../evil", "../../evil.sh", b"x"),)),
    ]
    seen: list[tuple[int, int]] = []
    out = io.BytesIO()
    summary = write_pack(
        out, items, extras={"bang-diem.xlsx": b"xlsx"}, progress=lambda d, t: seen.append((d, t))
    )
    assert (summary.files, summary.links) == (3, 1)
    assert summary.missing == ["1.1.1: Tệp đã mất"]
    assert seen == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]
    zf = zipfile.ZipFile(out)
    names = sorted(zf.namelist())
    assert names == sorted(
        [
            "bang-diem.xlsx",
            INDEX_NAME,
            "1.1.1 Ban hành kế hoạch CCHC năm/ke-hoach.pdf",
            "1.1.1 Ban hành kế hoạch CCHC năm/ke-hoach (2).pdf",
            f"1.1.1 Ban hành kế hoạch CCHC năm/{LINKS_NAME}",
            "T1 ..-..-Thưởng/evil.sh",
        ]
    )
    assert all(not n.startswith(("/", "..")) and "/../" not in n for n in names)
    assert zf.read("1.1.1 Ban hành kế hoạch CCHC năm/ke-hoach (2).pdf") == b"plan2"
    links = zf.read(f"1.1.1 Ban hành kế hoạch CCHC năm/{LINKS_NAME}").decode()
    assert links == "Cổng thông tin: https://example.vn/a\r\n"
    index = load_workbook(io.BytesIO(zf.read(INDEX_NAME))).active
    rows = [list(r) for r in index.iter_rows(min_row=2, values_only=True)]
    assert [r[0] for r in rows] == ["1.1.1"] * 4 + ["1.2", "T1"]
    assert rows[0][3] == "1.1.1 Ban hành kế hoạch CCHC năm/ke-hoach.pdf"
    assert rows[2][3] == "https://example.vn/a"
    assert rows[3][4] == "Không đọc được tệp trên máy chủ"
    assert rows[4][2] is None and rows[4][4] == "Chưa có tài liệu kiểm chứng. Sẽ bổ sung"


def test_pack_of_nothing_has_its_index():
    out = io.BytesIO()
    summary = write_pack(out, [])
    assert zipfile.ZipFile(out).namelist() == [INDEX_NAME]
    assert (summary.files, summary.links, summary.missing) == (0, 0, [])
