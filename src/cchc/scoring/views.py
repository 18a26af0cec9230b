"""The self-assessment's front page (/cham-diem/): for a member of a department its assessments by
year (and, for the Office and the leadership, the form that opens this year's); for an appraiser
of Sở Nội vụ the departments of the province with their assessment of the year.

The table and the item pages are in ``views_table`` and ``views_item``; every view is thin:
form → service → message → redirect, a refusal shown where it was made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cchc.core.errors import UserError
from cchc.orgs.access import member_required
from cchc.orgs.models import Organisation
from cchc.orgs.types import MemberRequest
from cchc.scoring import permissions, services
from cchc.scoring.forms import OpenForm
from cchc.scoring.models import Assessment
from cchc.scoring.selectors import ranking, score_table
from cchc.scoring.views_common import status_for

TOTAL_COLUMNS = ("self", "appraised", "final")


@dataclass(slots=True)
class Entry:
    """One line of the front page: a department (the appraiser's list) or a year (a member's)."""

    org: Organisation
    assessment: Assessment | None
    totals: dict[str, Decimal | None]


def _year(request: MemberRequest) -> int:
    raw = request.GET.get("nam", "")
    year = int(raw) if raw.isdigit() else timezone.localdate().year
    return min(max(year, 2000), 2100)


def _member_entries(org: Organisation) -> list[Entry]:
    out = []
    for a in Assessment.objects.filter(organisation=org).select_related("criteria_set", "organisation"):
        t = score_table(a).totals
        # A column nobody has scored yet reads "—", not 0.
        started = {
            "self": True,
            "appraised": a.state != Assessment.State.OPEN,
            "final": a.state == Assessment.State.FINAL,
        }
        out.append(Entry(org, a, {c: t[c] if started[c] else None for c in TOTAL_COLUMNS}))
    return out


def _appraiser_entries(province: str, year: int, own: Organisation) -> list[Entry]:
    rows, _ = ranking(province, year)
    by_org = {r.org.pk: r for r in rows}
    orgs = Organisation.objects.filter(province=province).exclude(pk=own.pk).order_by("name")
    out = []
    for org in orgs:
        row = by_org.get(org.pk)
        out.append(
            Entry(
                org,
                row.assessment if row else None,
                dict(row.totals) if row else dict.fromkeys(TOTAL_COLUMNS),
            )
        )
    return out


def _home_context(request: MemberRequest, form: OpenForm | None = None) -> dict[str, Any]:
    m = request.membership
    year = _year(request)
    if m.role in permissions.APPRAISERS:
        province = m.organisation.province
        return {
            "appraiser": True,
            "year": year,
            "years": (year - 1, year + 1),
            "province": province,
            "entries": _appraiser_entries(province, year, m.organisation) if province else [],
        }
    this_year = timezone.localdate().year
    entries = _member_entries(request.org)
    can_open = permissions.can_open(m, request.org) and not any(
        e.assessment and e.assessment.year == this_year for e in entries
    )
    return {
        "appraiser": False,
        "entries": entries,
        "can_open": can_open,
        # The Office and the leadership keep the province's criteria and see its ranking.
        "office": permissions.can_open(m, request.org),
        "this_year": this_year,
        "form": form
        or OpenForm(initial={"nam": this_year, "han_tu_cham": date(this_year, 12, 20).strftime("%d/%m/%Y")}),
    }


@require_GET
@member_required
def home(request: MemberRequest) -> HttpResponse:
    return render(request, "scoring/home.html", _home_context(request))


@require_POST
@member_required
def open_assessment(request: MemberRequest) -> HttpResponse:
    form = OpenForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            assessment = services.open_assessment(
                request.org,
                data["nam"],
                self_due=data["han_tu_cham"],
                appraisal_due=data["han_tham_dinh"],
                explanation_due=data["han_giai_trinh"],
                user=request.user,
                membership=request.membership,
            )
        except UserError as exc:
            form.add_error(None, exc.message)
            return render(request, "scoring/home.html", _home_context(request, form), status=status_for(exc))
        messages.success(
            request, f"Đã mở kỳ tự đánh giá năm {assessment.year} và tính điểm đề xuất từ số liệu."
        )
        return redirect("scoring:table", assessment.organisation.code, assessment.year)
    return render(request, "scoring/home.html", _home_context(request, form), status=400)
