"""The public figures of a department (``/cong-khai/<org>/``, its embeddable variant and its
JSON feed): the indicators its ``Publication`` ticks, computed as the screens compute them
(the dossier screens' counts for the year of the latest analysis; the board's on-time rate of
the current plans). Aggregates only: no person, no unit, no dossier is named.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.http import Http404
from django.utils import timezone

from cchc.core.formats import percent_text
from cchc.dossiers import selectors as dossier_selectors
from cchc.orgs.models import Organisation
from cchc.overview import dossier_figures
from cchc.overview.indicators import GROUPS, INDICATORS, PublicIndicator
from cchc.overview.models import Publication
from cchc.tracking import cache as board_cache
from cchc.tracking import cached, selectors

__all__ = ["PublicFigure", "PublicPage", "public_page", "published"]

NOT_PUBLISHED = "Cơ quan này chưa công khai kết quả."


@dataclass(frozen=True)
class PublicFigure:
    indicator: PublicIndicator
    value: float | None  # a share in [0, 1]; None: nothing to measure yet
    numerator: int
    denominator: int
    basis: str  # what is counted: "hồ sơ", "nghĩa vụ"
    start: date | None  # the window the figure covers
    end: date | None
    as_of: datetime | date | None  # when it was computed (the analysis; today for the work)


@dataclass(frozen=True)
class PublicPage:
    organisation: Organisation
    note: str
    figures: list[PublicFigure]

    def groups(self) -> list[tuple[str, list[PublicFigure]]]:
        """The figures under their group's heading, in ``GROUPS`` order."""
        return [
            (title, found)
            for key, title in GROUPS.items()
            if (found := [f for f in self.figures if f.indicator.group == key])
        ]


def published(code: str) -> Publication:
    """The publication of the department ``code``: 404 when there is no such department, or it
    publishes nothing (no setting, switched off, no indicator chosen)."""
    found = (
        Publication.objects.select_related("organisation")
        .filter(organisation__code=code, enabled=True)
        .first()
    )
    if found is None or not any(k in INDICATORS for k in found.indicators):
        raise Http404(NOT_PUBLISHED)
    return found


def _dossier_figures(org: Organisation, chosen: list[PublicIndicator]) -> list[PublicFigure]:
    figures = dossier_figures.figures_for(
        org, dossier_figures.latest_analysis_id(org), settings.CCHC_DOSSIER_TREND_MIN
    )
    out = []
    for ind in chosen:
        if figures is None:
            out.append(PublicFigure(ind, None, 0, 0, "hồ sơ", None, None, None))
            continue
        num, den = dossier_selectors.SHARES[ind.measure]
        t = figures.totals
        out.append(
            PublicFigure(
                ind, t[ind.measure], t[num], t[den], "hồ sơ", figures.start, figures.end, figures.as_of
            )
        )
    return out


def _work_figures(org: Organisation, chosen: list[PublicIndicator]) -> list[PublicFigure]:
    today = timezone.localdate()
    ver = board_cache.version(org.pk)
    plan_ids = tuple(sorted(cached.current_plan_ids(org, ver, today)))
    plans = [p for p in cached.filter_options(org, ver)["plans"] if p.pk in plan_ids]
    if not plans:
        return [PublicFigure(ind, None, 0, 0, "nghĩa vụ", None, None, today) for ind in chosen]
    filters = selectors.BoardFilters(plan_ids=plan_ids)
    counts = cached.board_counts(org.pk, ver, filters, selectors.board_obligations(org, filters))
    start = min(p.period_start for p in plans)
    end = max(p.period_end for p in plans)
    return [
        PublicFigure(
            ind,
            counts["on_time_rate"],
            counts["on_time"],
            counts["fallen_due"],
            "nghĩa vụ",
            start,
            end,
            today,
        )
        for ind in chosen
    ]


def public_page(publication: Publication) -> PublicPage:
    """The publication's figures, in the order of the indicator table."""
    org = publication.organisation
    chosen = [INDICATORS[k] for k in INDICATORS if k in publication.indicators]
    by_group: dict[str, list[PublicIndicator]] = {}
    for ind in chosen:
        by_group.setdefault(ind.group, []).append(ind)
    computed: dict[str, PublicFigure] = {}
    if "dossiers" in by_group:
        computed.update((f.indicator.key, f) for f in _dossier_figures(org, by_group["dossiers"]))
    if "work" in by_group:
        computed.update((f.indicator.key, f) for f in _work_figures(org, by_group["work"]))
    return PublicPage(org, publication.note, [computed[ind.key] for ind in chosen])


def feed(page: PublicPage, page_url: str) -> dict[str, Any]:
    """The JSON feed's body (``docs/api.md``, "Public indicators")."""

    def moment(value: datetime | date | None) -> str | None:
        if isinstance(value, datetime):
            return timezone.localtime(value).isoformat()
        return value.isoformat() if value is not None else None

    return {
        "organisation": {"code": page.organisation.code, "name": page.organisation.name},
        "page": page_url,
        "note": page.note,
        "indicators": [
            {
                "key": f.indicator.key,
                "group": GROUPS[f.indicator.group],
                "label": f.indicator.label,
                "value": None if f.value is None else round(f.value, 4),
                "text": percent_text(f.value),
                "numerator": f.numerator,
                "denominator": f.denominator,
                "basis": f.basis,
                "period": {"start": moment(f.start), "end": moment(f.end)},
                "as_of": moment(f.as_of),
            }
            for f in page.figures
        ],
    }
