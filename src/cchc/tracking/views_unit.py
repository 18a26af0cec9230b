"""“Việc của đơn vị” (/don-vi/, /don-vi/<unit_code>/): a unit's obligations, open work by
default, most urgent first; and the units page (/theo-doi/don-vi/): every unit's counts
and rates, for the department-wide roles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from cchc.core.status import Rates, Status, rates
from cchc.orgs.access import member_required
from cchc.orgs.models import Unit
from cchc.orgs.types import MemberRequest
from cchc.tracking import breakdowns, cached, figures, permissions, selectors, sorting
from cchc.tracking import cache as board_cache
from cchc.tracking.filters import BoardFilterForm, UnitFilterForm
from cchc.tracking.rows import UnitView
from cchc.tracking.views_board import plan_filter, plans_shown
from cchc.tracking.views_common import board_required, sees_all
from cchc.ui import charts


@require_GET
@member_required
def unit_work(request: MemberRequest, unit_code: str | None = None) -> HttpResponse:
    m = request.membership
    if unit_code is None:
        if m.role in permissions.UNIT_ROLES and m.unit is not None:
            unit = m.unit
        elif sees_all(m):
            # The Office picks a unit on the units page (its counts, each unit's work).
            return redirect("tracking:units")
        else:
            raise PermissionDenied(
                "Tài khoản của bạn chưa được gán vào đơn vị nào: hãy liên hệ Văn phòng Sở."
            )
    else:
        unit = get_object_or_404(Unit, organisation=request.org, code=unit_code)
        if not sees_all(m) and m.unit_id != unit.pk:
            raise PermissionDenied("Bạn chỉ xem được công việc của đơn vị mình.")
    today = timezone.localdate()
    own = m.role in permissions.UNIT_ROLES and m.unit_id == unit.pk
    can_extend = own and m.role == permissions.Role.UNIT_HEAD
    # The whole list (figures, chips, filters, rows, pager) only changes with the department's
    # data, the day, the query and what the viewer may do: cached under the data version
    # (``tracking.cache``). A unit head opening the unit's page again pays for none of it.
    org_id = unit.organisation_id
    ver = board_cache.request_version(request, org_id)
    params = sorted(request.GET.lists())
    status, body = cached.fragment(
        "unit-page",
        org_id,
        ver,
        (unit.pk, today, params, own, can_extend),
        lambda: _unit_body(request, unit, ver, today, own, can_extend),
    )
    return render(request, "tracking/unit_work.html", {"unit": unit, "body": body}, status=status)


def _unit_body(
    request: MemberRequest, unit: Unit, ver: int, today: date, own: bool, can_extend: bool
) -> tuple[int, str]:
    """(HTTP status, the HTML of the unit's list under its title)."""
    options = cached.filter_options(request.org, ver)
    form = UnitFilterForm(request.GET or None, options=options)
    valid = form.is_bound and form.is_valid()
    chosen = form.chosen_plan() if valid else None
    plan_ids = (chosen,) if chosen else ()
    filters = form.filters(today, plan_ids=plan_ids) if valid else selectors.BoardFilters(status="open")
    windows = selectors.DueWindows.around(today)
    key = cached.unit_key(unit, ver, today, filters)
    summary = cached.unit_summary(unit, ver, today, filters, windows)
    ids = selectors.unit_obligations(unit, filters, rows=False).values_list("id", flat=True)
    can_report = own
    soon = today + timedelta(days=selectors.DUE_SOON_DAYS)
    page = selectors.unit_page(
        unit,
        request.GET.get("trang"),
        view=UnitView(today=today, soon=soon, can_report=can_report, can_extend=can_extend),
        filters=filters,
        ids=ids,
        count=selectors.unit_count(summary, filters, windows),
        cache_key=key,
    )
    sort = sorting.parse(filters.sort, selectors.UNIT_SORTS)
    context = {
        **_figures_panel(request, unit, summary),
        "unit": unit,
        "form": form,
        "filters": filters,
        "status_param": form.cleaned_data.get("trang_thai", "") if valid else "",
        "han": form.cleaned_data.get("han", "") if valid else "",
        "page": page,
        "summary": summary,
        "today": today,
        "soon": soon,
        "windows": windows,
        "sort": sort,
        # The rows are grouped (quá hạn, đang mở, đã hoàn thành) when sorted by urgency.
        "grouped": sort.key == "trang-thai" and not sort.descending,
        "can_report": can_report,
        "can_extend": can_extend,
    }
    status = 400 if form.is_bound and form.errors else 200
    return status, render_to_string("tracking/unit_work_body.html", context, request)


def _figures_panel(request: MemberRequest, unit: Unit, summary: dict[str, int]) -> dict[str, Any]:
    """The unit's results under the page's filters but the status: its count per status (each
    a link to the list of that status), a stacked bar of them, the rates and their tones."""
    r = rates(summary)

    def url(status: str) -> str:
        query = request.GET.copy()
        query["trang_thai"] = status
        for name in ("han", "trang"):
            query.pop(name, None)
        return "?" + query.urlencode()

    parts = [charts.Part(s, label, summary.get(s, 0), url(s)) for s, label in breakdowns.STATUS_COLUMNS]
    bar = charts.stacked_bar(parts, title=f"{unit.name}: {r.total} nghĩa vụ", width=320, height=16)
    tones = figures.tones(
        {"on_time_rate": r.on_time_rate, "early_share": r.early_share, "overdue": r.overdue}
    )
    return {"unit_parts": parts, "unit_bar": mark_safe(bar), "unit_rates": r, "unit_tones": tones}


@require_GET
@board_required
def units(request: MemberRequest) -> HttpResponse:
    """Every unit with its counts (total, done, sớm hạn / đúng hạn / trễ hạn, quá hạn) and
    rates (``core.status.rates``) over the plans shown (by default the current plans, as on
    the board); every number links to the board filtered accordingly."""
    org_id = request.org.pk
    ver = board_cache.request_version(request, org_id)
    options = cached.filter_options(request.org, ver)
    today = timezone.localdate()
    form = BoardFilterForm(request.GET or None, options=options)
    shown = plans_shown(request, form, options, today)
    plan_ids = plan_filter(shown, options)
    lines = cached.units_overview(request.org, ver, plan_ids)
    plan_param = form.cleaned_data.get("ke_hoach", "") if form.is_bound and form.is_valid() else ""
    return render(
        request,
        "tracking/units.html",
        {
            "form": form,
            "lines": [UnitLine.of(line, plan_param) for line in lines],
            "shown_plans": shown,
            "all_plans": form.all_plans(),
            "plan_param": plan_param,
            "columns": UNIT_COLUMNS,
        },
    )


# The units page's count columns: (heading, status filter of the board, Rates attribute).
UNIT_COLUMNS = (
    ("Tổng số", "", "total"),
    ("Đã hoàn thành", "done", "done"),
    (Status.DONE_EARLY.short.capitalize(), "done_early", "done_early"),
    (Status.DONE_ON_TIME.short.capitalize(), "done_on_time", "done_on_time"),
    (Status.DONE_LATE.short.capitalize(), "done_late", "done_late"),
    (Status.OVERDUE.heading, "overdue", "overdue"),
)


@dataclass(frozen=True)
class UnitCell:
    label: str
    status: str
    count: int
    url: str
    tone: str = ""


@dataclass(frozen=True)
class UnitLine:
    """A line of the units page: the unit (None: the whole department), its counts each
    with the board's URL filtered accordingly, its rates and their tones."""

    unit: Unit | None
    cells: list[UnitCell]
    rates: Rates
    tones: dict[str, str]

    @classmethod
    def of(cls, line: selectors.UnitFigures, plan_param: str) -> UnitLine:
        r = line.rates
        tones = figures.tones(
            {"on_time_rate": r.on_time_rate, "early_share": r.early_share, "overdue": r.overdue}
        )
        board = reverse("tracking:board")
        cells = []
        for label, status, attr in UNIT_COLUMNS:
            unit_code = line.unit.code if line.unit else ""
            query = {"don_vi": unit_code, "trang_thai": status, "ke_hoach": plan_param}
            query = {k: v for k, v in query.items() if v}
            url = f"{board}?{urlencode(query)}" if query else board
            tone = tones["overdue"] if status == "overdue" else ""
            cells.append(UnitCell(label, status or "all", getattr(r, attr), url, tone))
        return cls(line.unit, cells, r, tones)
