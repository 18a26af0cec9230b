"""A unit's report: drafts, submission, review, resubmission, contributions, measured
values; every refusal with its Vietnamese message and nothing written."""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection

from cchc.core.status import Attainment
from cchc.tracking import reports
from cchc.tracking.errors import Conflict, InvalidInput, NotAllowed, StaleVersion
from cchc.tracking.models import Contribution, Evidence, Measurement, Obligation, Report
from cchc.tracking.reports import EvidenceInput
from tests.tracking.conftest import evidence_upload, world_obligation

State = Report.State


def ev(world, number="12/QĐ-SCT", days_ago=5, **kwargs) -> EvidenceInput:
    return EvidenceInput(
        doc_number=number,
        doc_date=world.today - timedelta(days=days_ago),
        summary=kwargs.pop("summary", "Quyết định công bố danh mục TTHC"),
        **kwargs,
    )


def submit(world, obligation=None, user=None, **kwargs) -> Report:
    kwargs.setdefault("narrative", "Đã ban hành quyết định công bố.")
    kwargs.setdefault("progress", 100)
    kwargs.setdefault("evidence", [ev(world)])
    return reports.submit_report(obligation or world.obligation, user or world.head, **kwargs)


def review(world, report, accept=True, comment="", user=None) -> Report:
    return reports.review_report(
        report, user or world.coordinator, accept=accept, comment=comment, expected_version=report.version
    )


def stored_files(media_root: Path) -> list[Path]:
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


def nothing_written(world, media_root: Path) -> None:
    assert not Report.objects.exists()
    assert not Evidence.objects.exists()
    assert not Measurement.objects.exists()
    assert stored_files(media_root) == []
    o = Obligation.objects.get(pk=world.obligation.pk)
    assert (o.version, o.last_activity_at) == (1, None)


# --- drafts -----------------------------------------------------------------------------------


def test_staff_saves_a_draft_and_edits_it(world):
    draft = reports.save_draft(world.obligation, world.staff, narrative="Đang soạn", progress=30)
    assert (draft.state, draft.progress, draft.version, draft.created_by) == (State.DRAFT, 30, 1, world.staff)
    assert draft.unit.code == "QLCN"
    again = reports.save_draft(
        world.obligation,
        world.head,
        narrative="Đã soạn xong",
        progress="60",
        report=draft,
        expected_version=1,
        measurements={world.target_pct.pk: "72,5"},
    )
    assert (again.pk, again.narrative, again.progress, again.version) == (draft.pk, "Đã soạn xong", 60, 2)
    assert again.measurements.get().value == Decimal("72.5")
    world.obligation.refresh_from_db()
    assert world.obligation.status == "in_progress"  # a report was started


def test_two_people_editing_the_same_draft(world):
    draft = reports.save_draft(world.obligation, world.staff, narrative="Bản đầu", progress=10)
    # Both opened the form at version 1; the head saves first.
    reports.save_draft(
        world.obligation,
        world.head,
        narrative="Sửa của trưởng phòng",
        progress=50,
        report=draft,
        expected_version=1,
    )
    with pytest.raises(StaleVersion) as exc:
        reports.save_draft(
            world.obligation,
            world.staff,
            narrative="Sửa của chuyên viên",
            progress=20,
            report=draft,
            expected_version=1,
        )
    assert "người khác sửa" in exc.value.message and "tải lại trang" in exc.value.message
    draft.refresh_from_db()
    assert (draft.narrative, draft.progress, draft.version) == ("Sửa của trưởng phòng", 50, 2)


def test_submitting_a_draft_with_an_old_version_is_refused_and_its_file_removed(world, media_root):
    draft = reports.save_draft(world.obligation, world.staff, narrative="Bản đầu", progress=10)
    reports.save_draft(world.obligation, world.staff, narrative="Bản hai", progress=20, report=draft)
    with pytest.raises(StaleVersion):
        submit(
            world,
            report=draft,
            expected_version=1,
            evidence=[ev(world, file=evidence_upload("qd.pdf"))],
        )
    draft.refresh_from_db()
    assert (draft.state, draft.narrative) == (State.DRAFT, "Bản hai")
    assert not Evidence.objects.exists()
    assert stored_files(media_root) == []


def test_a_second_draft_is_refused_while_one_exists(world):
    reports.save_draft(world.obligation, world.staff, narrative="Bản đầu", progress=10)
    with pytest.raises(Conflict) as exc:
        reports.save_draft(world.obligation, world.head, narrative="Bản khác", progress=10)
    assert "đã có bản nháp" in exc.value.message
    with pytest.raises(Conflict):
        submit(world)
    assert Report.objects.count() == 1


def test_the_head_submits_the_draft(world):
    draft = reports.save_draft(world.obligation, world.staff, narrative="Bản đầu", progress=10)
    reports.add_evidence(draft, world.staff, ev(world, "01/BC-QLCN"))
    assert draft.version == 2  # the caller's report carries the new version
    sent = submit(world, report=draft, expected_version=draft.version, evidence=[ev(world, "02/QĐ-SCT")])
    assert sent.pk == draft.pk
    assert (sent.state, sent.submitted_by, sent.narrative, sent.version) == (
        State.SUBMITTED,
        world.head,
        "Đã ban hành quyết định công bố.",
        3,
    )
    assert sorted(sent.evidence.values_list("doc_number", flat=True)) == ["01/BC-QLCN", "02/QĐ-SCT"]


# --- submission -------------------------------------------------------------------------------


def test_submit_with_evidence_and_measurements(world, media_root):
    report = submit(
        world,
        evidence=[
            ev(world, file=evidence_upload("Quyết định số 12.pdf")),
            ev(world, "13/KH-SCT", url="https://vb.gov.vn/13"),
        ],
        measurements={world.target_pct.pk: Decimal("75"), str(world.target_count.pk): 1},
    )
    assert report.state == State.SUBMITTED
    assert report.submitted_at is not None
    files = [e.file.name for e in report.evidence.all() if e.file]
    assert len(files) == 1 and files[0].startswith("evidence/")
    assert len(stored_files(media_root)) == 1
    assert dict(report.measurements.values_list("target_id", "value")) == {
        world.target_pct.pk: Decimal("75"),
        world.target_count.pk: Decimal("1"),
    }


def test_staff_may_not_submit(world, media_root):
    with pytest.raises(NotAllowed) as exc:
        submit(world, user=world.staff)
    assert "trưởng đơn vị" in exc.value.message and "bản nháp" in exc.value.message
    nothing_written(world, media_root)


@pytest.mark.parametrize(
    "who",
    [
        "other_head",
        "coord_head",
        "coord_staff",
        "coordinator",
        "leader",
        "observer",
        "stranger_head",
        "nobody",
    ],
)
@pytest.mark.parametrize("action", ["draft", "submit"])
def test_a_report_on_someone_elses_obligation_is_refused(world, media_root, who, action):
    user = world.users[who]
    with pytest.raises(NotAllowed) as exc:
        if action == "draft":
            reports.save_draft(world.obligation, user, narrative="x", progress=1)
        else:
            submit(world, user=user, evidence=[ev(world, file=evidence_upload("qd.pdf"))])
    assert exc.value.message
    nothing_written(world, media_root)


def test_a_duplicate_submission_while_one_waits_for_review(world):
    submit(world)
    with pytest.raises(Conflict) as exc:
        submit(world, evidence=[ev(world, "99/QĐ")])
    assert "Báo cáo kỳ này đã được gửi và đang chờ duyệt" in exc.value.message
    with pytest.raises(Conflict):
        reports.save_draft(world.obligation, world.staff, narrative="x", progress=1)
    assert Report.objects.count() == 1 and Evidence.objects.count() == 1


def test_no_submission_once_accepted(world):
    review(world, submit(world))
    with pytest.raises(Conflict) as exc:
        submit(world, evidence=[ev(world, "99/QĐ")])
    assert "đã được Văn phòng Sở chấp nhận" in exc.value.message
    assert Report.objects.count() == 1


def test_no_report_on_an_obligation_switched_off_by_replanning(world):
    Obligation.objects.filter(pk=world.obligation.pk).update(is_active=False)
    world.obligation.refresh_from_db()
    with pytest.raises(Conflict) as exc:
        submit(world)
    assert "không còn hiệu lực" in exc.value.message


@pytest.mark.parametrize(
    ("kwargs", "field", "fragment"),
    [
        ({"progress": -1}, "progress", "từ 0 đến 100"),
        ({"progress": 101}, "progress", "từ 0 đến 100"),
        ({"progress": "abc"}, "progress", "số nguyên"),
        ({"progress": None}, "progress", "số nguyên"),
        ({"progress": True}, "progress", "số nguyên"),
        ({"progress": "50.5"}, "progress", "số nguyên"),
        ({"narrative": "   "}, "narrative", "kết quả thực hiện"),
        ({"narrative": "x" * 50_001}, "narrative", "quá dài"),
        ({"measurements": {"pct": "abc"}}, "measurements", "phải là một số"),
        ({"measurements": {"pct": "12a"}}, "measurements", "phải là một số"),
        ({"measurements": {"pct": "NaN"}}, "measurements", "phải là một số"),
        ({"measurements": {"pct": "Infinity"}}, "measurements", "phải là một số"),
        ({"measurements": {"pct": True}}, "measurements", "phải là một số"),
        ({"measurements": {"pct": [70]}}, "measurements", "phải là một số"),
        ({"measurements": {"pct": -5}}, "measurements", "không được âm"),
        ({"measurements": {"pct": "100,5"}}, "measurements", "từ 0 đến 100"),
        ({"measurements": {"count": 10**13}}, "measurements", "quá lớn"),
        ({"measurements": {"baseline": 80}}, "measurements", "không thuộc nhiệm vụ"),
        ({"measurements": {999999: 80}}, "measurements", "không thuộc nhiệm vụ"),
        ({"measurements": {"abc": 80}}, "measurements", "không thuộc nhiệm vụ"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_written(world, media_root, kwargs, field, fragment):
    names = {"pct": world.target_pct.pk, "count": world.target_count.pk, "baseline": world.baseline.pk}
    if "measurements" in kwargs:
        kwargs = {"measurements": {names.get(k, k): v for k, v in kwargs["measurements"].items()}}
    with pytest.raises(InvalidInput) as exc:
        submit(world, evidence=[ev(world, file=evidence_upload("qd.pdf"))], **kwargs)
    assert fragment in exc.value.message
    assert exc.value.field == field
    nothing_written(world, media_root)


def test_a_target_of_another_task_is_refused(world):
    from cchc.plans.models import Target

    foreign = Target.objects.create(
        plan=world.plan, task=world.other_task, text="100%", op="=", value=100, unit="%"
    )
    with pytest.raises(InvalidInput):
        submit(world, measurements={foreign.pk: 100})


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("85,67", "85.67"),
        ("85.67", "85.67"),
        (" 85,67 % ", "85.67"),
        ("1.234,5", "1234.5"),
        (70, "70"),
        (70.25, "70.25"),
        ("", None),
        (None, None),
    ],
)
def test_measured_values_are_read_as_people_write_them(world, raw, value):
    report = submit(world, measurements={world.target_count.pk: raw})
    stored = dict(report.measurements.values_list("target_id", "value")).get(world.target_count.pk)
    assert stored == (Decimal(value) if value is not None else None)


@pytest.mark.parametrize(
    ("item", "field", "fragment"),
    [
        ({"days_ago": -1}, "doc_date", "ở tương lai"),
        ({"days_ago": -400}, "doc_date", "ở tương lai"),
        ({"days_ago": 180 + 93}, "doc_date", "nằm ngoài thời gian của kế hoạch"),
        ({"days_ago": 3000}, "doc_date", "nằm ngoài thời gian của kế hoạch"),
        ({"number": "  "}, "doc_number", "số, ký hiệu"),
        ({"number": "x" * 101}, "doc_number", "quá dài"),
        ({"summary": " "}, "summary", "trích yếu"),
        ({"url": "javascript:alert(1)"}, "url", "http"),
        ({"url": "ftp://vb.gov.vn/a.pdf"}, "url", "http"),
        ({"url": "vb.gov.vn"}, "url", "http"),
        ({"url": "https://vb.gov.vn/" + "a" * 1000}, "url", "http"),
    ],
)
def test_bad_evidence_is_refused_and_nothing_is_written(world, media_root, item, field, fragment):
    with pytest.raises(InvalidInput) as exc:
        submit(
            world,
            evidence=[ev(world, file=evidence_upload("a.pdf")), ev(world, **{"number": "2/QĐ", **item})],
        )
    assert fragment in exc.value.message
    assert exc.value.field == field
    nothing_written(world, media_root)


def test_an_evidence_date_just_inside_the_tolerance_is_accepted(world):
    report = submit(world, evidence=[ev(world, days_ago=180 + 92)])
    assert report.evidence.get().doc_date == world.plan.period_start - timedelta(days=92)


def test_the_same_document_twice_is_refused(world, media_root):
    with pytest.raises(InvalidInput) as exc:
        submit(world, evidence=[ev(world, "12/QĐ-SCT"), ev(world, "12/qđ-sct ")])
    assert "đã có trong báo cáo" in exc.value.message
    nothing_written(world, media_root)


@pytest.mark.parametrize(
    "name",
    [
        "qd.pdf",
        "QD.PDF",
        "bc.docx",
        "bc.doc",
        "sl.xlsx",
        "sl.xls",
        "bc.odt",
        "sl.ods",
        "anh.jpg",
        "anh.JPEG",
        "anh.png",
        "ho-so.zip",
    ],
)
def test_allowed_file_types(world, media_root, name):
    report = submit(world, evidence=[ev(world, file=evidence_upload(name))])
    stored = report.evidence.get().file
    assert stored.name.lower().endswith(Path(name).suffix.lower())
    assert stored.read() == evidence_upload(name).read()


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("virus.exe", b"MZ\x90\x00" + b"\x00" * 60, "chỉ nhận"),
        ("trang.html", b"<html></html>", "chỉ nhận"),
        ("anh.svg", b"<svg/>", "chỉ nhận"),
        ("khongduoi", b"%PDF-1.4", "chỉ nhận"),
        ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 60, "không khớp nội dung"),
        ("anh.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 8, "không khớp nội dung"),
        ("bc.docx", b"PK\x03\x04 not really a zip", "không khớp nội dung"),
        ("bc.docx", "xlsx", "không khớp nội dung"),
        ("sl.xlsx", "docx", "không khớp nội dung"),
        ("bc.odt", "ods", "không khớp nội dung"),
        ("bc.doc", b"%PDF-1.4", "không khớp nội dung"),
        ("anh.png", b"\xff\xd8\xff\xe0", "không khớp nội dung"),
        ("ho-so.zip", b"%PDF-1.4", "không khớp nội dung"),
        ("rong.pdf", b"", "rỗng"),
    ],
)
def test_forbidden_files_are_refused(world, media_root, name, content, fragment):
    from tests.tracking.conftest import FILE_CONTENTS

    data = FILE_CONTENTS[content] if isinstance(content, str) else content
    with pytest.raises(InvalidInput) as exc:
        submit(world, evidence=[ev(world, file=evidence_upload(name, data))])
    assert fragment in exc.value.message
    assert exc.value.field == "file"
    nothing_written(world, media_root)


def test_a_file_too_large_is_refused(world, media_root, settings):
    settings.CCHC_EVIDENCE_MAX_BYTES = 1024
    big = b"%PDF-1.4\n" + b"0" * 2000
    with pytest.raises(InvalidInput) as exc:
        submit(world, evidence=[ev(world, file=evidence_upload("lon.pdf", big))])
    assert "quá lớn (2 KB); giới hạn là 1 KB" in exc.value.message
    nothing_written(world, media_root)
    del settings.CCHC_EVIDENCE_MAX_BYTES
    settings.CCHC_MAX_UPLOAD_BYTES = 1024  # without its own setting, the general upload limit applies
    with pytest.raises(InvalidInput):
        submit(world, evidence=[ev(world, file=evidence_upload("lon.pdf", big))])


# --- review -----------------------------------------------------------------------------------


def test_a_return_needs_a_comment(world):
    report = submit(world)
    with pytest.raises(InvalidInput) as exc:
        review(world, report, accept=False, comment="  ")
    assert exc.value.field == "comment"
    report.refresh_from_db()
    assert report.state == State.SUBMITTED


def test_return_keeps_the_report_and_records_the_reviewer(world):
    report = submit(world)
    returned = review(world, report, accept=False, comment="Thiếu quyết định công bố.")
    assert (returned.state, returned.reviewed_by, returned.review_comment) == (
        State.RETURNED,
        world.coordinator,
        "Thiếu quyết định công bố.",
    )
    world.obligation.refresh_from_db()
    assert world.obligation.completed_on is None
    assert world.obligation.status == "in_progress"


def test_accepting_needs_an_evidence_document(world):
    report = submit(world, evidence=[])
    with pytest.raises(InvalidInput) as exc:
        review(world, report)
    assert "tài liệu kiểm chứng" in exc.value.message
    report.refresh_from_db()
    assert report.state == State.SUBMITTED


@pytest.mark.parametrize(
    ("due_offset", "evidence_days_ago", "status"),
    [
        (30, [5, 10], "done_early"),  # well before the due date
        (-3, [3], "done_on_time"),  # on the due date itself
        (-3, [4, 3], "done_on_time"),  # the latest document counts
        (-20, [2], "done_late"),  # a late submission is accepted: it is just late
        (-20, [25, 2], "done_late"),
    ],
)
def test_accepting_completes_the_obligation_on_the_latest_evidence_date(
    world, due_offset, evidence_days_ago, status
):
    obligation = world_obligation(world.task, "QLCN", world.today + timedelta(days=due_offset), key="k")
    report = submit(
        world,
        obligation=obligation,
        evidence=[ev(world, f"{n}/QĐ", days_ago=n) for n in evidence_days_ago],
    )
    accepted = review(world, report)
    obligation.refresh_from_db()
    assert accepted.state == State.ACCEPTED
    assert obligation.completed_on == world.today - timedelta(days=min(evidence_days_ago))
    assert obligation.status == status


def test_a_late_submission_shows_as_overdue_until_accepted(world):
    obligation = world_obligation(world.task, "QLCN", world.today - timedelta(days=20), key="late")
    submit(world, obligation=obligation)
    obligation.refresh_from_db()
    assert obligation.status == "overdue"


@pytest.mark.parametrize("who", ["leader", "observer", "head", "staff", "stranger", "nobody"])
def test_only_the_offices_coordinator_reviews(world, who):
    report = submit(world)
    with pytest.raises(NotAllowed):
        review(world, report, user=world.users[who])
    report.refresh_from_db()
    assert (report.state, report.version) == (State.SUBMITTED, 1)


def test_a_review_on_an_old_version_or_twice(world):
    report = submit(world)
    with pytest.raises(StaleVersion):
        reports.review_report(report, world.coordinator, accept=True, expected_version=report.version + 1)
    stale = Report.objects.get(pk=report.pk)
    review(world, report, accept=False, comment="Bổ sung")
    with pytest.raises(Conflict) as exc:
        reports.review_report(stale, world.coordinator, accept=True, expected_version=stale.version)
    assert "Bị trả lại" in exc.value.message
    assert Report.objects.get(pk=report.pk).state == State.RETURNED


def test_a_draft_cannot_be_reviewed(world):
    draft = reports.save_draft(world.obligation, world.staff, narrative="x", progress=1)
    with pytest.raises(Conflict):
        review(world, draft)


# --- resubmission -----------------------------------------------------------------------------


def test_resubmission_creates_a_new_report_and_keeps_the_returned_one(world):
    first = submit(
        world,
        narrative="Lần đầu",
        evidence=[ev(world, "1/QĐ"), ev(world, "2/QĐ")],
        measurements={world.target_pct.pk: 60},
    )
    returned = review(world, first, accept=False, comment="Văn bản 2/QĐ sai ngày.")
    second = reports.resubmit(
        world.obligation,
        world.head,
        report=returned,
        narrative="Lần hai",
        progress=100,
        evidence=[ev(world, "2/QĐ", days_ago=4, summary="Đã sửa ngày"), ev(world, "3/BC")],
        measurements={world.target_count.pk: 2},
    )
    assert second.pk != first.pk
    assert (second.previous_id, second.state, second.narrative) == (first.pk, State.SUBMITTED, "Lần hai")
    # The returned report is as it was.
    first.refresh_from_db()
    assert (first.state, first.narrative, first.version, first.review_comment) == (
        State.RETURNED,
        "Lần đầu",
        returned.version,
        "Văn bản 2/QĐ sai ngày.",
    )
    assert sorted(first.evidence.values_list("doc_number", flat=True)) == ["1/QĐ", "2/QĐ"]
    # The new one starts from its evidence and values; a document given again replaces the copy.
    docs = {e.doc_number: (e.doc_date, e.summary) for e in second.evidence.all()}
    assert second.evidence.count() == 3
    assert docs["2/QĐ"] == (world.today - timedelta(days=4), "Đã sửa ngày")
    assert set(docs) == {"1/QĐ", "2/QĐ", "3/BC"}
    assert dict(second.measurements.values_list("target_id", "value")) == {
        world.target_pct.pk: Decimal(60),
        world.target_count.pk: Decimal(2),
    }
    accepted = review(world, second)
    assert accepted.state == State.ACCEPTED


def test_a_returned_report_is_resubmitted_once(world):
    first = review(world, submit(world), accept=False, comment="Bổ sung")
    reports.resubmit(world.obligation, world.head, report=first, narrative="Lần hai", progress=100)
    with pytest.raises(Conflict) as exc:
        reports.resubmit(world.obligation, world.head, report=first, narrative="Lần ba", progress=100)
    assert "đang chờ duyệt" in exc.value.message
    second = Report.objects.get(previous=first)
    review(world, second, accept=False, comment="Vẫn thiếu")
    with pytest.raises(Conflict) as exc:
        reports.resubmit(world.obligation, world.head, report=first, narrative="Lần ba", progress=100)
    assert "đã được soạn lại" in exc.value.message
    assert Report.objects.count() == 2


def test_a_new_draft_after_a_return_follows_the_returned_report(world):
    first = review(
        world, submit(world, measurements={world.target_pct.pk: 50}), accept=False, comment="Bổ sung"
    )
    draft = reports.save_draft(world.obligation, world.staff, narrative="Sửa theo ý kiến", progress=90)
    assert (draft.previous_id, draft.state) == (first.pk, State.DRAFT)
    assert list(draft.evidence.values_list("doc_number", flat=True)) == ["12/QĐ-SCT"]
    assert draft.measurements.get().value == Decimal(50)
    # The copy can be dropped from the draft; the returned report keeps its own.
    reports.remove_evidence(draft.evidence.get(), world.staff)
    assert not draft.evidence.exists()
    assert first.evidence.count() == 1


def test_a_file_of_a_returned_report_stays_with_both_reports(world, media_root):
    first = review(
        world, submit(world, evidence=[ev(world, file=evidence_upload("qd.pdf"))]), accept=False, comment="x"
    )
    second = reports.resubmit(world.obligation, world.head, report=first, narrative="Lần hai", progress=100)
    old, new = first.evidence.get(), second.evidence.get()
    assert old.pk != new.pk and old.file.name == new.file.name
    assert len(stored_files(media_root)) == 1


def test_resubmitting_a_report_that_was_not_returned_is_refused(world):
    report = submit(world)
    with pytest.raises(Conflict):
        reports.resubmit(world.obligation, world.head, report=report, narrative="x", progress=100)


# --- evidence on drafts -----------------------------------------------------------------------


def test_add_and_remove_evidence_on_a_draft(world, media_root):
    draft = reports.save_draft(world.obligation, world.staff, narrative="x", progress=1)
    row = reports.add_evidence(draft, world.staff, ev(world, file=evidence_upload("qd.docx")))
    assert row.report_id == draft.pk and row.uploaded_by == world.staff and row.file
    with pytest.raises(InvalidInput):
        reports.add_evidence(draft, world.staff, ev(world))  # the same number and date
    with pytest.raises(NotAllowed):
        reports.add_evidence(draft, world.coord_head, ev(world, "9/BC"))
    reports.remove_evidence(row, world.head)
    assert not Evidence.objects.exists()
    assert Report.objects.get(pk=draft.pk).version == 3


def test_no_evidence_is_added_to_a_sent_report(world, media_root):
    report = submit(world)
    with pytest.raises(Conflict):
        reports.add_evidence(report, world.head, ev(world, "9/BC", file=evidence_upload("qd.pdf")))
    with pytest.raises(Conflict):
        reports.remove_evidence(report.evidence.get(), world.head)
    assert report.evidence.count() == 1
    assert stored_files(media_root) == []


# --- contributions ----------------------------------------------------------------------------


def test_a_coordinating_unit_adds_its_part(world):
    row = reports.add_contribution(world.obligation, world.coord_staff, "  Đã rà soát 15 TTHC.  ")
    assert (row.unit.code, row.text, row.created_by) == ("KHTC", "Đã rà soát 15 TTHC.", world.coord_staff)
    world.obligation.refresh_from_db()
    assert world.obligation.last_activity_at is not None


@pytest.mark.parametrize("who", ["head", "staff", "other_head", "coordinator", "leader", "stranger_head"])
def test_only_coordinating_units_contribute(world, who):
    with pytest.raises(NotAllowed):
        reports.add_contribution(world.obligation, world.users[who], "x")
    assert not Contribution.objects.exists()


def test_a_contribution_needs_text_and_an_open_obligation(world):
    with pytest.raises(InvalidInput):
        reports.add_contribution(world.obligation, world.coord_head, " ")
    review(world, submit(world))
    with pytest.raises(Conflict):
        reports.add_contribution(world.obligation, world.coord_head, "Muộn")
    assert not Contribution.objects.exists()


# --- every write marks activity ---------------------------------------------------------------


@pytest.mark.parametrize("action", ["draft", "submit", "return", "accept", "contribution", "evidence"])
def test_every_write_bumps_the_obligations_version_and_activity(world, action):
    setup = {
        "return": lambda: submit(world),
        "accept": lambda: submit(world),
        "evidence": lambda: reports.save_draft(world.obligation, world.staff, narrative="x", progress=1),
    }
    prepared = setup.get(action, lambda: None)()
    before = Obligation.objects.get(pk=world.obligation.pk)
    do = {
        "draft": lambda: reports.save_draft(world.obligation, world.staff, narrative="x", progress=1),
        "submit": lambda: submit(world),
        "return": lambda: review(world, prepared, accept=False, comment="Bổ sung"),
        "accept": lambda: review(world, prepared),
        "contribution": lambda: reports.add_contribution(world.obligation, world.coord_head, "Đã phối hợp"),
        "evidence": lambda: reports.add_evidence(prepared, world.staff, ev(world, "7/BC")),
    }
    do[action]()
    after = Obligation.objects.get(pk=world.obligation.pk)
    assert after.version == before.version + 1
    assert after.last_activity_at is not None and after.last_activity_at != before.last_activity_at


# --- measured values against targets ----------------------------------------------------------


@pytest.mark.parametrize(
    ("pct", "count", "expected"),
    [
        (75, 2, (Attainment.MET, Attainment.MET)),
        (70, 1, (Attainment.MET, Attainment.NOT_MET)),
        ("69,99", None, (Attainment.NOT_MET, Attainment.NO_DATA)),
        (None, None, (Attainment.NO_DATA, Attainment.NO_DATA)),
    ],
)
def test_measurements_with_attainment(world, pct, count, expected):
    report = submit(world, measurements={world.target_pct.pk: pct, world.target_count.pk: count})
    rows = reports.measurements_with_attainment(report)
    assert [r.target for r in rows] == [world.target_pct, world.target_count]  # not the baseline
    assert tuple(r.attainment for r in rows) == expected
    assert rows[0].value == (reports.parse_measured(pct) if pct is not None else None)


# --- two submissions at the same moment (PostgreSQL: real concurrent transactions) -------------


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_make_one_report(world):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself; the row lock is PostgreSQL's")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def send(number: str) -> None:
        try:
            barrier.wait()
            submit(world, evidence=[ev(world, number)])
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(n,)) for n in ("1/QĐ", "2/QĐ")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "ok"]
    assert Report.objects.count() == 1
    assert Evidence.objects.count() == 1
