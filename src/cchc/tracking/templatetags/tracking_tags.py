"""Template helpers of the follow-through screens: status badges, report states, targets.

The format filters (dates, shares, names …) are ``cchc.ui``'s, a builtin of every template;
they are re-exported here for the Python callers that render a row themselves."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from cchc.core.status import NO_REPORT_LABEL, PENDING_EXTENSION_LABEL
from cchc.plans.labels import target_text
from cchc.tracking.models import ObligationStatus, Report
from cchc.ui.templatetags.format_tags import percent, vn_date

register = template.Library()

__all__ = ["pending_extension", "percent", "report_state", "status_badge", "target_label", "vn_date"]

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
def target_label(target: Any) -> str:
    """A Target as "≥ 90 %"."""
    return target_text(target.op, target.value, target.unit)
