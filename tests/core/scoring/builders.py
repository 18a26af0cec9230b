"""Small criteria sets for the scoring tests, written the way a province's decision reads."""

from __future__ import annotations

from decimal import Decimal

from cchc.core.scoring import Band, CriteriaSet, Item, Rule, SourceRef

MANUAL = Rule("manual")


def D(x) -> Decimal:
    return Decimal(str(x))


def item(code, level, maximum, parent="", rule=MANUAL, title=None, **kw) -> Item:
    return Item(code, level, title or f"Mục {code}", D(maximum), rule, parent, **kw)


def cset(*items: Item, **kw) -> CriteriaSet:
    fields = {"title": "Bộ tiêu chí thử", "province": "Khánh Hòa", "year": 2026, "body_kind": "so"}
    return CriteriaSet(**(fields | kw), items=tuple(items))


def sample_set() -> CriteriaSet:
    """Two areas, one with sub-criteria, a bonus and a penalty item, caps on both totals."""
    return cset(
        item("1", "area", 5, title="Công tác chỉ đạo, điều hành CCHC"),
        item(
            "1.1",
            "criterion",
            2,
            "1",
            Rule("yes_no"),
            "Ban hành kế hoạch CCHC năm",
            source=SourceRef("follow", "plan_issued"),
        ),
        item("1.2", "criterion", 3, "1", title="Mức độ hoàn thành kế hoạch CCHC"),
        item(
            "1.2.1",
            "sub",
            2,
            "1.2",
            Rule("bands", bands=(Band(D(100), D(2)), Band(D(80), D(1)))),
            source=SourceRef("follow", "on_time_share", "plan-1"),
        ),
        item("1.2.2", "sub", 1, "1.2", Rule("ratio")),
        item("2", "area", 4, title="Cải cách thủ tục hành chính"),
        item("2.1", "criterion", 4, "2", Rule("deduction", points_each=D("0.25"), cap=D(2))),
        item("T1", "bonus", 1, rule=Rule("count", points_each=D("0.5"), cap=D(1))),
        item("T2", "bonus", 1, rule=Rule("count", points_each=D("0.5"))),
        item("TR1", "penalty", 2, rule=Rule("count", points_each=D("0.5"), cap=D(2))),
        item("TR2", "penalty", 1, rule=Rule("yes_no")),
        bonus_cap=D("1.5"),
        penalty_cap=D(2),
        round=D("0.25"),
        decision="2712/QĐ-UBND",
    )
