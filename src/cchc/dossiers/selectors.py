"""Reads of the dossier screens: indicator tables, the officer table, breaches, drill-down lists.

The tables are counted in SQL over the columns the latest analysis stored on each dossier
(outcome, months, breaches), with exactly the filters the drill-down list applies for the
same cell (``MEASURES``): every figure is the length of the list its link opens. A test
holds these counts equal to the engine's own groups.

Months, as the engine counts them: "received", overdue, open and the received-based shares by
the month of submission; finished, early, on time, late and the digitised results by the month
of finishing.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet

from cchc.core.dossiers.options import OFFICER_LATE_THRESHOLD, eligible_good
from cchc.core.dossiers.result import RATIOS, ratios
from cchc.core.text import fold
from cchc.dossiers.models import (
    FINISHED_OUTCOMES,
    Dossier,
    DossierAnalysis,
    DossierBreach,
    Outcome,
    TargetMeasure,
)
from cchc.orgs.models import Organisation

PAGE_SIZE = 50
ONLINE = ("online_full", "online_partial")
IN_TIME = (Outcome.EARLY, Outcome.ON_TIME)

# measure -> (month basis, extra filters of the drill-down). Basis: "nhan" = month received,
# "xong" = month finished.
MEASURES: dict[str, tuple[str, dict[str, str]]] = {
    "received": ("nhan", {}),
    "finished": ("xong", {"ket_qua": "finished"}),
    "early": ("xong", {"ket_qua": Outcome.EARLY}),
    "on_time": ("xong", {"ket_qua": Outcome.ON_TIME}),
    "in_time": ("xong", {"ket_qua": "in_time"}),
    "late": ("xong", {"ket_qua": Outcome.LATE}),
    "overdue": ("nhan", {"ket_qua": Outcome.OVERDUE}),
    "open": ("nhan", {"ket_qua": Outcome.OPEN}),
    "online_full": ("nhan", {"kenh": "online_full"}),
    "online": ("nhan", {"kenh": "online"}),
    "fee": ("nhan", {"co": "fee_required"}),
    "paid_online": ("nhan", {"co": "paid_online"}),
    "postal": ("nhan", {"co": "postal"}),
    "digitized": ("nhan", {"co": "digitized"}),
    "result_digitized": ("xong", {"ket_qua": "finished", "co": "result_digitized"}),
}
# share -> (numerator measure, denominator measure)
# (the ratios' one definition, ``core.dossiers.result.RATIOS``; the 766 score is not a share)
SHARES: dict[str, tuple[str, str]] = {
    name: (num, den) for name, (num, den, _scale) in RATIOS.items() if name != "progress_score_766"
}
_MONTH_FIELD = {"nhan": "submitted_month", "xong": "finished_month"}


@dataclass(frozen=True, slots=True)
class Filters:
    """What a list or table is restricted to (all optional). Months are "YYYY-MM"."""

    unit: str = ""
    officer: str = ""
    procedure: str = ""
    month_from: str = ""
    month_to: str = ""
    basis: str = "nhan"
    outcome: str = ""
    channel: str = ""
    flag: str = ""
    rule: str = ""

    def query(self) -> dict[str, str]:
        """The drill-down's query string parameters (Vietnamese names, as the board uses)."""
        pairs = {
            "don_vi": self.unit,
            "can_bo": self.officer,
            "thu_tuc": self.procedure,
            "theo": self.basis if (self.month_from or self.month_to) else "",
            "tu_thang": self.month_from,
            "den_thang": self.month_to,
            "ket_qua": self.outcome,
            "kenh": self.channel,
            "co": self.flag,
            "vi_pham": self.rule,
        }
        return {k: v for k, v in pairs.items() if v}

    @classmethod
    def from_query(cls, params: Any) -> Filters:
        basis = params.get("theo", "nhan")
        return cls(
            unit=params.get("don_vi", ""),
            officer=params.get("can_bo", ""),
            procedure=params.get("thu_tuc", ""),
            month_from=params.get("tu_thang", ""),
            month_to=params.get("den_thang", ""),
            basis=basis if basis in _MONTH_FIELD else "nhan",
            outcome=params.get("ket_qua", ""),
            channel=params.get("kenh", ""),
            flag=params.get("co", ""),
            rule=params.get("vi_pham", ""),
        )

    def for_measure(self, measure: str, **keys: str) -> Filters:
        """These filters narrowed to the dossiers behind one figure (``keys``: unit, officer, month)."""
        basis, extra = MEASURES[measure]
        month = keys.pop("month", "")
        f = replace(self, basis=basis, **keys)
        if month:
            f = replace(f, month_from=month, month_to=month)
        return replace(
            f, outcome=extra.get("ket_qua", ""), channel=extra.get("kenh", ""), flag=extra.get("co", "")
        )


def visible_dossiers(org: Organisation, unit_id: int | None = None) -> QuerySet[Dossier]:
    """The department's dossiers; only one unit's when ``unit_id`` is given (a unit's people)."""
    qs = Dossier.objects.filter(organisation=org)
    return qs.filter(unit_ref_id=unit_id) if unit_id is not None else qs


def _months(qs: QuerySet[Dossier], field: str, f: Filters) -> QuerySet[Dossier]:
    if f.month_from:
        qs = qs.filter(**{f"{field}__gte": f.month_from})
    if f.month_to:
        qs = qs.filter(**{f"{field}__lte": f.month_to})
    if f.month_from or f.month_to:
        qs = qs.exclude(**{field: ""})
    return qs


def filter_dossiers(qs: QuerySet[Dossier], f: Filters) -> QuerySet[Dossier]:
    """The drill-down: the dossiers behind a figure (see ``MEASURES`` for the codes)."""
    for field, value in (("unit", f.unit), ("officer", f.officer), ("procedure_code", f.procedure)):
        if value:
            qs = qs.filter(**{field: value})
    qs = _months(qs, _MONTH_FIELD.get(f.basis, "submitted_month"), f)
    if f.outcome == "finished":
        qs = qs.filter(outcome__in=FINISHED_OUTCOMES)
    elif f.outcome == "in_time":
        qs = qs.filter(outcome__in=IN_TIME)
    elif f.outcome:
        qs = qs.filter(outcome=f.outcome)
    if f.channel == "online":
        qs = qs.filter(channel__in=ONLINE)
    elif f.channel:
        qs = qs.filter(channel=f.channel)
    if f.flag == "paid_online":  # among the dossiers with a fee, as the share counts them
        qs = qs.filter(fee_required=True, paid_online=True)
    elif f.flag == "postal":  # the postal service used, or the dossier came by post
        qs = qs.filter(Q(postal=True) | Q(channel="postal"))
    elif f.flag in ("fee_required", "digitized", "result_digitized"):
        qs = qs.filter(**{f.flag: True})
    if f.rule:
        qs = qs.filter(pk__in=DossierBreach.objects.filter(rule=f.rule).values("dossier_id"))
    return qs


def dossier_page(qs: QuerySet[Dossier], f: Filters, page: str | None) -> Page:
    rows = (
        filter_dossiers(qs, f)
        .prefetch_related("breaches")
        .order_by("-submitted_at", "dossier_id")
        .only(
            "dossier_id",
            "procedure_code",
            "procedure_name",
            "unit",
            "officer",
            "channel",
            "submitted_at",
            "due_at",
            "effective_due_at",
            "finished_at",
            "outcome",
        )
    )
    return Paginator(rows, PAGE_SIZE).get_page(page)


# --- Indicator tables ---------------------------------------------------------------------------

_COUNTS: dict[str, dict[str, Q]] = {
    "nhan": {
        "received": Q(),
        "online_full": Q(channel="online_full"),
        "online": Q(channel__in=ONLINE),
        "fee": Q(fee_required=True),
        "paid_online": Q(fee_required=True, paid_online=True),
        "postal": Q(postal=True) | Q(channel="postal"),
        "overdue": Q(outcome=Outcome.OVERDUE),
        "open": Q(outcome=Outcome.OPEN),
        "digitized": Q(digitized=True),
        # QĐ 766: received and finished in time, or still open and not overdue.
        "progress_ok": Q(outcome__in=(Outcome.EARLY, Outcome.ON_TIME, Outcome.OPEN)),
    },
    "xong": {
        "finished": Q(outcome__in=FINISHED_OUTCOMES),
        "early": Q(outcome=Outcome.EARLY),
        "on_time": Q(outcome=Outcome.ON_TIME),
        "in_time": Q(outcome__in=IN_TIME),
        "late": Q(outcome=Outcome.LATE),
        "result_digitized": Q(outcome__in=FINISHED_OUTCOMES, result_digitized=True),
    },
}


def ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def indicator_rows(qs: QuerySet[Dossier], f: Filters, keys: tuple[str, ...], by_month: bool) -> list[dict]:
    """Counts and shares grouped by ``keys`` (among "unit", "officer", "procedure_code") and,
    when ``by_month``, the month; each side counted in its own month (see the module's doc)."""
    rows: dict[tuple, dict[str, Any]] = {}
    for basis, counts in _COUNTS.items():
        field = _MONTH_FIELD[basis]
        side = _months(filter_dossiers(qs, replace(f, month_from="", month_to="")), field, f).exclude(
            **{field: ""}
        )
        group = (*keys, field) if by_month else keys
        annotations = {
            name: Count("pk", filter=cond) if cond else Count("pk") for name, cond in counts.items()
        }
        grouped = (
            side.values(*group).annotate(**annotations).order_by()
            if group
            else [side.aggregate(**annotations)]
        )
        for values in grouped:
            key = tuple(values[k] for k in keys) + ((values[field],) if by_month else ())
            row = rows.setdefault(key, dict(zip((*keys, "month") if by_month else keys, key, strict=True)))
            row.update({name: values[name] for name in counts})
    names = [n for counts in _COUNTS.values() for n in counts]
    out = []
    for key in sorted(rows):
        row = rows[key]
        for n in names:
            row.setdefault(n, 0)
        row.update(ratios(row))
        out.append(row)
    return out


def totals(qs: QuerySet[Dossier], f: Filters) -> dict[str, Any]:
    """The figures of the whole filtered set (one row, no grouping)."""
    rows = indicator_rows(qs, f, (), by_month=False)
    if rows:
        return rows[0]
    empty = {n: 0 for counts in _COUNTS.values() for n in counts}
    return {**empty, **dict.fromkeys(SHARES), "progress_score_766": None}


# The officer table's orders (``?sap_xep=``): by name as written (family name first), folded so
# that "Đỗ" sorts with "Do"; by unit; by the late ratio, highest or lowest first.
OFFICER_ORDERS: dict[str, Any] = {
    "ten": lambda r: (fold(r["officer"]), r["officer"], r["month"]),
    "don_vi": lambda r: (fold(r["unit"]), fold(r["officer"]), r["officer"], r["month"]),
    "-ty_le_tre": lambda r: (-r["late_ratio"], fold(r["officer"]), r["officer"], r["month"]),
    "ty_le_tre": lambda r: (r["late_ratio"], fold(r["officer"]), r["officer"], r["month"]),
}


def officer_rows(
    qs: QuerySet[Dossier], f: Filters, threshold: float = OFFICER_LATE_THRESHOLD, order: str = "ten"
) -> list[dict]:
    """Per officer and month finished: the unit(s) of those dossiers, finished, late, late ratio,
    and whether the officer stays eligible for "hoàn thành tốt nhiệm vụ" (late ratio under the
    threshold); in ``order`` (a key of ``OFFICER_ORDERS``, else by name)."""
    side = _months(filter_dossiers(qs, replace(f, month_from="", month_to="")), "finished_month", f)
    finished = side.filter(outcome__in=FINISHED_OUTCOMES).exclude(officer="")
    rows = (
        finished.values("officer", "finished_month")
        .annotate(finished=Count("pk"), late=Count("pk", filter=Q(outcome=Outcome.LATE)))
        .order_by()
    )
    units: dict[tuple[str, str], set[str]] = {}
    for officer, month, unit in (
        finished.exclude(unit="").values_list("officer", "finished_month", "unit").distinct().order_by()
    ):
        units.setdefault((officer, month), set()).add(unit)
    out = []
    for r in rows:
        ratio = r["late"] / r["finished"]
        key = (r["officer"], r["finished_month"])
        out.append(
            {
                "officer": r["officer"],
                "unit": ", ".join(sorted(units.get(key, ()), key=fold)),
                "month": r["finished_month"],
                "finished": r["finished"],
                "late": r["late"],
                "late_ratio": ratio,
                "eligible_good": eligible_good(ratio, threshold),
            }
        )
    out.sort(key=OFFICER_ORDERS.get(order, OFFICER_ORDERS["ten"]))
    return out


def breach_counts(qs: QuerySet[Dossier], f: Filters) -> list[dict]:
    """Per rule, the number of dossiers received in the filtered months that broke it."""
    dossiers = _months(
        filter_dossiers(qs, replace(f, month_from="", month_to="", rule="")), "submitted_month", f
    )
    rows = (
        DossierBreach.objects.filter(dossier__in=dossiers)
        .values("rule")
        .annotate(count=Count("dossier_id", distinct=True))
        .order_by("rule")
    )
    return [{"rule": r["rule"], "count": r["count"]} for r in rows]


def months_present(qs: QuerySet[Dossier]) -> list[str]:
    """Every month a dossier was received or finished in, ascending: the filter's choices."""
    received = set(qs.exclude(submitted_month="").values_list("submitted_month", flat=True).distinct())
    finished = set(qs.exclude(finished_month="").values_list("finished_month", flat=True).distinct())
    return sorted(received | finished)


def units_present(qs: QuerySet[Dossier]) -> list[str]:
    return list(qs.exclude(unit="").values_list("unit", flat=True).distinct().order_by("unit"))


def latest_analysis(org: Organisation) -> DossierAnalysis | None:
    return DossierAnalysis.objects.filter(organisation=org).order_by("-created_at", "-id").first()


def target_measures(target_ids: Collection[int]) -> dict[int, TargetMeasure]:
    """The latest analysis' measures of the given plan targets, by target id: the source
    ``DossiersConfig.ready`` registers with ``plans.target_measures`` (the plan and task pages
    read dossier figures through it, not through the ``Target.dossier_measure`` relation)."""
    return {m.target_id: m for m in TargetMeasure.objects.filter(target_id__in=list(target_ids))}
