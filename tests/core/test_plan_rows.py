"""Rules of the table reader: headers, numbering, sections, continuations, merged cells."""

from __future__ import annotations

import pytest

from cchc.core.planread.document import Cell, Document, Table
from cchc.core.planread.header import column_role, detect_layout, is_column_numbering
from cchc.core.planread.readers.text import read_text
from cchc.core.planread.rows import classify_number, read_rows


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("TT", "number"),
        ("STT", "number"),
        ("Số TT", "number"),
        ("stt", "number"),
        ("Nhiệm vụ", "task"),
        ("Nhiệm vụ cụ thể", "task"),
        ("Công việc", "task"),
        ("Nội dung công việc", "task"),
        ("Nhiệm vụ, giải pháp", "task"),
        ("NHIỆM VỤ", "task"),
        ("Nhiem vu", "task"),
        ("Mục tiêu", "objective"),
        ("Hoạt động", "activity"),
        ("Kết quả/sản phẩm", "product"),
        ("Kết quả/Sản phẩm", "product"),
        ("Sản phẩm", "product"),
        ("Kết quả thực hiện trong năm 2024", "product"),
        ("Sản phẩm đầu ra", "product"),
        ("Chủ trì", "lead"),
        ("Đơn vị chủ trì", "lead"),
        ("Đơn vị thực hiện", "lead"),
        ("Cơ quan chủ trì", "lead"),
        ("Phối hợp", "coord"),
        ("Đơn vị phối hợp", "coord"),
        ("Cơ quan, đơn vị phối hợp", "coord"),
        ("Phân công (chủ trì/phối hợp)", "assign"),
        ("Phân công", "assign"),
        ("Thời gian", "schedule"),
        ("Tiến độ", "schedule"),
        ("Thời hạn hoàn thành", "schedule"),
        ("Thời gian thực hiện", "schedule"),
        ("Kinh phí", "budget"),
        ("Nguồn kinh phí", "budget"),
        ("Ghi chú", "note"),
        ("**Ghi chú**", "note"),
        ("", None),
        ("Xyz", None),
    ],
)
def test_column_roles(header, role):
    assert column_role(header) == role


@pytest.mark.parametrize(
    ("cells", "is_header"),
    [
        (["TT", "Nhiệm vụ", "Tiến độ", "Đơn vị thực hiện", "Kết quả"], True),
        (["STT", "Công việc", "Đơn vị chủ trì", "Cơ quan, đơn vị phối hợp", "Thời gian", "Ghi chú"], True),
        (["TT", "Nhiệm vụ", "Kết quả/sản phẩm", "Tiến độ", "Phân công (chủ trì/phối hợp)"], True),
        # A data row that mentions "tiến độ", "phối hợp" and "nhiệm vụ" is not a header.
        (["1", "Triển khai nhiệm vụ", "Theo tiến độ", "Văn phòng Sở", "phối hợp"], False),
        (["V", "Nhiệm vụ", "Tiến độ", "Chủ trì"], False),
        (["Nơi nhận", "GIÁM ĐỐC"], False),
        (["TT", "Nhiệm vụ"], False),
    ],
)
def test_header_detection(cells, is_header):
    assert (detect_layout(cells) is not None) is is_header


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["(1)", "(2)", "(3)", "(4)"], True),
        (["1", "2", "3", "4", "5"], True),
        (["1", "Nhiệm vụ", "3"], False),
        (["(1)", "(3)", "(4)"], False),
    ],
)
def test_column_numbering_rows(cells, expected):
    assert is_column_numbering(cells) is expected


@pytest.mark.parametrize(
    ("text", "kind", "number", "rest"),
    [
        ("I", "section", "I", ""),
        ("IV", "section", "IV", ""),
        ("IX.", "section", "IX", ""),
        ("XII", "section", "XII", ""),
        ("VI CẢI CÁCH TÀI CHÍNH CÔNG", "section", "VI", "CẢI CÁCH TÀI CHÍNH CÔNG"),
        ("II. Cải cách thể chế", "section", "II", "Cải cách thể chế"),
        ("**III**", "section", "III", ""),
        ("Phần A", "part", "A", ""),
        ("1", "number", "1", ""),
        ("1.", "number", "1", ""),
        ("3.1", "number", "3.1", ""),
        ("1,1", "number", "1.1", ""),
        ("2.4.2", "number", "2.4.2", ""),
        ("12)", "number", "12", ""),
        ("a)", "letter", "a", ""),
        ("b.", "letter", "b", ""),
        ("-", "bullet", "-", ""),
        ("+", "bullet", "-", ""),
        ("", "none", None, ""),
        ("<p>2</p>", "number", "2", ""),
        ("Nhiệm vụ chung", "other", "Nhiệm vụ chung", ""),
    ],
)
def test_number_cells(text, kind, number, rest):
    assert classify_number(text) == (kind, number, rest)


H = "TT\tNhiệm vụ\tThời gian\tChủ trì\tPhối hợp\tSản phẩm\tGhi chú"


def _rows(*lines: str):
    return read_rows(read_text("\n".join(lines)))


def test_page_break_continuation_is_merged_cell_by_cell():
    res = _rows(
        H,
        "I\tMỤC MỘT\t\t\t\t\t",
        "1\tRà soát quy trình nội bộ giải quyết\tQuý IV\tVăn phòng Sở\t\tBáo cáo\t",
        "",
        H,
        "\tthủ tục hành chính\t\t\t\tkết quả rà soát\t",
        "2\tKiểm tra\tQuý IV\tThanh tra Sở\t\tBiên bản\t",
    )
    assert [r.number for r in res.records] == ["1", "2"]
    first = res.records[0]
    assert first.text("task") == "Rà soát quy trình nội bộ giải quyết thủ tục hành chính"
    assert first.text("product") == "Báo cáo kết quả rà soát"
    assert first.origins == [3, 6]


def test_unnumbered_row_not_after_a_break_is_its_own_record_under_the_last_number():
    res = _rows(
        H,
        "V\tMỤC NĂM\t\t\t\t\t",
        "2\tSắp xếp đơn vị\tTrong năm 2025\tTrung tâm\t\tTờ trình\t",
        "\tĐẩy mạnh cơ chế tự chủ\t\t\t\t\t",
        "3\tTinh giản biên chế\tTrong năm 2025\tVăn phòng Sở\t\tTờ trình\t",
    )
    assert [(r.number, r.parent) for r in res.records] == [("2", None), (None, "2"), ("3", None)]
    assert not res.records[1].has("schedule")


def test_merged_cell_sub_row_copies_the_leading_cells_from_above():
    header = "TT\tMục tiêu\tNhiệm vụ\tHoạt động\tSản phẩm\tChủ trì\tPhối hợp\tThời gian\tKinh phí"
    res = _rows(
        header,
        "II\tTHỂ CHẾ\t\t\t\t\t\t\t",
        "6\tĐánh giá thi hành\tĐánh giá tình hình\tKiểm tra\tBiên bản\tCác phòng\t\tQuý III\t",
        "\t\t\tĐiều tra, khảo sát\tPhương án\tCác phòng\t\tQuý IV\t",
    )
    sub = res.records[1]
    assert sub.rowspan_inferred and sub.number == "6"
    assert sub.text("task") == "Đánh giá tình hình" and sub.text("objective") == "Đánh giá thi hành"
    assert sub.text("activity") == "Điều tra, khảo sát" and sub.text("schedule") == "Quý IV"


def test_vertically_merged_cells_from_word_are_copied_like_empty_leading_cells():
    layout_row = [Cell(x) for x in H.split("\t")]
    rows = [
        layout_row,
        [Cell("I"), Cell("MỤC", merged_left=False), *[Cell("", merged_left=True) for _ in range(5)]],
        [
            Cell("1"),
            Cell("Tuyên truyền"),
            Cell("Quý III"),
            Cell("Văn phòng Sở"),
            Cell(""),
            Cell("Bài viết"),
            Cell(""),
        ],
        [
            Cell("", merged_above=True),
            Cell("", merged_above=True),
            Cell("Quý IV"),
            Cell("Văn phòng Sở"),
            Cell(""),
            Cell("Báo cáo"),
            Cell(""),
        ],
    ]
    res = read_rows(Document("docx", [Table(rows=rows, origins=[1, 2, 3, 4])]))
    assert [(r.number, r.rowspan_inferred, r.text("task")) for r in res.records] == [
        ("1", False, "Tuyên truyền"),
        ("1", True, "Tuyên truyền"),
    ]


def test_group_rows_and_sub_numbers():
    res = _rows(
        H,
        "IV\tTTHC\t\t\t\t\t",
        "3\tCông bố, công khai TTHC\t\t\t\t\t",
        "3.1\tCông bố TTHC\tTrong năm 2025\tVăn phòng Sở\t\t\t",
        "3.2\tCông khai TTHC\tThường xuyên\tVăn phòng Sở\t\t\t",
        "4\tSố hóa hồ sơ\t\t\t\t\t",
        "5\tKiểm tra\tQuý IV\tThanh tra Sở\t\t\t",
    )
    got = [(r.number, r.parent, r.is_group) for r in res.records]
    # "4" has only a title but no sub-rows follow: it is not a group.
    assert got == [
        ("3", None, True),
        ("3.1", "3", False),
        ("3.2", "3", False),
        ("4", None, False),
        ("5", None, False),
    ]


def test_section_rows_keep_their_target_columns_and_duplicates_are_warned():
    header = "STT\tCông việc\tĐơn vị chủ trì\tCơ quan, đơn vị phối hợp\tThời gian\tKết quả thực hiện\tGhi chú"
    res = _rows(
        header,
        "I\tTiêu chí 1: Tiếp cận dịch vụ\t\t\t\tMức độ hài lòng đạt trên 90%\tNăm 2024 đạt 85,67%",
        "1\tCông khai TTHC\tVăn phòng Sở\t\tThường xuyên\t\t",
        "I\tTiêu chí 2\t\t\t\t\t",
        "1\tNiêm yết\tVăn phòng Sở\t\tThường xuyên\t\t",
    )
    assert res.sections[0].texts == ["Mức độ hài lòng đạt trên 90%", "Năm 2024 đạt 85,67%"]
    assert res.records[0].area == "satisfaction"
    assert any("Mục I xuất hiện hai lần" in w for w in res.warnings)


def test_section_title_in_the_number_cell_and_roman_in_the_task_column():
    res = _rows(
        H,
        "VI CẢI CÁCH TÀI CHÍNH CÔNG\t\t\t\t\t\t",
        "1\tTự chủ tài chính\tQuý III\tVăn phòng Sở\t\t\t",
        "\tVII. CHÍNH QUYỀN SỐ\t\t\t\t\t",
        "1\tKý số\tThường xuyên\tVăn phòng Sở\t\t\t",
    )
    assert [(r.section, r.section_title, r.area) for r in res.records] == [
        ("VI", "CẢI CÁCH TÀI CHÍNH CÔNG", "public_finance"),
        ("VII", "CHÍNH QUYỀN SỐ", "digital_government"),
    ]


def test_column_numbering_rows_and_tables_before_the_header_are_ignored():
    res = _rows(
        "Nơi nhận\tGIÁM ĐỐC",
        "",
        H,
        "(1)\t(2)\t(3)\t(4)\t(5)\t(6)\t(7)",
        "1\tViệc\tQuý IV\tVăn phòng Sở\t\t\t",
    )
    assert [r.number for r in res.records] == ["1"]


def test_a_sentence_cut_without_a_page_mark_continues_the_row_above():
    res = _rows(
        H,
        "1\tTriển khai cơ chế tự chủ theo quy\tTrong năm 2025\tTrung tâm\t\t\t",
        "\tđịnh tại Nghị định số 60/2021/NĐ-CP\t\t\t\t\t",
    )
    assert len(res.records) == 1
    assert res.records[0].text("task").endswith("theo quy định tại Nghị định số 60/2021/NĐ-CP")
