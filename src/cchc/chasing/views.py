"""The notification list (/thong-bao/): what the reminders and decisions said to the person."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from cchc.chasing import selectors
from cchc.plans.views import member_required
from cchc.tracking.selectors import paginate


@require_GET
@member_required
def notification_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("chua-doc") == "1"
    items = selectors.notifications_for(request.user, unread_only=unread_only)
    return render(
        request,
        "chasing/notifications.html",
        {
            "page": paginate(items, request.GET.get("trang")),
            "unread_only": unread_only,
            "unread": selectors.unread_count(request.user),
        },
    )


@require_POST
@member_required
def notification_mark_read(request: HttpRequest) -> HttpResponse:
    """Mark the ticked notifications read, or all of them ("all=1")."""
    if request.POST.get("all") == "1":
        changed = selectors.mark_read(request.user)
    else:
        ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
        changed = selectors.mark_read(request.user, ids) if ids else 0
    if changed:
        messages.success(request, f"Đã đánh dấu {changed} thông báo là đã đọc.")
    else:
        messages.info(request, "Không có thông báo nào cần đánh dấu.")
    return redirect("chasing:notifications")
