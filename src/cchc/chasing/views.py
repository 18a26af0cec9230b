"""The notification list (/thong-bao/): what the reminders and decisions said to the person,
one entry per task; opening a notification (through ``notification_open``) marks it read;
the reminders a personal digest carried; the weekly digest's tables, for any week."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from cchc.chasing import selectors, services
from cchc.chasing.context import calendar_for
from cchc.core.ids import parse_id, parse_ids
from cchc.orgs.access import DEPARTMENT_WIDE, member_required
from cchc.orgs.types import MemberRequest
from cchc.tracking.selectors import paginate


@require_GET
@member_required
def notification_list(request: MemberRequest) -> HttpResponse:
    unread_only = request.GET.get("chua-doc") == "1"
    page = paginate(
        selectors.notification_groups(request.user, unread_only=unread_only), request.GET.get("trang")
    )
    page.object_list = selectors.expand_groups(request.user, page.object_list, unread_only=unread_only)
    return render(
        request,
        "chasing/notifications.html",
        {
            "page": page,
            "unread_only": unread_only,
            "unread": selectors.unread_count(request.user),
            "sees_all": request.membership.role in DEPARTMENT_WIDE,
        },
    )


def safe_path(url: str) -> str:
    """``url`` when it is a path of this site ("/…", not "//host"); else "" (no open redirect:
    a notification's link is written by the app, but a row is data)."""
    if url.startswith("/") and not url.startswith("//") and url_has_allowed_host_and_scheme(url, None):
        return url
    return ""


@require_GET
@member_required
def notification_open(request: MemberRequest, pk: int) -> HttpResponse:
    """Open a notification: it is marked read (with the others leading to the same page),
    then its page is shown."""
    note = services.open_notification(request.user, pk)
    if note is None:
        raise Http404("Không có thông báo này.")
    return redirect(safe_path(note.url) or "chasing:notifications")


@require_POST
@member_required
def notification_mark_read(request: MemberRequest) -> HttpResponse:
    """Mark the ticked notifications read, those of one task ("task"), or all ("all=1")."""
    task = request.POST.get("task", "")
    if request.POST.get("all") == "1":
        changed = services.mark_read(request.user)
    elif task:
        task_id = parse_id(task)
        if task_id is None:
            raise BadRequest(f"Mã nhiệm vụ “{task[:30]}” không hợp lệ.")
        changed = services.mark_read(request.user, task_id=task_id)
    else:
        ids = parse_ids(i for i in request.POST.getlist("ids") if i.strip())
        if ids is None:
            raise BadRequest("Danh sách thông báo cần đánh dấu có mã không hợp lệ.")
        changed = services.mark_read(request.user, ids) if ids else 0
    if changed:
        messages.success(request, f"Đã đánh dấu {changed} thông báo là đã đọc.")
    else:
        messages.info(request, "Không có thông báo nào cần đánh dấu.")
    back = safe_path(request.POST.get("next", ""))
    return redirect(back or "chasing:notifications")


@require_GET
@member_required
def folded(request: MemberRequest, week: str) -> HttpResponse:
    """The reminders the weekly cap held back and the person's digest of ``week`` carried."""
    tasks = selectors.folded_into_digest(request.user, week)
    return render(
        request,
        "chasing/folded.html",
        {"tasks": tasks, "week": week, "count": sum(t.count for t in tasks)},
    )


@require_GET
@member_required
def weekly(request: MemberRequest) -> HttpResponse:
    """The weekly digest for the leadership meeting, as the e-mail has it, for any week."""
    if request.membership.role not in DEPARTMENT_WIDE:
        raise PermissionDenied(
            "Bản tổng hợp tuần của toàn Sở dành cho Lãnh đạo Sở, Văn phòng Sở và người theo dõi; "
            "công việc của đơn vị bạn ở trang “Việc của đơn vị”."
        )
    org = request.org
    monday, day = selectors.digest_week(request.GET.get("tuan"), org, timezone.localdate(), calendar_for(org))
    return render(
        request,
        "chasing/weekly.html",
        {
            "d": selectors.weekly_digest(org, day) if day else None,
            "monday": monday,
            "sunday": monday + timedelta(days=6),
            "previous": selectors.week_label(monday - timedelta(days=7)),
            "next": selectors.week_label(monday + timedelta(days=7)),
            "is_latest": monday + timedelta(days=7) > timezone.localdate(),
        },
    )
