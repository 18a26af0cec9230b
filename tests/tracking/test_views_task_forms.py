"""The report and extension forms of the task page (defect 15 of issue 8), and landing on the
right period (defect 7): each test reads the page as elements (tests/tracking/page.py).

- a report sent without evidence asks "Gửi báo cáo không có tài liệu kiểm chứng?" (checked
  by the server), and is refused where the task's product is a document;
- "Tiến độ" starts from the last report's progress (0 for a first report) and is required;
- the extension form is not offered once the due date has passed: the panel says why;
- after an error the browser lands on the form: its address has the form's anchor, the
  first field in error has ``autofocus``, the error is written next to it;
- a link to a period (``?nghia-vu=``) opens the page of the list that holds it.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.tracking import reports
from cchc.tracking.models import Evidence, ExtensionRequest, Report
from cchc.tracking.models import ObligationStatus as S
from tests.tracking import page
from tests.tracking.screens import *  # noqa: F403
from tests.tracking.screens import login, make_obligation, make_task

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def task_url(task, obligation=None) -> str:
    url = reverse("tracking:task", args=[task.pk])
    return f"{url}?nghia-vu={obligation.pk}" if obligation else url


def form_data(today, *, evidence: bool = True, action: str = "submit", **extra) -> dict:
    data = {
        "action": action,
        "narrative": "Đã thực hiện theo kế hoạch.",
        "progress": "100",
        "ev-TOTAL_FORMS": "2",
        "ev-INITIAL_FORMS": "0",
        "ev-MIN_NUM_FORMS": "0",
        "ev-MAX_NUM_FORMS": "20",
    }
    if evidence:
        data.update(
            {
                "ev-0-doc_number": "125/QĐ-SCT",
                "ev-0-doc_date": f"{today - timedelta(days=3):%d/%m/%Y}",
                "ev-0-summary": "Quyết định công bố",
                "ev-0-file": SimpleUploadedFile("qd.pdf", PDF, content_type="application/pdf"),
            }
        )
    data.update(extra)
    return data


def post_report(client, ob, data):
    return client.post(reverse("tracking:report_save", args=[ob.pk]), data)


@pytest.fixture
def doc_task(plan):
    """A task whose product is a document (a plan), led by Phòng Quản lý Thương mại."""
    return make_task(
        plan, 7, "Xây dựng kế hoạch tuyên truyền CCHC.", lead=["QLTM"], product="Kế hoạch tuyên truyền"
    )


@pytest.fixture
def doc_ob(doc_task, today):
    return make_obligation(doc_task, "QLTM", today + timedelta(days=20))


# --- sending without evidence ---------------------------------------------------------------------


def test_report_without_evidence_asks_for_a_confirmation(client, head, task1, ob1, today):
    login(client, head)
    response = post_report(client, ob1, form_data(today, evidence=False))
    assert response.status_code == 400
    assert not Report.objects.exists()
    doc = page.parse(response)
    box = page.by_id(doc, "xac-nhan")
    assert "Gửi báo cáo không có tài liệu kiểm chứng?" in page.text(box)
    checkbox = page.field(doc, "confirm_no_evidence")
    assert checkbox.get("type") == "checkbox" and checkbox.get("checked") is None
    assert page.field_errors(doc, "confirm_no_evidence") == [
        "Báo cáo chưa có tài liệu kiểm chứng nào. Văn phòng Sở chỉ chấp nhận báo cáo có tài liệu kiểm chứng: "
        "báo cáo gửi không có tài liệu sẽ bị trả lại để bổ sung. Hãy thêm văn bản, hoặc đánh dấu xác nhận "
        "rồi bấm “Gửi báo cáo” lần nữa."
    ]
    assert page.autofocused(doc) == ["confirm_no_evidence"]
    assert page.field(doc, "narrative").text.strip() == "Đã thực hiện theo kế hoạch."  # what was typed stays
    # Confirmed: sent, without a document.
    response = post_report(client, ob1, form_data(today, evidence=False, confirm_no_evidence="on"))
    assert response.status_code == 302
    report = Report.objects.get(obligation=ob1)
    assert report.state == Report.State.SUBMITTED and not report.evidence.exists()


def test_confirmation_is_not_asked_when_there_is_evidence(client, head, task1, ob1, today):
    login(client, head)
    doc = page.parse(client.get(task_url(task1, ob1)))
    assert page.by_id(doc, "xac-nhan") is None  # not asked before sending
    assert post_report(client, ob1, form_data(today)).status_code == 302


def test_a_draft_with_evidence_is_sent_without_a_question(client, staff, head, task1, ob1, today):
    login(client, staff)
    assert post_report(client, ob1, form_data(today, action="draft")).status_code == 302
    draft = Report.objects.get()
    client.logout()
    login(client, head)
    data = form_data(today, evidence=False, report=draft.pk, version=draft.version)
    assert post_report(client, ob1, data).status_code == 302
    draft.refresh_from_db()
    assert draft.state == Report.State.SUBMITTED


def test_document_product_requires_the_document(client, head, doc_task, doc_ob, today):
    login(client, head)
    doc = page.parse(client.get(task_url(doc_task, doc_ob)))
    assert "Sản phẩm của nhiệm vụ là văn bản (kế hoạch)" in page.text(page.by_id(doc, "tai-lieu"))
    for extra in ({}, {"confirm_no_evidence": "on"}):  # a confirmation does not replace the document
        response = post_report(client, doc_ob, form_data(today, evidence=False, **extra))
        assert response.status_code == 400
        doc = page.parse(response)
        fieldset = page.by_id(doc, "tai-lieu")
        assert "has-error" in fieldset.get("class")
        error = page.text(fieldset.xpath('.//*[@role="alert"]')[0])
        assert error.startswith(
            "Sản phẩm của nhiệm vụ này là văn bản (“Kế hoạch tuyên truyền”): hãy đính kèm kế hoạch"
        )
        assert page.autofocused(doc) == ["ev-0-doc_number"]
        assert page.by_id(doc, "xac-nhan") is None or extra
    assert not Report.objects.exists()
    assert post_report(client, doc_ob, form_data(today)).status_code == 302
    assert Report.objects.get().evidence.count() == 1


def test_a_draft_may_wait_for_its_document(client, staff, doc_ob, today):
    response = post_report(login(client, staff), doc_ob, form_data(today, evidence=False, action="draft"))
    assert response.status_code == 302
    assert Report.objects.get().state == Report.State.DRAFT


def test_the_api_needs_the_document_too(client, head, doc_ob, today):
    with pytest.raises(reports.DocumentRequired):
        reports.submit_report(doc_ob, head, narrative="Đã xong", progress=100)
    assert not Report.objects.exists()


# --- progress -------------------------------------------------------------------------------------


def test_progress_starts_at_zero_then_at_the_last_report(client, head, staff, coordinator, task1, ob1, today):
    login(client, head)
    progress = page.field(page.parse(client.get(task_url(task1, ob1))), "progress")
    assert progress.get("value") == "0" and progress.get("required") is not None
    post_report(client, ob1, form_data(today, progress="60"))
    report = Report.objects.get()
    reports.review_report(
        report, coordinator, accept=False, comment="Bổ sung", expected_version=report.version
    )
    assert page.field(page.parse(client.get(task_url(task1, ob1))), "progress").get("value") == "60"


def test_progress_is_required_and_the_page_lands_on_it(client, head, task1, ob1, today):
    response = post_report(login(client, head), ob1, form_data(today, progress=""))
    assert response.status_code == 400
    doc = page.parse(response)
    assert page.field_errors(doc, "progress") == ["Hãy nhập tiến độ (0–100)."]
    assert page.autofocused(doc) == ["progress"]


# --- landing on the form after an error -----------------------------------------------------------


def test_forms_post_to_their_own_anchor(client, head, task1, ob1):
    """Each form posts to "…#loi-<form>": an error of no field is written in a box with that
    id, so the browser lands on it; after an error on a field no element has that id, and the
    browser honours the field's ``autofocus`` (it skips autofocus when the address targets an
    element)."""
    doc = page.parse(login(client, head).get(task_url(task1, ob1)))
    report_form = page.by_id(doc, "bao-cao")
    assert report_form.get("action") == reverse("tracking:report_save", args=[ob1.pk]) + "#loi-bao-cao"
    ext_form = page.by_id(doc, "gia-han")
    assert ext_form.get("action") == reverse("tracking:extension_request", args=[ob1.pk]) + "#loi-gia-han"
    assert page.autofocused(doc) == []  # nothing is focused before an error
    assert page.by_id(doc, "loi-bao-cao") is None


def test_an_error_of_no_field_lands_on_the_forms_error_box(client, staff, head, task1, ob1, today):
    draft = reports.save_draft(ob1, staff, narrative="Bản của chuyên viên", progress=50)
    stale = draft.version
    reports.save_draft(ob1, staff, narrative="Sửa lần hai", progress=60, report=draft, expected_version=stale)
    data = form_data(today, action="draft", report=draft.pk, version=stale)
    response = post_report(login(client, head), ob1, data)
    assert response.status_code == 409
    doc = page.parse(response)
    box = page.by_id(doc, "loi-bao-cao")
    assert box is not None and box.getparent().get("id") == "bao-cao"
    assert "đã được người khác sửa" in page.text(box)
    assert page.autofocused(doc) == []


def test_an_error_on_a_field_leaves_the_anchor_free_for_autofocus(client, head, task1, ob1, today):
    doc = page.parse(post_report(login(client, head), ob1, form_data(today, narrative="")))
    assert page.by_id(doc, "loi-bao-cao") is None
    assert page.autofocused(doc) == ["narrative"]
    assert page.field_errors(doc, "narrative") == ["Hãy nhập kết quả thực hiện."]


def test_an_evidence_error_is_written_on_its_row(client, head, task1, ob1, today):
    future = f"{today + timedelta(days=2):%d/%m/%Y}"
    response = post_report(login(client, head), ob1, form_data(today, **{"ev-0-doc_date": future}))
    assert response.status_code == 400
    doc = page.parse(response)
    assert page.field_errors(doc, "ev-0-doc_date") == [
        f"Ngày ban hành của văn bản 125/QĐ-SCT ({future}) ở tương lai: hãy kiểm tra lại ngày."
    ]
    assert page.autofocused(doc) == ["ev-0-doc_date"]
    assert page.field(doc, "ev-0-doc_number").get("value") == "125/QĐ-SCT"
    assert not Report.objects.exists()


def test_the_same_document_twice_saves_nothing(client, staff, task1, ob1, today):
    day = f"{today - timedelta(days=3):%d/%m/%Y}"
    data = form_data(
        today,
        action="draft",
        **{
            "ev-1-doc_number": "125/QĐ-SCT",
            "ev-1-doc_date": day,
            "ev-1-summary": "Bản sao",
            "ev-1-url": "https://vanban.example.vn/125",
        },
    )
    response = post_report(login(client, staff), ob1, data)
    assert response.status_code == 400
    doc = page.parse(response)
    assert page.field_errors(doc, "ev-1-doc_number") == [
        f"Văn bản 125/QĐ-SCT ngày {day} đã có trong báo cáo."
    ]
    assert not Report.objects.exists() and not Evidence.objects.exists()


def test_a_draft_and_its_documents_are_saved_together(staff, ob1, today):
    """One service, one transaction: a refused document leaves no draft behind."""
    good = reports.EvidenceInput("1/BC", today - timedelta(days=1), "Báo cáo", url="https://vb.example.vn/1")
    with pytest.raises(reports.InvalidInput):
        reports.save_draft(ob1, staff, narrative="Nháp", progress=10, evidence=[good, good])
    assert not Report.objects.exists()
    draft = reports.save_draft(ob1, staff, narrative="Nháp", progress=10, evidence=[good])
    with pytest.raises(reports.InvalidInput):
        reports.save_draft(
            ob1,
            staff,
            narrative="Sửa",
            progress=20,
            report=draft,
            expected_version=draft.version,
            evidence=[good],
        )
    draft.refresh_from_db()
    assert draft.narrative == "Nháp" and draft.evidence.count() == 1


# --- extension on overdue work --------------------------------------------------------------------


def test_no_extension_form_once_the_due_date_has_passed(client, head, task1, today):
    late = make_obligation(task1, "QLTM", today - timedelta(days=2), status=S.OVERDUE, key="late")
    doc = page.parse(login(client, head).get(task_url(task1, late)))
    assert not doc.xpath("//form[@id='gia-han']")
    box = page.by_id(doc, "gia-han")
    assert "extension-closed" in box.get("class")
    said = page.text(box)
    assert f"Đã quá hạn ngày {late.current_due:%d/%m/%Y}: không đề nghị gia hạn được nữa." in said
    assert "Gia hạn phải được đề nghị trước hạn." in said and "báo cáo kết quả" in said
    assert box.xpath(".//a[@href='#bao-cao']")  # what to do instead, one click away
    assert page.by_id(doc, "bao-cao").tag == "form"


def test_extension_form_is_offered_up_to_the_due_date(client, head, task1, today):
    due_today = make_obligation(task1, "QLTM", today, key="today")
    doc = page.parse(login(client, head).get(task_url(task1, due_today)))
    assert page.by_id(doc, "gia-han").tag == "form"


def test_extension_explanation_is_for_the_head_only(client, staff, coordinator, task1, today):
    late = make_obligation(task1, "QLTM", today - timedelta(days=2), status=S.OVERDUE, key="late")
    for user in (staff, coordinator):
        client.force_login(user)
        assert page.by_id(page.parse(client.get(task_url(task1, late))), "gia-han") is None


def test_extension_error_lands_on_its_field(client, head, task1, ob1):
    response = login(client, head).post(
        reverse("tracking:extension_request", args=[ob1.pk]), {"reason": "", "new_date": "01/01/2000"}
    )
    assert response.status_code == 400
    doc = page.parse(response)
    assert page.field_errors(doc, "reason") == ["Hãy nêu lý do đề nghị gia hạn."]
    assert page.autofocused(doc) == ["reason"]
    assert not ExtensionRequest.objects.exists()


# --- landing on the right period ------------------------------------------------------------------


@pytest.fixture
def long_task(task1, today):
    """Task 1 with 60 monthly-like periods of its lead unit: the list has two pages."""
    return [
        make_obligation(task1, "QLTM", today + timedelta(days=i + 1), key=f"k{i}", label=f"Kỳ {i + 1:02d}")
        for i in range(60)
    ]


def test_a_period_on_page_two_opens_page_two(client, coordinator, task1, long_task):
    target = long_task[55]
    doc = page.parse(login(client, coordinator).get(task_url(task1, target) + "#chi-tiet"))
    row = page.by_id(doc, f"o{target.pk}")
    assert row is not None and row.get("class") == "selected" and row.get("aria-current") == "true"
    assert "Trang 2/2" in page.text(page.one(doc, "//nav[@class='pager']"))
    assert page.text(page.one(doc, "//section[@id='chi-tiet']//h2")) == "Phòng Quản lý Thương mại · Kỳ 56"
    # Without a period asked for, page 1; a page asked for explicitly wins.
    assert page.by_id(page.parse(client.get(task_url(task1))), f"o{target.pk}") is None
    url = reverse("tracking:task", args=[task1.pk]) + f"?trang=1&nghia-vu={target.pk}"
    doc = page.parse(client.get(url))
    assert page.by_id(doc, f"o{target.pk}") is None and page.by_id(doc, "chi-tiet") is not None


def test_list_links_point_at_the_task_page_itself(client, head, task1, long_task, today):
    """After an error the page is shown at the form's address: its links still go to the task."""
    response = post_report(login(client, head), long_task[55], form_data(today, progress=""))
    doc = page.parse(response)
    here = reverse("tracking:task", args=[task1.pk])
    links = [a.get("href") for a in doc.xpath("//table[contains(@class,'obligations')]//a")]
    assert links and all(h.startswith(f"{here}?nghia-vu=") for h in links)
    pager = [a.get("href") for a in doc.xpath("//nav[@class='pager']/a")]
    assert pager == [f"{here}?trang=1&nghia-vu={long_task[55].pk}#nghia-vu"]


def _row_links(client, url: str, obligation_id: int) -> list[str]:
    """The links of the row of ``obligation_id`` on whichever page of a list it is."""
    for n in range(1, 4):
        doc = page.parse(client.get(f"{url}?trang={n}"))
        links = doc.xpath(f"//tr[@id='o{obligation_id}']//a[contains(@href, 'nghia-vu=')]")
        if links:
            return [a.get("href") for a in links]
    raise AssertionError(f"no row o{obligation_id} on {url}")


def test_board_and_unit_rows_open_the_period_clicked(client, coordinator, head, task1, long_task):
    target = long_task[53]
    login(client, coordinator)
    (link,) = _row_links(client, reverse("tracking:board"), target.pk)
    doc = page.parse(client.get(link))
    assert page.text(page.one(doc, "//section[@id='chi-tiet']//h2")).endswith("Kỳ 54")
    assert page.by_id(doc, f"o{target.pk}").get("class") == "selected"
    client.logout()
    login(client, head)
    links = _row_links(client, reverse("tracking:my_unit"), target.pk)
    for link in links:  # the task's link and the "Báo cáo" button
        doc = page.parse(client.get(link))
        assert page.text(page.one(doc, "//section[@id='chi-tiet']//h2")).endswith("Kỳ 54")
        assert page.by_id(doc, f"o{target.pk}").get("class") == "selected"


def test_task_page_names_the_plan(client, coordinator, task1, ob1, plan):
    doc = page.parse(login(client, coordinator).get(task_url(task1)))
    head = page.by_id(doc, "ke-hoach-cua-nhiem-vu")
    assert page.text(head).startswith(f"Kế hoạch số 15/KH-SCT ngày {plan.issued_on:%d/%m/%Y}")
    assert head.xpath(".//a")[0].get("href") == reverse("plans:detail", args=[plan.pk]) + f"#t{task1.pk}"
    assert "15/KH-SCT" in page.text(page.one(doc, "//h1"))
    assert "15/KH-SCT" in page.text(page.one(doc, "//title"))


def test_a_period_no_longer_tracked_is_said_not_refused(client, head, task1, ob1, today):
    """A notification may point at a period the Office has since taken off (units or schedule
    edited): the task page opens and says so, instead of "not your unit"."""
    gone = make_obligation(task1, "QLTM", today + timedelta(days=40), key="gone", label="Quý IV")
    gone.is_active = False
    gone.save()
    response = login(client, head).get(task_url(task1, gone))
    assert response.status_code == 200
    doc = page.parse(response)
    assert page.messages(doc) == [
        "Kỳ “Quý IV” không còn được theo dõi: thời gian hoặc đơn vị của nhiệm vụ đã được điều chỉnh. "
        "Các kỳ hiện tại của nhiệm vụ ở danh sách dưới đây."
    ]
    assert page.by_id(doc, f"o{ob1.pk}") is not None and page.by_id(doc, f"o{gone.pk}") is None
