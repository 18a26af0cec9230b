"""The rule "the task's product is a document, so its report needs the document as evidence"
(cchc.core.products), as a table of cases: the words of the issue, and products copied from
the real sample plans in ../shared/samples/plans/ (checked to be there)."""

from __future__ import annotations

import re

import pytest

from cchc.core.products import document_kind, requires_document

QT = "quangtri-sct-2025-h2-cchc-plan.txt"
KH = "khanhhoa-sct-2025-par-sipas-plan.txt"
SIPAS = "khanhhoa-sct-2025-sipas-appendix.txt"

# (product, kind or None, the sample it comes from or None for the issue's own words)
CASES = [
    # The words.
    ("Kế hoạch thực hiện năm 2026", "Kế hoạch", None),
    ("Báo cáo kết quả thực hiện", "Báo cáo", None),
    ("Quyết định công bố được ban hành", "Quyết định", None),
    ("Văn bản được ban hành", "Văn bản", None),
    ("Công văn đề nghị Sở Nội vụ", "Công văn", None),
    ("Tờ trình UBND tỉnh", "Tờ trình", None),
    ("Thông báo kết luận của Giám đốc Sở", "Thông báo", None),
    ("Chỉ thị của Giám đốc Sở", "Chỉ thị", None),
    ("Hướng dẫn thực hiện", "Hướng dẫn", None),
    ("Danh mục thủ tục hành chính được công bố", "Danh mục", None),
    ("Tỷ lệ hồ sơ giải quyết đúng hạn đạt 100 %", None, None),
    ("Hoàn thành các nhiệm vụ được giao", None, None),
    ("Thực hiện thường xuyên", None, None),
    ("", None, None),
    # Quảng Trị, 6 tháng cuối năm 2025.
    ("Kế hoạch CCHC của Sở", "Kế hoạch", QT),
    ("Báo cáo kết quả tự đánh giá chấm điểm", "Báo cáo", QT),
    ("Bài viết, phóng sự, cuộc thi; Báo cáo kết quả tuyên truyền", "Báo cáo", QT),
    ("Công văn tham mưu UBND tỉnh ban hành Quy định, quy chế đối với từng lĩnh vực.", "Công văn", QT),
    ("Quyết định, Biên bản, Kết luận", "Quyết định", QT),
    ("Phương án điều tra, khảo sát", "Phương án", QT),
    ("Dự thảo Tờ trình và Quyết định công bố TTHC", "Tờ trình", QT),
    (
        "- Quyết định công bố TTHC nội bộ; - Quyết định phê duyệt phương án đơn giản hóa TTHC nội bộ.",
        "Quyết định",
        QT,
    ),
    ("Nghị quyết, Quyết định", "Nghị quyết", QT),
    (
        "Tỷ lệ hồ sơ giải quyết trực tuyến toàn trình và một phần trên tổng số hồ sơ đạt tối thiểu 50%.",
        None,
        QT,
    ),
    ("Giấy tờ, tài liệu được số hoá", None, QT),
    ("Các công, Trang phổ biến giáo dục pháp luật tiếp tục được duy trì, vận hành", None, QT),
    # Khánh Hòa, PAR INDEX and SIPAS 2025.
    ("Hoàn thành 100% nhiệm vụ đề ra tại kế hoạch CCHC của Sở năm 2025", None, KH),
    ("Các hội nghị tập huấn được tổ chức", None, KH),
    ("Tờ trình của Sở Công Thương/Quyết định của UBND tỉnh", "Tờ trình", KH),
    ("Văn bản quy định về vị trí việc làm", "Văn bản", KH),
    ("Kế hoạch, báo cáo kết quả chuyển đổi số", "Kế hoạch", KH),
    ("Theo hướng dẫn của Sở Tài chính", None, KH),
    ("Tiết kiệm chi phí hành chính từ 10% trở lên", None, KH),
    ("Văn bản tham mưu UBND tỉnh", "Văn bản", KH),
    ("Có trên 30% công việc được giao trên Phần mềm nhắc việc được hoàn thành sớm hạn", None, KH),
    ("Không có tiêu chí do Sở Công Thương phụ trách bị giảm điểm", None, KH),
    ("Hồ sơ đề nghị thẩm định được gửi đúng hạn trên phần mềm", None, KH),
    # A document further in, or existing documents in a certain state: not a document to issue.
    ("100% văn bản đi được tham mưu xét duyệt trên phần mềm E-Office", None, KH),
    (
        "Các quy định về quy trình tiếp nhận, xử lý phản ánh, kiến nghị của người dân, tổ chức "
        "được niêm yết, công khai đầy đủ",
        None,
        KH,
    ),
    # One item of several names a document: the report needs it.
    (
        "Kế hoạch và Báo cáo rà soát TTHC thuộc phạm vi quản lý và đề xuất phương án đơn giản hóa",
        "Kế hoạch",
        KH,
    ),
    ("Quyết định phân công công chức", "Quyết định", SIPAS),
    ("Công khai đầy đủ các thông tin trên Trang thông tin điện tử của Sở Công Thương", None, SIPAS),
    # The cell's own layout: lines and bullets.
    ("- 100% số vấn đề được xử lý\n- Báo cáo rà soát TTHC", "Báo cáo", None),
    ("01 Kế hoạch tuyên truyền", "Kế hoạch", None),
    ("- Có ban hành quy chế quản lý sử dụng tài sản công", "Quy chế", None),
]


@pytest.mark.parametrize(("product", "kind", "_source"), CASES, ids=[c[0][:40] or "empty" for c in CASES])
def test_document_kind(product, kind, _source):
    assert document_kind(product) == kind
    assert requires_document(product) is (kind is not None)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("source", [QT, KH, SIPAS])
def test_sample_cases_are_in_the_samples(plans_dir, source):
    """The table's products marked with a sample are that plan's own words."""
    text = _squash((plans_dir / source).read_text(encoding="utf-8"))
    for product, _kind, origin in CASES:
        if origin == source:
            # The first words of each item (a cell's items may stand on separate lines there).
            head = _squash(product.lstrip("- ").split(";")[0])[:45]
            assert head in text, f"{head!r} not in {source}"
