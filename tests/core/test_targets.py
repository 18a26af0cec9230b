"""Measurable promises read from product cells."""

from __future__ import annotations

import json

import pytest

from cchc.core.targets import METRICS, TargetDraft, extract_targets, metric_label
from tests.paths import GOLD_DIR

# (text, [(metric, op, value, unit, scope)]) — every target of the text, in order.
CASES = [
    # the DOMAIN.md examples
    ("Hoàn thành 100% nhiệm vụ", [("task_completion", "=", 100, "%", None)]),
    (
        "Tỷ lệ hồ sơ trực tuyến toàn trình trên tổng số hồ sơ đạt từ 70%",
        [("online_full_share", ">=", 70, "%", None)],
    ),
    ("tối thiểu 80%", [("other", ">=", 80, "%", None)]),
    ("có ít nhất 02 sáng kiến", [("initiatives", ">=", 2, "count", None)]),
    (
        "Có trên 30% công việc được giao được hoàn thành sớm hạn",
        [("early_completion_share", ">", 30, "%", None)],
    ),
    ("Tiết kiệm chi phí hành chính từ 10% trở lên", [("admin_cost_saving", ">=", 10, "%", None)]),
    (
        "Xử lý văn bản trên môi trường mạng: cấp tỉnh 95%; cấp xã 80%",
        [
            ("e_document_processing", ">=", 95, "%", "cấp tỉnh"),
            ("e_document_processing", ">=", 80, "%", "cấp xã"),
        ],
    ),
    ("cấp tỉnh 95%; cấp xã 80%", [("other", ">=", 95, "%", "cấp tỉnh"), ("other", ">=", 80, "%", "cấp xã")]),
    (
        "Ký số theo tỷ lệ: Cấp tỉnh 80%; xã 70%",
        [
            ("digital_signature_share", ">=", 80, "%", "cấp tỉnh"),
            ("digital_signature_share", ">=", 70, "%", "cấp xã"),
        ],
    ),
    ("Mức độ hài lòng của người dân đạt trên 90%", [("satisfaction", ">", 90, "%", None)]),
    ("Không có cán bộ, công chức bị xử lý kỷ luật", [("disciplinary_cases", "=", 0, "count", None)]),
    ("100% hồ sơ TTHC được giải quyết đúng hạn", [("dossier_on_time_rate", "=", 100, "%", None)]),
    ("100% hồ sơ TTHC giải quyết sớm hạn và đúng hạn", [("dossier_on_time_rate", "=", 100, "%", None)]),
    (
        "Tỷ lệ thanh toán trực tuyến trên tổng số giao dịch đạt 60%",
        [("paid_online_share", ">=", 60, "%", None)],
    ),
    ("Tỷ lệ hồ sơ gửi qua dịch vụ bưu chính công ích đạt 15%", [("postal_share", ">=", 15, "%", None)]),
    ("Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC đạt 100%", [("digitized_share", "=", 100, "%", None)]),
    ("Phấn đầu đạt 90%", [("other", ">=", 90, "%", None)]),
    ("đạt 95% kế hoạch trở lên", [("plan_completion", ">=", 95, "%", None)]),
    ("từ 100% trở lên", [("other", ">=", 100, "%", None)]),
    ("Hoàn thành tối thiểu 90% kế hoạch được giao", [("plan_completion", ">=", 90, "%", None)]),
    ("Mức độ hài lòng đạt 85,67%", [("satisfaction", ">=", 85.67, "%", None)]),
    ("Tổ chức 02 hội nghị tập huấn", [("trainings", ">=", 2, "count", None)]),
    # comparators
    ("Tỷ lệ hồ sơ trực tuyến đạt tối thiểu là 50%", [("online_share", ">=", 50, "%", None)]),
    ("Tỷ lệ hồ sơ trễ hạn không vượt quá 5%", [("late_dossier_share", "<=", 5, "%", None)]),
    ("Tỷ lệ hồ sơ trễ hạn dưới 2%", [("late_dossier_share", "<", 2, "%", None)]),
    ("Mức độ hài lòng ≥ 90%", [("satisfaction", ">=", 90, "%", None)]),
    (
        "Mức độ hài lòng đạt từ 70% đến 80%",
        [("satisfaction", ">=", 70, "%", None), ("satisfaction", "<=", 80, "%", None)],
    ),
    (
        "Hoàn thành và hoàn thành vượt mức 100% các mục tiêu, nhiệm vụ được giao",
        [("task_completion", ">=", 100, "%", None)],
    ),
    ("Tỷ lệ hồ sơ trực tuyến trên 80%", [("online_share", ">", 80, "%", None)]),
    (
        "Các nhiệm vụ do UBND tỉnh giao được giải quyết sớm hạn, đúng hạn đạt từ 100% trở lên",
        [("task_on_time_rate", ">=", 100, "%", None)],
    ),
    # several promises in one cell
    (
        "Tối thiểu 80% TTHC có nghĩa vụ tài chính được triển khai thanh toán trực tuyến, "
        "trong số đó, tỷ lệ hồ sơ thanh toán trực tuyến đạt từ 45% trở lên.",
        [
            ("payment_enabled_procedure_share", ">=", 80, "%", None),
            ("paid_online_share", ">=", 45, "%", None),
        ],
    ),
    (
        "- Tỷ lệ hồ sơ trực tuyến toàn trình đạt từ 70%. - Tỷ lệ thanh toán trực tuyến đạt 60%",
        [("online_full_share", ">=", 70, "%", None), ("paid_online_share", ">=", 60, "%", None)],
    ),
    (
        "Tỷ lệ hồ sơ giải quyết trực tuyến toàn trình và một phần đạt tối thiểu 50%.",
        [("online_share", ">=", 50, "%", None)],
    ),
    (
        "100% TTHC đủ điều kiện được cung cấp DVC trực tuyến toàn trình",
        [("online_procedure_share", "=", 100, "%", None)],
    ),
    # other metrics of the table
    ("100% phản ánh, kiến nghị được xử lý kịp thời", [("feedback_handled", "=", 100, "%", None)]),
    ("100% PAKN được xử lý đúng hạn và được đánh giá hài lòng", [("feedback_handled", "=", 100, "%", None)]),
    ("100% kiến nghị sau kiểm toán được thực hiện", [("audit_recommendations", "=", 100, "%", None)]),
    (
        "100% số vấn đề phát hiện qua rà soát được xử lý hoặc kiến nghị xử lý",
        [("review_issues_handled", "=", 100, "%", None)],
    ),
    ("100% văn bản đi được xử lý trên phần mềm E-Office", [("e_office_share", "=", 100, "%", None)]),
    (
        "100% dịch vụ dữ liệu được kết nối trên NDXP (17 dịch vụ bắt buộc)",
        [("data_sharing", "=", 100, "%", None)],
    ),
    ("100% công chức được bố trí đúng vị trí việc làm", [("job_position_fit", "=", 100, "%", None)]),
    ("100% kinh phí sử dụng đúng quy định", [("budget_compliance", "=", 100, "%", None)]),
    ("100% TTHC được cập nhật, công khai", [("procedures_published_share", "=", 100, "%", None)]),
    ("Đăng tải ít nhất 10 tin, bài", [("articles", ">=", 10, "count", None)]),
    ("Thực hiện 2 cuộc kiểm tra", [("inspections", ">=", 2, "count", None)]),
    # time limits and zeros
    (
        "Hồ sơ trực tuyến được tiếp nhận không muộn hơn tám giờ làm việc kể từ khi gửi",
        [("online_intake_hours", "<=", 8, "working_hour", None)],
    ),
    ("Trả lời không quá 05 ngày làm việc", [("processing_time", "<=", 5, "working_day", None)]),
    ("Không có tiêu chí do Sở phụ trách bị giảm điểm", [("lost_points", "=", 0, "count", None)]),
    ("không để xảy ra hồ sơ trễ hạn", [("late_dossiers", "=", 0, "count", None)]),
    (
        "không phát sinh công việc trễ hạn, không có công việc gia hạn",
        [("late_tasks", "=", 0, "count", None), ("extended_tasks", "=", 0, "count", None)],
    ),
    (
        "<p>- 100% hồ sơ TTHC được giải quyết đúng hạn</p><p>- Không có hồ sơ trễ hạn</p>",
        [("dossier_on_time_rate", "=", 100, "%", None), ("late_dossiers", "=", 0, "count", None)],
    ),
    # no measurable promise
    ("", []),
    ("Báo cáo kết quả thực hiện", []),
    ("Kế hoạch CCHC của Sở", []),
    ("Quyết định công bố TTHC nội bộ", []),
    ("Trước ngày 31/12/2025", []),
    ("Báo cáo 6 tháng trước ngày 15/6/2025", []),
    ("Thông tư số 01/2020/TT-VPCP", []),
    ("Kế hoạch số 12/KH-SCT ngày 05/3/2025", []),
    ("theo quy định tại Điều 14 và Phụ lục IV", []),
    ("tại Quầy 20, Trung tâm PVHCC", []),
    ("Hệ thống quản lý chất lượng TCVN ISO 9001:2015", []),
    ("17 dịch vụ bắt buộc", []),
    ("Không có ý kiến khác", []),
    ("Trong thời hạn 05 ngày làm việc kể từ khi có quyết định", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_extract_targets(text, expected):
    got = [(t.metric, t.op, t.value, t.unit, t.scope) for t in extract_targets(text)]
    assert got == [(m, op, float(v), u, s) for m, op, v, u, s in expected]


@pytest.mark.parametrize(("text", "expected"), [c for c in CASES if c[1]])
def test_targets_are_well_formed(text, expected):
    for t in extract_targets(text):
        assert isinstance(t, TargetDraft)
        assert t.op in (">=", ">", "=", "<=", "<")
        assert (t.text and t.text in _squash(text)) or t.text in text
        assert t.label
        assert t.kind == "target"
        if t.metric != "other":
            assert t.label == metric_label(t.metric)


def _squash(text: str) -> str:
    from cchc.core.text import clean_cell

    return clean_cell(text)


@pytest.mark.parametrize(
    ("text", "year", "kinds"),
    [
        ("Năm 2024 đạt 85,67% xếp hạng 9/18", None, [("baseline", "=", 85.67)]),
        ("Năm 2024, Điều kiện đón tiếp đạt 88,57%", 2025, [("baseline", "=", 88.57)]),
        ("Kết quả năm 2024 đạt 88%", 2025, [("baseline", "=", 88.0)]),
        ("Trong năm 2024 đạt 88%", 2025, [("baseline", "=", 88.0)]),
        ("Trong năm 2025 đạt 90%", 2025, [("target", ">=", 90.0)]),
        ("Phấn đấu năm 2025 đạt 90%", 2025, [("target", ">=", 90.0)]),
        ("Mức độ hài lòng đạt trên 90%", 2025, [("target", ">", 90.0)]),
    ],
)
def test_baselines(text, year, kinds):
    assert [(t.kind, t.op, t.value) for t in extract_targets(text, year=year)] == kinds


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("Năm 2024, Điều kiện đón tiếp đạt 88,57%", ["Điều kiện đón tiếp"]),
        ("Năm 2024 đạt 89,78%", ["Kết quả năm 2024"]),
        ("Tiêu chí 1: Mức độ tiếp cận dịch vụ (để đạt tỷ lệ từ 90% trở lên)", ["Mức độ tiếp cận dịch vụ"]),
        ("100% phương thực hiện đúng quy định", ["Phương thực hiện đúng quy định"]),
        ("Phấn đầu đạt 100%", ["Chỉ tiêu"]),
        ("cấp tỉnh 95%", ["Chỉ tiêu"]),
        ("Mức độ hài lòng đạt trên 90%", ["Mức độ hài lòng của người dân, tổ chức"]),
        ("có ít nhất 02 sáng kiến", ["Số sáng kiến, giải pháp mới"]),
        ("Ban hành 03 văn bản", ["Số văn bản"]),
    ],
)
def test_labels(text, labels):
    assert [t.label for t in extract_targets(text)] == labels


def test_due_dates_tie_to_their_promise():
    text = (
        "- Đến 31/12/2025: Hoàn thành tối thiểu 90% kế hoạch được giao "
        "- Đến 31/01/2026: Hoàn thành 100% kế hoạch"
    )
    got = [(t.op, t.value, t.due) for t in extract_targets(text)]
    assert got == [(">=", 90.0, "31/12/2025"), ("=", 100.0, "31/01/2026")]


def test_to_dict_has_every_field():
    (t,) = extract_targets("Ký số cấp tỉnh 90%")
    assert t.to_dict() == {
        "text": "Ký số cấp tỉnh 90%",
        "metric": "digital_signature_share",
        "op": ">=",
        "value": 90.0,
        "unit": "%",
        "label": "Tỷ lệ văn bản được ký số",
        "scope": "cấp tỉnh",
        "kind": "target",
        "due": None,
    }


def test_metric_table_is_data():
    keys = [k for k, _, _ in METRICS]
    assert len(keys) == len(set(keys))
    assert {
        "task_completion",
        "online_full_share",
        "initiatives",
        "early_completion_share",
        "admin_cost_saving",
        "satisfaction",
        "disciplinary_cases",
        "dossier_on_time_rate",
        "paid_online_share",
        "postal_share",
        "digitized_share",
    } <= set(keys)
    assert all(label for _, label, _ in METRICS)


def test_repeated_promise_is_kept_once():
    assert len(extract_targets("100% hồ sơ đúng hạn; 100% hồ sơ đúng hạn")) == 1


# --- the gold product texts ----------------------------------------------------------------------


def _gold_products() -> list[str]:
    out: list[str] = []
    for path in sorted(GOLD_DIR.glob("*.jsonl")) if GOLD_DIR.is_dir() else []:
        for line in path.read_text(encoding="utf-8").splitlines():
            product = json.loads(line).get("product")
            if product and product not in out:
                out.append(product)
    return out


GOLD_PRODUCTS = _gold_products()


def test_gold_products_found():
    assert len(GOLD_PRODUCTS) >= 80


@pytest.mark.parametrize("text", GOLD_PRODUCTS)
def test_gold_products_do_not_crash(text):
    targets = extract_targets(text)
    for t in targets:
        assert t.op in (">=", ">", "=", "<=", "<")
        assert 0 <= t.value <= 100 or t.unit != "%"
        assert t.label
        # Dates and document numbers never become targets.
        assert not (t.unit == "count" and t.value > 100)


# Hand-checked: (start of the product text, [(metric, op, value, unit, scope)]).
GOLD_CHECKED = [
    ("Hoàn thành 100% nhiệm vụ đề ra tại kế hoạch CCHC", [("task_completion", "=", 100, "%", None)]),
    ("Các nhiệm vụ, công việc do UBND tỉnh giao", [("task_on_time_rate", ">=", 100, "%", None)]),
    ("Sáng kiến, giải pháp mới về CCHC", [("initiatives", ">=", 2, "count", None)]),
    ("100% TTHC thuộc thẩm quyền giải quyết của sở", [("procedures_published_share", "=", 100, "%", None)]),
    ("100% hồ sơ TTHC do Sở giải quyết sớm hạ", [("dossier_on_time_rate", "=", 100, "%", None)]),
    ("Không có trường hợp cán bộ", [("disciplinary_cases", "=", 0, "count", None)]),
    (
        "- Đến 31/12/2025",
        [("plan_completion", ">=", 90, "%", None), ("plan_completion", "=", 100, "%", None)],
    ),
    ("Tiết kiệm chi phí hành chính", [("admin_cost_saving", ">=", 10, "%", None)]),
    (
        "- Tỷ lệ hồ sơ trực tuyến toàn trình",
        [("online_full_share", ">=", 70, "%", None), ("paid_online_share", ">=", 60, "%", None)],
    ),
    ("Có trên 30% công việc", [("early_completion_share", ">", 30, "%", None)]),
    ("đạt 95% kế hoạch", [("plan_completion", ">=", 95, "%", None)]),
    ("Không có tiêu chí do Sở Công Thương", [("lost_points", "=", 0, "count", None)]),
    (
        "- Xử lý VB và HSCV",
        [
            ("e_document_processing", ">=", 95, "%", "cấp tỉnh"),
            ("e_document_processing", ">=", 80, "%", "cấp xã"),
            ("digital_signature_share", ">=", 90, "%", "cấp tỉnh"),
            ("digital_signature_share", ">=", 80, "%", "cấp xã"),
            ("digital_signature_share", ">=", 80, "%", "cấp tỉnh"),
            ("digital_signature_share", ">=", 70, "%", "cấp xã"),
        ],
    ),
    (
        "Tối thiểu 80% TTHC",
        [
            ("payment_enabled_procedure_share", ">=", 80, "%", None),
            ("paid_online_share", ">=", 45, "%", None),
        ],
    ),
    ("Tỷ lệ hồ sơ giải quyết trực tuyến toàn trình và một phần", [("online_share", ">=", 50, "%", None)]),
    ("- Đạt được tỷ lệ TTHC trực tuyến toàn trình", [("online_procedure_share", ">", 80, "%", None)]),
    ("-Các hồ sơ TTHC được tiếp nhận", [("online_intake_hours", "<=", 8, "working_hour", None)]),
    ("- Hồ sơ đầu vào được tạo lập", [("digitized_share", "=", 100, "%", None)]),
    ("100% các kiến nghị sau thanh tra", [("audit_recommendations", "=", 100, "%", None)]),
    ("Kế hoạch CCHC của Sở", []),
    ("Tờ trình của Sở Công Thương", []),
    ("Thường xuyên rà soát cơ sở dữ liệu quốc gia", []),
    ("Công bố, công khai đầy đủ các TTHC nội bộ", []),
    ("- Thực hiện nghiêm túc các chế độ báo cáo định kỳ", []),
]


@pytest.mark.parametrize(("start", "expected"), GOLD_CHECKED)
def test_gold_products_hand_checked(start, expected):
    matches = [p for p in GOLD_PRODUCTS if p.startswith(start)]
    assert matches, start
    for text in matches:
        got = [(t.metric, t.op, t.value, t.unit, t.scope) for t in extract_targets(text)]
        assert got == [(m, op, float(v), u, s) for m, op, v, u, s in expected]
