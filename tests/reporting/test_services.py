"""Opening, refreshing, editing and sending a report: its figures and drafted texts, what a
refresh says changed, concurrent edits refused, the province's own period rules."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.core.reporting.document import ReportDocument
from cchc.core.reporting.periods import ReportKind
from cchc.plans.models import Task
from cchc.reporting import services
from cchc.reporting.figures import heading
from cchc.reporting.models import PeriodRule, SectionText, UpwardReport
from cchc.reporting.services import ReportError, StaleReport
from cchc.tracking.models import Obligation, ObligationStatus, Report
from tests.factories import person, sample_tasks
from tests.tracking.test_planning import confirm

S = ObligationStatus
pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(org, coordinator):
    plan = confirm(org, coordinator, sample_tasks())
    Task.objects.filter(plan=plan, section="II").update(area="procedures")
    return plan


def _accept(obligation, text, coordinator):
    head = person(obligation.organisation, "unit_head", obligation.unit.code)
    report = Report.objects.create(
        obligation=obligation,
        unit=obligation.unit,
        narrative=text,
        state=Report.State.ACCEPTED,
        created_by=head,
        submitted_by=head,
        reviewed_by=coordinator,
    )
    Obligation.objects.filter(pk=obligation.pk).update(status=S.DONE_ON_TIME)
    return report


def test_a_quarter_report_opens_with_its_window_figures_and_drafts(org, plan, coordinator):
    first = Obligation.objects.filter(plan=plan, due_date__lte=date(2026, 3, 14)).order_by("due_date").first()
    _accept(first, "Đã ban hành Kế hoạch số 12/KH-SCT ngày 20/01/2026.", coordinator)
    report = services.open_report(org, "quarter", "2026-Q1", coordinator)
    assert (report.kind, report.period_key, report.label) == ("quarter", "2026-Q1", "quý I năm 2026")
    assert (report.window_start, report.window_end, report.due_on) == (
        date(2025, 12, 15),
        date(2026, 3, 14),
        date(2026, 3, 20),
    )
    assert report.data_version == 1 and report.figures_at is not None
    doc = ReportDocument.from_dict(report.figures)
    assert doc.summary == "Kết quả thực hiện công tác cải cách hành chính quý I năm 2026"
    assert doc.letterhead.governing_body == "UBND TỈNH THỬ NGHIỆM"
    assert doc.letterhead.issuing_body == "SỞ CÔNG THƯƠNG"
    assert doc.letterhead.number == "Số:      /BC-SCT"
    texts = {t.key: t for t in report.texts.all()}
    assert "Văn phòng Sở" in texts["area:direction"].text and "12/KH-SCT" in texts["area:direction"].text
    assert texts["area:direction"].text == texts["area:direction"].drafted
    assert {"issues", "next", "proposals"} <= set(texts)
    # Opening it again is the same report.
    assert services.open_report(org, ReportKind.QUARTER, "2026-q1") == report
    assert UpwardReport.objects.count() == 1


def test_a_refresh_says_what_changed_and_keeps_the_offices_text(org, plan, coordinator):
    report = services.open_report(org, "quarter", "2026-Q1", coordinator)
    part = report.texts.get(key="issues")
    services.save_text(report, "issues", "Văn bản của Văn phòng.", coordinator, expected_version=part.version)
    # Past its date when the plan was confirmed (today is later), then reported early.
    late = Obligation.objects.filter(plan=plan, due_date__lte=date(2026, 3, 14), status=S.OVERDUE).first()
    Obligation.objects.filter(pk=late.pk).update(status=S.DONE_EARLY)
    report.refresh_from_db()
    found = services.refresh(report, coordinator, expected_version=report.version)
    assert report.data_version == 2
    moved = {(c.row, c.column): (c.before, c.after) for c in found if c.table.endswith("theo lĩnh vực")}
    area = "Công tác chỉ đạo, điều hành"
    assert moved[area, heading(S.OVERDUE)][1] == moved[area, heading(S.OVERDUE)][0] - 1
    assert moved[area, heading(S.DONE_EARLY)][1] == (moved[area, heading(S.DONE_EARLY)][0] or 0) + 1
    assert ("Tổng cộng", heading(S.DONE_EARLY)) in moved
    rows = [c for c in found if c.column == "Số dòng"]
    assert rows and rows[0].after == rows[0].before - 1  # one less in the late work's list
    assert report.texts.get(key="issues").text == "Văn bản của Văn phòng."  # the Office's text kept
    assert report.texts.get(key="issues").drafted != "Văn bản của Văn phòng."
    # Nothing changed since: nothing said.
    assert services.refresh(report, coordinator, expected_version=report.version) == []


def test_two_people_editing_one_part_the_second_is_told(org, plan, coordinator, leader):
    report = services.open_report(org, "quarter", "2026-Q1", coordinator)
    version = report.texts.get(key="proposals").version
    services.save_text(report, "proposals", "Đề xuất A.", coordinator, expected_version=version)
    with pytest.raises(StaleReport):
        services.save_text(report, "proposals", "Đề xuất B.", leader, expected_version=version)
    row = SectionText.objects.get(report=report, key="proposals")
    assert row.text == "Đề xuất A." and row.edited_by == coordinator
    assert row.history.filter(history_user=coordinator).exists()
    with pytest.raises(ReportError, match="không có trong báo cáo"):
        services.save_text(report, "khong-co", "x", coordinator, expected_version=1)
    with pytest.raises(StaleReport):
        services.refresh(report, coordinator, expected_version=1)


def test_a_sent_report_keeps_its_number_and_is_no_longer_edited(org, plan, coordinator):
    report = services.open_report(org, "half", "2026-H1", coordinator)
    with pytest.raises(ReportError, match="số văn bản"):
        services.mark_sent(
            report, coordinator, number="  ", sent_on=date(2026, 6, 19), expected_version=report.version
        )
    sent = services.mark_sent(
        report, coordinator, number="125/BC-SCT", sent_on=date(2026, 6, 19), expected_version=report.version
    )
    assert (sent.state, sent.number, sent.sent_on, sent.sent_by) == (
        "sent",
        "125/BC-SCT",
        date(2026, 6, 19),
        coordinator,
    )
    part = report.texts.get(key="next")
    with pytest.raises(ReportError, match="đã gửi"):
        services.save_text(report, "next", "x", coordinator, expected_version=part.version)
    assert services.compose_document(sent).letterhead.number == "Số: 125/BC-SCT"


def test_a_provinces_own_rule_replaces_the_countrys(org):
    PeriodRule.objects.create(
        province=org.province,
        kind="quarter",
        period="Q1",
        label="quý I",
        start_month=1,
        start_day=1,
        start_prev_year=False,
        end_month=3,
        end_day=31,
        due_month=4,
        due_day=5,
    )
    q1, _ = services.period_for(org, "quarter", "2026-Q1")
    q3, _ = services.period_for(org, "quarter", "2026-Q3")
    assert (q1.start, q1.end, q1.due) == (date(2026, 1, 1), date(2026, 3, 31), date(2026, 4, 5))
    assert (q3.start, q3.end) == (date(2025, 12, 15), date(2026, 9, 14))  # the country's
    due = services.due_reports(org, 2026)
    assert [(d["period"].key, d["period"].due) for d in due][:2] == [
        ("2026-Q1", date(2026, 4, 5)),
        ("2026-H1", date(2026, 6, 20)),
    ]


def test_a_plans_report_covers_the_plans_period(org, plan, coordinator):
    period, found = services.period_for(org, "plan", str(plan.pk))
    assert found == plan and (period.start, period.end) == (plan.period_start, plan.period_end)
    report = services.open_report(org, "plan", str(plan.pk), coordinator)
    assert report.plan == plan and report.period_key == f"plan-{plan.pk}"
    with pytest.raises(ReportError, match="Không có kế hoạch"):
        services.period_for(org, "plan", "999999")


def test_quarter_threes_report_is_the_nine_months_one_in_the_years_list(org, plan, coordinator):
    q3 = services.open_report(org, "quarter", "2026-Q3", coordinator)
    rows = {(d["period"].kind, d["period"].key): d["report"] for d in services.due_reports(org, 2026)}
    assert rows == {
        (ReportKind.QUARTER, "2026-Q1"): None,
        (ReportKind.HALF, "2026-H1"): None,
        (ReportKind.NINE_MONTHS, "2026"): q3,
        (ReportKind.YEAR, "2026"): None,
    }
