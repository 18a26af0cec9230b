"""The reform areas of the PAR INDEX, as plan sections name them.

Section titles vary ("CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH", "Cải cách TTHC", "Tiêu chí 1: Mức độ tiếp
cận dịch vụ"), so the mapping is a keyword table over accent-folded text; the first row
whose keywords occur wins, which is why the more specific rows come first.
"""

from __future__ import annotations

from cchc.core.text import fold

AREAS: dict[str, str] = {
    "direction": "Công tác chỉ đạo, điều hành",
    "institutions": "Cải cách thể chế",
    "procedures": "Cải cách thủ tục hành chính",
    "organisation": "Cải cách tổ chức bộ máy",
    "civil_service": "Cải cách chế độ công vụ",
    "public_finance": "Cải cách tài chính công",
    "digital_government": "Xây dựng chính quyền điện tử, chính quyền số",
    "impact": "Tác động của CCHC đến phát triển kinh tế - xã hội",
    "satisfaction": "Nâng cao mức độ hài lòng (SIPAS)",
    "bonus": "Tiêu chí điểm thưởng",
    "penalty": "Tiêu chí điểm trừ",
    "other": "Khác",
}

# (area, keywords) in priority order; keywords are accent-folded, lower case.
_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("bonus", ("diem thuong",)),
    ("penalty", ("diem tru",)),
    ("satisfaction", ("hai long", "sipas")),
    ("impact", ("tac dong",)),
    (
        "digital_government",
        ("chinh quyen dien tu", "chinh phu dien tu", "chinh quyen so", "chinh phu so", "chuyen doi so"),
    ),
    ("public_finance", ("tai chinh cong",)),
    ("civil_service", ("cong vu", "can bo, cong chuc", "cong chuc, vien chuc")),
    ("organisation", ("to chuc bo may", "bo may")),
    ("procedures", ("thu tuc hanh chinh", "tthc", "mot cua")),
    ("institutions", ("the che", "van ban quy pham", "qppl", "phap luat")),
    ("direction", ("chi dao", "dieu hanh", "tuyen truyen", "kiem tra cchc")),
)


def canonical_area(title: str, context: str = "") -> str:
    """Area key for a section title; ``context`` (other cells of the section row) breaks ties.

    The SIPAS appendix names its sections "Tiêu chí N: …" with the satisfaction target in
    another cell, so a "mức độ hài lòng" there makes the section a satisfaction one.
    """
    key = fold(title)
    if key.startswith("tieu chi") and "hai long" in fold(context):
        return "satisfaction"
    for area, words in _KEYWORDS:
        if any(w in key for w in words):
            return area
    return "other"
