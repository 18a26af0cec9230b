"""Writes of the dossier app: an upload of one-stop-shop exports, and the analysis after it.

``upload_exports`` is one transaction: the files are read first (a whole-file problem is
refused with its message and nothing is written), then the department's row is locked so
two uploads of one department run one after the other, the dossiers are upserted by their id
(an overlapping export replaces the rows it repeats, never adds them twice), the pauses of
the dossiers in the pauses file are replaced, and the department's whole stored set is
analysed again (``reanalyze``). Any failure rolls all of it back, stored files included.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cchc.core.files import display_name, field_storage_name
from cchc.core.text import fold
from cchc.dossiers import analysis
from cchc.dossiers.bridge import DOSSIER_COLUMNS, PAUSE_COLUMNS, row_values
from cchc.dossiers.models import Dossier, DossierAnalysis, DossierPause, DossierUpload
from cchc.orgs.models import Organisation
from cchc.orgs.selectors import alias_map

log = logging.getLogger(__name__)

ACCEPTED_SUFFIXES = (".csv", ".xlsx", ".parquet")
BATCH = 1000


class UploadRefused(Exception):
    """A file the engine cannot read as a whole; ``message`` says what to do, in Vietnamese."""

    def __init__(self, message: str, field: str = "dossiers") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True, slots=True)
class ExportFile:
    name: str
    content: bytes


@dataclass
class UploadOutcome:
    uploads: list[DossierUpload] = field(default_factory=list)
    analysis: DossierAnalysis | None = None

    @property
    def rejected(self) -> list[dict[str, Any]]:
        return [dict(r, file=u.source_name) for u in self.uploads for r in u.rejected]


def _check_name(file: ExportFile, field_name: str) -> None:
    if not file.name.lower().endswith(ACCEPTED_SUFFIXES):
        raise UploadRefused(
            f"Tệp “{file.name}” không phải .csv, .xlsx hoặc .parquet: hãy xuất lại từ hệ thống một cửa.",
            field_name,
        )
    if not file.content:
        raise UploadRefused(f"Tệp “{file.name}” rỗng.", field_name)


def _read(file: ExportFile, kind: str):
    from cchc.core.dossiers import DossierReadError, read_dossiers, read_pauses

    reader = read_dossiers if kind == DossierUpload.Kind.DOSSIERS else read_pauses
    try:
        return reader(file.content, filename=file.name)
    except DossierReadError as exc:
        raise UploadRefused(f"Tệp “{file.name}”: {exc.message}", kind) from exc


def unit_resolver(org: Organisation):
    """The export's unit text -> the directory's unit id (by name, code, abbreviation, alias)."""
    keys: dict[str, int] = {}
    codes: dict[str, int] = {}
    for unit in org.units.all():
        codes[unit.code] = unit.pk
        for text in (unit.name, unit.code, *(unit.abbreviations or [])):
            keys.setdefault(fold(text), unit.pk)
    for key, target in alias_map(org).items():
        if target in codes:
            keys.setdefault(key, codes[target])
    cache: dict[str, int | None] = {}

    def resolve(text: str) -> int | None:
        if text not in cache:
            cache[text] = keys.get(fold(text))
        return cache[text]

    return resolve


def _store_file(org: Organisation, user: Any, file: ExportFile, kind: str, loaded) -> DossierUpload:
    upload = DossierUpload(
        organisation=org,
        kind=kind,
        source_name=display_name(file.name, DossierUpload._meta.get_field("source_name").max_length),
        uploaded_by=user if getattr(user, "pk", None) else None,
        rows_read=loaded.read,
        rows_rejected=len(loaded.rejected),
        rejected=[r.to_dict() for r in loaded.rejected],
    )
    # A short, safe copy of the name on disk: any name fits (``core.files``).
    stored_in = DossierUpload._meta.get_field("file")
    stored = field_storage_name(
        upload.source_name, str(stored_in.upload_to), stored_in.max_length, timezone.now()
    )
    upload.file.save(stored, ContentFile(file.content), save=False)
    upload.save()
    return upload


def _upsert_dossiers(org: Organisation, upload: DossierUpload, table) -> None:
    rows = row_values(table, DOSSIER_COLUMNS)
    ids = [r["dossier_id"] for r in rows]
    existing = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        # Replace, never add twice: the rows this export repeats go, the export's versions come in.
        existing += (
            Dossier.objects.filter(organisation=org, dossier_id__in=chunk)
            .delete()[1]
            .get(Dossier._meta.label, 0)
        )
    resolve = unit_resolver(org)
    Dossier.objects.bulk_create(
        (Dossier(organisation=org, upload=upload, unit_ref_id=resolve(r["unit"]), **r) for r in rows),
        batch_size=BATCH,
    )
    upload.rows_new, upload.rows_replaced = len(rows) - existing, existing
    upload.save(update_fields=["rows_new", "rows_replaced"])


def _replace_pauses(org: Organisation, upload: DossierUpload, table) -> None:
    """The file's pauses replace every stored pause of the dossiers it names (a pauses export
    lists a dossier's whole history). Counted per row so that the upload adds up: a row is
    "replaced" when its dossier already had pauses stored, "new" otherwise."""
    rows = row_values(table, PAUSE_COLUMNS)
    ids = sorted({r["dossier_id"] for r in rows})
    had_pauses: set[str] = set()
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        stored = DossierPause.objects.filter(organisation=org, dossier_id__in=chunk)
        had_pauses.update(stored.values_list("dossier_id", flat=True).distinct())
        stored.delete()
    DossierPause.objects.bulk_create(
        (DossierPause(organisation=org, upload=upload, **r) for r in rows), batch_size=BATCH
    )
    replaced = sum(1 for r in rows if r["dossier_id"] in had_pauses)
    upload.rows_new, upload.rows_replaced = len(rows) - replaced, replaced
    upload.save(update_fields=["rows_new", "rows_replaced"])


def upload_exports(
    org: Organisation,
    user: Any,
    *,
    dossiers: ExportFile | None = None,
    pauses: ExportFile | None = None,
    now: datetime | None = None,
) -> UploadOutcome:
    """Store the exports and analyse the department's dossiers again (see the module's doc)."""
    if dossiers is None and pauses is None:
        raise UploadRefused("Hãy chọn tệp hồ sơ (hoặc tệp thời gian dừng tính) để tải lên.")
    for file, kind in ((dossiers, "dossiers"), (pauses, "pauses")):
        if file is not None:
            _check_name(file, kind)
    loaded_dossiers = _read(dossiers, DossierUpload.Kind.DOSSIERS) if dossiers else None
    loaded_pauses = _read(pauses, DossierUpload.Kind.PAUSES) if pauses else None
    outcome = UploadOutcome()
    try:
        with transaction.atomic():
            Organisation.objects.select_for_update().filter(pk=org.pk).first()
            if dossiers is not None:
                upload = _store_file(org, user, dossiers, DossierUpload.Kind.DOSSIERS, loaded_dossiers)
                _upsert_dossiers(org, upload, loaded_dossiers.table)
                outcome.uploads.append(upload)
            if pauses is not None:
                upload = _store_file(org, user, pauses, DossierUpload.Kind.PAUSES, loaded_pauses)
                _replace_pauses(org, upload, loaded_pauses.table)
                outcome.uploads.append(upload)
            outcome.analysis = reanalyze(org, now=now, upload=outcome.uploads[0])
    except Exception:
        for upload in outcome.uploads:  # the rows are rolled back; the stored files must go too
            upload.file.delete(save=False)
        raise
    return outcome


def reanalyze(
    org: Organisation, *, now: datetime | None = None, upload: DossierUpload | None = None
) -> DossierAnalysis:
    """Analyse every stored dossier of the department as of ``now``; store what it derives."""
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=org.pk).first()
        return analysis.run(org, now or timezone.now(), upload)
