"""The overview's dossier figures computed once a new analysis is committed, in the process
that ran it (the background worker): with the shared cache (``CCHC_CACHE_URL``) the first
person to open the overview after an upload finds them ready."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import transaction

from cchc.dossiers.models import DossierAnalysis
from cchc.overview import dossier_figures

log = logging.getLogger(__name__)


def _warm(org_id: int, analysis_id: int) -> None:
    try:
        org = DossierAnalysis.objects.select_related("organisation").get(pk=analysis_id).organisation
        dossier_figures.figures_for(org, analysis_id, settings.CCHC_DOSSIER_TREND_MIN)
    except Exception:  # the figures are computed again on the page; the analysis stands
        log.exception(
            "overview: dossier figures of analysis %s (organisation %s) not computed", analysis_id, org_id
        )


def on_analysis_saved(sender: Any, instance: DossierAnalysis, created: bool, **kwargs: Any) -> None:
    if created:
        transaction.on_commit(lambda: _warm(instance.organisation_id, instance.pk))


def connect() -> None:
    from django.db.models.signals import post_save

    post_save.connect(on_analysis_saved, sender=DossierAnalysis, dispatch_uid="overview-warm-dossier-figures")
