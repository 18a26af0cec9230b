"""Which dossier indicator measures which plan target (pure: no Django).

The plan reader (``core.targets``) gives each target a metric key; the dossier engine gives
indicators. ``indicator_for`` joins them by the rule table below, so a plan's "100% hồ sơ
đúng hạn" takes the on-time rate of the latest analysis, "BCCI ≥ 15%" the postal share, and so
on. A target whose unit does not fit the indicator (a count where a share is measured) or a
last year's result (``kind="baseline"``) is not measured.
"""

from __future__ import annotations

from dataclasses import dataclass

from cchc.core.text import fold_words

__all__ = ["RULES", "Mapping", "indicator_for", "measured_value"]


@dataclass(frozen=True, slots=True)
class Mapping:
    indicator: str  # a key of labels.INDICATOR_LABELS
    scale: str  # "percent": a share in [0, 1] shown as a percentage; "count": a number of dossiers


# (metric of core.targets, units the target may have, indicator, scale). First match wins.
RULES: tuple[tuple[str, frozenset[str], str, str], ...] = (
    ("dossier_on_time_rate", frozenset({"%"}), "on_time_rate", "percent"),
    ("late_dossier_share", frozenset({"%"}), "late_share", "percent"),
    ("late_dossiers", frozenset({"count"}), "late_count", "count"),
    ("online_full_share", frozenset({"%"}), "online_full_share", "percent"),
    ("online_share", frozenset({"%"}), "online_share", "percent"),
    ("paid_online_share", frozenset({"%"}), "paid_online_share", "percent"),
    ("postal_share", frozenset({"%"}), "postal_share", "percent"),
    ("digitized_share", frozenset({"%"}), "digitized_share", "percent"),
    # "Tiếp nhận hồ sơ trực tuyến không quá 8 giờ làm việc": met when no dossier broke it.
    ("online_intake_hours", frozenset({"hour", "working_hour"}), "acceptance_breaches", "count"),
)


def _results_only(text: str) -> bool:
    """ "100% kết quả giải quyết TTHC được số hóa": the results, not the dossiers, are digitised."""
    words = fold_words(text)
    return "ket qua" in words and "ho so" not in words


def indicator_for(metric: str, unit: str, text: str = "", kind: str = "target") -> Mapping | None:
    """The indicator measuring a target, or None when no dossier figure measures it."""
    if kind != "target":
        return None
    for rule_metric, units, indicator, scale in RULES:
        if metric == rule_metric and unit in units:
            if indicator == "digitized_share" and _results_only(text):
                indicator = "result_digitized_share"
            return Mapping(indicator, scale)
    return None


def measured_value(mapping: Mapping, value: float | int | None) -> float | None:
    """The indicator's value in the target's unit: a share 0.973 is 97.3 (%)."""
    if value is None:
        return None
    if mapping.scale == "percent":
        return round(float(value) * 100, 2)
    return float(value)
