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
- a report is sent with at least one evidence document when the task's product is a
  document (``core.products``); otherwise without one only when the caller says the person
  confirmed it (the screens ask; the API does not);
- accepting needs at least one evidence document; the obligation is completed on the
  latest evidence document's date;
- a draft is saved with its new evidence documents in one transaction: all or nothing.

Every write locks the obligation row for the transaction (PostgreSQL), bumps its version
and ``last_activity_at``, records who made the change in the audit trail, and asks the
planning module to recompute the status. The checks of what is written (narrative,
progress, measured values: ``report_checks``; evidence documents and files: ``evidence``)
run before the transaction opens.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cchc.core.formats import moment_text
from cchc.core.status import Attainment, attainment
from cchc.orgs.names import full_name
from cchc.orgs.types import User
from cchc.plans.models import Plan, Target, Task
from cchc.tracking import permissions, signals, statuses
from cchc.tracking.errors import Conflict, InvalidInput, NotAllowed, StaleVersion, Unavailable

# The input checks live in ``evidence`` and ``report_checks``; their public names stay
# importable from here, where the screens, the API and the tests have always found them.
from cchc.tracking.evidence import (  # noqa: F401  (re-exported)
    ALLOWED_EXTENSIONS,
    ALLOWED_LABEL,
    DocumentRequired,
    EvidenceInput,
    NoEvidenceUnconfirmed,
    check_evidence,
    check_file,
    check_has_evidence,
    check_no_duplicates,
    evidence_date_slack,
    evidence_max_bytes,
    number_key,
)
from cchc.tracking.models import Contribution, Evidence, Measurement, Obligation, ObligationStatus, Report
from cchc.tracking.report_checks import (  # noqa: F401  (re-exported)
    MAX_NARRATIVE,
    check_measurements,
    check_narrative,
    check_progress,
    fmt_date,
    parse_measured,
)

State = Report.State
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MeasuredTarget:
    target: Target
    value: Decimal | None  # None: the report gives no value for this target
    attainment: Attainment  # đạt / không đạt / chưa có số liệu (``.label``)


# --- helpers shared with extensions.py (and fmt_date, imported above) ----------------------------


def person(user: User | None) -> str:
    if user is None:
        return "hệ thống"
    return full_name(user)


def lock_obligation(obligation: Obligation) -> Obligation:
    """The obligation row, locked until the transaction ends (PostgreSQL): two writes on one
    obligation check its reports one after the other, never both against the same state."""
    return Obligation.objects.select_for_update(of=("self",)).select_related("plan").get(pk=obligation.pk)


def touch(obligation: Obligation, user: User, now: datetime) -> None:
    """Mark activity on the obligation (bumps its version); ``obligation`` is refreshed."""
    Obligation.objects.filter(pk=obligation.pk).update(last_activity_at=now, version=F("version") + 1)
    obligation.refresh_from_db()
    obligation._history_user = user  # whoever saves it next in this transaction (recompute)


def finish(obligation: Obligation, user: User, now: datetime) -> None:
    """Mark activity, then let the planner recompute the stored status (and the completion
    date: the accepted report's latest evidence document's date)."""
    touch(obligation, user, now)
    statuses.recompute(obligation, today=timezone.localdate(now))


def _task_targets(obligation: Obligation) -> dict[int, Target]:
    return {t.pk: t for t in Target.objects.filter(task_id=obligation.task_id, kind=Target.Kind.TARGET)}


def _checked_inputs(
    obligation: Obligation,
    narrative: Any,
    progress: Any,
    measurements: Mapping[Any, Any] | None,
    evidence: Iterable[EvidenceInput],
    now: datetime,
    *,
    narrative_required: bool,
) -> tuple[str, int, dict[int, Decimal], list]:
    """A report's inputs checked before anything is locked or written (draft or send)."""
    narrative = check_narrative(narrative, required=narrative_required)
    progress = check_progress(progress)
    values = check_measurements(measurements, _task_targets(obligation))
    plan = Plan.objects.get(pk=obligation.plan_id)
    items = [check_evidence(item, plan, timezone.localdate(now)) for item in evidence]
    check_no_duplicates(items)
    return narrative, progress, values, items


# --- report rows ------------------------------------------------------------------------------


def _check_belongs(report: Report, obligation: Obligation) -> None:
    if report.obligation_id != obligation.pk:
        raise InvalidInput("Báo cáo này không thuộc nghĩa vụ đang mở: hãy tải lại trang.")


def _check_open(obligation: Obligation) -> None:
    """No new report, and no submission, once the period is gone, accepted, or waiting."""
    if not obligation.is_active:
        raise Conflict(inactive_message(obligation, "không báo cáo được nữa."))
    states = set(Report.objects.filter(obligation=obligation).values_list("state", flat=True))
    if State.ACCEPTED in states:
        raise Conflict("Báo cáo kỳ này đã được Văn phòng Sở chấp nhận; không gửi thêm báo cáo được nữa.")
    if State.SUBMITTED in states:
        raise Conflict(
            "Báo cáo kỳ này đã được gửi và đang chờ duyệt; hãy chờ Văn phòng Sở duyệt "
            "(nếu bị trả lại, đơn vị sửa và gửi lại)."
        )


def inactive_message(obligation: Obligation, consequence: str) -> str:
    """Why nothing more can be written on an obligation that is off (``is_active=False``)."""
    if obligation.archived:
        return f"Kế hoạch của kỳ báo cáo này đã được lưu trữ; {consequence}"
    if obligation.status == ObligationStatus.NOT_TRACKED:
        return (
            f"Kỳ báo cáo này không được theo dõi (có hạn trước ngày bắt đầu theo dõi kế hoạch); {consequence}"
        )
    return f"Kỳ báo cáo này không còn hiệu lực (lịch của nhiệm vụ đã được điều chỉnh); {consequence}"


def _starting_point(obligation: Obligation, report: Report | None) -> Report | None:
    """Check that a new report may be started; return the returned report it follows, if any."""
    _check_open(obligation)
    draft = (
        Report.objects.filter(obligation=obligation, state=State.DRAFT).select_related("created_by").first()
    )
    if draft is not None:
        when = moment_text(timezone.localtime(draft.created_at))
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
    report: Report, user: User, now: datetime, *, expected: int, from_state: str, **changes: Any
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


def _new_report(obligation: Obligation, user: User, **fields: Any) -> Report:
    report = Report(obligation=obligation, unit_id=obligation.unit_id, created_by=user, **fields)
    report._history_user = user
    report.save()
    return report


def _carry_over(previous: Report, report: Report, user: User, replaced: set[str]) -> None:
    """The next report starts from the returned one's evidence (same stored files) and values;
    a document given again under the same number replaces its copy (a corrected date, file…)."""
    for old in previous.evidence.all():
        if number_key(old.doc_number) in replaced:
            continue
        copy = Evidence(
            report=report,
            doc_number=old.doc_number,
            doc_date=old.doc_date,
            summary=old.summary,
            file=old.file.name,
            file_name=old.file_name,
            url=old.url,
            uploaded_by=old.uploaded_by,
        )
        copy._history_user = user
        copy.save()
    for m in previous.measurements.all():
        _save_measurement(report, m.target_id, m.value, user, note=m.note)


def _add_evidence_rows(
    report: Report, user: User, items: Iterable[EvidenceInput], saved: list[str]
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
            row.file, row.file_name = item.file, item.file_name
        row._history_user = user
        try:
            row.save()  # writes the file first: a disk full or refusing ends the whole write
        except OSError as exc:
            log.exception("evidence file %r not stored", item.file_name)
            raise Unavailable(
                f"Hệ thống chưa lưu được tệp “{item.file_name}” nên chưa lưu gì của báo cáo. "
                "Hãy thử lại sau ít phút; nếu vẫn không được, hãy báo quản trị hệ thống.",
                field="file",
            ) from exc
        if row.file.name:  # a FieldFile is true exactly when it has a name
            saved.append(row.file.name)
        rows.append(row)
    return rows


def _delete_files(names: list[str]) -> None:
    storage = Evidence._meta.get_field("file").storage
    for name in names:
        storage.delete(name)


def _save_measurement(report: Report, target_id: int, value: Decimal, user: User, note: str = "") -> None:
    row = Measurement.objects.filter(report=report, target_id=target_id).first()
    if row is None:
        row = Measurement(report=report, target_id=target_id, value=value, note=note)
    elif row.value == value:
        return
    row.value = value
    row._history_user = user
    row.save()


def _save_measurements(report: Report, values: Mapping[int, Decimal], user: User) -> None:
    for target_id, value in values.items():
        _save_measurement(report, target_id, value, user)


def _fresh(report: Report) -> Report:
    return Report.objects.select_related("obligation", "unit").get(pk=report.pk)


# --- services ---------------------------------------------------------------------------------


def save_draft(
    obligation: Obligation,
    user: User,
    *,
    narrative: str,
    progress: Any,
    report: Report | None = None,
    expected_version: int | None = None,
    measurements: Mapping[Any, Any] | None = None,
    evidence: Iterable[EvidenceInput] = (),
) -> Report:
    """Create or update the unit's draft, with the new evidence documents. ``report`` is the
    draft being edited (then ``expected_version`` is the version the form was loaded with),
    or a returned report to start again from, or None for a new draft (which follows the
    latest returned one). Every document is checked before anything is written, and the
    draft and its documents are saved in one transaction (a refused document leaves neither
    a draft nor a stored file behind)."""
    if not permissions.can_report(user, obligation):
        raise NotAllowed("Chỉ người của đơn vị chủ trì được soạn báo cáo của nhiệm vụ này.")
    now = timezone.now()
    narrative, progress, values, items = _checked_inputs(
        obligation, narrative, progress, measurements, evidence, now, narrative_required=False
    )
    saved: list[str] = []
    try:
        with transaction.atomic():
            locked = lock_obligation(obligation)
            if report is not None and report.state == State.DRAFT:
                _check_belongs(report, locked)
                check_no_duplicates(items, report.evidence.all())
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
                    _carry_over(previous, report, user, replaced={number_key(i.doc_number) for i in items})
            _add_evidence_rows(report, user, items, saved)
            _save_measurements(report, values, user)
            finish(locked, user, now)
            if not permissions.can_submit(user, obligation):  # the head sends what the staff drafted
                signals.send_on_commit(signals.draft_waiting, Report, report.pk)
    except BaseException:
        _delete_files(saved)  # the rows are rolled back: leave no file without its row
        raise
    obligation.refresh_from_db()
    return _fresh(report)


def submit_report(
    obligation: Obligation,
    user: User,
    *,
    narrative: str,
    progress: Any,
    evidence: Iterable[EvidenceInput] = (),
    measurements: Mapping[Any, Any] | None = None,
    report: Report | None = None,
    expected_version: int | None = None,
    now: datetime | None = None,
    allow_without_evidence: bool = True,
) -> Report:
    """Send the report to the Office for review (the unit head only).

    ``report`` is the draft being sent (checked against ``expected_version``), a returned
    report being resubmitted (a NEW report is created with ``previous`` = it), or None (a
    new report; after a return it follows the returned one). The new report starts from
    the returned one's evidence and values; an item given again with the same number and
    number replaces the copied one.

    A report that ends up with no evidence document is refused when the task's product is a
    document, and otherwise unless ``allow_without_evidence`` (the screens pass the person's
    confirmation; ``NoEvidenceUnconfirmed`` asks for it)."""
    if not permissions.can_submit(user, obligation):
        if permissions.can_report(user, obligation):
            raise NotAllowed(
                "Chỉ trưởng đơn vị được gửi báo cáo cho Văn phòng Sở; "
                "bạn hãy lưu bản nháp để trưởng đơn vị gửi."
            )
        raise NotAllowed("Bạn không thuộc đơn vị chủ trì của nhiệm vụ này nên không gửi báo cáo được.")
    now = now or timezone.now()
    narrative, progress, values, items = _checked_inputs(
        obligation, narrative, progress, measurements, evidence, now, narrative_required=True
    )
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
                    # The state first: a draft sent meanwhile (a double click) is "đã được
                    # gửi", not "sửa bởi người khác" (sending it bumped its version too).
                    if current.state != State.RETURNED:
                        _check_open(locked)
                        raise Conflict("Chỉ gửi lại được báo cáo đã bị trả lại.")
                    if expected_version is not None and current.version != int(expected_version):
                        raise StaleVersion()
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
                    replaced = {number_key(i.doc_number) for i in items}
                    _carry_over(previous, report, user, replaced)
                _add_evidence_rows(report, user, items, saved)
            check_has_evidence(
                Evidence.objects.filter(report_id=report.pk).exists(),
                Task.objects.filter(pk=locked.task_id).values_list("product", flat=True).first() or "",
                confirmed=allow_without_evidence,
            )
            _save_measurements(report, values, user)
            finish(locked, user, now)
            signals.send_on_commit(signals.report_submitted, Report, report.pk)
    except BaseException:
        _delete_files(saved)  # the rows are rolled back: leave no file without its row
        raise
    obligation.refresh_from_db()
    return _fresh(report)


def resubmit(obligation: Obligation, user: User, *, report: Report, **kwargs: Any) -> Report:
    """Send again after a return: a new report with ``previous`` = the returned one."""
    return submit_report(obligation, user, report=report, **kwargs)


def add_evidence(
    report: Report, user: User, item: EvidenceInput, *, expected_version: int | None = None
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


def remove_evidence(evidence: Evidence, user: User, *, expected_version: int | None = None) -> None:
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
    user: User,
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
        _check_not_decided(report)
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
        signals.send_on_commit(signals.report_reviewed, Report, report.pk)
    obligation.refresh_from_db()
    return _fresh(report)


def _check_not_decided(report: Report) -> None:
    """A second reviewer (or a second click) finds the report decided: said as such, by whom."""
    current = Report.objects.filter(pk=report.pk).select_related("reviewed_by").first()
    if current is not None and current.state in (State.ACCEPTED, State.RETURNED):
        raise Conflict(
            f"Báo cáo này đã được quyết định: “{current.get_state_display()}” "
            f"({person(current.reviewed_by)}); hãy tải lại trang."
        )


def add_contribution(obligation: Obligation, user: User, text: str) -> Contribution:
    """A coordinating unit's part in the lead unit's report."""
    if not permissions.can_contribute(user, obligation):
        raise NotAllowed("Chỉ đơn vị phối hợp của nhiệm vụ này được gửi ý kiến phối hợp.")
    text = str(text or "").strip()
    if not text:
        raise InvalidInput("Hãy ghi nội dung đơn vị đã phối hợp thực hiện.", field="text")
    if len(text) > MAX_NARRATIVE:
        raise InvalidInput("Nội dung phối hợp quá dài; hãy tóm tắt.", field="text")
    member = permissions.membership(user, obligation.organisation_id)
    if member is None or member.unit_id is None:  # not after can_contribute; narrows the types
        raise NotAllowed("Chỉ đơn vị phối hợp của nhiệm vụ này được gửi ý kiến phối hợp.")
    now = timezone.now()
    with transaction.atomic():
        locked = lock_obligation(obligation)
        if not locked.is_active:
            raise Conflict(inactive_message(locked, "không gửi ý kiến phối hợp được nữa."))
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
