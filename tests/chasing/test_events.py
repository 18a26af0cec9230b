"""Messages about events: a report accepted or returned, an extension requested or decided.
One in-app notification per recipient, written once (the outbox's key), and an e-mail that
goes out on the next send pass."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cchc.chasing import events
from cchc.chasing.models import Delivery, Kind, Notification
from cchc.chasing.outbox import send_pending
from cchc.tracking import extensions, reports
from cchc.tracking.errors import Conflict
from cchc.tracking.models import Report
from cchc.tracking.reports import EvidenceInput
from tests.chasing.dept import mail_files, parts
from tests.tracking.conftest import world  # noqa: F401 (fixtures)


@pytest.fixture
def people(world):  # noqa: F811
    for user in world.users.values():
        user.email = f"{user.username}@example.vn"
        user.save(update_fields=["email"])
    return world


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run the callbacks the tracking module leaves for after the commit."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


def submitted(w):
    draft = reports.save_draft(w.obligation, w.staff, narrative="Bản đầu", progress=10)
    evidence = EvidenceInput(
        doc_number="12/QĐ-SCT",
        doc_date=w.today - timedelta(days=5),
        summary="Quyết định công bố danh mục TTHC",
    )
    return reports.submit_report(
        w.obligation,
        w.head,
        narrative="Đã ban hành quyết định công bố.",
        progress=100,
        evidence=[evidence],
        report=draft,
        expected_version=draft.version,
    )


def notes(kind):
    return Notification.objects.filter(kind=kind).order_by("recipient_id")


def test_an_accepted_report_tells_its_author_and_the_unit_head(people, commit):
    report = submitted(people)
    commit(reports.review_report, report, people.coordinator, accept=True, expected_version=report.version)
    got = list(notes(Kind.REVIEW))
    assert sorted(n.recipient_id for n in got) == sorted([people.staff.pk, people.head.pk])
    assert all("đã được chấp nhận" in n.title and n.obligation_id == people.obligation.pk for n in got)
    keys = set(Delivery.objects.filter(kind=Kind.REVIEW).values_list("key", flat=True))
    assert keys == {f"review:{report.pk}:accepted:{u.pk}" for u in (people.staff, people.head)}
    # Again (a retried callback): nothing new.
    assert events.report_reviewed(report.pk) == 0
    assert notes(Kind.REVIEW).count() == 2


def test_a_returned_report_carries_the_comment(people, commit):
    report = submitted(people)
    commit(
        reports.review_report,
        report,
        people.coordinator,
        accept=False,
        comment="Thiếu quyết định công bố.",
        expected_version=report.version,
    )
    got = list(notes(Kind.REVIEW))
    assert len(got) == 2
    assert all("bị trả lại" in n.title and "bị trả lại: Thiếu quyết định công bố." in n.body for n in got)


def test_nothing_is_sent_when_the_transaction_does_not_commit(people):
    report = submitted(people)
    # Without the commit (the test's transaction is rolled back), no callback runs.
    reports.review_report(report, people.coordinator, accept=True, expected_version=report.version)
    assert not notes(Kind.REVIEW).exists()


def test_an_extension_request_tells_the_office_and_the_leaders(people, commit):
    due = people.obligation.current_due
    request = commit(
        extensions.request_extension,
        people.obligation,
        people.head,
        reason="Chờ ý kiến của Sở Tư pháp.",
        new_date=due + timedelta(days=15),
    )
    got = list(notes(Kind.EXTENSION))
    assert sorted(n.recipient_id for n in got) == sorted([people.coordinator.pk, people.leader.pk])
    assert all("Đề nghị gia hạn" in n.title and "Chờ ý kiến của Sở Tư pháp." in n.body for n in got)
    assert events.extension_requested(request.pk) == 0
    assert notes(Kind.EXTENSION).count() == 2


@pytest.mark.parametrize("approve", [True, False])
def test_a_decision_tells_the_requester_once(people, commit, approve):
    due = people.obligation.current_due
    request = extensions.request_extension(
        people.obligation, people.head, reason="Chờ số liệu.", new_date=due + timedelta(days=15)
    )
    commit(
        extensions.decide_extension,
        request,
        people.leader,
        approve=approve,
        note="" if approve else "Không đủ lý do.",
    )
    got = list(notes(Kind.EXTENSION))
    assert [n.recipient_id for n in got] == [people.head.pk]
    assert ("Đồng ý gia hạn" if approve else "Không đồng ý gia hạn") in got[0].title
    # Deciding twice is refused, and the notification is not written again.
    with pytest.raises(Conflict):
        commit(extensions.decide_extension, request, people.coordinator, approve=approve, note="Lần nữa.")
    assert events.extension_decided(request.pk) == 0
    assert notes(Kind.EXTENSION).count() == 1


def test_the_email_goes_out_on_the_next_send_pass(people, commit, mail_dir):
    report = submitted(people)
    commit(
        reports.review_report,
        report,
        people.coordinator,
        accept=False,
        comment="Thiếu quyết định công bố.",
        expected_version=report.version,
    )
    pending = Delivery.objects.filter(kind=Kind.REVIEW, state=Delivery.State.PENDING, channel="email")
    assert pending.count() == 2
    result = send_pending(now=timezone.now(), worker_id="test")
    assert result.sent == 2 and result.failed == 0
    assert not pending.exists()
    mails = mail_files(mail_dir)
    assert sorted(m["To"] for m in mails) == sorted(u.email for u in (people.staff, people.head))
    for m in mails:
        body = parts(m)
        assert "bị trả lại" in m["Subject"]
        assert "Kính gửi Nghiệm Thử," in body["text/plain"]
        assert "bị trả lại: Thiếu quyết định công bố." in body["text/plain"]
        assert "Công bố danh mục TTHC." in body["text/html"]


def test_without_an_address_the_notification_is_the_delivery(people, commit):
    people.staff.email = ""
    people.staff.save(update_fields=["email"])
    report = submitted(people)
    commit(reports.review_report, report, people.coordinator, accept=True, expected_version=report.version)
    d = Delivery.objects.get(kind=Kind.REVIEW, recipient=people.staff)
    assert (d.channel, d.state, d.text, d.html) == ("app", Delivery.State.SENT, "", "")
    assert notes(Kind.REVIEW).count() == 2


# --- What arrives: a report to review, a draft to send ------------------------------------------------


def test_a_submitted_report_tells_the_office(people, commit):
    report = commit(submitted, people)
    (note,) = notes(Kind.REPORT_SUBMITTED)
    ob = people.obligation
    assert note.recipient_id == people.coordinator.pk  # the Office reviews; leaders are not asked
    assert note.title == "Phòng Quản lý Công nghiệp gửi báo cáo: 1. Công bố danh mục TTHC. (5/KH-SCT)"
    assert "chờ Văn phòng Sở duyệt" in note.body and "tiến độ 100 %" in note.body
    assert note.url == f"/nhiem-vu/{ob.task_id}/?nghia-vu={ob.pk}#chi-tiet"
    assert note.created_at == Report.objects.get(pk=report.pk).submitted_at
    assert events.report_submitted(report.pk) == 0  # once


@pytest.mark.parametrize(
    ("author", "told"),
    [("staff", ["head"]), ("head", [])],
    ids=["staff draft: the head is told", "the head's own draft: nobody"],
)
def test_a_staff_draft_tells_the_head_once(people, commit, author, told):
    user = people.users[author]
    draft = commit(reports.save_draft, people.obligation, user, narrative="Bản đầu", progress=10)
    commit(
        reports.save_draft,
        people.obligation,
        user,
        narrative="Bản sửa",
        progress=20,
        report=draft,
        expected_version=draft.version,
    )
    got = list(notes(Kind.DRAFT))
    assert [n.recipient_id for n in got] == [people.users[t].pk for t in told]
    for n in got:
        assert n.title.startswith("Bản nháp báo cáo chờ trưởng đơn vị gửi: 1. Công bố danh mục TTHC.")
        assert n.body.endswith(
            "đã soạn báo cáo kết quả thực hiện nhiệm vụ kỳ Kỳ q. Trưởng đơn vị xem lại và gửi Văn phòng Sở."
        )


def test_the_author_on_the_staff_hears_the_outcome(people, commit):
    report = submitted(people)  # drafted by the staff member, sent by the head
    commit(reports.review_report, report, people.coordinator, accept=True, expected_version=report.version)
    assert people.staff.pk in {n.recipient_id for n in notes(Kind.REVIEW)}


def test_a_returned_report_leads_to_its_own_period(people, commit):
    """A recurring task: the returned report's period, not the task's first one."""
    from tests.tracking.conftest import world_obligation

    later = world_obligation(people.task, "QLCN", people.today + timedelta(days=60), key="q2")
    people.obligation = later
    report = submitted(people)
    commit(
        reports.review_report,
        report,
        people.coordinator,
        accept=False,
        comment="Thiếu.",
        expected_version=report.version,
    )
    urls = {n.url for n in notes(Kind.REVIEW)}
    assert urls == {f"/nhiem-vu/{later.task_id}/?nghia-vu={later.pk}#chi-tiet"}


def test_an_event_is_stamped_at_its_moment(people):
    """The demo's history writes past events: ``notify_event(now=…)`` stamps them then."""
    moment = timezone.now() - timedelta(days=40)
    created = events.notify_event(
        Kind.REVIEW, people.obligation, [people.head], title="Cũ", body="", url="/", key="old", now=moment
    )
    assert created == 1
    assert Notification.objects.get(kind=Kind.REVIEW).created_at == moment
    assert Delivery.objects.get(kind=Kind.REVIEW).created_at == moment


def test_a_decision_in_the_past_is_stamped_then(people, commit):
    due = people.obligation.current_due
    request = extensions.request_extension(
        people.obligation, people.head, reason="Chờ số liệu.", new_date=due + timedelta(days=15)
    )
    moment = timezone.now() - timedelta(days=3)
    commit(extensions.decide_extension, request, people.leader, approve=True, now=moment)
    assert notes(Kind.EXTENSION).get().created_at == moment
