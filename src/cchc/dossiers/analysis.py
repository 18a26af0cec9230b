"""One analysis of a department's stored dossiers with the pure engine, and what it leaves behind:
each dossier's outcome, effective due time, months and breaches (only the rows that changed
are written), the engine's figures and workbook, and the plan targets' measured values.
Called by ``services`` inside their transaction, with the department's row locked."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from cchc.dossiers import bridge, measures
from cchc.dossiers.models import Dossier, DossierAnalysis, DossierBreach, DossierUpload
from cchc.orgs.models import Organisation
from cchc.tracking.calendars import calendar_for

BATCH = 1000
DERIVED = ("effective_due_at", "outcome", "submitted_month", "finished_month")


def _month(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value[:7]
    return f"{value.year:04d}-{value.month:02d}"


def derived_from_facts(facts) -> dict[str, tuple[dict[str, Any], frozenset[str]]]:
    """dossier_id -> (the derived columns, the rules broken), from the engine's facts table."""
    cols = {c: facts.column(c).to_pylist() for c in facts.column_names}
    out = {}
    for i, dossier_id in enumerate(cols["dossier_id"]):
        values = {
            "effective_due_at": bridge.to_aware(cols["effective_due_at"][i]),
            "outcome": cols["outcome"][i] or "",
            "submitted_month": _month(cols["submitted_month"][i]),
            "finished_month": _month(cols["finished_month"][i]),
        }
        out[dossier_id] = (values, frozenset(cols["breaches"][i] or ()))
    return out


def _store_derived(org: Organisation, derived: dict[str, tuple[dict[str, Any], frozenset[str]]]) -> None:
    current = Dossier.objects.filter(organisation=org).values_list("pk", "dossier_id", *DERIVED)
    changed = []
    pk_of: dict[str, int] = {}
    for pk, dossier_id, *values in current.iterator(chunk_size=5000):
        pk_of[dossier_id] = pk
        new = derived.get(dossier_id, (dict.fromkeys(DERIVED, ""), frozenset()))[0]
        new = {k: (None if k == "effective_due_at" and v == "" else v) for k, v in new.items()}
        if dict(zip(DERIVED, values, strict=True)) != new:
            changed.append(Dossier(pk=pk, **new))
    Dossier.objects.bulk_update(changed, DERIVED, batch_size=BATCH)

    wanted = {(pk_of[d], rule) for d, (_v, rules) in derived.items() if d in pk_of for rule in rules}
    stored = set(DossierBreach.objects.filter(organisation=org).values_list("dossier_id", "rule"))
    gone = stored - wanted
    for dossier_pk, rule in gone:  # few: breaches only change when a dossier does
        DossierBreach.objects.filter(dossier_id=dossier_pk, rule=rule).delete()
    DossierBreach.objects.bulk_create(
        (DossierBreach(organisation=org, dossier_id=pk, rule=rule) for pk, rule in wanted - stored),
        batch_size=BATCH,
    )


def run(org: Organisation, now: datetime, upload: DossierUpload | None) -> DossierAnalysis:
    from cchc.core.dossiers import AnalysisOptions, analyze

    as_of = bridge.to_local_naive(now if timezone.is_aware(now) else timezone.make_aware(now))
    dossiers = bridge.dossiers_table(org)
    pauses = bridge.pauses_table(org)
    result = analyze(dossiers, pauses, calendar_for(org), AnalysisOptions(as_of=as_of, by=("unit", "month")))
    _store_derived(org, derived_from_facts(result.facts))
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
    measures.refresh(org, record)
    return record
