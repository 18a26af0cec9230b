"""The JSON API: token auth, listing and reading obligations, pushing reports; every error
as JSON with its code, never a traceback or an HTML page."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from cchc.tracking import api, reports
from cchc.tracking.models import ApiToken, Evidence, Obligation, Report
from cchc.tracking.reports import EvidenceInput
from tests.tracking.conftest import world_obligation

BASE = "/api/v1/obligations"


@pytest.fixture
def tokens(world):
    return {who: api.issue_token(user, f"test {who}")[1] for who, user in world.users.items()}


def call(client, method, path, token=None, body=None, raw=None, **extra):
    if token:
        extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    data = raw if raw is not None else (json.dumps(body) if body is not None else None)
    kwargs = {"content_type": "application/json"} if data is not None else {}
    response = (
        getattr(client, method)(path, data, **kwargs, **extra)
        if data is not None
        else getattr(client, method)(path, **extra)
    )
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return response


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["message"]
    assert "Traceback" not in body["error"]["message"]
    return body["error"]


def payload(world, **kwargs):
    body = {
        "narrative": "Đã ban hành Quyết định số 12/QĐ-SCT.",
        "progress": 100,
        "evidence": [
            {
                "doc_number": "12/QĐ-SCT",
                "doc_date": (world.today - timedelta(days=3)).isoformat(),
                "summary": "Quyết định công bố danh mục TTHC",
                "url": "https://vanban.example.gov.vn/12",
            }
        ],
        "measurements": {str(world.target_pct.pk): 85.5},
        "submit": True,
    }
    body.update(kwargs)
    return body


# --- tokens -----------------------------------------------------------------------------------


def test_create_api_token_prints_the_token_once_and_keeps_its_hash(world):
    out, err = StringIO(), StringIO()
    call_command("create_api_token", "truongphong-qlcn", "--name", "E-Office", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert raw.startswith("cchc_") and len(raw) > 40
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in (token.key_hash, token.prefix, token.name)
    assert (token.user, token.name, token.prefix) == (world.head, "E-Office", raw[5:13])
    assert "không được hiển thị lại" in err.getvalue()
    response = call(Client(), "get", BASE, raw)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["khong-co-ai", "--name", "X"], "Không có người dùng"),
        (["khongvaitro", "--name", "X"], "chưa thuộc Sở nào"),
        (["truongphong-qlcn", "--name", "  "], "Hãy đặt tên"),
    ],
)
def test_create_api_token_refusals(world, args, fragment):
    with pytest.raises(CommandError) as exc:
        call_command("create_api_token", *args, stdout=StringIO(), stderr=StringIO())
    assert fragment in str(exc.value)
    assert not ApiToken.objects.exists()


def test_create_api_token_refuses_a_disabled_account(world):
    world.head.is_active = False
    world.head.save()
    with pytest.raises(CommandError, match="đang bị khóa"):
        call_command(
            "create_api_token", "truongphong-qlcn", "--name", "X", stdout=StringIO(), stderr=StringIO()
        )


# --- 401 --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [None, "", "Bearer", "Bearer ", "Token abc", "Basic dXNlcjpwYXNz", "Bearer cchc_khong-dung"],
)
def test_missing_or_bad_tokens_get_401(world, tokens, header):
    extra = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    for method, path in (
        ("get", BASE),
        ("get", f"{BASE}/{world.obligation.pk}"),
        ("post", f"{BASE}/{world.obligation.pk}/reports"),
    ):
        response = call(Client(), method, path, **extra)
        assert response.status_code == 401
        assert error_of(response)["code"] == "unauthorized"
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_and_a_disabled_account_get_401(world, tokens):
    ApiToken.objects.filter(user=world.head).update(revoked=True)
    assert call(Client(), "get", BASE, tokens["head"]).status_code == 401
    world.coordinator.is_active = False
    world.coordinator.save()
    assert call(Client(), "get", BASE, tokens["coordinator"]).status_code == 401


def test_a_browser_session_does_not_open_the_api(world, client):
    client.force_login(world.coordinator)
    response = call(client, "get", BASE)
    assert response.status_code == 401


def test_the_token_marks_when_it_was_used(world, tokens):
    assert ApiToken.objects.get(user=world.head).last_used_at is None
    call(Client(), "get", BASE, tokens["head"])
    assert ApiToken.objects.get(user=world.head).last_used_at is not None


# --- listing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("coordinator", {"obligation", "other_obligation"}),
        ("leader", {"obligation", "other_obligation"}),
        ("observer", {"obligation", "other_obligation"}),
        ("head", {"obligation"}),
        ("coord_staff", {"obligation"}),
        ("other_head", {"other_obligation"}),
        ("stranger", set()),
        ("stranger_head", set()),
        ("nobody", set()),
    ],
)
def test_the_list_holds_only_what_the_tokens_user_may_see(world, tokens, who, expected):
    response = call(Client(), "get", BASE, tokens[who])
    assert response.status_code == 200
    body = response.json()
    assert {r["id"] for r in body["results"]} == {getattr(world, name).pk for name in expected}
    assert body["count"] == len(expected)


def test_a_list_item(world, tokens):
    body = call(Client(), "get", BASE, tokens["head"]).json()
    (item,) = body["results"]
    o = world.obligation
    assert item == {
        "id": o.pk,
        "task": {"id": world.task.pk, "number": "1", "text": "Công bố danh mục TTHC."},
        "plan": {"id": world.plan.pk, "number": "5/KH-SCT", "title": "Kế hoạch CCHC"},
        "unit": {"code": "QLCN", "name": o.unit.name},
        "period": {
            "key": "q",
            "label": "Kỳ q",
            "start": o.period_start.isoformat(),
            "end": o.period_end.isoformat(),
        },
        "due_date": o.due_date.isoformat(),
        "current_due": o.current_due.isoformat(),
        "extended": False,
        "completed_on": None,
        "status": "not_due",
        "status_label": "Chưa đến hạn",
        "last_activity_at": None,
        "links": {
            "self": f"http://testserver{BASE}/{o.pk}",
            "reports": f"http://testserver{BASE}/{o.pk}/reports",
        },
    }
    assert (body["page"], body["num_pages"], body["next"], body["previous"]) == (1, 1, None, None)


def test_switched_off_obligations_are_not_listed(world, tokens):
    Obligation.objects.filter(pk=world.other_obligation.pk).update(is_active=False)
    ids = [r["id"] for r in call(Client(), "get", BASE, tokens["coordinator"]).json()["results"]]
    assert ids == [world.obligation.pk]
    assert (
        call(Client(), "get", f"{BASE}/{world.other_obligation.pk}", tokens["coordinator"]).status_code == 404
    )


@pytest.fixture
def many(world):
    """Eight more obligations of the lead unit, due one week after another."""
    return [
        world_obligation(world.task, "QLCN", world.today + timedelta(days=7 * n), key=f"w{n}")
        for n in range(1, 9)
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=not_due", 9),
        ("status=overdue", 1),
        ("status=open", 10),
        ("status=done", 0),
        ("status=overdue,not_due", 10),
        ("unit=QLCN", 9),
        ("unit=qltm", 1),
        ("due_from={d14}", 9),
        ("due_to={d14}", 2),
        ("due_from={d14}&due_to={d28}", 3),
        ("unit=QLCN&due_to={d7}", 1),
    ],
)
def test_filters(world, tokens, many, query, expected):
    # Ten obligations: QLCN's at +30 and at +7, +14, … +56 days; QLTM's at +30, overdue here.
    Obligation.objects.filter(pk=world.other_obligation.pk).update(status="overdue")
    days = {f"d{n}": (world.today + timedelta(days=n)).isoformat() for n in (7, 14, 28)}
    response = call(Client(), "get", f"{BASE}?{query.format(**days)}", tokens["coordinator"])
    assert response.status_code == 200, response.json()
    assert response.json()["count"] == expected


def test_the_plan_filter(world, tokens, many):
    assert call(Client(), "get", f"{BASE}?plan={world.plan.pk}", tokens["coordinator"]).json()["count"] == 10
    assert (
        call(Client(), "get", f"{BASE}?plan={world.plan.pk + 100}", tokens["coordinator"]).json()["count"]
        == 0
    )


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=xong", "status"),
        ("unit=KHONGCO", "unit"),
        ("unit=QLCN", None),  # a unit of the stranger's own department is fine
        ("plan=abc", "plan"),
        ("plan=0", "plan"),
        ("due_from=31/12/2026", "due_from"),
        ("due_to=2026-13-01", "due_to"),
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=x", "page"),
        ("page_size=0", "page_size"),
        ("page_size=201", "page_size"),
    ],
)
def test_bad_filters_get_400(world, tokens, query, field):
    response = call(Client(), "get", f"{BASE}?{query}", tokens["stranger"])
    if field is None:
        assert response.status_code == 200
        return
    assert response.status_code == 400
    error = error_of(response)
    assert (error["code"], error["field"]) == ("invalid_input", field)


def test_pages(world, tokens, many):
    client = Client()
    first = call(client, "get", f"{BASE}?unit=QLCN&page_size=4", tokens["head"]).json()
    assert (first["count"], first["num_pages"], first["page"], first["previous"]) == (9, 3, 1, None)
    assert first["next"] == f"http://testserver{BASE}?page=2&page_size=4&unit=QLCN"
    second = call(client, "get", first["next"], tokens["head"]).json()
    third = call(client, "get", second["next"], tokens["head"]).json()
    assert third["next"] is None and len(third["results"]) == 1
    ids = [r["id"] for page in (first, second, third) for r in page["results"]]
    assert len(set(ids)) == 9
    dues = [r["current_due"] for page in (first, second, third) for r in page["results"]]
    assert dues == sorted(dues)
    beyond = call(client, "get", f"{BASE}?page=9&page_size=4", tokens["head"]).json()
    assert beyond["results"] == [] and beyond["previous"].endswith("page=3&page_size=4")


def test_the_number_of_queries_does_not_grow_with_the_rows(
    world, tokens, many, django_assert_max_num_queries
):
    client = Client()
    call(client, "get", f"{BASE}?page_size=1", tokens["coordinator"])  # warm up
    with django_assert_max_num_queries(6) as few:
        call(client, "get", f"{BASE}?page_size=1", tokens["coordinator"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = call(client, "get", f"{BASE}?page_size=200", tokens["coordinator"])
    assert len(response.json()["results"]) == 10


# --- one obligation ---------------------------------------------------------------------------


def test_an_obligation_with_its_targets_reports_extensions_and_contributions(world, tokens):
    report = reports.submit_report(
        world.obligation,
        world.head,
        narrative="Lần đầu",
        progress=80,
        evidence=[
            EvidenceInput("1/QĐ", world.today - timedelta(days=3), "QĐ", url="https://vb.example.vn/1")
        ],
        measurements={world.target_pct.pk: 65},
    )
    reports.review_report(report, world.coordinator, accept=False, comment="Bổ sung", expected_version=1)
    reports.add_contribution(world.obligation, world.coord_head, "Đã phối hợp rà soát")
    response = call(Client(), "get", f"{BASE}/{world.obligation.pk}", tokens["observer"])
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == world.obligation.pk and body["status"] == "in_progress"
    assert [t["id"] for t in body["targets"]] == [world.target_pct.pk, world.target_count.pk]
    assert body["targets"][0] == {
        "id": world.target_pct.pk,
        "text": "Tỷ lệ hồ sơ trực tuyến đạt từ 70%",
        "label": "Tỷ lệ trực tuyến",
        "op": ">=",
        "value": 70,
        "unit": "%",
    }
    (r,) = body["reports"]
    assert (r["id"], r["state"], r["state_label"], r["review_comment"], r["submitted_by"]) == (
        report.pk,
        "returned",
        "Bị trả lại",
        "Bổ sung",
        "truongphong-qlcn",
    )
    assert r["evidence"][0]["doc_number"] == "1/QĐ" and r["evidence"][0]["file"] is None
    assert r["measurements"] == [
        {
            "target_id": world.target_pct.pk,
            "target": "Tỷ lệ trực tuyến",
            "value": 65,
            "attainment": "khong_dat",
            "attainment_label": "không đạt",
        }
    ]
    assert body["contributions"][0]["text"] == "Đã phối hợp rà soát"
    assert body["can"] == {"save_draft": False, "submit": False, "contribute": False}


@pytest.mark.parametrize(
    ("who", "path", "status"),
    [
        ("head", "{other}", 404),  # another unit's: as if it did not exist
        ("stranger", "{mine}", 404),  # another department's
        ("coordinator", "999999", 404),
        ("coordinator", "99999999999999999999999", 404),
        ("coordinator", "{mine}", 200),
    ],
)
def test_obligation_not_found(world, tokens, who, path, status):
    path = path.format(mine=world.obligation.pk, other=world.other_obligation.pk)
    response = call(Client(), "get", f"{BASE}/{path}", tokens[who])
    assert response.status_code == status
    if status == 404:
        assert error_of(response)["code"] == "not_found"


# --- pushing reports --------------------------------------------------------------------------


def test_the_unit_head_pushes_a_report(world, tokens):
    response = call(
        Client(enforce_csrf_checks=True),
        "post",
        f"{BASE}/{world.obligation.pk}/reports",
        tokens["head"],
        payload(world),
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    report = Report.objects.get()
    assert (body["id"], body["state"], body["submitted_by"], body["progress"]) == (
        report.pk,
        "submitted",
        "truongphong-qlcn",
        100,
    )
    assert body["evidence"][0]["url"] == "https://vanban.example.gov.vn/12"
    assert body["measurements"][0]["value"] == 85.5 and body["measurements"][0]["attainment"] == "dat"
    assert body["obligation"] == {
        "id": world.obligation.pk,
        "status": "in_progress",
        "status_label": "Đang thực hiện",
    }
    assert response["Location"].endswith(f"{BASE}/{world.obligation.pk}")
    # Recorded as the token's user in the audit trail.
    assert report.history.first().history_user == world.head


def test_staff_push_a_draft_and_the_head_sends_it(world, tokens):
    client = Client()
    path = f"{BASE}/{world.obligation.pk}/reports"
    draft = call(client, "post", path, tokens["staff"], payload(world, submit=False)).json()
    assert draft["state"] == "draft" and draft["created_by"] == world.staff.username == "chuyenvien-qlcn"
    assert len(draft["evidence"]) == 1
    sent = call(
        client,
        "post",
        path,
        tokens["head"],
        payload(world, evidence=[], report_id=draft["id"], version=draft["version"]),
    )
    assert sent.status_code == 201, sent.json()
    assert (sent.json()["id"], sent.json()["state"]) == (draft["id"], "submitted")


def test_a_resubmission_after_a_return_follows_the_returned_report(world, tokens):
    client = Client()
    path = f"{BASE}/{world.obligation.pk}/reports"
    first = call(client, "post", path, tokens["head"], payload(world)).json()
    report = Report.objects.get(pk=first["id"])
    reports.review_report(
        report, world.coordinator, accept=False, comment="Sai ngày", expected_version=report.version
    )
    second = call(client, "post", path, tokens["head"], payload(world))
    assert second.status_code == 201
    assert second.json()["previous_id"] == first["id"]
    assert len(second.json()["evidence"]) == 1  # given again under the same number: replaces the copy


@pytest.mark.parametrize(
    ("who", "body", "status", "code"),
    [
        ("staff", {}, 403, "forbidden"),  # staff may not submit
        ("coord_head", {}, 403, "forbidden"),  # sees it (coordinating unit) but does not report
        ("observer", {"submit": False}, 403, "forbidden"),
        ("other_head", {}, 404, "not_found"),  # does not see it
        ("stranger_head", {}, 404, "not_found"),
        ("head", {"progress": 101}, 400, "invalid_input"),
        ("head", {"progress": "abc"}, 400, "invalid_input"),
        ("head", {"progress": None}, 400, "invalid_input"),
        ("head", {"progress": [1]}, 400, "invalid_input"),
        ("head", {"narrative": ""}, 400, "invalid_input"),
        ("head", {"narrative": 12}, 400, "invalid_input"),
        ("head", {"submit": "yes"}, 400, "invalid_input"),
        ("head", {"measurements": {"{pct}": "abc"}}, 400, "invalid_input"),
        ("head", {"measurements": {"{pct}": 150}}, 400, "invalid_input"),
        ("head", {"measurements": {"999999": 1}}, 400, "invalid_input"),
        ("head", {"measurements": [1, 2]}, 400, "invalid_input"),
        ("head", {"evidence": {"doc_number": "1"}}, 400, "invalid_input"),
        ("head", {"evidence": ["1/QĐ"]}, 400, "invalid_input"),
        (
            "head",
            {"evidence": [{"doc_number": "1", "doc_date": "01/06/2026", "summary": "x"}]},
            400,
            "invalid_input",
        ),
        ("head", {"evidence": [{"doc_number": "1", "summary": "x"}]}, 400, "invalid_input"),
        (
            "head",
            {"evidence": [{"doc_number": "1", "doc_date": "{future}", "summary": "x"}]},
            400,
            "invalid_input",
        ),
        (
            "head",
            {"evidence": [{"doc_number": "1", "doc_date": "2001-01-01", "summary": "x"}]},
            400,
            "invalid_input",
        ),
        (
            "head",
            {"evidence": [{"doc_number": "1", "doc_date": "{past}", "summary": "x", "url": "javascript:x"}]},
            400,
            "invalid_input",
        ),
        ("head", {"report_id": 999999}, 404, "not_found"),
        ("head", {"report_id": "1"}, 400, "invalid_input"),
    ],
)
def test_report_errors_and_nothing_written(world, tokens, who, body, status, code):
    text = json.dumps(body).replace("{pct}", str(world.target_pct.pk))
    text = text.replace("{future}", (world.today + timedelta(days=1)).isoformat())
    text = text.replace("{past}", (world.today - timedelta(days=1)).isoformat())
    if "progress" in body and body["progress"] is None:
        data = payload(world)
        del data["progress"]
    else:
        data = payload(world, **json.loads(text))
    response = call(Client(), "post", f"{BASE}/{world.obligation.pk}/reports", tokens[who], data)
    assert response.status_code == status, response.json()
    assert error_of(response)["code"] == code
    assert not Report.objects.exists() and not Evidence.objects.exists()


def test_a_duplicate_submission_gets_409(world, tokens):
    path = f"{BASE}/{world.obligation.pk}/reports"
    assert call(Client(), "post", path, tokens["head"], payload(world)).status_code == 201
    response = call(Client(), "post", path, tokens["head"], payload(world))
    assert response.status_code == 409
    error = error_of(response)
    assert error["code"] == "conflict"
    assert "Báo cáo kỳ này đã được gửi và đang chờ duyệt" in error["message"]
    assert Report.objects.count() == 1


def test_a_stale_draft_version_gets_409(world, tokens):
    path = f"{BASE}/{world.obligation.pk}/reports"
    draft = call(Client(), "post", path, tokens["staff"], payload(world, submit=False, evidence=[])).json()
    again = payload(world, submit=False, evidence=[], report_id=draft["id"], version=draft["version"])
    assert call(Client(), "post", path, tokens["staff"], again).status_code == 201
    response = call(
        Client(),
        "post",
        path,
        tokens["head"],
        payload(world, report_id=draft["id"], version=draft["version"]),
    )
    assert response.status_code == 409
    assert error_of(response)["code"] == "stale_version"
    assert Report.objects.get().state == "draft"


def test_a_draft_with_a_bad_document_leaves_nothing(world, tokens):
    body = payload(world, submit=False)
    body["evidence"].append({"doc_number": "2/QĐ", "doc_date": "2001-01-01", "summary": "x"})
    response = call(Client(), "post", f"{BASE}/{world.obligation.pk}/reports", tokens["staff"], body)
    assert response.status_code == 400
    assert "nằm ngoài thời gian của kế hoạch" in error_of(response)["message"]
    assert not Report.objects.exists()


@pytest.mark.parametrize("raw", ["{not json", "[1, 2]", '"text"', "null", "", b"\xff\xfe"])
def test_a_body_that_is_not_a_json_object_gets_400(world, tokens, raw):
    response = call(Client(), "post", f"{BASE}/{world.obligation.pk}/reports", tokens["head"], raw=raw)
    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid_json"


def test_a_body_too_large_gets_413(world, tokens, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = call(Client(), "post", f"{BASE}/{world.obligation.pk}/reports", tokens["head"], payload(world))
    assert response.status_code == 413
    assert error_of(response)["code"] == "too_large"


# --- the rest ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("post", "", "GET"),
        ("delete", "/{id}", "GET"),
        ("get", "/{id}/reports", "POST"),
        ("put", "/{id}/reports", "POST"),
    ],
)
def test_a_wrong_method_gets_405_in_json(world, tokens, method, path, allow):
    response = call(Client(), method, BASE + path.format(id=world.obligation.pk), tokens["head"])
    assert response.status_code == 405
    assert response["Allow"] == allow
    assert error_of(response)["code"] == "method_not_allowed"


@pytest.mark.parametrize(
    "path", ["/api/v1/", "/api/v1/khong-co", "/api/v1/obligations/abc", "/api/v1/obligations/1/x"]
)
def test_an_unknown_address_gets_a_json_404(world, path):
    response = call(Client(), "get", path)
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_a_slash_at_the_end_is_accepted(world, tokens):
    assert call(Client(), "get", f"{BASE}/", tokens["head"]).status_code == 200
    assert call(Client(), "get", f"{BASE}/{world.obligation.pk}/", tokens["head"]).status_code == 200
    response = call(
        Client(), "post", f"{BASE}/{world.obligation.pk}/reports/", tokens["head"], payload(world)
    )
    assert response.status_code == 201


def test_a_fault_is_a_json_500_without_details(world, tokens, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(api.reads, "obligation_json", broken)  # the list serialises through it
    response = call(Client(raise_request_exception=False), "get", BASE, tokens["head"])
    assert response.status_code == 500
    error = error_of(response)
    assert error["code"] == "server_error" and "secret" not in error["message"]
    assert "secret internals" in caplog.text  # logged with its context for the administrators


def test_a_report_on_a_document_product_needs_its_document(world, tokens):
    """Issue 8: where the task's product is a document, no report is sent without it; a
    report on another task may still go without one (the web app asks to confirm)."""
    world.task.product = "Quyết định công bố danh mục TTHC"
    world.task.save()
    path = f"{BASE}/{world.obligation.pk}/reports"
    response = call(Client(), "post", path, tokens["head"], payload(world, evidence=[]))
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid_input" and error["field"] == "evidence"
    assert error["message"].startswith("Sản phẩm của nhiệm vụ này là văn bản")
    assert not world.obligation.reports.exists()
    assert call(Client(), "post", path, tokens["head"], payload(world)).status_code == 201
    other = f"{BASE}/{world.other_obligation.pk}/reports"
    body = payload(world, evidence=[], measurements={})
    assert call(Client(), "post", other, tokens["other_head"], body).status_code == 201


def test_a_draft_and_its_documents_are_saved_all_or_nothing(world, tokens):
    doc = payload(world)["evidence"][0]
    body = payload(world, submit=False, evidence=[doc, dict(doc)])
    response = call(Client(), "post", f"{BASE}/{world.obligation.pk}/reports", tokens["staff"], body)
    assert response.status_code == 400 and error_of(response)["field"] == "doc_number"
    assert not world.obligation.reports.exists()
