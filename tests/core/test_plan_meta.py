"""Plan metadata from the body: number, date, issuer, title, period, reporting rules."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.core.areas import canonical_area
from cchc.core.planread.body import period_from_title, read_meta

BODY = [
    "SỞ CÔNG THƯƠNG",
    "Số: 12/KH-SCT",
    "Hòa Bình Xanh, ngày 15 tháng 01 năm 2026",
    "KẾ HOẠCH",
    "Cải cách hành chính năm 2026",
    "của Sở Công Thương",
    "Căn cứ Kế hoạch số 5399/KH-UBND ngày 07/5/2025 của UBND tỉnh;",
    "- Định kỳ vào ngày 25 hàng tháng, các phòng báo cáo kết quả về Văn phòng Sở.",
    "- Định kỳ thứ sáu hàng tuần, Văn phòng Sở báo cáo lãnh đạo Sở.",
]


def test_metadata_of_a_signed_plan():
    meta, warnings, cycle = read_meta(BODY)
    assert meta.number == "12/KH-SCT"
    assert meta.issued_on == date(2026, 1, 15)
    assert meta.issuer == "Sở Công Thương"
    assert meta.title == "Cải cách hành chính năm 2026 của Sở Công Thương"
    assert (meta.period.start, meta.period.end) == (date(2026, 1, 1), date(2026, 12, 31))
    assert len(meta.reporting_rules) == 2
    assert cycle == {"reporting_day": 25, "weekly_weekday": 4}
    assert warnings == []


def test_blank_number_and_day_stay_blank_and_cited_plans_are_not_taken_for_ours():
    meta, _, _ = read_meta(
        [
            "Số: /KH-SCT",
            "Khánh Hòa, ngày tháng 6 năm 2025",
            "KẾ HOẠCH",
            "Cải cách năm 2025",
            "Căn cứ Kế hoạch số 5399/KH-UBND ngày 07/5/2025 của UBND tỉnh",
        ]
    )
    assert meta.number == "/KH-SCT" and meta.issued_on is None
    assert meta.period.start == date(2025, 1, 1)


def test_appendix_subtitle_gives_number_date_and_issuer():
    meta, _, _ = read_meta(
        [
            "PHỤ LỤC",
            "Nâng cao Chỉ số hài lòng năm 2025",
            "(Ban hành kèm theo Kế hoạch số: 23/KH-SCT ngày 25 tháng 3 năm 2025 của Sở Công Thương)",
        ]
    )
    assert (meta.number, meta.issued_on, meta.issuer) == ("23/KH-SCT", date(2025, 3, 25), "Sở Công Thương")
    assert meta.title == "Nâng cao Chỉ số hài lòng năm 2025"


def test_year_argument_overrides_and_fills_in():
    meta, _, _ = read_meta(["KẾ HOẠCH", "Cải cách hành chính"], year=2027)
    assert meta.period.start == date(2027, 1, 1)
    meta, _, _ = read_meta(["KẾ HOẠCH", "Cải cách hành chính năm 2025"], year=2026)
    assert meta.period.start == date(2026, 1, 1)


@pytest.mark.parametrize(
    ("title", "start", "end"),
    [
        ("Cải cách hành chính nhà nước 06 tháng cuối năm 2025", date(2025, 7, 1), date(2025, 12, 31)),
        ("Kế hoạch 6 tháng đầu năm 2025", date(2025, 1, 1), date(2025, 6, 30)),
        ("Cải cách hành chính năm 2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("Kế hoạch CCHC giai đoạn 2021-2025", date(2021, 1, 1), date(2025, 12, 31)),
        ("Nhiệm vụ trọng tâm quý III năm 2025", date(2025, 7, 1), date(2025, 9, 30)),
    ],
)
def test_period_from_title(title, start, end):
    p = period_from_title(title, None)
    assert (p.start, p.end) == (start, end)


@pytest.mark.parametrize(
    ("title", "context", "area"),
    [
        ("CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH", "", "direction"),
        ("CÔNG TÁC TUYÊN TRUYỀN", "", "direction"),
        ("CẢI CÁCH THỂ CHẾ", "", "institutions"),
        ("CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "", "procedures"),
        ("CẢI CÁCH TTHC", "", "procedures"),
        ("CẢI CÁCH TỔ CHỨC BỘ MÁY HÀNH CHÍNH NHÀ NƯỚC", "", "organisation"),
        ("CẢI CÁCH CHẾ ĐỘ CÔNG VỤ", "", "civil_service"),
        ("CẢI CÁCH CÔNG VỤ", "", "civil_service"),
        ("CẢI CÁCH TÀI CHÍNH CÔNG", "", "public_finance"),
        ("XÂY DỰNG CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ", "", "digital_government"),
        ("XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH PHỦ ĐIỆN TỬ, CHÍNH PHỦ SỐ", "", "digital_government"),
        ("TÁC ĐỘNG CỦA CCHC ĐẾN PHÁT TRIỂN KT-XH", "", "impact"),
        ("CẢI THIẾN CHỈ SỐ HÀI LÒNG", "", "satisfaction"),
        ("Tiêu chí 2: Thủ tục hành chính", "Mức độ hài lòng đạt trên 90%", "satisfaction"),
        ("CÁC TIÊU CHÍ VỀ ĐIỂM THƯỞNG", "", "bonus"),
        ("PHẦN ĐẦU KHÔNG VI PHẠM CÁC NỘI DUNG ĐIỂM TRỪ", "", "penalty"),
        ("NHIỆM VỤ KHÁC", "", "other"),
    ],
)
def test_areas(title, context, area):
    assert canonical_area(title, context) == area
