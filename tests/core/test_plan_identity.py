"""The same plan told by its number, issuer and year, not by its bytes (issue 8, defect 3)."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from cchc.core.plan_identity import issuer_key, number_key, plan_key, plan_year, same_issuer

ORG = "Sở Công Thương tỉnh Hòa Bình Xanh"


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("12/KH-SCT", "12/kh-sct"),
        ("12 /KH-SCT", "12/kh-sct"),
        (" 12/KH-SCT ", "12/kh-sct"),  # the copy with a trailing space
        ("Số: 12/KH-SCT", "12/kh-sct"),
        ("Số 12/KH-SCT", "12/kh-sct"),
        ("SỐ:12/KH-SCT", "12/kh-sct"),
        ("số: 12 / kh - sct", "12/kh-sct"),
        ("12/KH–SCT", "12/kh-sct"),  # an en dash typed by Word
        ("012/KH-SCT", "12/kh-sct"),  # a leading zero
        ("05/KH-SCT", "5/kh-sct"),
        (unicodedata.normalize("NFD", "12/KH-SĐT"), "12/kh-sdt"),
        ("12/QĐ-SCT", "12/qd-sct"),
        ("120/KH-SCT", "120/kh-sct"),  # another number
        ("12/KH-UBND", "12/kh-ubnd"),
        # Nothing to identify the plan by.
        ("/KH-SCT", ""),
        ("Số: /KH-SCT", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_number_key(written, key):
    assert number_key(written) == key


@pytest.mark.parametrize(
    ("issuer", "key"),
    [
        ("Sở Công Thương", "so cong thuong"),
        ("SỞ CÔNG THƯƠNG TỈNH HÒA BÌNH XANH", "so cong thuong"),
        ("Sở Công Thương tỉnh Hòa Bình Xanh", "so cong thuong"),
        ("Sở Công Thương thành phố Hà Nội", "so cong thuong"),
        ("UBND tỉnh Khánh Hòa", "ubnd"),
        ("", ""),
        (None, ""),
    ],
)
def test_issuer_key(issuer, key):
    assert issuer_key(issuer) == key


@pytest.mark.parametrize(
    ("issuer", "same"),
    [
        ("Sở Công Thương", True),
        ("SỞ CÔNG THƯƠNG TỈNH HÒA BÌNH XANH", True),
        ("Sở  Công  Thương  tỉnh Hòa Bình Xanh", True),
        ("", True),  # nothing read: no warning on that ground
        ("Sở Công Thương tỉnh Quảng Trị", False),  # another province's department
        ("UBND tỉnh Hòa Bình Xanh", False),
        ("Sở Nội vụ", False),
    ],
)
def test_same_issuer(issuer, same):
    assert same_issuer(issuer, ORG) is same


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        # (number, issuer, year) of two copies
        (
            ("12/KH-SCT", "Sở Công Thương tỉnh Hòa Bình Xanh", 2026),
            ("12/KH-SCT ", "Sở Công Thương", 2026),
            True,
        ),
        (("Số: 12/KH-SCT", "", 2026), ("12 /KH-SCT", "SỞ CÔNG THƯƠNG", 2026), True),
        (("12/KH-SCT", "Sở Công Thương", 2026), ("12/KH-SCT", "Sở Công Thương", 2025), False),
        (("12/KH-SCT", "Sở Công Thương", 2026), ("13/KH-SCT", "Sở Công Thương", 2026), False),
        (("12/KH-SCT", "Sở Công Thương", 2026), ("12/KH-SCT", "UBND tỉnh Hòa Bình Xanh", 2026), False),
    ],
)
def test_plan_key_tells_the_same_plan(a, b, same):
    ka, kb = plan_key(*a, ORG), plan_key(*b, ORG)
    assert ka and kb
    assert (ka == kb) is same


@pytest.mark.parametrize(
    ("number", "year"),
    [("/KH-SCT", 2025), ("", 2026), ("12/KH-SCT", None)],
)
def test_a_plan_without_number_or_year_has_no_key(number, year):
    assert plan_key(number, "Sở Công Thương", year, ORG) == ""


@pytest.mark.parametrize(
    ("start", "issued", "year"),
    [
        (date(2026, 1, 1), date(2025, 12, 20), 2026),  # the period's year first
        (None, date(2025, 3, 25), 2025),
        (None, None, None),
    ],
)
def test_plan_year(start, issued, year):
    assert plan_year(start, issued) == year
