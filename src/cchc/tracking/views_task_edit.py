"""The Office's edits on the task page (/nhiem-vu/<task_id>/…): the schedule ("Sửa thời gian /
tiến độ"), the date a plan left open (an event's date, a date set elsewhere), and the lead
and coordinating units ("Sửa đơn vị chủ trì / phối hợp"). Only the Office and leadership;
each re-plans the task's obligations through the planner, each is checked against what the
person loaded, and on an error the page comes back with the form open at its place."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from cchc.orgs.access import member_required
from cchc.orgs.types import MemberRequest
from cchc.tracking import planning, task_units
from cchc.tracking.forms import ScheduleForm, SetDateForm, TaskUnitsForm
from cchc.tracking.views_common import can_set_dates
from cchc.tracking.views_task import DATED_KINDS, focus_first_error, render_task, task_for, task_url


@require_POST
@member_required
def task_edit_schedule(request: MemberRequest, task_id: int) -> HttpResponse:
    """The Office rewrites the task's schedule; future obligations are re-planned."""
    task = task_for(request, task_id)
    if not can_set_dates(request.membership):
        raise PermissionDenied("Chỉ Văn phòng Sở và Lãnh đạo Sở được sửa thời gian của nhiệm vụ.")
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Hãy ghi thời gian / tiến độ của nhiệm vụ.")
        focus_first_error(form.visible_fields())
        return render_task(request, task, forms={"schedule": form}, status=400)
    try:
        _, result = planning.edit_task_schedule(
            task,
            text=form.cleaned_data["text"],
            user=request.user,
            today=timezone.localdate(),
            expected_version=form.cleaned_data["version"],
        )
    except planning.PlanningError as exc:
        messages.error(request, exc.message)
        form.add_error("text", exc.message)
        focus_first_error(form.visible_fields())
        return render_task(request, task, forms={"schedule": form}, status=409)
    messages.success(
        request,
        f"Đã sửa thời gian: {result.created} kỳ mới, {result.updated} kỳ đổi hạn, {result.deleted} kỳ bỏ; "
        f"{result.kept + result.deactivated} kỳ đã qua hoặc đã báo cáo được giữ nguyên.",
    )
    return redirect(task_url(task.pk, anchor=""))


@require_POST
@member_required
def task_set_date(request: MemberRequest, task_id: int) -> HttpResponse:
    """The Office enters the event's date, or the date another body set (tasks the plan left open)."""
    task = task_for(request, task_id)
    if not can_set_dates(request.membership):
        raise PermissionDenied("Chỉ Văn phòng Sở và Lãnh đạo Sở được nhập ngày cho nhiệm vụ.")
    kind = (task.schedule or {}).get("kind")
    form = SetDateForm(request.POST)
    if kind not in DATED_KINDS:
        messages.error(request, "Nhiệm vụ này đã có thời hạn trong kế hoạch, không cần nhập ngày.")
        return redirect(task_url(task.pk, anchor=""))
    if not form.is_valid():
        messages.error(request, "Ngày chưa hợp lệ: hãy viết dạng dd/mm/yyyy.")
        focus_first_error(form.visible_fields())
        return render_task(request, task, forms={"date": form}, status=400)
    day = form.cleaned_data["date"]
    try:
        if kind == "event":
            planning.set_task_date(task, event_date=day, user=request.user)
        else:
            planning.set_task_date(task, set_date=day, user=request.user)
    except planning.PlanningError as exc:
        messages.error(request, exc.message)
        form.add_error("date", exc.message)
        focus_first_error(form.visible_fields())
        return render_task(request, task, forms={"date": form}, status=400)
    messages.success(request, f"Đã ghi ngày {day:%d/%m/%Y}; các đơn vị chủ trì đã có nghĩa vụ báo cáo.")
    return redirect(task_url(task.pk, anchor=""))


@require_POST
@member_required
def task_edit_units(request: MemberRequest, task_id: int) -> HttpResponse:
    """The Office fixes the task's lead and coordinating units after import."""
    task = task_for(request, task_id)
    if not can_set_dates(request.membership):
        raise PermissionDenied("Chỉ Văn phòng Sở và Lãnh đạo Sở được sửa đơn vị của nhiệm vụ.")
    form = TaskUnitsForm(request.POST, task=task)
    if not form.is_valid():
        messages.error(request, "Chưa sửa được đơn vị: xem các ô được đánh dấu.")
        focus_first_error(form.visible_fields())
        return render_task(request, task, forms={"units": form}, status=400)
    try:
        _, edit = task_units.edit_task_units(
            task,
            lead=form.cleaned_data["lead"],
            coordinating=form.cleaned_data["coordinating"],
            user=request.user,
            today=timezone.localdate(),
            expected_version=form.cleaned_data["version"],
        )
    except planning.PlanningError as exc:
        messages.error(request, exc.message)
        form.add_error(None, exc.message)
        return render_task(request, task, forms={"units": form}, status=409)
    if not edit.changed:
        messages.info(request, "Đơn vị của nhiệm vụ không thay đổi.")
    else:
        parts = [f"{edit.replan.created} kỳ mới cho đơn vị chủ trì mới"]
        if edit.removed_lead:
            parts += [
                f"{edit.replan.deleted} kỳ sắp tới chưa có báo cáo của đơn vị thôi chủ trì đã bỏ",
                f"{edit.kept_of_removed} kỳ đã qua hoặc đã có báo cáo của đơn vị đó được giữ nguyên",
            ]
        text = "Đã sửa đơn vị của nhiệm vụ: " + "; ".join(parts)
        messages.success(request, text + ".")
    return redirect(task_url(task.pk, anchor=""))  # the message on top, then the new list
