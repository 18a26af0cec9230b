"""The dossier panel of the overview: the year's one-stop-shop indicators of the latest
analysis, each a link to its dossiers, and their monthly trend."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from django.conf import settings

from cchc.overview import dossier_figures
from cchc.overview.panels import Panel, PanelContext, register
from cchc.tracking.figures import ON_TIME


def _analysis(ctx: PanelContext) -> int | None:
    return ctx.once("analysis", lambda: dossier_figures.latest_analysis_id(ctx.org))


def _stamp(ctx: PanelContext) -> Hashable:
    return ("analysis", _analysis(ctx))


def _build(ctx: PanelContext) -> dict[str, Any]:
    trend_min = settings.CCHC_DOSSIER_TREND_MIN
    figures = dossier_figures.figures_for(ctx.org, _analysis(ctx), trend_min)
    if figures is None:
        return {"empty": True}
    return {
        "d": figures,
        "t": figures.totals,
        "filters": figures.filters,
        "trend_min": trend_min,
        # The plans' target for dossiers on time is 100 %, as for the work: the same tones.
        "on_time_tone": ON_TIME.tone(figures.totals["on_time_rate"]).value,
    }


register(
    Panel(
        key="ho-so",
        title="Giải quyết hồ sơ TTHC",
        template="overview/panel_dossiers.html",
        order=50,
        build=_build,
        stamp=_stamp,
    )
)
