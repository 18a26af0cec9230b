"""The audit trail: a submit, a return, a resubmission, an extension and an acceptance show
up in order, each with the person who did it and the old → new values."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cchc.tracking import audit, extensions, reports
from cchc.tracking.reports import EvidenceInput


@pytest.fixture
def named(world):
    for key, name in (
        ("head", "Trưởng"),
        ("staff", "Chuyên viên"),
        ("coordinator", "Văn phòng"),
        ("leader", "Giám đốc"),
    ):
        user = world.users[key]
        user.last_name, user.first_name = name, key  # family name first: "Văn phòng coordinator"
        user.save()
    return world


def doc(world, number="1/QĐ", days_ago=3):
    return EvidenceInput(number, world.today - timedelta(days=days_ago), "Quyết định công bố")


def cycle(world):
    first = reports.submit_report(
        world.obligation,
        world.head,
        narrative="Lần đầu",
        progress=80,
        evidence=[doc(world)],
        measurements={world.target_pct.pk: 72},
    )
    first = reports.review_report(
        first,
        world.coordinator,
        accept=False,
        comment="Thiếu danh mục kèm theo",
        expected_version=first.version,
    )
    second = reports.resubmit(world.obligation, world.head, report=first, narrative="Lần hai", progress=100)
    request = extensions.request_extension(
        world.obligation,
        world.head,
        reason="Chờ ý kiến Sở Tư pháp",
        new_date=world.today + timedelta(days=40),
    )
    extensions.decide_extension(request, world.leader, approve=True)
    second = reports.review_report(second, world.coordinator, accept=True, expected_version=second.version)
    return first, second


def find(changes, fragment):
    found = [c for c in changes if fragment in c.what]
    assert found, f"{fragment!r} not in {[c.what for c in changes]}"
    return found


def test_the_whole_cycle_with_the_right_people(named):
    world = named
    first, second = cycle(world)
    changes = audit.history_of(world.obligation)
    assert [c.when for c in changes] == sorted(c.when for c in changes)

    (sent,) = find(changes, f"Gửi báo cáo #{first.pk}")
    assert sent.who == world.head and sent.action == "+"
    (returned,) = find(changes, f"Trả lại báo cáo #{first.pk}")
    assert returned.who == world.coordinator
    assert "tình trạng: Đã gửi, chờ duyệt → Bị trả lại" in returned.what
    assert "ý kiến của Văn phòng: (trống) → “Thiếu danh mục kèm theo”" in returned.what
    (resent,) = find(changes, f"Gửi báo cáo #{second.pk}")
    assert resent.who == world.head
    (asked,) = find(changes, "Đề nghị gia hạn #")
    assert asked.who == world.head and "hạn đề nghị:" in asked.what
    (approved,) = find(changes, "Đồng ý gia hạn #")
    assert approved.who == world.leader and "tình trạng: Chờ quyết định → Đồng ý" in approved.what
    due = world.today + timedelta(days=30)
    new_due = world.today + timedelta(days=40)
    (moved,) = find(changes, f"hạn hiện tại: {due:%d/%m/%Y} → {new_due:%d/%m/%Y}")
    assert moved.who == world.leader and "đã được gia hạn: không → có" in moved.what
    (accepted,) = find(changes, f"Chấp nhận báo cáo #{second.pk}")
    assert accepted.who == world.coordinator
    (completed,) = find(changes, "ngày hoàn thành: (trống) →")
    assert completed.who == world.coordinator
    assert "trạng thái: Gia hạn → Hoàn thành sớm hạn" in completed.what

    order = [changes.index(c) for c in (sent, returned, resent, asked, approved, accepted)]
    assert order == sorted(order)
    assert accepted.who_name == "Văn phòng coordinator"
    assert str(accepted).endswith(f"Văn phòng coordinator: {accepted.what}")


def test_a_reports_history_holds_its_evidence_and_values(named):
    world = named
    draft = reports.save_draft(world.obligation, world.staff, narrative="Bản nháp", progress=20)
    reports.add_evidence(draft, world.staff, doc(world, "7/BC"))
    reports.save_draft(
        world.obligation,
        world.head,
        narrative="Bản nháp đã sửa",
        progress=40,
        report=draft,
        measurements={world.target_pct.pk: "70,5"},
    )
    reports.remove_evidence(draft.evidence.get(), world.head)
    changes = audit.history_of(draft)
    whats = [(c.who, c.what) for c in changes]
    assert (world.staff, f"Soạn báo cáo #{draft.pk} (tình trạng: Bản nháp; tiến độ (%): 20)") in whats
    (added,) = find(changes, "Thêm tài liệu kiểm chứng")
    assert added.who == world.staff and "số, ký hiệu: 7/BC" in added.what
    (edited,) = find(changes, "tiến độ (%): 20 → 40")
    assert edited.who == world.head and "kết quả thực hiện: “Bản nháp” → “Bản nháp đã sửa”" in edited.what
    (measured,) = find(changes, "Nhập số liệu")
    assert "giá trị đo được: 70,5" in measured.what and "Tỷ lệ trực tuyến" in measured.what
    (removed,) = find(changes, "Bỏ tài liệu kiểm chứng")
    assert removed.who == world.head and removed.action == "-"
    # A version bump alone (adding a document bumps the draft) is not shown as a change.
    assert not [c for c in changes if c.what.startswith("Báo cáo #") and not c.what.split(":", 1)[1].strip()]


def test_an_extension_requests_own_history(named):
    world = named
    request = extensions.request_extension(
        world.obligation, world.head, reason="Chờ", new_date=world.today + timedelta(days=40)
    )
    extensions.decide_extension(request, world.coordinator, approve=False, note="Hoàn thành đúng hạn")
    changes = audit.history_of(request)
    assert [(c.who, c.action) for c in changes] == [(world.head, "+"), (world.coordinator, "~")]
    assert (
        "Không đồng ý gia hạn" in changes[1].what
        and "ý kiến: (trống) → “Hoàn thành đúng hạn”" in changes[1].what
    )


def test_contributions_are_in_the_obligations_history(named):
    world = named
    reports.add_contribution(world.obligation, world.coord_staff, "Đã rà soát 15 TTHC")
    (c,) = find(audit.history_of(world.obligation), "Gửi ý kiến phối hợp")
    unit = world.org.units.get(code="KHTC").name
    assert c.who == world.coord_staff
    assert f"đơn vị phối hợp: {unit}; nội dung phối hợp: “Đã rà soát 15 TTHC”" in c.what


def test_an_object_without_a_history_has_none(world):
    assert audit.history_of(world.org) == []  # (a plan has one since it can be archived and deleted)


def test_a_task_edit_is_in_its_history(world):
    task = world.task
    task.schedule_text = "Quý IV"
    task._history_user = world.coordinator if hasattr(world, "coordinator") else None
    task.save()
    changes = audit.history_of(task)
    assert changes[-1].action == "~"
    assert "Quý IV" in changes[-1].what


def test_another_obligations_changes_are_not_mixed_in(world):
    cycle(world)
    assert [c.what for c in audit.history_of(world.other_obligation)] == [
        f"Tạo nghĩa vụ báo cáo #{world.other_obligation.pk} (kỳ: Kỳ q; hạn ban đầu: "
        f"{world.other_obligation.due_date:%d/%m/%Y}; đơn vị: {world.other_obligation.unit.name})"
    ]
