"""“Việc của đơn vị” (/don-vi/, /don-vi/<unit_code>/): a unit's obligations, open ones first."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cchc.orgs.models import Unit
from cchc.tracking import cache as board_cache
from cchc.tracking import permissions, selectors
from cchc.tracking.rows import UnitView
from cchc.tracking.views_common import member_required, sees_all


@require_GET
@member_required
def unit_work(request: HttpRequest, unit_code: str | None = None) -> HttpResponse:
    m = request.membership
    if unit_code is None:
        if m.role in permissions.UNIT_ROLES and m.unit_id:
            unit = m.unit
        elif sees_all(m):
            return render(
                request, "tracking/unit_picker.html", {"units": selectors.units_overview(request.org)}
            )
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
    # The summary and the sorted ids only change with the department's data (and the day):
    # cached under its version, read first (``tracking.cache``).
    org_id = unit.organisation_id
    key = board_cache.make_key("unit", org_id, board_cache.version(org_id), unit.pk, today)
    summary = board_cache.cached(f"{key}:summary", lambda: selectors.unit_summary(unit, today=today))
    # Every status is either open or done: the summary already counted the unit's rows.
    ids = selectors.unit_obligations(unit, today=today, rows=False).values_list("id", flat=True)
    can_report = own
    can_extend = own and m.role == permissions.Role.UNIT_HEAD
    soon = today + timedelta(days=selectors.DUE_SOON_DAYS)
    page = selectors.unit_page(
        unit,
        request.GET.get("trang"),
        view=UnitView(today=today, soon=soon, can_report=can_report, can_extend=can_extend),
        ids=ids,
        count=summary["open"] + summary["done"],
        cache_key=key,
    )
    return render(
        request,
        "tracking/unit_work.html",
        {
            "unit": unit,
            "page": page,
            "summary": summary,
            "today": today,
            "soon": soon,
            "can_report": can_report,
            "can_extend": can_extend,
        },
    )
