"""A small criteria set with every rule kind a source feeds, the Sở Nội vụ's appraiser of the
test province, and the 2026 assessment of the test department."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cchc.core.scoring import CriteriaSet, Item, Rule, SourceRef
from cchc.orgs.models import Membership, Organisation
from cchc.scoring import services, sets
from tests.factories import make_org, make_user, person


def item(code, level, title, maximum, rule=None, source="", **kw) -> Item:
    parent = "" if level in ("area", "bonus", "penalty") else code.rsplit(".", 1)[0]
    return Item(
        code=code,
        level=level,
        title=title,
        maximum=Decimal(maximum),
        rule=Rule.from_dict(rule or {"kind": "manual"}),
        parent=parent,
        source=SourceRef(*source.split(".")) if source else None,
        **kw,
    )


def small_set(province: str = "Thử Nghiệm", year: int = 2026) -> CriteriaSet:
    return CriteriaSet(
        title=f"Bộ tiêu chí thử nghiệm {year}",
        province=province,
        year=year,
        body_kind="so",
        items=(
            item("1", "area", "Công tác chỉ đạo, điều hành CCHC", "5"),
            item("1.1", "criterion", "Kế hoạch CCHC", "3"),
            item("1.1.1", "sub", "Ban hành kế hoạch CCHC năm", "1", {"kind": "yes_no"}, "tasks.done"),
            item(
                "1.1.2",
                "sub",
                "Tỷ lệ nhiệm vụ hoàn thành đúng hạn",
                "2",
                {"kind": "bands", "bands": [{"min": 100, "points": 2}, {"min": 80, "points": 1}]},
                "tracking.on_time",
            ),
            item("1.2", "criterion", "Kiểm tra CCHC", "2"),
            item("2", "area", "Cải cách thủ tục hành chính", "3"),
            item("2.1", "criterion", "Hồ sơ giải quyết đúng hạn", "3", {"kind": "ratio"}, "dossiers.on_time"),
            item(
                "T1",
                "bonus",
                "Trên 30 % công việc sớm hạn",
                "0.5",
                {"kind": "bands", "bands": [{"min": 30.01, "points": 0.5}]},
                "tracking.early",
            ),
            item("T2", "bonus", "Chỉ số tăng hạng", "1", {"kind": "count", "points_each": 0.5, "cap": 1}),
            item("D1", "penalty", "Nộp trễ hạn", "1", {"kind": "yes_no"}, "assessment.late_submission"),
            item(
                "D2",
                "penalty",
                "Nhiệm vụ quá hạn",
                "1",
                {"kind": "count", "points_each": 0.25, "cap": 1},
                "tracking.overdue",
            ),
        ),
        bonus_cap=Decimal("1"),
        penalty_cap=Decimal("1.5"),
    )


@pytest.fixture
def cset(org):
    return sets.save_set(small_set(org.province))


@pytest.fixture
def assessment(org, cset, coordinator):
    return services.open_assessment(
        org, 2026, self_due=date(2026, 12, 20), user=coordinator, today=date(2026, 6, 30)
    )


@pytest.fixture
def appraiser(org):
    snv = Organisation.objects.create(
        code="snv-test", name="Sở Nội vụ tỉnh Thử Nghiệm", province=org.province
    )
    return make_user(snv, Membership.Role.APPRAISER, "thamdinh")


@pytest.fixture
def far_appraiser(db):
    other = make_org("snv-xa", "Sở Nội vụ tỉnh Xa", province="Xa", external=False)
    return make_user(other, Membership.Role.APPRAISER, "thamdinh-xa")


@pytest.fixture
def unit_head(org):
    return person(org, Membership.Role.UNIT_HEAD, "KHTC")


@pytest.fixture
def other_head(org):
    return person(org, Membership.Role.UNIT_HEAD, "QLCN")
