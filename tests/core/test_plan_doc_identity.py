"""The document's identity (planread/meta.py and read_meta): kind and trích yếu, what a decision
issues, the issuing body of the letterhead, the number of any kind of document, the period it
states; then the six web samples end to end."""

from __future__ import annotations

import json
from datetime import date

import pytest

from cchc.core.planread import parse_plan
from cchc.core.planread.body import read_meta
from cchc.core.planread.meta import (
    document_heading,
    find_title,
    issuer_in_letterhead,
    issuer_named,
    official_case,
    plan_object,
    stated_period,
)
from tests.paths import PLANS_DIR, SAMPLE_NAMES, web_sample_bytes

LETTERHEAD = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc", "---------------"]


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("KẾ HOẠCH", ("ke hoach", "")),
        ("QUYẾT ĐỊNH", ("quyet dinh", "")),
        ("NGHỊ QUYẾT", ("nghi quyet", "")),
        ("CHỈ THỊ", ("chi thi", "")),
        ("CHƯƠNG TRÌNH", ("chuong trinh", "")),
        ("QUYẾT ĐỊNH PHÊ DUYỆT KẾ HOẠCH HÀNH ĐỘNG", ("quyet dinh", "PHÊ DUYỆT KẾ HOẠCH HÀNH ĐỘNG")),
        ("QUYẾT ĐỊNH:", None),  # the articles start
        ("Kế hoạch số 12/KH-SCT ngày …", None),  # a sentence
        ("II. KẾ HOẠCH", None),  # a section of a list
        ("THỦ TƯỚNG CHÍNH PHỦ", None),
    ],
)
def test_document_heading(line, found):
    assert document_heading(line) == found


@pytest.mark.parametrize(
    ("lines", "kind", "title"),
    [
        # the letterhead (issuing body, national motto) is never the title
        (["THỦ TƯỚNG CHÍNH PHỦ", *LETTERHEAD, "Số: 1/QĐ-TTg", "QUYẾT ĐỊNH", "PHÊ DUYỆT ĐỀ ÁN X",
          "THỦ TƯỚNG CHÍNH PHỦ", "Căn cứ Luật …"], "quyet dinh", "PHÊ DUYỆT ĐỀ ÁN X"),
        # a web copy glues the heading to the trích yếu, and the authority line to the grounds
        (["THỦ TƯỚNG CHÍNH PHỦ", *LETTERHEAD, "QUYẾT ĐỊNH VỀ VIỆC PHÊ DUYỆT CHƯƠNG TRÌNH Y",
          "THỦ TƯỚNG CHÍNH PHỦ Căn cứ Luật …"], "quyet dinh", "VỀ VIỆC PHÊ DUYỆT CHƯƠNG TRÌNH Y"),
        (["NGHỊ QUYẾT", "VỀ PHÁT ĐỘNG PHONG TRÀO Z", "CHÍNH PHỦ", "Căn cứ …"], "nghi quyet",
         "VỀ PHÁT ĐỘNG PHONG TRÀO Z"),
        (["ỦY BAN NHÂN DÂN TỈNH A", "KẾ HOẠCH", "Phát triển kinh tế số", "giai đoạn 2026 - 2030",
          "Căn cứ …"], "ke hoach", "Phát triển kinh tế số giai đoạn 2026 - 2030"),
        # an official letter: "V/v" under its number
        (["BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Số: 6225/BVHTTDL-VP", "V/v đẩy mạnh thực hiện nhiệm vụ",
          "về cải cách hành chính", "Kính gửi: …"], "cong van", "đẩy mạnh thực hiện nhiệm vụ về cải cách hành chính"),  # noqa: E501
        # only an appendix, its subtitle glued or on the next line; a footnote after it is not the title
        (["PHỤ LỤC DANH MỤC NHIỆM VỤ NĂM 2025 (Kèm theo Công văn số 1/X-Y)", "[1] Ban Chỉ đạo …"], "",
         "DANH MỤC NHIỆM VỤ NĂM 2025"),
        (["PHỤ LỤC II", "DANH MỤC NHIỆM VỤ", "(Kèm theo Quyết định số 1/QĐ-TTg)"], "", "DANH MỤC NHIỆM VỤ"),
        # "Phụ lục kèm theo" in a sentence is no heading
        (["Danh mục tại Phụ lục kèm theo Nghị quyết này.", "PHỤ LỤC", "DANH MỤC ĐỀ ÁN"], "", "DANH MỤC ĐỀ ÁN"),  # noqa: E501
    ],
)  # fmt: skip
def test_find_title(lines, kind, title):
    assert find_title(lines) == (kind, title)


@pytest.mark.parametrize(
    ("kind", "trich_yeu", "article", "title"),
    [
        # Article 1 gives the plan's name in sentence case, inside its quotation marks …
        ("quyet dinh", "PHÊ DUYỆT KẾ HOẠCH HÀNH ĐỘNG QUỐC GIA VỀ A",
         "Điều 1. Phê duyệt “Kế hoạch hành động quốc gia về A” với các nội dung chủ yếu sau:",
         "Kế hoạch hành động quốc gia về A"),
        # … or up to "(sau đây gọi tắt …)"
        ("quyet dinh", "VỀ VIỆC PHÊ DUYỆT CHƯƠNG TRÌNH B",
         "Điều 1. Phê duyệt Chương trình B (sau đây gọi tắt là Chương trình), với những nội dung sau:",
         "Chương trình B"),
        ("quyet dinh", "BAN HÀNH KẾ HOẠCH C", "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch C.", "Kế hoạch C"),  # noqa: E501
        # without Article 1 (or naming something else), the trích yếu's object as written
        ("quyet dinh", "PHÊ DUYỆT ĐỀ ÁN D", "Điều 1. Giao Bộ X …", "ĐỀ ÁN D"),
        # what is issued is not a plan, or the document issues nothing: the trích yếu stays the title
        ("quyet dinh", "PHÊ DUYỆT QUY HOẠCH … ĐIỀU CHỈNH GIÁ", "", "QUY HOẠCH … ĐIỀU CHỈNH GIÁ"),
        ("quyet dinh", "VỀ VIỆC GIAO NHIỆM VỤ", "", ""),
        ("nghi quyet", "VỀ PHÁT ĐỘNG PHONG TRÀO", "", ""),
        ("ke hoach", "BAN HÀNH KẾ HOẠCH E", "", ""),  # a plan is itself the plan
    ],
)  # fmt: skip
def test_what_a_decision_issues(kind, trich_yeu, article, title):
    assert plan_object(kind, trich_yeu, ["Căn cứ …", article]) == title


@pytest.mark.parametrize(
    ("upper", "cased"),
    [
        ("THỦ TƯỚNG CHÍNH PHỦ", "Thủ tướng Chính phủ"),
        ("CHÍNH PHỦ", "Chính phủ"),
        ("ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI", "Ủy ban nhân dân tỉnh Đồng Nai"),
        ("UBND THÀNH PHỐ HỒ CHÍ MINH", "UBND thành phố Hồ Chí Minh"),
        ("BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Bộ Văn hóa, Thể thao và Du lịch"),
        ("SỞ CÔNG THƯƠNG", "Sở Công Thương"),
        ("SỞ CÔNG THƯƠNG TỈNH HÒA BÌNH", "Sở Công Thương tỉnh Hòa Bình"),
        ("SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Sở Khoa học và Công nghệ"),
        ("VĂN PHÒNG UBND TỈNH KHÁNH HÒA", "Văn phòng UBND tỉnh Khánh Hòa"),
        ("Sở Nội vụ", "Sở Nội vụ"),  # already in running text
    ],
)
def test_official_case(upper, cased):
    assert official_case(upper) == cased


@pytest.mark.parametrize(
    ("lines", "issuer"),
    [
        (["THỦ TƯỚNG CHÍNH PHỦ", "-------", *LETTERHEAD], "Thủ tướng Chính phủ"),
        (["ỦY BAN NHÂN DÂN", "TỈNH ĐỒNG NAI", "-------", *LETTERHEAD], "Ủy ban nhân dân tỉnh Đồng Nai"),
        # under its governing body, on two lines or glued on one
        (["UBND TỈNH KHÁNH HÒA", "SỞ CÔNG THƯƠNG", *LETTERHEAD], "Sở Công Thương"),
        (["UBND TỈNH KHÁNH HÒA SỞ CÔNG THƯƠNG", *LETTERHEAD], "Sở Công Thương"),
        (["BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Số: 6225/BVHTTDL-VP"], "Bộ Văn hóa, Thể thao và Du lịch"),
        (["SỞ CÔNG THƯƠNG", "Số: 12/KH-SCT"], "Sở Công Thương"),
        # no letterhead in the copy
        (["Số: /KH-SCT", "KẾ HOẠCH"], ""),
        (["NGHỊ QUYẾT", "VỀ …"], ""),
        (["Kính gửi: …"], ""),
    ],
)
def test_issuer_in_letterhead(lines, issuer):
    assert issuer_in_letterhead(lines) == issuer


@pytest.mark.parametrize(
    ("text", "issuer"),
    [
        ("(Kèm theo Quyết định số 1/QĐ-TTg ngày 19 tháng 11 năm 2025 của Thủ tướng Chính phủ)", "Thủ tướng Chính phủ"),  # noqa: E501
        ("(Kèm theo Nghị quyết số 394/NQ-CP ngày 03 tháng 12 năm 2025 của Chính phủ)", "Chính phủ"),
        ("(Kèm theo Công văn số 6225/BVHTTDL-VP ngày 18/11/2025 của Bộ Văn hóa, Thể thao và Du lịch)",
         "Bộ Văn hóa, Thể thao và Du lịch"),
        ("Cải cách hành chính 06 tháng cuối năm 2025 của Sở Công Thương", "Sở Công Thương"),
        ("Nâng cao Chỉ số hài lòng của Sở Công Thương năm 2025", "Sở Công Thương"),
        ("Nâng cao chất lượng của người dân", ""),
    ],
)  # fmt: skip
def test_issuer_named(text, issuer):
    assert issuer_named(text) == issuer


@pytest.mark.parametrize(
    ("lines", "number"),
    [
        (["Số: 12/KH-SCT"], "12/KH-SCT"),
        (["Số: 2530/QĐ-TTg"], "2530/QĐ-TTg"),
        (["Số: 394/NQ-CP"], "394/NQ-CP"),
        (["Số: 6225/BVHTTDL-KHCNMT"], "6225/BVHTTDL-KHCNMT"),
        (["Số: 12/2025/NĐ-CP"], "12/2025/NĐ-CP"),
        (["Số: 02-KH/BCĐTW"], "02-KH/BCĐTW"),
        (["Số: /KH-SCT"], "/KH-SCT"),
        (["(Kèm theo Quyết định số 2597/QĐ-TTg ngày 27 tháng 11 năm 2025)"], "2597/QĐ-TTg"),
        # a mention of another document's number is not this one's
        (["Thủ tướng đã ban hành Chỉ thị số 33/CT-TTg (danh sách chi tiết kèm theo)."], ""),
        (["Căn cứ Quyết định số 1/QĐ-TTg"], ""),
    ],
)
def test_number_of_any_kind_of_document(lines, number):
    meta, warnings, _ = read_meta(lines, year=2025)
    assert meta.number == number
    assert ("Không tìm thấy số hiệu văn bản (Số: …/…)." in warnings) == (not number)


@pytest.mark.parametrize(
    ("text", "year", "period"),
    [
        ("Kế hoạch … giai đoạn 2026 - 2030, tầm nhìn đến năm 2045", 2025, (date(2026, 1, 1), date(2030, 12, 31))),  # noqa: E501
        ("Chiến lược … thời kỳ 2021-2030", None, (date(2021, 1, 1), date(2030, 12, 31))),
        ("Chương trình chuyển đổi số đến năm 2030", 2025, (date(2025, 1, 1), date(2030, 12, 31))),
        ("Chương trình … đến năm 2025, định hướng đến năm 2030", 2024, (date(2024, 1, 1), date(2025, 12, 31))),  # noqa: E501
        ("Kế hoạch năm 2026", 2025, (date(2026, 1, 1), date(2026, 12, 31))),
        ("Kế hoạch 6 tháng cuối năm 2025", None, (date(2025, 7, 1), date(2025, 12, 31))),
        ("Nhiệm vụ quý III năm 2025", None, (date(2025, 7, 1), date(2025, 9, 30))),
        ("Danh mục nhiệm vụ trong những tháng cuối năm 2025", None, (date(2025, 1, 1), date(2025, 12, 31))),
        # nothing stated, or only a vision beyond the plan
        ("Chương trình phát triển Chính phủ số", 2025, None),
        ("Đề án X, tầm nhìn đến năm 2045", 2025, None),
    ],
)  # fmt: skip
def test_stated_period(text, year, period):
    found = stated_period(text, year)
    assert (found and (found.start, found.end)) == period


@pytest.mark.parametrize(
    ("lines", "period", "source"),
    [
        # the title
        (["Hà Nội, ngày 19 tháng 11 năm 2025", "KẾ HOẠCH", "Cải cách hành chính giai đoạn 2026 - 2030"],
         (date(2026, 1, 1), date(2030, 12, 31)), "title"),
        # the opening sentence, not the grounds it cites
        (["Đồng Nai, ngày 18 tháng 11 năm 2025", "KẾ HOẠCH", "PHÁT TRIỂN KINH TẾ SỐ",
          "Căn cứ Quyết định số 411/QĐ-TTg … đến năm 2025, định hướng đến năm 2030;",
          "UBND tỉnh ban hành Kế hoạch phát triển kinh tế số giai đoạn 2026 - 2030, cụ thể như sau:",
          "I. MỤC TIÊU"], (date(2026, 1, 1), date(2030, 12, 31)), "text"),
        # an appendix's title
        (["Hà Nội, ngày 27 tháng 11 năm 2025", "QUYẾT ĐỊNH", "PHÊ DUYỆT ĐỀ ÁN X", "Căn cứ …", "PHỤ LỤC",
          "DANH MỤC NHIỆM VỤ (GIAI ĐOẠN 2025-2030)"], (date(2025, 1, 1), date(2030, 12, 31)), "appendix"),
        # nothing stated: the year of issue, which the parser widens to the tasks' schedules
        (["Hà Nội, ngày 01 tháng 12 năm 2025", "QUYẾT ĐỊNH", "PHÊ DUYỆT CHƯƠNG TRÌNH Y"],
         (date(2025, 1, 1), date(2025, 12, 31)), "issue_year"),
    ],
)  # fmt: skip
def test_where_the_period_is_read(lines, period, source):
    meta, _, _ = read_meta(lines)
    assert ((meta.period.start, meta.period.end), meta.period_source) == (period, source)


# --- the real documents ---------------------------------------------------------------------------------

WEB = [
    ("11", "179/KH-UBND", "Ủy ban nhân dân tỉnh Đồng Nai", "PHÁT TRIỂN KINH TẾ SỐ VÀ XÃ HỘI SỐ",
     ("2026-01-01", "2030-12-31")),
    ("12", "6225/BVHTTDL-VP", "Bộ Văn hóa, Thể thao và Du lịch", "DANH MỤC CÁC NHIỆM VỤ, GIẢI PHÁP",
     ("2025-01-01", "2025-12-31")),
    ("13", "2597/QĐ-TTg", "Thủ tướng Chính phủ", "Đề án chuyển đổi số trong hoạt động xây dựng",
     ("2025-01-01", "2030-12-31")),
    ("14", "394/NQ-CP", "Chính phủ", "VỀ PHÁT ĐỘNG PHONG TRÀO TOÀN DÂN", ("2025-01-01", "2030-12-31")),
    ("15", "2629/QĐ-TTg", "Thủ tướng Chính phủ", "Chương trình phát triển Chính phủ số",
     ("2025-01-01", "2030-12-31")),
    ("16", "2530/QĐ-TTg", "Thủ tướng Chính phủ", "Kế hoạch hành động quốc gia về khắc phục ô nhiễm",
     ("2026-01-01", "2030-12-31")),
]  # fmt: skip


@pytest.mark.parametrize(("doc", "number", "issuer", "title", "period"), WEB)
def test_web_samples_identity(doc, number, issuer, title, period):
    parsed = parse_plan(web_sample_bytes(f"{doc}_"))
    plan = parsed.plan.to_dict()
    assert (plan["number"], plan["issuer"]) == (number, issuer)
    assert plan["title"].startswith(title)
    assert "CỘNG HÒA" not in plan["title"] and plan["title"] != "THỦ TƯỚNG CHÍNH PHỦ"
    assert (plan["period"]["start"], plan["period"]["end"]) == period
    assert not [w for w in parsed.warnings if "Không tìm thấy số" in w or "Không đọc được thời hạn" in w]
    # a span of years is read, and runs inside the period
    assert sum("nằm ngoài thời gian" in w for w in parsed.warnings) <= 2


def test_web_sample_schedules_of_years():
    parsed = parse_plan(web_sample_bytes("16_"))
    spans = [t.schedule for t in parsed.tasks if t.schedule and t.schedule.text == "Giai đoạn 2026 - 2030"]
    assert spans and all(
        (s.kind, s.due, s.start) == ("window", [date(2030, 12, 31)], date(2026, 1, 1)) for s in spans
    )
    json.dumps(parsed.plan.to_dict())


@pytest.mark.parametrize(
    ("name", "number", "issuer", "period"),
    [
        (SAMPLE_NAMES[0], "/KH-SCT", "Sở Công Thương", ("2025-01-01", "2025-12-31")),
        (SAMPLE_NAMES[1], "23/KH-SCT", "Sở Công Thương", ("2025-01-01", "2025-12-31")),
        (SAMPLE_NAMES[2], "/KH-SCT", "Sở Công Thương", ("2025-07-01", "2025-12-31")),
    ],
)
def test_sample_plans_read_as_before(name, number, issuer, period):
    plan = parse_plan((PLANS_DIR / name).read_bytes()).plan.to_dict()
    assert (plan["number"], plan["issuer"], (plan["period"]["start"], plan["period"]["end"])) == (
        number,
        issuer,
        period,
    )
    assert plan["period_source"] == "title"
