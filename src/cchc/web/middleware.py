"""Responses for a signed-in person are nobody else's: never kept by a shared proxy, nor by
the browser once the person has left (a page, an Excel export, an evidence file, an API
answer). Static files never reach this middleware (WhiteNoise answers them earlier, with
its own caching), so they stay cacheable."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class PrivateNoStoreMiddleware:
    """``Cache-Control: private, no-store`` on every answer to a signed-in person (a session)
    or to an API call (a token); a view's own "public" gives way to "private"."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False) or "Authorization" in request.headers:
            patch_cache_control(response, private=True, no_store=True)
        return response
