"""Hostile values in URLs, forms and API bodies: an id or page number no database can hold
("99999999999999999999" overflows PostgreSQL's bigint and cannot even be bound by SQLite's
driver), digits ``int()`` refuses ("²"), a JSON body nested past the parser's recursion
limit, too many evidence items in one call. Each gets a 400 with a message, or is ignored
as an invalid filter where the page shows a form — never a 500. Run on both databases."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client

from cchc.chasing.models import Kind, Notification
from cchc.core.ids import DB_INT_MAX, parse_id, parse_ids
from cchc.tracking import api
from cchc.tracking.evidence import MAX_EVIDENCE_ITEMS
from cchc.tracking.models import Evidence, Report
from tests.dom import dom, text

HUGE = "99999999999999999999"  # 10**20: past any 64-bit integer
BAD = [HUGE, "9" * 400, "²", str(DB_INT_MAX + 1)]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", 1),
        (" 42 ", 42),
        (str(DB_INT_MAX), DB_INT_MAX),
        (str(DB_INT_MAX + 1), None),
        (HUGE, None),
        ("9" * 5000, None),  # refused before int() works on it
        ("²", None),  # isdigit() is true of it, int() is not
        ("٣", None),  # an Arabic-Indic digit: not what a form of this app sends
        ("0", None),
        ("-1", None),
        ("", None),
        ("1e3", None),
        ("1.0", None),
        (7, 7),
        (True, None),
        (None, None),
    ],
)
def test_parse_id(raw, expected):
    assert parse_id(raw) == expected


@pytest.mark.parametrize(
    ("raws", "expected"), [([], []), (["1", "2"], [1, 2]), (["1", HUGE], None), (["²"], None)]
)
def test_parse_ids(raws, expected):
    assert parse_ids(raws) == expected


def client_for(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


# --- the web pages -----------------------------------------------------------------------------

# (path, who): every page that reads a number from its URL or query. Filters are ignored
# or shown as a form error; an object id that cannot exist is a 404.
PAGES = [
    ("/theo-doi/?ke_hoach={v}&nam={v}&thang={v}&quy={v}&trang={v}", "coordinator"),
    ("/theo-doi/don-vi/?ke_hoach={v}&trang={v}", "coordinator"),
    ("/don-vi/?ke_hoach={v}&nam={v}&trang={v}", "head"),
    ("/don-vi/QLCN/?ke_hoach={v}&trang={v}", "coordinator"),
    ("/nhiem-vu/{task}/?nghia-vu={v}&trang={v}", "head"),
    ("/duyet-bao-cao/?trang={v}", "coordinator"),
    ("/gia-han/?trang={v}", "coordinator"),
    ("/thong-bao/?trang={v}", "head"),
    ("/thong-bao/tong-hop-tuan/?tuan={v}", "coordinator"),
    ("/ho-so/?tu_thang={v}&den_thang={v}&don_vi={v}", "coordinator"),
    ("/ho-so/can-bo/?sap_xep={v}&tu_thang={v}", "coordinator"),
    ("/ho-so/danh-sach/?trang={v}&tu_thang={v}&den_thang={v}&don_vi={v}", "coordinator"),
    ("/ke-hoach/?trang={v}", "coordinator"),
]
OBJECTS = [
    "/nhiem-vu/{v}/",
    "/ke-hoach/{v}/xuat-excel/",
    "/tai-lieu-kiem-chung/{v}/",
    "/thong-bao/{v}/",
    "/ho-so/tai-len/{v}/",
    "/ke-hoach/{v}/",
    "/ke-hoach/nhap/{v}/",
    "/ke-hoach/{v}/tep-goc/",
]


@pytest.mark.parametrize("value", BAD)
@pytest.mark.parametrize(("path", "who"), PAGES)
def test_a_page_ignores_a_number_it_cannot_use(world, path, who, value):
    response = client_for(world.users[who]).get(path.format(v=value, task=world.task.pk))
    assert response.status_code in (200, 400), response.status_code


@pytest.mark.parametrize("path", OBJECTS)
def test_an_object_id_too_large_is_not_found(world, path):
    response = client_for(world.coordinator).get(path.format(v=HUGE))
    assert response.status_code == 404


def _note(world) -> Notification:
    return Notification.objects.create(
        recipient=world.head,
        organisation=world.org,
        kind=Kind.BEFORE_DUE,
        obligation=world.obligation,
        title="Nhắc việc",
    )


@pytest.mark.parametrize("value", BAD)
@pytest.mark.parametrize("field", ["ids", "task"])
def test_mark_read_refuses_an_id_it_cannot_use(world, field, value):
    note = _note(world)
    response = client_for(world.head).post("/thong-bao/da-doc/", {field: [value]})
    assert response.status_code == 400
    assert "không hợp lệ" in text(dom(response).find_class("bad-request")[0])
    note.refresh_from_db()
    assert note.read_at is None


def test_mark_read_still_marks_good_ids(world):
    note = _note(world)
    response = client_for(world.head).post("/thong-bao/da-doc/", {"ids": [str(note.pk), ""]})
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.read_at is not None


@pytest.mark.parametrize("value", BAD)
def test_task_units_refuse_a_unit_id_it_cannot_use(world, value):
    response = client_for(world.coordinator).post(
        f"/nhiem-vu/{world.task.pk}/don-vi/", {"lead": [value], "version": str(world.task.version)}
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("path", "data"),
    [
        (
            "/nghia-vu/{obligation}/bao-cao/",
            {"action": "draft", "report": HUGE, "version": HUGE, "progress": "5"},
        ),
        ("/tai-lieu-kiem-chung/{v}/xoa/", {"version": HUGE}),
        ("/nhiem-vu/{task}/thoi-gian/", {"version": HUGE, "text": "Quý II"}),
        ("/nhiem-vu/{task}/ngay/", {"version": HUGE}),
        ("/bao-cao/{v}/duyet/", {"decision": "accept", "version": HUGE}),
    ],
)
def test_a_form_with_a_number_too_large_is_no_500(world, path, data):
    url = path.format(v=HUGE, task=world.task.pk, obligation=world.obligation.pk)
    response = client_for(world.coordinator).post(url, data)
    assert response.status_code < 500


# --- the API -----------------------------------------------------------------------------------


@pytest.fixture
def token(world):
    return api.issue_token(world.head, "test")[1]


def api_call(token, method, path, body=None):
    client = Client(raise_request_exception=False)
    extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if body is None:
        return getattr(client, method)(path, **extra)
    return getattr(client, method)(path, body, content_type="application/json", **extra)


@pytest.mark.parametrize("value", BAD)
@pytest.mark.parametrize("param", ["page", "plan", "page_size"])
def test_api_list_refuses_a_number_it_cannot_use(world, token, param, value):
    response = api_call(token, "get", f"/api/v1/obligations?{param}={value}")
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("invalid_input", param)
    assert "số nguyên" in error["message"]


def test_api_list_past_the_last_page_is_empty(world, token):
    response = api_call(token, "get", f"/api/v1/obligations?page={api.MAX_PAGE}")
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_api_detail_of_an_id_too_large_is_not_found(world, token):
    response = api_call(token, "get", f"/api/v1/obligations/{HUGE}")
    assert response.status_code == 404


def _reports_url(world) -> str:
    return f"/api/v1/obligations/{world.obligation.pk}/reports"


@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"a":' * 50_000 + "1" + "}" * 50_000,
        '{"progress": 5, "measurements": ' + "[" * 100_000 + "]" * 100_000 + "}",
    ],
    ids=["arrays", "objects", "inside-a-field"],
)
def test_api_refuses_a_json_body_nested_too_deep(world, token, body):
    response = api_call(token, "post", _reports_url(world), body)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_json"
    assert not Report.objects.exists()


@pytest.mark.parametrize("field", ["report_id", "version"])
@pytest.mark.parametrize("value", [int(HUGE), -(10**30), DB_INT_MAX + 1])
def test_api_refuses_an_id_in_the_body_it_cannot_use(world, token, field, value):
    response = api_call(token, "post", _reports_url(world), f'{{"progress": 5, "{field}": {value}}}')
    assert response.status_code == 400
    assert response.json()["error"]["field"] == field


def _evidence(world, n: int) -> list[dict]:
    day = (world.today - timedelta(days=3)).isoformat()
    return [
        {
            "doc_number": f"{i}/QĐ-SCT",
            "doc_date": day,
            "summary": f"Văn bản {i}",
            "url": f"https://vb.example.gov.vn/{i}",
        }
        for i in range(1, n + 1)
    ]


@pytest.mark.parametrize(
    ("count", "status"), [(MAX_EVIDENCE_ITEMS, 201), (MAX_EVIDENCE_ITEMS + 1, 400), (1000, 400)]
)
def test_api_caps_the_evidence_of_one_call_as_the_web_form_does(world, token, count, status):
    body = {"progress": 50, "narrative": "Đang làm.", "evidence": _evidence(world, count)}
    response = api_call(token, "post", _reports_url(world), body)
    assert response.status_code == status, response.content[:300]
    if status == 400:
        error = response.json()["error"]
        assert error["field"] == "evidence"
        assert f"tối đa {MAX_EVIDENCE_ITEMS}" in error["message"]
        assert not Evidence.objects.exists()
    else:
        assert Evidence.objects.count() == count


def test_the_web_form_and_the_api_share_the_cap():
    from cchc.tracking.forms import EvidenceFormSet

    assert EvidenceFormSet.max_num == EvidenceFormSet.absolute_max == MAX_EVIDENCE_ITEMS == 20


@pytest.mark.parametrize(
    "body",
    [
        {"progress": HUGE},
        {"progress": int(HUGE)},
        {"progress": 5, "measurements": {HUGE: 5}},
        {"progress": 5, "measurements": {"9" * 5000: 5}},
        {"progress": 5, "measurements": {"TARGET": HUGE}},
        {"progress": 5, "measurements": {"TARGET": "1e999999999"}},
        {"progress": 5, "measurements": {"TARGET": 1e308}},
    ],
)
def test_api_refuses_a_value_too_large_with_a_400(world, token, body):
    raw = json.dumps(body).replace("TARGET", str(world.target_count.pk))
    response = api_call(token, "post", _reports_url(world), raw)
    assert response.status_code == 400, response.content[:300]
    assert response.json()["error"]["code"] == "invalid_input"


@pytest.mark.parametrize(
    ("path", "extra", "shown"),
    [
        ("/theo-doi/", {"HTTP_HOST": "evil.example"}, False),  # Django's own refusal: not shown as is
        ("/thong-bao/da-doc/", {}, True),
    ],
)
def test_the_400_page_is_vietnamese(world, path, extra, shown):
    client = client_for(world.head)
    if path.endswith("da-doc/"):
        response = client.post(path, {"ids": [HUGE]}, **extra)
    else:
        response = client.get(path, **extra)
    assert response.status_code == 400
    message = text(dom(response).find_class("bad-request")[0])
    assert ("không hợp lệ" in message) and (("evil" in message) is False)
    assert ("Danh sách thông báo" in message) is shown
