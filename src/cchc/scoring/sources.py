"""The sources that propose an item's value from the department's own records.

A source is named ``kind.metric`` (``core.scoring.SourceRef``), as the criteria workbook writes
it: it measures one figure of the assessed year for a department and says where it came from
(the period, the numbers behind it, links to the records). Apps that come later (the
satisfaction surveys) add theirs with :func:`register` from their ``ready()``; nothing here
knows them.

Rates are in percent (0–100), as the rules read them; counts are counts; yes/no is 1/0.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode

from cchc.core.dossiers.options import OFFICER_LATE_THRESHOLD
from cchc.core.formats import count_text, date_text
from cchc.core.status import DONE, rates
from cchc.dossiers.measures import indicator_value
from cchc.dossiers.selectors import SHARES, Filters, officer_rows, totals, visible_dossiers
from cchc.orgs.models import Organisation
from cchc.tracking.models import Evidence, Obligation, Report
from cchc.tracking.selectors import BoardFilters, board_obligations

if TYPE_CHECKING:
    from cchc.scoring.models import Assessment


@dataclass(frozen=True, slots=True)
class Link:
    title: str
    url: str

    def to_dict(self) -> dict[str, str]:
        return {"title": self.title, "url": self.url}


@dataclass(frozen=True, slots=True)
class Measure:
    """A measured value (None: nothing to measure yet), the period it covers, what it was
    computed from in words ("45/50 nghĩa vụ"), and links to the records behind it."""

    value: Decimal | None
    period: str
    detail: str = ""
    links: tuple[Link, ...] = ()


@dataclass(slots=True)
class SourceContext:
    """What a source measures for: the department, the year's window up to ``today`` and the
    assessment (its mapped tasks, its submission)."""

    org: Organisation
    year: int
    today: date
    assessment: Assessment | None = None
    # Task ids confirmed for each item code (filled by the caller from TaskLink rows).
    tasks_by_item: dict[str, list[int]] = field(default_factory=dict)
    item_code: str = ""
    # Figures several sources read (the year's counts, the dossier totals), computed once.
    memo: dict[str, Any] = field(default_factory=dict)

    def once(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        return min(date(self.year, 12, 31), max(self.today, date(self.year, 1, 1)))

    @property
    def period(self) -> str:
        return f"{date_text(self.start)} – {date_text(self.end)}"

    @property
    def months(self) -> tuple[str, str]:
        return f"{self.year}-01", f"{self.end:%Y-%m}"


SourceFn = Callable[[SourceContext, str], Measure]


@dataclass(frozen=True, slots=True)
class Source:
    key: str
    label: str
    unit: str  # "%", "count" or "yes_no": what the value is
    measure: SourceFn


_REGISTRY: dict[str, Source] = {}


def register(key: str, label: str, unit: str, fn: SourceFn) -> None:
    """Add a source (``kind.metric``); registering a key again replaces it (a reloaded app)."""
    _REGISTRY[key] = Source(key, label, unit, fn)


def known() -> dict[str, Source]:
    return dict(_REGISTRY)


def measure(key: str, param: str, ctx: SourceContext) -> Measure | None:
    """The value of a source, or None when no source has that name."""
    source = _REGISTRY.get(key)
    return None if source is None else source.measure(ctx, param)


def _pct(share: float | None) -> Decimal | None:
    return None if share is None else (Decimal(str(share)) * 100).quantize(Decimal("0.0001"))


# --- the follow-through -------------------------------------------------------------------


def _board_link(ctx: SourceContext, **extra: str) -> Link:
    query = {"ke_hoach": "tat-ca", "tu_ngay": date_text(ctx.start), "den_ngay": date_text(ctx.end), **extra}
    return Link(
        "Bảng theo dõi: nhiệm vụ đến hạn trong năm", f"{reverse('tracking:board')}?{urlencode(query)}"
    )


def _year_counts(ctx: SourceContext) -> dict[str, int]:
    def compute() -> dict[str, int]:
        qs = board_obligations(ctx.org, BoardFilters(due_from=ctx.start, due_to=ctx.end))
        return {row["status"]: row["n"] for row in qs.values("status").annotate(n=Count("pk")).order_by()}

    return ctx.once("year_counts", compute)


def _on_time(ctx: SourceContext, param: str) -> Measure:
    r = rates(_year_counts(ctx))
    return Measure(
        _pct(r.on_time_rate),
        ctx.period,
        f"{count_text(r.done_early + r.done_on_time)}/{count_text(r.fallen_due)} nhiệm vụ đến hạn"
        " hoàn thành đúng hạn",
        (_board_link(ctx),),
    )


def _early(ctx: SourceContext, param: str) -> Measure:
    r = rates(_year_counts(ctx))
    return Measure(
        _pct(r.early_share),
        ctx.period,
        f"{count_text(r.done_early)}/{count_text(r.done)} nhiệm vụ hoàn thành sớm hạn",
        (_board_link(ctx, trang_thai="done_early"),),
    )


def _overdue(ctx: SourceContext, param: str) -> Measure:
    n = rates(_year_counts(ctx)).overdue
    return Measure(
        Decimal(n), ctx.period, f"{count_text(n)} nhiệm vụ quá hạn", (_board_link(ctx, trang_thai="overdue"),)
    )


def _task_obligations(ctx: SourceContext):
    ids = ctx.tasks_by_item.get(ctx.item_code, [])
    return Obligation.objects.filter(organisation=ctx.org, task_id__in=ids, due_date__lte=ctx.end), ids


def task_evidence_links(obligation_ids: list[int], assessment_id: int) -> tuple[Link, ...]:
    """The documents of the accepted reports of these obligations, as links through the
    assessment (so that the appraiser, who is not of the department, can open them)."""
    docs = (
        Evidence.objects.filter(report__obligation_id__in=obligation_ids, report__state=Report.State.ACCEPTED)
        .order_by("doc_date", "pk")
        .only("pk", "doc_number", "summary", "url", "file")
    )
    out = []
    for d in docs:
        url = d.url or (reverse("scoring:report_file", args=[assessment_id, d.pk]) if d.file else "")
        out.append(Link(f"{d.doc_number} {d.summary}".strip()[:200], url))
    return tuple(out)


def _assessment_id(ctx: SourceContext) -> int:
    return ctx.assessment.pk if ctx.assessment is not None else 0


def _task_progress(ctx: SourceContext) -> tuple[list[int], int, list[int], tuple[Link, ...]]:
    """The item's confirmed tasks, how many of their obligations are due, the finished ones,
    and the links (the tasks, then their accepted documents)."""
    qs, ids = _task_obligations(ctx)
    obligations = list(qs.values_list("pk", "status"))
    done = [pk for pk, status in obligations if status in DONE]
    links = tuple(Link(f"Nhiệm vụ #{t}", reverse("tracking:task", args=[t])) for t in ids)
    return ids, len(obligations), done, links + task_evidence_links(done, _assessment_id(ctx))


def _tasks_done(ctx: SourceContext, param: str) -> Measure:
    ids, due, done, links = _task_progress(ctx)
    if not ids:
        return Measure(None, ctx.period, "chưa gắn nhiệm vụ nào với tiêu chí")
    return Measure(
        Decimal(int(bool(due) and len(done) == due)),
        ctx.period,
        f"{count_text(len(done))}/{count_text(due)} nghĩa vụ của nhiệm vụ gắn với tiêu chí đã hoàn thành",
        links,
    )


def _tasks_share(ctx: SourceContext, param: str) -> Measure:
    _ids, due, done, links = _task_progress(ctx)
    if not due:
        return Measure(None, ctx.period, "chưa có nghĩa vụ đến hạn của nhiệm vụ gắn với tiêu chí")
    return Measure(
        _pct(len(done) / due),
        ctx.period,
        f"{count_text(len(done))}/{count_text(due)} nghĩa vụ đã hoàn thành",
        links,
    )


# --- the dossiers and the officers ------------------------------------------------------------

# source metric -> (the dossier indicator, what it is in words)
DOSSIER_METRICS: dict[str, tuple[str, str]] = {
    "on_time": ("on_time_rate", "Tỷ lệ hồ sơ giải quyết đúng hạn"),
    "online": ("online_share", "Tỷ lệ hồ sơ nộp trực tuyến"),
    "online_full": ("online_full_share", "Tỷ lệ hồ sơ trực tuyến toàn trình"),
    "paid_online": ("paid_online_share", "Tỷ lệ hồ sơ thanh toán trực tuyến"),
    "postal": ("postal_share", "Tỷ lệ hồ sơ qua bưu chính công ích"),
    "digitized": ("digitized_share", "Tỷ lệ hồ sơ được số hóa"),
    "result_digitized": ("result_digitized_share", "Tỷ lệ kết quả giải quyết được số hóa"),
    "late": ("late_count", "Số hồ sơ trễ hạn"),
    "acceptance_breaches": ("acceptance_breaches", "Số hồ sơ trực tuyến tiếp nhận quá 8 giờ làm việc"),
}
_COUNT_INDICATORS = {"late_count", "acceptance_breaches"}


def _dossier_source(metric: str) -> SourceFn:
    indicator, label = DOSSIER_METRICS[metric]

    def fn(ctx: SourceContext, param: str) -> Measure:
        month_from, month_to = ctx.months
        if indicator in SHARES or indicator == "late_count":
            # One pass over the year's dossiers gives every share (indicator_value's figures).
            t = ctx.once(
                "dossier_totals",
                lambda: totals(visible_dossiers(ctx.org), Filters(month_from=month_from, month_to=month_to)),
            )
            if indicator == "late_count":
                value, num, den = (t["late"] if t["finished"] else None), t["late"], t["finished"]
            else:
                value, (num, den) = t[indicator], (t[n] for n in SHARES[indicator])
        else:
            value, num, den = ctx.once(
                f"dossier:{indicator}", lambda: indicator_value(ctx.org, indicator, month_from, month_to)
            )
        query = urlencode({"tu_thang": month_from, "den_thang": month_to})
        link = Link(f"Hồ sơ TTHC {month_from} – {month_to}", f"{reverse('dossiers:list')}?{query}")
        if indicator in _COUNT_INDICATORS:
            number = None if value is None else Decimal(int(value))
            return Measure(number, ctx.period, f"{label}: {count_text(num)}", (link,))
        return Measure(
            _pct(value), ctx.period, f"{label}: {count_text(num)}/{count_text(den)} hồ sơ", (link,)
        )

    return fn


def _officers_late(ctx: SourceContext, param: str) -> Measure:
    month_from, month_to = ctx.months
    f = Filters(month_from=month_from, month_to=month_to, basis="xong")
    # Once per recomputation: a pass over the year's dossiers (0.3 s for 100,000 of them).
    rows = ctx.once(
        "officer_rows", lambda: officer_rows(visible_dossiers(ctx.org), f, OFFICER_LATE_THRESHOLD)
    )
    if not rows:
        return Measure(None, ctx.period, "chưa có hồ sơ giải quyết xong của cán bộ")
    over = sorted({r["officer"] for r in rows if not r["eligible_good"]})
    query = urlencode({"tu_thang": month_from, "den_thang": month_to, "theo": "xong"})
    return Measure(
        Decimal(len(over)),
        ctx.period,
        f"{count_text(len(over))} cán bộ có tháng tỷ lệ hồ sơ trễ hạn"
        f" từ {int(OFFICER_LATE_THRESHOLD * 100)} % trở lên",
        (Link("Bảng cán bộ", f"{reverse('dossiers:officers')}?{query}"),),
    )


def _late_submission(ctx: SourceContext, param: str) -> Measure:
    a = ctx.assessment
    if a is None or a.submitted_at is None:
        return Measure(None, f"hạn nộp {date_text(a.self_due)}" if a else "", "chưa nộp bản tự đánh giá")
    return Measure(
        Decimal(int(a.submitted_late)),
        f"hạn nộp {date_text(a.self_due)}",
        "nộp trễ hạn" if a.submitted_late else "nộp đúng hạn",
    )


def register_defaults() -> None:
    register("tracking.on_time", "Tỷ lệ nhiệm vụ hoàn thành đúng hạn (%)", "%", _on_time)
    register("tracking.early", "Tỷ lệ nhiệm vụ hoàn thành sớm hạn (%)", "%", _early)
    register("tracking.overdue", "Số nhiệm vụ quá hạn", "count", _overdue)
    register("tasks.done", "Nhiệm vụ gắn với tiêu chí đã hoàn thành (có/không)", "yes_no", _tasks_done)
    register(
        "tasks.done_share",
        "Tỷ lệ nghĩa vụ của nhiệm vụ gắn với tiêu chí đã hoàn thành (%)",
        "%",
        _tasks_share,
    )
    for metric, (indicator, label) in DOSSIER_METRICS.items():
        register(
            f"dossiers.{metric}",
            label + ("" if indicator in _COUNT_INDICATORS else " (%)"),
            "count" if indicator in _COUNT_INDICATORS else "%",
            _dossier_source(metric),
        )
    register("officers.late", "Số cán bộ có tỷ lệ hồ sơ trễ hạn vượt ngưỡng", "count", _officers_late)
    register(
        "assessment.late_submission", "Nộp bản tự đánh giá trễ hạn (có/không)", "yes_no", _late_submission
    )
