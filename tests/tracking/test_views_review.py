"""The review queue (/duyet-bao-cao/) and the extension requests (/gia-han/)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.tracking import extensions, reports
from cchc.tracking.models import ExtensionRequest, Report
from tests.tracking.screens import *  # noqa: F403
from tests.tracking.screens import login, make_obligation

pytestmark = pytest.mark.django_db

QUEUE = "/duyet-bao-cao/"
EXTENSIONS = "/gia-han/"
PDF = b"%PDF-1.4\n%%EOF\n"


def submit(ob, user, today, narrative="Đã thực hiện", number="1/BC"):
    item = reports.EvidenceInput(
        doc_number=number,
        doc_date=today - timedelta(days=2),
        summary="Báo cáo kết quả",
        file=SimpleUploadedFile("bc.pdf", PDF),
    )
    return reports.submit_report(ob, user, narrative=narrative, progress=100, evidence=[item])


# --- review queue -------------------------------------------------------------------------------


def test_queue_is_for_the_office_coordinators(client, head, leader, observer, coordinator):
    for user in (head, leader, observer):
        client.force_login(user)
        assert client.get(QUEUE).status_code == 403
    assert login(client, coordinator).get(QUEUE).status_code == 200


def test_queue_lists_submitted_reports_oldest_first(client, coordinator, head, other_head, ob1, ob2, today):
    r_ttra = submit(ob2, other_head, today, narrative="Kiểm tra xong 5 đơn vị")
    r_qltm = submit(ob1, head, today, narrative="Đã công bố TTHC")
    Report.objects.filter(pk=r_ttra.pk).update(submitted_at=r_qltm.submitted_at - timedelta(hours=2))
    html = login(client, coordinator).get(QUEUE).content.decode()
    assert "(2 báo cáo chờ duyệt)" in html
    assert html.index(f'id="r{r_ttra.pk}"') < html.index(f'id="r{r_qltm.pk}"')
    assert "Kiểm tra xong 5 đơn vị" in html and "Thanh tra Sở" in html and "1/BC" in html
    assert "chưa có số liệu" in html  # task 1's target, no value given
    assert reverse("tracking:task", args=[ob1.task_id]) in html


def test_accept_from_the_queue(client, coordinator, head, ob1, today):
    report = submit(ob1, head, today)
    login(client, coordinator)
    response = client.post(
        reverse("tracking:review", args=[report.pk]), {"decision": "accept", "version": report.version}
    )
    assert response.status_code == 302 and response.url == QUEUE
    report.refresh_from_db()
    assert report.state == Report.State.ACCEPTED and report.reviewed_by == coordinator
    html = client.get(QUEUE).content.decode()
    assert "Đã chấp nhận báo cáo của Phòng Quản lý Thương mại." in html
    assert "Không có báo cáo nào chờ duyệt." in html


def test_return_needs_a_comment_and_keeps_the_form(client, coordinator, head, ob1, today):
    report = submit(ob1, head, today)
    login(client, coordinator)
    url = reverse("tracking:review", args=[report.pk])
    response = client.post(url, {"decision": "return", "comment": "  ", "version": report.version})
    assert response.status_code == 400
    assert "Hãy ghi ý kiến: đơn vị cần biết vì sao báo cáo bị trả lại." in response.content.decode()
    report.refresh_from_db()
    assert report.state == Report.State.SUBMITTED
    response = client.post(
        url, {"decision": "return", "comment": "Thiếu quyết định công bố", "version": report.version}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == Report.State.RETURNED and report.review_comment == "Thiếu quyết định công bố"


def test_stale_review_is_refused_with_the_comment_kept(client, coordinator, head, ob1, today):
    report = submit(ob1, head, today)
    login(client, coordinator)
    response = client.post(
        reverse("tracking:review", args=[report.pk]),
        {"decision": "return", "comment": "Ý kiến đã gõ", "version": report.version - 1},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "msg-error" in html and "Ý kiến đã gõ" in html


def test_reviewing_twice_is_refused(client, coordinator, head, ob1, today):
    report = submit(ob1, head, today)
    login(client, coordinator)
    url = reverse("tracking:review", args=[report.pk])
    client.post(url, {"decision": "accept", "version": report.version})
    response = client.post(url, {"decision": "accept", "version": report.version})
    assert response.status_code == 409


def test_accepting_without_evidence_is_explained(client, coordinator, head, ob1):
    report = reports.submit_report(ob1, head, narrative="Không có văn bản", progress=100)
    response = login(client, coordinator).post(
        reverse("tracking:review", args=[report.pk]), {"decision": "accept", "version": report.version}
    )
    assert response.status_code == 400
    assert "chưa có tài liệu kiểm chứng" in response.content.decode()


def test_unit_head_cannot_review(client, head, ob1, today):
    report = submit(ob1, head, today)
    response = login(client, head).post(
        reverse("tracking:review", args=[report.pk]), {"decision": "accept", "version": report.version}
    )
    assert response.status_code == 403


def test_queue_query_count_does_not_grow(
    client, coordinator, head, task1, today, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    obs = [make_obligation(task1, "QLTM", today + timedelta(days=i), key=f"k{i}") for i in range(8)]
    submit(obs[0], head, today)
    c = login(client, coordinator)
    c.get(QUEUE)
    with CaptureQueriesContext(connection) as ctx:
        c.get(QUEUE)
    small = len(ctx.captured_queries)
    for ob in obs[1:]:
        submit(ob, head, today)
    with django_assert_max_num_queries(small):
        html = c.get(QUEUE).content.decode()
    assert html.count('class="card report queue-item"') == 8


# --- extension requests -------------------------------------------------------------------------


@pytest.fixture
def pending(ob1, head):
    return extensions.request_extension(
        ob1, head, reason="Chờ ý kiến thẩm định", new_date=ob1.current_due + timedelta(days=10)
    )


@pytest.mark.parametrize("who", ["leader", "coordinator"])
def test_deciders_see_pending_requests_and_approve(client, who, request, pending, ob1):
    login(client, request.getfixturevalue(who))
    html = client.get(EXTENSIONS).content.decode()
    assert "Chờ quyết định (1)" in html
    row = re.search(rf'<tr id="x{pending.pk}">.*?</tr>', html, re.S).group(0)
    assert "Chờ ý kiến thẩm định" in row and "Phòng Quản lý Thương mại" in row
    assert f"{ob1.current_due:%d/%m/%Y}" in row and f"{pending.requested_due:%d/%m/%Y}" in row
    response = client.post(reverse("tracking:extension_decide", args=[pending.pk]), {"decision": "approve"})
    assert response.status_code == 302
    ob1.refresh_from_db()
    pending.refresh_from_db()
    assert pending.state == ExtensionRequest.State.APPROVED
    assert ob1.current_due == pending.requested_due and ob1.due_date != ob1.current_due
    assert ob1.status == "extended"
    html = client.get(EXTENSIONS).content.decode()
    assert (
        f"Đã đồng ý gia hạn cho Phòng Quản lý Thương mại đến ngày {pending.requested_due:%d/%m/%Y}." in html
    )
    assert "Chờ quyết định (0)" in html and "Đồng ý</span>" in html


def test_reject_needs_a_reason(client, leader, pending):
    login(client, leader)
    url = reverse("tracking:extension_decide", args=[pending.pk])
    response = client.post(url, {"decision": "reject", "note": ""})
    assert response.status_code == 400
    assert "hãy ghi rõ lý do" in response.content.decode()
    response = client.post(url, {"decision": "reject", "note": "Không có căn cứ"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.state == ExtensionRequest.State.REJECTED and pending.decision_note == "Không có căn cứ"


def test_deciding_twice_is_refused(client, leader, coordinator, pending):
    extensions.decide_extension(pending, coordinator, approve=True)
    response = login(client, leader).post(
        reverse("tracking:extension_decide", args=[pending.pk]), {"decision": "approve"}
    )
    assert response.status_code == 409
    assert "đã được quyết định" in response.content.decode()


def test_unit_sees_its_own_requests_only(client, head, other_head, pending, ob2):
    theirs = extensions.request_extension(
        ob2, other_head, reason="Việc của Thanh tra", new_date=ob2.current_due + timedelta(days=5)
    )
    html = login(client, head).get(EXTENSIONS).content.decode()
    assert 'Đề nghị gia hạn <span class="muted">của Phòng Quản lý Thương mại</span>' in html
    assert "Chờ ý kiến thẩm định" in html and "Chờ quyết định" in html
    assert "Việc của Thanh tra" not in html and f'id="x{theirs.pk}"' not in html
    assert "Đồng ý</button>" not in html
    response = client.post(reverse("tracking:extension_decide", args=[pending.pk]), {"decision": "approve"})
    assert response.status_code == 403


def test_observer_reads_the_requests_without_deciding(client, observer, pending):
    html = login(client, observer).get(EXTENSIONS).content.decode()
    assert "Chờ ý kiến thẩm định" in html and "Đồng ý</button>" not in html
    response = client.post(reverse("tracking:extension_decide", args=[pending.pk]), {"decision": "approve"})
    assert response.status_code == 403
