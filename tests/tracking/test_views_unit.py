"""“Việc của đơn vị” (/don-vi/, /don-vi/<unit_code>/): open work first, then done work; the
actions a unit's people have; the Office's unit picker; a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from cchc.core.status import PENDING_EXTENSION_LABEL
from cchc.tracking import cache as board_cache
from cchc.tracking.models import ExtensionRequest
from cchc.tracking.models import ObligationStatus as S
from tests.tracking.html import has_class, one, page, row_ids, text
from tests.tracking.screens import *  # noqa: F403
from tests.tracking.screens import login, make_obligation, make_plan, make_task

pytestmark = pytest.mark.django_db

MINE = "/don-vi/"


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


def test_unit_head_sees_own_open_work_most_urgent_first(client, head, qltm_work, ob2):
    """The README's promise: "Việc của đơn vị lists the unit's open work" (finished work only
    when asked for); overdue first, then by due date."""
    doc = page(login(client, head).get(MINE))
    assert text(one(doc, "//h1")) == "Việc của đơn vị: Phòng Quản lý Thương mại"
    w = qltm_work
    assert row_ids(doc) == [w["overdue"].pk, w["soon"].pk, w["later"].pk]
    groups = [text(td) for td in doc.xpath("//tr[@class='section-row']/td")]
    assert groups == ["Quá hạn", "Đang mở"]
    assert one(doc, f"//tr[@id='o{w['soon'].pk}']").get("class") == "due-soon"
    assert text(one(doc, f"//tr[@id='o{w['soon'].pk}']//span[{has_class('tag')}]")) == "sắp đến hạn"
    figures = {
        name: text(one(doc, f"//*[@id='unit-{name}']/span[@class='n']"))
        for name in ("open", "overdue", "due-soon", "done")
    }
    assert figures == {"open": "3", "overdue": "1", "due-soon": "1", "done": "2"}
    assert one(doc, "//*[@id='chip-open']/a").get("aria-current") == "true"


def test_finished_work_on_demand_most_recent_first(client, head, qltm_work):
    w = qltm_work
    c = login(client, head)
    doc = page(c.get(MINE, {"trang_thai": "done"}))
    assert row_ids(doc) == [w["done_new"].pk, w["done_old"].pk]
    assert one(doc, "//*[@id='chip-done']/a").get("aria-current") == "true"
    doc = page(c.get(MINE, {"trang_thai": "tat-ca"}))
    assert row_ids(doc) == [w["overdue"].pk, w["soon"].pk, w["later"].pk, w["done_new"].pk, w["done_old"].pk]
    groups = [text(td) for td in doc.xpath("//tr[@class='section-row']/td")]
    assert groups == ["Quá hạn", "Đang mở", "Đã hoàn thành"]


def _row(doc, pk):
    return one(doc, f"//tr[@id='o{pk}']")


def _buttons(row) -> list[str]:
    return [text(a) for a in row.xpath(f".//a[{has_class('button')}]")]


def test_actions_report_and_extension(client, head, staff, qltm_work, task1):
    w = qltm_work
    doc = page(login(client, head).get(MINE, {"trang_thai": "tat-ca"}))
    row = _row(doc, w["soon"].pk)
    report = one(row, f".//a[{has_class('button')} and text()='Báo cáo']")
    assert (
        report.get("href") == f"{reverse('tracking:task', args=[task1.pk])}?nghia-vu={w['soon'].pk}#bao-cao"
    )
    assert _buttons(row) == ["Báo cáo", "Đề nghị gia hạn"]
    assert _buttons(_row(doc, w["overdue"].pk)) == ["Báo cáo"]  # past its due date
    assert _buttons(_row(doc, w["done_new"].pk)) == []
    client.logout()
    doc = page(login(client, staff).get(MINE))
    assert _buttons(_row(doc, w["soon"].pk)) == ["Báo cáo"]  # staff draft, heads ask


def test_pending_extension_is_shown_and_not_asked_twice(client, head, qltm_work):
    soon = qltm_work["soon"]
    ExtensionRequest.objects.create(
        obligation=soon,
        requested_by=head,
        reason="Chờ số liệu",
        requested_due=soon.current_due + timedelta(days=5),
    )
    row = _row(page(login(client, head).get(MINE)), soon.pk)
    assert PENDING_EXTENSION_LABEL in [text(e) for e in row.xpath(".//span[@class='extra']")]
    assert _buttons(row) == ["Báo cáo"]


def test_unit_people_cannot_open_another_unit(client, head, qltm_work):
    login(client, head)
    assert client.get(reverse("tracking:unit", args=["QLTM"])).status_code == 200
    response = client.get(reverse("tracking:unit", args=["TTRA"]))
    assert response.status_code == 403
    assert "chỉ xem được công việc của đơn vị mình" in response.content.decode()


@pytest.mark.parametrize("who", ["coordinator", "leader", "observer"])
def test_office_picks_a_unit_on_the_units_page(client, who, request, qltm_work, ob2):
    login(client, request.getfixturevalue(who))
    response = client.get(MINE)
    assert response.status_code == 302 and response.url == reverse("tracking:units")
    doc = page(client.get(response.url))
    names = [text(a) for a in doc.xpath("//table//td[@class='title']/a")]
    assert "Phòng Quản lý Thương mại" in names and "Thanh tra Sở" in names
    assert "Sở Nội vụ" not in names  # outside bodies owe nothing
    link = one(doc, "//tr[@id='unit-QLTM']/td[@class='title']/a")
    assert link.get("href") == reverse("tracking:unit", args=["QLTM"])
    doc = page(client.get(link.get("href"), {"trang_thai": "tat-ca"}))
    assert len(row_ids(doc)) == 5
    assert doc.xpath(f"//a[{has_class('button')}]") == []  # not their unit's to act on


def test_unknown_unit_is_404(client, coordinator):
    assert login(client, coordinator).get(reverse("tracking:unit", args=["KHONGCO"])).status_code == 404


def test_member_without_unit(client, org):
    from cchc.orgs.models import Membership
    from tests.factories import make_user

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
        doc = page(c.get(MINE, {"trang_thai": "tat-ca"}))
    assert len(row_ids(doc)) == 50 and text(one(doc, "//*[@class='page-number']")) == "Trang 1/2 · 60 dòng"
    assert len(row_ids(page(c.get(MINE, {"trang_thai": "tat-ca", "trang": 2})))) == 10
    for params in (
        {"trang_thai": "done", "sap_xep": "-han"},
        {"han": "tuan"},
        {"ke_hoach": plan.pk, "q": "Nhiệm vụ", "trang_thai": "tat-ca", "sap_xep": "nhiem-vu"},
    ):
        board_cache.clear_all()
        with django_assert_max_num_queries(small):
            assert c.get(MINE, params).status_code == 200
