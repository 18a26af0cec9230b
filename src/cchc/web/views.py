import sys

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string

from cchc.orgs.access import DEPARTMENT_WIDE, UNIT_ROLES
from cchc.orgs.selectors import membership_for
from cchc.scoring.permissions import APPRAISERS
from cchc.ui.database import is_busy
from cchc.web.busy import busy_response


def home(request: HttpRequest) -> HttpResponse:
    """Each person's front page: the overview for the leadership, the Office and observers;
    the unit's work (with its figures) for a unit's head and staff; the appraisal for Sở Nội
    vụ's appraiser; the plans for anyone else. A visitor logs in first and comes back here,
    to be sent to the right one."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    membership = membership_for(request.user)
    if membership is not None:
        if membership.role in DEPARTMENT_WIDE:
            return redirect("overview:home")
        if membership.role in UNIT_ROLES and membership.unit_id:
            return redirect("tracking:my_unit")
        if membership.role in APPRAISERS:
            return redirect("scoring:home")
    return redirect("plans:list")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 400 page. A view's own ``BadRequest`` carries a Vietnamese message that says what
    was wrong; Django's other refusals (a bad Host header…) are not shown as they are."""
    message = str(exception) if type(exception) is BadRequest else ""
    # error_base.html needs no database: a 400 can come before a session is readable.
    return HttpResponse(render_to_string("400.html", {"message": message}, request), status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, but for the database turning a write away: raised outside a view (a
    middleware saving the session) it reaches here, and is answered "thử lại" (503) too."""
    exc = sys.exc_info()[1]  # called inside Django's ``except`` for the uncaught exception
    if exc is not None and is_busy(exc):
        return busy_response(request, exc)
    return HttpResponse(render_to_string("500.html"), status=500)
