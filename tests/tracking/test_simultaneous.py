"""Two people doing the same thing at the same moment (issue 9, defect 3), on SQLite and on
PostgreSQL, through the real screens: a double click on "Gửi báo cáo" (a new report, a
draft), accept against return of one report, approve against reject of one extension
request. Exactly one wins; the other is told, with the conflict message and 409, that it
was done already (never "Server Error (500)"); nothing is written twice, no file is left
without its row.

And when the database stays busy past its wait (SQLite's busy timeout, PostgreSQL's
``lock_timeout``), the person is asked to try again (503), in Vietnamese, on a page or in
the API's JSON; and SQLite's connection is checked for what makes its writers queue.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import reverse

from cchc.orgs.models import Membership
from cchc.tracking import api, extensions, reports
from cchc.tracking.models import Evidence, ExtensionRequest, Obligation, Report
from cchc.ui.database import BUSY_MESSAGE
from tests.dom import dom, find_all, has_class, text
from tests.factories import make_user
from tests.simultaneous import client_for, held_database, race, shared_file_db  # noqa: F401  (fixture)
from tests.tracking.screens import *  # noqa: F403

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("shared_file_db")]

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def messages_of(response) -> list[str]:
    if not response.content.strip():
        return []  # Django's bare "Server Error (500)" has no page
    return [text(li) for li in find_all(dom(response), f"//ul[{has_class('messages')}]/li")]


def report_post(task, today, *, report: Report | None = None) -> dict:
    """What "Gửi báo cáo" sends: the narrative, a value and one document with its file."""
    data = {
        "action": "submit",
        "narrative": "Đã công bố danh mục thủ tục hành chính.",
        "progress": "100",
        "ev-TOTAL_FORMS": "1",
        "ev-INITIAL_FORMS": "0",
        "ev-MIN_NUM_FORMS": "0",
        "ev-MAX_NUM_FORMS": "20",
        "ev-0-doc_number": "125/QĐ-SCT",
        "ev-0-doc_date": f"{today - timedelta(days=3):%d/%m/%Y}",
        "ev-0-summary": "Công bố danh mục thủ tục hành chính",
        "ev-0-url": "",
        "ev-0-file": SimpleUploadedFile("quyet-dinh.pdf", PDF, content_type="application/pdf"),
        f"chi_tieu_{task.targets.get().pk}": "95",
    }
    if report is not None:
        data.update(report=str(report.pk), version=str(report.version))
    return data


def stored_files(root) -> list:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def submitted(ob, user, today) -> Report:
    item = reports.EvidenceInput(
        doc_number="1/BC",
        doc_date=today - timedelta(days=2),
        summary="Báo cáo kết quả",
        file=SimpleUploadedFile("bc.pdf", PDF),
    )
    return reports.submit_report(ob, user, narrative="Đã thực hiện", progress=100, evidence=[item])


def one_won(responses, conflict_words: str) -> None:
    """One answer is the success (redirect), the other the conflict message with 409, and
    nothing asking to send again what was sent (the first click's own "Đã gửi" may show
    beside it: one browser)."""
    assert not [r for r in responses if isinstance(r, BaseException)], responses
    codes = sorted(r.status_code for r in responses)
    assert codes == [302, 409], [(r.status_code, messages_of(r)) for r in responses]
    loser = next(r for r in responses if r.status_code == 409)
    said = messages_of(loser)
    assert any(conflict_words in m for m in said), said
    assert not any("chọn lại tệp" in m for m in said), said


# --- a double click on "Gửi báo cáo" ------------------------------------------------------------


@pytest.mark.parametrize("from_draft", [False, True], ids=["new report", "draft"])
def test_a_double_click_on_send_sends_one_report(media_root, head, task1, ob1, today, from_draft):
    draft = None
    if from_draft:
        draft = reports.save_draft(ob1, head, narrative="Bản nháp", progress=50)
    browser = client_for(head)
    url = reverse("tracking:report_save", args=[ob1.pk])
    responses = race(
        lambda: browser.post(url, report_post(task1, today, report=draft)),
        lambda: browser.post(url, report_post(task1, today, report=draft)),
    )
    one_won(responses, "đã được gửi")
    report = Report.objects.get(obligation=ob1)
    assert report.state == Report.State.SUBMITTED
    assert Report.objects.filter(state=Report.State.SUBMITTED).count() == 1
    evidence = Evidence.objects.get()  # the document once, not twice
    assert stored_files(media_root) == [media_root / evidence.file.name]  # the loser's copy is gone


@pytest.mark.parametrize("from_draft", [False, True], ids=["new report", "draft"])
def test_a_second_click_after_the_first_is_told_the_report_was_sent(head, task1, ob1, today, from_draft):
    """The slower of two clicks may arrive once the first has finished: the same answer."""
    draft = reports.save_draft(ob1, head, narrative="Bản nháp", progress=50) if from_draft else None
    browser = client_for(head)
    url = reverse("tracking:report_save", args=[ob1.pk])
    first = browser.post(url, report_post(task1, today, report=draft))
    second = browser.post(url, report_post(task1, today, report=draft))
    one_won([first, second], "đã được gửi")
    assert Evidence.objects.count() == 1


# --- two reviewers, two decisions ---------------------------------------------------------------


@pytest.fixture
def second_coordinator(org):
    return make_user(org, Membership.Role.COORDINATOR, "vanphong-2", unit_code="VP")


def test_accept_and_return_of_one_report_at_the_same_moment(
    head, coordinator, second_coordinator, ob1, today
):
    report = submitted(ob1, head, today)
    url = reverse("tracking:review", args=[report.pk])
    accepting, returning = client_for(coordinator), client_for(second_coordinator)
    responses = race(
        lambda: accepting.post(url, {"decision": "accept", "version": report.version}),
        lambda: returning.post(url, {"decision": "return", "version": report.version, "comment": "Bổ sung"}),
    )
    one_won(responses, "Báo cáo này đã được quyết định")
    report.refresh_from_db()
    won = Report.State.ACCEPTED if responses[0].status_code == 302 else Report.State.RETURNED
    assert report.state == won
    assert report.reviewed_by == (coordinator if won == Report.State.ACCEPTED else second_coordinator)
    # One decision in the audit trail, and nothing written by the loser.
    decided = report.history.filter(state__in=[Report.State.ACCEPTED, Report.State.RETURNED])
    assert decided.count() == 1


@pytest.fixture
def pending(ob1, head):
    return extensions.request_extension(
        ob1, head, reason="Chờ ý kiến thẩm định", new_date=ob1.current_due + timedelta(days=10)
    )


def test_approve_and_reject_of_one_extension_at_the_same_moment(leader, coordinator, pending, ob1):
    url = reverse("tracking:extension_decide", args=[pending.pk])
    approving, rejecting = client_for(leader), client_for(coordinator)
    responses = race(
        lambda: approving.post(url, {"decision": "approve"}),
        lambda: rejecting.post(url, {"decision": "reject", "note": "Không có căn cứ"}),
    )
    one_won(responses, "đã được quyết định")
    pending.refresh_from_db()
    ob1.refresh_from_db()
    if responses[0].status_code == 302:
        assert pending.state == ExtensionRequest.State.APPROVED and pending.decided_by == leader
        assert ob1.current_due == pending.requested_due and ob1.extended
    else:
        assert pending.state == ExtensionRequest.State.REJECTED and pending.decided_by == coordinator
        assert ob1.current_due == ob1.due_date and not ob1.extended
    assert pending.history.exclude(state=ExtensionRequest.State.PENDING).count() == 1


# --- a database busy beyond its wait: "thử lại", 503 ----------------------------------------------


def busy_database(obligation):
    """The obligation's row held by another writer (SQLite: the whole database)."""
    return held_database(
        f"SELECT 1 FROM {Obligation._meta.db_table} WHERE id = %s FOR UPDATE", [obligation.pk]
    )


@pytest.mark.parametrize("screen", ["report", "extension"])
def test_a_busy_database_asks_to_try_again(head, leader, task1, ob1, today, screen):
    if screen == "report":
        browser, url, data = client_for(head), reverse("tracking:report_save", args=[ob1.pk]), None
    else:
        ext = extensions.request_extension(
            ob1, head, reason="Chờ", new_date=ob1.current_due + timedelta(days=5)
        )
        browser, url = client_for(leader), reverse("tracking:extension_decide", args=[ext.pk])
        data = {"decision": "approve"}
    with busy_database(ob1):
        response = browser.post(url, data or report_post(task1, today))
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    assert BUSY_MESSAGE in text(find_all(dom(response), "//main")[0])  # "… Hãy thử lại sau ít giây."
    assert "Server Error" not in response.content.decode()


def test_a_busy_database_asks_the_api_to_try_again(head, ob1, today):
    token = api.issue_token(head, "thử")[1]
    client = client_for(head)
    client.logout()
    with busy_database(ob1):
        response = client.post(
            f"/api/v1/obligations/{ob1.pk}/reports",
            data={
                "narrative": "Đã thực hiện",
                "progress": 100,
                "submit": True,
                "evidence": [
                    {
                        "doc_number": "9/BC",
                        "doc_date": f"{today - timedelta(days=1):%Y-%m-%d}",
                        "summary": "Báo cáo",
                        "url": "https://vanban.example.vn/9",
                    }
                ],
            },
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
    assert response.status_code == 503
    body = response.json()
    assert body["error"] == {"code": "busy", "message": BUSY_MESSAGE}


# --- what makes SQLite's writers queue, checked on a real connection --------------------------------


@pytest.fixture
def sqlite_file():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's settings")


@pytest.mark.usefixtures("sqlite_file")
@pytest.mark.parametrize(
    ("pragma", "expected"),
    [
        ("journal_mode", "wal"),  # readers never wait for the writer
        ("synchronous", 1),  # NORMAL
        ("busy_timeout", 20000),  # a writer waits up to 20 s for the one before it
    ],
)
def test_the_file_database_is_opened_to_queue_writers(pragma, expected):
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {pragma}")
        assert cursor.fetchone()[0] == expected


@pytest.mark.usefixtures("sqlite_file")
def test_a_transaction_takes_the_write_lock_when_it_begins():
    """BEGIN IMMEDIATE: another writer is kept out from the first statement, so no write
    fails half-way for want of a lock it cannot wait for."""
    other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None, timeout=0)
    try:
        with transaction.atomic():
            Report.objects.exists()  # a read only: the lock is taken all the same
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()
