"""The screens' addresses are Vietnamese; the English ones they had (bookmarks, links in
e-mails already sent) answer with a permanent redirect to the same page, query string kept.
The JSON API keeps its English paths (a machine interface, docs/api.md)."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

# (old address, URL name, arguments): one per route that moved.
MOVED = [
    ("/plans/", "plans:list", ()),
    ("/plans/import/", "plans:import", ()),
    ("/plans/import/7/", "plans:import_preview", (7,)),
    ("/plans/import/7/meta/", "plans:import_meta", (7,)),
    ("/plans/import/7/rows/3/", "plans:import_row", (7, 3)),
    ("/plans/import/7/rows/3/save/", "plans:import_row_save", (7, 3)),
    ("/plans/import/7/units/", "plans:import_map_unit", (7,)),
    ("/plans/import/7/tables/", "plans:import_tables", (7,)),
    ("/plans/import/7/confirm/", "plans:import_confirm", (7,)),
    ("/plans/import/jobs/7/", "plans:confirm_job", (7,)),
    ("/plans/import/jobs/7/progress/", "plans:confirm_job_progress", (7,)),
    ("/plans/import/7/discard/", "plans:import_discard", (7,)),
    ("/plans/7/", "plans:detail", (7,)),
    ("/plans/7/source/", "plans:source", (7,)),
    ("/plans/7/archive/", "plans:archive", (7,)),
    ("/plans/7/reopen/", "plans:reopen", (7,)),
    ("/plans/7/delete/", "plans:delete", (7,)),
    ("/minh-chung/9/", "tracking:evidence_file", (9,)),
    ("/minh-chung/9/xoa/", "tracking:evidence_remove", (9,)),
    ("/login/", "login", ()),
    ("/logout/", "logout", ()),
]

NEW = {
    "plans:list": "/ke-hoach/",
    "plans:import": "/ke-hoach/nhap/",
    "plans:import_preview": "/ke-hoach/nhap/7/",
    "plans:detail": "/ke-hoach/7/",
    "plans:source": "/ke-hoach/7/tep-goc/",
    "plans:delete": "/ke-hoach/7/xoa/",
    "tracking:evidence_file": "/tai-lieu-kiem-chung/9/",
    "login": "/dang-nhap/",
}


@pytest.mark.parametrize(("old", "name", "args"), MOVED)
def test_an_old_address_redirects_permanently_to_the_new_one(client, old, name, args):
    new = reverse(name, args=args)
    assert new != old and NEW.get(name, new) == new
    got = client.get(old)
    assert got.status_code == 301 and got["Location"] == new
    with_query = client.get(f"{old}?trang=2&q=a%20b")
    assert with_query.status_code == 301 and with_query["Location"] == f"{new}?trang=2&q=a%20b"
    # A form posted from a page opened before the move is sent again, body and all (308).
    posted = client.post(old, {"x": "1"})
    assert posted.status_code == 308 and posted["Location"] == new


def test_a_bookmarked_plan_list_still_opens_after_login(client, coordinator):
    client.post(reverse("login"), {"username": coordinator.username, "password": PASSWORD})
    page = client.get("/plans/?trang=1", follow=True)
    assert page.status_code == 200 and page.redirect_chain == [("/ke-hoach/?trang=1", 301)]


def _routes(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + str(p.pattern), p


def test_no_screen_has_an_english_path_except_the_api_and_the_admin():
    english = {"import", "rows", "units", "tables", "confirm", "jobs", "progress", "discard", "source"}
    english |= {"archive", "reopen", "delete", "plans", "login", "logout", "minh-chung", "meta"}
    for route, pattern in _routes(get_resolver().url_patterns):
        if route.startswith(("api/", "^api/", "admin/", "plans/")) or pattern.default_args.get("to"):
            continue
        words = {w for w in route.replace("<", "/").replace(">", "/").split("/") if w}
        assert not words & english, route


def test_the_api_keeps_its_english_paths():
    assert reverse("api:obligations") == "/api/v1/obligations"
