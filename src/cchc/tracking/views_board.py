"""The Office board (/theo-doi/) and the plan's appendix as Excel."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cchc.plans.models import Plan
from cchc.tracking import cache as board_cache
from cchc.tracking import exports, selectors
from cchc.tracking.forms import BoardFilterForm
from cchc.tracking.views_common import board_required


@require_GET
@board_required
def board(request: HttpRequest) -> HttpResponse:
    """Every obligation of the department, filtered; the figures are those of the filtered set."""
    # The figures, the sorted ids and the filter's choices only change with the department's
    # data: cached under its version, read first (one indexed query; ``tracking.cache``).
    org_id = request.org.pk
    ver = board_cache.version(org_id)
    options = board_cache.cached(
        board_cache.make_key("options", org_id, ver), lambda: selectors.filter_options(request.org)
    )
    form = BoardFilterForm(request.GET or None, options=options)
    filters = selectors.BoardFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        units = {u.code: u.pk for u in options["units"]}
        due_from, due_to = form.period(timezone.localdate())
        filters = selectors.BoardFilters(
            plan_id=data.get("ke_hoach"),
            unit_id=units.get(data.get("don_vi") or ""),
            area=data.get("linh_vuc") or "",
            status=data.get("trang_thai") or "",
            due_from=due_from,
            due_to=due_to,
        )
    qs = selectors.board_obligations(request.org, filters)
    key = board_cache.make_key("board", org_id, ver, filters)
    counts = board_cache.cached(f"{key}:counts", lambda: selectors.board_counts(qs))
    ids = selectors.board_ids(qs)
    page = selectors.board_page(qs, request.GET.get("trang"), ids=ids, count=counts["total"], cache_key=key)
    return render(
        request,
        "tracking/board.html",
        {
            "form": form,
            "filters": filters,
            "c": counts,
            "page": page,
            "today": timezone.localdate(),
            "plans": options["plans"],
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_GET
@board_required
def plan_export(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The plan's appendix with "Kết quả thực hiện" and "Trạng thái", as .xlsx."""
    plan = get_object_or_404(Plan, pk=plan_id, organisation=request.org)
    content = exports.plan_workbook_bytes(plan)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{exports.file_name(plan)}"'
    return response
