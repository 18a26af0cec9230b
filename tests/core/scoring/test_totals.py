"""Totals within caps, proposals from the rules, and dense ranking."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.core.scoring import Rule, best_value, compute_totals, propose_scores, rank, rank_codes
from tests.core.scoring.builders import D, cset, item, sample_set

S = sample_set()


def scores(**kw):
    return {k.replace("_", "."): (None if v is None else D(v)) for k, v in kw.items()}


def test_nothing_scored():
    t = compute_totals(S, {})
    assert t.maximum == D(9)
    assert all(v is None for v in t.by_code.values())
    assert set(t.by_code) == {i.code for i in S.items}
    assert (t.bonus, t.penalty, t.total) == (0, 0, 0)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        # leaves add up to their criterion and area
        (
            {"1.1": 2, "1.2.1": 1, "1.2.2": "0.5", "2.1": 3},
            {"1.2": "1.5", "1": "3.5", "2": "3", "total": "6.5"},
        ),
        # a parent is None only when all its children are
        ({"1.1": 2}, {"1.2": None, "1": "2", "2": None, "total": "2"}),
        ({"1.2.2": 0}, {"1.2": "0", "1": "0", "1.1": None}),
        # a leaf counts within its maximum (and never below 0)
        ({"1.1": 5, "1.2.1": -1}, {"1.1": "2", "1.2.1": "0", "1": "2"}),
        # a parent is capped at its maximum even if the children's maxima were not
        ({"1.1": 2, "1.2.1": 2, "1.2.2": 1}, {"1.2": "3", "1": "5", "total": "5"}),
    ],
)
def test_tree_sums(given, expected):
    t = compute_totals(S, {k: D(v) for k, v in given.items()})
    for code, value in expected.items():
        got = t.total if code == "total" else t.by_code[code]
        assert got == (None if value is None else D(value)), code


@pytest.mark.parametrize(
    ("given", "bonus", "penalty"),
    [
        ({"T1": "0.5"}, "0.5", "0"),
        ({"T1": 3}, "1", "0"),  # the item's cap (rule cap 1, maximum 1)
        ({"T1": 1, "T2": 1}, "1.5", "0"),  # the bonus total's cap
        ({"T1": "0.5", "T2": "0.5"}, "1", "0"),
        ({"TR1": "1.5"}, "0", "1.5"),
        ({"TR1": 2, "TR2": 1}, "0", "2"),  # the penalty total's cap
        ({"TR1": -1}, "0", "0"),  # points are positive: a negative entry counts 0
        ({"T1": None, "TR1": None}, "0", "0"),
    ],
)
def test_bonus_and_penalty_within_their_caps(given, bonus, penalty):
    t = compute_totals(S, {k: None if v is None else D(v) for k, v in given.items()})
    assert (t.bonus, t.penalty) == (D(bonus), D(penalty))
    assert t.total == max(D(0), D(bonus) - D(penalty))


def test_total_adds_bonus_subtracts_penalty_and_never_goes_below_zero():
    t = compute_totals(S, {"1.1": D(2), "2.1": D(4), "T1": D(1), "TR1": D("0.5")})
    assert t.total == D("6.5")
    assert compute_totals(S, {"1.1": D(1), "TR1": D(2)}).total == 0
    assert compute_totals(S, {"1.1": D(2), "T1": D(1)}).by_code["T1"] == D(1)


def test_no_caps_on_the_totals():
    s = cset(item("1", "area", 5), item("T1", "bonus", 3), item("T2", "bonus", 3), item("P", "penalty", 9))
    t = compute_totals(s, {"1": D(5), "T1": D(3), "T2": D(3), "P": D(1)})
    assert (t.bonus, t.penalty, t.total) == (D(6), D(1), D(10))


def test_propose_applies_each_rule_with_the_sets_rounding():
    values = {
        "1.1": D(1),
        "1.2.1": D("85"),
        "1.2.2": D("62.5"),
        "2.1": D(3),
        "T1": D(3),
        "TR1": D(1),
        "TR2": None,
    }
    got = propose_scores(S, values)
    assert got == {
        "1.1": D(2),
        "1.2.1": D(1),
        "1.2.2": D("0.75"),  # 0.625 rounded to 0.25 (the set's default), half up
        "2.1": D("3.25"),
        "T1": D(1),
        "TR1": D("0.5"),
        "TR2": None,
    }
    assert "1.2" not in propose_scores(S, {"1.2": D(50)})  # only leaves are proposed


def test_propose_relative_uses_the_best_value():
    s = cset(item("1", "area", 4), item("1.1", "criterion", 4, "1", rule=Rule("relative")))
    assert propose_scores(s, {"1.1": D(30)}, {"1.1": D(40)}) == {"1.1": D(3)}
    assert propose_scores(s, {"1.1": D(30)}) == {"1.1": D(0)}


# --- ranking --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"a": 9, "b": 8, "c": 7}, {"a": 1, "b": 2, "c": 3}),
        ({"a": 9, "b": 9, "c": 7}, {"a": 1, "b": 1, "c": 2}),  # dense: 1, 1, 2
        ({"a": 7, "b": 9, "c": 9, "d": 8, "e": 7}, {"a": 3, "b": 1, "c": 1, "d": 2, "e": 3}),
        ({"a": None, "b": 5}, {"a": None, "b": 1}),
        ({"a": "1.0", "b": 1}, {"a": 1, "b": 1}),  # equal Decimals share a rank
        ({}, {}),
        ({"a": 0, "b": None}, {"a": 1, "b": None}),
    ],
)
def test_rank(values, expected):
    assert rank({k: None if v is None else D(v) for k, v in values.items()}) == expected


@given(st.dictionaries(st.integers(), st.none() | st.decimals(-100, 100, places=2)))
def test_rank_properties(values):
    ranks = rank(values)
    known = {k: v for k, v in values.items() if v is not None}
    assert {k for k, r in ranks.items() if r is None} == set(values) - set(known)
    for a in known:
        for b in known:
            assert (known[a] > known[b]) == (ranks[a] < ranks[b])
    if known:
        assert sorted(set(r for r in ranks.values() if r is not None)) == list(
            range(1, len(set(known.values())) + 1)
        )


def test_rank_codes_and_best():
    by_body = {"A": {"total": D(8), "1": D(3)}, "B": {"total": D(8), "1": D(4)}, "C": {"total": D(5)}}
    assert rank_codes(by_body, ["total", "1"]) == {
        "total": {"A": 1, "B": 1, "C": 2},
        "1": {"A": 2, "B": 1, "C": None},
    }
    assert best_value([None, D(3), D(7)]) == D(7)
    assert best_value([None]) is None
