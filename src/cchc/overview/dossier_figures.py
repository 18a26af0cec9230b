"""The dossier indicators the overview and the public page show: the year of the latest
analysis (January to the analysis' month) and the monthly trend of the last twelve months,
counted by the dossier screens' own selectors (``dossiers.selectors``), so each figure is
the length of the dossier list its link opens.

Kept in the cache under the latest analysis: every upload and every "Phân tích lại" makes a
new one, and nothing else changes the figures.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from cchc.core.dossiers.result import RATIOS, ratios
from cchc.dossiers import charts, labels, selectors
from cchc.dossiers.models import Dossier, DossierAnalysis
from cchc.orgs.models import Organisation
from cchc.tracking import cache

__all__ = ["TREND", "DossierFigures", "figures_for", "latest_analysis_id"]

# The shares drawn in the trend, as on the dossier screen.
TREND = ("on_time_rate", "online_share", "online_full_share")
TREND_MONTHS = 12


@dataclass(frozen=True)
class DossierFigures:
    as_of: datetime
    dossier_count: int
    year: int
    start: date  # the window of ``totals``: 1 January to the analysis' day
    end: date
    filters: selectors.Filters  # the window's months, for the drill-down links
    totals: dict[str, Any]  # counts and shares of ``selectors.totals``
    trend: list[dict[str, Any]]  # one row per month of the last twelve (``indicator_rows``)
    trend_svg: SafeString


def latest_analysis_id(org: Organisation) -> int | None:
    """The latest analysis of the department's dossiers (one query), or None."""
    return (
        DossierAnalysis.objects.filter(organisation=org)
        .order_by("-created_at", "-id")
        .values_list("id", flat=True)
        .first()
    )


def _month(d: date, back: int = 0) -> str:
    index = d.year * 12 + d.month - 1 - back
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def year_totals(trend: list[dict[str, Any]], year: int) -> dict[str, Any]:
    """The counts and shares of the months of ``year`` among the monthly rows: every count is
    counted in one month (received in the month of submission, finished in the month
    finished), so the year's counts are the sums of its months' (a test holds them equal to
    ``selectors.totals`` of the same window), and the shares are computed from those sums."""
    months = [r for r in trend if r["month"] >= f"{year:04d}-01" and r["month"] <= f"{year:04d}-12"]
    out: dict[str, Any] = {name: 0 for name in _count_names()}
    for row in months:
        for name in out:
            out[name] += row[name]
    out.update(ratios(out))
    return out


@functools.cache
def _count_names() -> list[str]:
    """The counts of a row of ``selectors.indicator_rows`` (``selectors.totals`` of nothing)."""
    empty = selectors.totals(Dossier.objects.none(), selectors.Filters())
    return [k for k, v in empty.items() if k not in RATIOS and isinstance(v, int)]


def _compute(org: Organisation, analysis_id: int, min_count: int) -> DossierFigures:
    analysis = DossierAnalysis.objects.get(pk=analysis_id)
    day = timezone.localtime(analysis.as_of).date()
    qs = selectors.visible_dossiers(org)
    window = selectors.Filters(month_from=f"{day.year:04d}-01", month_to=_month(day))
    # The last twelve months always hold the analysis' year to date: one read for both.
    trend = selectors.indicator_rows(
        qs,
        selectors.Filters(month_from=_month(day, TREND_MONTHS - 1), month_to=_month(day)),
        (),
        by_month=True,
    )
    series = []
    for share in TREND:
        num, den = selectors.SHARES[share]
        series.append(
            charts.Series(
                labels.INDICATOR_LABELS[share], [r[share] for r in trend], [(r[num], r[den]) for r in trend]
            )
        )
    svg = (
        charts.line_chart(
            [labels.month_label(r["month"]) for r in trend],
            series,
            title="Tỷ lệ đúng hạn và tỷ lệ trực tuyến theo tháng",
            width=640,
            height=200,
            min_count=min_count,
        )
        if trend
        else ""
    )
    return DossierFigures(
        as_of=analysis.as_of,
        dossier_count=analysis.dossier_count,
        year=day.year,
        start=date(day.year, 1, 1),
        end=day,
        filters=window,
        totals=year_totals(trend, day.year),
        trend=trend,
        trend_svg=mark_safe(svg),
    )


def figures_for(org: Organisation, analysis_id: int | None, min_count: int = 0) -> DossierFigures | None:
    """The figures of the analysis ``analysis_id`` (``latest_analysis_id``); None without one."""
    if analysis_id is None:
        return None
    key = cache.make_key("overview-dossiers", org.pk, analysis_id, min_count)
    return cache.cached(key, lambda: _compute(org, analysis_id, min_count))
