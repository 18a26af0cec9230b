"""The province's ranking of its departments in a year (/cham-diem/xep-hang/<year>/): totals by
self, appraised and final score with dense ranks, and by area and by criterion; as .xlsx.

Who: the appraisers (Sở Nội vụ) and the leadership and Office of a department see their own
province's ranking; everyone else is refused (403). The province is the viewer's: an address
never shows another province's departments."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cchc.core.formats import NONE, number_text
from cchc.core.scoring.ranking_sheet import COLUMN_LABELS, ranking_xlsx
from cchc.orgs.access import member_required
from cchc.orgs.models import IMPORT_ROLES
from cchc.orgs.types import MemberRequest
from cchc.scoring import exports, permissions, selectors
from cchc.scoring.selectors import RankRow

DENIED = "Chỉ Lãnh đạo Sở, Văn phòng Sở và người thẩm định của Sở Nội vụ xem được bảng xếp hạng."
# The column in the address (?theo=…) and the selector's.
COLUMN_PARAMS = {"tu-cham": "self", "tham-dinh": "appraised", "cuoi-cung": "final"}
PARAM_OF = {v: k for k, v in COLUMN_PARAMS.items()}


def _province(request: MemberRequest) -> str:
    m = request.membership
    if m.role in permissions.APPRAISERS or m.role in IMPORT_ROLES:
        return m.organisation.province
    raise PermissionDenied(DENIED)


def _column(request: MemberRequest, rows: list[RankRow]) -> str:
    """The column asked for, else the most advanced one with scores (final, appraised, self)."""
    asked = COLUMN_PARAMS.get(request.GET.get("theo", ""))
    if asked:
        return asked
    for column in ("final", "appraised"):
        if any(r.totals[column] is not None for r in rows):
            return column
    return "self"


def _context(request: MemberRequest, year: int) -> dict[str, Any]:
    province = _province(request)
    rows, heads = selectors.ranking(province, year) if province else ([], [])
    column = _column(request, rows)
    areas = [h for h in heads if h.level == "area"]
    criteria = [h for h in heads if h.level == "criterion"]
    return {
        "year": year,
        "years": (year - 1, year + 1),
        "province": province,
        "rows": rows,
        "areas": areas,
        "criteria": criteria,
        # Each cell's text made here (the template only places it): 20 departments × 40
        # columns rendered cell by cell through template tags cost most of the page's time.
        "area_cells": [(r, _cells(r, areas, column)) for r in rows],
        "criterion_cells": [(r, _cells(r, criteria, column)) for r in rows],
        "column": column,
        "column_label": COLUMN_LABELS[column],
        "columns": [(PARAM_OF[k], label, k == column) for k, label in COLUMN_LABELS.items()],
        "param": PARAM_OF[column],
        "illustrative": any(r.assessment.criteria_set.illustrative for r in rows),
        # The departments whose table the person may open (an appraiser: all; a member: theirs).
        "openable": {r.org.pk for r in rows if permissions.can_view(request.membership, r.org)},
    }


def _cells(row: RankRow, heads: list, column: str) -> list[tuple[str, str, str]]:
    """(code, score text, rank text) of each head: "3,25", "(1)"; "—", "" when not scored."""
    values, ranks = row.by_code[column], row.code_ranks[column]
    out = []
    for h in heads:
        value, place = values.get(h.code), ranks.get(h.code)
        out.append((h.code, NONE if value is None else number_text(value), f"({place})" if place else ""))
    return out


@require_GET
@member_required
def ranking(request: MemberRequest, year: int) -> HttpResponse:
    return render(request, "scoring/ranking.html", _context(request, year))


@require_GET
@member_required
def ranking_xlsx_view(request: MemberRequest, year: int) -> HttpResponse:
    ctx = _context(request, year)
    heads = [*ctx["areas"], *ctx["criteria"]]
    sheet = exports.ranking_sheet(ctx["province"], year, ctx["column"], ctx["rows"], heads)
    response = HttpResponse(
        ranking_xlsx(sheet), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="xep-hang-chi-so-cchc-{year}.xlsx"'
    return response
