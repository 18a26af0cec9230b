"""The process screens: the assessments, the score table, an item and its actions.

An assessment's own steps (``tinh-lai/``, ``nop/`` …) come before the item pattern
``<code>/``: a criterion coded like one of them could not be opened, and no set codes its items
with words."""

from django.urls import path

from cchc.scoring import views, views_item, views_table

A = "<slug:org_code>/<int:year>/"
ITEM = A + "<str:code>/"

urlpatterns = [
    path("", views.home, name="home"),
    path("mo-ky-danh-gia/", views.open_assessment, name="open"),
    path(A, views_table.table, name="table"),
    path(A + "tinh-lai/", views_table.recompute, name="recompute"),
    path(A + "nop/", views_table.submit, name="submit"),
    path(A + "gui-yeu-cau-giai-trinh/", views_table.request_explanations, name="request_explanations"),
    path(A + "gui-giai-trinh/", views_table.close_answers, name="close_answers"),
    path(A + "ket-thuc-tham-dinh/", views_table.finalise, name="finalise"),
    path(ITEM, views_item.item, name="item"),
    path(ITEM + "tu-cham/", views_item.self_score, name="self_score"),
    path(ITEM + "tai-lieu/", views_item.add_evidence, name="add_evidence"),
    path(ITEM + "tham-dinh/", views_item.appraise, name="appraise"),
    path(ITEM + "giai-trinh/", views_item.answer, name="answer"),
    path(ITEM + "diem-cuoi-cung/", views_item.final, name="final"),
    path(ITEM + "nhiem-vu/", views_item.link_task, name="link_task"),
    path(ITEM + "nhiem-vu/<int:link_id>/", views_item.confirm_link, name="confirm_link"),
    path(ITEM + "don-vi/", views_item.assign_unit, name="assign_unit"),
]
