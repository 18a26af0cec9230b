"""The task page (/nhiem-vu/<id>/): the task, its obligations, one obligation's panel, and
the forms that post from it: report (draft / submit), contribution, extension request,
the Office's date for an event-relative task; evidence download; who sees what."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.core.periods import Period
from cchc.core.schedule import parse_schedule
from cchc.tracking import reports
from cchc.tracking.models import Contribution, Evidence, ExtensionRequest, Obligation, Report
from tests.dom import dom, find_all, text
from tests.tracking import page
from tests.tracking.screens import *  # noqa: F403
from tests.tracking.screens import login, make_obligation, make_task

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def task_url(task, obligation=None) -> str:
    url = reverse("tracking:task", args=[task.pk])
    return f"{url}?nghia-vu={obligation.pk}" if obligation else url


def report_data(today, *, action="submit", narrative="Đã ban hành Quyết định công bố TTHC.", **extra):
    data = {
        "action": action,
        "narrative": narrative,
        "progress": "100",
        "ev-TOTAL_FORMS": "2",
        "ev-INITIAL_FORMS": "0",
        "ev-MIN_NUM_FORMS": "0",
        "ev-MAX_NUM_FORMS": "20",
        "ev-0-doc_number": "125/QĐ-SCT",
        "ev-0-doc_date": f"{today - timedelta(days=3):%d/%m/%Y}",
        "ev-0-summary": "Công bố danh mục thủ tục hành chính lĩnh vực thương mại",
        "ev-0-url": "",
        "ev-0-file": SimpleUploadedFile("qd-125.pdf", PDF, content_type="application/pdf"),
    }
    data.update(extra)
    return data


def post_report(client, ob, data):
    return client.post(reverse("tracking:report_save", args=[ob.pk]), data)


# --- the page -----------------------------------------------------------------------------------


def test_task_page_shows_the_task_as_planned(client, coordinator, task1, ob1):
    html = login(client, coordinator).get(task_url(task1)).content.decode()
    assert "Rà soát, công bố thủ tục hành chính thuộc lĩnh vực thương mại." in html
    assert "Phòng Quản lý Thương mại" in html and "Thanh tra Sở" in html  # lead and coordinating
    assert "Tỷ lệ hồ sơ giải quyết đúng hạn đạt từ 90%" in html  # product
    assert "≥ 90 %" in html  # the target
    doc = page.parse(html)
    row = page.by_id(doc, f"o{ob1.pk}")  # the only obligation is opened
    assert row.get("class") == "selected" and row.get("aria-current") == "true"
    assert page.by_id(doc, "chi-tiet") is not None


def test_obligation_panel_shows_reports_evidence_measurements_reviews(
    client, coordinator, head, task1, ob1, today
):
    target = task1.targets.get()
    login(client, head)
    assert (
        post_report(client, ob1, report_data(today, **{f"chi_tieu_{target.pk}": "92,5"})).status_code == 302
    )
    first = Report.objects.get(obligation=ob1)
    reports.review_report(
        first, coordinator, accept=False, comment="Bổ sung văn bản công khai", expected_version=first.version
    )
    html = client.get(task_url(task1, ob1)).content.decode()
    assert "Đã ban hành Quyết định công bố TTHC." in html
    assert "125/QĐ-SCT" in html and f"{today - timedelta(days=3):%d/%m/%Y}" in html
    ev = Evidence.objects.filter(report=first).get()
    assert reverse("tracking:evidence_file", args=[ev.pk]) in html
    # The measured value and its attainment, in the measurements' own row (not any "đạt" on the page).
    (row,) = find_all(dom(html), "//table[contains(@class, 'measurements')]/tbody/tr")
    cells = [text(td) for td in row.iter("td")]
    assert cells[1:] == ["92,5 %", "đạt"], cells
    assert find_all(row, ".//span[contains(@class, 'att-dat')]")
    assert "Trả lại" in html and "“Bổ sung văn bản công khai”" in html
    assert "Bị trả lại" in html
    assert "Lịch sử thay đổi" in html and "Gửi báo cáo" in html and "Trả lại báo cáo" in html


def test_measurement_without_value_says_no_data(client, head, task1, ob1, today):
    login(client, head)
    post_report(client, ob1, report_data(today))
    html = client.get(task_url(task1, ob1)).content.decode()
    assert "chưa có số liệu" in html


def test_unit_head_reports_with_evidence(client, head, task1, ob1, today):
    target = task1.targets.get()
    login(client, head)
    html = client.get(task_url(task1)).content.decode()
    assert 'id="bao-cao"' in html and "Gửi báo cáo" in html and "Lưu nháp" in html
    response = post_report(client, ob1, report_data(today, **{f"chi_tieu_{target.pk}": "95"}))
    assert response.status_code == 302
    assert response.url == task_url(task1, ob1) + "#chi-tiet"
    report = Report.objects.get(obligation=ob1)
    assert report.state == Report.State.SUBMITTED and report.submitted_by == head
    assert report.evidence.get().file.name.endswith(".pdf")
    assert report.measurements.get().value == 95
    html = client.get(response.url).content.decode()
    assert "Đã gửi báo cáo đến Văn phòng Sở." in html
    assert "Báo cáo đang chờ Văn phòng Sở duyệt." in html and 'id="bao-cao"' not in html


def test_evidence_by_link_instead_of_file(client, head, task1, ob1, today):
    data = report_data(today, **{"ev-0-file": "", "ev-0-url": "https://vanban.example.vn/qd-125"})
    del data["ev-0-file"]
    login(client, head)
    assert post_report(client, ob1, data).status_code == 302
    ev = Evidence.objects.get(report__obligation=ob1)
    assert ev.url == "https://vanban.example.vn/qd-125" and not ev.file
    assert 'href="https://vanban.example.vn/qd-125"' in client.get(task_url(task1, ob1)).content.decode()


def test_staff_saves_a_draft_and_the_head_sends_it(client, staff, head, task1, ob1, today):
    login(client, staff)
    html = client.get(task_url(task1)).content.decode()
    assert "Lưu nháp" in html and 'value="submit"' not in html
    assert "Trưởng đơn vị sẽ gửi báo cáo" in html
    response = post_report(client, ob1, report_data(today, action="draft", narrative="Đang dự thảo"))
    assert response.status_code == 302
    draft = Report.objects.get(obligation=ob1)
    assert draft.state == Report.State.DRAFT and draft.evidence.count() == 1
    client.logout()
    login(client, head)
    html = client.get(task_url(task1)).content.decode()
    assert "Sửa bản nháp báo cáo" in html and "Đang dự thảo" in html and "125/QĐ-SCT" in html
    assert f'name="report" value="{draft.pk}"' in html
    data = {
        k: v for k, v in report_data(today, narrative="Đã hoàn thành").items() if not k.startswith("ev-0-")
    }
    data.update(report=draft.pk, version=draft.version)
    assert post_report(client, ob1, data).status_code == 302
    draft.refresh_from_db()
    assert draft.state == Report.State.SUBMITTED and draft.narrative == "Đã hoàn thành"
    assert Report.objects.filter(obligation=ob1).count() == 1


def test_staff_cannot_submit(client, staff, task1, ob1, today):
    response = post_report(login(client, staff), ob1, report_data(today))
    assert response.status_code == 403
    assert "Chỉ trưởng đơn vị được gửi báo cáo" in response.content.decode()
    assert not Report.objects.filter(obligation=ob1).exists()


def test_form_errors_keep_what_was_typed(client, head, task1, ob1, today):
    login(client, head)
    data = report_data(today, narrative="Nội dung đã gõ", progress="150")
    data["ev-1-doc_number"] = "7/BC-QLTM"  # a second row half filled
    response = post_report(client, ob1, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Thông tin chưa hợp lệ: xem các ô được đánh dấu." in html
    assert "Tiến độ là số phần trăm, từ 0 đến 100." in html
    assert "Hãy nhập ngày ban hành văn bản." in html and "Hãy nhập trích yếu văn bản." in html
    assert "Nội dung đã gõ" in html and 'value="7/BC-QLTM"' in html
    assert "Tệp đã chọn chưa được lưu" in html
    assert not Report.objects.exists()


def test_service_refusal_is_shown_and_the_form_kept(client, head, task1, ob1, today):
    login(client, head)
    future = f"{today + timedelta(days=2):%d/%m/%Y}"
    response = post_report(
        client, ob1, report_data(today, narrative="Giữ nguyên nội dung", **{"ev-0-doc_date": future})
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "ở tương lai: hãy kiểm tra lại ngày." in html
    assert "Giữ nguyên nội dung" in html and 'value="125/QĐ-SCT"' in html
    assert not Report.objects.exists()


def test_bad_file_type_is_refused(client, head, task1, ob1, today):
    login(client, head)
    data = report_data(today, **{"ev-0-file": SimpleUploadedFile("virus.exe", b"MZ\x90\x00")})
    response = post_report(client, ob1, data)
    assert response.status_code == 400
    assert "Không nhận tệp “virus.exe”" in response.content.decode()
    assert not Report.objects.exists() and not Evidence.objects.exists()


def test_a_bad_file_in_a_draft_saves_nothing(client, staff, task1, ob1, today):
    login(client, staff)
    data = report_data(today, action="draft", **{"ev-0-file": SimpleUploadedFile("qd.pdf", b"not a pdf")})
    response = post_report(client, ob1, data)
    assert response.status_code == 400
    assert "không phải là tệp .pdf" in response.content.decode()
    assert not Report.objects.exists()


def test_duplicate_submission_is_refused(client, head, task1, ob1, today):
    login(client, head)
    post_report(client, ob1, report_data(today))
    response = post_report(client, ob1, report_data(today))
    assert response.status_code == 409
    assert "đang chờ duyệt" in response.content.decode()
    assert Report.objects.filter(obligation=ob1).count() == 1


def test_two_people_editing_one_draft(client, staff, head, task1, ob1, today):
    draft = reports.save_draft(ob1, staff, narrative="Bản của chuyên viên", progress=50)
    stale = draft.version
    reports.save_draft(ob1, staff, narrative="Sửa lần hai", progress=60, report=draft, expected_version=stale)
    data = {k: v for k, v in report_data(today, action="draft", narrative="Bản của trưởng phòng").items()}
    data.update(report=draft.pk, version=stale)
    response = post_report(login(client, head), ob1, data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "đã được người khác sửa" in html and "Bản của trưởng phòng" in html
    draft.refresh_from_db()
    assert draft.narrative == "Sửa lần hai"


def test_resubmission_after_return_starts_from_the_returned_report(
    client, coordinator, head, task1, ob1, today
):
    login(client, head)
    post_report(client, ob1, report_data(today, narrative="Lần một"))
    first = Report.objects.get(obligation=ob1)
    reports.review_report(
        first, coordinator, accept=False, comment="Thiếu văn bản", expected_version=first.version
    )
    html = client.get(task_url(task1, ob1)).content.decode()
    assert "Soạn lại báo cáo (đã bị trả lại)" in html and "Lần một" in html
    data = {k: v for k, v in report_data(today, narrative="Lần hai").items() if not k.startswith("ev-0-")}
    assert post_report(client, ob1, data).status_code == 302
    second = Report.objects.filter(obligation=ob1).order_by("-id").first()
    assert second.previous == first and second.state == Report.State.SUBMITTED
    assert second.evidence.count() == 1  # carried over from the returned report


def test_remove_evidence_from_a_draft(client, staff, task1, ob1, today):
    login(client, staff)
    post_report(client, ob1, report_data(today, action="draft"))
    draft = Report.objects.get(obligation=ob1)
    ev = draft.evidence.get()
    html = client.get(task_url(task1, ob1)).content.decode()
    assert reverse("tracking:evidence_remove", args=[ev.pk]) in html
    response = client.post(reverse("tracking:evidence_remove", args=[ev.pk]), {"version": draft.version})
    assert response.status_code == 302
    assert not Evidence.objects.filter(pk=ev.pk).exists()


# --- who sees what ------------------------------------------------------------------------------


def test_another_units_people_get_403(client, stranger_head, task1, ob1):
    login(client, stranger_head)
    assert client.get(task_url(task1)).status_code == 403
    assert client.get(task_url(task1, ob1)).status_code == 403


def test_unit_never_sees_another_units_obligation_or_report(client, head, other_head, task1, ob1, today):
    # A second lead unit on the same task: each unit sees its own obligation only.
    ttra = make_obligation(task1, "TTRA", today + timedelta(days=21))
    login(client, other_head)
    post_report(client, ttra, report_data(today, narrative="Báo cáo riêng của Thanh tra"))
    client.logout()
    login(client, head)
    html = client.get(task_url(task1)).content.decode()
    assert "Báo cáo riêng của Thanh tra" not in html
    assert f'id="o{ob1.pk}"' in html and f'id="o{ttra.pk}"' not in html
    assert client.get(task_url(task1, ttra)).status_code == 403
    ev = Evidence.objects.get(report__obligation=ttra)
    assert client.get(reverse("tracking:evidence_file", args=[ev.pk])).status_code == 403
    assert post_report(client, ttra, report_data(today)).status_code == 403


def test_coordinating_unit_sees_no_report_but_adds_a_contribution(
    client, head, other_head, task1, ob1, today
):
    login(client, head)
    post_report(client, ob1, report_data(today, narrative="Nội dung báo cáo của QLTM"))
    client.logout()
    login(client, other_head)  # Thanh tra Sở coordinates task 1
    html = client.get(task_url(task1, ob1)).content.decode()
    assert "Nội dung báo cáo của QLTM" not in html
    assert "Báo cáo của đơn vị chủ trì chỉ đơn vị đó và Văn phòng Sở xem được" in html
    assert 'id="phoi-hop"' in html and 'id="bao-cao"' not in html
    ev = Evidence.objects.get(report__obligation=ob1)
    assert client.get(reverse("tracking:evidence_file", args=[ev.pk])).status_code == 403
    response = client.post(
        reverse("tracking:contribution_add", args=[ob1.pk]), {"text": "Đã rà soát 12 TTHC"}
    )
    assert response.status_code == 302
    assert Contribution.objects.get(obligation=ob1).unit.code == "TTRA"
    assert "Đã rà soát 12 TTHC" in client.get(task_url(task1, ob1)).content.decode()


def test_empty_contribution_is_explained(client, other_head, task1, ob1):
    response = login(client, other_head).post(
        reverse("tracking:contribution_add", args=[ob1.pk]), {"text": ""}
    )
    assert response.status_code == 400
    assert "Hãy nhập nội dung phối hợp." in response.content.decode()


def test_lead_unit_cannot_contribute(client, head, task1, ob1):
    response = login(client, head).post(reverse("tracking:contribution_add", args=[ob1.pk]), {"text": "x"})
    assert response.status_code == 403
    assert "Chỉ đơn vị phối hợp" in response.content.decode()


def test_evidence_download(client, head, coordinator, observer, stranger_head, task1, ob1, today):
    login(client, head)
    post_report(client, ob1, report_data(today))
    ev = Evidence.objects.get()
    url = reverse("tracking:evidence_file", args=[ev.pk])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    for user, status in ((coordinator, 200), (observer, 200), (stranger_head, 403)):
        client.logout()
        assert login(client, user).get(url).status_code == status


def test_observer_reads_but_has_no_forms(client, observer, head, task1, ob1, today):
    login(client, head)
    post_report(client, ob1, report_data(today, narrative="Kết quả đã gửi"))
    client.logout()
    html = login(client, observer).get(task_url(task1, ob1)).content.decode()
    assert "Kết quả đã gửi" in html
    assert 'id="bao-cao"' not in html and 'id="gia-han"' not in html and "Chấp nhận" not in html
    assert post_report(client, ob1, report_data(today)).status_code == 403


def test_task_of_another_department_is_404(client, coordinator, today):
    from tests.factories import make_org
    from tests.tracking.screens import make_plan

    other = make_org("sct-khac", "Sở Công Thương tỉnh Khác")
    task = make_task(make_plan(other, today, number="1/KH"), 1, "Việc khác", lead=["VP"])
    assert login(client, coordinator).get(task_url(task)).status_code == 404


# --- extension request and review from the task page --------------------------------------------


def test_unit_head_asks_for_an_extension(client, head, task1, ob1, today):
    login(client, head)
    html = client.get(task_url(task1, ob1)).content.decode()
    assert 'id="gia-han"' in html
    new_date = ob1.current_due + timedelta(days=14)
    response = client.post(
        reverse("tracking:extension_request", args=[ob1.pk]),
        {"reason": "Chờ ý kiến của Sở Tư pháp", "new_date": f"{new_date:%d/%m/%Y}"},
    )
    assert response.status_code == 302
    ext = ExtensionRequest.objects.get(obligation=ob1)
    assert ext.requested_due == new_date and ext.state == ExtensionRequest.State.PENDING
    html = client.get(task_url(task1, ob1)).content.decode()
    assert "Chờ ý kiến của Sở Tư pháp" in html and "Chờ quyết định" in html
    assert 'id="gia-han"' not in html  # one request at a time


def test_extension_errors_keep_the_form(client, head, task1, ob1):
    login(client, head)
    response = client.post(
        reverse("tracking:extension_request", args=[ob1.pk]),
        {"reason": "Lý do đã gõ", "new_date": "99/99/2026"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ngày không hợp lệ: hãy viết dạng dd/mm/yyyy." in html and "Lý do đã gõ" in html
    earlier = ob1.current_due - timedelta(days=3)
    response = client.post(
        reverse("tracking:extension_request", args=[ob1.pk]),
        {"reason": "Lý do đã gõ", "new_date": f"{earlier:%d/%m/%Y}"},
    )
    assert response.status_code == 400
    assert "Lý do đã gõ" in response.content.decode()
    assert not ExtensionRequest.objects.exists()


def test_extension_after_the_due_date_is_refused(client, head, task1, today):
    late = make_obligation(task1, "QLTM", today - timedelta(days=2), status="overdue", key="late")
    response = login(client, head).post(
        reverse("tracking:extension_request", args=[late.pk]),
        {"reason": "Chậm", "new_date": f"{today + timedelta(days=10):%d/%m/%Y}"},
    )
    assert response.status_code in (400, 409)
    assert not ExtensionRequest.objects.exists()
    assert re.search(r"msg-error", response.content.decode())


def test_coordinator_reviews_from_the_task_page(client, head, coordinator, task1, ob1, today):
    login(client, head)
    post_report(client, ob1, report_data(today))
    report = Report.objects.get()
    client.logout()
    login(client, coordinator)
    html = client.get(task_url(task1, ob1)).content.decode()
    assert reverse("tracking:review", args=[report.pk]) in html
    response = client.post(
        reverse("tracking:review", args=[report.pk]),
        {"decision": "return", "comment": "", "version": report.version, "from": "task"},
    )
    assert response.status_code == 400
    assert "Hãy ghi ý kiến" in response.content.decode()
    response = client.post(
        reverse("tracking:review", args=[report.pk]),
        {"decision": "accept", "comment": "", "version": report.version, "from": "task"},
    )
    assert response.status_code == 302 and response.url == task_url(task1, ob1) + "#chi-tiet"
    ob1.refresh_from_db()
    assert ob1.status == "done_early" and ob1.completed_on == today - timedelta(days=3)


# --- dates the plan left open -------------------------------------------------------------------


@pytest.fixture
def event_task(plan):
    text = "Trong vòng 05 ngày kể từ ngày thay đổi thông tin"
    schedule = parse_schedule(text, Period(plan.period_start, plan.period_end)).to_dict()
    assert schedule["kind"] == "event"
    return make_task(
        plan,
        3,
        "Cập nhật thông tin trên Cổng dịch vụ công.",
        lead=["QLTM", "TTRA"],
        schedule=schedule,
        schedule_text=text,
    )


def test_coordinator_enters_an_event_date(client, coordinator, event_task, today):
    login(client, coordinator)
    html = client.get(task_url(event_task)).content.decode()
    assert 'id="nhap-ngay"' in html and "Lưu ngày sự kiện" in html
    assert "Chưa có nghĩa vụ: nhiệm vụ chờ Văn phòng Sở nhập ngày." in html
    response = client.post(
        reverse("tracking:task_set_date", args=[event_task.pk]), {"date": f"{today:%d/%m/%Y}"}
    )
    assert response.status_code == 302
    assert Obligation.objects.filter(task=event_task).count() == 2  # one per lead unit
    assert "Đã ghi ngày" in client.get(response.url).content.decode()


def test_set_date_errors(client, coordinator, head, event_task, task1, today):
    login(client, coordinator)
    response = client.post(reverse("tracking:task_set_date", args=[event_task.pk]), {"date": "32/01/2026"})
    assert response.status_code == 400
    far = today + timedelta(days=400)
    response = client.post(
        reverse("tracking:task_set_date", args=[event_task.pk]), {"date": f"{far:%d/%m/%Y}"}
    )
    assert response.status_code == 400
    assert "nằm ngoài thời gian của kế hoạch" in response.content.decode()
    response = client.post(reverse("tracking:task_set_date", args=[task1.pk]), {"date": f"{today:%d/%m/%Y}"})
    assert response.status_code == 302  # a task with its own deadline: nothing to enter
    client.logout()
    login(client, head)
    assert 'id="nhap-ngay"' not in client.get(task_url(task1)).content.decode()
    response = client.post(
        reverse("tracking:task_set_date", args=[event_task.pk]), {"date": f"{today:%d/%m/%Y}"}
    )
    assert response.status_code == 403


def test_task_page_query_count_does_not_grow_with_obligations(
    client, coordinator, head, task1, ob1, today, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, head)
    post_report(client, ob1, report_data(today))
    client.logout()
    c = login(client, coordinator)
    url = task_url(task1, ob1)
    c.get(url)
    with CaptureQueriesContext(connection) as ctx:
        c.get(url)
    small = len(ctx.captured_queries)
    for i in range(60):
        make_obligation(task1, "QLTM" if i % 2 else "TTRA", today + timedelta(days=i + 1), key=f"m{i}")
    with django_assert_max_num_queries(small):
        html = c.get(url).content.decode()
    assert html.count('<tr id="o') == 50 and "Trang 1/2 · 61 dòng" in html


def test_draft_keeps_measured_values_as_written(client, staff, task1, ob1, today):
    target = task1.targets.get()
    login(client, staff)
    data = report_data(today, action="draft", **{f"chi_tieu_{target.pk}": "100"})
    assert post_report(client, ob1, data).status_code == 302
    html = client.get(task_url(task1, ob1)).content.decode()
    assert f'name="chi_tieu_{target.pk}" value="100"' in html
    data = {k: v for k, v in report_data(today, action="draft").items() if not k.startswith("ev-0-")}
    draft = Report.objects.get(obligation=ob1)
    data.update(report=draft.pk, version=draft.version, **{f"chi_tieu_{target.pk}": "85,5"})
    assert post_report(client, ob1, data).status_code == 302
    assert str(draft.measurements.get().value.normalize()) == "85.5"
    assert f'name="chi_tieu_{target.pk}" value="85,5"' in client.get(task_url(task1, ob1)).content.decode()


def test_bad_measured_value_is_explained(client, head, task1, ob1, today):
    target = task1.targets.get()
    response = post_report(
        login(client, head), ob1, report_data(today, **{f"chi_tieu_{target.pk}": "chín mươi"})
    )
    assert response.status_code == 400
    assert "Số liệu phải là một số, ví dụ 85,5." in response.content.decode()
    response = post_report(client, ob1, report_data(today, **{f"chi_tieu_{target.pk}": "120"}))
    assert response.status_code == 400
    assert "hãy nhập từ 0 đến 100" in response.content.decode()
