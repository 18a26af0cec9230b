"""The public page (/cong-khai/<org>/), its embeddable variant and its JSON feed: only what the
department publishes, only once it says so, nothing personal; the admin's setting."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model

from cchc.orgs.models import Membership
from cchc.overview.admin import PublicationForm
from cchc.overview.indicators import DEFAULT_PUBLISHED, INDICATORS
from cchc.overview.models import Publication
from tests.dom import by_id, dom, find_all, text
from tests.dossiers import data
from tests.factories import make_org, make_user

pytestmark = pytest.mark.django_db

PAGES = ("", "nhung/", "du-lieu.json")


def strings(value) -> list[str]:
    """Every text of a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def url(org_code: str, page: str = "") -> str:
    return f"/cong-khai/{org_code}/{page}"


@pytest.fixture
def published(org, department):
    return Publication.objects.create(
        organisation=org,
        enabled=True,
        indicators=["dossier_on_time_rate", "dossier_online_share", "work_on_time_rate"],
        note="Số liệu từ hệ thống một cửa điện tử của tỉnh.",
    )


# (state of the setting, status of every page)
STATES = [
    pytest.param(None, 404, id="no setting"),
    pytest.param({"enabled": False}, 404, id="switched off (the default)"),
    pytest.param({"enabled": True, "indicators": []}, 404, id="on, but no indicator"),
    pytest.param({"enabled": True, "indicators": ["khong-co"]}, 404, id="on, an unknown indicator only"),
    pytest.param({"enabled": True}, 200, id="on, the default indicators"),
]


@pytest.mark.parametrize(("setting", "status"), STATES)
@pytest.mark.parametrize("page", PAGES)
def test_published_only_once_switched_on(client, org, department, setting, status, page):
    if setting is not None:
        Publication.objects.create(organisation=org, **setting)
    response = client.get(url(org.code, page))
    assert response.status_code == status
    if page.endswith(".json"):
        assert response["Content-Type"] == "application/json"
        if status == 404:
            assert json.loads(response.content)["error"]["code"] == "not_found"


@pytest.mark.parametrize("page", PAGES)
def test_an_unknown_department_is_404(client, published, page):
    assert client.get(url("khong-co-so-nay", page)).status_code == 404


def test_a_new_setting_is_off_with_the_two_plan_figures_ticked(org):
    setting = Publication.objects.create(organisation=org)
    assert setting.enabled is False
    assert setting.indicators == list(DEFAULT_PUBLISHED) == ["dossier_on_time_rate", "dossier_online_share"]


def test_the_page_shows_the_chosen_figures_under_their_groups(client, published, org):
    doc = dom(client.get(url(org.code)))
    groups = [text(h) for h in find_all(doc, "//section[@class='public-group']/h2")]
    assert groups == ["Giải quyết hồ sơ thủ tục hành chính", "Thực hiện kế hoạch cải cách hành chính"]
    on_time = by_id(doc, "dossier_on_time_rate")
    assert text(on_time.find("dt")) == "Tỷ lệ đúng hạn"
    assert text(on_time.find_class("n")[0]) == "66,7 %"
    assert text(on_time.find_class("of")[0]) == "4/6 hồ sơ"
    assert text(on_time.find_class("extra")[0]) == "từ 01/01/2026 đến 15/04/2026"
    online = by_id(doc, "dossier_online_share")
    assert (text(online.find_class("n")[0]), text(online.find_class("of")[0])) == ("62,5 %", "5/8 hồ sơ")
    work = by_id(doc, "work_on_time_rate")
    assert text(work.find("dt")) == "Tỷ lệ đúng hạn" and text(work.find_class("of")[0]).endswith("nghĩa vụ")
    assert by_id(doc, "dossier_postal_share") is None  # not ticked
    assert text(by_id(doc, "public-note")) == "Số liệu từ hệ thống một cửa điện tử của tỉnh."
    # A plain page: no menu, no login, no one's name.
    assert not find_all(doc, "//nav") and not find_all(doc, "//form")


def test_nothing_personal_is_published(client, published, org):
    officers = {"An", "Bình", "Chi"}  # the dossiers' officers (tests/dossiers/data.py)
    make_user(org, Membership.Role.LEADER, "giamdoc", first_name="Khánh Linh", last_name="Vũ")
    people = {w for u in get_user_model().objects.all() for w in (u.first_name, u.last_name, u.username)}
    people -= {"Thử", "Nghiệm", ""}  # the tests' default names, the department's too
    for page in ("", "nhung/"):
        words = set(text(dom(client.get(url(org.code, page)).content).find("body")).split())
        assert not words & (officers | people), page
    feed = json.loads(client.get(url(org.code, "du-lieu.json")).content)
    words = {w for value in strings(feed) for w in value.split()}
    assert not words & (officers | people)
    assert not set(strings(feed)) & {u.name for u in org.units.all()}  # no unit either


def test_the_embeddable_page_may_be_framed_and_the_others_may_not(client, published, org):
    embed = client.get(url(org.code, "nhung/"))
    assert "X-Frame-Options" not in embed
    doc = dom(embed)
    assert "embed" in doc.find("body").get("class").split()
    assert not find_all(doc, "//header") and not find_all(doc, "//nav")
    back = find_all(doc, "//a[@target='_top']")[0]
    assert back.get("href") == f"http://testserver/cong-khai/{org.code}/"
    assert client.get(url(org.code))["X-Frame-Options"] == "DENY"


def test_the_public_pages_may_be_kept_five_minutes_by_anyone(client, published, org, leader):
    for page in PAGES:
        control = client.get(url(org.code, page))["Cache-Control"]
        assert set(control.split(", ")) == {"public", "max-age=300"}
    client.force_login(leader)  # a person signed in: never stored
    assert "no-store" in client.get(url(org.code))["Cache-Control"]


def test_the_json_feed(client, published, org):
    response = client.get(url(org.code, "du-lieu.json"))
    assert response["Access-Control-Allow-Origin"] == "*"
    body = json.loads(response.content)
    assert body["organisation"] == {"code": org.code, "name": org.name}
    assert body["page"] == f"http://testserver/cong-khai/{org.code}/"
    assert body["note"] == "Số liệu từ hệ thống một cửa điện tử của tỉnh."
    assert [i["key"] for i in body["indicators"]] == [
        "dossier_on_time_rate",
        "dossier_online_share",
        "work_on_time_rate",
    ]
    first = body["indicators"][0]
    assert first == {
        "key": "dossier_on_time_rate",
        "group": "Giải quyết hồ sơ thủ tục hành chính",
        "label": "Tỷ lệ đúng hạn",
        "value": 0.6667,
        "text": "66,7 %",
        "numerator": 4,
        "denominator": 6,
        "basis": "hồ sơ",
        "period": {"start": "2026-01-01", "end": "2026-04-15"},
        "as_of": "2026-04-15T10:00:00+07:00",
    }
    work = body["indicators"][2]
    assert work["basis"] == "nghĩa vụ" and 0 <= work["value"] <= 1


def test_a_department_without_dossiers_publishes_no_figure_yet(client, org):
    Publication.objects.create(organisation=org, enabled=True)
    body = json.loads(client.get(url(org.code, "du-lieu.json")).content)
    assert [(i["value"], i["text"], i["period"]["start"]) for i in body["indicators"]] == [
        (None, "—", None),
        (None, "—", None),
    ]
    doc = dom(client.get(url(org.code)))
    assert text(by_id(doc, "dossier_on_time_rate").find_class("extra")[0]) == "chưa có số liệu"


def test_another_departments_page_shows_its_own_figures(client, published, org):
    other = make_org("snv-test", "Sở Nội vụ tỉnh Thử Nghiệm")
    Publication.objects.create(organisation=other, enabled=True)
    body = json.loads(client.get(url(other.code, "du-lieu.json")).content)
    assert body["organisation"]["code"] == "snv-test"
    assert all(i["value"] is None for i in body["indicators"])  # its own: none yet


# --- the admin's setting -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "errors", "saved"),
    [
        ({"enabled": "on", "indicators": ["dossier_online_share", "dossier_on_time_rate"]}, {}, None),
        (
            {"enabled": "on", "indicators": []},
            {"indicators": ["Hãy chọn ít nhất một chỉ số để công khai."]},
            None,
        ),
        ({"indicators": []}, {}, []),
        ({"enabled": "on", "indicators": ["khong-co"]}, "invalid", None),
    ],
)
def test_the_admin_form(org, data, errors, saved):
    form = PublicationForm(data={"organisation": org.pk, "note": "", **data})
    if errors == "invalid":
        assert "indicators" in form.errors
        return
    assert form.errors == errors
    if not errors:
        setting = form.save()
        # Kept in the table's order, whatever order they were ticked in.
        expected = saved if saved is not None else ["dossier_on_time_rate", "dossier_online_share"]
        assert setting.indicators == expected


def test_the_admin_lists_and_edits_the_setting(admin_client, org):
    setting = Publication.objects.create(organisation=org, enabled=True)
    listed = dom(admin_client.get("/admin/overview/publication/"))
    assert text(find_all(listed, "//td[@class='field-published']")[0]) == "Tỷ lệ đúng hạn, Tỷ lệ trực tuyến"
    page = dom(admin_client.get(f"/admin/overview/publication/{setting.pk}/change/"))
    boxes = find_all(page, "//input[@name='indicators']")
    assert [b.get("value") for b in boxes] == list(INDICATORS)
    assert [b.get("value") for b in boxes if b.get("checked") is not None] == list(DEFAULT_PUBLISHED)


def test_the_dossier_figures_are_the_analysis_of_the_data_module():
    assert data.AS_OF.isoformat() == "2026-04-15T10:00:00"
