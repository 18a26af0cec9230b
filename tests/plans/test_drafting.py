"""Table-driven rules of the draft editing and of the screens' wording (no database)."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.core.periods import Period
from cchc.core.units import demo_directory
from cchc.plans import drafting, labels
from cchc.plans.build import parent_number as _parent_number


@pytest.mark.parametrize(
    ("typed", "mentions"),
    [
        ("Văn phòng Sở", ["Văn phòng Sở"]),
        ("Văn phòng Sở; Thanh tra Sở", ["Văn phòng Sở", "Thanh tra Sở"]),
        ("- Văn phòng Sở\n+ Thanh tra Sở\n\n", ["Văn phòng Sở", "Thanh tra Sở"]),
        ("Các phòng, đơn vị thuộc Sở", ["Các phòng, đơn vị thuộc Sở"]),  # never split on commas
        ("Văn phòng Sở\nVăn phòng Sở", ["Văn phòng Sở"]),
        ("  ", []),
    ],
)
def test_split_mentions(typed, mentions):
    assert drafting.split_mentions(typed) == mentions


@pytest.mark.parametrize(
    ("op", "value", "unit", "text"),
    [
        (">=", 70.0, "%", "≥ 70 %"),
        (">", 90, "%", "> 90 %"),
        ("=", 0.0, "count", "= 0"),
        (">=", 2, "count", "≥ 2"),
        (">=", 85.67, "%", "≥ 85,67 %"),
        ("<=", 8, "working_hour", "≤ 8 giờ làm việc"),
    ],
)
def test_target_text(op, value, unit, text):
    assert labels.target_text(op, value, unit) == text


@pytest.mark.parametrize(
    ("kind", "label"),
    [
        ("deadline", "Hạn chót"),
        ("window", "Theo kỳ (quý/tháng/năm)"),
        ("recurring", "Định kỳ"),
        ("continuous", "Thường xuyên"),
        ("event", "Theo sự kiện"),
        ("external", "Theo cơ quan khác"),
        ("unparsed", "Chưa đọc được"),
        (None, "Chưa đọc được"),
    ],
)
def test_schedule_kinds_in_vietnamese(kind, label):
    assert labels.schedule_kind(kind) == label


def test_every_schedule_kind_has_a_label():
    from cchc.core.schedule import KINDS

    assert set(KINDS) <= set(labels.SCHEDULE_KINDS)


@pytest.mark.parametrize(
    ("value", "text"), [("2026-01-31", "31/01/2026"), (date(2025, 12, 5), "05/12/2025"), (None, "")]
)
def test_vn_date(value, text):
    assert labels.vn_date(value) == text


@pytest.mark.parametrize(
    ("number", "parent"), [("3.1", "3"), ("2.4.2", "2.4"), ("3", None), ("3.", None), (None, None)]
)
def test_parent_number(number, parent):
    assert _parent_number(number) == parent


def test_reresolving_units_replaces_stale_unit_warnings():
    task = {
        "task": "Nhiệm vụ",
        "is_group": False,
        "lead_units": ["Văn phòng Sở"],
        "coordinating_units": [],
        "warnings": [
            "Đơn vị “Tổ X” không xác định: hãy chọn đơn vị tương ứng.",
            "Ngày 20/11/2025 nằm ngoài thời gian của kế hoạch.",
        ],
    }
    drafting.resolve_task_units(task, demo_directory())
    assert task["warnings"] == ["Ngày 20/11/2025 nằm ngoài thời gian của kế hoạch."]
    task["lead_units"] = []
    drafting.refresh_unit_warnings(task)
    assert drafting.NO_LEAD_WARNING in task["warnings"]


def test_ignored_mentions_are_not_problems():
    task = {"task": "x", "lead_units": ["Báo tỉnh"], "coordinating_units": [], "warnings": []}
    drafting.resolve_task_units(task, demo_directory(), {"bao tinh": "-"})
    assert task["units_resolved"]["lead"][0]["status"] == "ignored"
    assert drafting.lead_problems({"tasks": [task]}) == []


def test_reparse_schedule_swaps_only_its_own_warnings():
    task = {"schedule": {"text": "Trước ngày 20/11/2025", "warnings": []}, "warnings": ["Khác"]}
    drafting.reparse_schedule(task, Period.year(2026))
    assert len(task["warnings"]) == 2 and task["warnings"][0] == "Khác"
    drafting.set_schedule_text(task, "Quý II", Period.year(2026), None)
    assert task["warnings"] == ["Khác"]
    assert task["schedule"]["due"] == ["2026-06-30"]


def test_split_plan_warnings_drops_the_row_copies():
    parsed = {
        "tasks": [{"warnings": ["Chưa có đơn vị chủ trì."]}],
        "warnings": ["Mục I nhiệm vụ 2: Chưa có đơn vị chủ trì.", "Không thấy số kế hoạch."],
    }
    drafting.split_plan_warnings(parsed)
    assert parsed["warnings"] == ["Không thấy số kế hoạch."]
