"""URLs of the dossier screens (Vietnamese paths, as the department says them)."""

from django.urls import path

from cchc.dossiers import views

app_name = "dossiers"

urlpatterns = [
    path("", views.indicators, name="indicators"),
    path("can-bo/", views.officers, name="officers"),
    path("danh-sach/", views.dossier_list, name="list"),
    path("tai-len/", views.upload, name="upload"),
    path("tai-len/<int:pk>/", views.upload_detail, name="upload_detail"),
    path("tai-len/viec/<int:pk>/", views.job, name="job"),
    path("tai-len/viec/<int:pk>/tien-do/", views.job_progress, name="job_progress"),
    path("phan-tich-lai/", views.reanalyze, name="reanalyze"),
    path("xuat-excel/", views.workbook, name="workbook"),
]
