"""URLs of the JSON API, mounted under /api/v1/ (namespace "api")."""

from django.urls import re_path

from cchc.tracking import api

app_name = "api"

# A trailing slash is optional: clients write both, and a redirect would drop a POST body.
urlpatterns = [
    re_path(r"^obligations/?$", api.obligation_list, name="obligations"),
    re_path(r"^obligations/(?P<pk>[0-9]+)/?$", api.obligation_detail, name="obligation"),
    re_path(r"^obligations/(?P<pk>[0-9]+)/reports/?$", api.report_create, name="reports"),
    # Anything else under /api/v1/ is a JSON 404, never the site's HTML page.
    re_path(r"^.*$", api.not_found, name="not_found"),
]
