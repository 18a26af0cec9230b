"""A request whose write could not get the database in time is answered "thử lại" (503),
never with "Server Error (500)" (``ui.database`` says which refusals those are)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from cchc.ui.database import BUSY_MESSAGE, RETRY_AFTER_SECONDS, is_busy

log = logging.getLogger(__name__)


class DatabaseBusyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not is_busy(exc):
            return None
        return busy_response(request, exc)


def busy_response(request: HttpRequest, exc: BaseException) -> HttpResponse:
    """The answer to a request the database turned away: a page, or the API's JSON, 503.
    Also the 500 handler's for a refusal raised outside the view (a middleware saving the
    session), which ``process_exception`` never sees."""
    log.warning("database busy on %s %s: %s", request.method, request.path, exc)
    if request.path_info.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"error": {"code": "busy", "message": BUSY_MESSAGE}},
            status=503,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        response = HttpResponse(_page(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _page() -> str:
    """The error pages' own layout: no request, no database (it is the one refusing)."""
    return render_to_string("503.html", {"message": BUSY_MESSAGE})
