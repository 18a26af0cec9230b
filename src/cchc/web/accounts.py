"""A person's account: log in (throttled), change the password (logged in), reset it by
e-mail (forgotten).

Django's own views and forms (``django.contrib.auth.views``), with the app's Vietnamese
templates. The templates have names of their own: the admin ships templates under the
standard names (``registration/password_reset_form.html`` …) and, installed first, would
be found before ours. The reset e-mail goes through the configured mailer (the ``file``
backend writes it to ``var/mail/``) and its link starts with ``CCHC_SITE_URL``, as the
reminders' links do.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse_lazy

from cchc.orgs import throttle

CHANGED = "Đã đổi mật khẩu. Lần đăng nhập sau, hãy dùng mật khẩu mới."
WRONG_LOGIN = "Tên đăng nhập hoặc mật khẩu không đúng. Hãy thử lại (chú ý chữ hoa, chữ thường)."


class _Throttled:
    """A login form that says so when logins are paused (too many wrong passwords for the
    account or from the address: ``orgs.throttle``), instead of "wrong password"."""

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")  # type: ignore[attr-defined]
        if username and throttle.refuse(username, throttle.client_address(self.request)):  # type: ignore[attr-defined]
            raise ValidationError(throttle.locked_message(), code="locked")
        return super().clean()  # type: ignore[misc]


class LoginForm(_Throttled, AuthenticationForm):
    """Django's login form, in Vietnamese, throttled."""

    # Django declares it per instance (str or lazy text): overridden here for the class.
    error_messages: dict[str, Any] = {  # noqa: RUF012
        "invalid_login": WRONG_LOGIN,
        "inactive": "Tài khoản này đã bị khóa: hãy liên hệ Văn phòng Sở.",
    }


class AdminLoginForm(_Throttled, AdminAuthenticationForm):
    """The admin's login form, throttled with the same counts and message."""


def paused(response: HttpResponse, form: Any) -> HttpResponse:
    """A login refused because logins are paused answers 429 with the time to wait."""
    if form is not None and form.has_error("__all__", "locked"):
        response.status_code = 429
        response["Retry-After"] = str(throttle.limits().seconds)
    return response


class Login(auth_views.LoginView):
    """The login page; a paused login answers 429 (Too Many Requests) with the form."""

    form_class = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form: Any) -> HttpResponse:
        return paused(super().form_invalid(form), form)


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's login page, answering 429 like the app's when logins are paused."""
    from django.contrib import admin

    response = admin.site.login(request)
    context = getattr(response, "context_data", None) or {}
    return paused(response, context.get("form"))


class PasswordChange(auth_views.PasswordChangeView):
    """Change one's password; the session stays logged in; back to the front page."""

    template_name = "registration/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, CHANGED)
        return response


class ResetRequestForm(PasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Địa chỉ thư điện tử"
        self.fields["email"].error_messages = {
            "required": "Hãy nhập địa chỉ thư điện tử của tài khoản.",
            "invalid": "Địa chỉ thư điện tử không đúng dạng (ví dụ: ten@so.gov.vn).",
        }


class PasswordReset(auth_views.PasswordResetView):
    """Ask for a link by e-mail. The answer is the same whether the address is known or
    not (nobody learns from it who has an account)."""

    form_class = ResetRequestForm
    template_name = "registration/password_reset_request.html"
    email_template_name = "registration/password_reset_mail.txt"
    subject_template_name = "registration/password_reset_mail_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        self.extra_email_context = {
            "site_url": settings.CCHC_SITE_URL.rstrip("/"),
            "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        }
        return super().form_valid(form)


class PasswordResetSent(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_sent.html"


class PasswordResetNew(auth_views.PasswordResetConfirmView):
    """The link of the e-mail: choose a new password (or learn that the link is spent)."""

    template_name = "registration/password_reset_new.html"
    success_url = reverse_lazy("password_reset_complete")
    reset_url_token = "dat-mat-khau"  # the address shown once the token is in the session


class PasswordResetFinished(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_finished.html"
