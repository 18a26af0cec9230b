"""The province's ranking page: totals and dense ranks (equal scores share a rank), by area and
by criterion in the chosen column, the .xlsx export; who sees it (appraisers of the province,
the leadership and Office of its departments), and never another province's departments."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cchc.orgs.models import Membership
from tests.dom import by_id, dom, find, find_all, text
from tests.factories import person
from tests.scoring.outputs_data import YEAR, appraiser, assessment, department, score

pytestmark = pytest.mark.django_db
Role = Membership.Role
URL = reverse("scoring:ranking", args=[YEAR])


@pytest.fixture
def province(org):
    """Four departments: A and B tie on self (3); appraised A 3, B 2.5, C 2.5; D not scored (but
    for its proposals);
    one department of another province."""
    a = assessment(org)  # Sở Công Thương: "A"
    b = assessment(department("sxd", "Sở Xây dựng"))
    c = assessment(department("syt", "Sở Y tế"))
    assessment(department("sgd", "Sở Giáo dục"))
    elsewhere = assessment(department("sct-khac", "Sở Công Thương tỉnh Khác", province="Tỉnh Khác"))
    score(a, "1.1.1", self_score=1, appraised=1)
    score(a, "1.1.2", self_score=2, appraised=2)
    score(b, "1.1.2", self_score=3, appraised="2.5")
    score(c, "2.1", self_score=2, appraised="2.5")
    score(elsewhere, "1.1.2", self_score=3)
    return {"A": a, "B": b, "C": c}


def _rows(page) -> list[dict[str, str]]:
    out = []
    for tr in find_all(page, "//table[@id='ranking-totals']/tbody/tr"):
        cells = {
            td.get("data-col") or (td.get("data-rank") and "r:" + td.get("data-rank")): text(td) for td in tr
        }
        out.append({"org": tr.get("data-org"), **{k: v for k, v in cells.items() if k}})
    return out


def test_totals_with_dense_ranks(client, province):
    client.force_login(appraiser())
    page = dom(client.get(URL))
    rows = _rows(page)
    # Ordered by final (none yet), then appraised, then self; the unscored last.
    assert [r["org"] for r in rows] == ["sct-test", "sxd", "syt", "sgd"]
    # D's self total is its proposals' (a penalty proposed at 0): 0, third.
    assert [(r["self"], r["r:self"]) for r in rows] == [("3", "1"), ("3", "1"), ("2", "2"), ("0", "3")]
    assert [(r["appraised"], r["r:appraised"]) for r in rows] == [
        ("3", "1"),
        ("2,5", "2"),
        ("2,5", "2"),
        ("—", "—"),
    ]
    assert all(r["final"] == "—" for r in rows)
    assert "sct-khac" not in {r["org"] for r in rows}
    assert by_id(page, "illustrative") is not None  # the demo set's points are illustrative


def test_by_area_and_criterion_in_the_most_advanced_column(client, province):
    client.force_login(appraiser())
    page = dom(client.get(URL))
    current = find(page, "//nav[@id='columns']/a[@aria-current='page']")
    assert current.get("data-col") == "tham-dinh"  # appraised: no final score yet
    area1 = {
        tr.get("data-org"): text(find(tr, "td[@data-code='1']"))
        for tr in find_all(page, "//table[@id='ranking-areas']/tbody/tr")
    }
    assert area1 == {"sct-test": "3 (1)", "sxd": "2,5 (2)", "syt": "—", "sgd": "—"}
    crit = {
        tr.get("data-org"): text(find(tr, "td[@data-code='2.1']"))
        for tr in find_all(page, "//table[@id='ranking-criteria']/tbody/tr")
    }
    assert crit["syt"] == "2,5 (1)" and crit["sct-test"] == "—"


@pytest.mark.parametrize(
    ("param", "expected"),
    [("tu-cham", {"sct-test": "3 (1)", "sxd": "3 (1)"}), ("cuoi-cung", {"sct-test": "—", "sxd": "—"})],
)
def test_the_column_can_be_chosen(client, province, param, expected):
    client.force_login(appraiser())
    page = dom(client.get(URL, {"theo": param}))
    area1 = {
        tr.get("data-org"): text(find(tr, "td[@data-code='1']"))
        for tr in find_all(page, "//table[@id='ranking-areas']/tbody/tr")
    }
    assert {k: area1[k] for k in expected} == expected
    assert by_id(page, "ranking-xlsx").get("href").endswith(f"?theo={param}")


def test_export_reads_back(client, province):
    client.force_login(appraiser())
    response = client.get(reverse("scoring:ranking_xlsx", args=[YEAR]), {"theo": "tham-dinh"})
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    totals = [list(r)[:6] for r in wb["Tổng điểm"].iter_rows(min_row=4, values_only=True)]
    assert [r[1] for r in totals] == [
        "Sở Công Thương tỉnh Thử Nghiệm",
        "Sở Xây dựng",
        "Sở Y tế",
        "Sở Giáo dục",
    ]
    assert [r[3] for r in totals] == [1, 1, 2, 3]  # self ranks
    assert [r[5] for r in totals] == [1, 2, 2, None]  # appraised ranks
    areas = [list(r)[:3] for r in wb["Theo lĩnh vực"].iter_rows(min_row=4, values_only=True)]
    assert areas[0] == ["Sở Công Thương tỉnh Thử Nghiệm", 3, 1]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("appraiser", 200),
        (Role.LEADER, 200),
        (Role.COORDINATOR, 200),
        (Role.OBSERVER, 403),
        (Role.UNIT_HEAD, 403),
        (Role.UNIT_STAFF, 403),
    ],
)
def test_who_sees_the_ranking(client, org, province, who, status):
    if who == "appraiser":
        user = appraiser()
    elif who in (Role.UNIT_HEAD, Role.UNIT_STAFF):
        user = person(org, who, "TTRA")
    else:
        user = person(org, who)
    client.force_login(user)
    assert client.get(URL).status_code == status
    assert client.get(reverse("scoring:ranking_xlsx", args=[YEAR])).status_code == status


def test_another_provinces_appraiser_sees_only_their_own(client, province):
    client.force_login(appraiser("Tỉnh Khác", "snv-khac"))
    rows = _rows(dom(client.get(URL)))
    assert [r["org"] for r in rows] == ["sct-khac"]


def test_a_year_without_assessments(client, province):
    client.force_login(appraiser())
    page = dom(client.get(reverse("scoring:ranking", args=[YEAR + 3])))
    assert by_id(page, "no-ranking") is not None and by_id(page, "ranking-totals") is None
