"""A body's scores added up: items, areas, bonus and penalty within their caps, the total;
and the proposals of a set's rules for a body's measured values.

Linear in the number of items: a province's ranking adds up 20 bodies × 100 items per page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from cchc.core.scoring.criteria import CriteriaSet, Item
from cchc.core.scoring.rules import apply_rule

__all__ = ["Totals", "compute_totals", "propose_scores"]

_ZERO = Decimal(0)


@dataclass(slots=True)
class Totals:
    """``maximum``: the most the tree scores (Σ of the areas' maxima, bonus aside);
    ``by_code``: the score of every item, areas, bonus and penalty items included, within
    its maximum (None: nothing scored under it); ``bonus`` / ``penalty``: the totals within
    the set's caps (both positive); ``total``: Σ areas + bonus − penalty, never below 0."""

    maximum: Decimal
    by_code: dict[str, Decimal | None]
    bonus: Decimal
    penalty: Decimal
    total: Decimal


def _within(value: Decimal | None, *caps: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    value = max(value, _ZERO)
    for cap in caps:
        if cap is not None:
            value = min(value, cap)
    return value


def _extra(
    items: tuple[Item, ...], scores: Mapping[str, Decimal | None], out: dict[str, Decimal | None]
) -> Decimal:
    total = _ZERO
    for item in items:
        score = _within(scores.get(item.code), item.maximum, item.rule.cap)
        out[item.code] = score
        total += score or _ZERO
    return total


def compute_totals(cset: CriteriaSet, scores: Mapping[str, Decimal | None]) -> Totals:
    """Add up ``scores`` (of the leaves and of the bonus and penalty items; None or missing:
    not scored) over ``cset``.

    A leaf counts within 0…its maximum. A parent is the sum of its children's scores,
    capped at its maximum; it is None only when every child is None. A bonus or penalty
    item counts its points (positive) within its maximum and its rule's cap; the bonus
    total is capped by ``bonus_cap``, the penalty total by ``penalty_cap``. Items whose
    parent is not in the set (``validate`` reports them) are left out of their parent.
    """
    by_code: dict[str, Decimal | None] = {}
    tree = [i for i in cset.items if i.level not in ("bonus", "penalty")]
    # Leaves first, then parents from the deepest level up: each parent sees its children.
    for item in tree:
        if not cset.children(item.code):
            by_code[item.code] = _within(scores.get(item.code), item.maximum)
    for level in ("sub", "criterion", "area"):
        for item in tree:
            kids = cset.children(item.code)
            if item.level != level or not kids:
                continue
            values = [by_code.get(k.code) for k in kids]
            known = [v for v in values if v is not None]
            by_code[item.code] = min(sum(known, _ZERO), item.maximum) if known else None
    roots = cset.roots()
    bonus = _extra(cset.bonus_items(), scores, by_code)
    penalty = _extra(cset.penalty_items(), scores, by_code)
    bonus = _within(bonus, cset.bonus_cap) or _ZERO
    penalty = _within(penalty, cset.penalty_cap) or _ZERO
    base = sum((by_code.get(r.code) or _ZERO for r in roots), _ZERO)
    return Totals(
        maximum=sum((r.maximum for r in roots), _ZERO),
        by_code=by_code,
        bonus=bonus,
        penalty=penalty,
        total=max(base + bonus - penalty, _ZERO),
    )


def propose_scores(
    cset: CriteriaSet,
    values: Mapping[str, Decimal | None],
    best: Mapping[str, Decimal | None] | None = None,
) -> dict[str, Decimal | None]:
    """The points each rule proposes, by code, for the leaves and the bonus and penalty
    items whose measured value is in ``values``; ``best`` holds, per code, the highest value
    among the assessed bodies (relative rules). The set's ``round`` is the default rounding.
    """
    best = best or {}
    out: dict[str, Decimal | None] = {}
    for item in (*cset.leaves(), *cset.bonus_items(), *cset.penalty_items()):
        if item.code in values:
            out[item.code] = apply_rule(
                item.rule, item.maximum, values[item.code], best=best.get(item.code), default_round=cset.round
            )
    return out
