"""URLs: the plans screens, the follow-through screens, notifications, login/logout and the
account pages, the admin. The screens' paths are Vietnamese (docs/glossary.md); the JSON API
keeps its English ``/api/v1/`` (a machine interface, docs/api.md)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from cchc.tracking import plan_urls
from cchc.ui.moved import moved
from cchc.web import accounts as web_accounts
from cchc.web import views as web_views

admin.site.site_header = "Quản trị hệ thống CCHC"
admin.site.site_title = "Quản trị CCHC"
admin.site.index_title = "Danh mục và dữ liệu"
# The admin's login is throttled with the same counts and Vietnamese message as the app's.
admin.site.login_form = web_accounts.AdminLoginForm

# Django's usual addresses of the account pages (bookmarks, habits, other Django sites): to
# the app's own pages, query string kept.
DJANGO_USUAL = {
    "password_change/": "password_change",
    "password_reset/": "password_reset",
    "accounts/password_change/": "password_change",
    "accounts/password_reset/": "password_reset",
    "accounts/login/": "login",
}

# A request's bad value (an id too long, a page that is not a number): a page saying so.
handler400 = web_views.bad_request
handler500 = web_views.server_error

urlpatterns = [
    path("", web_views.home, name="home"),
    *(
        path(old, RedirectView.as_view(pattern_name=name, query_string=True, permanent=False))
        for old, name in DJANGO_USUAL.items()
    ),
    path("dang-nhap/", web_accounts.Login.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    moved("login/", "login"),
    moved("logout/", "logout"),
    path("tai-khoan/", include("cchc.web.urls")),
    path("ke-hoach/", include("cchc.tracking.plan_urls")),
    # The plans screens' English addresses before they became Vietnamese: permanent redirects.
    path("plans/", include(plan_urls.OLD_URLS)),
    path("api/v1/", include("cchc.tracking.api_urls")),
    path("thong-bao/", include("cchc.chasing.urls")),
    path("ho-so/", include("cchc.dossiers.urls")),
    path("bao-cao-cchc/", include("cchc.reporting.urls")),
    path("cham-diem/", include("cchc.scoring.urls")),
    path("", include("cchc.overview.urls")),
    path("", include("cchc.tracking.urls")),
    # The admin's login page offers "Quên mật khẩu?" when this name exists: the app's own reset.
    path("admin/password_reset/", web_accounts.PasswordReset.as_view(), name="admin_password_reset"),
    path("admin/login/", web_accounts.admin_login, name="admin_login_throttled"),
    path("admin/", admin.site.urls),
]
