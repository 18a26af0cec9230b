"""Writes of the plans app: uploading a plan, correcting the draft, confirming it.

Every edit of a draft names the version it was made on and is saved with
``UPDATE … WHERE version = expected``: when two people edit the same draft, the second
save is refused instead of silently undoing the first one's work.
"""

from __future__ import annotations

import copy
import hashlib
import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DataError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from cchc.core.errors import UserError
from cchc.core.files import display_name, field_storage_name
from cchc.core.formats import date_text
from cchc.core.periods import Period
from cchc.core.planread import PlanReadError, parse_plan
from cchc.core.planread.readers import ReadLimits
from cchc.core.text import fold
from cchc.core.zipguard import ZipLimits
from cchc.orgs.models import Organisation, Unit, UnitAlias
from cchc.orgs.names import full_name
from cchc.orgs.selectors import alias_overrides, directory_for, group_choices
from cchc.orgs.types import User
from cchc.plans import checks, drafting
from cchc.plans.build import build_tasks
from cchc.plans.labels import file_size
from cchc.plans.models import Plan, PlanImport
from cchc.ui.columns import max_length, upload_to

logger = logging.getLogger(__name__)

STALE_MESSAGE = "Bản nháp đã được người khác sửa, hãy tải lại trang."


class ImportRefused(UserError):
    """A user-caused problem with an import; ``message`` is shown to the user (Vietnamese)."""

    def __init__(self, message: str, *, existing: Plan | PlanImport | None = None) -> None:
        super().__init__(message)
        self.existing = existing


class StorageUnavailable(ImportRefused):
    """The server could not keep the uploaded file (disk full, folder not writable): nothing is
    saved, the person is asked to try again later (503)."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"Hệ thống chưa lưu được tệp “{name}” nên chưa có bản nháp nào. Hãy thử lại sau ít phút; "
            "nếu vẫn không được, hãy báo quản trị hệ thống."
        )


class StaleDraft(ImportRefused):
    def __init__(self, message: str = STALE_MESSAGE) -> None:
        super().__init__(message)


_fmt_date = date_text


def _plan_label(plan: Plan) -> str:
    number = f"số {plan.number}" if plan.number else "(không số)"
    issued = f" ngày {_fmt_date(plan.issued_on)}" if plan.issued_on else ""
    return f"Kế hoạch {number}{issued} “{plan.title[:120]}”"


# --- Upload -------------------------------------------------------------------------------------


def plan_read_limits() -> ReadLimits:
    """What a plan document may hold, from the settings (defaults: the reader's own)."""
    return ReadLimits(
        max_rows=settings.CCHC_PLAN_MAX_ROWS,
        max_cells=settings.CCHC_PLAN_MAX_CELLS,
        zip=ZipLimits(max_total_bytes=settings.CCHC_PLAN_MAX_UNZIPPED_BYTES),
    )


def start_import(
    org: Organisation, user: User | None, uploaded_file_name: str, data: bytes, year: int | None
) -> PlanImport:
    """Read an uploaded plan into a draft for the preview. Nothing is saved when it fails."""
    max_bytes = settings.CCHC_MAX_UPLOAD_BYTES
    # The original name for the screens (cut to its column), a short safe copy for the disk.
    name = display_name(uploaded_file_name or "ke-hoach", max_length(PlanImport, "source_name"))
    if not data:
        raise ImportRefused("Tệp rỗng: hãy chọn tệp kế hoạch có nội dung (Word, PDF, Excel hoặc văn bản).")
    if len(data) > max_bytes:
        raise ImportRefused(
            f"Tệp quá lớn ({file_size(len(data))}); giới hạn là {file_size(max_bytes)}. "
            "Hãy tải lên tệp kế hoạch nhỏ hơn (ví dụ chỉ phần phụ lục)."
        )
    sha = hashlib.sha256(data).hexdigest()
    _refuse_duplicate(org, sha)
    directory = directory_for(org)
    try:
        parsed_plan = parse_plan(
            data, year=year, directory=directory, max_bytes=max_bytes, limits=plan_read_limits()
        )
    except PlanReadError as exc:
        raise ImportRefused(exc.message) from exc
    parsed = parsed_plan.to_dict()
    overrides = alias_overrides(org)
    for task in parsed["tasks"]:
        # Resolve again with the Office's corrections, the same way every later edit does.
        drafting.resolve_task_units(task, directory, overrides)
    drafting.split_plan_warnings(parsed)
    if year and not parsed["plan"].get("period"):
        parsed["plan"]["period"] = Period.year(year).to_dict()

    draft = PlanImport(
        organisation=org,
        source_name=name,
        sha256=sha,
        parsed=parsed,
        created_by=user if getattr(user, "pk", None) else None,
    )
    stored = field_storage_name(
        name,
        upload_to(PlanImport, "uploaded_file"),
        max_length(PlanImport, "uploaded_file"),
        timezone.now(),
    )
    try:
        draft.uploaded_file.save(stored, ContentFile(data), save=False)
    except OSError as exc:
        logger.exception("plan file %r not stored", name)
        raise StorageUnavailable(name) from exc
    try:
        with transaction.atomic():
            draft.save()
    except IntegrityError:
        draft.uploaded_file.delete(save=False)
        _refuse_duplicate(org, sha)  # another upload of the same file won the race
        raise
    return draft


def _refuse_duplicate(org: Organisation, sha: str) -> None:
    plan = Plan.objects.filter(organisation=org, source_sha256=sha).first()
    if plan is not None:
        raise ImportRefused(
            f"Tệp này đã được nhập: {_plan_label(plan)} (nhập lúc "
            f"{timezone.localtime(plan.created_at).strftime('%H:%M %d/%m/%Y')}). Không nhập lại lần nữa.",
            existing=plan,
        )
    draft = PlanImport.objects.filter(organisation=org, sha256=sha, status=PlanImport.Status.DRAFT).first()
    if draft is not None:
        who = full_name(draft.created_by) if draft.created_by else "một người dùng"
        raise ImportRefused(
            f"Tệp này đang có bản nháp chờ xác nhận (“{draft.source_name}”, {who} tải lên lúc "
            f"{timezone.localtime(draft.created_at).strftime('%H:%M %d/%m/%Y')}): hãy mở bản nháp đó "
            "để xác nhận hoặc hủy.",
            existing=draft,
        )


# --- Draft edits --------------------------------------------------------------------------------


def _check_open(draft: PlanImport) -> None:
    if draft.status != PlanImport.Status.DRAFT:
        raise ImportRefused(f"Bản nháp này {draft.get_status_display().lower()}, không sửa được nữa.")


def _save_parsed(draft: PlanImport, parsed: dict[str, Any], expected_version: int) -> PlanImport:
    updated = PlanImport.objects.filter(
        pk=draft.pk, version=expected_version, status=PlanImport.Status.DRAFT
    ).update(parsed=parsed, version=F("version") + 1, updated_at=timezone.now())
    if updated != 1:
        raise StaleDraft()
    draft.refresh_from_db()
    return draft


def _editing(draft: PlanImport, expected_version: int) -> dict[str, Any]:
    _check_open(draft)
    if int(expected_version) != draft.version:
        raise StaleDraft()
    return copy.deepcopy(draft.parsed)


def update_task_cell(
    draft: PlanImport, index: int, field: str, value: str, expected_version: int
) -> PlanImport:
    """Change one cell of row ``index``; schedules, targets and units are read again."""
    if field not in drafting.EDITABLE_FIELDS:
        raise ImportRefused("Ô này không sửa được.")
    parsed = _editing(draft, expected_version)
    tasks = parsed.get("tasks") or []
    if not 0 <= index < len(tasks):
        raise ImportRefused("Không có dòng nhiệm vụ này trong bản nháp.")
    if field == "task" and not (value or "").strip():
        raise ImportRefused("Nội dung nhiệm vụ không được để trống.")
    org = draft.organisation
    drafting.set_cell(
        tasks[index],
        field,
        value,
        directory=directory_for(org),
        overrides=alias_overrides(org),
        period=drafting.plan_period(parsed),
        reporting_day=parsed["plan"].get("reporting_day"),
    )
    return _save_parsed(draft, parsed, expected_version)


def update_task_cells(
    draft: PlanImport, index: int, values: dict[str, str], expected_version: int
) -> PlanImport:
    """The row edit form: every changed cell at once, under one version check."""
    parsed = _editing(draft, expected_version)
    tasks = parsed.get("tasks") or []
    if not 0 <= index < len(tasks):
        raise ImportRefused("Không có dòng nhiệm vụ này trong bản nháp.")
    task = tasks[index]
    org = draft.organisation
    context = {
        "directory": directory_for(org),
        "overrides": alias_overrides(org),
        "period": drafting.plan_period(parsed),
        "reporting_day": parsed["plan"].get("reporting_day"),
    }
    for field, value in values.items():
        if field not in drafting.EDITABLE_FIELDS:
            raise ImportRefused("Ô này không sửa được.")
        if field == "task" and not (value or "").strip() and not task.get("is_group"):
            raise ImportRefused("Nội dung nhiệm vụ không được để trống.")
        if _cell_text(task, field) != (value or "").strip():
            drafting.set_cell(task, field, value, **context)
    return _save_parsed(draft, parsed, expected_version)


def _cell_text(task: dict[str, Any], field: str) -> str:
    if field == "schedule":
        return ((task.get("schedule") or {}).get("text") or "").strip()
    if field in ("lead_units", "coordinating_units"):
        return "\n".join(task.get(field) or [])
    return (task.get(field) or "").strip()


def map_unit(
    draft: PlanImport,
    mention_text: str,
    *,
    unit_code: str | None = None,
    group_key: str | None = None,
    ignore: bool = False,
    user: User | None = None,
    expected_version: int,
) -> PlanImport:
    """Say what a unit mention means; remembered for later imports (a UnitAlias) and applied
    to every row of this draft that has the same mention."""
    if sum(bool(x) for x in (unit_code, group_key, ignore)) != 1:
        raise ImportRefused("Hãy chọn một đơn vị, một nhóm đơn vị, hoặc “Không phải đơn vị của Sở”.")
    text = (mention_text or "").strip()
    if not text:
        raise ImportRefused("Thiếu tên đơn vị cần gán.")
    if len(text) > 1000:
        raise ImportRefused(
            "Cách viết quá dài để ghi nhớ: hãy sửa ô đơn vị của dòng đó cho gọn rồi chọn lại."
        )
    org = draft.organisation
    parsed = _editing(draft, expected_version)
    unit = None
    if unit_code:
        unit = Unit.objects.filter(organisation=org, code=unit_code).first()
        if unit is None:
            raise ImportRefused("Đơn vị đã chọn không có trong danh mục của Sở.")
    if group_key and group_key not in {key for key, _label, _names in group_choices(org)}:
        raise ImportRefused("Nhóm đơn vị đã chọn không có trong danh mục của Sở.")
    key = fold(text)
    with transaction.atomic():
        UnitAlias.objects.update_or_create(
            organisation=org,
            key=key,
            defaults={"text": text, "unit": unit, "group_key": group_key or None, "ignore": bool(ignore)},
            create_defaults={
                "text": text,
                "unit": unit,
                "group_key": group_key or None,
                "ignore": bool(ignore),
                "created_by": user if getattr(user, "pk", None) else None,
            },
        )
        directory, overrides = directory_for(org), alias_overrides(org)
        for task in parsed.get("tasks") or []:
            if any(fold(ref["text"]) == key for ref in drafting.unit_refs(task)):
                drafting.resolve_task_units(task, directory, overrides)
        return _save_parsed(draft, parsed, expected_version)  # a stale draft rolls the alias back too


def choose_tables(draft: PlanImport, included: set[int], expected_version: int) -> PlanImport:
    """Import the rows of the ``included`` tables of the document only (``drafting.choose_tables``);
    at least one task table stays."""
    parsed = _editing(draft, expected_version)
    tables = {int(t["index"]): t for t in parsed.get("tables") or []}
    if not included <= set(tables):
        raise ImportRefused("Bảng được chọn không có trong văn bản này.")
    if not any(tables[i].get("kind") == "task" for i in included):
        raise ImportRefused("Hãy chọn ít nhất một bảng nhiệm vụ để nhập.")
    org = draft.organisation
    directory, overrides = directory_for(org), alias_overrides(org)
    meta = parsed.get("plan") or {}
    period = drafting.plan_period(parsed)

    def refresh(task: dict[str, Any]) -> None:
        drafting.resolve_task_units(task, directory, overrides)
        if task.get("schedule") and not task.get("is_group"):
            drafting.reparse_schedule(task, period, meta.get("reporting_day"))

    drafting.choose_tables(parsed, included, refresh)
    return _save_parsed(draft, parsed, expected_version)


def update_plan_meta(
    draft: PlanImport,
    *,
    number: str,
    title: str,
    issued_on: date | None,
    period_start: date,
    period_end: date,
    expected_version: int,
    tracking_start: date | None = None,
    before_tracking: str = "",
    today: date | None = None,
) -> PlanImport:
    """Correct the plan's number, date, title or period; schedules are read again when the
    period changes (a date without a year takes the plan's year). ``tracking_start`` ("theo
    dõi từ ngày") and ``before_tracking`` say what becomes of what was due before it."""
    if period_end < period_start:
        raise ImportRefused("Ngày kết thúc của kế hoạch phải sau ngày bắt đầu.")
    if not (title or "").strip():
        raise ImportRefused("Trích yếu (tên) kế hoạch không được để trống.")
    new_period = Period(period_start, period_end)
    _check_tracking(new_period, tracking_start, before_tracking, today or timezone.localdate())
    parsed = _editing(draft, expected_version)
    meta = parsed.setdefault("plan", {})
    old_period = drafting.plan_period(parsed)
    meta.update(
        number=(number or "").strip(),
        title=title.strip(),
        issued_on=issued_on.isoformat() if issued_on else None,
    )
    if tracking_start is not None:
        meta["tracking_start"] = tracking_start.isoformat()
    if before_tracking:
        meta["before_tracking"] = before_tracking
    meta["period"] = new_period.to_dict()
    if new_period != old_period:
        for task in parsed.get("tasks") or []:
            if task.get("schedule") and not task.get("is_group"):
                drafting.reparse_schedule(task, new_period, meta.get("reporting_day"))
    return _save_parsed(draft, parsed, expected_version)


def _check_tracking(period: Period, start: date | None, before: str, today: date) -> None:
    """ "Theo dõi từ ngày" lies between the period's start and today (or the period's start, for
    a plan not begun yet): later would leave work ahead untracked."""
    if before and before not in Plan.BeforeTracking.values:
        raise ImportRefused("Hãy chọn cách ghi nhận các nghĩa vụ có hạn trước ngày bắt đầu theo dõi.")
    if start is None:
        return
    latest = max(today, period.start)
    if not period.start <= start <= latest:
        raise ImportRefused(
            f"“Theo dõi từ ngày” phải từ ngày bắt đầu của kế hoạch ({_fmt_date(period.start)}) đến "
            f"{'hôm nay' if latest == today else 'ngày đó'} ({_fmt_date(latest)})."
        )


def discard_import(draft: PlanImport, expected_version: int | None = None) -> None:
    _check_open(draft)
    qs = PlanImport.objects.filter(pk=draft.pk, status=PlanImport.Status.DRAFT)
    if expected_version is not None:
        qs = qs.filter(version=expected_version)
    if (
        qs.update(status=PlanImport.Status.DISCARDED, version=F("version") + 1, updated_at=timezone.now())
        != 1
    ):
        raise StaleDraft()
    draft.refresh_from_db()
    if draft.uploaded_file and not Plan.objects.filter(source_file=draft.uploaded_file.name).exists():
        draft.uploaded_file.delete(save=True)


# --- Confirm ------------------------------------------------------------------------------------

# progress(stage, done, total): how far a long confirmation is (``tracking.confirming``).
Progress = Callable[[str, int, int], None]


class ObligationWriter(Protocol):
    """Writes a new plan's obligations inside the confirming transaction; returns how many.
    The tracking layer's ``planning.create_obligations_for_plan``, passed down by
    ``tracking.confirming`` (plans sits below tracking and does not import it)."""

    def __call__(self, plan: Plan, *, today: date | None = ..., progress: Progress | None = ...) -> int: ...


def confirm_checks(draft: PlanImport, *, allow_unresolved: bool = False) -> None:
    """What refuses a confirmation at once, before any work: no period, no task, the same plan
    already in the system, a lead unit still unknown (unless ``allow_unresolved``)."""
    parsed = draft.parsed
    meta = parsed.get("plan") or {}
    if drafting.plan_period(parsed) is None:
        raise ImportRefused(
            "Chưa có thời gian thực hiện của kế hoạch (từ ngày – đến ngày): hãy điền rồi xác nhận."
        )
    if not parsed.get("tasks"):
        raise ImportRefused("Bản nháp không có nhiệm vụ nào.")
    existing = checks.same_plan(draft.organisation, meta)
    if existing is not None:
        raise ImportRefused(checks.same_plan_message(existing), existing=existing)
    names = drafting.problem_names(parsed, "lead")
    if names and not allow_unresolved:
        shown = "; ".join(f"“{n[:80]}”" for n in names[:5]) + (" …" if len(names) > 5 else "")
        raise ImportRefused(
            f"Còn {len(names)} tên đơn vị chủ trì chưa xác định: {shown}. "
            "Hãy chọn đơn vị tương ứng (mục “Đơn vị cần xác định”) rồi xác nhận lại."
        )


def confirm_import(
    draft: PlanImport,
    user: User | None,
    expected_version: int | None = None,
    *,
    allow_unresolved: bool = False,
    previewed: bool = False,
    today: date | None = None,
    claimed_from: str = PlanImport.Status.DRAFT,
    progress: Progress | None = None,
    write_obligations: ObligationWriter,
) -> Plan:
    """Turn the draft into a Plan with its Tasks, TaskUnits and Targets, all or nothing.

    Refused while a lead unit is unknown or ambiguous, unless ``allow_unresolved`` (the
    command line): then the mention is kept in ``Task.unresolved_units`` with a warning.
    Refused when the department already has the same plan (number, issuer, year), whatever
    the file's bytes. The obligations due before the tracking start are recorded as the draft
    says (``checks.tracking_of``); ``previewed``: confirmed from the preview screen, whose
    default tracking start (today, for a plan already begun) applies when none was saved.
    ``claimed_from``: the draft's status it is taken from (``CONFIRMING`` for a background
    job, ``tracking.confirming``); ``progress(stage, done, total)`` hears how far it is.
    ``write_obligations`` writes the plan's obligations in the same transaction: callers go
    through ``tracking.confirming.confirm_import``, which passes tracking's writer.
    """
    today = today or timezone.localdate()
    if draft.status != claimed_from:
        _check_open(draft)
    if expected_version is not None and int(expected_version) != draft.version:
        raise StaleDraft()
    confirm_checks(draft, allow_unresolved=allow_unresolved)
    parsed = copy.deepcopy(draft.parsed)
    meta = parsed.get("plan") or {}
    period = drafting.plan_period(parsed)
    assert period is not None  # confirm_checks
    identity = checks.identity_of(draft.organisation, meta)
    tracking_start, before_tracking = checks.tracking_of(parsed, today, previewed=previewed)
    current = {"index": None}
    try:
        with transaction.atomic():
            claimed = PlanImport.objects.filter(pk=draft.pk, status=claimed_from)
            if expected_version is not None:
                claimed = claimed.filter(version=expected_version)
            if (
                claimed.update(
                    status=PlanImport.Status.CONFIRMED, version=F("version") + 1, updated_at=timezone.now()
                )
                != 1
            ):
                raise StaleDraft()
            plan = Plan.objects.create(
                organisation=draft.organisation,
                number=meta.get("number") or "",
                title=(meta.get("title") or "").strip() or Path(draft.source_name).stem,
                issuer=meta.get("issuer") or "",
                issued_on=date.fromisoformat(meta["issued_on"]) if meta.get("issued_on") else None,
                period_start=period.start,
                period_end=period.end,
                reporting_rules=list(meta.get("reporting_rules") or []),
                reporting_day=meta.get("reporting_day"),
                source_name=draft.source_name,
                source_sha256=draft.sha256,
                source_format=parsed.get("format") or "",
                created_by=user if getattr(user, "pk", None) else None,
                identity_key=identity,
                tracking_start=tracking_start,
                before_tracking=before_tracking,
            )
            # The stored upload becomes the plan's original: same file, no copy to clean up.
            plan.source_file.name = draft.uploaded_file.name
            plan.save(update_fields=["source_file"])
            build_tasks(plan, parsed, current, progress=progress)
            # Same transaction: a plan never exists without them.
            write_obligations(plan, today=today, progress=progress)
            PlanImport.objects.filter(pk=draft.pk).update(plan=plan, parsed=parsed)
    except (IntegrityError, DataError) as exc:
        if Plan.objects.filter(organisation=draft.organisation, source_sha256=draft.sha256).exists():
            _refuse_duplicate(draft.organisation, draft.sha256)
        existing = checks.same_plan(draft.organisation, meta)  # imported by someone else meanwhile
        if existing is not None:
            raise ImportRefused(checks.same_plan_message(existing), existing=existing) from exc
        logger.exception("confirm_import failed: draft=%s row=%s", draft.pk, current["index"])
        row = f" (dòng nhiệm vụ thứ {current['index'] + 1})" if current["index"] is not None else ""
        raise ImportRefused(
            f"Không lưu được kế hoạch: dữ liệu bản nháp không hợp lệ{row}. Chưa có gì được ghi; "
            "hãy sửa dòng đó hoặc hủy bản nháp và tải tệp lên lại."
        ) from exc
    draft.refresh_from_db()
    return plan


# --- Command line -------------------------------------------------------------------------------


def import_plan_file(
    org: Organisation,
    path: str | Path,
    user: User | None = None,
    year: int | None = None,
    *,
    tracking_start: date | None = None,
    before_tracking: str = Plan.BeforeTracking.NOT_TRACKED,
    write_obligations: ObligationWriter,
) -> Plan:
    """Upload and confirm in one go (no preview). Unresolved lead units do not stop it: they
    stay in ``Task.unresolved_units`` with a warning for the Office to fix later. Without a
    ``tracking_start`` the whole plan is followed from the start of its period."""
    path = Path(path)
    try:
        if path.stat().st_size > settings.CCHC_MAX_UPLOAD_BYTES:  # refuse before reading it all
            raise ImportRefused(
                f"Tệp “{path}” quá lớn; giới hạn là {file_size(settings.CCHC_MAX_UPLOAD_BYTES)}."
            )
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ImportRefused(f"Không tìm thấy tệp “{path}”.") from exc
    except IsADirectoryError as exc:
        raise ImportRefused(f"“{path}” là một thư mục, không phải tệp kế hoạch.") from exc
    except PermissionError as exc:
        raise ImportRefused(f"Không có quyền đọc tệp “{path}”.") from exc
    except OSError as exc:
        raise ImportRefused(f"Không đọc được tệp “{path}”: {exc.strerror or exc}.") from exc
    draft = start_import(org, user, path.name, data, year)
    period = drafting.plan_period(draft.parsed)
    try:
        if tracking_start is not None and period is not None:
            _check_tracking(period, tracking_start, before_tracking, timezone.localdate())
            parsed = copy.deepcopy(draft.parsed)
            parsed["plan"].update(tracking_start=tracking_start.isoformat(), before_tracking=before_tracking)
            draft = _save_parsed(draft, parsed, draft.version)
        return confirm_import(
            draft, user, draft.version, allow_unresolved=True, write_obligations=write_obligations
        )
    except ImportRefused:
        discard_import(draft)
        raise
