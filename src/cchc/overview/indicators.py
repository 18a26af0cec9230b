"""The indicators a department may publish on its public page, and their words.

One table: the admin offers these as choices, the public page and its JSON feed compute and
name them (``public.py``). A later capability (the satisfaction index) adds its row here and
its computation in ``public.py``; the keys are part of the JSON feed's contract
(``docs/api.md``), so a key once published never changes meaning.
"""

from __future__ import annotations

from dataclasses import dataclass

from cchc.core.dossiers.words import SHARE_WORDS

__all__ = ["DEFAULT_PUBLISHED", "GROUPS", "INDICATORS", "PublicIndicator", "choices"]

# The groups the page shows its figures under, in this order.
GROUPS: dict[str, str] = {
    "dossiers": "Giải quyết hồ sơ thủ tục hành chính",
    "work": "Thực hiện kế hoạch cải cách hành chính",
}


@dataclass(frozen=True, slots=True)
class PublicIndicator:
    key: str
    group: str  # a ``GROUPS`` key: where its figure comes from
    label: str  # the glossary's word for the ratio
    measure: str  # dossiers: a ratio of ``core.dossiers.result.RATIOS``; work: "on_time_rate"


def _dossier(share: str) -> PublicIndicator:
    return PublicIndicator(f"dossier_{share}", "dossiers", SHARE_WORDS[share], share)


INDICATORS: dict[str, PublicIndicator] = {
    i.key: i
    for i in (
        _dossier("on_time_rate"),
        _dossier("online_share"),
        _dossier("online_full_share"),
        _dossier("paid_online_share"),
        _dossier("postal_share"),
        _dossier("digitized_share"),
        _dossier("result_digitized_share"),
        PublicIndicator("work_on_time_rate", "work", "Tỷ lệ đúng hạn", "on_time_rate"),
    )
}

# What a new publication setting ticks: the two figures the plans ask to make public.
DEFAULT_PUBLISHED = ("dossier_on_time_rate", "dossier_online_share")


def choices() -> list[tuple[str, str]]:
    """(key, "group: label") for the admin's checkboxes."""
    short = {"dossiers": "Hồ sơ TTHC", "work": "Kế hoạch CCHC"}
    return [(i.key, f"{short[i.group]}: {i.label}") for i in INDICATORS.values()]
