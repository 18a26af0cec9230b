"""The import preview's checks of the plan as a whole, before anything is written: the same
plan already imported, a period over or mostly past (a plan imported late floods the board
with "quá hạn"), an issuer that is not the department, a missing number or date.

Reads only (the draft's JSON, the department's plans and calendar); the preview shows the
result and ``services.confirm_import`` refuses the same plan twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone

from cchc.core.formats import moment_text
from cchc.core.obligations import fmt, plan_obligations
from cchc.core.periods import Period
from cchc.core.plan_identity import number_key, plan_key, plan_year, same_issuer
from cchc.orgs.models import Organisation
from cchc.plans import drafting
from cchc.plans.models import Plan

# "Mostly past": more than this share of the period's days are behind us.
MOSTLY_PAST = 0.5
_LEAD_STATUSES = ("unit", "group", "external")


@dataclass(frozen=True, slots=True)
class PlanCheck:
    """One thing the Office should look at before confirming."""

    kind: str  # "duplicate" | "late" | "issuer" | "number" | "date"
    text: str
    blocking: bool = False  # confirming is refused while it holds
    url: str = ""
    link_text: str = ""


@dataclass(frozen=True, slots=True)
class DueCounts:
    """The draft's obligations (every lead unit's, every period) by due date against today and
    the tracking start."""

    total: int = 0
    before_today: int = 0  # overdue at once if the plan were followed from its start
    before_start: int = 0  # recorded as the Office chose (not tracked / done)
    overdue_at_once: int = 0  # due from the tracking start up to yesterday


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


# --- the same plan ------------------------------------------------------------------------------


def identity_of(org: Organisation, meta: dict[str, Any]) -> str:
    """The draft's ``Plan.identity_key`` (number, issuer, year), "" when it has no number."""
    period = meta.get("period") or {}
    year = plan_year(_date(period.get("start")), _date(meta.get("issued_on")))
    return plan_key(meta.get("number"), meta.get("issuer"), year, org.name)


def same_plan(org: Organisation, meta: dict[str, Any]) -> Plan | None:
    """The department's plan that is this one (archived or not; a deleted plan is gone)."""
    key = identity_of(org, meta)
    if not key:
        return None
    return Plan.objects.filter(organisation=org, identity_key=key).first()


def same_plan_message(plan: Plan) -> str:
    year = plan_year(plan.period_start, plan.issued_on)
    issuer = f" của {plan.issuer}" if plan.issuer else ""
    when = moment_text(timezone.localtime(plan.created_at))
    state = ", đã lưu trữ" if plan.is_archived else ""
    return (
        f"Kế hoạch số {plan.number} năm {year}{issuer} đã có trong hệ thống (nhập lúc {when}{state}): "
        "không nhập lại lần nữa. Nếu đây là kế hoạch khác, hãy sửa số kế hoạch; nếu kế hoạch đã có "
        "được nhập nhầm, hãy xóa kế hoạch đó trước."
    )


# --- due dates against today -------------------------------------------------------------------


def lead_unit_count(task: dict[str, Any], active_codes: set[str]) -> int:
    """How many units the row's obligations will be written for (as ``build_tasks`` links them)."""
    codes = {
        code
        for ref in drafting.unit_refs(task, "lead")
        if ref.get("status") in _LEAD_STATUSES
        for code in ref.get("codes") or []
        if code in active_codes
    }
    return len(codes)


def due_counts(
    parsed: dict[str, Any], org: Organisation, *, today: date, start: date | None, calendar: Any
) -> DueCounts:
    """Count the obligations the draft would create, by due date (the planner's own rules)."""
    period = drafting.plan_period(parsed)
    if period is None:
        return DueCounts()
    meta = parsed.get("plan") or {}
    active = set(org.units.filter(is_active=True).values_list("code", flat=True))
    total = before_today = before_start = at_once = 0
    for task in parsed.get("tasks") or []:
        if task.get("is_group"):
            continue
        units = lead_unit_count(task, active)
        if not units:
            continue
        for p in plan_obligations(
            task.get("schedule"),
            period,
            calendar=calendar,
            reporting_day=meta.get("reporting_day") or org.reporting_day,
            weekly_weekday=org.weekly_digest_weekday,
        ):
            total += units
            if p.due is None:
                continue
            before_today += units * (p.due < today)
            if start is not None and p.due < start:
                before_start += units
            elif p.due < today:
                at_once += units
    return DueCounts(total, before_today, before_start, at_once)


def default_tracking_start(period: Period | None, today: date) -> date:
    """ "Theo dõi từ ngày" when the Office says nothing: today once the period has started (what
    was due before is not chased), else the period's start."""
    if period is None or period.start <= today:
        return today
    return period.start


def tracking_of(parsed: dict[str, Any], today: date, *, previewed: bool = True) -> tuple[date | None, str]:
    """The draft's "theo dõi từ ngày" and what becomes of what was due before it: as the Office
    set them in the preview, else the preview's default (``default_tracking_start``) and "không
    theo dõi". A draft confirmed without the preview (``previewed=False``: the command line,
    the demo) without a date set is followed from the start of its period: None."""
    meta = parsed.get("plan") or {}
    stored = meta.get("tracking_start")
    before = meta.get("before_tracking") or Plan.BeforeTracking.NOT_TRACKED
    if stored:
        return date.fromisoformat(stored), before
    if not previewed:
        return None, ""
    return default_tracking_start(drafting.plan_period(parsed), today), before


# --- the checks --------------------------------------------------------------------------------


def plan_checks(
    org: Organisation,
    parsed: dict[str, Any],
    *,
    today: date,
    start: date | None,
    before: str,
    counts: DueCounts,
) -> list[PlanCheck]:
    """What the preview warns about, most serious first."""
    meta = parsed.get("plan") or {}
    out: list[PlanCheck] = []
    existing = same_plan(org, meta)
    if existing is not None:
        out.append(
            PlanCheck(
                "duplicate",
                same_plan_message(existing),
                blocking=True,
                url=reverse("plans:detail", args=[existing.pk]),
                link_text=f"Mở kế hoạch số {existing.number} đã có",
            )
        )
    out += _late_checks(parsed, today=today, start=start, before=before, counts=counts)
    issuer = (meta.get("issuer") or "").strip()
    if issuer and not same_issuer(issuer, org.name):
        out.append(
            PlanCheck(
                "issuer",
                f"Cơ quan ban hành “{issuer}” không phải là {org.name}: hãy kiểm tra đây có đúng là "
                "kế hoạch của Sở không.",
            )
        )
    if not number_key(meta.get("number")):
        written = (meta.get("number") or "").strip()
        what = f"Số kế hoạch “{written}” chưa đủ" if written else "Chưa có số kế hoạch"
        out.append(
            PlanCheck(
                "number",
                f"{what}: hãy điền số (ví dụ 12/KH-SCT) ở phần Thông tin kế hoạch; thiếu số thì "
                "không nhận ra được khi kế hoạch này được nhập lại.",
            )
        )
    if not meta.get("issued_on"):
        out.append(PlanCheck("date", "Chưa có ngày ban hành: hãy điền ngày ở phần Thông tin kế hoạch."))
    return out


def _late_checks(
    parsed: dict[str, Any], *, today: date, start: date | None, before: str, counts: DueCounts
) -> list[PlanCheck]:
    period = drafting.plan_period(parsed)
    if period is None or period.start > today:
        return []
    days = (period.end - period.start).days + 1
    elapsed = (today - period.start).days
    if period.end < today:
        head = f"Kế hoạch đã hết thời gian thực hiện (đến {fmt(period.end)})"
    elif elapsed / days > MOSTLY_PAST:
        head = f"Kế hoạch đã qua {round(100 * elapsed / days)} % thời gian thực hiện"
    else:
        return []
    how = "đã thực hiện trước khi dùng hệ thống" if before == Plan.BeforeTracking.DONE else "không theo dõi"
    text = (
        f"{head}: {counts.before_today} nghĩa vụ báo cáo có hạn trước hôm nay sẽ quá hạn ngay nếu theo dõi "
        f"từ đầu kế hoạch. Theo dõi từ ngày {fmt(start)}: {counts.before_start} nghĩa vụ có hạn trước ngày "
        f"đó được ghi là “{how}”, {counts.overdue_at_once} nghĩa vụ quá hạn ngay."
    )
    return [PlanCheck("late", text)]
