"""Shared Vietnamese text helpers: cell cleaning, folding, bullet splitting."""

from __future__ import annotations

import unicodedata

import pytest

from cchc.core.text import clean_cell, fold, fold_words, split_bullets, strip_item


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", ""),
        (None, ""),
        ("  Văn phòng   Sở  ", "Văn phòng Sở"),
        ("<p>Văn phòng Sở</p>", "Văn phòng Sở"),
        ("<p>- Sở Nội vụ;</p> <p>- Các phòng</p>", "- Sở Nội vụ; - Các phòng"),
        ('<ul style="list-style-type: none"> - Văn phòng Sở. </ul>', "- Văn phòng Sở."),
        ("<ul><li>Một</li><li>Hai</li></ul>", "Một Hai"),
        ("dòng một<br>dòng hai<br/>dòng ba", "dòng một dòng hai dòng ba"),
        ("<i>trang thông tin</i> điện tử", "trang thông tin điện tử"),
        ("Sở&nbsp;Nội&nbsp;vụ", "Sở Nội vụ"),
        ("A &amp; B", "A & B"),
        ("tỷ lệ &gt; 90%", "tỷ lệ > 90%"),
        ("Văn\u00a0phòng\u00a0Sở", "Văn phòng Sở"),
        ("Văn\tphòng\nSở", "Văn phòng Sở"),
        ("Sở\u200b Nội vụ", "Sở Nội vụ"),
        (unicodedata.normalize("NFD", "Thanh tra Sở"), "Thanh tra Sở"),
        ("<P CLASS='x'>Hoa</P>", "Hoa"),
        ("không có thẻ", "không có thẻ"),
        ("a <b>đậm</b> b", "a đậm b"),
        ("năm 2025 (<i>khuyến công, năng lượng...</i>)", "năm 2025 (khuyến công, năng lượng...)"),
        ("Sở<span>Nội</span> vụ<sup>1</sup>", "SởNội vụ1"),
        ("một<td>hai", "một hai"),
    ],
)
def test_clean_cell(raw, expected):
    out = clean_cell(raw)
    assert out == expected
    assert unicodedata.is_normalized("NFC", out)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<p>- Một</p><p>- Hai</p>", "- Một\n- Hai"),
        ("dòng một<br>  dòng   hai", "dòng một\ndòng hai"),
        ("<ul><li>A</li><li>B</li></ul>", "A\nB"),
    ],
)
def test_clean_cell_keep_lines(raw, expected):
    assert clean_cell(raw, keep_lines=True) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Văn phòng Sở", "van phong so"),
        ("VĂN PHÒNG SỞ", "van phong so"),
        ("Văn phòng sơ", "van phong so"),
        ("Đơn vị trực thuộc", "don vi truc thuoc"),
        ("đ Đ", "d d"),
        ("  Các phòng,  đơn vị  ", "cac phong, don vi"),
        ("- Văn phòng Sở;", "van phong so"),
        ("(Quản trị mạng)", "quan tri mang"),
        (unicodedata.normalize("NFD", "Khánh Hòa"), "khanh hoa"),
        ("Khánh Hoà", "khanh hoa"),
        ("", ""),
        (None, ""),
        ("...", ""),
        ("thi đua-khen thưởng", "thi dua-khen thuong"),
    ],
)
def test_fold(raw, expected):
    assert fold(raw) == expected


@pytest.mark.parametrize("raw", ["Văn phòng Sở", "- Các phòng, đơn vị;", "Đ", "TTKC & XTTM", "  x  "])
def test_fold_is_idempotent(raw):
    assert fold(fold(raw)) == fold(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("VP. UBND tỉnh", "vp ubnd tinh"),
        ("TTKC & XTTM", "ttkc xttm"),
        ("Phòng Kế hoạch - Tài chính - Tổng hợp", "phong ke hoach tai chinh tong hop"),
        ("Các phòng, đơn vị thuộc, trực thuộc Sở", "cac phong don vi thuoc truc thuoc so"),
        ("đạt 90% kế hoạch", "dat 90% ke hoach"),
    ],
)
def test_fold_words(raw, expected):
    assert fold_words(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", []),
        ("Văn phòng Sở", ["Văn phòng Sở"]),
        ("Văn phòng Sở; Thanh tra Sở", ["Văn phòng Sở", "Thanh tra Sở"]),
        ("Văn phòng Sở;", ["Văn phòng Sở"]),
        ("- Sở nội vụ - Các phòng và đơn vị thuộc Sở", ["Sở nội vụ", "Các phòng và đơn vị thuộc Sở"]),
        ("Sở Nội vụ, - Các phòng, đơn vị thuộc Sở", ["Sở Nội vụ", "Các phòng, đơn vị thuộc Sở"]),
        ("Sở Tư pháp - Các phòng, đơn vị thuộc Sở", ["Sở Tư pháp", "Các phòng, đơn vị thuộc Sở"]),
        ("- Văn phòng UBND tỉnh - Sở Tư pháp", ["Văn phòng UBND tỉnh", "Sở Tư pháp"]),
        ("- Các phòng, đơn vị. - TTKC và XTTM nghiên cứu", ["Các phòng, đơn vị.", "TTKC và XTTM nghiên cứu"]),
        ("Các sở, ban, ngành tỉnh", ["Các sở, ban, ngành tỉnh"]),
        ("bình xét thi đua-khen thưởng", ["bình xét thi đua-khen thưởng"]),
        ("phát triển kinh tế - xã hội của tỉnh", ["phát triển kinh tế - xã hội của tỉnh"]),
        ("đạt từ 70% - 80%", ["đạt từ 70% - 80%"]),
        ("Quý III - IV", ["Quý III - IV"]),
        ("Phòng Kế hoạch - Tài chính - Tổng hợp", ["Phòng Kế hoạch - Tài chính - Tổng hợp"]),
        (
            "Phòng Kỹ thuật An toàn - Môi trường; Văn phòng Sở",
            ["Phòng Kỹ thuật An toàn - Môi trường", "Văn phòng Sở"],
        ),
        (
            "Phòng Kế hoạch - Tài chính - Tổng hợp - Văn phòng Sở",
            ["Phòng Kế hoạch - Tài chính - Tổng hợp", "Văn phòng Sở"],
        ),
        ("+ Một việc + Việc khác", ["Một việc", "Việc khác"]),
        ("• Một • Hai", ["Một", "Hai"]),
        (
            "-Tăng cường kiểm tra. -Thường xuyên tuyên truyền",
            ["Tăng cường kiểm tra.", "Thường xuyên tuyên truyền"],
        ),
        ("dòng một\n- dòng hai", ["dòng một", "dòng hai"]),
        (
            "Báo cáo 6 tháng (trước ngày 07/6; bản giấy), báo cáo năm",
            ["Báo cáo 6 tháng (trước ngày 07/6; bản giấy), báo cáo năm"],
        ),
        ("văn bản số 01/2020/TT-VPCP", ["văn bản số 01/2020/TT-VPCP"]),
        ("- ; - ;", []),
    ],
)
def test_split_bullets(raw, expected):
    assert split_bullets(raw) == expected


def test_split_bullets_semicolons_off():
    assert split_bullets("cấp tỉnh 95%; cấp xã 80% - Ký số 90%", semicolons=False) == [
        "cấp tỉnh 95%; cấp xã 80%",
        "Ký số 90%",
    ]


def test_split_bullets_protects_given_names():
    text = "Phòng Thanh tra - Pháp chế - Tổng hợp - Văn phòng Sở"
    assert split_bullets("Phòng Quản lý - Điều hành; x", protect=["Phòng Quản lý - Điều hành"]) == [
        "Phòng Quản lý - Điều hành",
        "x",
    ]
    assert split_bullets(text, protect=["Phòng Thanh tra - Pháp chế - Tổng hợp"]) == [
        "Phòng Thanh tra - Pháp chế - Tổng hợp",
        "Văn phòng Sở",
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("- Văn phòng Sở;", "Văn phòng Sở"), ("  + x , ", "x"), ("• a", "a"), ("b.", "b.")],
)
def test_strip_item(raw, expected):
    assert strip_item(raw) == expected
