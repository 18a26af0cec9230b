"""Errors in Vietnamese, in the site's layout: the 500 page (rendered by Django without a
request or the database), 400, a refused CSRF token, 404 and 403; and Django's usual
account addresses lead to the app's own pages."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client

from tests.dom import dom, find, text
from tests.factories import PASSWORD


def _heading(response) -> str:
    return text(find(dom(response), "//h1"))


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.web.urls_errors"


ERRORS = [
    ("a fault", "/loi/500/", 500, "Lỗi hệ thống"),
    ("a malformed request", "/loi/400/", 400, "Yêu cầu không hợp lệ"),
    ("no such page", "/khong-co-trang-nay/", 404, "Không tìm thấy trang"),
]


@pytest.mark.parametrize(("what", "path", "status", "heading"), ERRORS, ids=[e[0] for e in ERRORS])
def test_errors_are_pages_in_vietnamese(production, db, what, path, status, heading):
    client = Client(raise_request_exception=False)
    response = client.get(path)
    assert response.status_code == status
    page = dom(response)
    assert page.get("lang") == "vi"
    assert _heading(response) == heading
    assert find(page, '//header[@class="topbar"]/a[@class="brand"]') is not None
    assert "Server Error" not in text(page) and "Bad Request" not in text(page)


def test_the_500_page_needs_neither_a_request_nor_the_database(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")  # as Django's server_error renders it: no context
    assert text(find(dom(html), "//h1")) == "Lỗi hệ thống"
    assert find(dom(html), '//link[@rel="stylesheet"]').get("href") == "/static/cchc.css"


def test_a_stale_form_is_explained_in_vietnamese(production, coordinator):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/dang-nhap/", {"username": "vanphong", "password": PASSWORD})
    assert response.status_code == 403
    assert _heading(response) == "Không gửi được biểu mẫu"


REDIRECTS = [
    ("/password_change/", "/tai-khoan/doi-mat-khau/"),
    ("/accounts/password_change/", "/tai-khoan/doi-mat-khau/"),
    ("/password_reset/", "/tai-khoan/quen-mat-khau/"),
    ("/accounts/password_reset/", "/tai-khoan/quen-mat-khau/"),
    ("/accounts/login/?next=/theo-doi/", "/dang-nhap/?next=/theo-doi/"),
]


@pytest.mark.parametrize(("usual", "ours"), REDIRECTS)
def test_djangos_usual_account_addresses_lead_to_the_apps_pages(coord_client, usual, ours):
    response = coord_client.get(usual)
    assert response.status_code == 302 and response["Location"] == ours
    assert coord_client.get(usual, follow=True).status_code == 200
