"""One analysis of a department's stored dossiers with the pure engine, and what it leaves behind:
each dossier's outcome, effective due time, months and breaches (written set-based by
``store.store_derived``: only the rows that changed), the engine's figures and workbook, and
the plan targets' measured values. Called by ``services`` inside their transaction, with the
department's row locked."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils import timezone

from cchc.dossiers import bridge, measures, store
from cchc.dossiers.models import DossierAnalysis, DossierUpload
from cchc.orgs.models import Organisation
from cchc.tracking.calendars import calendar_for

STEPS = 5  # read back, engine, derived values, workbook, plan targets


def run(
    org: Organisation,
    now: datetime,
    upload: DossierUpload | None,
    progress: Callable[[int, int], None] | None = None,
    *,
    written: list | None = None,
) -> DossierAnalysis:
    """Analyse every stored dossier; ``progress(step, STEPS)`` is called as the steps end. The
    workbook's stored file is added to ``written``: the caller removes it if its transaction
    fails."""
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
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "phan-tich.xlsx"
        result.write_xlsx(path)
        record.workbook.save(
            f"phan-tich-ho-so-{org.code}-{as_of:%Y%m%d-%H%M}.xlsx", ContentFile(path.read_bytes())
        )
    if written is not None:
        written.append(record.workbook)
    step(4, STEPS)
    measures.refresh(org, record)
    step(5, STEPS)
    return record
