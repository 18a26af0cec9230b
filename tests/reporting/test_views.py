"""The report screens: the year's reports with their due dates, opening one, the draft page
(its parts, its figures), saving a part (a stale page told), refreshing the figures (what
changed shown), marking it sent; who may see and write."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from cchc.orgs.models import Membership
from cchc.reporting import services
from cchc.reporting.figures import heading
from cchc.reporting.models import UpwardReport
from cchc.tracking.models import Obligation, ObligationStatus
from tests.dom import by_id, dom, find_all, text
from tests.factories import make_org, person, sample_tasks, username_for
from tests.tracking.test_planning import confirm

pytestmark = pytest.mark.django_db
S = ObligationStatus


@pytest.fixture
def plan(org, coordinator):
    return confirm(org, coordinator, sample_tasks())


@pytest.fixture
def report(org, plan, coordinator):
    return services.open_report(org, "quarter", "2026-Q1", coordinator)


def test_the_year_lists_its_four_reports_with_their_due_dates(coord_client, plan):
    page = dom(coord_client.get(reverse("reporting:list"), {"nam": "2026"}))
    rows = find_all(page, "//table[@id='due-reports']/tbody/tr")
    assert [r.get("data-key") for r in rows] == [
        "quarter-2026-Q1",
        "half-2026-H1",
        "nine_months-2026",
        "year-2026",
    ]
    cells = [text(td) for td in rows[0].findall("td")]
    assert cells[1:4] == ["15/12/2025", "14/03/2026", "20/03/2026"]
    assert "quá hạn gửi" in cells[4]  # 20/03/2026 is past and nothing was sent
    # Opening one from its row.
    form = rows[0].find(".//form")
    response = coord_client.post(form.get("action"), {"loai": "quarter", "ky": "2026-Q1"})
    report = UpwardReport.objects.get()
    assert response.status_code == 302 and response.url == reverse("reporting:detail", args=[report.pk])


@pytest.mark.parametrize(
    ("kind", "period", "message"),
    [("quarter", "2026-Q9", "2026-Q3"), ("week", "2026-W60", "không có tuần 60"), ("month", "", "")],
)
def test_a_bad_period_is_said_on_the_form(coord_client, plan, kind, period, message):
    response = coord_client.post(reverse("reporting:open"), {"loai": kind, "ky": period})
    assert response.status_code == 400
    errors = text(find_all(dom(response), "//form[@id='open-form']//div[@class='errors']")[0])
    assert message in errors and not UpwardReport.objects.exists()


def test_the_draft_shows_its_parts_and_its_figures(coord_client, report):
    page = dom(coord_client.get(reverse("reporting:detail", args=[report.pk])))
    parts = [text(h) for h in find_all(page, "//section[contains(@class,'report-part')]/h3")]
    assert parts[-3:] == [
        "Tồn tại, hạn chế và nguyên nhân",
        "Phương hướng, nhiệm vụ trọng tâm kỳ tới",
        "Đề xuất, kiến nghị",
    ]
    area = find_all(page, "//figure[@id='bang-status_by_area']//tfoot/tr/th")
    board = services.compose_document(report).tables()[0].total_row()
    assert text(area[1]) == str(board[1])
    assert text(by_id(page, "figures-at")).endswith("(lần 1)")
    assert find_all(page, "//form[@id='files-form']") and find_all(page, "//form[@id='sent-form']")


def test_a_part_is_saved_and_a_stale_page_is_told(coord_client, report, leader):
    part = report.texts.get(key="proposals")
    url = reverse("reporting:text", args=[report.pk, "proposals"])
    response = coord_client.post(url, {"text": "Đề nghị tỉnh bố trí kinh phí.", "version": part.version})
    assert response.status_code == 302 and response.url.endswith("#phan-proposals")
    part.refresh_from_db()
    assert part.text == "Đề nghị tỉnh bố trí kinh phí." and part.edited_by is not None
    # A second page made before that save.
    response = coord_client.post(url, {"text": "Bản cũ.", "version": part.version - 1}, follow=True)
    alerts = " ".join(text(e) for e in find_all(dom(response), "//*[contains(@class,'messages')]//li"))
    assert "người khác sửa" in alerts
    part.refresh_from_db()
    assert part.text == "Đề nghị tỉnh bố trí kinh phí."


def test_a_refresh_shows_what_changed(coord_client, report, plan):
    o = Obligation.objects.filter(plan=plan, due_date__lte=date(2026, 3, 14), status=S.OVERDUE).first()
    Obligation.objects.filter(pk=o.pk).update(status=S.DONE_ON_TIME)
    response = coord_client.post(
        reverse("reporting:refresh", args=[report.pk]), {"version": report.version}, follow=True
    )
    page = dom(response)
    rows = find_all(page, "//section[@id='changes']//tbody/tr")
    changed = {(text(r[1]), text(r[2])) for r in rows}
    assert ("Công tác chỉ đạo, điều hành", heading(S.DONE_ON_TIME)) in changed
    assert text(by_id(page, "figures-at")).endswith("(lần 2)")


def test_marking_it_sent_keeps_the_number_and_closes_the_draft(coord_client, report):
    response = coord_client.post(
        reverse("reporting:sent", args=[report.pk]),
        {"so": "125/BC-SCT", "ngay": "19/03/2026", "version": report.version},
    )
    assert response.status_code == 302
    page = dom(coord_client.get(reverse("reporting:detail", args=[report.pk])))
    assert text(by_id(page, "report-state")) == "Đã gửi, số 125/BC-SCT, gửi ngày 19/03/2026"
    assert not find_all(page, "//form[@id='sent-form']") and not find_all(page, "//textarea")
    # The final copy can still be made: its letterhead carries the outgoing number.
    assert find_all(page, "//form[@id='files-form']")
    sent = UpwardReport.objects.get(pk=report.pk)
    assert services.compose_document(sent).letterhead.number == "Số: 125/BC-SCT"


@pytest.mark.parametrize(
    ("role", "unit", "read", "write"),
    [
        (Membership.Role.LEADER, None, 200, 302),
        (Membership.Role.COORDINATOR, None, 200, 302),
        (Membership.Role.OBSERVER, None, 200, 403),
        (Membership.Role.UNIT_HEAD, "QLTM", 403, 403),
        (Membership.Role.UNIT_STAFF, "QLTM", 403, 403),
    ],
)
def test_who_sees_and_writes(client, org, report, role, unit, read, write):
    existing = get_user_model().objects.filter(username=username_for(role, unit, org)).first()
    client.force_login(existing or person(org, role, unit))
    assert client.get(reverse("reporting:detail", args=[report.pk])).status_code == read
    part = report.texts.get(key="next")
    url = reverse("reporting:text", args=[report.pk, "next"])
    assert client.post(url, {"text": "x", "version": part.version}).status_code == write


def test_another_departments_report_is_not_found(client, report):
    other = make_org("snv-test", "Sở Nội vụ tỉnh Thử Nghiệm")
    client.force_login(person(other, Membership.Role.COORDINATOR))
    assert client.get(reverse("reporting:detail", args=[report.pk])).status_code == 404


def test_the_shipped_template_is_offered_to_the_office(coord_client, client, observer):
    from cchc.core.reporting.docx import check_template

    page = dom(coord_client.get(reverse("reporting:list")))
    link = by_id(page, "template-link")
    response = coord_client.get(link.get("href"))
    assert response.status_code == 200 and response["Content-Disposition"].endswith('"mau-bao-cao-cchc.docx"')
    check_template(response.content)  # a template the app itself accepts
    client.force_login(observer)
    assert client.get(reverse("reporting:template")).status_code == 403


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"not a word file", "không phải tệp Word .docx"),
        (None, "lỗi cú pháp ở thân văn bản, đoạn «{{ summary»"),
    ],
    ids=["not-docx", "bad-jinja"],
)
def test_a_broken_department_template_is_refused_at_upload(org, content, said):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from docx import Document

    from cchc.core.reporting.template import default_template
    from cchc.reporting.admin import ReportTemplateForm

    if content is None:  # the shipped template with a broken tag
        doc = Document(io.BytesIO(default_template()))
        doc.add_paragraph("{{ summary ")
        buf = io.BytesIO()
        doc.save(buf)
        content = buf.getvalue()
    upload = SimpleUploadedFile("mau.docx", content)
    form = ReportTemplateForm(data={"organisation": org.pk}, files={"file": upload})
    assert not form.is_valid()
    message = " ".join(form.errors["file"])
    assert said in message
    good = SimpleUploadedFile("mau.docx", default_template())
    assert ReportTemplateForm(data={"organisation": org.pk}, files={"file": good}).is_valid()


def test_a_plans_own_report_opens_from_the_list(coord_client, org, plan):
    page = dom(coord_client.get(reverse("reporting:list")))
    options = find_all(page, "//form[@id='plan-form']//select[@name='ke_hoach']/option")
    assert [(o.get("value"), text(o)) for o in options] == [(str(plan.pk), f"{plan.number}: {plan.title}")]
    response = coord_client.post(reverse("reporting:open_plan"), {"ke_hoach": str(plan.pk)})
    report = UpwardReport.objects.get()
    assert response.status_code == 302 and response.url == reverse("reporting:detail", args=[report.pk])
    assert (report.kind, report.plan, report.title) == (
        "plan",
        plan,
        f"Báo cáo kết quả thực hiện Kế hoạch số {plan.number}",
    )
    # Another department's plan is not offered, nor taken.
    other = make_org("snv-test", "Sở Nội vụ tỉnh Thử Nghiệm")
    theirs = confirm(other, person(other, Membership.Role.COORDINATOR), sample_tasks())
    response = coord_client.post(reverse("reporting:open_plan"), {"ke_hoach": str(theirs.pk)})
    assert response.status_code == 400
    assert "Hãy chọn một kế hoạch trong danh sách." in text(
        find_all(dom(response), "//form[@id='plan-form']//div[@class='errors']")[0]
    )
