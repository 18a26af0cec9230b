"""URLs of the reports sent upward (/bao-cao-cchc/)."""

from django.urls import path

from cchc.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("lap/", views.report_open, name="open"),
    path("lap-theo-ke-hoach/", views.report_open_plan, name="open_plan"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/noi-dung/<str:key>/", views.report_text, name="text"),
    path("<int:pk>/cap-nhat-so-lieu/", views.report_refresh, name="refresh"),
    path("<int:pk>/tao-tep/", views.report_files, name="files"),
    path("<int:pk>/da-gui/", views.report_sent, name="sent"),
    path("tao-tep/<int:pk>/tien-do/", views.job_progress, name="job_progress"),
    path("tep/<int:pk>/", views.file_download, name="file"),
    path("mau-word/", views.template_download, name="template"),
]
