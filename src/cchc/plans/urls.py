"""URLs of the plans screens (``/ke-hoach/``: Vietnamese paths, as the department says them).

``OLD_URLS`` are the English addresses these screens had under ``/plans/`` (bookmarks, links
in e-mails already sent): each redirects permanently to its Vietnamese address."""

from django.urls import path

from cchc.plans import views
from cchc.ui.moved import moved

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("nhap/", views.import_upload, name="import"),
    path("nhap/<int:pk>/", views.import_preview, name="import_preview"),
    path("nhap/<int:pk>/thong-tin/", views.import_meta, name="import_meta"),
    path("nhap/<int:pk>/dong/<int:index>/", views.import_row, name="import_row"),
    path("nhap/<int:pk>/dong/<int:index>/luu/", views.import_row_save, name="import_row_save"),
    path("nhap/<int:pk>/don-vi/", views.import_map_unit, name="import_map_unit"),
    path("nhap/<int:pk>/bang/", views.import_tables, name="import_tables"),
    path("nhap/<int:pk>/xac-nhan/", views.import_confirm, name="import_confirm"),
    path("nhap/viec/<int:pk>/", views.confirm_job, name="confirm_job"),
    path("nhap/viec/<int:pk>/tien-do/", views.confirm_job_progress, name="confirm_job_progress"),
    path("nhap/<int:pk>/huy/", views.import_discard, name="import_discard"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/tep-goc/", views.plan_source, name="source"),
    path("<int:pk>/luu-tru/", views.plan_archive, name="archive"),
    path("<int:pk>/mo-lai/", views.plan_reopen, name="reopen"),
    path("<int:pk>/xoa/", views.plan_delete, name="delete"),
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
