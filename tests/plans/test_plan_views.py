"""The plan list, the plan page, the original file, login/logout and the admin."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from cchc.demo.seed import DEMO_PLAN
from cchc.orgs.models import Membership
from cchc.plans.models import Plan
from cchc.tracking import confirming
from tests.dom import by_id, dom, text
from tests.factories import PASSWORD, make_draft, make_org, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(org, coordinator):
    return confirming.import_plan_file(org, DEMO_PLAN, user=coordinator)


def test_home_asks_a_visitor_to_log_in_first(client):
    # Then back to "/", which sends each person to their front page (tests/overview/test_access.py).
    assert client.get("/").url == reverse("login") + "?next=/"


def test_plans_need_login(client):
    response = client.get(reverse("plans:list"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_login_and_logout_in_vietnamese(client, coordinator):
    page = client.get(reverse("login")).content.decode()
    assert "Đăng nhập" in page and "Tên đăng nhập" in page and "Mật khẩu" in page
    bad = client.post(reverse("login"), {"username": "vanphong", "password": "sai"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in bad.content.decode()
    ok = client.post(reverse("login"), {"username": "vanphong", "password": PASSWORD})
    assert ok.status_code == 302 and ok.url == reverse("home")
    assert client.get(reverse("plans:list")).status_code == 200
    out = client.post(reverse("logout"))
    assert out.status_code == 302 and out.url == reverse("login")
    assert client.get(reverse("plans:list")).status_code == 302


def test_user_without_department_gets_403(client):
    client.force_login(make_user(None, username="khach"))
    response = client.get(reverse("plans:list"))
    assert response.status_code == 403
    assert "chưa được gán vào Sở nào" in response.content.decode()


def test_plan_list_shows_the_departments_plans_only(coord_client, plan):
    other = make_org("sct-khac", "Sở Công Thương tỉnh Khác")
    confirming.import_plan_file(other, DEMO_PLAN)
    html = coord_client.get(reverse("plans:list")).content.decode()
    assert html.count(reverse("plans:detail", args=[plan.pk])) == 1
    other_plan = Plan.objects.get(organisation=other)
    assert reverse("plans:detail", args=[other_plan.pk]) not in html
    row = by_id(dom(html), f"plan-{plan.pk}")
    cells = {td.get("data-label"): text(td) for td in row.iter("td")}
    assert cells["Số"] == "12/KH-SCT" and cells["Thời gian"] == "01/01/2026 – 31/12/2026"
    assert cells["Nhiệm vụ"] == str(plan.tasks.filter(is_group=False).count())  # group rows not counted
    assert "Nhập kế hoạch" in html


def test_plan_list_shows_open_drafts_to_importers_only(client, coord_client, org, coordinator):
    draft = make_draft(org, coordinator)
    assert (
        reverse("plans:import_preview", args=[draft.pk])
        in coord_client.get(reverse("plans:list")).content.decode()
    )
    client.force_login(make_user(org, Membership.Role.OBSERVER))
    html = client.get(reverse("plans:list")).content.decode()
    assert reverse("plans:import_preview", args=[draft.pk]) not in html
    assert reverse("plans:import") not in html


def test_plan_page_shows_tasks_by_section(client, org, plan):
    client.force_login(make_user(org, Membership.Role.OBSERVER))  # every member may read plans
    response = client.get(reverse("plans:detail", args=[plan.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kế hoạch số 12/KH-SCT" in html and "ngày 15/01/2026" in html
    assert "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH" in html and "CẢI CÁCH THỦ TỤC HÀNH CHÍNH" in html
    assert html.index("CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH") < html.index("CẢI CÁCH THỦ TỤC HÀNH CHÍNH")
    for t in plan.tasks.all():
        assert t.text[:30] in html
    assert "Ban hành Kế hoạch CCHC năm 2026" in html and "31/01/2026" in html
    assert "Bộ phận Một cửa" in html and "Thanh tra Sở" in html
    # The unit the Office has not mapped yet stays visible, in red.
    assert "Không xác định: “Phòng Kế hoạch - Tài chính”" in html
    assert reverse("plans:source", args=[plan.pk]) in html


def test_original_file_download(coord_client, plan):
    response = coord_client.get(reverse("plans:source", args=[plan.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == DEMO_PLAN.read_bytes()
    assert "attachment" in response["Content-Disposition"]
    assert DEMO_PLAN.name in response["Content-Disposition"]


def test_another_departments_plan_is_404(client, plan):
    other = make_org("sct-khac", "Sở Công Thương tỉnh Khác")
    client.force_login(make_user(other, Membership.Role.LEADER))
    assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 404
    assert client.get(reverse("plans:source", args=[plan.pk])).status_code == 404


def test_admin_lists_the_directory(client, org):
    admin = get_user_model().objects.create_superuser("quantri", "qt@example.invalid", PASSWORD)
    client.force_login(admin)
    html = client.get("/admin/").content.decode()
    assert "Cơ quan, đơn vị và người dùng" in html and "Kế hoạch CCHC" in html
    for url in ("orgs/organisation", "orgs/unit", "orgs/unitalias", "orgs/membership", "plans/plan"):
        assert client.get(f"/admin/{url}/").status_code == 200
    unit_page = client.get("/admin/orgs/unit/").content.decode()
    assert "Văn phòng Sở" in unit_page
