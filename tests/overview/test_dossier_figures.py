"""The overview's dossier figures: the year of the latest analysis, counted as the dossier
screens count it (``dossiers.selectors.totals`` of the same months), read with the monthly
trend in one go."""

from __future__ import annotations

import pytest
from django.conf import settings

from cchc.dossiers import selectors
from cchc.overview import dossier_figures
from tests.dossiers import data
from tests.overview.conftest import load_dossiers

pytestmark = pytest.mark.django_db

# D1 moved to December 2025: in the trend (the last twelve months), not in the year's figures.
D1_2025 = data.ROWS["D1"].replace("/03/2026", "/12/2025")


@pytest.mark.parametrize(
    ("replace", "received", "finished"),
    [
        pytest.param({}, 8, 6, id="all in 2026"),
        pytest.param({"D1": D1_2025}, 7, 5, id="one in December 2025"),
    ],
)
def test_the_years_figures_are_the_dossier_screens_totals(org, coordinator, replace, received, finished):
    from cchc.dossiers import services

    services.upload_exports(
        org,
        coordinator,
        dossiers=services.ExportFile("ho-so.csv", data.export(*data.ALL, replace=replace)),
        now=data.AS_OF,
    )
    figures = dossier_figures.figures_for(
        org, dossier_figures.latest_analysis_id(org), settings.CCHC_DOSSIER_TREND_MIN
    )
    assert figures is not None
    window = selectors.Filters(month_from="2026-01", month_to="2026-04")
    assert figures.filters == window
    expected = selectors.totals(selectors.visible_dossiers(org), window)
    assert figures.totals == expected
    assert (figures.totals["received"], figures.totals["finished"]) == (received, finished)
    months = [r["month"] for r in figures.trend]
    assert months[0] == ("2025-12" if replace else "2026-03") and months[-1] == "2026-04"


def test_no_analysis_no_figures(org):
    assert dossier_figures.latest_analysis_id(org) is None
    assert dossier_figures.figures_for(org, None) is None


def test_a_new_analysis_gives_new_figures(org, coordinator):
    load_dossiers(org, coordinator)
    first = dossier_figures.latest_analysis_id(org)
    from cchc.dossiers import services

    services.upload_exports(
        org, coordinator, dossiers=services.ExportFile("b.csv", data.export("D1")), now=data.AS_OF
    )
    assert dossier_figures.latest_analysis_id(org) != first


def test_a_new_analysis_has_its_figures_computed_once_committed(
    org, coordinator, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with django_capture_on_commit_callbacks(execute=True):
        load_dossiers(org, coordinator)
    analysis = dossier_figures.latest_analysis_id(org)
    with CaptureQueriesContext(connection) as ctx:
        figures = dossier_figures.figures_for(org, analysis, settings.CCHC_DOSSIER_TREND_MIN)
    assert figures is not None and figures.totals["received"] == 8
    assert len(ctx.captured_queries) == 0  # ready in the cache


def test_a_failure_to_compute_them_leaves_the_analysis_alone(
    org, coordinator, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise RuntimeError("hỏng")

    monkeypatch.setattr(dossier_figures, "_compute", broken)
    with django_capture_on_commit_callbacks(execute=True):
        load_dossiers(org, coordinator)
    assert dossier_figures.latest_analysis_id(org) is not None
    assert "dossier figures of analysis" in caplog.text
