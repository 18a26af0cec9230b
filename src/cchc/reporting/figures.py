"""The figures of a report's window, computed from the records: the board's counts by area and
by unit, the products delivered with their documents, what is late and why, the plans'
targets with their measured values, the dossier indicators and the officers over the late
threshold. Each comes out as a ``core.reporting`` table (or chart), ready to render.

What a window counts is the board's: the department's active obligations whose due date (the
plan's date, as the statistics keep it) falls in the window, with their status of today —
the board filtered ``due_from``/``due_to`` on the same dates shows the same numbers
(``board_query`` gives its address). The dossier screens filter by month: a report takes the
months mostly inside its window (15/12 → 14/9 is 12/2025 … 08/2026), named in the table's note.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from cchc.core.dossiers.options import OFFICER_LATE_THRESHOLD
from cchc.core.formats import count_text, date_text, percent_text
from cchc.core.reporting.document import Cell, Chart, Column, Ratio, Table
from cchc.core.status import attainment, rates
from cchc.dossiers.models import Dossier
from cchc.dossiers.selectors import Filters, officer_rows, totals
from cchc.orgs.models import Organisation, Unit
from cchc.plans.labels import target_text
from cchc.plans.models import Target
from cchc.plans.target_measures import measures_for
from cchc.tracking import breakdowns
from cchc.tracking.models import (
    ExtensionRequest,
    Measurement,
    Obligation,
    ObligationStatus,
    Report,
)
from cchc.tracking.selectors import BoardFilters, board_obligations

S = ObligationStatus
# The status columns of the count tables, in the board's order of meaning.
STATUS_COLUMNS = (S.DONE_EARLY, S.DONE_ON_TIME, S.DONE_LATE, S.OVERDUE, S.EXTENDED, S.IN_PROGRESS, S.NOT_DUE)


@dataclass(frozen=True, slots=True)
class Window:
    start: date
    end: date

    def board_filters(self, **kw: Any) -> BoardFilters:
        return BoardFilters(due_from=self.start, due_to=self.end, **kw)

    def board_query(self, **kw: str) -> dict[str, str]:
        """The board's query string showing this window's obligations: every plan, due from
        ``tu_ngay`` to ``den_ngay`` (``kw``: more of the board's filters, e.g. ``linh_vuc``)."""
        return {"ke_hoach": "tat-ca", "tu_ngay": date_text(self.start), "den_ngay": date_text(self.end), **kw}

    def dossier_months(self) -> tuple[str, str]:
        """The first and last month ("YYYY-MM") lying mostly inside the window."""
        months = []
        d = date(self.start.year, self.start.month, 1)
        while d <= self.end:
            nxt = (d + timedelta(days=32)).replace(day=1)
            inside = (min(nxt - timedelta(days=1), self.end) - max(d, self.start)).days + 1
            if inside * 2 > (nxt - d).days:
                months.append(f"{d:%Y-%m}")
            d = nxt
        return (months[0], months[-1]) if months else ("", "")


def window_obligations(org: Organisation, window: Window) -> QuerySet[Obligation]:
    return board_obligations(org, window.board_filters())


def count_of(value: Cell) -> int:
    """A count cell as a number (an empty one is 0)."""
    return int(value) if isinstance(value, int | float | Decimal) else 0


# A status's column heading: the finished ones by their short word under "hoàn thành" (as the
# overview and the units page write them: ``tracking.breakdowns``).
HEADINGS: dict[str, str] = dict(breakdowns.STATUS_COLUMNS)


def heading(status: str) -> str:
    return HEADINGS[status]


def _count_columns(first: str) -> tuple[Column, ...]:
    status_cols = [Column(heading(s), "int", "sum") for s in STATUS_COLUMNS]
    # 1 total, 2 sớm hạn, 3 đúng hạn, 4 trễ hạn, 5 quá hạn: the on-time rate (core.status.rates).
    return (
        Column(first, width=3.0),
        Column("Tổng số", "int", "sum"),
        *status_cols,
        Column("Tỷ lệ đúng hạn", "percent", Ratio(numerator=(2, 3), denominator=(2, 3, 4, 5)), width=1.5),
    )


def _count_row(label: str, counts: Mapping[str, int]) -> tuple[Any, ...]:
    r = rates(counts)
    return (label, r.total, *(counts.get(s.value, 0) for s in STATUS_COLUMNS), r.on_time_rate)


def counts(org: Organisation, window: Window) -> breakdowns.Cube:
    """The window's counts per area, unit and status in one query (the board's rules)."""
    return breakdowns.cube(window_obligations(org, window))


def by_area(org: Organisation, window: Window, cube: breakdowns.Cube | None = None) -> Table:
    cube = cube or counts(org, window)
    return Table(
        "status_by_area",
        "Kết quả thực hiện nhiệm vụ theo lĩnh vực",
        _count_columns("Lĩnh vực"),
        tuple(_count_row(line.label, line.counts) for line in cube.by_area()),
        total_label="Tổng cộng",
        note=(
            f"Nhiệm vụ có hạn từ {date_text(window.start)} đến {date_text(window.end)}; "
            "trạng thái đến ngày lập báo cáo."
        ),
    )


def by_unit(org: Organisation, window: Window, cube: breakdowns.Cube | None = None) -> Table:
    cube = cube or counts(org, window)
    units = list(Unit.objects.filter(organisation=org).order_by("order", "name"))
    return Table(
        "status_by_unit",
        "Kết quả thực hiện nhiệm vụ theo đơn vị chủ trì",
        _count_columns("Đơn vị"),
        tuple(_count_row(line.label, line.counts) for line in cube.by_unit(units)),
        total_label="Tổng cộng",
    )


def status_chart(table: Table) -> Chart:
    """The area table as stacked bars: finished (sớm hạn, đúng hạn, trễ hạn) and quá hạn."""
    idx = {c.title: i for i, c in enumerate(table.columns)}
    shown = (S.DONE_EARLY, S.DONE_ON_TIME, S.DONE_LATE, S.OVERDUE)
    return Chart(
        key="status_by_area_chart",
        title="Tình hình thực hiện nhiệm vụ theo lĩnh vực",
        kind="stacked_bar",
        categories=tuple(str(r[0]) for r in table.rows),
        series=tuple(
            (s.label, tuple(float(count_of(r[idx[heading(s)]])) for r in table.rows)) for s in shown
        ),
    )


# The lists of a report (products, late work) print at most this many rows; the note says how
# many more there are and the board lists them all (a province's year has thousands).
LIST_ROWS = 200


def _more(shown: int, total: int, where: str) -> str:
    return f"Còn {count_text(total - shown)} dòng khác: xem {where}." if total > shown else ""


def products(org: Organisation, window: Window) -> Table:
    """The window's accepted results with their documents (số, ngày, trích yếu)."""
    reports = (
        Report.objects.filter(obligation__in=window_obligations(org, window), state=Report.State.ACCEPTED)
        .select_related("obligation__task", "unit")
        .prefetch_related(Prefetch("evidence"))
        .order_by("obligation__task__order", "obligation__unit_order", "obligation__due_date", "id")
    )
    total = reports.count()
    rows = []
    for i, r in enumerate(reports[:LIST_ROWS], start=1):
        docs = "; ".join(
            f"{e.doc_number} ngày {date_text(e.doc_date)}: {e.summary}" for e in r.evidence.all()
        )
        rows.append((i, r.obligation.task.text, r.unit.name, r.obligation.period_label, docs))
    return Table(
        "products",
        "Sản phẩm, kết quả đã hoàn thành",
        (
            Column("TT", "int"),
            Column("Nhiệm vụ", width=3.0),
            Column("Đơn vị", width=1.5),
            Column("Kỳ"),
            Column("Văn bản, tài liệu kiểm chứng (số, ngày, trích yếu)", width=3.0),
        ),
        tuple(rows),
        note=_more(len(rows), total, "trang Theo dõi, lọc “Đã hoàn thành” theo kỳ báo cáo"),
    )


def late_work(org: Organisation, window: Window) -> Table:
    """What is overdue or was finished late, and why: the unit's latest report text or the
    reason of its extension request."""
    qs = (
        window_obligations(org, window)
        .filter(status__in=[S.OVERDUE, S.DONE_LATE])
        .select_related("task", "unit")
        .prefetch_related(
            Prefetch("reports", queryset=Report.objects.exclude(narrative="").order_by("-id")),
            Prefetch("extensions", queryset=ExtensionRequest.objects.order_by("-id")),
        )
        .order_by("status", "current_due", "unit_order", "id")
    )
    total = qs.count()
    rows = []
    for i, o in enumerate(qs[:LIST_ROWS], start=1):
        reasons = [e.reason for e in o.extensions.all()] + [r.narrative for r in o.reports.all()]
        rows.append(
            (
                i,
                o.task.text,
                o.unit.name,
                o.current_due,
                ObligationStatus(o.status).label,
                reasons[0] if reasons else "",
            )
        )
    return Table(
        "late_work",
        "Nhiệm vụ quá hạn, trễ hạn và nguyên nhân",
        (
            Column("TT", "int"),
            Column("Nhiệm vụ", width=3.0),
            Column("Đơn vị", width=1.5),
            Column("Hạn", "date", width=1.4),
            Column("Trạng thái", width=1.3),
            Column("Nguyên nhân, giải trình", width=3.0),
        ),
        tuple(rows),
        note=_more(len(rows), total, "trang Theo dõi, lọc “Quá hạn” và “Hoàn thành trễ hạn” theo kỳ báo cáo"),
    )


def targets(org: Organisation, window: Window) -> Table:
    """The targets of the plans running in the window, with the value measured (the dossier
    analysis where it measures the target, else the latest accepted report's value) and
    đạt / không đạt, by the rule of ``core.status.attainment``."""
    found = list(
        Target.objects.filter(
            plan__organisation=org,
            plan__archived_at__isnull=True,
            plan__period_start__lte=window.end,
            plan__period_end__gte=window.start,
            kind=Target.Kind.TARGET,
        ).order_by("plan__period_start", "plan_id", "id")
    )
    measured = measures_for([t.pk for t in found])
    reported = dict(
        Measurement.objects.filter(target__in=found, report__state=Report.State.ACCEPTED)
        .order_by("target_id", "report__reviewed_at", "id")
        .values_list("target_id", "value")
    )  # the latest accepted value of each target wins (ordered last)
    rows = []
    for i, t in enumerate(found, start=1):
        measure = measured.get(t.pk)
        value = getattr(measure, "measured", None) if measure is not None else reported.get(t.pk)
        result = attainment(t.op, t.value, value)
        rows.append((i, t.label or t.text, target_text(t.op, t.value, t.unit), value, result.label))
    return Table(
        "targets",
        "Chỉ tiêu của kế hoạch và kết quả đo được",
        (
            Column("TT", "int"),
            Column("Chỉ tiêu", width=3.0),
            Column("Mục tiêu"),
            Column("Kết quả đo được", "number"),
            Column("Đánh giá"),
        ),
        tuple(rows),
    )


# The dossier indicators a report prints: (key of ``dossiers.selectors.totals``, label, kind).
DOSSIER_ROWS = (
    ("received", "Hồ sơ tiếp nhận", "int"),
    ("finished", "Hồ sơ đã giải quyết", "int"),
    ("on_time_rate", "Tỷ lệ hồ sơ giải quyết đúng hạn", "percent"),
    ("online_full_share", "Tỷ lệ hồ sơ trực tuyến toàn trình", "percent"),
    ("paid_online_share", "Tỷ lệ thanh toán trực tuyến", "percent"),
    ("digitized_share", "Tỷ lệ số hóa hồ sơ", "percent"),
)


def _month_words(first: str, last: str) -> str:
    return f"{first[5:]}/{first[:4]} đến {last[5:]}/{last[:4]}"


def dossiers(org: Organisation, window: Window) -> tuple[Table, Table] | None:
    """The dossier indicators of the window's months and the officers over the late
    threshold (None without dossiers in those months)."""
    first, last = window.dossier_months()
    qs = Dossier.objects.filter(organisation=org)
    if not first or not qs.exists():
        return None
    f = Filters(month_from=first, month_to=last)
    figures = totals(qs, f)
    indicators = Table(
        "dossiers",
        "Kết quả giải quyết hồ sơ thủ tục hành chính",
        (Column("Chỉ số", width=3.0), Column("Số hồ sơ", "int"), Column("Tỷ lệ", "percent")),
        tuple(
            (label, figures.get(key), None) if kind == "int" else (label, None, figures.get(key))
            for key, label, kind in DOSSIER_ROWS
        ),
        note=f"Số liệu hồ sơ các tháng {_month_words(first, last)}.",
    )
    over = [r for r in officer_rows(qs, f) if not r["eligible_good"]]
    officers = Table(
        "officers_late",
        f"Công chức có tỷ lệ hồ sơ trễ hạn từ {percent_text(OFFICER_LATE_THRESHOLD)} trở lên",
        (
            Column("TT", "int"),
            Column("Công chức", width=2.0),
            Column("Đơn vị", width=2.0),
            Column("Tháng"),
            Column("Hồ sơ đã giải quyết", "int", "sum"),
            Column("Trễ hạn", "int", "sum"),
            Column("Tỷ lệ trễ hạn", "percent", Ratio(numerator=(5,), denominator=(4,))),
        ),
        tuple(
            (
                i,
                r["officer"],
                r["unit"],
                f"{r['month'][5:]}/{r['month'][:4]}",
                r["finished"],
                r["late"],
                r["late_ratio"],
            )
            for i, r in enumerate(over, start=1)
        ),
        total_label="Tổng cộng" if over else "",
        note=f"Theo tháng giải quyết, các tháng {_month_words(first, last)}.",
    )
    return indicators, officers
