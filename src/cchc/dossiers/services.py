"""Writes of the dossier app: an upload of one-stop-shop exports, and the analysis after it.

``upload_exports`` is one transaction: the files are read first (a whole-file problem is
refused with its message and nothing is written), then the department's row is locked so
two uploads of one department run one after the other, the dossiers are upserted by their id
(an overlapping export replaces the rows it repeats, never adds them twice), the pauses of
the dossiers in the pauses file are replaced (set-based: ``store``), and the department's
whole stored set is analysed again (``analysis.run``). Any failure rolls all of it back, and
every file the upload wrote is removed. The analysis's workbook is written after the commit
(``analysis.write_workbook``). The upload page runs this in the background (``jobs``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cchc.core.errors import UserError
from cchc.core.files import display_name, field_storage_name
from cchc.core.text import fold
from cchc.dossiers import analysis, store
from cchc.dossiers.models import DossierAnalysis, DossierUpload
from cchc.orgs.models import Organisation
from cchc.orgs.selectors import alias_map
from cchc.orgs.types import User
from cchc.ui.columns import max_length, upload_to

log = logging.getLogger(__name__)

# The stages an upload goes through, as ``progress`` and the upload's job name them.
STAGE_READ, STAGE_CHECK, STAGE_STORE, STAGE_ANALYSE = "read", "check", "store", "analyse"
ACCEPTED_SUFFIXES = (".csv", ".xlsx", ".parquet")


class UploadRefused(UserError):
    """A file the engine cannot read as a whole; ``message`` says what to do, in Vietnamese."""

    def __init__(self, message: str, field: str = "dossiers") -> None:
        super().__init__(message)
        self.field = field


class StorageUnavailable(UploadRefused):
    """The server could not keep the files (disk full, folder not writable): nothing is saved,
    the person is asked to try again later (503)."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"Hệ thống chưa lưu được tệp “{name}” nên chưa nhận gì. Hãy thử lại sau ít phút; "
            "nếu vẫn không được, hãy báo quản trị hệ thống.",
            field="",
        )


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


def _read(file: ExportFile, kind: str, report: Progress | None = None):
    from cchc.core.dossiers import DossierReadError, read_dossiers, read_pauses

    reader = read_dossiers if kind == DossierUpload.Kind.DOSSIERS else read_pauses
    report = report or _no_progress
    try:
        return reader(file.content, filename=file.name, on_read=lambda rows: report(STAGE_CHECK, rows, rows))
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


def _store_file(org: Organisation, user: User | None, file: ExportFile, kind: str, loaded) -> DossierUpload:
    upload = DossierUpload(
        organisation=org,
        kind=kind,
        source_name=display_name(file.name, max_length(DossierUpload, "source_name")),
        uploaded_by=user if getattr(user, "pk", None) else None,
        rows_read=loaded.read,
        rows_rejected=len(loaded.rejected),
        rejected=[r.to_dict() for r in loaded.rejected],
    )
    # A short, safe copy of the name on disk: any name fits (``core.files``).
    stored = field_storage_name(
        upload.source_name,
        upload_to(DossierUpload, "file"),
        max_length(DossierUpload, "file"),
        timezone.now(),
    )
    upload.file.save(stored, ContentFile(file.content), save=False)
    upload.save()
    return upload


def _upsert_dossiers(org: Organisation, upload: DossierUpload, table) -> None:
    # Replace, never add twice: a dossier this export repeats keeps its row, with the export's values.
    upload.rows_new, upload.rows_replaced = store.upsert_dossiers(org, upload.pk, table, unit_resolver(org))
    upload.save(update_fields=["rows_new", "rows_replaced"])


def _replace_pauses(org: Organisation, upload: DossierUpload, table) -> None:
    upload.rows_new, upload.rows_replaced = store.replace_pauses(org, upload.pk, table)
    upload.save(update_fields=["rows_new", "rows_replaced"])


Progress = Callable[[str, int, int], None]


def check_files(dossiers: ExportFile | None, pauses: ExportFile | None) -> list[tuple[ExportFile, str]]:
    """The files given, each with its kind; refuses no file, a wrong kind of file, an empty one."""
    if dossiers is None and pauses is None:
        raise UploadRefused("Hãy chọn tệp hồ sơ (hoặc tệp thời gian dừng tính) để tải lên.")
    files = [(f, k) for f, k in ((dossiers, "dossiers"), (pauses, "pauses")) if f is not None]
    for file, kind in files:
        _check_name(file, kind)
    return files


def _no_progress(stage: str, done: int, total: int) -> None:
    pass


def upload_exports(
    org: Organisation,
    user: User | None,
    *,
    dossiers: ExportFile | None = None,
    pauses: ExportFile | None = None,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> UploadOutcome:
    """Store the exports and analyse the department's dossiers again (see the module's doc).

    ``progress(stage, done, total)`` is told where the work is: ``STAGE_READ`` (files read of
    all), ``STAGE_CHECK`` (rows read, before the checks), ``STAGE_STORE`` (files stored),
    ``STAGE_ANALYSE`` (the analysis's steps)."""
    report = progress or _no_progress
    files = check_files(dossiers, pauses)
    report(STAGE_READ, 0, len(files))
    loaded_dossiers = _read(dossiers, DossierUpload.Kind.DOSSIERS, report) if dossiers else None
    loaded_pauses = _read(pauses, DossierUpload.Kind.PAUSES, report) if pauses else None
    outcome = UploadOutcome()
    written: list[Any] = []  # every file this upload put on disk, removed if it fails
    try:
        with transaction.atomic():
            Organisation.objects.select_for_update().filter(pk=org.pk).first()
            report(STAGE_STORE, 0, len(files))
            if dossiers is not None and loaded_dossiers is not None:  # loaded exactly when given
                upload = _store_file(org, user, dossiers, DossierUpload.Kind.DOSSIERS, loaded_dossiers)
                written.append(upload.file)
                _upsert_dossiers(org, upload, loaded_dossiers.table)
                outcome.uploads.append(upload)
                report(STAGE_STORE, 1, len(files))
            if pauses is not None and loaded_pauses is not None:
                upload = _store_file(org, user, pauses, DossierUpload.Kind.PAUSES, loaded_pauses)
                written.append(upload.file)
                _replace_pauses(org, upload, loaded_pauses.table)
                outcome.uploads.append(upload)
                report(STAGE_STORE, len(files), len(files))
            report(STAGE_ANALYSE, 0, analysis.STEPS)
            outcome.analysis, result = analysis.run(
                org,
                now or timezone.now(),
                outcome.uploads[0],
                lambda done, total: report(STAGE_ANALYSE, done, total),
            )
    except BaseException:
        # The rows are rolled back; the stored files must go too.
        for stored in written:
            if stored:
                stored.delete(save=False)
        raise
    analysis.write_workbook(outcome.analysis, result)
    report(STAGE_ANALYSE, analysis.STEPS, analysis.STEPS)
    return outcome


def reanalyze(
    org: Organisation,
    *,
    now: datetime | None = None,
    upload: DossierUpload | None = None,
    progress: Progress | None = None,
) -> DossierAnalysis:
    """Analyse every stored dossier of the department as of ``now``; store what it derives."""
    report = progress or _no_progress
    report(STAGE_ANALYSE, 0, analysis.STEPS)
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=org.pk).first()
        record, result = analysis.run(
            org, now or timezone.now(), upload, lambda done, total: report(STAGE_ANALYSE, done, total)
        )
    analysis.write_workbook(record, result)
    report(STAGE_ANALYSE, analysis.STEPS, analysis.STEPS)
    return record
