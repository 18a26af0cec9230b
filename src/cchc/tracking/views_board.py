"""The Office board (/theo-doi/) and the plan's appendix as Excel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from cchc.orgs.types import MemberRequest
from cchc.plans.models import Plan
from cchc.tracking import cache as board_cache
from cchc.tracking import cached, exports, figures, pages, selectors, sorting
from cchc.tracking.filters import BoardFilterForm, ListFilterForm
from cchc.tracking.selectors import PAGE_PARAM
from cchc.tracking.views_common import board_required


def plans_shown(request: MemberRequest, form: ListFilterForm, options: dict[str, Any], today) -> list:
    """The plans a list shows: the one chosen, every plan ("Tất cả kế hoạch"), or by
    default the current plans (``selectors.current_plans``, cached under the data version)."""
    plans = options["plans"]
    chosen = form.chosen_plan() if form.is_bound and form.is_valid() else None
    if chosen is not None:
        return [p for p in plans if p.pk == chosen]
    if isinstance(form, BoardFilterForm) and form.all_plans():
        return list(plans)
    ids = cached.current_plan_ids(request.org, board_cache.request_version(request, request.org.pk), today)
    return [p for p in plans if p.pk in ids]


def plan_filter(shown: list, options: dict[str, Any]) -> tuple[int, ...]:
    """The plan ids to filter on; none when the plans shown are all the department's (the
    filter would exclude nothing and only cost the index its order)."""
    ids = tuple(sorted(p.pk for p in shown))
    return () if len(ids) == len(options["plans"]) else ids


@dataclass(frozen=True)
class BoardHead:
    """What the board shows around its rows, for one department at one data version, one day
    and one set of parameters (the page number aside): the filters read from the query, the
    figures' total (the pager's count) and the HTML above the rows, of the table's header and
    of the empty list. Built once and cached (``tracking.cache``): a person paging through a
    list, or the Office's colleagues opening the same view, pay only for the page's rows."""

    filters: selectors.BoardFilters
    total: int
    status: int
    query: pages.PageQuery  # the page's rows (compiled once; LIMIT and OFFSET as parameters)
    top: str
    thead: str
    empty: str


def _board_head(request: MemberRequest, ver: int, today: date) -> BoardHead:
    org_id = request.org.pk
    options = cached.filter_options(request.org, ver)
    form = BoardFilterForm(request.GET or None, options=options)
    shown = plans_shown(request, form, options, today)
    plan_ids = plan_filter(shown, options)
    valid = form.is_bound and form.is_valid()
    if valid:
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
    counts = cached.board_counts(org_id, ver, filters, qs)
    context = {
        "form": form,
        "filters": filters,
        "c": counts,
        "tones": figures.tones(counts),
        "today": today,
        "plans": options["plans"],
        "shown_plans": shown,
        "all_plans": form.all_plans(),
        "sort": sorting.parse(filters.sort, selectors.BOARD_SORTS),
        "han": form.cleaned_data.get("han") if valid else "",
        "windows": selectors.DueWindows.around(today),
    }
    html = [
        render_to_string(f"tracking/board_{part}.html", context, request)
        for part in ("top", "thead", "empty")
    ]
    query = pages.compile_page(selectors.board_page_builder(qs, filters))
    status = 400 if form.is_bound and form.errors else 200
    return BoardHead(filters, counts["total"], status, query, *html)


@require_GET
@board_required
def board(request: MemberRequest) -> HttpResponse:
    """The department's obligations, filtered (by default the current plans', most urgent
    first); the figures are those of the filtered set."""
    # Everything but the page's rows only changes with the department's data, the day and the
    # parameters: cached under the data version, read first (one indexed query; ``tracking.cache``).
    org_id = request.org.pk
    ver = board_cache.request_version(request, org_id)
    today = timezone.localdate()
    params = sorted((k, v) for k, v in request.GET.lists() if k != PAGE_PARAM)
    head = cached.fragment(
        "board-head", org_id, ver, (today, params), lambda: _board_head(request, ver, today)
    )
    qs = selectors.board_obligations(request.org, head.filters)
    page = selectors.board_page(
        qs, request.GET.get(PAGE_PARAM), filters=head.filters, count=head.total, query=head.query
    )
    return render(request, "tracking/board.html", {"head": head, "page": page}, status=head.status)


@require_GET
@board_required
def plan_export(request: MemberRequest, plan_id: int) -> HttpResponse:
    """The plan's appendix with "Kết quả thực hiện" and "Trạng thái", as .xlsx."""
    plan = get_object_or_404(Plan, pk=plan_id, organisation=request.org)
    content = exports.plan_workbook_bytes(plan)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{exports.file_name(plan)}"'
    return response
