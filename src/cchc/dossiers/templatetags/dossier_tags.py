"""Template helpers of the dossier screens: every figure as a link to the dossiers behind it."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html

from cchc.dossiers.charts import percent_text
from cchc.dossiers.labels import CHANNEL_LABELS, OUTCOME_LABELS, month_label, rule_label
from cchc.dossiers.selectors import MEASURES, SHARES, Filters

register = template.Library()


def drill_url(filters: Filters, measure: str, **keys: str) -> str:
    narrowed = filters.for_measure(measure, **{k: v for k, v in keys.items() if v})
    return reverse("dossiers:list") + "?" + urlencode(narrowed.query())


@register.simple_tag
def figure(
    row: dict,
    name: str,
    filters: Filters,
    unit: str = "",
    officer: str = "",
    month: str = "",
    min_count: int = 0,
) -> str:
    """A count or a share of ``row`` as a link to its dossiers (a share links to its numerator,
    its tooltip gives the dossiers behind it; one computed from fewer than ``min_count`` dossiers
    is marked "few" and shows them)."""
    keys = {"unit": unit, "officer": officer, "month": month}
    if name in SHARES:
        num, den = SHARES[name]
        value = row.get(name)
        if value is None:
            return "—"
        href, counts = drill_url(filters, num, **keys), f"{row[num]}/{row[den]} hồ sơ"
        if row[den] < min_count:
            return format_html(
                '<a class="few" href="{}" title="{}, dưới {} hồ sơ: chưa đủ tin cậy">{}</a>'
                '<span class="few-n">({}/{})</span>',
                href,
                counts,
                min_count,
                percent_text(value),
                row[num],
                row[den],
            )
        return format_html('<a href="{}" title="{}">{}</a>', href, counts, percent_text(value))
    if name not in MEASURES:
        raise template.TemplateSyntaxError(f"unknown figure {name!r}")
    return format_html('<a href="{}">{}</a>', drill_url(filters, name, **keys), row.get(name, 0))


@register.simple_tag
def rule_url(filters: Filters, rule: str) -> str:
    f = Filters(
        unit=filters.unit, month_from=filters.month_from, month_to=filters.month_to, basis="nhan", rule=rule
    )
    return reverse("dossiers:list") + "?" + urlencode(f.query())


@register.filter
def outcome_word(code: str) -> str:
    return OUTCOME_LABELS.get(code, code or "—")


@register.filter
def channel_word(code: str) -> str:
    return CHANNEL_LABELS.get(code, code)


@register.filter
def rule_word(code: str) -> str:
    return rule_label(code)


@register.filter
def month_vn(month: str) -> str:
    return month_label(month)


@register.filter
def share(value: float | None) -> str:
    return percent_text(value)


@register.filter
def score(value: float | None) -> str:
    """The QĐ 766 progress score with two decimals and a decimal comma: 19.43 -> "19,43"."""
    return "—" if value is None else f"{value:.2f}".replace(".", ",")
