from django.urls import path

from cchc.chasing import views

app_name = "chasing"

urlpatterns = [
    path("", views.notification_list, name="notifications"),
    path("<int:pk>/", views.notification_open, name="open"),
    path("da-doc/", views.notification_mark_read, name="mark_read"),
    path("nhac-viec-gop/<str:week>/", views.folded, name="folded"),
    path("tong-hop-tuan/", views.weekly, name="weekly"),
]
