"""The unit directory (resolution of mentions, groups, aliases) and the reading of unit cells."""

from __future__ import annotations

import json

import pytest

from cchc.core.text import clean_cell
from cchc.core.units import (
    GROUPS,
    Resolution,
    Unit,
    UnitCell,
    UnitDirectory,
    default_external_bodies,
    demo_directory,
    split_unit_cell,
)
from tests.paths import GOLD_DIR, PLANS_DIR, SAMPLE_NAMES

DEMO = demo_directory()
ALL = ["VP", "TTRA", "KHTC", "QLCN", "QLNL", "QLTM", "KTAT", "TTKC", "QLTT", "MC"]
DIVISIONS = ["KHTC", "QLCN", "QLNL", "QLTM", "KTAT"]
SUBORDINATE = ["TTKC", "QLTT"]

# (mention, status, codes, via); codes None = not checked (externals carry no directory code).
RESOLVE_CASES = [
    # exact names, any case / accents / spacing
    ("Văn phòng Sở", "unit", ["VP"], "exact"),
    ("Văn phòng sở", "unit", ["VP"], "exact"),
    ("VĂN PHÒNG SỞ", "unit", ["VP"], "exact"),
    ("Van phong So", "unit", ["VP"], "exact"),
    ("Văn phòng sơ", "unit", ["VP"], "exact"),
    ("  Văn  phòng   Sở. ", "unit", ["VP"], "exact"),
    ("- Văn phòng Sở;", "unit", ["VP"], "exact"),
    ("Văn phòng", "unit", ["VP"], "exact"),
    ("Văn phòng Sở Công Thương", "unit", ["VP"], "exact"),
    ("Văn phòng Sở (Quản trị mạng)", "unit", ["VP"], "exact"),
    ("Văn phòng Sở chủ trì", "unit", ["VP"], "exact"),
    ("Văn phòng sở chủ trì thực hiện", "unit", ["VP"], "exact"),
    ("Thanh tra Sở", "unit", ["TTRA"], "exact"),
    ("Thanh tra so", "unit", ["TTRA"], "exact"),
    ("Thanh tra", "unit", ["TTRA"], "exact"),
    ("Phòng Quản lý Công nghiệp", "unit", ["QLCN"], "exact"),
    ("PHÒNG QUẢN LÝ THƯƠNG MẠI", "unit", ["QLTM"], "exact"),
    ("Phong Quan ly Nang luong", "unit", ["QLNL"], "exact"),
    ("Phòng Kế hoạch – Tài chính – Tổng hợp", "unit", ["KHTC"], "exact"),
    ("Phòng Kỹ thuật an toàn môi trường", "unit", ["KTAT"], "exact"),
    ("Trung tâm Khuyến công và Xúc tiến thương mại", "unit", ["TTKC"], "exact"),
    ("Chi cục Quản lý thị trường", "unit", ["QLTT"], "exact"),
    ("Chi cục quản lý thị trường (gọi là đơn vị trực thuộc)", "unit", ["QLTT"], "exact"),
    ("Bộ phận một cửa của Sở", "unit", ["MC"], "exact"),
    # abbreviations: listed, and spelled from initials
    ("VP", "unit", ["VP"], "abbreviation"),
    ("VP.", "unit", ["VP"], "abbreviation"),
    ("TTKC và XTTM", "unit", ["TTKC"], "abbreviation"),
    ("TTKC & XTTM", "unit", ["TTKC"], "abbreviation"),
    ("Trung tâm KC và XTTM", "unit", ["TTKC"], "abbreviation"),
    ("Trung tâm Khuyến công và XTTM", "unit", ["TTKC"], "abbreviation"),
    ("Chi cục QLTT", "unit", ["QLTT"], "abbreviation"),
    ("QLTT", "unit", ["QLTT"], "abbreviation"),
    ("Phòng QLNL", "unit", ["QLNL"], "abbreviation"),
    ("Phòng QL Công nghiệp", "unit", ["QLCN"], "abbreviation"),
    ("P. QLCN", "unit", ["QLCN"], "abbreviation"),
    ("Phòng KHTCTH", "unit", ["KHTC"], "abbreviation"),
    ("BPMC", "unit", ["MC"], "abbreviation"),
    ("Bộ phận tiếp nhận và trả kết quả", "unit", ["MC"], "abbreviation"),
    # typos: fuzzy above the threshold
    ("Van phng So", "unit", ["VP"], "fuzzy"),
    ("Thanh tra Sơr", "unit", ["TTRA"], "fuzzy"),
    ("Chi cục Quản lí thị trường", "unit", ["QLTT"], "fuzzy"),
    ("Trug tâm Khuyến công và Xúc tiến thương mại", "unit", ["TTKC"], "fuzzy"),
    ("Phòng Quản lý Năng lương", "unit", ["QLNL"], "exact"),
    ("Phòng Quản ly Thuơng mai", "unit", ["QLTM"], "exact"),
    ("Phòng Quản lý Công nghiẹp", "unit", ["QLCN"], "exact"),
    ("Phòng Quản lý Cong nghiep.", "unit", ["QLCN"], "exact"),
    ("Phòng Quản lý Cộng nghệp", "unit", ["QLCN"], "fuzzy"),
    # groups
    ("Các phòng, đơn vị thuộc và trực thuộc Sở", "group", ALL, "group"),
    ("các phòng, đơn vị thuộc, trực thuộc sở", "group", ALL, "group"),
    ("Các phòng, đơn vị thuộc và trực thuộc", "group", ALL, "group"),
    ("Các phòng, ban, đơn vị", "group", ALL, "group"),
    ("Các phòng, đơn vị sở", "group", ALL, "group"),
    ("Các phòng, đơn vị thuộc Sở", "group", ALL, "group"),
    ("các phòng và đơn vị thuộc Sở", "group", ALL, "group"),
    ("Các phòng, đơn vị trực thuộc", "group", ALL, "group"),
    ("Các phòng chuyên môn và đơn vị thuộc Sở", "group", ALL, "group"),
    ("Các phòng, đơn vị thuộc Sở Công Thương", "group", ALL, "group"),
    ("cac phong, don vi thuoc va truc thuoc so", "group", ALL, "group"),
    ("Các phòng, đơn vị sở chủ trì thực hiện.", "group", ALL, "group"),
    ("các phòng chuyên môn", "group", DIVISIONS, "group"),
    ("Các phòng chuyên môn thuộc Sở", "group", DIVISIONS, "group"),
    ("Các phòng thuộc Sở", "group", DIVISIONS, "group"),
    ("các phòng", "group", DIVISIONS, "group"),
    ("các đơn vị", "group", SUBORDINATE, "group"),
    ("Các đơn vị thuộc Sở", "group", SUBORDINATE, "group"),
    ("đơn vị trực thuộc", "group", SUBORDINATE, "group"),
    ("Văn phòng, đơn vị thuộc Sở", "group", ALL, "group"),
    # several units written as one mention
    ("Văn phòng Sở Thanh tra Sở", "group", ["VP", "TTRA"], "group"),
    ("Thanh tra Sở, các phòng chuyên môn", "group", ["TTRA", *DIVISIONS], "group"),
    (
        "Các phòng, Trung tâm Khuyến công và Xúc tiến thương mại, Chi cục Quản lý thị trường",
        "group",
        [*DIVISIONS, "TTKC", "QLTT"],
        "group",
    ),
    # a cell phrase with instructions is reduced to its unit
    ("Văn phòng Sở đôn đốc, tổng hợp", "unit", ["VP"], "exact"),
    ("Văn phòng sở theo dõi, đôn đốc việc thực hiện", "unit", ["VP"], "exact"),
    ("TTKC và XTTM nghiên cứu, triển khai", "unit", ["TTKC"], "abbreviation"),
    ("Các phòng, đơn vị thuộc và trực thuộc Sở thường xuyên theo dõi", "group", ALL, "group"),
    # outside bodies
    ("Sở Nội vụ", "external", None, "exact"),
    ("Sở nội vụ", "external", None, "exact"),
    ("Sở Nôi vụ", "external", None, "exact"),
    ("Sở Tư pháp tỉnh Quảng Trị", "external", None, "exact"),
    ("Sở Tài chính", "external", None, "exact"),
    ("Sở KH&CN", "external", None, "exact"),
    ("Sở Khoa học và Công nghệ", "external", None, "exact"),
    ("Văn phòng UBND tỉnh", "external", None, "exact"),
    ("VP. UBND tỉnh", "external", None, "exact"),
    ("UBND tỉnh", "external", None, "exact"),
    ("Ủy ban nhân dân tỉnh Khánh Hòa", "external", None, "exact"),
    ("Trung tâm Phục vụ Hành chính công của tỉnh Khánh Hòa", "external", None, "exact"),
    ("Trung tâm PVHCC tỉnh", "external", None, "exact"),
    ("Các sở, ban, ngành tỉnh", "external", None, "exact"),
    ("Bộ Công Thương", "external", None, "exact"),
    ("Thanh tra tỉnh", "external", None, "exact"),
    ("CA tỉnh", "external", None, "abbreviation"),
    # unknown: never invent a unit
    ("Sở Công Thương", "unknown", [], "none"),
    ("Lãnh đạo Sở", "unknown", [], "none"),
    ("Phòng Tổng hợp", "unknown", [], "none"),
    ("Phòng Quản lý", "unknown", [], "none"),
    ("Trung tâm Khuyến công", "unknown", [], "none"),
    ("Công ty Điện lực", "unknown", [], "none"),
    ("Văn phòng Sở Nội vụ", "unknown", [], "none"),
    ("Quản trị mạng", "unknown", [], "none"),
    ("Sở", "unknown", [], "none"),
    ("", "unknown", [], "none"),
    ("thực hiện tham mưu lãnh đạo sở", "unknown", [], "none"),
]


@pytest.mark.parametrize(("mention", "status", "codes", "via"), RESOLVE_CASES)
def test_resolve(mention, status, codes, via):
    res = DEMO.resolve(mention)
    assert isinstance(res, Resolution)
    assert res.text == mention
    assert res.status == status
    assert res.via == via
    if codes is not None:
        assert res.codes == codes
    if status == "unknown":
        assert res.matched is None and res.score == 0
    else:
        assert res.matched and 0 < res.score <= 100
    if via == "fuzzy":
        assert res.score >= 85


@pytest.mark.parametrize(
    ("mention", "matched"),
    [
        ("VP. UBND tỉnh", "Văn phòng UBND tỉnh"),
        ("Ủy ban nhân dân tỉnh Khánh Hòa", "UBND tỉnh"),
        ("Trung tâm PVHCC tỉnh", "Trung tâm Phục vụ Hành chính công tỉnh"),
        ("Các sở ban ngành", "Các sở, ban, ngành tỉnh"),
        ("Văn phòng sơ", "Văn phòng Sở"),
        ("các phòng chuyên môn", "Các phòng chuyên môn thuộc Sở"),
    ],
)
def test_resolve_matched_name(mention, matched):
    assert DEMO.resolve(mention).matched == matched


NEAR_TWINS = UnitDirectory(
    [
        Unit("NV1", "Phòng Nghiệp vụ 1"),
        Unit("NV2", "Phòng Nghiệp vụ 2"),
        Unit("TC", "Phòng Tổ chức", abbreviations=("PTC",)),
        Unit("TRA", "Phòng Thanh tra", abbreviations=("PTC",)),
        Unit("KT", "Phòng Kinh tế"),
    ]
)


@pytest.mark.parametrize(
    ("mention", "status", "codes"),
    [
        ("Phòng Nghiệp vụ", "ambiguous", ["NV1", "NV2"]),
        ("Phòng nghiệp vụ 3", "ambiguous", ["NV1", "NV2"]),
        ("PTC", "ambiguous", ["TC", "TRA"]),
        ("Phòng Nghiệp vụ 1", "unit", ["NV1"]),
        ("Phòng Nghiệp vụ 2", "unit", ["NV2"]),
        ("Phòng Kinh tế", "unit", ["KT"]),
        ("Phòng Kinh tê", "unit", ["KT"]),
        ("Phòng Văn hóa", "unknown", []),
    ],
)
def test_resolve_ambiguity(mention, status, codes):
    res = NEAR_TWINS.resolve(mention)
    assert (res.status, res.codes) == (status, codes)


ALIASED = UnitDirectory(
    demo_directory().units,
    {
        "Quản trị mạng": "VP",
        "quan tri mang (dang website)": "VP",
        "Các đơn vị": "all_units",
        "Văn phòng Sở": "TTRA",  # a (strange) correction still wins over the exact name
        "Tổ công tác": "nonexistent",  # a stale alias is ignored
        "Lãnh đạo Sở": "-",  # "not a unit" is the web app's business
    },
)


@pytest.mark.parametrize(
    ("mention", "status", "codes", "via"),
    [
        ("Quản trị mạng", "unit", ["VP"], "alias"),
        ("QUẢN TRỊ MẠNG", "unit", ["VP"], "alias"),
        ("Quản trị mạng (Đăng Website)", "unit", ["VP"], "alias"),
        ("Các đơn vị", "group", ALL, "alias"),
        ("các đơn vị", "group", ALL, "alias"),
        ("Văn phòng Sở", "unit", ["TTRA"], "alias"),
        ("Thanh tra Sở", "unit", ["TTRA"], "exact"),
        ("Tổ công tác", "unknown", [], "none"),
        ("Lãnh đạo Sở", "unknown", [], "none"),
        ("Các đơn vị thuộc Sở", "group", SUBORDINATE, "group"),
    ],
)
def test_aliases_override(mention, status, codes, via):
    res = ALIASED.resolve(mention)
    assert (res.status, res.codes, res.via) == (status, codes, via)


@pytest.mark.parametrize(
    ("key", "codes"),
    [
        ("all_units", ALL),
        ("divisions", DIVISIONS),
        ("subordinate_units", SUBORDINATE),
        ("office_and_units", ALL),
        ("no_such_group", []),
    ],
)
def test_expand_group(key, codes):
    assert DEMO.expand_group(key) == codes


def test_office_first_in_office_group():
    units = [
        Unit("P1", "Phòng Một"),
        Unit("VP", "Văn phòng Sở", "office"),
        Unit("C", "Trung tâm X", "center", affiliation="truc_thuoc"),
    ]
    d = UnitDirectory(units)
    assert d.expand_group("office_and_units") == ["VP", "P1", "C"]
    assert d.expand_group("subordinate_units") == ["C"]


def test_groups_lists_non_empty_groups_with_labels():
    groups = {g.key: g for g in DEMO.groups()}
    assert set(groups) == {g.key for g in GROUPS}
    assert groups["divisions"].codes == DIVISIONS
    assert all(g.label for g in groups.values())
    only_divisions = UnitDirectory([Unit("P1", "Phòng Một")])
    assert {g.key for g in only_divisions.groups()} == {"office_and_units", "all_units", "divisions"}


def test_external_units_do_not_join_groups():
    d = UnitDirectory([*DEMO.units, Unit("SNV", "Sở Nội vụ", "external", affiliation="external")])
    assert "SNV" not in d.expand_group("all_units")
    res = d.resolve("Sở Nội vụ")
    assert (res.status, res.codes) == ("external", ["SNV"])


def test_to_dicts_round_trip_through_json():
    data = json.loads(json.dumps(DEMO.to_dicts(), ensure_ascii=False))
    again = UnitDirectory.from_dicts(data)
    assert [u.to_dict() for u in again.units] == [u.to_dict() for u in DEMO.units]
    assert again.resolve("TTKC và XTTM").codes == ["TTKC"]


def test_from_dicts_accepts_an_object_with_aliases():
    d = UnitDirectory.from_dicts(
        {"units": DEMO.to_dicts(), "aliases": {"Tổ IT": "VP"}, "department": "Sở Công Thương"}
    )
    assert d.resolve("tổ IT").codes == ["VP"]
    assert d.resolve("Sở Công Thương").status == "unknown"


def test_unit_accepts_list_abbreviations_and_validates():
    u = Unit(code="X", name="Phòng X", kind="division", abbreviations=["PX", ""], affiliation="thuoc")
    assert u.abbreviations == ("PX",)
    with pytest.raises(ValueError, match="Loại đơn vị"):
        Unit("X", "Phòng X", kind="bureau")
    with pytest.raises(ValueError, match="Quan hệ"):
        Unit("X", "Phòng X", affiliation="inside")


def test_default_external_bodies_cover_the_usual_partners():
    names = {u.name for u in default_external_bodies()}
    for name in (
        "Sở Nội vụ",
        "Sở Tư pháp",
        "Sở Tài chính",
        "Sở Khoa học và Công nghệ",
        "Văn phòng UBND tỉnh",
        "UBND tỉnh",
        "Trung tâm Phục vụ Hành chính công tỉnh",
        "Các sở, ban, ngành tỉnh",
        "Bộ Công Thương",
    ):
        assert name in names
    assert all(u.kind == "external" and u.affiliation == "external" for u in default_external_bodies())
    assert len({u.code for u in default_external_bodies()}) == len(default_external_bodies())


def test_empty_directory_still_knows_outside_bodies_and_never_invents():
    d = UnitDirectory([])
    assert d.resolve("Sở Nội vụ").status == "external"
    assert d.resolve("Văn phòng Sở").status == "unknown"
    assert d.resolve("Các phòng chuyên môn") == Resolution(
        "Các phòng chuyên môn", "group", [], "Các phòng chuyên môn thuộc Sở", 100.0, "group"
    )


def test_demo_directory_shape():
    kinds = {u.code: (u.kind, u.affiliation) for u in DEMO.units}
    assert kinds["VP"] == ("office", "thuoc")
    assert kinds["TTRA"] == ("inspectorate", "thuoc")
    assert kinds["TTKC"] == ("center", "truc_thuoc")
    assert kinds["QLTT"] == ("subdepartment", "truc_thuoc")
    assert kinds["MC"] == ("one_stop", "thuoc")
    assert sum(1 for k, _ in kinds.values() if k == "division") == 5


def test_resolution_to_dict():
    assert DEMO.resolve("VP").to_dict() == {
        "text": "VP",
        "status": "unit",
        "codes": ["VP"],
        "matched": "Văn phòng Sở",
        "score": 100.0,
        "via": "abbreviation",
    }


# --- split_unit_cell -----------------------------------------------------------------------------

# (cell, role, lead, coordinating, method)
SPLIT_CASES = [
    ("", "lead", [], [], ""),
    ("Văn phòng Sở", "lead", ["Văn phòng Sở"], [], ""),
    ("Văn phòng Sở", "coordinating", [], ["Văn phòng Sở"], ""),
    ("- Văn phòng Sở", "lead", ["Văn phòng Sở"], [], ""),
    ("Văn phòng Sở đôn đốc, tổng hợp", "coordinating", [], ["Văn phòng Sở"], "đôn đốc, tổng hợp"),
    (
        "Văn phòng Sở: Định kỳ thứ sáu hàng tuần, tổng hợp, báo cáo",
        "coordinating",
        [],
        ["Văn phòng Sở"],
        "Định kỳ thứ sáu hàng tuần, tổng hợp, báo cáo",
    ),
    ("Văn phòng sở chủ trì thực hiện", "lead", ["Văn phòng sở"], [], ""),
    ("Văn phòng sở chủ trì thực hiện;", "lead", ["Văn phòng sở"], [], ""),
    ("Văn phòng Sở chủ trì", "coordinating", ["Văn phòng Sở"], [], ""),
    ("Văn phòng Sở (Quản trị mạng)", "coordinating", [], ["Văn phòng Sở (Quản trị mạng)"], ""),
    (
        "TTKC và XTTM nghiên cứu, triển khai các sáng kiến.",
        "lead",
        ["TTKC và XTTM"],
        [],
        "nghiên cứu, triển khai các sáng kiến",
    ),
    (
        "Các phòng, đơn vị thuộc và trực thuộc Sở thường xuyên theo dõi, xử lý kịp thời",
        "lead",
        ["Các phòng, đơn vị thuộc và trực thuộc Sở"],
        [],
        "thường xuyên theo dõi, xử lý kịp thời",
    ),
    (
        "Các phòng, đơn vị thuộc và trực thuộc Sở xây dựng dự thảo Công bố",
        "lead",
        ["Các phòng, đơn vị thuộc và trực thuộc Sở"],
        [],
        "xây dựng dự thảo Công bố",
    ),
    (
        "Các phòng chuyên môn trong quá trình triển khai",
        "lead",
        ["Các phòng chuyên môn"],
        [],
        "trong quá trình triển khai",
    ),
    (
        "Các phòng, đơn vị thuộc sở khi dừng tính hồ sơ phải có lý do",
        "lead",
        ["Các phòng, đơn vị thuộc sở"],
        [],
        "khi dừng tính hồ sơ phải có lý do",
    ),
    (
        "Các phòng, đơn vị thuộc và trực thuộc có trách nhiệm rà soát",
        "lead",
        ["Các phòng, đơn vị thuộc và trực thuộc"],
        [],
        "có trách nhiệm rà soát",
    ),
    (
        "Các phòng chuyên môn phối hợp với Văn phòng Sở khuyến khích doanh nghiệp",
        "coordinating",
        [],
        ["Các phòng chuyên môn"],
        "phối hợp với Văn phòng Sở khuyến khích doanh nghiệp",
    ),
    (
        "Các phòng, đơn vị thuộc và trực thuộc Sở phối hợp",
        "coordinating",
        [],
        ["Các phòng, đơn vị thuộc và trực thuộc Sở"],
        "",
    ),
    (
        "Văn phòng Sở chủ trì theo dõi, tham mưu; đồng thời cập nhật dữ liệu.",
        "lead",
        ["Văn phòng Sở"],
        [],
        "theo dõi, tham mưu; đồng thời cập nhật dữ liệu",
    ),
    # role split whatever the column
    (
        "Văn phòng sở chủ trì; các phòng, đơn vị thuộc, trực thuộc sở phối hợp.",
        "lead",
        ["Văn phòng sở"],
        ["các phòng, đơn vị thuộc, trực thuộc sở"],
        "",
    ),
    (
        "Văn phòng Sở chủ trì, các phòng chuyên môn phối hợp",
        "coordinating",
        ["Văn phòng Sở"],
        ["các phòng chuyên môn"],
        "",
    ),
    (
        "Văn phòng Sở chủ trì, phối hợp với Thanh tra Sở và các phòng chuyên môn",
        "lead",
        ["Văn phòng Sở"],
        ["Thanh tra Sở", "các phòng chuyên môn"],
        "",
    ),
    (
        "- Đơn vị chủ trì: Văn phòng Sở; - Đơn vị phối hợp: các phòng, đơn vị thuộc Sở",
        "lead",
        ["Văn phòng Sở"],
        ["các phòng, đơn vị thuộc Sở"],
        "",
    ),
    (
        "Đơn vị chủ trì: Văn phòng Sở; Đơn vị phối hợp: các phòng chuyên môn, Thanh tra Sở",
        "lead",
        ["Văn phòng Sở"],
        ["các phòng chuyên môn", "Thanh tra Sở"],
        "",
    ),
    ("Chủ trì: Thanh tra Sở. Phối hợp: Văn phòng Sở", "lead", ["Thanh tra Sở"], ["Văn phòng Sở"], ""),
    ("Văn phòng Sở phối hợp thực hiện", "lead", [], ["Văn phòng Sở"], ""),
    # several units in one cell
    ("Sở Nội vụ, - Các phòng, đơn vị thuộc Sở", "lead", ["Sở Nội vụ", "Các phòng, đơn vị thuộc Sở"], [], ""),
    (
        "- Sở nội vụ - Các phòng và đơn vị thuộc Sở",
        "coordinating",
        [],
        ["Sở nội vụ", "Các phòng và đơn vị thuộc Sở"],
        "",
    ),
    (
        "Sở Tư pháp - Các phòng, đơn vị thuộc Sở",
        "coordinating",
        [],
        ["Sở Tư pháp", "Các phòng, đơn vị thuộc Sở"],
        "",
    ),
    ("- Văn phòng UBND tỉnh - Sở Tư pháp", "coordinating", [], ["Văn phòng UBND tỉnh", "Sở Tư pháp"], ""),
    (
        "Văn phòng UBND tỉnh Các phòng thuộc Sở",
        "coordinating",
        [],
        ["Văn phòng UBND tỉnh", "Các phòng thuộc Sở"],
        "",
    ),
    ("Văn phòng Sở Thanh tra Sở", "lead", ["Văn phòng Sở", "Thanh tra Sở"], [], ""),
    ("Thanh tra Sở, các phòng chuyên môn", "coordinating", [], ["Thanh tra Sở", "các phòng chuyên môn"], ""),
    ("Các phòng chuyên môn; Thanh tra Sở", "lead", ["Các phòng chuyên môn", "Thanh tra Sở"], [], ""),
    (
        "Các phòng chuyên môn, Văn phòng Sở (Quản trị mạng)",
        "coordinating",
        [],
        ["Các phòng chuyên môn", "Văn phòng Sở (Quản trị mạng)"],
        "",
    ),
    ("Văn phòng Sở, các đơn vị thuộc Sở", "lead", ["Văn phòng Sở", "các đơn vị thuộc Sở"], [], ""),
    ("Văn phòng Sở và Thanh tra Sở", "lead", ["Văn phòng Sở", "Thanh tra Sở"], [], ""),
    ("Các phòng chuyên môn và Thanh tra Sở", "lead", ["Các phòng chuyên môn", "Thanh tra Sở"], [], ""),
    ("Sở Nội vụ, Sở Tư pháp", "coordinating", [], ["Sở Nội vụ", "Sở Tư pháp"], ""),
    ("Chi cục QLTT, TTKC và XTTM", "lead", ["Chi cục QLTT", "TTKC và XTTM"], [], ""),
    (
        "Các phòng, Trung tâm Khuyến công và Xúc tiến thương mại, Chi cục Quản lý thị trường "
        "(gọi là đơn vị thuộc và trực thuộc Sở)",
        "lead",
        [
            "Các phòng",
            "Trung tâm Khuyến công và Xúc tiến thương mại",
            "Chi cục Quản lý thị trường (gọi là đơn vị thuộc và trực thuộc Sở)",
        ],
        [],
        "",
    ),
    (
        "Thanh tra Sở kiểm tra, Văn phòng Sở tổng hợp",
        "lead",
        ["Thanh tra Sở", "Văn phòng Sở"],
        [],
        "kiểm tra; tổng hợp",
    ),
    ("Văn phòng Sở; Thanh tra Sở; văn phòng sở", "lead", ["Văn phòng Sở", "Thanh tra Sở"], [], ""),
    # units that must stay whole
    ("Các sở, ban, ngành tỉnh", "coordinating", [], ["Các sở, ban, ngành tỉnh"], ""),
    (
        "Các phòng, đơn vị thuộc, trực thuộc sở",
        "coordinating",
        [],
        ["Các phòng, đơn vị thuộc, trực thuộc sở"],
        "",
    ),
    ("Văn phòng, đơn vị thuộc Sở", "lead", ["Văn phòng, đơn vị thuộc Sở"], [], ""),
    ("Các phòng chuyên môn và đơn vị thuộc Sở", "lead", ["Các phòng chuyên môn và đơn vị thuộc Sở"], [], ""),
    ("Phòng Kế hoạch - Tài chính - Tổng hợp", "lead", ["Phòng Kế hoạch - Tài chính - Tổng hợp"], [], ""),
    (
        "Phòng Kế hoạch - Tài chính - Tổng hợp - Văn phòng Sở",
        "lead",
        ["Phòng Kế hoạch - Tài chính - Tổng hợp", "Văn phòng Sở"],
        [],
        "",
    ),
    (
        "Trung tâm Phục vụ Hành chính công của tỉnh Khánh Hòa",
        "coordinating",
        [],
        ["Trung tâm Phục vụ Hành chính công của tỉnh Khánh Hòa"],
        "",
    ),
    ("Bộ phận một cửa của Sở", "lead", ["Bộ phận một cửa của Sở"], [], ""),
    ("Chi cục quản lý thị trường thực hiện", "lead", ["Chi cục quản lý thị trường"], [], ""),
    (
        "Phòng Quản lý Công nghiệp xây dựng kế hoạch",
        "lead",
        ["Phòng Quản lý Công nghiệp"],
        [],
        "xây dựng kế hoạch",
    ),
    ("Sở Xây dựng", "coordinating", [], ["Sở Xây dựng"], ""),
    # only instructions
    ("thực hiện tham mưu lãnh đạo sở xử lý", "coordinating", [], [], "thực hiện tham mưu lãnh đạo sở xử lý"),
    ("quyết TTHC đúng quy định.", "lead", [], [], "quyết TTHC đúng quy định"),
    ("Theo dõi, đôn đốc", "coordinating", [], [], "Theo dõi, đôn đốc"),
    # HTML and bullets
    (
        '<ul style="list-style-type: none"> - Văn phòng Sở: Thực hiện nghiêm việc đánh giá. </ul>',
        "lead",
        ["Văn phòng Sở"],
        [],
        "Thực hiện nghiêm việc đánh giá",
    ),
    (
        "<p>- Trung tâm Phục vụ Hành chính công của tỉnh Khánh Hòa;</p> "
        "<p>- Các phòng chuyên môn thuộc Sở</p>",
        "coordinating",
        [],
        ["Trung tâm Phục vụ Hành chính công của tỉnh Khánh Hòa", "Các phòng chuyên môn thuộc Sở"],
        "",
    ),
    (
        "Các phòng, đơn vị thuộc Sở • Văn phòng Sở",
        "lead",
        ["Các phòng, đơn vị thuộc Sở", "Văn phòng Sở"],
        [],
        "",
    ),
]


@pytest.mark.parametrize(("cell", "role", "lead", "coordinating", "method"), SPLIT_CASES)
def test_split_unit_cell(cell, role, lead, coordinating, method):
    for directory in (None, DEMO):
        out = split_unit_cell(cell, role=role, directory=directory)
        assert isinstance(out, UnitCell)
        assert (out.lead, out.coordinating, out.method) == (lead, coordinating, method)


@pytest.mark.parametrize(("cell", "role", "lead", "coordinating", "method"), SPLIT_CASES)
def test_split_units_are_written_as_in_the_cell_and_resolve(cell, role, lead, coordinating, method):
    text = clean_cell(cell)
    for unit in lead + coordinating:
        assert unit in text
        assert DEMO.resolve(unit).status in ("unit", "group", "external")


# --- the sample plans ----------------------------------------------------------------------------


def _contains(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    return a in b or b in a


def _gold_unit_cells() -> list[tuple[str, str, list[str]]]:
    """(joined cell, role, gold units) for every distinct unit list of the gold files."""
    cells: dict[tuple[str, str], list[str]] = {}
    for path in sorted(GOLD_DIR.glob("*.jsonl")) if GOLD_DIR.is_dir() else []:
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            for field, role in (("lead_units", "lead"), ("coordinating_units", "coordinating")):
                if rec.get(field):
                    cells.setdefault(("; ".join(rec[field]), role), rec[field])
    return [(cell, role, gold) for (cell, role), gold in cells.items()]


@pytest.mark.parametrize(("cell", "role", "gold"), _gold_unit_cells())
def test_gold_unit_cells(cell, role, gold):
    """Every gold unit is matched by a predicted one and vice versa (the scorer's containment rule)."""
    for directory in (None, DEMO):
        out = split_unit_cell(cell, role=role, directory=directory)
        predicted = out.lead if role == "lead" else out.coordinating
        assert predicted, cell
        assert all(any(_contains(p, g) for g in gold) for p in predicted), (predicted, gold)
        assert all(any(_contains(p, g) for p in predicted) for g in gold), (predicted, gold)
        for p in predicted:
            assert p in cell
            assert DEMO.resolve(p).status in ("unit", "group", "external"), p


def _sample_unit_cells() -> list[tuple[str, str, str]]:
    """(plan, role, raw cell) for every distinct non-empty cell of the unit columns of the samples."""
    out: set[tuple[str, str, str]] = set()
    for name in SAMPLE_NAMES:
        path = PLANS_DIR / name
        if not path.is_file():
            continue
        columns: dict[int, str] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            cells = line.split("\t")
            if cells[0].strip() in ("TT", "STT"):
                columns = {}
                for i, head in enumerate(cells):
                    h = head.lower()
                    if "phối hợp" in h:
                        columns[i] = "coordinating"
                    elif "chủ trì" in h or h.startswith("đơn vị thực hiện"):
                        columns[i] = "lead"
                continue
            for i, role in columns.items():
                if i < len(cells) and cells[i].strip():
                    out.add((name, role, cells[i]))
    return sorted(out)


SAMPLE_CELLS = _sample_unit_cells()


def test_sample_unit_columns_found():
    assert len(SAMPLE_CELLS) >= 60


@pytest.mark.parametrize(("plan", "role", "cell"), SAMPLE_CELLS)
def test_sample_unit_cells(plan, role, cell):
    """Every unit phrase read from the real plans is written as in the cell and means something."""
    text = clean_cell(cell)
    out = split_unit_cell(cell, role=role, directory=DEMO)
    for unit in out.lead + out.coordinating:
        assert unit in text
        res = DEMO.resolve(unit)
        assert res.status in ("unit", "group", "external"), unit
    # Nothing is lost: each word of the cell is in a unit or in the method.
    kept = " ".join(out.lead + out.coordinating) + " " + out.method
    role_words = {"chủ", "trì", "phối", "hợp", "thực", "hiện"}
    for word in text.replace(";", " ").split():
        assert word.strip(".,;:-()") in kept or word.strip(".,;:-()").lower() in role_words


@pytest.mark.parametrize(
    ("mention", "status"),
    [
        # The level word separates bodies that differ by one word.
        ("Thanh tra Sở", "unknown"),
        ("Thanh tra tỉnh", "external"),
        ("Văn phòng Sở", "unknown"),
        ("Văn phòng UBND tỉnh", "external"),
    ],
)
def test_level_words_keep_internal_units_out_of_outside_bodies_without_a_directory(mention, status):
    assert UnitDirectory([]).resolve(mention).status == status
