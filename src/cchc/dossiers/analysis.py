"""One analysis of a department's stored dossiers with the pure engine, and what it leaves behind:
each dossier's outcome, effective due time, months and breaches (written set-based by
``store.store_derived``: only the rows that changed), the engine's figures, the plan targets'
measured values, and the workbook.

``run`` is called by ``services`` inside their transaction, with the department's row
locked. ``write_workbook`` comes after the commit: the workbook is a report of figures already
stored (openpyxl takes most of a minute for a year of a provincial centre), so the data never
waits on it nor is rolled back with it; until it is written the download says so.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.utils import timezone

from cchc.dossiers import bridge, measures, store
from cchc.dossiers.models import DossierAnalysis, DossierUpload
from cchc.orgs.calendars import calendar_for
from cchc.orgs.models import Organisation

if TYPE_CHECKING:
    from cchc.core.dossiers import AnalysisResult

log = logging.getLogger(__name__)

STEPS = 5  # read back, engine, derived values, plan targets; then the workbook


def run(
    org: Organisation,
    now: datetime,
    upload: DossierUpload | None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[DossierAnalysis, AnalysisResult]:
    """Analyse every stored dossier and store what it derives; ``progress(step, STEPS)`` is
    called as the steps end. The workbook is left to ``write_workbook``."""
    from cchc.core.dossiers import AnalysisOptions, analyze

    step = progress or (lambda done, total: None)
    as_of = bridge.to_local_naive(now if timezone.is_aware(now) else timezone.make_aware(now))
    dossiers = bridge.dossiers_table(org)
    pauses = bridge.pauses_table(org)
    step(1, STEPS)
    result = analyze(dossiers, pauses, calendar_for(org), AnalysisOptions(as_of=as_of, by=("unit", "month")))
    step(2, STEPS)
    store.store_derived(org, result.facts)
    step(3, STEPS)
    record = DossierAnalysis.objects.create(
        organisation=org,
        upload=upload,
        as_of=bridge.to_aware(as_of),
        dossier_count=dossiers.num_rows,
        result=result.to_dict(),
    )
    measures.refresh(org, record)
    step(4, STEPS)
    return record, result


def write_workbook(record: DossierAnalysis, result: AnalysisResult) -> bool:
    """The analysis's workbook, stored and linked (after the analysis committed). A failure is
    logged and leaves no file: the figures stand without their workbook."""
    as_of = bridge.to_local_naive(record.as_of)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "phan-tich.xlsx"
            result.write_xlsx(path)
            name = f"phan-tich-ho-so-{record.organisation.code}-{as_of:%Y%m%d-%H%M}.xlsx"
            record.workbook.save(name, ContentFile(path.read_bytes()), save=False)
        DossierAnalysis.objects.filter(pk=record.pk).update(workbook=record.workbook.name)
    except Exception:
        log.exception("workbook of dossier analysis %s not written", record.pk)
        if record.workbook:
            record.workbook.delete(save=False)
        return False
    return True
