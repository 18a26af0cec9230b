"""URLs of the follow-through screens (Vietnamese paths, as the department says them)."""

from django.urls import path

from cchc.tracking import views_board, views_review, views_task, views_task_edit, views_unit
from cchc.ui.moved import moved

app_name = "tracking"

urlpatterns = [
    path("theo-doi/", views_board.board, name="board"),
    path("theo-doi/don-vi/", views_unit.units, name="units"),
    path("ke-hoach/<int:plan_id>/xuat-excel/", views_board.plan_export, name="plan_export"),
    path("don-vi/", views_unit.unit_work, name="my_unit"),
    path("don-vi/<slug:unit_code>/", views_unit.unit_work, name="unit"),
    path("nhiem-vu/<int:task_id>/", views_task.task_detail, name="task"),
    path("nhiem-vu/<int:task_id>/ngay/", views_task_edit.task_set_date, name="task_set_date"),
    path("nhiem-vu/<int:task_id>/thoi-gian/", views_task_edit.task_edit_schedule, name="task_edit_schedule"),
    path("nhiem-vu/<int:task_id>/don-vi/", views_task_edit.task_edit_units, name="task_edit_units"),
    path("nghia-vu/<int:obligation_id>/bao-cao/", views_task.report_save, name="report_save"),
    path("nghia-vu/<int:obligation_id>/phoi-hop/", views_task.contribution_add, name="contribution_add"),
    path("nghia-vu/<int:obligation_id>/gia-han/", views_task.extension_request, name="extension_request"),
    path("tai-lieu-kiem-chung/<int:evidence_id>/", views_task.evidence_file, name="evidence_file"),
    path("tai-lieu-kiem-chung/<int:evidence_id>/xoa/", views_task.evidence_remove, name="evidence_remove"),
    path("duyet-bao-cao/", views_review.review_queue, name="review_queue"),
    path("bao-cao/<int:report_id>/duyet/", views_review.review, name="review"),
    path("gia-han/", views_review.extension_list, name="extensions"),
    path("gia-han/<int:request_id>/quyet-dinh/", views_review.extension_decide, name="extension_decide"),
    # The evidence's old address ("minh chứng"; the screens say "tài liệu kiểm chứng"): links in
    # e-mails and audit notes already sent.
    moved("minh-chung/<int:evidence_id>/", "tracking:evidence_file"),
    moved("minh-chung/<int:evidence_id>/xoa/", "tracking:evidence_remove"),
]
