"""The plan list shows each plan's progress (counts, the on-time rate of core.status.rates, a
progress bar; archived plans apart); the plan page shows each task's status and latest
accepted result, links each task to its page and offers the Excel export and the source."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cchc.orgs.models import Membership
from cchc.tracking import lifecycle
from cchc.tracking.models import ObligationStatus as S
from cchc.tracking.models import Report
from cchc.tracking.templatetags.tracking_tags import percent
from tests.dom import by_id, dom, find, find_all, links, text
from tests.factories import make_user
from tests.tracking.screens import make_obligation, make_plan, make_task

pytestmark = pytest.mark.django_db
Role = Membership.Role


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def plan(org, today):
    return make_plan(org, today)


@pytest.fixture
def tasks(plan, today):
    """Task 1 (QLTM): 2 early, 1 on time, 1 late, 1 overdue, 1 not due, 2 not tracked.
    Task 2 (TTRA): one obligation not due. Task 3: a group row. The plan: 4 of 7 done."""
    t1 = make_task(plan, 1, "Rà soát thủ tục hành chính.", lead=["QLTM"], coord=["TTRA"])
    t2 = make_task(plan, 2, "Kiểm tra công tác CCHC.", lead=["TTRA"])
    t3 = make_task(plan, 3, "Nhóm nhiệm vụ", lead=[], is_group=True)
    d = today
    rows = [
        (S.DONE_EARLY, -60, -70),
        (S.DONE_EARLY, -50, -55),
        (S.DONE_ON_TIME, -40, -40),
        (S.DONE_LATE, -30, -25),
        (S.OVERDUE, -10, None),
        (S.NOT_DUE, 20, None),
    ]
    for n, (status, due, done) in enumerate(rows):
        make_obligation(
            t1,
            "QLTM",
            d + timedelta(days=due),
            status=status,
            completed_on=d + timedelta(days=done) if done is not None else None,
            key=f"k{n}",
        )
    for n in range(2):
        o = make_obligation(t1, "QLTM", d - timedelta(days=150 + n), status=S.NOT_TRACKED, key=f"nt{n}")
        o.is_active = False
        o.save()
    make_obligation(t2, "TTRA", d + timedelta(days=30))
    return t1, t2, t3


def accept(obligation, user, narrative: str, days_ago: int):
    return Report.objects.create(
        obligation=obligation,
        unit=obligation.unit,
        narrative=narrative,
        state=Report.State.ACCEPTED,
        created_by=user,
        reviewed_at=timezone.now() - timedelta(days=days_ago),
    )


def test_the_plan_list_shows_each_plans_progress(coord_client, plan, tasks):
    row = by_id(dom(coord_client.get(reverse("plans:list"))), f"plan-{plan.pk}")
    cells = {td.get("data-label"): td for td in row.iter("td")}
    bar = find(cells["Tiến độ"], ".//progress")
    assert (bar.get("value"), bar.get("max")) == ("4", "7")  # 4 of the 7 tracked periods are done
    assert text(find(cells["Tiến độ"], './/span[contains(@class, "progress-text")]')) == (
        "4/7 kỳ hoàn thành, 1 quá hạn, 2 kỳ không theo dõi"
    )
    # core.status.rates: (early + on time) / (done + overdue) = 3 / 5.
    assert text(cells["Tỷ lệ đúng hạn"]) == percent(3 / 5)
    assert text(cells["Nhiệm vụ"]) == "2"  # the group row is not a task


def test_archived_plans_are_listed_apart(coord_client, coordinator, org, plan, tasks, today):
    other = make_plan(org, today, number="16/KH-SCT")
    lifecycle.archive_plan(plan, coordinator)
    page = dom(coord_client.get(reverse("plans:list")))
    current, archived = by_id(page, "dang-theo-doi"), by_id(page, "luu-tru")
    assert by_id(current, f"plan-{other.pk}") is not None and by_id(current, f"plan-{plan.pk}") is None
    row = by_id(archived, f"plan-{plan.pk}")
    assert row is not None
    # Its progress is kept: the paused obligations still count for the plan's own figures.
    assert text(find(row, './/span[contains(@class, "progress-text")]')).startswith("4/7 kỳ hoàn thành")
    assert text(find(archived, ".//h2")) == "Đã lưu trữ (1)"


def test_the_plan_page_shows_each_tasks_status_and_latest_result(coord_client, coordinator, plan, tasks):
    t1, t2, t3 = tasks
    first, second = t1.obligations.filter(status__in=[S.DONE_EARLY]).order_by("due_date")
    accept(first, coordinator, "Đã ban hành Quyết định 12/QĐ-SCT.", days_ago=50)
    accept(second, coordinator, "Đã công bố 35 thủ tục hành chính.", days_ago=5)
    page = dom(coord_client.get(reverse("plans:detail", args=[plan.pk])))
    status = find(by_id(page, f"t{t1.pk}"), './/td[@data-label="Tình hình"]')
    assert text(find(status, './/span[contains(@class, "progress-text")]')) == (
        "4/6 kỳ hoàn thành, 1 quá hạn, 2 kỳ không theo dõi"
    )
    result = text(find(status, './/div[@class="latest-result"]'))
    assert (
        "Đã công bố 35 thủ tục hành chính." in result and "Quyết định 12/QĐ-SCT" not in result
    )  # the latest
    assert "Phòng Quản lý Thương mại" in result
    assert text(find(by_id(page, f"t{t2.pk}"), './/td[@data-label="Tình hình"]')) == "0/1 kỳ hoàn thành"
    assert text(find(by_id(page, f"t{t3.pk}"), './/td[@data-label="Tình hình"]')) == ""  # a group row
    # Each task links to its page; a group row does not.
    assert find(by_id(page, f"t{t1.pk}"), './/a[@class="task-link"]').get("href") == reverse(
        "tracking:task", args=[t1.pk]
    )
    assert find(by_id(page, f"t{t3.pk}"), './/a[@class="task-link"]') is None
    # The plan's figures, the export and the source file.
    assert text(by_id(page, "plan-on-time")).startswith(percent(3 / 5))
    actions = links(by_id(page, "plan-actions"))
    assert actions["Xuất Excel phụ lục kết quả"] == reverse("tracking:plan_export", args=[plan.pk])


def test_a_unit_sees_the_counts_but_not_other_units_reports(client, org, coordinator, plan, tasks):
    t1, t2, _t3 = tasks
    accept(t1.obligations.filter(status=S.DONE_EARLY).first(), coordinator, "Nội dung báo cáo của QLTM.", 3)
    client.force_login(make_user(org, Role.UNIT_HEAD, "chanhthanhtra", unit_code="TTRA"))
    page = dom(client.get(reverse("plans:detail", args=[plan.pk])))
    row1 = by_id(page, f"t{t1.pk}")
    assert find(row1, './/div[@class="latest-result"]') is None
    assert text(find(row1, './/span[contains(@class, "progress-text")]')).startswith("4/6 kỳ hoàn thành")
    # TTRA leads task 2 and coordinates task 1: both link to their pages; no export, no actions.
    assert find(row1, './/a[@class="task-link"]') is not None
    assert find(by_id(page, f"t{t2.pk}"), './/a[@class="task-link"]') is not None
    assert find_all(by_id(page, "plan-actions"), ".//a | .//button") == []


def test_a_unit_has_no_link_to_a_task_it_has_nothing_to_do_with(client, org, plan, tasks):
    _t1, t2, _t3 = tasks
    client.force_login(make_user(org, Role.UNIT_HEAD, "truongphong-qltm", unit_code="QLTM"))
    page = dom(client.get(reverse("plans:detail", args=[plan.pk])))
    assert find(by_id(page, f"t{t2.pk}"), './/a[@class="task-link"]') is None  # task 2 is Thanh tra's


def test_the_plan_page_reads_a_fixed_number_of_queries(coord_client, org, plan, tasks, today):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("plans:detail", args=[plan.pk])
    coord_client.get(url)  # warm the session and the caches
    with CaptureQueriesContext(connection) as few:
        coord_client.get(url)
    for n in range(4, 24):
        t = make_task(plan, n, f"Nhiệm vụ thêm {n}.", lead=["QLTM"])
        make_obligation(t, "QLTM", today + timedelta(days=n), key=f"x{n}")
    with CaptureQueriesContext(connection) as many:
        coord_client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_plan_list_reads_a_fixed_number_of_queries(coord_client, org, plan, tasks, today):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("plans:list")
    coord_client.get(url)
    with CaptureQueriesContext(connection) as few:
        coord_client.get(url)
    for n in range(5):
        other = make_plan(org, today, number=f"{20 + n}/KH-SCT")
        make_obligation(make_task(other, 1, "Nhiệm vụ.", lead=["VP"]), "VP", today)
    with CaptureQueriesContext(connection) as many:
        coord_client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
