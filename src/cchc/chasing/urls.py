from django.urls import path

from cchc.chasing import views

app_name = "chasing"

urlpatterns = [
    path("", views.notification_list, name="notifications"),
    path("da-doc/", views.notification_mark_read, name="mark_read"),
]
