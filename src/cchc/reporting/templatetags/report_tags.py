"""A report table's cells as the screen writes them: the Word file's way (``core.reporting.cells``)."""

from __future__ import annotations

from django import template

from cchc.core.reporting.cells import cell_text
from cchc.core.reporting.document import Column, Table

register = template.Library()


@register.simple_tag
def cells(row: tuple, table: Table) -> list[tuple[str, Column]]:
    """The row's cells, written, with their columns (for the numeric alignment)."""
    return [(cell_text(c, v), c) for v, c in zip(row, table.columns, strict=True)]
