"""Criteria sets in the database and back: import a set read from the Office's workbook (whole
or not at all), copy last year's set to start the next, and the pure core's view of a set."""

from __future__ import annotations

from dataclasses import replace as dc_replace
from decimal import Decimal

from django.db import transaction

from cchc.core.errors import UserError
from cchc.core.scoring import CriteriaSet as CoreSet
from cchc.core.scoring import Item as CoreItem
from cchc.core.scoring import Rule, parse_source
from cchc.orgs.types import User
from cchc.scoring.models import CriteriaSet, Item


class SetInUse(UserError):
    pass


def to_core(cset: CriteriaSet, items: list[Item] | None = None) -> CoreSet:
    """The pure core's set (items in their order)."""
    rows = items if items is not None else list(cset.items.order_by("order"))
    return CoreSet(
        title=cset.title,
        province=cset.province,
        year=cset.year,
        body_kind=cset.body_kind,
        items=tuple(core_item(i) for i in rows),
        round=cset.round_to,
        bonus_cap=cset.bonus_cap,
        penalty_cap=cset.penalty_cap,
        decision=cset.decision,
        illustrative=cset.illustrative,
    )


def core_item(item: Item) -> CoreItem:
    return CoreItem(
        code=item.code,
        level=item.level,  # type: ignore[arg-type]
        title=item.title,
        maximum=Decimal(item.maximum),
        rule=Rule.from_dict(item.rule or {"kind": "manual"}),
        parent=item.parent_code,
        source=parse_source(item.source) if item.source else None,
        guide=item.guide,
        evidence_required=item.evidence_required,
    )


@transaction.atomic
def save_set(core: CoreSet, *, user: User | None = None, replace: bool = False) -> CriteriaSet:
    """Store a set read from a workbook. A set of the same province, year and kind is replaced
    only when ``replace`` and no assessment uses it; otherwise refused (nothing changes)."""
    existing = (
        CriteriaSet.objects.select_for_update()
        .filter(province=core.province, year=core.year, body_kind=core.body_kind)
        .first()
    )
    if existing is not None:
        if existing.assessments.exists():
            raise SetInUse(
                f"Bộ tiêu chí năm {core.year} của {core.province} đã được dùng để tự đánh giá: "
                "không thay được. Hãy sửa từng tiêu chí trong trang quản trị hoặc nhập cho năm khác."
            )
        if not replace:
            raise SetInUse(
                f"Đã có bộ tiêu chí năm {core.year} của {core.province}; "
                "nhập lại và chọn thay thế (“Thay bộ tiêu chí đã có”, hoặc --replace của lệnh) để thay."
            )
        existing.delete()
    cset = CriteriaSet.objects.create(
        province=core.province,
        year=core.year,
        body_kind=core.body_kind or "so",
        title=core.title,
        decision=core.decision,
        round_to=core.round,
        bonus_cap=core.bonus_cap,
        penalty_cap=core.penalty_cap,
        illustrative=core.illustrative,
        created_by=user,
    )
    Item.objects.bulk_create(
        Item(
            criteria_set=cset,
            code=i.code,
            level=i.level,
            parent_code=i.parent,
            order=n,
            title=i.title,
            maximum=i.maximum,
            rule=i.rule.to_dict(),
            source=str(i.source) if i.source else "",
            guide=i.guide,
            evidence_required=i.evidence_required,
        )
        for n, i in enumerate(core.items, start=1)
    )
    return cset


@transaction.atomic
def copy_set(cset: CriteriaSet, year: int, *, user: User | None = None) -> CriteriaSet:
    """Last year's set as the start of ``year``'s (the Office then edits what changed)."""
    core = dc_replace(to_core(cset), year=year)
    return save_set(core, user=user)


def set_for(province: str, year: int, body_kind: str = "so") -> CriteriaSet | None:
    return CriteriaSet.objects.filter(province=province, year=year, body_kind=body_kind).first()
