"""Who opens the overview, where each person's front page is, the menu's "Tổng quan", and the
overview's query count, which does not grow with the department's data."""

from __future__ import annotations

import os

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cchc.orgs.models import Membership
from cchc.tracking import cache as board_cache
from tests.dom import by_id, dom, find_all, text
from tests.factories import make_org, make_user, person
from tests.overview.builders import build
from tests.overview.conftest import load_dossiers

pytestmark = pytest.mark.django_db

Role = Membership.Role
OVERVIEW = "/tong-quan/"


def _someone(org, who: str):
    if who == "nobody":
        return make_user(None, username="khongvaitro")
    if who == "unit_head_without_unit":
        return make_user(org, Role.UNIT_HEAD, "truongphong-chuagan")
    role = Role(who)
    return person(org, role, "QLTM" if role in (Role.UNIT_HEAD, Role.UNIT_STAFF) else None)


# (who, status of /tong-quan/, where / sends them)
ACCESS = [
    ("anonymous", 302, "/dang-nhap/?next=/"),
    ("leader", 200, OVERVIEW),
    ("coordinator", 200, OVERVIEW),
    ("observer", 200, OVERVIEW),
    ("unit_head", 403, "/don-vi/"),
    ("unit_staff", 403, "/don-vi/"),
    ("unit_head_without_unit", 403, "/ke-hoach/"),
    ("nobody", 403, "/ke-hoach/"),
]


@pytest.mark.parametrize(("who", "status", "home"), ACCESS)
def test_who_opens_the_overview_and_where_home_is(client, org, who, status, home):
    if who != "anonymous":
        client.force_login(_someone(org, who))
    response = client.get(OVERVIEW)
    assert response.status_code == status
    if status == 302:
        assert response.url.startswith(reverse("login"))
    if status == 403:
        assert "Trang tổng quan dành cho" in text(dom(response).find(".//main")) or who == "nobody"
    assert client.get("/").url == home


def test_another_departments_people_see_only_their_own(client, org, coordinator, today):
    build(org, today)
    other = make_org("snv-test", "Sở Nội vụ tỉnh Thử Nghiệm")
    build(other, today, prefix="NV-")
    client.force_login(person(other, Role.LEADER))
    doc = dom(client.get(OVERVIEW))
    shown = [text(s) for s in find_all(doc, "//strong[@class='plan-shown']")]
    assert shown and all(s.startswith("NV-") for s in shown)
    plan_keys = {r.get("data-key") for r in find_all(doc, "//table[@id='by-plan']/tbody/tr")}
    assert plan_keys == {str(p.pk) for p in other.plans.filter(number__in=shown)}
    assert text(by_id(doc, "ho-so")).startswith("Giải quyết hồ sơ TTHC Chưa có số liệu")


@pytest.mark.parametrize(
    ("who", "shown"),
    [
        ("leader", True),
        ("coordinator", True),
        ("observer", True),
        ("unit_head", False),
        ("unit_staff", False),
    ],
)
def test_the_menu_offers_the_overview_to_the_department_wide_roles(client, org, who, shown):
    client.force_login(_someone(org, who))
    doc = dom(client.get("/ke-hoach/"))
    links = {text(a): a.get("href") for a in find_all(doc, "//nav[@class='mainnav']/a")}
    assert ("Tổng quan" in links) is shown
    if shown:
        assert links["Tổng quan"] == OVERVIEW
        first = find_all(doc, "//nav[@class='mainnav']/a")[0]
        assert text(first) == "Tổng quan"


def _queries(client, cold: bool) -> int:
    if cold:
        cache.clear()
        board_cache.forget_local()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(OVERVIEW)
    assert response.status_code == 200
    if os.environ.get("CCHC_SHOW_QUERIES"):
        print(*(q["sql"][:160] for q in ctx.captured_queries), sep="\n")
    return len(ctx.captured_queries)


def test_the_query_count_does_not_grow_with_the_data(client, today):
    """A small department (2 plans, 3 areas, 4 units, 8 dossiers) and a bigger one (3 plans,
    5 areas, 6 units, twice the rows per task, 12 dossiers): the same queries, cold and warm."""
    small, big = make_org("so-nho", "Sở nhỏ"), make_org("so-lon", "Sở lớn")
    office_small = person(small, Role.COORDINATOR)
    office_big = person(big, Role.COORDINATOR)
    build(small, today, scale=1)
    build(big, today, scale=2)
    load_dossiers(small, office_small)
    load_dossiers(big, office_big)
    from cchc.dossiers import services
    from tests.dossiers import data

    services.upload_exports(  # more dossiers, a later analysis
        big, office_big, dossiers=services.ExportFile("b.csv", data.export(*data.ALL[:4])), now=data.AS_OF
    )
    counts = {}
    for name, user in (("small", person(small, Role.LEADER)), ("big", person(big, Role.LEADER))):
        client.force_login(user)
        counts[name] = (_queries(client, cold=True), _queries(client, cold=False))
    assert counts["small"] == counts["big"]
    cold, warm = counts["small"]
    assert warm < cold <= 25
