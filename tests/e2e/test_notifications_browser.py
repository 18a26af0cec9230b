"""In a real browser, what the Office and a unit are told: a report sent by the unit shows as
a count on "Duyệt báo cáo" and a notification; the Office returns it; the unit head opens
"Báo cáo … bị trả lại" from the notification list and lands on the returned period (not the
task's first one), and the notification is read from then on. The week's digest opens from
the notification list."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cchc.plans.models import Plan, Task, TaskUnit
from cchc.tracking import reports
from cchc.tracking.evidence import EvidenceInput
from cchc.tracking.models import Obligation
from tests.e2e.browser import People


def recurring_task(org) -> tuple[Obligation, Obligation]:
    """A monthly task of Phòng Quản lý Thương mại: January's period and this month's."""
    today = timezone.localdate()
    plan = Plan.objects.create(
        organisation=org,
        number="7/KH-SCT",
        title="Kế hoạch cải cách hành chính năm nay",
        period_start=date(today.year, 1, 1),
        period_end=date(today.year, 12, 31),
        source_sha256="7".ljust(64, "0"),
    )
    task = Task.objects.create(
        plan=plan, order=1, number="1", text="Báo cáo tình hình giải quyết thủ tục hành chính hằng tháng."
    )
    unit = org.units.get(code="QLTM")
    TaskUnit.objects.create(task=task, unit=unit, role=TaskUnit.Role.LEAD)

    def period(month: int, due: date) -> Obligation:
        return Obligation.objects.create(
            organisation=org,
            plan=plan,
            task=task,
            unit=unit,
            period_key=f"{today.year}-{month:02d}",
            period_label=f"Tháng {month:02d}/{today.year}",
            period_start=date(today.year, month, 1),
            period_end=due,
            due_date=due,
            current_due=due,
        )

    first = period(1, date(today.year, 1, 25))
    this = period(today.month, max(today + timedelta(days=10), date(today.year, today.month, 25)))
    return first, this


@pytest.mark.browser
def test_the_office_is_told_and_the_unit_lands_on_the_returned_period(live_server, department, browser):
    from django.contrib.auth import get_user_model
    from playwright.sync_api import expect

    first, this = recurring_task(department)
    head_user = get_user_model().objects.get(username="qltm")
    today = timezone.localdate()
    reports.submit_report(
        this,
        head_user,
        narrative="Đã tổng hợp tình hình giải quyết TTHC trong tháng.",
        progress=100,
        evidence=[EvidenceInput(doc_number="45/BC-QLTM", doc_date=today, summary="Báo cáo tháng")],
    )
    people = People(browser, live_server.url)
    try:
        # 1. The Office sees what waits: the count on "Duyệt báo cáo" and a notification.
        office = people("vanphong")
        review = office.locator("nav.mainnav a.review-link")
        expect(review.locator("span.unread")).to_have_text("1")
        office.locator("nav.mainnav a.notif-link").click()
        entry = office.locator("ul.notifications li", has_text="gửi báo cáo")
        expect(entry).to_contain_text("Phòng Quản lý Thương mại gửi báo cáo: 1. Báo cáo tình hình")
        expect(entry).to_contain_text("7/KH-SCT")
        expect(entry).to_have_class("notif unread")

        # 2. It returns the report from the review queue, with a comment.
        review.click()
        item = office.locator(".queue-item", has_text="45/BC-QLTM")
        item.get_by_label("Ý kiến").fill("Bổ sung số liệu hồ sơ trễ hạn.")
        item.get_by_role("button", name="Trả lại").click()
        expect(office.locator(".messages")).to_contain_text("Đã trả lại báo cáo")
        expect(review.locator("span.unread")).to_have_count(0)

        # 3. The unit head opens the notification: this month's period, and it is read.
        head = people("qltm")
        badge = head.locator("nav.mainnav a.notif-link span.unread")
        expect(badge).to_have_text("1")
        head.locator("nav.mainnav a.notif-link").click()
        head.locator("ul.notifications li", has_text="bị trả lại").locator("a.notif-title").click()
        head.wait_for_url(f"**/nhiem-vu/{this.task_id}/?nghia-vu={this.pk}#chi-tiet")
        assert f"nghia-vu={first.pk}" not in head.url
        expect(badge).to_have_count(0)  # the menu on the page reached: nothing unread
        head.locator("nav.mainnav a.notif-link").click()
        expect(head.locator("ul.notifications li", has_text="bị trả lại")).to_have_class("notif")

        # 4. The Office opens the week's digest from its notifications.
        office.locator("nav.mainnav a.notif-link").click()
        office.get_by_role("link", name="Tổng hợp tuần").click()
        expect(
            office.get_by_role("heading", name="Tổng hợp tình hình thực hiện nhiệm vụ CCHC")
        ).to_be_visible()
        expect(office.locator("table.digest-units tfoot")).to_contain_text("Toàn Sở")
    finally:
        people.close()
