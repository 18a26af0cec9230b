"""The data behind resolution and cell reading: group phrases, outside bodies, head words.

Group mentions are data (``GROUPS``: accent-free phrase patterns -> a predicate over units).
Decisions, following how the sample plans use the phrases:

* "Các phòng, đơn vị thuộc và trực thuộc Sở", "các phòng, đơn vị thuộc, trực thuộc sở",
  "Các phòng, ban, đơn vị", "Các phòng, đơn vị (sở)", "Các phòng, đơn vị thuộc Sở",
  "các phòng và đơn vị thuộc Sở", "Các phòng, đơn vị trực thuộc", "Các phòng chuyên môn và
  đơn vị thuộc Sở", "các đơn vị thuộc và trực thuộc Sở" -> ``all_units``: every internal
  unit (affiliation "thuoc" or "truc_thuoc"). Plans write "thuộc Sở" loosely for everyone;
  narrowing it would silently drop units from a task, the worse error.
* "các phòng", "các phòng chuyên môn (thuộc Sở)", "Các phòng thuộc Sở" -> ``divisions``
  (kind "division" only: the Office, the Inspectorate and the one-stop desk are not
  "phòng chuyên môn").
* "các đơn vị", "các đơn vị thuộc Sở", "(các) đơn vị trực thuộc (Sở)", "các đơn vị sự
  nghiệp" -> ``subordinate_units``: centres and sub-departments (kinds "center",
  "subdepartment"). Where "đơn vị" stands without "phòng" the plans mean the bodies with
  their own seal, listed next to the divisions ("Văn phòng Sở, các đơn vị thuộc Sở").
* "Văn phòng, đơn vị thuộc Sở", "Văn phòng và các đơn vị" -> ``office_and_units``: the
  Office first, then every internal unit.

An Office correction saved as an alias (``aliases``: folded mention -> unit code or group
key) always wins over these rules. The department's own name ("Sở Công Thương") and
"Lãnh đạo Sở" stay "unknown": the Office says what they mean for each plan.
"""

from __future__ import annotations

from cchc.core.text import fold_words
from cchc.core.units.model import GroupRule, Unit

# --- Groups ---------------------------------------------------------------------------------------

_DV = r"(?:don vi|dv)"
_SO_TAIL = r"(?: (?:cua |thuoc |truc thuoc )?so)?"
_THUOC_TAIL = r"(?: thuoc(?: va)? truc thuoc| thuoc| truc thuoc)?" + _SO_TAIL

GROUPS: tuple[GroupRule, ...] = (
    GroupRule(
        "office_and_units",
        "Văn phòng và các đơn vị thuộc Sở",
        (rf"van phong(?: so)?(?: va)?(?: cac)? {_DV}{_THUOC_TAIL}",),
        lambda u: u.internal,
        office_first=True,
    ),
    GroupRule(
        "all_units",
        "Các phòng, đơn vị thuộc và trực thuộc Sở",
        (
            rf"(?:tat ca |toan bo |toan the )?(?:cac )?phong(?: chuyen mon)?(?: ban)?(?: va)?(?: cac)? {_DV}"
            + _THUOC_TAIL,
            rf"(?:tat ca |cac )?{_DV} thuoc(?: va)? truc thuoc{_SO_TAIL}",
            rf"(?:cac )?phong ban {_DV}{_THUOC_TAIL}",
        ),
        lambda u: u.internal,
    ),
    GroupRule(
        "divisions",
        "Các phòng chuyên môn thuộc Sở",
        (
            r"cac phong(?: chuyen mon| nghiep vu| ban)*" + _THUOC_TAIL,
            r"(?:cac )?phong chuyen mon(?: nghiep vu)?" + _THUOC_TAIL,
        ),
        lambda u: u.kind == "division",
    ),
    GroupRule(
        "subordinate_units",
        "Các đơn vị trực thuộc Sở",
        (rf"(?:cac )?{_DV}(?: su nghiep)?{_THUOC_TAIL}",),
        lambda u: u.kind in ("center", "subdepartment"),
    ),
)
_GROUP_BY_KEY = {g.key: g for g in GROUPS}


# --- Outside bodies -------------------------------------------------------------------------------

# (name, alternative spellings). Codes are derived from the folded name ("ext-so-noi-vu").
_EXTERNAL_BODIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("UBND tỉnh", ("Ủy ban nhân dân tỉnh", "UBND", "Lãnh đạo UBND tỉnh")),
    ("Văn phòng UBND tỉnh", ("Văn phòng Ủy ban nhân dân tỉnh", "VP UBND tỉnh", "VPUBND tỉnh")),
    ("Trung tâm Phục vụ Hành chính công tỉnh", ("Trung tâm PVHCC", "TTPVHCC", "Trung tâm hành chính công")),
    ("Các sở, ban, ngành tỉnh", ("Các sở, ban, ngành", "Sở, ban, ngành", "Các sở ban ngành liên quan")),
    ("Sở Nội vụ", ("SNV",)),
    ("Sở Tư pháp", ("STP",)),
    ("Sở Tài chính", ("STC",)),
    ("Sở Khoa học và Công nghệ", ("Sở KH&CN", "Sở KHCN")),
    ("Sở Kế hoạch và Đầu tư", ("Sở KH&ĐT", "Sở KHĐT")),
    ("Sở Công Thương", ("Sở CT",)),
    ("Sở Xây dựng", ()),
    ("Sở Y tế", ()),
    ("Sở Giáo dục và Đào tạo", ("Sở GD&ĐT",)),
    ("Sở Nông nghiệp và Môi trường", ("Sở NN&MT",)),
    ("Sở Nông nghiệp và Phát triển nông thôn", ("Sở NN&PTNT",)),
    ("Sở Tài nguyên và Môi trường", ("Sở TN&MT",)),
    ("Sở Thông tin và Truyền thông", ("Sở TT&TT",)),
    ("Sở Văn hóa, Thể thao và Du lịch", ("Sở VHTTDL",)),
    ("Sở Lao động - Thương binh và Xã hội", ("Sở LĐTBXH",)),
    ("Sở Giao thông vận tải", ("Sở GTVT",)),
    ("Sở Dân tộc và Tôn giáo", ()),
    ("Sở Ngoại vụ", ()),
    ("Thanh tra tỉnh", ()),
    ("Công an tỉnh", ()),
    ("Kho bạc Nhà nước tỉnh", ("KBNN tỉnh",)),
    ("Bưu điện tỉnh", ()),
    ("Đài Phát thanh và Truyền hình tỉnh", ()),
    ("UBND cấp huyện", ("UBND các huyện, thị xã, thành phố", "UBND các huyện")),
    ("UBND cấp xã", ("UBND các xã, phường, thị trấn", "UBND các xã, phường", "UBND các xã")),
    ("Bộ Công Thương", ("BCT",)),
    ("Bộ Nội vụ", ()),
    ("Văn phòng Chính phủ", ("VPCP",)),
    ("Cục Chuyển đổi số quốc gia", ("Cục chuyển đổi số",)),
)


def _slug(text: str) -> str:
    return "-".join(fold_words(text).split())


def default_external_bodies() -> list[Unit]:
    """Bodies outside the department that plans name as partners (status "external")."""
    return [
        Unit(
            code="ext-" + _slug(name), name=name, kind="external", abbreviations=alts, affiliation="external"
        )
        for name, alts in _EXTERNAL_BODIES
    ]


# --- Words of unit cells --------------------------------------------------------------------------


def _phrases(spec: str) -> tuple[tuple[str, ...], ...]:
    """Turn "a|b c|…" into folded word tuples, longest first (the scanner takes the longest match)."""
    items = (i.strip() for i in spec.split("|"))
    return tuple(sorted({tuple(fold_words(i).split()) for i in items if i}, key=len, reverse=True))


# Words that open a unit name. "Opening" heads are followed by the unit's own name (any
# words until an instruction); "generic" ones by list words only; after "sở"/"tỉnh" the
# phrase is complete and only capitalised name words or list words may follow.
_OPENING_HEADS = _phrases(
    "văn phòng|thanh tra|trung tâm|chi cục|cục|bộ phận|phòng|ban|tổ|đội|hội đồng|bộ|ủy ban|uỷ ban|"
    "ubnd|hđnd|tỉnh ủy|tỉnh uỷ|đài|báo|kho bạc|bưu điện|công an"
)
_GENERIC_HEADS = _phrases(
    "các|những|tất cả|toàn thể|đơn vị|cơ quan|ngành|lãnh đạo|ban giám đốc|bgđ|giám đốc|phó giám đốc|sở"
)
# Heads that start a new unit after a comma / "và" (or glued, when capitalised).
_STRONG_HEADS = _phrases(
    "văn phòng|thanh tra|trung tâm|chi cục|bộ phận|các|những|ubnd|ủy ban|uỷ ban|cục|lãnh đạo|ban giám đốc"
)
_CAPITAL_STRONG = _phrases("phòng|sở|ban|bộ|tổ|hội đồng|đài|kho bạc|bưu điện|công an")
_CONTINUATIONS = _phrases(
    "thuộc|trực thuộc|và|của|chuyên môn|nghiệp vụ|chức năng|liên quan|có liên quan|tỉnh|huyện|xã|"
    "cấp tỉnh|cấp huyện|cấp xã|sự nghiệp|thành phố|ban|ngành"
)
_CLOSERS = {"so", "tinh", "huyen", "xa"}
_LINKS = {"thuoc", "truc", "va", "cua", "voi"}
# Instructions: the unit phrase ends where one of these starts.
_INSTRUCTIONS = _phrases(
    "theo dõi|đôn đốc|tổng hợp|thực hiện|xây dựng|rà soát|phối hợp|chủ trì|có trách nhiệm|"
    "chịu trách nhiệm|tham mưu|nghiên cứu|cập nhật|khi|trong quá trình|trong|thường xuyên|định kỳ|"
    "kịp thời|chủ động|tiếp tục|tăng cường|đẩy mạnh|triển khai|tổ chức|kiểm tra|hướng dẫn|đánh giá|"
    "báo cáo|đề xuất|đề nghị|tiếp nhận|giải quyết|xử lý|niêm yết|công khai|công bố|cung cấp|đăng tải|"
    "lập|ban hành|trình|chỉ đạo|quán triệt|tuyên truyền|phổ biến|đảm bảo|bảo đảm|phải|cần|được|để|"
    "nếu|đầu mối|giám sát|quản lý|áp dụng|sử dụng|vận hành|duy trì|bố trí|phân công|hỗ trợ|"
    "khuyến khích|thông báo|gửi|nộp|thống kê|số hóa|số hoá|tạo lập|ứng dụng|nâng cao|thẩm định|góp ý|"
    "soạn thảo|dự thảo|theo|với|về|đối với|nhằm|thông qua|trên|tại|bằng|qua|đồng thời|làm|tiến hành|"
    "chuẩn bị|gồm|trong đó|đăng ký|tập huấn|khảo sát|thu thập|hoàn thành|hoàn thiện|phê duyệt|"
    "lưu trữ|quyết định|thẩm tra|chấn chỉnh"
)
