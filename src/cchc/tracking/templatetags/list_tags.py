"""Template helpers of the lists: sortable column headers."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from cchc.tracking.sorting import PARAM, Sort

register = template.Library()

ARIA = {False: "ascending", True: "descending"}
MARKS = {False: "▲", True: "▼"}


@register.simple_tag(takes_context=True)
def sort_link(context: dict[str, Any], sort: Sort, key: str, label: str) -> str:
    """A column's sort link: the list's other parameters kept, back to page 1; a click on
    the column the list is sorted by reverses it. Marked ▲/▼ when it is that column."""
    request = context["request"]
    query = request.GET.copy()
    query[PARAM] = sort.next_param(key)
    query.pop("trang", None)
    active = sort.key == key
    return format_html(
        '<a class="sort{}" href="?{}" data-sort="{}" title="Sắp xếp theo cột này">{}{}</a>',
        " active" if active else "",
        query.urlencode(),
        key,
        label,
        format_html(' <span class="sort-mark" aria-hidden="true">{}</span>', MARKS[sort.descending])
        if active
        else "",
    )


@register.simple_tag
def aria_sort(sort: Sort, key: str) -> str:
    """``aria-sort="…"`` for the header of the column the list is sorted by."""
    return format_html(' aria-sort="{}"', ARIA[sort.descending]) if sort.key == key else ""
