"""The Office board (/theo-doi/) and the plan's appendix as Excel."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cchc.plans.models import Plan
from cchc.tracking import cache as board_cache
from cchc.tracking import exports, figures, selectors, sorting
from cchc.tracking.filters import BoardFilterForm, ListFilterForm
from cchc.tracking.views_common import board_required


def plans_shown(request: HttpRequest, form: ListFilterForm, options: dict[str, Any], today) -> list:
    """The plans a list shows: the one chosen, every plan ("Tất cả kế hoạch"), or by
    default the current plans (``selectors.current_plans``, cached under the data version)."""
    plans = options["plans"]
    chosen = form.chosen_plan() if form.is_bound and form.is_valid() else None
    if chosen is not None:
        return [p for p in plans if p.pk == chosen]
    if isinstance(form, BoardFilterForm) and form.all_plans():
        return list(plans)
    org_id = request.org.pk
    key = board_cache.make_key("current-plans", org_id, board_cache.version(org_id), today)
    ids = board_cache.cached(key, lambda: [p.pk for p in selectors.current_plans(request.org, today)])
    return [p for p in plans if p.pk in ids]


def plan_filter(shown: list, options: dict[str, Any]) -> tuple[int, ...]:
    """The plan ids to filter on; none when the plans shown are all the department's (the
    filter would exclude nothing and only cost the index its order)."""
    ids = tuple(sorted(p.pk for p in shown))
    return () if len(ids) == len(options["plans"]) else ids


@require_GET
@board_required
def board(request: HttpRequest) -> HttpResponse:
    """The department's obligations, filtered (by default the current plans', most urgent
    first); the figures are those of the filtered set."""
    # The figures, the sorted ids and the filter's choices only change with the department's
    # data: cached under its version, read first (one indexed query; ``tracking.cache``).
    org_id = request.org.pk
    ver = board_cache.version(org_id)
    options = board_cache.cached(
        board_cache.make_key("options", org_id, ver), lambda: selectors.filter_options(request.org)
    )
    today = timezone.localdate()
    form = BoardFilterForm(request.GET or None, options=options)
    shown = plans_shown(request, form, options, today)
    plan_ids = plan_filter(shown, options)
    if form.is_bound and form.is_valid():
        units = {u.code: u.pk for u in options["units"]}
        filters = form.filters(
            today,
            plan_ids=plan_ids,
            unit_id=units.get(form.cleaned_data.get("don_vi") or ""),
            area=form.cleaned_data.get("linh_vuc") or "",
        )
    else:
        filters = selectors.BoardFilters(plan_ids=plan_ids)
    qs = selectors.board_obligations(request.org, filters)
    key = board_cache.make_key("board", org_id, ver, filters)
    counts = board_cache.cached(f"{key}:counts", lambda: selectors.board_counts(qs))
    ids = selectors.board_ids(qs, filters)
    page = selectors.board_page(qs, request.GET.get("trang"), ids=ids, count=counts["total"], cache_key=key)
    windows = selectors.DueWindows.around(today)
    return render(
        request,
        "tracking/board.html",
        {
            "form": form,
            "filters": filters,
            "c": counts,
            "tones": figures.tones(counts),
            "page": page,
            "today": today,
            "plans": options["plans"],
            "shown_plans": shown,
            "all_plans": form.all_plans(),
            "sort": sorting.parse(filters.sort, selectors.BOARD_SORTS),
            "han": form.cleaned_data.get("han") if form.is_bound and form.is_valid() else "",
            "windows": windows,
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
