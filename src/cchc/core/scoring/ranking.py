"""Dense ranking of bodies by a score: the highest first, equal scores share a rank, and the
next score takes the next rank (1, 1, 2); a body without a score has no rank."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from decimal import Decimal
from typing import TypeVar

__all__ = ["best_value", "rank", "rank_codes"]

K = TypeVar("K", bound=Hashable)


def rank[K: Hashable](values: Mapping[K, Decimal | None]) -> dict[K, int | None]:
    """Each key's dense rank by its value, highest first; None -> None."""
    distinct = sorted({v for v in values.values() if v is not None}, reverse=True)
    place = {v: n for n, v in enumerate(distinct, start=1)}
    return {k: None if v is None else place[v] for k, v in values.items()}


def rank_codes[K: Hashable](
    scores: Mapping[K, Mapping[str, Decimal | None]], codes: Iterable[str]
) -> dict[str, dict[K, int | None]]:
    """For each code (an item's, or any key the bodies' mappings share, such as "total"),
    the bodies' ranks by their score under it (a body without it: None)."""
    return {code: rank({body: s.get(code) for body, s in scores.items()}) for code in codes}


def best_value(values: Iterable[Decimal | None]) -> Decimal | None:
    """The highest value (the "best" of a relative rule); None when there is none."""
    known = [v for v in values if v is not None]
    return max(known) if known else None
