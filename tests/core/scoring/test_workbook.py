"""The criteria workbook: export, template, reading with every bad row reported, round trip."""

from __future__ import annotations

import io
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from cchc.core.scoring import (
    Band,
    CriteriaFileError,
    CriteriaSet,
    Item,
    ReadLimits,
    Rule,
    SourceRef,
    read_criteria,
    template_bytes,
    write_criteria,
)
from tests.core.scoring.builders import D, cset, item, sample_set
from tests.xlsx_text import HOSTILE, formula_elements

HEADER = [
    "Mã",
    "Cấp",
    "Mã cấp trên",
    "Nội dung",
    "Điểm tối đa",
    "Cách chấm",
    "Nguồn số liệu",
    "Hướng dẫn chấm",
    "Tài liệu kiểm chứng",
]
INFO = [
    ["Tên bộ tiêu chí", "Bộ tiêu chí năm 2026"],
    ["Tỉnh", "Khánh Hòa"],
    ["Năm", 2026],
    ["Loại cơ quan", "Sở"],
]
GOOD_ROWS = [
    ["1", "Lĩnh vực", None, "Công tác chỉ đạo, điều hành", 3, None],
    ["1.1", "Tiêu chí", None, "Kế hoạch CCHC", 1, "có/không"],
    ["1.2", "Tiêu chí", None, "Hoàn thành kế hoạch", 2, "bậc: 100=2; 80=1"],
]


def book(info=INFO, rows=GOOD_ROWS, header=HEADER, sheets=("Thông tin", "Tiêu chí")) -> bytes:
    """A workbook written as a person would: formulas are formulas here."""
    wb = Workbook()
    wb.remove(wb.active)
    if "Thông tin" in sheets:
        ws = wb.create_sheet("Thông tin")
        for r in info:
            ws.append(r)
    if "Tiêu chí" in sheets:
        ws = wb.create_sheet("Tiêu chí")
        ws.append(header)
        for r in rows:
            ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def problems(data: bytes, **kw) -> list[tuple[str, int, str, str]]:
    with pytest.raises(CriteriaFileError) as caught:
        read_criteria(data, **kw)
    err = caught.value
    assert err.message.startswith(f"Tệp bộ tiêu chí có {len(err.problems)} lỗi, chưa nhập mục nào")
    return [(p.sheet, p.row, p.column, p.message) for p in err.problems]


# --- reading a good file ------------------------------------------------------------------------


def test_read_a_hand_made_file():
    s = read_criteria(book())
    assert (s.title, s.province, s.year, s.body_kind) == ("Bộ tiêu chí năm 2026", "Khánh Hòa", 2026, "so")
    assert [(i.code, i.level, i.parent) for i in s.items] == [
        ("1", "area", ""),
        ("1.1", "criterion", "1"),  # derived from the code
        ("1.2", "criterion", "1"),
    ]
    assert s.items[0].rule == Rule("manual")  # blank: manual
    assert s.items[2].rule == Rule("bands", bands=(Band(D(100), D(2)), Band(D(80), D(1))))
    assert (s.round, s.bonus_cap, s.penalty_cap, s.decision, s.illustrative) == (None, None, None, "", False)


def test_read_is_tolerant_of_case_accents_and_decimal_commas():
    header = ["ma", "CAP", "Ma cap tren", "noi dung", "diem toi da", "cach cham", "Ghi chú"]
    rows = [
        ["A", "linh vuc", None, "Cải cách TTHC", "2,5"],
        ["A1", "TIÊU CHÍ", "A", "  Công bố TTHC  ", 0.1, "TY LE; lam tron 0.01", "thừa"],
        ["A1a", "sub", "A1", "Thành phần", "0.1", "Đếm: 0,05 mỗi lần, tối đa 0,1"],
        ["T", "điểm thưởng", None, "Thưởng", 1],
        ["P", "Diem tru", None, "Trừ", 1, "đếm: 0,5 mỗi lần"],
    ]
    info = [
        ["Tên bộ tiêu chí", "X"],
        ["TINH", "Quảng Trị"],
        ["nam", "2026"],
        ["Loai co quan", "ban"],
        ["Làm tròn", "0,25"],
        ["Tối đa điểm thưởng", 1],
        ["Tối đa điểm trừ", "2"],
        ["Điểm minh họa", "có"],
    ]
    s = read_criteria(book(info=info, rows=rows, header=header))
    assert (s.year, s.body_kind, s.round, s.bonus_cap, s.penalty_cap, s.illustrative) == (
        2026,
        "ban",
        D("0.25"),
        D(1),
        D(2),
        True,
    )
    a1 = s.by_code["A1"]
    assert (a1.level, a1.parent, a1.title, a1.maximum) == ("criterion", "A", "Công bố TTHC", Decimal("0.1"))
    assert str(a1.maximum) == "0.1"  # not 0.1000000000000000055…
    assert a1.rule == Rule("ratio", round=D("0.01"))
    assert s.by_code["A"].maximum == D("2.5")
    assert [i.level for i in s.items] == ["area", "criterion", "sub", "bonus", "penalty"]


def test_text_is_nfc_and_stripped():
    decomposed = unicodedata.normalize("NFD", "Cải cách thủ tục hành chính")
    rows = [["1", "Lĩnh vực", None, f"  {decomposed}\n", 3]]
    s = read_criteria(book(rows=rows))
    assert s.items[0].title == "Cải cách thủ tục hành chính"
    assert unicodedata.is_normalized("NFC", s.items[0].title)


def test_a_title_row_may_stand_above_the_header():
    wb = load_workbook(io.BytesIO(book()))
    wb["Tiêu chí"].insert_rows(1, 2)
    wb["Tiêu chí"]["A1"] = "BỘ TIÊU CHÍ CHẤM ĐIỂM CCHC NĂM 2026"
    out = io.BytesIO()
    wb.save(out)
    assert [i.code for i in read_criteria(out.getvalue()).items] == ["1", "1.1", "1.2"]
    bad = [*GOOD_ROWS, ["1.3", "Nhóm", None, "X", 0]]
    assert problems(book(rows=bad))[0][1] == 5


def test_free_text_body_kind_is_kept():
    info = [*INFO[:3], ["Loại cơ quan", "Đơn vị sự nghiệp"]]
    assert read_criteria(book(info=info)).body_kind == "Đơn vị sự nghiệp"


def test_read_from_a_path_and_a_file(tmp_path):
    path = tmp_path / "bo-tieu-chi.xlsx"
    path.write_bytes(book())
    assert read_criteria(path) == read_criteria(str(path)) == read_criteria(io.BytesIO(book()))


def test_known_sources():
    rows = [*GOOD_ROWS[:2], ["1.2", "Tiêu chí", None, "X", 2, "tỷ lệ", "follow.on_time_share:kh-1"]]
    s = read_criteria(book(rows=rows), known_sources={"follow.on_time_share"})
    assert s.by_code["1.2"].source == SourceRef("follow", "on_time_share", "kh-1")
    assert problems(book(rows=rows), known_sources=["dossiers.on_time_rate"]) == [
        (
            "Tiêu chí",
            4,
            "Nguồn số liệu",
            "Nguồn số liệu “follow.on_time_share” không có. Các nguồn có: dossiers.on_time_rate.",
        ),
    ]


# --- every kind of bad row, and many at once ---------------------------------------------------


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        (["1.3", "Tiêu chí", None, "X", "nhiều"], "Điểm tối đa", "“nhiều” không phải là số"),
        (["1.3", "Tiêu chí", None, "X", -1], "Điểm tối đa", "không được âm"),
        (["1.3", "Tiêu chí", None, "X", None], "Điểm tối đa", "Thiếu điểm tối đa"),
        (["1.3", "Nhóm", None, "X", 1], "Cấp", "Cấp “Nhóm” không có"),
        (["1.3", None, None, "X", 1], "Cấp", "Thiếu cấp"),
        (["1.3", "Tiêu chí", None, "X", 1, "phần trăm"], "Cách chấm", "Cách chấm “phần trăm” không đọc được"),
        (["1.3", "Tiêu chí", None, "X", 1, '{"kind": "ratio", "max": 1}'], "Cách chấm", "không có khóa: max"),
        (["1.3", "Tiêu chí", None, "X", 1, None, "hồ sơ"], "Nguồn số liệu", "không đúng dạng"),
        (["1.1", "Tiêu chí", None, "X", 1], "Mã", "Mã “1.1” trùng với dòng 3"),
        ([None, "Tiêu chí", "1", "X", 1], "Mã", "Thiếu mã"),
        (["1.3", "Tiêu chí", None, None, 1], "Nội dung", "Thiếu nội dung"),
        (["1.3", "Tiêu chí", "9", "X", 1], "Mã cấp trên", "mã cấp trên “9” không có trong bộ tiêu chí"),
        (["9.1", "Tiêu chí", None, "X", 1], "Mã cấp trên", "mã cấp trên “9” không có"),
        (["1.3", "Tiêu chí thành phần", "1", "X", 0], "Mã cấp trên", "phải nằm dưới một tiêu chí"),
        (["T1", "Điểm thưởng", "1", "X", 0], "Mã cấp trên", "không có mục cấp trên"),
        (["1.3", "Tiêu chí", None, "X", "=1+1"], "Điểm tối đa", "Ô chứa công thức"),
        (["1.3", "Tiêu chí", None, '=CONCAT("a","b")', 1], "Nội dung", "Ô chứa công thức"),
        (["1.3", '=IF(1,"Tiêu chí")', None, "X", 0], "Cấp", "Ô chứa công thức"),
    ],
)
def test_each_bad_row(row, column, words):
    got = problems(book(rows=[*GOOD_ROWS, row]))
    assert len(got) == 1, got
    sheet, n, col, message = got[0]
    assert (sheet, n, col) == ("Tiêu chí", 5, column)
    assert words in message


def test_children_over_the_maximum_reported_on_the_parent_row():
    rows = [*GOOD_ROWS, ["1.3", "Tiêu chí", None, "X", "0,5"]]
    assert problems(book(rows=rows)) == [
        (
            "Tiêu chí",
            2,
            "Điểm tối đa",
            "Mục “1”: tổng điểm tối đa của các mục con (3,5) vượt điểm tối đa của mục (3).",
        ),
    ]


def test_every_bad_row_is_listed_at_once():
    rows = [
        ["1", "Lĩnh vực", None, "A", 10],
        ["1.1", "Tiêu chí", None, "B", "x"],  # 3: bad number
        ["1.2", "Nhóm", None, "C", 1],  # 4: unknown level
        ["1.3", "Tiêu chí", None, "D", 1, "???"],  # 5: unknown rule
        ["1.3", "Tiêu chí", None, "E", 1],  # 6: duplicate
        ["2.1", "Tiêu chí", None, "F", 1],  # 7: unknown parent
        ["1.4", "Tiêu chí", None, "G", "=2*1"],  # 8: formula
        ["1.5", "Tiêu chí", None, "H", 1, None, "sai"],  # 9: bad source
    ]
    got = [(n, col) for _, n, col, _ in problems(book(rows=rows))]
    assert got == [
        (3, "Điểm tối đa"),
        (4, "Cấp"),
        (5, "Cách chấm"),
        (6, "Mã"),
        (7, "Mã cấp trên"),
        (8, "Điểm tối đa"),
        (9, "Nguồn số liệu"),
    ]


def test_one_row_with_several_problems_lists_each():
    got = problems(book(rows=[*GOOD_ROWS, ["1.3", "Nhóm", None, None, "x", "?"]]))
    assert [c for _, _, c, _ in got] == ["Cấp", "Nội dung", "Điểm tối đa", "Cách chấm"]


def test_children_of_a_bad_row_are_not_reported_as_orphans():
    rows = [
        ["1", "Lĩnh vực", None, "A", 10],
        ["1.1", "Tiêu chí", None, "B", "x"],  # bad
        ["1.1.1", "Tiêu chí thành phần", None, "C", 1],  # its child: not an orphan
    ]
    assert [(n, c) for _, n, c, _ in problems(book(rows=rows))] == [(3, "Điểm tối đa")]


@pytest.mark.parametrize(
    ("info", "expected"),
    [
        ([*INFO[:2], ["Năm", "hai nghìn"], INFO[3]], [(3, "Năm", "Năm: “hai nghìn” không phải là số.")]),
        ([*INFO[:2], ["Năm", 1999], INFO[3]], [(3, "Năm", "Năm “1999” không hợp lệ (ví dụ 2026).")]),
        (INFO[1:], [(0, "Tên bộ tiêu chí", "Thiếu tên bộ tiêu chí.")]),
        ([["Tên bộ tiêu chí", None], *INFO[1:]], [(1, "Tên bộ tiêu chí", "Thiếu tên bộ tiêu chí.")]),
        ([*INFO, ["Điểm minh họa", "chắc"]], [(5, "Điểm minh họa", "“chắc”: ghi Có hoặc Không.")]),
        ([*INFO, ["Làm tròn", 0]], [(5, "Làm tròn", "Làm tròn phải là số lớn hơn 0.")]),
        ([*INFO, ["Tối đa điểm trừ", -1]], [(5, "Tối đa điểm trừ", "Tối đa điểm trừ phải là số không âm.")]),
        ([*INFO, ["Tỉnh", "Huế"]], [(5, "Tỉnh", "Mục này đã có ở dòng 2.")]),
        ([*INFO, ["Người lập", "An"]], [(5, "", "Mục “Người lập” không có trong trang thông tin.")]),
        (
            [*INFO, ["Quyết định", "=A1"]],
            [
                (
                    5,
                    "Quyết định",
                    "Ô chứa công thức: hãy nhập giá trị (dán dạng giá trị), không dùng công thức.",
                )
            ],
        ),
        ([["Thông tin", "Giá trị"], *INFO], []),  # a header row is allowed
    ],
)
def test_info_sheet(info, expected):
    data = book(info=info)
    if not expected:
        assert read_criteria(data).title == "Bộ tiêu chí năm 2026"
        return
    assert problems(data) == [("Thông tin", r, c, m) for r, c, m in expected]


def test_problems_of_both_sheets_together():
    got = problems(book(info=INFO[1:], rows=[*GOOD_ROWS, ["1.3", "Tiêu chí", None, "X", "x"]]))
    assert [(s, n) for s, n, _, _ in got] == [("Thông tin", 0), ("Tiêu chí", 5)]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (book(sheets=("Tiêu chí",)), [("Thông tin", 0, "", "Thiếu trang tính “Thông tin”.")]),
        (book(sheets=("Thông tin",)), [("Tiêu chí", 0, "", "Thiếu trang tính “Tiêu chí”.")]),
        (
            book(header=["Mã", "Nội dung"], rows=[]),
            [("Tiêu chí", 1, "", "Dòng tiêu đề thiếu cột: Cấp, Điểm tối đa.")],
        ),
        (
            b"not a workbook",
            [("Tệp", 0, "", "Tệp không phải bảng tính Excel (.xlsx) hoặc bị hỏng: không mở được.")],
        ),
    ],
)
def test_file_level_problems(data, expected):
    assert problems(data) == expected


def test_a_file_too_large_is_refused_before_it_is_opened():
    rows = [[f"1.{n}", "Tiêu chí", None, "X", 0] for n in range(1, 60)]
    got = problems(book(rows=[GOOD_ROWS[0], *rows]), limits=ReadLimits(max_rows=50))
    assert got[0][0] == "Tệp" and "quá lớn cho một bộ tiêu chí" in got[0][3]


def test_empty_items_sheet_reads_as_an_empty_set():
    assert read_criteria(book(rows=[])).items == ()


# --- writing, the template, the round trip -----------------------------------------------------


def test_export_reads_back_equal():
    s = sample_set()
    data = write_criteria(s)
    assert read_criteria(data) == s
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Thông tin", "Tiêu chí", "Hướng dẫn"]
    rows = list(wb["Tiêu chí"].iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert rows[4][:6] == ("1.2.1", "Tiêu chí thành phần", "1.2", "Mục 1.2.1", 2, "bậc: 100=2; 80=1")
    assert rows[7][5] == "trừ: 0,25 mỗi lần, tối đa 2"
    info = dict(wb["Thông tin"].iter_rows(values_only=True))
    assert info["Loại cơ quan"] == "Sở" and info["Điểm minh họa"] == "Không" and info["Làm tròn"] == 0.25


@pytest.mark.parametrize("text", HOSTILE)
def test_user_text_stays_text(text):
    s = cset(item("1", "area", 1, title=text, guide=text), title=text, decision=text)
    data = write_criteria(s)
    assert formula_elements(data) == []
    back = read_criteria(data)
    assert back.items[0].title == text.strip()
    assert back.title == text.strip()


def test_template():
    data = template_bytes()
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Thông tin", "Tiêu chí", "Hướng dẫn"]
    assert [r[0] for r in wb["Thông tin"].iter_rows(values_only=True)] == [
        "Tên bộ tiêu chí",
        "Tỉnh",
        "Năm",
        "Loại cơ quan",
        "Quyết định",
        "Làm tròn",
        "Tối đa điểm thưởng",
        "Tối đa điểm trừ",
        "Điểm minh họa",
    ]
    assert list(next(wb["Tiêu chí"].iter_rows(values_only=True))) == HEADER
    guide = [r[0] for r in wb["Hướng dẫn"].iter_rows(values_only=True)]
    for form in (
        "có/không",
        "bậc: 100=1; 80=0,5",
        "tỷ lệ",
        "đếm: 0,5 mỗi lần, tối đa 1",
        "trừ: 0,25 mỗi lần, tối đa 1",
        "so với cao nhất",
        "tự chấm",
        *HEADER,
    ):
        assert form in guide
    # Filled in with nothing, it says what is missing (and nothing else).
    assert [m for *_, m in problems(data)] == [
        "Thiếu tên bộ tiêu chí.",
        "Thiếu tỉnh.",
        "Thiếu năm.",
        "Thiếu loại cơ quan.",
    ]


# The text a person may type, as the reader gives it back: NFC, stripped (each line too), no
# control characters, not an Excel error value ("#REF!").
_letters = st.sampled_from(
    list("aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạếềểễệốồổỗộớờởỡợúùủũụứừửữựíìỉĩịAĐ0123456789 =+-@/,.;:()%\"'")
)
_text = st.lists(_letters, max_size=30).map("".join).map(str.strip)
_required = _text.filter(bool)
_lines = st.lists(_required, max_size=3).map("\n".join)
_code = st.text(alphabet="ABCT0123456789", min_size=1, max_size=4)
_dec = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def rules(draw):
    kind = draw(st.sampled_from(["yes_no", "bands", "ratio", "count", "deduction", "relative", "manual"]))
    step = draw(st.none() | st.sampled_from([D("0.25"), D("0.01"), D("0.5")]))
    if kind == "bands":
        mins = draw(st.lists(_dec, min_size=1, max_size=3, unique=True))
        return Rule("bands", bands=tuple(Band(m, draw(_dec)) for m in mins), round=step)
    if kind in ("count", "deduction"):
        return Rule(kind, points_each=draw(_dec.filter(bool)), cap=draw(st.none() | _dec), round=step)
    return Rule(kind, round=step)


@st.composite
def criteria_sets(draw):
    items: list[Item] = []
    sources = st.none() | st.builds(
        SourceRef,
        st.sampled_from(["follow", "dossiers"]),
        st.sampled_from(["on_time", "late_count"]),
        st.sampled_from(["", "kh-1"]),
    )

    def add(code, level, parent, maximum):
        items.append(
            Item(
                code,
                level,
                draw(_required),
                maximum,
                draw(rules()),
                parent,
                draw(sources),
                draw(_lines),
                draw(_lines),
            )
        )

    for a in range(1, draw(st.integers(0, 3)) + 1):
        subs = draw(st.lists(st.integers(0, 2), max_size=3))
        add(str(a), "area", "", D(sum(subs) + len(subs) * 2 + 1))
        for c, n_sub in enumerate(subs, start=1):
            add(f"{a}.{c}", "criterion", str(a), D(2))
            for s in range(1, n_sub + 1):
                add(f"{a}.{c}.{s}", "sub", f"{a}.{c}", D(1))
    for n in range(draw(st.integers(0, 2))):
        add(f"T{n}", "bonus", "", draw(_dec))
        add(f"TR{n}", "penalty", "", draw(_dec))
    return CriteriaSet(
        title=draw(_required),
        province=draw(_required),
        year=draw(st.integers(2000, 2100)),
        body_kind=draw(st.sampled_from(["so", "ban", "nganh", "Đơn vị sự nghiệp"])),
        items=tuple(items),
        round=draw(st.none() | _dec.filter(bool)),
        bonus_cap=draw(st.none() | _dec),
        penalty_cap=draw(st.none() | _dec),
        decision=draw(_text),
        illustrative=draw(st.booleans()),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(criteria_sets())
def test_round_trip(s):
    assert s.validate() == []
    assert read_criteria(write_criteria(s)) == s
