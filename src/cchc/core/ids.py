"""Ids and page numbers read from a request: digits a database can hold, or nothing.

A value from a URL or a form is only passed to a query when it is a plain decimal number
between 1 and the largest 64-bit integer: ``int()`` of a longer string makes a number that
PostgreSQL refuses (``bigint out of range``) and SQLite's driver cannot even bind
(``OverflowError``), and ``str.isdigit()`` is true of "²", which ``int()`` refuses.
"""

from __future__ import annotations

from collections.abc import Iterable

# The largest key either database stores (BIGINT / SQLite INTEGER).
DB_INT_MAX = 2**63 - 1


def parse_id(raw: object, *, minimum: int = 1, maximum: int = DB_INT_MAX) -> int | None:
    """The integer ``raw`` spells (ASCII digits, an optional leading "-", blanks around),
    or None when it is not one or lies outside ``minimum``…``maximum``."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str):
        text = raw.strip()
        digits = text[1:] if text.startswith("-") else text
        # 20 digits is past any 64-bit value: refused before int() works on a long string.
        if not digits or len(digits) > 20 or not digits.isascii() or not digits.isdigit():
            return None
        value = int(text)
    else:
        return None
    return value if minimum <= value <= maximum else None


def parse_ids(raws: Iterable[object]) -> list[int] | None:
    """Every value as an id, or None when any of them is not one."""
    ids = [parse_id(raw) for raw in raws]
    return None if any(i is None for i in ids) else [i for i in ids if i is not None]


__all__ = ["DB_INT_MAX", "parse_id", "parse_ids"]
