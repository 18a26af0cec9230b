"""The criteria set: its tree, its leaves and the structure problems it reports."""

from __future__ import annotations

import pytest

from cchc.core.scoring import SourceError, SourceRef, parse_source
from tests.core.scoring.builders import cset, item, sample_set


def test_tree_navigation():
    s = sample_set()
    assert [i.code for i in s.children("1")] == ["1.1", "1.2"]
    assert [i.code for i in s.children("1.2")] == ["1.2.1", "1.2.2"]
    assert s.children("2.1") == ()
    assert [i.code for i in s.leaves()] == ["1.1", "1.2.1", "1.2.2", "2.1"]
    assert [i.code for i in s.roots()] == ["1", "2"]
    assert [i.code for i in s.bonus_items()] == ["T1", "T2"]
    assert [i.code for i in s.penalty_items()] == ["TR1", "TR2"]
    assert s.by_code["1.2.1"].source == SourceRef("follow", "on_time_share", "plan-1")
    assert s.validate() == []


def test_an_area_without_criteria_is_scored_itself():
    s = cset(item("1", "area", 5), item("2", "area", 5), item("2.1", "criterion", 5, "2"))
    assert [i.code for i in s.leaves()] == ["1", "2.1"]


def test_sets_compare_by_their_data_and_hash():
    assert sample_set() == sample_set()
    assert hash(sample_set()) == hash(sample_set())
    assert sample_set() != cset()


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        (
            [item("1", "area", 5), item("1", "area", 5)],
            [("1", "duplicate", "Mã “1” bị trùng.")],
        ),
        (
            [item("1.1", "criterion", 2, "1")],
            [("1.1", "unknown_parent", "Mục “1.1”: mã cấp trên “1” không có trong bộ tiêu chí.")],
        ),
        (
            [item("1", "area", 5), item("1.1", "sub", 2, "1")],
            [
                (
                    "1.1",
                    "parent_level",
                    "Mục “1.1” (tiêu chí thành phần) phải nằm dưới một tiêu chí, không dưới “1” (lĩnh vực).",
                )
            ],
        ),
        (
            [item("1", "area", 5), item("1.1", "criterion", 2, "1"), item("1.1.1", "criterion", 1, "1.1")],
            [
                (
                    "1.1.1",
                    "parent_level",
                    "Mục “1.1.1” (tiêu chí) phải nằm dưới một lĩnh vực, không dưới “1.1” (tiêu chí).",
                )
            ],
        ),
        (
            [item("1", "area", 5), item("1.1", "criterion", 2)],
            [("1.1", "parent_level", "Mục “1.1” (tiêu chí) cần mã cấp trên là một lĩnh vực.")],
        ),
        (
            [item("1", "area", 5), item("T1", "bonus", 1, "1")],
            [("T1", "parent_level", "Mục “T1” (điểm thưởng) không có mục cấp trên.")],
        ),
        (
            [item("1", "area", 5), item("TR1", "penalty", 1, "1")],
            [("TR1", "parent_level", "Mục “TR1” (điểm trừ) không có mục cấp trên.")],
        ),
        (
            [item("1", "area", 5), item("2", "area", 5, "1")],
            [("2", "parent_level", "Mục “2” (lĩnh vực) không có mục cấp trên.")],
        ),
        (
            [item("1", "area", -1)],
            [("1", "negative_maximum", "Mục “1”: điểm tối đa không được âm.")],
        ),
        (
            [item("1", "area", 3), item("1.1", "criterion", 2, "1"), item("1.2", "criterion", "1.5", "1")],
            [
                (
                    "1",
                    "children_over",
                    "Mục “1”: tổng điểm tối đa của các mục con (3,5) vượt điểm tối đa của mục (3).",
                )
            ],
        ),
        (  # children adding up to exactly the maximum are fine
            [item("1", "area", 3), item("1.1", "criterion", 2, "1"), item("1.2", "criterion", 1, "1")],
            [],
        ),
    ],
)
def test_structure_problems(items, expected):
    s = cset(*items)
    got = [(p.code, p.kind, p.message) for p in s.structure_problems()]
    assert got == expected
    assert s.validate() == [m for _, _, m in expected]


def test_many_problems_reported_at_once():
    s = cset(
        item("1", "area", 1),
        item("1.1", "criterion", 2, "1"),
        item("1.1", "criterion", 2, "1"),
        item("9.1", "criterion", 1, "9"),
        item("T", "bonus", 1, "1"),
    )
    kinds = sorted(p.kind for p in s.structure_problems())
    assert kinds == ["children_over", "duplicate", "parent_level", "unknown_parent"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dossiers.on_time_rate", SourceRef("dossiers", "on_time_rate")),
        (" follow.task_done:12 ", SourceRef("follow", "task_done", "12")),
        ("follow.on_time_share:Kế hoạch 45", SourceRef("follow", "on_time_share", "Kế hoạch 45")),
        ("officers.late-share", SourceRef("officers", "late-share")),
    ],
)
def test_parse_source(text, expected):
    assert parse_source(text) == expected
    assert parse_source(str(expected)) == expected


@pytest.mark.parametrize(
    "text", ["dossiers", "dossiers.", ".rate", "hồ sơ.tỷ lệ", "a.b:", "1x.rate", "a b.c"]
)
def test_parse_source_refused(text):
    with pytest.raises(SourceError) as caught:
        parse_source(text)
    assert "không đúng dạng" in caught.value.message


def test_source_name():
    assert SourceRef("follow", "task_done", "12").name == "follow.task_done"
    assert str(SourceRef("follow", "task_done", "12")) == "follow.task_done:12"
