"""Scoring rules: every kind with a table of cases (edges, caps, rounding), the JSON shapes
and their validation, and the short Vietnamese form."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.core.scoring import (
    Band,
    Rule,
    RuleError,
    apply_rule,
    parse_rule_text,
    round_to,
    rule_text,
)


def D(x) -> Decimal:
    return Decimal(str(x))


BANDS = Rule("bands", bands=(Band(D(100), D(1)), Band(D(80), D("0.5"))))


def score(rule: Rule, maximum, value, **kw):
    return apply_rule(rule, D(maximum), None if value is None else D(value), **kw)


# --- each kind ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, "2"), (0, "0"), (3, "2"), ("0.5", "0"), (-1, "0"), (None, None)],
)
def test_yes_no(value, expected):
    assert score(Rule("yes_no"), 2, value) == (None if expected is None else D(expected))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (100, "1"),
        ("99.99", "0.5"),
        (80, "0.5"),
        ("79.99", "0"),
        (0, "0"),
        (120, "1"),  # above the top band: the top band's points
        (None, None),
    ],
)
def test_bands_edges(value, expected):
    assert score(BANDS, 1, value) == (None if expected is None else D(expected))


def test_bands_in_any_order_and_never_above_the_maximum():
    unordered = Rule("bands", bands=(Band(D(50), D("0.25")), Band(D(100), D(3)), Band(D(80), D("0.5"))))
    assert score(unordered, 1, 100) == D(1)  # 3 points capped at the maximum
    assert score(unordered, 1, 90) == D("0.5")
    assert score(unordered, 1, 60) == D("0.25")
    assert score(unordered, 1, 49) == D(0)


@pytest.mark.parametrize(
    ("maximum", "value", "expected"),
    [
        (2, 100, "2"),
        (2, 50, "1"),
        (2, 0, "0"),
        (2, 150, "2"),
        (2, -10, "0"),
        (1, "85.5", "0.855"),
        (2, None, None),
    ],
)
def test_ratio(maximum, value, expected):
    assert score(Rule("ratio"), maximum, value) == (None if expected is None else D(expected))


COUNT = Rule("count", points_each=D("0.5"), cap=D(1))
DEDUCTION = Rule("deduction", points_each=D("0.25"), cap=D(1))


@pytest.mark.parametrize(
    ("rule", "maximum", "value", "expected"),
    [
        (COUNT, 1, 0, "0"),
        (COUNT, 1, 1, "0.5"),
        (COUNT, 1, 2, "1"),
        (COUNT, 1, 5, "1"),  # the cap
        (COUNT, "0.75", 5, "0.75"),  # the maximum below the cap
        (Rule("count", points_each=D("0.5")), 10, 7, "3.5"),  # no cap
        (Rule("count", points_each=D("0.5")), 2, 7, "2"),  # no cap, the maximum
        (COUNT, 1, -3, "0"),
        (DEDUCTION, 2, 0, "2"),
        (DEDUCTION, 2, 1, "1.75"),
        (DEDUCTION, 2, 4, "1"),
        (DEDUCTION, 2, 9, "1"),  # deducted at most the cap
        (DEDUCTION, "0.5", 9, "0"),  # never below 0
        (Rule("deduction", points_each=D(1)), 3, 5, "0"),  # no cap: never below 0
        (DEDUCTION, 2, None, None),
    ],
)
def test_count_and_deduction(rule, maximum, value, expected):
    assert score(rule, maximum, value) == (None if expected is None else D(expected))


@pytest.mark.parametrize(
    ("value", "best", "expected"),
    [
        (90, 90, "3"),
        (45, 90, "1.5"),
        (0, 90, "0"),
        (10, None, "0"),
        (10, 0, "0"),
        (10, -5, "0"),
        (120, 90, "3"),  # never above the maximum
        (None, 90, None),
    ],
)
def test_relative(value, best, expected):
    got = score(Rule("relative"), 3, value, best=None if best is None else D(best))
    assert got == (None if expected is None else D(expected))


@pytest.mark.parametrize("value", [None, 0, 1, 100])
def test_manual_proposes_nothing(value):
    assert score(Rule("manual"), 5, value) is None


# --- rounding -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "step", "expected"),
    [
        ("0.125", "0.25", "0.25"),  # half up
        ("0.124", "0.25", "0"),
        ("0.375", "0.25", "0.5"),
        ("0.374", "0.25", "0.25"),
        ("1.005", "0.01", "1.01"),  # half up, not to even
        ("1.015", "0.01", "1.02"),
        ("1.0049", "0.01", "1.00"),
        ("2.5", "1", "3"),
    ],
)
def test_round_to(value, step, expected):
    assert round_to(D(value), D(step)) == D(expected)


@pytest.mark.parametrize(
    ("rule", "default", "value", "expected"),
    [
        (Rule("ratio", round=D("0.25")), None, "56.25", "0.5"),  # 0.5625 -> 0.5
        (Rule("ratio", round=D("0.25")), None, "62.5", "0.75"),  # 0.625 -> 0.75 (half up)
        (Rule("ratio"), D("0.25"), "62.5", "0.75"),  # the set's default
        (Rule("ratio", round=D("0.01")), D("0.25"), "62.5", "0.63"),  # the rule's own wins
        (Rule("ratio", round=D("0.01")), None, "33.335", "0.33"),  # 0.33335
        (Rule("ratio", round=D("0.01")), None, "33.5", "0.34"),  # 0.335 half up
        (Rule("ratio"), None, "62.5", "0.625"),  # no rounding
        (Rule("ratio", round=D("0.5")), None, 90, "1"),  # 0.9 -> 1.0: within the maximum
    ],
)
def test_rounding_in_apply(rule, default, value, expected):
    assert score(rule, 1, value, default_round=default) == D(expected)


def test_rounding_never_passes_the_maximum():
    assert score(Rule("ratio", round=D("0.5")), "0.75", 100) == D("0.75")


# --- JSON shapes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "yes_no"},
        {"kind": "bands", "bands": [{"min": 100, "points": 1}, {"min": 80, "points": 0.5}]},
        {"kind": "ratio", "round": 0.25},
        {"kind": "count", "points_each": 0.5, "cap": 1},
        {"kind": "count", "points_each": 0.5},
        {"kind": "deduction", "points_each": 0.25, "cap": 1, "round": 0.01},
        {"kind": "relative"},
        {"kind": "manual"},
    ],
)
def test_json_round_trip(data):
    rule = Rule.from_dict(data)
    assert rule.to_dict() == data
    assert json.loads(json.dumps(rule.to_dict())) == data
    assert Rule.from_dict(rule.to_dict()) == rule


def test_json_numbers_are_exact():
    rule = Rule.from_dict({"kind": "count", "points_each": 0.1, "cap": 0.3})
    assert (rule.points_each, rule.cap) == (Decimal("0.1"), Decimal("0.3"))


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"kind": "percent"}, "“percent” không có"),
        ({}, "không có"),
        ({"kind": "ratio", "points": 1}, "không có khóa: points"),
        ({"kind": "yes_no", "cap": 1}, "không có khóa: cap"),
        ({"kind": "bands", "bands": []}, "ít nhất một bậc"),
        ({"kind": "bands"}, "cần danh sách bands"),
        (
            {"kind": "bands", "bands": [{"min": 80, "points": 1}, {"min": 80, "points": 0.5}]},
            "cùng mức tối thiểu",
        ),
        ({"kind": "bands", "bands": [{"min": 80, "points": -1}]}, "không được âm"),
        ({"kind": "bands", "bands": [{"min": 80}]}, "đúng hai khóa min và points"),
        ({"kind": "bands", "bands": [{"min": 80, "points": 1, "max": 90}]}, "đúng hai khóa"),
        ({"kind": "count", "cap": 1}, "lớn hơn 0"),
        ({"kind": "count", "points_each": 0}, "lớn hơn 0"),
        ({"kind": "deduction", "points_each": -0.25}, "lớn hơn 0"),
        ({"kind": "count", "points_each": 0.5, "cap": -1}, "không được âm"),
        ({"kind": "ratio", "round": 0}, "lớn hơn 0"),
        ({"kind": "ratio", "round": "abc"}, "không phải là số"),
        ({"kind": "count", "points_each": True}, "không phải là số"),
        ({"kind": "count", "points_each": float("nan")}, "không phải là số"),
    ],
)
def test_json_refused_with_a_vietnamese_message(data, words):
    with pytest.raises(RuleError) as caught:
        Rule.from_dict(data)
    assert words in caught.value.message


def test_a_rule_of_the_wrong_shape_cannot_be_made():
    with pytest.raises(RuleError):
        Rule("ratio", points_each=D(1))
    with pytest.raises(RuleError):
        Rule("bands")


# --- the short Vietnamese form --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("có/không", {"kind": "yes_no"}),
        ("CÓ/KHÔNG", {"kind": "yes_no"}),
        ("co/khong", {"kind": "yes_no"}),
        (
            "bậc: 100=1; 80=0,5",
            {"kind": "bands", "bands": [{"min": 100, "points": 1}, {"min": 80, "points": 0.5}]},
        ),
        (
            "Bac: 100% = 1 điểm; 80%=0.5",
            {"kind": "bands", "bands": [{"min": 100, "points": 1}, {"min": 80, "points": 0.5}]},
        ),
        ("tỷ lệ", {"kind": "ratio"}),
        ("Tỉ lệ", {"kind": "ratio"}),
        ("đếm: 0,5 mỗi lần, tối đa 1", {"kind": "count", "points_each": 0.5, "cap": 1}),
        ("Đếm: 0.5 điểm mỗi lần", {"kind": "count", "points_each": 0.5}),
        ("trừ: 0,25 mỗi lần, tối đa 1", {"kind": "deduction", "points_each": 0.25, "cap": 1}),
        ("TRU 0,25 MOI LAN, TOI DA 1", {"kind": "deduction", "points_each": 0.25, "cap": 1}),
        ("so với cao nhất", {"kind": "relative"}),
        ("tự chấm", {"kind": "manual"}),
        ("", {"kind": "manual"}),
        ("   ", {"kind": "manual"}),
        ("tỷ lệ; làm tròn 0,25", {"kind": "ratio", "round": 0.25}),
        (
            "bậc: 100=1; 80=0,5; làm tròn 0,01",
            {
                "kind": "bands",
                "bands": [{"min": 100, "points": 1}, {"min": 80, "points": 0.5}],
                "round": 0.01,
            },
        ),
        ('{"kind": "ratio", "round": 0.25}', {"kind": "ratio", "round": 0.25}),
        ('{"Kind": "RATIO"}', {"kind": "ratio"}),
    ],
)
def test_short_form_read(text, expected):
    assert parse_rule_text(text).to_dict() == expected


@pytest.mark.parametrize(
    "text",
    [
        "phần trăm",
        "bậc: cao=1",
        "bậc: 100=1; thấp",
        "đếm: nhiều",
        "tỷ lệ; làm tròn 0",
        "{not json",
        "đếm: 0 mỗi lần",
        "có/không; 1",
    ],
)
def test_short_form_refused(text):
    with pytest.raises(RuleError) as caught:
        parse_rule_text(text)
    assert "Cách chấm" in caught.value.message or "tròn" in caught.value.message


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        (Rule("yes_no"), "có/không"),
        (BANDS, "bậc: 100=1; 80=0,5"),
        (Rule("ratio", round=D("0.25")), "tỷ lệ; làm tròn 0,25"),
        (COUNT, "đếm: 0,5 mỗi lần, tối đa 1"),
        (Rule("count", points_each=D("0.5")), "đếm: 0,5 mỗi lần"),
        (DEDUCTION, "trừ: 0,25 mỗi lần, tối đa 1"),
        (Rule("relative"), "so với cao nhất"),
        (Rule("manual"), "tự chấm"),
        (Rule("bands", bands=(Band(D(1000), D(2)),)), "bậc: 1000=2"),  # no thousands mark
    ],
)
def test_short_form_written(rule, text):
    assert rule_text(rule) == text
    assert parse_rule_text(text) == rule


_num = st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False)
_pos = _num.filter(lambda d: d > 0)


@st.composite
def rules(draw):
    kind = draw(st.sampled_from(["yes_no", "bands", "ratio", "count", "deduction", "relative", "manual"]))
    step = draw(st.none() | _pos)
    if kind == "bands":
        mins = draw(st.lists(_num, min_size=1, max_size=4, unique=True))
        return Rule("bands", bands=tuple(Band(m, draw(_num)) for m in mins), round=step)
    if kind in ("count", "deduction"):
        return Rule(kind, points_each=draw(_pos), cap=draw(st.none() | _num), round=step)
    return Rule(kind, round=step)


@given(rules())
def test_every_rule_reads_back_from_both_forms(rule):
    assert parse_rule_text(rule_text(rule)) == rule
    assert Rule.from_dict(json.loads(json.dumps(rule.to_dict()))) == rule


@given(rules(), _num, st.none() | _num, st.none() | _num)
def test_a_proposal_lies_within_the_maximum(rule, maximum, value, best):
    got = apply_rule(rule, maximum, value, best=best)
    assert got is None or Decimal(0) <= got <= maximum
