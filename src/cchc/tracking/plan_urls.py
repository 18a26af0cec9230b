"""The plans' URLs (namespace ``plans``): the draft's screens (``plans.views``) and the plan
screens that also read or write obligations (``tracking.views_plan``), in one URLconf here,
where both may be imported. The paths are Vietnamese (``/ke-hoach/``, docs/glossary.md);
``OLD_URLS`` are the English addresses these screens had under ``/plans/`` (bookmarks, links
in e-mails already sent): each redirects permanently to its Vietnamese address."""

from django.urls import path

from cchc.plans import views
from cchc.tracking import views_plan
from cchc.ui.moved import moved

app_name = "plans"

urlpatterns = [
    path("", views_plan.plan_list, name="list"),
    path("nhap/", views.import_upload, name="import"),
    path("nhap/<int:pk>/", views.import_preview, name="import_preview"),
    path("nhap/<int:pk>/thong-tin/", views.import_meta, name="import_meta"),
    path("nhap/<int:pk>/dong/<int:index>/", views.import_row, name="import_row"),
    path("nhap/<int:pk>/dong/<int:index>/luu/", views.import_row_save, name="import_row_save"),
    path("nhap/<int:pk>/don-vi/", views.import_map_unit, name="import_map_unit"),
    path("nhap/<int:pk>/bang/", views.import_tables, name="import_tables"),
    path("nhap/<int:pk>/xac-nhan/", views_plan.import_confirm, name="import_confirm"),
    path("nhap/viec/<int:pk>/", views_plan.confirm_job, name="confirm_job"),
    path("nhap/viec/<int:pk>/tien-do/", views_plan.confirm_job_progress, name="confirm_job_progress"),
    path("nhap/<int:pk>/huy/", views.import_discard, name="import_discard"),
    path("<int:pk>/", views_plan.plan_detail, name="detail"),
    path("<int:pk>/tep-goc/", views.plan_source, name="source"),
    path("<int:pk>/luu-tru/", views_plan.plan_archive, name="archive"),
    path("<int:pk>/mo-lai/", views_plan.plan_reopen, name="reopen"),
    path("<int:pk>/xoa/", views_plan.plan_delete, name="delete"),
]

# The old addresses (mounted under /plans/ by the site's URLconf), by the name each became.
OLD_URLS = [
    moved(old, f"plans:{name}")
    for old, name in (
        ("", "list"),
        ("import/", "import"),
        ("import/<int:pk>/", "import_preview"),
        ("import/<int:pk>/meta/", "import_meta"),
        ("import/<int:pk>/rows/<int:index>/", "import_row"),
        ("import/<int:pk>/rows/<int:index>/save/", "import_row_save"),
        ("import/<int:pk>/units/", "import_map_unit"),
        ("import/<int:pk>/tables/", "import_tables"),
        ("import/<int:pk>/confirm/", "import_confirm"),
        ("import/jobs/<int:pk>/", "confirm_job"),
        ("import/jobs/<int:pk>/progress/", "confirm_job_progress"),
        ("import/<int:pk>/discard/", "import_discard"),
        ("<int:pk>/", "detail"),
        ("<int:pk>/source/", "source"),
        ("<int:pk>/archive/", "archive"),
        ("<int:pk>/reopen/", "reopen"),
        ("<int:pk>/delete/", "delete"),
    )
]
