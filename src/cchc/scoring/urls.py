"""URLs of the PAR INDEX self-assessment (/cham-diem/)."""

from django.urls import path

from cchc.scoring import urls_outputs, urls_process, views_evidence

app_name = "scoring"

urlpatterns = [
    path("tai-lieu/<int:pk>/", views_evidence.evidence_file, name="file"),
    path(
        "<int:assessment_id>/tai-lieu-bao-cao/<int:evidence_id>/",
        views_evidence.report_file,
        name="report_file",
    ),
    # The outputs' fixed words ("xep-hang/2026/", ".../bang-diem.xlsx") before the process's
    # patterns, which read any "<org>/<year>/<code>/" as an item.
    *urls_outputs.urlpatterns,
    *urls_process.urlpatterns,
]
