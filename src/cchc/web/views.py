from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string


def home(request: HttpRequest) -> HttpResponse:
    """The plans are the system's front page (login is asked for there)."""
    return redirect("plans:list")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 400 page. A view's own ``BadRequest`` carries a Vietnamese message that says what
    was wrong; Django's other refusals (a bad Host header…) are not shown as they are."""
    message = str(exception) if type(exception) is BadRequest else ""
    # error_base.html needs no database: a 400 can come before a session is readable.
    return HttpResponse(render_to_string("400.html", {"message": message}, request), status=400)
