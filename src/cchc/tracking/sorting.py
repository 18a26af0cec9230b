"""Sortable columns of the follow-through lists.

A list names its columns' sort keys (``sap_xep=han``; ``sap_xep=-han`` reverses); the first
key is the list's default order. A reversed order is the exact mirror of the ascending one
(every field flipped, nulls included), so an index that serves one serves the other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import F, OrderBy

PARAM = "sap_xep"


@dataclass(frozen=True)
class Sort:
    """The order asked for: a column's key and its direction."""

    key: str
    descending: bool = False

    @property
    def param(self) -> str:
        return f"-{self.key}" if self.descending else self.key

    def next_param(self, key: str) -> str:
        """The URL value of a click on column ``key``: ascending, or reversed when the list
        is already sorted by it ascending."""
        return f"-{key}" if key == self.key and not self.descending else key


def parse(value: str | None, columns: Mapping[str, tuple[str, ...]]) -> Sort:
    """The ``sap_xep`` value read against the list's columns; unknown or empty → the
    default (first) column, ascending."""
    text = (value or "").strip()
    descending = text.startswith("-")
    key = text.lstrip("-")
    if key not in columns:
        return Sort(next(iter(columns)))
    return Sort(key, descending)


def order_by(fields: tuple[str, ...], descending: bool = False) -> list[OrderBy]:
    """``fields`` ("name" ascending, "-name" descending; nulls last in that direction) as
    ORDER BY expressions, all flipped when ``descending``."""
    out = []
    for name in fields:
        desc = name.startswith("-") != descending
        column = F(name.lstrip("-"))
        # Nulls after the values in the column's own direction, before them in the mirror.
        nulls = {"nulls_first": True} if descending else {"nulls_last": True}
        out.append(column.desc(**nulls) if desc else column.asc(**nulls))
    return out
