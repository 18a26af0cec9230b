"""The format filters of every template: dates, moments, counts, numbers, shares, file sizes
and people's names, each a thin call to ``core.formats`` (or ``ui.names``), so a figure reads
the same on every screen, e-mail and export. Installed as a template builtin (settings'
TEMPLATES), so no template needs to load it, the base template included."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser, User
from django.utils import timezone

from cchc.core.formats import count_text, date_text, file_size_text, moment_text, number_text, percent_text
from cchc.ui.names import full_name

register = template.Library()


@register.filter
def vn_date(value: date | datetime | None) -> str:
    """dd/mm/yyyy; a datetime is shown in Vietnam's time zone (the site's zone, looked up
    once: the lists call this for every row)."""
    if not value:
        return ""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.get_default_timezone())
        return moment_text(value)
    return date_text(value)


@register.filter
def vn_datetime(value: datetime | None) -> str:
    """A moment as "HH:MM dd/mm/yyyy" in Vietnam's time (also for a date: "dd/mm/yyyy")."""
    return vn_date(value)


@register.filter
def person_name(user: User | AnonymousUser | None) -> str:
    """A person's name, family name first ("Lê Thu Hà"); the login name when it has none."""
    return full_name(user)


@register.filter(name="file_size")
def file_size_filter(n: int | None) -> str:
    """Bytes as "21,0 MB" / "350 KB"."""
    return "" if n is None else file_size_text(int(n))


@register.filter
def percent(value: float | Decimal | None) -> str:
    """0.6667 -> "66,7 %", 0.5 -> "50,0 %"; no value -> "—"."""
    return percent_text(value)


@register.filter
def vn_count(value: Any) -> str:
    """A whole count with its thousands marked: "120.000"."""
    if value is None or value == "":
        return ""
    return count_text(value)


@register.filter
def vn_number(value: Any) -> str:
    if value is None or value == "":
        return ""
    return number_text(value)
