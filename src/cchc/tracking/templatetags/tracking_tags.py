"""Template helpers of the follow-through screens: status badges, dates, rates, the menu."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import format_html

from cchc.plans.labels import number, target_text
from cchc.tracking.models import ObligationStatus

register = template.Library()

STATUS_LABELS = dict(ObligationStatus.choices)


@register.simple_tag
def status_badge(status: str, label: str = "") -> str:
    """A coloured badge with the department's word for the status."""
    return format_html(
        '<span class="badge st-{}">{}</span>', status, label or STATUS_LABELS.get(status, status)
    )


@register.filter
def vn_date(value: date | datetime | None) -> str:
    """dd/mm/yyyy; a datetime is shown in Vietnam's time zone."""
    if not value:
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%H:%M %d/%m/%Y")
    return value.strftime("%d/%m/%Y")


@register.filter
def percent(value: float | Decimal | None) -> str:
    """0.6667 -> "66,7 %"; no value -> "—"."""
    if value is None:
        return "—"
    return f"{number(round(Decimal(str(value)) * 100, 1))} %"


@register.filter
def vn_number(value: Any) -> str:
    if value is None or value == "":
        return ""
    return number(value)


@register.simple_tag(takes_context=True)
def tracking_nav(context: dict[str, Any]) -> dict[str, Any]:
    """What the menu shows to the person logged in (the links they may open, unread count)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from cchc.tracking.views_common import nav_for

    return nav_for(request)


@register.filter
def target_label(target: Any) -> str:
    """A Target as "≥ 90 %"."""
    return target_text(target.op, target.value, target.unit)
