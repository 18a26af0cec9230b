"""Suggesting the criterion a plan's task serves, on the real tasks of the sample plans (read
from the shared gold files, never copied here) against PAR INDEX-like criteria."""

from __future__ import annotations

import json

import pytest
from text_unidecode import unidecode

from cchc.core.scoring import Item, TaskText, suggest
from tests.core.scoring.builders import item
from tests.paths import GOLD_DIR

ITEMS: list[Item] = [
    item("1", "area", 10, title="Công tác chỉ đạo, điều hành CCHC"),
    item(
        "1.1",
        "criterion",
        2,
        "1",
        title="Kế hoạch CCHC năm",
        guide="Ban hành kế hoạch cải cách hành chính năm đúng thời hạn",
    ),
    item(
        "1.2",
        "criterion",
        3,
        "1",
        title="Mức độ hoàn thành kế hoạch CCHC",
        guide="Tỷ lệ nhiệm vụ hoàn thành đúng tiến độ",
    ),
    item(
        "1.3",
        "criterion",
        1,
        "1",
        title="Báo cáo CCHC định kỳ",
        guide="Báo cáo quý, 6 tháng, năm đầy đủ, đúng hạn",
    ),
    item(
        "1.4",
        "criterion",
        2,
        "1",
        title="Công tác tuyên truyền CCHC",
        guide="Kế hoạch tuyên truyền, hình thức tuyên truyền đa dạng",
    ),
    item(
        "1.5",
        "criterion",
        2,
        "1",
        title="Kiểm tra công tác CCHC",
        guide="Kế hoạch kiểm tra, xử lý sau kiểm tra",
    ),
    item("2", "area", 8, title="Cải cách thể chế"),
    item("2.1", "criterion", 4, "2", title="Xây dựng, ban hành văn bản quy phạm pháp luật"),
    item(
        "2.2",
        "criterion",
        4,
        "2",
        title="Rà soát, hệ thống hóa văn bản QPPL",
        guide="Rà soát, kiểm tra, xử lý văn bản quy phạm pháp luật",
    ),
    item("3", "area", 12, title="Cải cách thủ tục hành chính"),
    item("3.1", "criterion", 3, "3", title="Rà soát, đơn giản hóa thủ tục hành chính"),
    item(
        "3.2",
        "criterion",
        3,
        "3",
        title="Công bố, công khai thủ tục hành chính",
        guide="Công bố danh mục TTHC, công khai trên cổng dịch vụ công",
    ),
    item(
        "3.3",
        "criterion",
        4,
        "3",
        title="Kết quả giải quyết hồ sơ TTHC đúng hạn",
        guide="Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn",
    ),
    item("3.4", "criterion", 2, "3", title="Tiếp nhận, xử lý phản ánh, kiến nghị về TTHC"),
    item("4", "area", 8, title="Cải cách tổ chức bộ máy"),
    item("4.1", "criterion", 4, "4", title="Sắp xếp, kiện toàn tổ chức bộ máy"),
    item("4.2", "criterion", 4, "4", title="Quản lý biên chế, tinh giản biên chế"),
    item("5", "area", 8, title="Cải cách chế độ công vụ"),
    item("5.1", "criterion", 3, "5", title="Vị trí việc làm, cơ cấu ngạch công chức"),
    item("5.2", "criterion", 3, "5", title="Đánh giá, xếp loại cán bộ, công chức, viên chức"),
    item("5.3", "criterion", 2, "5", title="Kỷ luật, kỷ cương hành chính"),
    item("6", "area", 6, title="Cải cách tài chính công"),
    item("6.1", "criterion", 3, "6", title="Giải ngân vốn đầu tư công"),
    item("6.2", "criterion", 3, "6", title="Cơ chế tự chủ của đơn vị sự nghiệp công lập"),
    item("7", "area", 12, title="Xây dựng và phát triển Chính quyền điện tử, Chính quyền số"),
    item(
        "7.1",
        "criterion",
        4,
        "7",
        title="Văn bản điện tử, chữ ký số trên phần mềm quản lý văn bản",
        guide="Tỷ lệ văn bản đi, đến được số hóa, ký số, xử lý trên E-Office",
    ),
    item(
        "7.2", "criterion", 4, "7", title="Cung cấp dịch vụ công trực tuyến toàn trình, thanh toán trực tuyến"
    ),
    item(
        "7.3",
        "criterion",
        4,
        "7",
        title="Áp dụng hệ thống quản lý chất lượng ISO 9001",
        guide="Áp dụng, duy trì Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2015",
    ),
    item("T1", "bonus", 1, title="Có trên 30% công việc hoàn thành sớm hạn"),
]

GOLD = (
    "khanhhoa-sct-2025-par-sipas-plan.txt",
    "quangtri-sct-2025-h2-cchc-plan.txt",
    "khanhhoa-sct-2025-sipas-appendix.txt",
)


@pytest.fixture(scope="module")
def gold_tasks() -> list[TaskText]:
    tasks = []
    for name in GOLD:
        path = GOLD_DIR / f"{name}.jsonl"
        if not path.is_file():
            pytest.skip(f"gold file {path} not found")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            row = json.loads(line)
            tasks.append(TaskText((name, n), row["section_title"], row["task"]))
    return tasks


@pytest.fixture(scope="module")
def suggestions(gold_tasks):
    return suggest(gold_tasks, ITEMS)


def _find(tasks: list[TaskText], start: str, section: str = "") -> TaskText:
    found = [t for t in tasks if t.text.startswith(start) and section in t.section]
    assert found, start
    return found[0]


@pytest.mark.parametrize(
    ("task_start", "expected"),
    [
        ("Tiếp tục rà soát, đơn giản hóa TTHC", "3.1"),
        ("Công bố TTHC, danh mục TTHC", "3.2"),
        ("100% tỷ lệ hồ sơ giải quyết TTHC", "3.3"),
        ("Tiếp nhận, xử lý phản ánh, kiến nghị của cá nhân", "3.4"),
        ("Báo cáo kiểm tra, xử lý, rà soát, hệ thống hóa", "2.2"),
        ("Tiếp tục sắp xếp, tổ chức lại", "4.1"),
        ("Tiếp tục thực hiện tinh giản biên chế", "4.2"),
        ("Rà soát, bố trí cán bộ, công chức, viên chức và thực hiện cơ cấu ngạch", "5.1"),
        ("Hướng dẫn thực hiện đánh giá, xếp loại CBCCVC", "5.2"),
        ("Chấp hành nghiêm kỷ luật", "5.3"),
        ("Thực hiện giải ngân kế hoạch đầu tư công", "6.1"),
        ("Triển khai thực hiện cơ chế tự chủ", "6.2"),
        ("Số hóa, ký số, luân chuyển", "7.1"),
        ("Nâng cao chất lượng cung cấp dịch vụ công trực tuyến", "7.2"),
        ("Triển khai hiệu quả việc áp dụng Hệ thống quản lý chất lượng", "7.3"),
        ("Đẩy mạnh công tác thông tin, tuyên truyền", "1.4"),
        ("Phối hợp Sở Nội vụ kiểm tra công tác cải cách", "1.5"),
    ],
)
def test_real_tasks_get_their_criterion_first(gold_tasks, suggestions, task_start, expected):
    task = _find(gold_tasks, task_start)
    got = suggestions[task.key]
    assert got and got[0][0] == expected, got


@pytest.mark.parametrize(
    ("task_start", "section"),
    [
        ("Chỉ số hài lòng về “tiếp cận dịch vụ”", ""),  # SIPAS: no such area in the set
        ("Phấn đấu hoàn thành các mục tiêu, nhiệm vụ phát triển kinh tế", "TÁC ĐỘNG"),
        ("Gửi hồ sơ đề nghị thẩm định kết quả tự đánh giá", "ĐIỂM TRỪ"),
    ],
)
def test_tasks_of_areas_the_set_lacks_get_nothing(gold_tasks, suggestions, task_start, section):
    assert suggestions[_find(gold_tasks, task_start, section).key] == []


def test_scores_are_in_range_best_first_and_limited(gold_tasks):
    got = suggest(gold_tasks, ITEMS, limit=2, threshold=0)
    assert all(len(v) <= 2 for v in got.values())
    assert set(got) == {t.key for t in gold_tasks}
    for values in got.values():
        assert all(0 < s <= 100 for _, s in values)
        assert [s for _, s in values] == sorted((s for _, s in values), reverse=True)
    codes = {c for v in got.values() for c, _ in v}
    assert codes <= {i.code for i in ITEMS if i.level == "criterion"}  # leaves only, no bonus


def test_a_higher_threshold_keeps_fewer():
    task = [TaskText(1, "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "Công khai tiến độ, kết quả giải quyết hồ sơ TTHC")]
    low, high = suggest(task, ITEMS, threshold=50)[1], suggest(task, ITEMS, threshold=80)[1]
    assert len(high) < len(low) and high[0] == low[0]


def test_accents_and_case_do_not_matter():
    text = "Triển khai thực hiện cơ chế tự chủ của đơn vị sự nghiệp công lập"
    accented = suggest([TaskText("a", "CẢI CÁCH TÀI CHÍNH CÔNG", text)], ITEMS)["a"]
    plain = suggest([TaskText("a", unidecode("cai cach tai chinh cong"), unidecode(text).upper())], ITEMS)[
        "a"
    ]
    assert accented == plain and accented[0][0] == "6.2"


def test_section_decides_between_areas():
    # The same words under another area's heading lose most of their score.
    text = "Rà soát, đơn giản hóa thủ tục hành chính"
    right = suggest([TaskText(1, "Cải cách TTHC", text)], ITEMS, threshold=0)[1][0]
    wrong = suggest([TaskText(1, "Cải cách tài chính công", text)], ITEMS, threshold=0)[1]
    assert right == ("3.1", 100.0)
    assert dict(wrong)["3.1"] <= 50


def test_nothing_to_suggest():
    assert suggest([], ITEMS) == {}
    assert suggest([TaskText(1, "I", "x")], []) == {1: []}
