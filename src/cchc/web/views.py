from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


def home(request: HttpRequest) -> HttpResponse:
    """The plans are the system's front page (login is asked for there)."""
    return redirect("plans:list")
