"""“Việc của đơn vị” (/don-vi/, /don-vi/<unit_code>/): open work first, then done work; the
actions a unit's people have; the Office's unit picker; a fixed number of queries."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from cchc.tracking import cache as board_cache
from cchc.tracking.models import ExtensionRequest
from cchc.tracking.models import ObligationStatus as S
from tests.tracking.screens import *  # noqa: F403
from tests.tracking.screens import login, make_obligation, make_plan, make_task

pytestmark = pytest.mark.django_db

MINE = "/don-vi/"


def row_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<tr id="o(\d+)"', html)]


@pytest.fixture
def qltm_work(task1, today):
    """QLTM's obligations: two done, one overdue, one due in 3 days, one in a month."""
    t = today
    return {
        "done_old": make_obligation(
            task1,
            "QLTM",
            t - timedelta(days=60),
            status=S.DONE_ON_TIME,
            completed_on=t - timedelta(days=61),
            key="a",
        ),
        "done_new": make_obligation(
            task1,
            "QLTM",
            t - timedelta(days=20),
            status=S.DONE_EARLY,
            completed_on=t - timedelta(days=25),
            key="b",
        ),
        "overdue": make_obligation(task1, "QLTM", t - timedelta(days=4), status=S.OVERDUE, key="c"),
        "soon": make_obligation(task1, "QLTM", t + timedelta(days=3), key="d"),
        "later": make_obligation(task1, "QLTM", t + timedelta(days=30), key="e"),
    }


def test_unit_head_sees_own_unit_open_first(client, head, qltm_work, ob2):
    html = login(client, head).get(MINE).content.decode()
    assert "Việc của đơn vị: Phòng Quản lý Thương mại" in html
    w = qltm_work
    assert row_ids(html) == [w["overdue"].pk, w["soon"].pk, w["later"].pk, w["done_new"].pk, w["done_old"].pk]
    assert ob2.pk not in row_ids(html)  # Thanh tra Sở's work
    assert html.index("Quá hạn</td>") < html.index("Đang mở</td>") < html.index("Đã hoàn thành</td>")
    assert re.search(rf'<tr id="o{w["soon"].pk}" class="due-soon">', html)
    assert "sắp đến hạn" in html
    assert re.search(r'id="unit-open"><span class="n">3<', html)
    assert re.search(r'id="unit-overdue"><span class="n">1<', html)
    assert re.search(r'id="unit-due-soon"><span class="n">1<', html)
    assert re.search(r'id="unit-done"><span class="n">2<', html)


def test_actions_report_and_extension(client, head, staff, qltm_work, task1):
    w = qltm_work
    html = login(client, head).get(MINE).content.decode()
    row = re.search(rf'<tr id="o{w["soon"].pk}".*?</tr>', html, re.S).group(0)
    assert f"{reverse('tracking:task', args=[task1.pk])}?nghia-vu={w['soon'].pk}#bao-cao" in row
    assert "Đề nghị gia hạn" in row
    overdue_row = re.search(rf'<tr id="o{w["overdue"].pk}".*?</tr>', html, re.S).group(0)
    assert "Báo cáo" in overdue_row and "Đề nghị gia hạn" not in overdue_row  # past its due date
    done_row = re.search(rf'<tr id="o{w["done_new"].pk}".*?</tr>', html, re.S).group(0)
    assert "button" not in done_row
    client.logout()
    html = login(client, staff).get(MINE).content.decode()
    assert "Báo cáo</a>" in html and "Đề nghị gia hạn" not in html  # staff draft, heads ask


def test_pending_extension_is_shown_and_not_asked_twice(client, head, qltm_work):
    soon = qltm_work["soon"]
    ExtensionRequest.objects.create(
        obligation=soon,
        requested_by=head,
        reason="Chờ số liệu",
        requested_due=soon.current_due + timedelta(days=5),
    )
    html = login(client, head).get(MINE).content.decode()
    row = re.search(rf'<tr id="o{soon.pk}".*?</tr>', html, re.S).group(0)
    assert "Đang chờ quyết định gia hạn" in row and "Đề nghị gia hạn</a>" not in row


def test_unit_people_cannot_open_another_unit(client, head, qltm_work):
    login(client, head)
    assert client.get(reverse("tracking:unit", args=["QLTM"])).status_code == 200
    response = client.get(reverse("tracking:unit", args=["TTRA"]))
    assert response.status_code == 403
    assert "chỉ xem được công việc của đơn vị mình" in response.content.decode()


@pytest.mark.parametrize("who", ["coordinator", "leader", "observer"])
def test_office_picks_a_unit(client, who, request, qltm_work, ob2):
    login(client, request.getfixturevalue(who))
    html = client.get(MINE).content.decode()
    assert "Việc của các đơn vị" in html
    assert reverse("tracking:unit", args=["QLTM"]) in html and reverse("tracking:unit", args=["TTRA"]) in html
    assert "Sở Nội vụ" not in html  # outside bodies owe nothing
    row = re.search(
        r"Phòng Quản lý Thương mại</a></td><td class=\"num\">(\d+)</td><td class=\"num[^\"]*\">(\d+)", html
    )
    assert row.groups() == ("3", "1")
    html = client.get(reverse("tracking:unit", args=["QLTM"])).content.decode()
    assert len(row_ids(html)) == 5
    assert "Đề nghị gia hạn" not in html and "Báo cáo</a>" not in html  # not their unit's to act on


def test_unknown_unit_is_404(client, coordinator):
    assert login(client, coordinator).get(reverse("tracking:unit", args=["KHONGCO"])).status_code == 404


def test_member_without_unit(client, org):
    from cchc.orgs.models import Membership
    from tests.web.factories import make_user

    user = make_user(org, Membership.Role.UNIT_STAFF, "chua-co-don-vi")
    response = login(client, user).get(MINE)
    assert response.status_code == 403
    assert "chưa được gán vào đơn vị nào" in response.content.decode()


def test_unit_page_paginates_and_keeps_its_query_count(
    client, head, org, today, django_assert_max_num_queries
):
    plan = make_plan(org, today, number="70/KH-SCT")
    tasks = [make_task(plan, i, f"Nhiệm vụ {i}", lead=["QLTM"]) for i in range(1, 61)]
    for t in tasks[:5]:
        make_obligation(t, "QLTM", today + timedelta(days=t.order))
    c = login(client, head)
    c.get(MINE)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Cold requests (nothing cached): the summary and the sort are read, whatever the rows.
    board_cache.clear_all()
    with CaptureQueriesContext(connection) as ctx:
        c.get(MINE)
    small = len(ctx.captured_queries)
    for t in tasks[5:]:
        make_obligation(t, "QLTM", today + timedelta(days=t.order), status=S.DONE_EARLY, completed_on=today)
    board_cache.clear_all()
    with django_assert_max_num_queries(small):
        html = c.get(MINE).content.decode()
    assert len(row_ids(html)) == 50 and "Trang 1/2 · 60 dòng" in html
    assert len(row_ids(c.get(MINE, {"trang": 2}).content.decode())) == 10
