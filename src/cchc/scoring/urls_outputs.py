"""The outputs: the files of the score table and the evidence, the ranking, the criteria sets.

Listed before the process screens (``urls.py``): their fixed first parts (xep-hang,
bo-tieu-chi) must not be read as a department's code."""

from django.urls import path

from cchc.scoring import views_criteria, views_outputs, views_ranking

urlpatterns = [
    path("xep-hang/<int:year>/", views_ranking.ranking, name="ranking"),
    path("xep-hang/<int:year>/xep-hang.xlsx", views_ranking.ranking_xlsx_view, name="ranking_xlsx"),
    path("bo-tieu-chi/", views_criteria.criteria_sets, name="criteria"),
    path("bo-tieu-chi/mau.xlsx", views_criteria.criteria_template, name="criteria_template"),
    path("bo-tieu-chi/nhap/", views_criteria.criteria_import, name="criteria_import"),
    path("bo-tieu-chi/<int:pk>/bo-tieu-chi.xlsx", views_criteria.criteria_xlsx, name="criteria_xlsx"),
    path("bo-tieu-chi/<int:pk>/sao-chep/", views_criteria.criteria_copy, name="criteria_copy"),
    path("<str:org>/<int:year>/bang-diem.xlsx", views_outputs.score_xlsx, name="score_xlsx"),
    path("<str:org>/<int:year>/bang-diem.docx", views_outputs.score_docx, name="score_docx"),
    path("<str:org>/<int:year>/tai-lieu-kiem-chung/", views_outputs.pack, name="pack"),
    path("<str:org>/<int:year>/tai-lieu-kiem-chung/tao/", views_outputs.pack_start, name="pack_start"),
    path(
        "<str:org>/<int:year>/tai-lieu-kiem-chung/<int:pk>/tien-do/",
        views_outputs.pack_progress,
        name="pack_progress",
    ),
    path("<str:org>/<int:year>/tai-lieu-kiem-chung.zip", views_outputs.pack_zip, name="pack_zip"),
]
