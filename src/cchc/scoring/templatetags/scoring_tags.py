"""Points on the self-assessment's screens as the department writes them ("1,5", "—" for none):
one definition, ``selectors.points_text``."""

from __future__ import annotations

from decimal import Decimal

from django import template

from cchc.scoring.selectors import points_text

register = template.Library()


@register.filter
def points(value: Decimal | float | None) -> str:
    return points_text(value)
