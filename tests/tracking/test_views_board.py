"""The Office board (/theo-doi/): who sees it, the filters, the figures, the table, and a
query count that does not grow with the rows shown."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cchc.tracking import cache as board_cache
from cchc.tracking.models import ObligationStatus as S
from tests.factories import make_org, make_user
from tests.tracking.html import one, page, text
from tests.tracking.screens import *  # noqa: F403
from tests.tracking.screens import login, make_obligation, make_plan, make_task

pytestmark = pytest.mark.django_db

BOARD = "/theo-doi/"


def stat(html: str, name: str) -> str:
    return text(one(page(html), f"//*[@id='stat-{name}']/span[@class='n']"))


def status_count(html: str, status: str) -> int:
    return int(text(one(page(html), f"//*[@id='count-{status}']//strong[@class='n']")))


@pytest.fixture
def mixed(task1, task2, today):
    """Ten obligations: 2 early, 1 on time, 1 late, 2 overdue, 1 extended, 3 not due."""
    d = today
    rows = [
        (task1, "QLTM", d - timedelta(days=40), S.DONE_EARLY, d - timedelta(days=50)),
        (task1, "QLTM", d - timedelta(days=30), S.DONE_EARLY, d - timedelta(days=35)),
        (task1, "QLTM", d - timedelta(days=20), S.DONE_ON_TIME, d - timedelta(days=20)),
        (task2, "TTRA", d - timedelta(days=10), S.DONE_LATE, d - timedelta(days=2)),
        (task2, "TTRA", d - timedelta(days=5), S.OVERDUE, None),
        (task2, "TTRA", d - timedelta(days=3), S.OVERDUE, None),
        (task1, "QLTM", d + timedelta(days=10), S.EXTENDED, None),
        (task1, "QLTM", d + timedelta(days=20), S.NOT_DUE, None),
        (task2, "TTRA", d + timedelta(days=25), S.NOT_DUE, None),
        (task2, "TTRA", d + timedelta(days=40), S.NOT_DUE, None),
    ]
    out = []
    for task, unit, due, status, done in rows:
        current = due + timedelta(days=15) if status == S.EXTENDED else None
        out.append(make_obligation(task, unit, due, status=status, completed_on=done, current_due=current))
    return out


def test_board_needs_login(client):
    response = client.get(BOARD)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["coordinator", "leader", "observer"])
def test_department_wide_roles_see_the_board(client, who, request, mixed):
    response = login(client, request.getfixturevalue(who)).get(BOARD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bảng theo dõi thực hiện nhiệm vụ CCHC" in html
    assert stat(html, "total") == "10"


@pytest.mark.parametrize("who", ["head", "staff"])
def test_unit_people_get_403_on_the_board(client, who, request, mixed):
    response = login(client, request.getfixturevalue(who)).get(BOARD)
    assert response.status_code == 403
    assert "Việc của đơn vị" in response.content.decode()


def test_figures_on_top(client, coordinator, mixed):
    html = login(client, coordinator).get(BOARD).content.decode()
    assert stat(html, "total") == "10"
    assert stat(html, "done") == "4"
    assert stat(html, "on-time-rate") == "50,0 %"  # (2 early + 1 on time) / (4 done + 2 overdue)
    assert stat(html, "early-share") == "50,0 %"  # 2 early / 4 done
    assert stat(html, "overdue") == "2"
    assert status_count(html, "done_early") == 2
    assert status_count(html, "done_on_time") == 1
    assert status_count(html, "done_late") == 1
    assert status_count(html, "overdue") == 2
    assert status_count(html, "extended") == 1
    assert status_count(html, "not_due") == 3
    assert status_count(html, "in_progress") == 0


def test_no_finished_work_shows_a_dash_not_zero(client, coordinator, ob1):
    html = login(client, coordinator).get(BOARD).content.decode()
    assert stat(html, "on-time-rate") == "—"
    assert stat(html, "early-share") == "—"


def test_rows_show_task_unit_period_due_status_and_link(client, coordinator, mixed, task1):
    extended = mixed[6]
    html = login(client, coordinator).get(BOARD).content.decode()
    row = re.search(rf'<tr id="o{extended.pk}">(.*?)</tr>', html, re.S).group(1)
    assert reverse("tracking:task", args=[task1.pk]) + f"?nghia-vu={extended.pk}" in row
    assert "Rà soát, công bố thủ tục hành chính" in row
    assert "Phòng Quản lý Thương mại" in row
    assert f"{extended.due_date:%d/%m/%Y}" in row and f"{extended.current_due:%d/%m/%Y}" in row
    assert "gia hạn" in row and 'class="badge st-extended"' in row


def test_filter_by_status_unit_area_plan(client, coordinator, mixed, org, today):
    c = login(client, coordinator)
    assert stat(c.get(BOARD, {"trang_thai": "overdue"}).content.decode(), "total") == "2"
    assert stat(c.get(BOARD, {"trang_thai": "done"}).content.decode(), "total") == "4"
    assert stat(c.get(BOARD, {"trang_thai": "open"}).content.decode(), "total") == "6"
    html = c.get(BOARD, {"don_vi": "TTRA"}).content.decode()
    assert stat(html, "total") == "5" and stat(html, "on-time-rate") == "0,0 %"
    assert stat(c.get(BOARD, {"linh_vuc": "procedures"}).content.decode(), "total") == "5"
    other = make_plan(org, today, number="99/KH-SCT")
    make_obligation(make_task(other, 1, "Việc của kế hoạch khác", lead=["VP"]), "VP", today)
    assert stat(c.get(BOARD).content.decode(), "total") == "11"
    html = c.get(BOARD, {"ke_hoach": other.pk}).content.decode()
    assert stat(html, "total") == "1"
    assert reverse("tracking:plan_export", args=[other.pk]) in html


def test_filter_by_due_period(client, coordinator, org, task1):
    for due in (date(2026, 1, 15), date(2026, 2, 10), date(2026, 4, 30), date(2026, 7, 1)):
        make_obligation(task1, "QLTM", due)
    c = login(client, coordinator)
    assert stat(c.get(BOARD, {"nam": 2026, "thang": 2}).content.decode(), "total") == "1"
    assert stat(c.get(BOARD, {"nam": 2026, "quy": 1}).content.decode(), "total") == "2"
    assert stat(c.get(BOARD, {"nam": 2026, "quy": 2}).content.decode(), "total") == "1"
    html = c.get(BOARD, {"tu_ngay": "01/02/2026", "den_ngay": "30/06/2026"}).content.decode()
    assert stat(html, "total") == "2"
    assert "Hạn từ 01/02/2026 đến 30/06/2026" in html


def test_bad_filter_dates_are_explained(client, coordinator, ob1):
    response = login(client, coordinator).get(BOARD, {"tu_ngay": "31/02/2026"})
    assert response.status_code == 400
    assert "Ngày không hợp lệ: hãy viết dạng dd/mm/yyyy." in response.content.decode()
    response = client.get(BOARD, {"tu_ngay": "01/03/2026", "den_ngay": "01/02/2026"})
    assert "“Đến ngày” phải sau “Từ ngày”." in response.content.decode()


def test_another_departments_work_is_not_on_the_board(client, coordinator, mixed, today):
    other = make_org("sct-khac", "Sở Công Thương tỉnh Khác")
    plan = make_plan(other, today, number="1/KH-KHAC")
    make_obligation(make_task(plan, 1, "Việc của Sở khác", lead=["VP"]), "VP", today)
    html = login(client, coordinator).get(BOARD).content.decode()
    assert stat(html, "total") == "10"
    assert "Việc của Sở khác" not in html


def test_inactive_obligations_are_left_out(client, coordinator, ob1, ob2):
    ob2.is_active = False
    ob2.save()
    assert stat(login(client, coordinator).get(BOARD).content.decode(), "total") == "1"


def test_table_paginates_by_50(client, coordinator, task1, today):
    for i in range(60):
        make_obligation(task1, "QLTM", today + timedelta(days=i))
    c = login(client, coordinator)
    html = c.get(BOARD).content.decode()
    assert html.count('<tr id="o') == 50
    assert "Trang 1/2 · 60 dòng" in html and "trang=2" in html
    html = c.get(BOARD, {"trang": 2}).content.decode()
    assert html.count('<tr id="o') == 10
    assert stat(html, "total") == "60"  # the figures are those of the whole filtered set


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_rows(client, coordinator, org, today, django_assert_max_num_queries):
    plan = make_plan(org, today, number="50/KH-SCT")
    tasks = [make_task(plan, i, f"Nhiệm vụ {i}", lead=["QLTM"]) for i in range(1, 61)]
    for t in tasks[:5]:
        make_obligation(t, "QLTM", today + timedelta(days=t.order))
    c = login(client, coordinator)
    c.get(BOARD)  # warm the session
    # Cold requests (nothing cached): the counts and the sort are read, whatever the rows.
    board_cache.clear_all()
    small = _queries(c, BOARD)
    for t in tasks[5:]:
        make_obligation(t, "QLTM", today + timedelta(days=t.order), status=S.OVERDUE)
    board_cache.clear_all()
    with django_assert_max_num_queries(small):
        html = c.get(BOARD).content.decode()
    assert html.count('<tr id="o') == 50 and stat(html, "total") == "60"
    board_cache.clear_all()
    with django_assert_max_num_queries(small):
        c.get(BOARD, {"don_vi": "QLTM", "trang_thai": "overdue", "trang": 2})
    # Every other way of reading the list: all plans, a sort, a search, a due window.
    for params in (
        {"ke_hoach": "tat-ca", "trang": 2},
        {"ke_hoach": plan.pk, "sap_xep": "-han"},
        {"sap_xep": "nhiem-vu", "q": "Nhiệm vụ"},
        {"han": "thang", "sap_xep": "cap-nhat"},
    ):
        board_cache.clear_all()
        with django_assert_max_num_queries(small):
            assert c.get(BOARD, params).status_code == 200
    assert small <= 13


def test_menu_shows_the_follow_through_links(client, coordinator, head):
    html = login(client, coordinator).get(BOARD).content.decode()
    for label in ("Bảng theo dõi", "Việc của đơn vị", "Duyệt báo cáo", "Gia hạn", "Thông báo"):
        assert label in html
    client.logout()
    html = login(client, head).get(reverse("tracking:my_unit")).content.decode()
    assert f'href="{BOARD}"' not in html and reverse("tracking:review_queue") not in html
    assert "Việc của đơn vị" in html and "Gia hạn" in html


def test_user_without_department_gets_403(client, db):
    client.force_login(make_user(None, username="khach"))
    assert client.get(BOARD).status_code == 403
