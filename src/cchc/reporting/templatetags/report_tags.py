"""A report table's cells as the screen writes them (the Word file's own way: ``cchc.core.formats``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import template

from cchc.core.formats import count_text, date_text, number_text, percent_text
from cchc.core.reporting.document import Column, Table

register = template.Library()


@register.filter
def cell(value: Any, column: Column) -> str:
    if value is None or value == "":
        return ""
    kind = column.kind
    if kind == "percent" and isinstance(value, int | float | Decimal):
        return percent_text(value)
    if kind == "int" and isinstance(value, int | float | Decimal):
        return count_text(int(value))
    if kind == "number" and isinstance(value, int | float | Decimal):
        return number_text(value)
    if isinstance(value, date):
        return date_text(value)
    return str(value)


@register.simple_tag
def cells(row: tuple, table: Table) -> list[tuple[str, Column]]:
    """The row's cells, written, with their columns (for the numeric alignment)."""
    return [(cell(v, c), c) for v, c in zip(row, table.columns, strict=True)]
