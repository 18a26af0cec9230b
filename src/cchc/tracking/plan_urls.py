"""The plans' URLs (namespace ``plans``): the draft's screens (``plans.views``) and the plan
screens that also read or write obligations (``tracking.views_plan``), in one URLconf here,
where both may be imported."""

from django.urls import path

from cchc.plans import views
from cchc.tracking import views_plan

app_name = "plans"

urlpatterns = [
    path("", views_plan.plan_list, name="list"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
    path("import/<int:pk>/meta/", views.import_meta, name="import_meta"),
    path("import/<int:pk>/rows/<int:index>/", views.import_row, name="import_row"),
    path("import/<int:pk>/rows/<int:index>/save/", views.import_row_save, name="import_row_save"),
    path("import/<int:pk>/units/", views.import_map_unit, name="import_map_unit"),
    path("import/<int:pk>/tables/", views.import_tables, name="import_tables"),
    path("import/<int:pk>/confirm/", views_plan.import_confirm, name="import_confirm"),
    path("import/jobs/<int:pk>/", views_plan.confirm_job, name="confirm_job"),
    path("import/jobs/<int:pk>/progress/", views_plan.confirm_job_progress, name="confirm_job_progress"),
    path("import/<int:pk>/discard/", views.import_discard, name="import_discard"),
    path("<int:pk>/", views_plan.plan_detail, name="detail"),
    path("<int:pk>/source/", views.plan_source, name="source"),
    path("<int:pk>/archive/", views_plan.plan_archive, name="archive"),
    path("<int:pk>/reopen/", views_plan.plan_reopen, name="reopen"),
    path("<int:pk>/delete/", views_plan.plan_delete, name="delete"),
]
