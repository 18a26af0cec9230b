"""Template helpers of the follow-through screens: status badges, dates, rates, the menu."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import format_html

from cchc.core.formats import date_text, moment_text, percent_text
from cchc.core.status import NO_REPORT_LABEL, PENDING_EXTENSION_LABEL
from cchc.orgs.names import full_name
from cchc.orgs.types import AnyUser
from cchc.plans.labels import count, file_size, number, target_text
from cchc.tracking.models import ObligationStatus, Report

register = template.Library()

STATUS_LABELS = dict(ObligationStatus.choices)


@register.simple_tag
def status_badge(status: str, label: str = "") -> str:
    """A coloured badge with the department's word for the status (the default words' badges
    are built once: the lists write one per row)."""
    if not label:
        found = _BADGES.get(status)
        if found is None:
            found = _BADGES[status] = format_html(
                '<span class="badge st-{}">{}</span>', status, STATUS_LABELS.get(status, status)
            )
        return found
    return format_html('<span class="badge st-{}">{}</span>', status, label)


_BADGES: dict[str, str] = {}

REPORT_STATE_LABELS = dict(Report.State.choices)


@register.simple_tag
def report_state(state: str | None) -> str:
    """The state of the period's last report in the department's words; "Chưa báo cáo" when none."""
    if state in REPORT_STATE_LABELS:
        return format_html('<span class="rstate rs-{}">{}</span>', state, REPORT_STATE_LABELS[state])
    return format_html('<span class="muted">{}</span>', NO_REPORT_LABEL)


@register.simple_tag
def pending_extension() -> str:
    """The note beside a report's state while a request for more time waits for a decision."""
    return format_html('<span class="extra">{}</span>', PENDING_EXTENSION_LABEL)


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
def person_name(user: AnyUser | None) -> str:
    """A person's name, family name first ("Lê Thu Hà"); the login name when it has none."""
    return full_name(user)


@register.filter(name="file_size")
def file_size_filter(n: int | None) -> str:
    """Bytes as "21,0 MB" / "350 KB"."""
    return "" if n is None else file_size(int(n))


@register.filter
def percent(value: float | Decimal | None) -> str:
    """0.6667 -> "66,7 %", 0.5 -> "50,0 %"; no value -> "—"."""
    return percent_text(value)


@register.filter
def vn_count(value: Any) -> str:
    """A whole count with its thousands marked: "120.000"."""
    if value is None or value == "":
        return ""
    return count(value)


@register.filter
def vn_number(value: Any) -> str:
    if value is None or value == "":
        return ""
    return number(value)


@register.filter
def target_label(target: Any) -> str:
    """A Target as "≥ 90 %"."""
    return target_text(target.op, target.value, target.unit)
