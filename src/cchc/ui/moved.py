"""Addresses that moved: the screens' URLs are Vietnamese (``/ke-hoach/``, ``/tai-lieu-kiem-chung/``),
and what was bookmarked or e-mailed under the old English ones still arrives.

Each old route answers with a permanent redirect to the named URL it became, its query
string kept: 301 for a GET (or HEAD), 308 for anything else, so that a form posted from a
page opened before the move is sent again, body and all, to the new address.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.urls import URLPattern, path, reverse


def _moved(request: HttpRequest, *, to: str, **kwargs: Any) -> HttpResponsePermanentRedirect:
    url = reverse(to, kwargs=kwargs)
    query = request.META.get("QUERY_STRING", "")
    response = HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)
    if request.method not in ("GET", "HEAD"):
        response.status_code = 308
    return response


def moved(old_route: str, to: str) -> URLPattern:
    """``old_route`` (a ``path()`` route, converters included) redirects to the URL named ``to``
    with the same captured values."""
    return path(old_route, _moved, {"to": to})
