"""Writes of a unit's report: drafts, submission with evidence and measured values, the
Office's review, resubmission after a return, coordinating units' contributions.

Rules kept here (each refusal is a ``TrackingError`` raised before anything is written):

- the people of the obligation's unit write drafts; only its head submits;
- one report at a time per obligation: no new report while a draft exists, while one waits
  for review, or once one is accepted; a returned report stays as it was and the next one
  (``previous`` = the returned one) starts from its evidence and measured values;
- a report is saved with ``UPDATE … WHERE version = expected``: of two people editing the
  same draft, the second is told to reload instead of silently undoing the first one's work;
- a late submission is accepted: the status computed from the evidence date says "late";
- accepting needs at least one evidence document; the obligation is completed on the
  latest evidence document's date.

Every write locks the obligation row for the transaction (PostgreSQL), bumps its version
and ``last_activity_at``, records who made the change in the audit trail, and asks the
planning module to recompute the status.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cchc.core.status import Attainment, attainment
from cchc.plans.models import Plan, Target
from cchc.tracking import permissions, planning
from cchc.tracking.errors import Conflict, InvalidInput, NotAllowed, StaleVersion
from cchc.tracking.models import Contribution, Evidence, Measurement, Obligation, Report

State = Report.State

# Evidence files: the plan's document formats, images of signed pages, and zip bundles.
ALLOWED_EXTENSIONS = ("pdf", "docx", "doc", "xlsx", "xls", "odt", "ods", "jpg", "jpeg", "png", "zip")
ALLOWED_LABEL = (
    "PDF, Word (doc, docx), Excel (xls, xlsx), OpenDocument (odt, ods), ảnh (jpg, png) hoặc tệp nén zip"
)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the legacy Office container (.doc, .xls)
_ZIP_MEMBER = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
_ODF_MIMETYPE = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
MAX_NARRATIVE = 50_000
# A measured value has at most 12 digits before the point (the column holds 16, 4 after it).
_MAX_MEASURED = Decimal(10) ** 12


def evidence_max_bytes() -> int:
    default = getattr(settings, "CCHC_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
    return int(getattr(settings, "CCHC_EVIDENCE_MAX_BYTES", default))


def evidence_date_slack() -> timedelta:
    """How far outside the plan's period an evidence date may lie: a plan for 2026 is often
    prepared by documents of late 2025, and the year's report is issued in January."""
    return timedelta(days=int(getattr(settings, "CCHC_EVIDENCE_DATE_SLACK_DAYS", 92)))


@dataclass(frozen=True, slots=True)
class EvidenceInput:
    """One issued document offered as evidence: number (số, ký hiệu), date, summary, and a
    file or a link to the document system (either, both or neither)."""

    doc_number: str
    doc_date: date
    summary: str
    file: UploadedFile | None = None
    url: str = ""


@dataclass(frozen=True, slots=True)
class MeasuredTarget:
    target: Target
    value: Decimal | None  # None: the report gives no value for this target
    attainment: Attainment  # đạt / không đạt / chưa có số liệu (``.label``)


# --- helpers shared with extensions.py -------------------------------------------------------


def fmt_date(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def person(user: Any) -> str:
    if user is None:
        return "hệ thống"
    return user.get_full_name() or user.get_username()


def lock_obligation(obligation: Obligation) -> Obligation:
    """The obligation row, locked until the transaction ends (PostgreSQL): two writes on one
    obligation check its reports one after the other, never both against the same state."""
    return Obligation.objects.select_for_update(of=("self",)).select_related("plan").get(pk=obligation.pk)


def touch(obligation: Obligation, user: Any, now: datetime) -> None:
    """Mark activity on the obligation (bumps its version); ``obligation`` is refreshed."""
    Obligation.objects.filter(pk=obligation.pk).update(last_activity_at=now, version=F("version") + 1)
    obligation.refresh_from_db()
    obligation._history_user = user  # whoever saves it next in this transaction (recompute)


def finish(obligation: Obligation, user: Any, now: datetime) -> None:
    """Mark activity, then let the planner recompute the stored status (and the completion
    date: the accepted report's latest evidence document's date)."""
    touch(obligation, user, now)
    planning.recompute(obligation, today=timezone.localdate(now))


# --- input checks (no database writes) -------------------------------------------------------


def check_progress(progress: Any) -> int:
    if isinstance(progress, bool):
        progress = None
    try:
        value = int(str(progress).strip().rstrip("%").strip())
    except (TypeError, ValueError):
        raise InvalidInput(
            "Tiến độ phải là một số nguyên từ 0 đến 100 (phần trăm).", field="progress"
        ) from None
    if not 0 <= value <= 100:
        raise InvalidInput(f"Tiến độ {value}% không hợp lệ: hãy nhập từ 0 đến 100.", field="progress")
    return value


def _check_narrative(narrative: Any, *, required: bool) -> str:
    text = str(narrative or "").strip()
    if required and not text:
        raise InvalidInput(
            "Hãy ghi kết quả thực hiện (đã làm gì, văn bản nào) trước khi gửi báo cáo.", field="narrative"
        )
    if len(text) > MAX_NARRATIVE:
        raise InvalidInput(
            f"Nội dung báo cáo quá dài ({len(text)} ký tự, tối đa {MAX_NARRATIVE}); "
            "hãy tóm tắt và đính kèm văn bản đầy đủ.",
            field="narrative",
        )
    return text


def parse_measured(value: Any) -> Decimal:
    """A measured value: a number, or a text like "85,67" / "85.67" / "85,67 %"."""
    if isinstance(value, bool):
        raise InvalidOperation
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().rstrip("%").replace(" ", "").replace("\u00a0", "")
        if "," in text:  # Vietnamese writing: "1.234,5"
            text = text.replace(".", "").replace(",", ".")
        number = Decimal(text)
    else:
        raise InvalidOperation
    if not number.is_finite():
        raise InvalidOperation
    return number


def check_measurements(values: Mapping[Any, Any] | None, targets: Mapping[int, Target]) -> dict[int, Decimal]:
    """target id -> value, for the task's own targets; an empty value is left out."""
    out: dict[int, Decimal] = {}
    for key, raw in (values or {}).items():
        try:
            target_id = int(key)
        except (TypeError, ValueError):
            target_id = None
        target = targets.get(target_id) if target_id is not None else None
        if target is None:
            raise InvalidInput(
                f"Chỉ tiêu “{key}” không thuộc nhiệm vụ này: "
                "hãy nhập số liệu cho đúng chỉ tiêu của nhiệm vụ.",
                field="measurements",
            )
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        name = f"“{target.label or target.text}”"[:160]
        try:
            number = parse_measured(raw)
        except (InvalidOperation, ValueError):
            raise InvalidInput(
                f"Số liệu của chỉ tiêu {name} phải là một số (ví dụ 85 hoặc 85,5), không phải “{raw}”.",
                field="measurements",
            ) from None
        if number < 0:
            raise InvalidInput(f"Số liệu của chỉ tiêu {name} không được âm.", field="measurements")
        if target.unit == "%" and number > 100:
            raise InvalidInput(
                f"Số liệu của chỉ tiêu {name} là tỷ lệ phần trăm: hãy nhập từ 0 đến 100.",
                field="measurements",
            )
        if number >= _MAX_MEASURED:
            raise InvalidInput(f"Số liệu của chỉ tiêu {name} quá lớn.", field="measurements")
        out[target.pk] = number.quantize(Decimal("0.0001"))
    return out


def check_file(file: UploadedFile) -> None:
    """Refuse a file that is empty, too large, of a forbidden type, or whose content is not
    what its name says (a renamed executable is not a PDF)."""
    name = Path(file.name or "").name
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED_EXTENSIONS:
        raise InvalidInput(f"Không nhận tệp “{name}”: chỉ nhận {ALLOWED_LABEL}.", field="file")
    size = file.size or 0
    limit = evidence_max_bytes()
    if size == 0:
        raise InvalidInput(f"Tệp “{name}” rỗng: hãy chọn đúng tệp văn bản.", field="file")
    if size > limit:
        raise InvalidInput(
            f"Tệp “{name}” quá lớn ({_size(size)}); giới hạn là {_size(limit)}. "
            "Hãy nén hoặc tách tệp, hoặc gửi đường dẫn tới văn bản trên hệ thống quản lý văn bản.",
            field="file",
        )
    try:
        ok = _content_matches(ext, file)
    finally:
        file.seek(0)
    if not ok:
        raise InvalidInput(
            f"Nội dung tệp “{name}” không phải là tệp .{ext} (tên tệp không khớp nội dung). "
            f"Hãy lưu lại văn bản đúng định dạng ({ALLOWED_LABEL}) rồi tải lên.",
            field="file",
        )


def _size(n: int) -> str:
    return f"{n / 1048576:.1f} MB".replace(".", ",") if n >= 104858 else f"{max(1, round(n / 1024))} KB"


def _content_matches(ext: str, file: UploadedFile) -> bool:
    file.seek(0)
    head = file.read(8)
    if ext == "pdf":
        return head.startswith(b"%PDF-")
    if ext in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if ext == "png":
        return head == b"\x89PNG\r\n\x1a\n"
    if ext in ("doc", "xls"):
        return head == _OLE2
    if not head.startswith(b"PK"):
        return False
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            if ext in _ZIP_MEMBER:
                return _ZIP_MEMBER[ext] in archive.namelist()
            if ext in _ODF_MIMETYPE:
                return archive.read("mimetype").strip() == _ODF_MIMETYPE[ext]
            return True
    except (zipfile.BadZipFile, KeyError, OSError, EOFError):
        return False


_url_validator = URLValidator(schemes=["http", "https"])


def check_evidence(item: EvidenceInput, plan: Plan, today: date) -> EvidenceInput:
    """The item with its texts trimmed, or InvalidInput saying which value is wrong."""
    number = str(item.doc_number or "").strip()
    if not number:
        raise InvalidInput("Hãy ghi số, ký hiệu của văn bản kiểm chứng.", field="doc_number")
    if len(number) > 100:
        raise InvalidInput("Số, ký hiệu văn bản quá dài (tối đa 100 ký tự).", field="doc_number")
    doc_date = item.doc_date
    if isinstance(doc_date, datetime):
        doc_date = doc_date.date()
    if not isinstance(doc_date, date):
        raise InvalidInput(f"Hãy ghi ngày ban hành của văn bản {number}.", field="doc_date")
    if doc_date > today:
        raise InvalidInput(
            f"Ngày ban hành của văn bản {number} ({fmt_date(doc_date)}) ở tương lai: hãy kiểm tra lại ngày.",
            field="doc_date",
        )
    slack = evidence_date_slack()
    if not plan.period_start - slack <= doc_date <= plan.period_end + slack:
        raise InvalidInput(
            f"Ngày ban hành của văn bản {number} ({fmt_date(doc_date)}) nằm ngoài thời gian của kế hoạch "
            f"(từ {fmt_date(plan.period_start)} đến {fmt_date(plan.period_end)}): hãy kiểm tra lại ngày "
            "hoặc chọn đúng văn bản của kỳ này.",
            field="doc_date",
        )
    summary = str(item.summary or "").strip()
    if not summary:
        raise InvalidInput(f"Hãy ghi trích yếu (nội dung chính) của văn bản {number}.", field="summary")
    url = str(item.url or "").strip()
    if url:
        try:
            if len(url) > 1000:
                raise ValidationError("too long")
            _url_validator(url)
        except ValidationError:
            raise InvalidInput(
                f"Đường dẫn tới văn bản {number} không hợp lệ: hãy dán địa chỉ đầy đủ bắt đầu bằng "
                "http:// hoặc https://.",
                field="url",
            ) from None
    if item.file is not None:
        check_file(item.file)
    return EvidenceInput(number, doc_date, summary, item.file, url)


def _number_key(number: str) -> str:
    return " ".join(number.split()).casefold()


def _evidence_key(number: str, doc_date: date) -> tuple[str, date]:
    return (_number_key(number), doc_date)


def check_no_duplicates(items: Iterable[EvidenceInput], existing: Iterable[Evidence] = ()) -> None:
    seen = {_evidence_key(e.doc_number, e.doc_date) for e in existing}
    for item in items:
        key = _evidence_key(item.doc_number, item.doc_date)
        if key in seen:
            raise InvalidInput(
                f"Văn bản {item.doc_number} ngày {fmt_date(item.doc_date)} đã có trong báo cáo.",
                field="doc_number",
            )
        seen.add(key)


def _task_targets(obligation: Obligation) -> dict[int, Target]:
    return {t.pk: t for t in Target.objects.filter(task_id=obligation.task_id, kind=Target.Kind.TARGET)}


# --- report rows ------------------------------------------------------------------------------


def _check_belongs(report: Report, obligation: Obligation) -> None:
    if report.obligation_id != obligation.pk:
        raise InvalidInput("Báo cáo này không thuộc nghĩa vụ đang mở: hãy tải lại trang.")


def _check_open(obligation: Obligation) -> None:
    """No new report, and no submission, once the period is gone, accepted, or waiting."""
    if not obligation.is_active:
        raise Conflict(
            "Kỳ báo cáo này không còn hiệu lực (lịch của nhiệm vụ đã được điều chỉnh); "
            "không báo cáo được nữa."
        )
    states = set(Report.objects.filter(obligation=obligation).values_list("state", flat=True))
    if State.ACCEPTED in states:
        raise Conflict("Báo cáo kỳ này đã được Văn phòng Sở chấp nhận; không gửi thêm báo cáo được nữa.")
    if State.SUBMITTED in states:
        raise Conflict(
            "Báo cáo kỳ này đã được gửi và đang chờ duyệt; hãy chờ Văn phòng Sở duyệt "
            "(nếu bị trả lại, đơn vị sửa và gửi lại)."
        )


def _starting_point(obligation: Obligation, report: Report | None) -> Report | None:
    """Check that a new report may be started; return the returned report it follows, if any."""
    _check_open(obligation)
    draft = (
        Report.objects.filter(obligation=obligation, state=State.DRAFT).select_related("created_by").first()
    )
    if draft is not None:
        when = timezone.localtime(draft.created_at).strftime("%H:%M %d/%m/%Y")
        raise Conflict(
            f"Kỳ này đã có bản nháp báo cáo ({person(draft.created_by)} soạn lúc {when}); "
            "hãy mở bản nháp đó để sửa tiếp và gửi."
        )
    if report is not None:
        _check_belongs(report, obligation)
        if Report.objects.filter(previous_id=report.pk).exists():
            raise Conflict("Báo cáo bị trả lại này đã được soạn lại; hãy mở báo cáo mới nhất của kỳ này.")
        return report
    latest = Report.objects.filter(obligation=obligation).order_by("-created_at", "-id").first()
    return latest if latest is not None and latest.state == State.RETURNED else None


def _check_state(report: Report, expected_state: str) -> None:
    current = Report.objects.filter(pk=report.pk).first()
    if current is None:
        raise Conflict("Báo cáo không còn tồn tại; hãy tải lại trang.")
    if current.state != expected_state:
        raise Conflict(
            f"Báo cáo đang ở tình trạng “{current.get_state_display()}”, không còn "
            f"“{State(expected_state).label}”; hãy tải lại trang."
        )


def _write_report(
    report: Report, user: Any, now: datetime, *, expected: int, from_state: str, **changes: Any
) -> None:
    """``UPDATE … WHERE version = expected AND state = from_state``; refused when someone
    else saved or moved the report in between. Records the change in the audit trail."""
    updated = Report.objects.filter(pk=report.pk, version=expected, state=from_state).update(
        version=F("version") + 1, **changes
    )
    if updated != 1:
        _check_state(report, from_state)
        raise StaleVersion()
    report.refresh_from_db()
    report._history_user = user  # the instance may carry an earlier writer's
    Report.history.bulk_history_create([report], update=True, default_date=now)


def _new_report(obligation: Obligation, user: Any, **fields: Any) -> Report:
    report = Report(obligation=obligation, unit_id=obligation.unit_id, created_by=user, **fields)
    report._history_user = user
    report.save()
    return report


def _carry_over(previous: Report, report: Report, user: Any, replaced: set[str]) -> None:
    """The next report starts from the returned one's evidence (same stored files) and values;
    a document given again under the same number replaces its copy (a corrected date, file…)."""
    for old in previous.evidence.all():
        if _number_key(old.doc_number) in replaced:
            continue
        copy = Evidence(
            report=report,
            doc_number=old.doc_number,
            doc_date=old.doc_date,
            summary=old.summary,
            file=old.file.name,
            url=old.url,
            uploaded_by=old.uploaded_by,
        )
        copy._history_user = user
        copy.save()
    for m in previous.measurements.all():
        _save_measurement(report, m.target_id, m.value, user, note=m.note)


def _add_evidence_rows(
    report: Report, user: Any, items: Iterable[EvidenceInput], saved: list[str]
) -> list[Evidence]:
    rows = []
    for item in items:
        row = Evidence(
            report=report,
            doc_number=item.doc_number,
            doc_date=item.doc_date,
            summary=item.summary,
            url=item.url,
            uploaded_by=user,
        )
        if item.file is not None:
            row.file = item.file
        row._history_user = user
        row.save()
        if row.file:
            saved.append(row.file.name)
        rows.append(row)
    return rows


def _delete_files(names: list[str]) -> None:
    storage = Evidence._meta.get_field("file").storage
    for name in names:
        storage.delete(name)


def _save_measurement(report: Report, target_id: int, value: Decimal, user: Any, note: str = "") -> None:
    row = Measurement.objects.filter(report=report, target_id=target_id).first()
    if row is None:
        row = Measurement(report=report, target_id=target_id, value=value, note=note)
    elif row.value == value:
        return
    row.value = value
    row._history_user = user
    row.save()


def _save_measurements(report: Report, values: Mapping[int, Decimal], user: Any) -> None:
    for target_id, value in values.items():
        _save_measurement(report, target_id, value, user)


def _fresh(report: Report) -> Report:
    return Report.objects.select_related("obligation", "unit").get(pk=report.pk)


# --- services ---------------------------------------------------------------------------------


def save_draft(
    obligation: Obligation,
    user: Any,
    *,
    narrative: str,
    progress: Any,
    report: Report | None = None,
    expected_version: int | None = None,
    measurements: Mapping[Any, Any] | None = None,
) -> Report:
    """Create or update the unit's draft. ``report`` is the draft being edited (then
    ``expected_version`` is the version the form was loaded with), or a returned report
    to start again from, or None for a new draft (which follows the latest returned one)."""
    if not permissions.can_report(user, obligation):
        raise NotAllowed("Chỉ người của đơn vị chủ trì được soạn báo cáo của nhiệm vụ này.")
    narrative = _check_narrative(narrative, required=False)
    progress = check_progress(progress)
    values = check_measurements(measurements, _task_targets(obligation))
    now = timezone.now()
    with transaction.atomic():
        locked = lock_obligation(obligation)
        if report is not None and report.state == State.DRAFT:
            _check_belongs(report, locked)
            expected = report.version if expected_version is None else int(expected_version)
            _write_report(
                report,
                user,
                now,
                expected=expected,
                from_state=State.DRAFT,
                narrative=narrative,
                progress=progress,
            )
        else:
            previous = _starting_point(locked, report)
            report = _new_report(locked, user, narrative=narrative, progress=progress, previous=previous)
            if previous is not None:
                _carry_over(previous, report, user, replaced=set())
        _save_measurements(report, values, user)
        finish(locked, user, now)
    obligation.refresh_from_db()
    return _fresh(report)


def submit_report(
    obligation: Obligation,
    user: Any,
    *,
    narrative: str,
    progress: Any,
    evidence: Iterable[EvidenceInput] = (),
    measurements: Mapping[Any, Any] | None = None,
    report: Report | None = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Report:
    """Send the report to the Office for review (the unit head only).

    ``report`` is the draft being sent (checked against ``expected_version``), a returned
    report being resubmitted (a NEW report is created with ``previous`` = it), or None (a
    new report; after a return it follows the returned one). The new report starts from
    the returned one's evidence and values; an item given again with the same number and
    number replaces the copied one."""
    if not permissions.can_submit(user, obligation):
        if permissions.can_report(user, obligation):
            raise NotAllowed(
                "Chỉ trưởng đơn vị được gửi báo cáo cho Văn phòng Sở; "
                "bạn hãy lưu bản nháp để trưởng đơn vị gửi."
            )
        raise NotAllowed("Bạn không thuộc đơn vị chủ trì của nhiệm vụ này nên không gửi báo cáo được.")
    now = now or timezone.now()
    narrative = _check_narrative(narrative, required=True)
    progress = check_progress(progress)
    values = check_measurements(measurements, _task_targets(obligation))
    plan = Plan.objects.get(pk=obligation.plan_id)
    items = [check_evidence(item, plan, timezone.localdate(now)) for item in evidence]
    check_no_duplicates(items)
    saved: list[str] = []
    try:
        with transaction.atomic():
            locked = lock_obligation(obligation)
            if report is not None and report.state == State.DRAFT:
                _check_belongs(report, locked)
                _check_open(locked)
                check_no_duplicates(items, report.evidence.all())
                _add_evidence_rows(report, user, items, saved)
                expected = report.version if expected_version is None else int(expected_version)
                _write_report(
                    report,
                    user,
                    now,
                    expected=expected,
                    from_state=State.DRAFT,
                    narrative=narrative,
                    progress=progress,
                    state=State.SUBMITTED,
                    submitted_by=user,
                    submitted_at=now,
                )
            else:
                if report is not None:
                    current = Report.objects.get(pk=report.pk)
                    if expected_version is not None and current.version != int(expected_version):
                        raise StaleVersion()
                    if current.state != State.RETURNED:
                        _check_open(locked)
                        raise Conflict("Chỉ gửi lại được báo cáo đã bị trả lại.")
                    report = current
                previous = _starting_point(locked, report)
                report = _new_report(
                    locked,
                    user,
                    narrative=narrative,
                    progress=progress,
                    previous=previous,
                    state=State.SUBMITTED,
                    submitted_by=user,
                    submitted_at=now,
                )
                if previous is not None:
                    replaced = {_number_key(i.doc_number) for i in items}
                    _carry_over(previous, report, user, replaced)
                _add_evidence_rows(report, user, items, saved)
            _save_measurements(report, values, user)
            finish(locked, user, now)
    except BaseException:
        _delete_files(saved)  # the rows are rolled back: leave no file without its row
        raise
    obligation.refresh_from_db()
    return _fresh(report)


def resubmit(obligation: Obligation, user: Any, *, report: Report, **kwargs: Any) -> Report:
    """Send again after a return: a new report with ``previous`` = the returned one."""
    return submit_report(obligation, user, report=report, **kwargs)


def add_evidence(
    report: Report, user: Any, item: EvidenceInput, *, expected_version: int | None = None
) -> Evidence:
    """Attach a document to a draft (bumps the draft's version: the caller's ``report`` is
    refreshed, so a form shown after this must carry the new ``report.version``)."""
    obligation = report.obligation
    if not permissions.can_report(user, obligation):
        raise NotAllowed("Chỉ người của đơn vị chủ trì được bổ sung tài liệu vào báo cáo này.")
    now = timezone.now()
    item = check_evidence(item, obligation.plan, timezone.localdate(now))
    saved: list[str] = []
    try:
        with transaction.atomic():
            locked = lock_obligation(obligation)
            _check_draft(report)
            check_no_duplicates([item], report.evidence.all())
            (row,) = _add_evidence_rows(report, user, [item], saved)
            expected = report.version if expected_version is None else int(expected_version)
            _write_report(report, user, now, expected=expected, from_state=State.DRAFT)
            finish(locked, user, now)
    except BaseException:
        _delete_files(saved)
        raise
    return row


def remove_evidence(evidence: Evidence, user: Any, *, expected_version: int | None = None) -> None:
    """Take a document off a draft. The stored file is kept: a returned report that the
    draft was copied from may point at the same file, and the audit trail names it."""
    report = evidence.report
    obligation = report.obligation
    if not permissions.can_report(user, obligation):
        raise NotAllowed("Chỉ người của đơn vị chủ trì được sửa tài liệu của báo cáo này.")
    now = timezone.now()
    with transaction.atomic():
        locked = lock_obligation(obligation)
        _check_draft(report)
        expected = report.version if expected_version is None else int(expected_version)
        _write_report(report, user, now, expected=expected, from_state=State.DRAFT)
        evidence._history_user = user
        evidence.delete()
        finish(locked, user, now)


def _check_draft(report: Report) -> None:
    state = Report.objects.filter(pk=report.pk).values_list("state", flat=True).first()
    if state != State.DRAFT:
        raise Conflict(
            "Chỉ sửa được tài liệu của bản nháp: báo cáo đã gửi thì chờ duyệt, "
            "bị trả lại thì soạn lại báo cáo mới."
        )


def review_report(
    report: Report,
    user: Any,
    *,
    accept: bool,
    comment: str = "",
    expected_version: int,
    now: datetime | None = None,
) -> Report:
    """The Office accepts the report (the obligation is completed on the latest evidence
    document's date) or returns it with a comment saying what to fix."""
    obligation = report.obligation
    if not permissions.can_review(user, obligation.organisation_id):
        raise NotAllowed("Chỉ chuyên viên CCHC của Văn phòng Sở được duyệt báo cáo.")
    comment = str(comment or "").strip()
    if not accept and not comment:
        raise InvalidInput(
            "Khi trả lại báo cáo, hãy ghi rõ ý kiến: đơn vị cần bổ sung, sửa nội dung gì.", field="comment"
        )
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_obligation(obligation)
        _check_state(report, State.SUBMITTED)
        if accept and not Evidence.objects.filter(report_id=report.pk).exists():
            raise InvalidInput(
                "Báo cáo chưa có tài liệu kiểm chứng nào nên chưa thể chấp nhận; "
                "hãy trả lại để đơn vị bổ sung văn bản."
            )
        _write_report(
            report,
            user,
            now,
            expected=int(expected_version),
            from_state=State.SUBMITTED,
            state=State.ACCEPTED if accept else State.RETURNED,
            reviewed_by=user,
            reviewed_at=now,
            review_comment=comment,
        )
        # recompute sets completed_on from the accepted report's latest evidence date.
        finish(locked, user, now)
        _notify_after_commit("report_reviewed", report.pk)
    obligation.refresh_from_db()
    return _fresh(report)


def _notify_after_commit(event: str, pk: int) -> None:
    """Tell the people concerned (``chasing.events``) once the transaction has committed; a
    failure to notify is logged and does not undo what was committed."""
    from cchc.chasing import events  # imported on use: the chasing app imports tracking's models

    transaction.on_commit(lambda: getattr(events, event)(pk), robust=True)


def add_contribution(obligation: Obligation, user: Any, text: str) -> Contribution:
    """A coordinating unit's part in the lead unit's report."""
    if not permissions.can_contribute(user, obligation):
        raise NotAllowed("Chỉ đơn vị phối hợp của nhiệm vụ này được gửi ý kiến phối hợp.")
    text = str(text or "").strip()
    if not text:
        raise InvalidInput("Hãy ghi nội dung đơn vị đã phối hợp thực hiện.", field="text")
    if len(text) > MAX_NARRATIVE:
        raise InvalidInput("Nội dung phối hợp quá dài; hãy tóm tắt.", field="text")
    member = permissions.membership(user, obligation.organisation_id)
    now = timezone.now()
    with transaction.atomic():
        locked = lock_obligation(obligation)
        if not locked.is_active:
            raise Conflict("Kỳ báo cáo này không còn hiệu lực; không gửi ý kiến phối hợp được nữa.")
        if Report.objects.filter(obligation=locked, state=State.ACCEPTED).exists():
            raise Conflict("Báo cáo kỳ này đã được chấp nhận; không bổ sung ý kiến phối hợp được nữa.")
        row = Contribution(obligation=locked, unit_id=member.unit_id, text=text, created_by=user)
        row._history_user = user
        row.save()
        finish(locked, user, now)
    obligation.refresh_from_db()
    return row


def measurements_with_attainment(report: Report) -> list[MeasuredTarget]:
    """Each of the task's targets with the report's value for it and whether it is reached."""
    values = dict(report.measurements.values_list("target_id", "value"))
    targets = Target.objects.filter(task_id=report.obligation.task_id, kind=Target.Kind.TARGET).order_by("id")
    return [MeasuredTarget(t, values.get(t.pk), attainment(t.op, t.value, values.get(t.pk))) for t in targets]
