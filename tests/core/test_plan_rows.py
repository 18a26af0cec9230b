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


# --- issue 10: wordings, extra columns, two-row headers, several tables, web rows -------------


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Tên nhiệm vụ", "task"),
        ("Nội dung thực hiện", "task"),
        ("Nội dung/nhiệm vụ", "task"),
        ("NHIỆM VỤ VÀ GIẢI PHÁP", "task"),
        ("Tên dự án, nhiệm vụ", "task"),
        ("Cơ quan chủ trì", "lead"),
        ("Cơ quan chủ trì[1]", "lead"),
        ("**Cơ quan**\n**chủ trì**", "lead"),
        ("Sản phẩm đầu ra", "product"),
        ("Kết quả dự kiến", "product"),
        ("Chỉ tiêu đạt được", "product"),
        ("Thời gian dự kiến hoàn thành", "schedule"),
        ("Thời hạn hoàn thành", "schedule"),
        ("Nguồn kinh phí", "budget"),
        ("Nguồn lực", "budget"),
        ("Nguồn lực thực hiện[2]", "budget"),
        # Extra columns: never the lead, the task or the product.
        ("Người đứng đầu chịu trách nhiệm", "extra:responsible_head"),
        ("Tình trạng", "extra:status"),
        ("Thuộc nhóm nhiệm vụ, hành động[1]", "extra:task_group"),
        ("Nội dung chính", "extra:content"),
    ],
)
def test_column_roles_of_other_documents(header, role):
    assert column_role(header) == role


def _layout(cells: list[str]) -> dict[str, int]:
    layout = detect_layout(cells)
    assert layout is not None
    return layout.roles


@pytest.mark.parametrize(
    ("cells", "roles"),
    [
        (  # the lead before the task, an extra column between them
            [
                "STT",
                "Cơ quan chủ trì",
                "Cơ quan phối hợp",
                "Thuộc nhóm nhiệm vụ",
                "Nội dung nhiệm vụ",
                "Chỉ tiêu đạt được",
                "Thời hạn hoàn thành",
            ],
            {
                "number": 0,
                "lead": 1,
                "coord": 2,
                "extra:task_group": 3,
                "task": 4,
                "product": 5,
                "schedule": 6,
            },
        ),
        (  # the result before the time
            [
                "STT",
                "Nhiệm vụ",
                "Cơ quan chủ trì",
                "Cơ quan phối hợp",
                "Kết quả dự kiến",
                "Thời gian triển khai",
            ],
            {"number": 0, "task": 1, "lead": 2, "coord": 3, "product": 4, "schedule": 5},
        ),
        (
            [
                "STT",
                "Tên nhiệm vụ",
                "Người đứng đầu chịu trách nhiệm",
                "Cơ quan chủ trì",
                "Cơ quan phối hợp",
                "Kết quả thực hiện",
                "Thời hạn hoàn thành",
            ],
            {
                "number": 0,
                "task": 1,
                "extra:responsible_head": 2,
                "lead": 3,
                "coord": 4,
                "product": 5,
                "schedule": 6,
            },
        ),
        (
            [
                "STT",
                "Tên dự án, nhiệm vụ",
                "Nội dung chính",
                "Cơ quan chủ trì[1]",
                "Cơ quan phối hợp",
                "Tình trạng",
                "Thời gian thực hiện",
                "Nguồn lực thực hiện[2]",
            ],
            {
                "number": 0,
                "task": 1,
                "extra:content": 2,
                "lead": 3,
                "coord": 4,
                "extra:status": 5,
                "schedule": 6,
                "budget": 7,
            },
        ),
        (  # a column no role names is kept under its own header
            ["TT", "Nhiệm vụ", "Chủ trì", "Thời gian", "Mức độ ưu tiên"],
            {"number": 0, "task": 1, "lead": 2, "schedule": 3, "extra:Mức độ ưu tiên": 4},
        ),
        (  # "Thời gian" over "Bắt đầu | Hoàn thành": the deadline is the second
            ["TT", "Nhiệm vụ", "Chủ trì", "Thời gian Bắt đầu", "Thời gian Hoàn thành"],
            {"number": 0, "task": 1, "lead": 2, "extra:Thời gian Bắt đầu": 3, "schedule": 4},
        ),
    ],
    ids=[
        "lead-first",
        "result-before-time",
        "responsible-head",
        "content-status",
        "unnamed",
        "start-and-end",
    ],
)
def test_columns_in_any_order_and_extra_columns(cells, roles):
    assert _layout(cells) == roles


@pytest.mark.parametrize(
    ("cells", "kind"),
    [
        (["TT", "Chỉ tiêu", "Đơn vị", "Kết quả", "Cơ quan chủ trì theo dõi, đánh giá"], "indicator"),
        (["STT", "Tên chỉ tiêu", "Đơn vị tính", "Mục tiêu năm 2025"], "indicator"),
        (["STT", "Nội dung nhiệm vụ", "Chỉ tiêu đạt được", "Thời hạn hoàn thành", "Cơ quan chủ trì"], None),
        (["Nơi nhận", "GIÁM ĐỐC"], None),
    ],
)
def test_indicator_table_headers(cells, kind):
    from cchc.core.planread.header import indicator_layout

    layout = indicator_layout(cells)
    assert (layout.kind if layout else None) == kind


def _grid(*rows: list[str]) -> list[list[Cell]]:
    """Cells written as text: "<" a cell merged into the one on its left, "^" one merged down."""
    out = []
    for row in rows:
        out.append(
            [
                Cell("", merged_left=True)
                if c == "<"
                else Cell("", merged_above=True)
                if c == "^"
                else Cell(c)
                for c in row
            ]
        )
    return out


@pytest.mark.parametrize(
    ("top", "bottom", "roles"),
    [
        (
            ["TT", "Nhiệm vụ", "Đơn vị thực hiện", "<", "Thời gian"],
            ["^", "^", "Chủ trì", "Phối hợp", "^"],
            {"number": 0, "task": 1, "lead": 2, "coord": 3, "schedule": 4},
        ),
        (
            ["TT", "Nhiệm vụ", "Chủ trì", "Thời gian", "<"],
            ["^", "^", "^", "Bắt đầu", "Hoàn thành"],
            {"number": 0, "task": 1, "lead": 2, "extra:Thời gian Bắt đầu": 3, "schedule": 4},
        ),
        (
            ["STT", "Nội dung", "Đơn vị thực hiện", "<", "Thời gian", "<"],
            ["^", "^", "Chủ trì", "Phối hợp", "Bắt đầu", "Hoàn thành"],
            {"number": 0, "task": 1, "lead": 2, "coord": 3, "extra:Thời gian Bắt đầu": 4, "schedule": 5},
        ),
    ],
    ids=["units", "time", "both"],
)
def test_two_row_headers_give_one_column_per_part_and_no_task(top, bottom, roles):
    rows = _grid(
        top, bottom, ["1", "Việc một", "Văn phòng Sở", "Thanh tra Sở", "Quý IV", "Quý IV"][: len(top)]
    )
    res = read_rows(Document("docx", [Table(rows=rows, origins=[1, 2, 3])]))
    assert res.tables[0].layout.roles == roles
    assert [r.number for r in res.records] == ["1"]


@pytest.mark.parametrize(
    ("top", "bottom", "expected"),
    [
        (
            ["STT", "Nhiệm vụ", "Đơn vị thực hiện", "Thời gian"],
            ["Chủ trì", "Phối hợp"],
            ["STT", "Nhiệm vụ", "Đơn vị thực hiện", "<", "Thời gian"],
        ),
        (
            ["STT", "Nhiệm vụ", "Chủ trì", "Thời gian"],
            ["Bắt đầu", "Hoàn thành"],
            ["STT", "Nhiệm vụ", "Chủ trì", "Thời gian", "<"],
        ),
        (["STT", "Nhiệm vụ", "Chủ trì", "Thời gian"], ["1", "Việc"], None),
        (["STT", "Nhiệm vụ", "Chủ trì", "Thời gian"], ["Văn phòng Sở", "Quý IV"], None),
    ],
)
def test_web_two_row_header_expanded_to_the_grid(top, bottom, expected):
    from cchc.core.planread.header import expand_two_row_header

    got = expand_two_row_header(top, bottom)
    if expected is None:
        assert got is None
    else:
        assert ["<" if c.merged_left else c.text for c in got[0]] == expected


def _web_rows(*rows: list[str]):
    table = Table(
        rows=[[Cell(c) for c in r] for r in rows],
        origins=list(range(1, len(rows) + 1)),
        drops_merged_cells=True,
    )
    return read_rows(Document("text", [table]))


WEB_H = [
    "STT",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thuộc nhóm nhiệm vụ",
    "Nội dung nhiệm vụ",
    "Chỉ tiêu đạt được",
    "Thời hạn hoàn thành",
]


@pytest.mark.parametrize(
    ("sub_row", "own"),
    [
        (["- Xây dựng quy chế", "- Quy chế được ban hành", "Năm 2026"], {"task", "product", "schedule"}),
        (
            [
                "Các bộ, ngành liên quan",
                "- Nghiên cứu chương trình",
                "Chương trình được ban hành.",
                "Giai đoạn 2026 - 2030",
            ],
            {"coord", "task", "product", "schedule"},
        ),
        (["UBND các tỉnh", "Đài Truyền hình địa phương"], {"lead", "coord"}),
    ],
    ids=["leading-merged", "merged-in-the-middle", "units-only"],
)
def test_rowspan_sub_rows_are_placed_by_meaning_and_copy_the_rest(sub_row, own):
    parent = [
        "1",
        "Bộ Xây dựng",
        "- Bộ Công Thương;\n- Bộ Y tế",
        "Hoàn thiện chính sách",
        "- Rà soát quy chuẩn",
        "- Quy chuẩn được ban hành",
        "Năm 2027",
    ]
    res = _web_rows(WEB_H, ["A.", "BỘ XÂY DỰNG"], parent, sub_row)
    first, sub = res.records
    assert sub.rowspan_inferred and sub.number == "1" and sub.section == "A."
    placed = {r for r in sub.cells if sub.text(r) in [" ".join(c.split()) for c in sub_row]}
    assert placed == own
    for role in ("lead", "extra:Thuộc nhóm nhiệm vụ", "task", "schedule"):
        if role not in own and role in first.cells:
            assert sub.text(role) == first.text(role)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (  # lettered parts over Roman sections that restart in each part
            [
                ["A", "PHẦN MỘT"],
                ["I", "Thể chế"],
                ["1.1", "Việc", "Bộ A", "", "", "", "2026"],
                ["B", "PHẦN HAI"],
                ["I", "Ngành"],
                ["1.1", "Việc B", "Bộ A", "", "", "", "2026"],
            ],
            [
                ("I", "1.1", {"part": "A", "part_title": "PHẦN MỘT"}),
                ("I", "1.1", {"part": "B", "part_title": "PHẦN HAI"}),
            ],
        ),
        (  # lettered sections with tasks right under them; "I." after "H." is a letter
            [
                ["H.", "BỘ TÀI CHÍNH"],
                ["1", "Việc", "Bộ Tài chính", "", "", "", "2026"],
                ["I.", "BỘ CÔNG AN"],
                ["1", "Việc C", "Bộ Công an", "", "", "", "2026"],
            ],
            [("H.", "1", {}), ("I.", "1", {})],
        ),
        (  # Roman sub-sections: group rows over a numbering that runs on
            [
                ["III", "Nền tảng"],
                ["III.1", "Nhóm quốc gia"],
                ["III.1.1", "Nhóm thủ tục"],
                ["1", "Việc", "Bộ A", "", "", "", "2026"],
                ["III.1.2", "Nhóm quản trị"],
                ["2", "Việc 2", "Bộ A", "", "", "", "2026"],
            ],
            [
                ("III", "III.1", {}),
                ("III", "III.1.1", {}),
                ("III", "1", {"subsection": "III.1.1"}),
                ("III", "III.1.2", {}),
                ("III", "2", {"subsection": "III.1.2"}),
            ],
        ),
    ],
    ids=["parts", "letters", "roman-sub-sections"],
)
def test_lettered_parts_sections_and_sub_sections(rows, expected):
    res = _web_rows(WEB_H, *rows)
    assert [(r.section, r.number, r.place) for r in res.records] == expected


def test_a_repeated_header_without_its_number_cell_is_not_a_task_nor_a_new_table():
    header = [
        "STT",
        "Nhiệm vụ, giải pháp",
        "Đơn vị thực hiện",
        "Đơn vị phối hợp",
        "Thời gian thực hiện",
        "Sản phẩm đầu ra",
    ]
    res = _web_rows(
        header,
        ["I", "Nông nghiệp"],
        ["Nội dung", "Đơn vị thực hiện", "Đơn vị phối hợp", "Thời gian thực hiện", "Sản phẩm đầu ra"],
        ["1.1", "Việc", "Sở Nông nghiệp", "Các sở", "2026 - 2030", "Kế hoạch"],
    )
    assert len(res.tables) == 1
    assert [(r.number, r.text("lead"), r.text("product")) for r in res.records] == [
        ("1.1", "Sở Nông nghiệp", "Kế hoạch")
    ]


def test_a_group_row_padded_with_more_cells_than_the_header_keeps_its_title():
    header = ["STT", "Nhiệm vụ", "Đơn vị thực hiện", "Đơn vị phối hợp", "Thời gian", "Sản phẩm"]
    res = _web_rows(
        header,
        ["IV", "Thương mại"],
        ["5.1", "", "Thương mại", "", "", "", ""],
        ["5.1.1", "Việc", "Sở Công Thương", "", "2026", "Kế hoạch"],
    )
    assert [(r.number, r.text("task"), r.is_group) for r in res.records] == [
        ("5.1", "Thương mại", True),
        ("5.1.1", "Việc", False),
    ]


def test_several_tables_each_with_its_heading_kind_and_rows():
    from cchc.core.planread.document import Paragraph

    def table(rows):
        return Table(
            rows=[[Cell(c) for c in r] for r in rows], origins=list(range(len(rows))), drops_merged_cells=True
        )

    doc = Document(
        "text",
        [
            table([["Nơi nhận:", "GIÁM ĐỐC"]]),
            Paragraph("PHỤ LỤC I"),
            Paragraph("DANH MỤC CHỈ TIÊU"),
            table(
                [
                    ["TT", "Chỉ tiêu", "Đơn vị", "Kết quả", "Cơ quan theo dõi"],
                    ["1", "Tỉ lệ hồ sơ trực tuyến", "%", "80%", "Sở A"],
                ]
            ),
            Paragraph("PHỤ LỤC II"),
            table([["TT", "Nhiệm vụ", "Chủ trì", "Thời gian"], ["I", "Mục"], ["1", "Việc", "Sở A", "2026"]]),
        ],
    )
    res = read_rows(doc)
    assert [(t.index, t.kind, t.rows, t.heading) for t in res.tables] == [
        (0, "indicator", 1, "PHỤ LỤC I DANH MỤC CHỈ TIÊU"),
        (1, "task", 1, "PHỤ LỤC II"),
    ]
    assert [(i.indicator, i.value, i.unit, i.body) for i in res.indicators] == [
        ("Tỉ lệ hồ sơ trực tuyến", "80%", "%", "Sở A")
    ]
    assert [(r.table, r.number) for r in res.records] == [(1, "1")]
    assert res.task_tables == {1, 2}
