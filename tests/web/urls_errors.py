"""The app's URLs plus views that fail, for the error pages' tests."""

from django.core.exceptions import SuspiciousOperation
from django.urls import path

from cchc.config.urls import handler400, handler500  # noqa: F401 (Django reads them here)
from cchc.config.urls import urlpatterns as app_urlpatterns


def boom(request):
    raise RuntimeError("a fault the person did not cause")


def suspicious(request):
    raise SuspiciousOperation("a malformed request")


urlpatterns = [path("loi/500/", boom), path("loi/400/", suspicious), *app_urlpatterns]
