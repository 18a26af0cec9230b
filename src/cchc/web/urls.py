"""The account pages (``/tai-khoan/``): password change and reset, under Django's URL names
(``password_change``, ``password_reset`` …) so Django's own views find each other."""

from django.urls import path

from cchc.web import accounts

urlpatterns = [
    path("doi-mat-khau/", accounts.PasswordChange.as_view(), name="password_change"),
    path("quen-mat-khau/", accounts.PasswordReset.as_view(), name="password_reset"),
    path("quen-mat-khau/da-gui/", accounts.PasswordResetSent.as_view(), name="password_reset_done"),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        accounts.PasswordResetNew.as_view(),
        name="password_reset_confirm",
    ),
    path("dat-lai-mat-khau/xong/", accounts.PasswordResetFinished.as_view(), name="password_reset_complete"),
]
