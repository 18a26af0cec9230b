"""Every text that enters through a request is NFC (issue 9, item 2).

Vietnamese arrives composed or decomposed depending on the keyboard, the browser and the
system that exported it ("Đức" as one code point for "ứ", or "ư" plus a combining acute):
compared or grouped as they come, one officer, unit or task becomes two. The exports are
normalised by their readers (``core.dossiers.load``), the plan documents by theirs
(``core.planread``); this middleware does it once for the forms (query string and body) and
the API's JSON bodies, so no form or view has to remember.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict


def nfc_query(data: QueryDict) -> QueryDict:
    """A copy of ``data`` with every value NFC (keys are the app's own ASCII names)."""
    if all(unicodedata.is_normalized("NFC", v) for values in data.lists() for v in values[1]):
        return data
    out = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        out.setlist(key, [unicodedata.normalize("NFC", v) for v in values])
    out._mutable = False
    return out


class NFCInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.GET:
            # An immutable copy, as Django's own (the stubs type it as a class of their own).
            request.GET = nfc_query(request.GET)  # type: ignore[assignment]
        if request.method in ("POST", "PUT", "PATCH"):
            content_type = request.content_type or ""
            if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
                request.POST = nfc_query(request.POST)  # type: ignore[assignment]  # as GET above
            elif content_type == "application/json":
                _nfc_json_body(request)
        return self.get_response(request)


def _nfc_json_body(request: HttpRequest) -> None:
    """The JSON text itself NFC: its structure is ASCII, so only the strings' letters change."""
    try:
        body = request.body
        text = body.decode("utf-8")
    except Exception:  # unreadable: the API answers it with its own message
        return
    if not unicodedata.is_normalized("NFC", text):
        request._body = unicodedata.normalize("NFC", text).encode("utf-8")
