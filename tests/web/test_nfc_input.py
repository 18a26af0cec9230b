"""Every text a form or the API sends reaches the views NFC (issue 9, item 2): "Hoàng Minh
Đức" typed with decomposed tone marks is the same officer as the composed one."""

from __future__ import annotations

import json
import unicodedata

import pytest
from django.http import JsonResponse
from django.test import RequestFactory

from cchc.web.nfc import NFCInputMiddleware

NAME = "Hoàng Minh Đức"
NFD = unicodedata.normalize("NFD", NAME)


def echo(request):
    if request.content_type == "application/json":
        return JsonResponse(json.loads(request.body))
    return JsonResponse(
        {"get": request.GET.getlist("q"), "post": request.POST.getlist("q"), "file": list(request.FILES)}
    )


def through(request) -> dict:
    response = NFCInputMiddleware(echo)(request)
    return json.loads(response.content)


rf = RequestFactory()
CASES = [
    pytest.param(lambda: rf.get("/", {"q": NFD}), "get", [NAME], id="query string"),
    pytest.param(lambda: rf.post("/", {"q": [NFD, "Lan"]}), "post", [NAME, "Lan"], id="multipart form"),
    pytest.param(
        lambda: rf.post("/", f"q={NFD}".encode(), content_type="application/x-www-form-urlencoded"),
        "post",
        [NAME],
        id="urlencoded form",
    ),
]


@pytest.mark.parametrize(("make", "part", "expected"), CASES)
def test_form_values_are_nfc(make, part, expected):
    seen = through(make())[part]
    assert seen == expected
    assert all(unicodedata.is_normalized("NFC", v) for v in seen)


def test_a_json_body_is_nfc():
    request = rf.post(
        "/", json.dumps({"narrative": NFD}, ensure_ascii=False), content_type="application/json"
    )
    assert through(request) == {"narrative": NAME}


def test_files_still_arrive_with_the_form():
    from django.core.files.uploadedfile import SimpleUploadedFile

    request = rf.post("/", {"q": NFD, "f": SimpleUploadedFile("a.csv", b"x")})
    assert through(request) == {"get": [], "post": [NAME], "file": ["f"]}


def test_the_middleware_is_installed(settings):
    assert "cchc.web.nfc.NFCInputMiddleware" in settings.MIDDLEWARE
