"""The writes of the reports sent upward: open a report (its figures computed, its texts
drafted), refresh its figures (saying what changed), save a part's text, mark it sent.

Every write checks the version the person's page was made from (``expected_version``): a draft
changed meanwhile by someone else is refused with ``StaleReport``, never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cchc.core.areas import AREAS
from cchc.core.errors import UserError
from cchc.core.formats import count_text
from cchc.core.reporting.cells import cell_text
from cchc.core.reporting.document import Cell, Column, ReportDocument, Signature, Table
from cchc.core.reporting.periods import (
    DEFAULT_RULES,
    PERIODIC,
    ReportKind,
    ReportPeriod,
    WindowRule,
    parse_kind,
    parse_period,
    periods_due,
)
from cchc.orgs.models import Membership, Organisation
from cchc.orgs.types import User
from cchc.plans.models import Plan
from cchc.reporting import compose, drafting
from cchc.reporting.figures import Window
from cchc.reporting.models import PeriodRule, SectionText, UpwardReport
from cchc.ui.names import full_name

# The parts whose text the Office writes, with their titles (the areas' come from AREAS).
FIXED_PARTS = {
    "issues": "Tồn tại, hạn chế và nguyên nhân",
    "next": "Phương hướng, nhiệm vụ trọng tâm kỳ tới",
    "proposals": "Đề xuất, kiến nghị",
}


class ReportError(UserError):
    """A report write refused (said to the person)."""


class StaleReport(ReportError):
    def __init__(self) -> None:
        super().__init__(
            "Báo cáo vừa được người khác sửa; hãy tải lại trang để xem bản mới nhất rồi sửa tiếp."
        )


def rules_for(org: Organisation) -> list[WindowRule]:
    """The period rules of ``org``'s province: its own rows, else the country's rows, else the
    Ministry's practice (``DEFAULT_RULES``, which the first migration also writes as rows)."""
    rows = PeriodRule.objects.filter(province__in=["", org.province]).order_by("province")
    found: dict[tuple[str, str], WindowRule] = {(r.kind.value, r.period): r for r in DEFAULT_RULES}
    for row in rows:  # the country's first, the province's over them
        found[row.kind, row.period] = row.as_rule()
    return list(found.values())


def period_for(org: Organisation, kind: ReportKind | str, text: str) -> tuple[ReportPeriod, Plan | None]:
    """The period ``text`` of a report of ``kind`` for ``org``; for ``plan`` ``text`` is the
    plan's id and the window is the plan's period."""
    kind = kind if isinstance(kind, ReportKind) else parse_kind(kind)
    if kind is not ReportKind.PLAN:
        return parse_period(kind, text, rules=rules_for(org), reporting_day=org.reporting_day), None
    plan = (
        Plan.objects.filter(organisation=org, pk=int(text)).first() if str(text).strip().isdigit() else None
    )
    if plan is None:
        raise ReportError(f"Không có kế hoạch số hiệu “{text}” của {org.name}.")
    label = f"Kế hoạch số {plan.number}" if plan.number else plan.title
    period = ReportPeriod(
        kind, f"plan-{plan.pk}", label, plan.period_start, plan.period_end, None, plan.period_start.year
    )
    return period, plan


def _signature(report: UpwardReport) -> Signature:
    return Signature(report.signer_authority, report.signer_title, report.signer_name)


def _texts(report: UpwardReport) -> dict[str, str]:
    return dict(report.texts.values_list("key", "text"))


def _window(report: UpwardReport) -> Window:
    return Window(report.window_start, report.window_end)


def summary(report: UpwardReport) -> str:
    """The line under "BÁO CÁO"."""
    if report.kind == ReportKind.PLAN:
        return f"Kết quả thực hiện {report.label}"
    return f"Kết quả thực hiện công tác cải cách hành chính {report.label}"


def compose_document(report: UpwardReport, figs: compose.Figures | None = None) -> ReportDocument:
    """The report as it reads now: its stored figures (or ``figs``) and its texts."""
    if figs is None:
        figs = compose.Figures.from_document(ReportDocument.from_dict(report.figures))
    return compose.document(
        report.organisation,
        label=report.label,
        summary=summary(report),
        window=_window(report),
        year=report.window_end.year,
        texts=_texts(report),
        figs=figs,
        number=report.number,
        recipients=report.recipients,
        signature=_signature(report),
    )


def _title(key: str) -> str:
    return AREAS.get(key.removeprefix("area:"), "") if key.startswith("area:") else FIXED_PARTS[key]


def _order(key: str) -> int:
    keys = [f"area:{a}" for a in AREAS] + list(FIXED_PARTS)
    return keys.index(key) if key in keys else len(keys)


def _write_drafts(report: UpwardReport, drafts: dict[str, str]) -> None:
    """New drafts: a part the Office has not edited takes the new draft; an edited one keeps
    its text (its ``drafted`` is updated, so the page can offer the new draft)."""
    existing = {t.key: t for t in report.texts.all()}
    for key, text in drafts.items():
        row = existing.get(key)
        if row is None:
            SectionText.objects.create(
                report=report, key=key, title=_title(key), order=_order(key), text=text, drafted=text
            )
        elif row.drafted != text:
            untouched = row.text == row.drafted
            row.drafted = text
            if untouched:
                row.text = text
            row.version += 1
            row.save(update_fields=["drafted", "text", "version"])


@transaction.atomic
def open_report(
    org: Organisation, kind: ReportKind | str, text: str, user: User | None = None
) -> UpwardReport:
    """The report of ``kind`` and period ``text``: the existing one, or a new draft with its
    figures computed and its texts drafted."""
    period, plan = period_for(org, kind, text)
    report, created = UpwardReport.objects.get_or_create(
        organisation=org,
        kind=period.kind.value,
        period_key=period.key,
        defaults={
            "plan": plan,
            "label": period.label,
            "window_start": period.start,
            "window_end": period.end,
            "due_on": period.due,
            "created_by": user,
            "signer_name": _default_signer(org),
        },
    )
    if created:
        _refresh(report, user)
    return report


def _default_signer(org: Organisation) -> str:
    leader = (
        Membership.objects.filter(organisation=org, role=Membership.Role.LEADER)
        .select_related("user")
        .first()
    )
    return full_name(leader.user) if leader is not None else ""


@dataclass(frozen=True, slots=True)
class Change:
    table: str
    row: str
    column: str
    before: Cell
    after: Cell
    kind: str = "int"  # the column's kind, for writing the figures (``core.reporting.cells``)

    def written(self) -> tuple[str, str]:
        column = Column(self.column, self.kind)  # type: ignore[arg-type]
        return cell_text(column, self.before), cell_text(column, self.after)


def _cells(table: Table) -> dict[tuple[str, str], tuple[Cell, str]]:
    out: dict[tuple[str, str], tuple[Cell, str]] = {}
    rows = list(table.rows) + ([table.total_row()] if table.has_total else [])
    for row in rows:
        for column, value in zip(table.columns[1:], row[1:], strict=True):
            out[str(row[0]), column.title] = (value, column.kind)
    return out


def changes(before: ReportDocument | None, after: ReportDocument) -> list[Change]:
    """The figures that differ between two versions of a report's tables (the count tables
    cell by cell; the lists by their number of rows)."""
    if before is None:
        return []
    old = {t.key: t for t in before.tables()}
    found: list[Change] = []
    for table in after.tables():
        prior = old.get(table.key)
        if table.key in ("products", "late_work"):
            n_old = len(prior.rows) if prior else 0
            if n_old != len(table.rows):
                found.append(Change(table.title, "", "Số dòng", n_old, len(table.rows)))
            continue
        a, b = (_cells(prior) if prior else {}), _cells(table)
        for key in [*b, *(k for k in a if k not in b)]:
            (old_value, kind), (new_value, _kind) = a.get(key, (None, "")), b.get(key, (None, ""))
            if old_value != new_value:
                found.append(Change(table.title, key[0], key[1], old_value, new_value, kind or _kind))
    return found


def _refresh(report: UpwardReport, user: User | None) -> list[Change]:
    org = report.organisation
    window = _window(report)
    previous = ReportDocument.from_dict(report.figures) if report.figures else None
    _write_drafts(report, drafting.draft_texts(org, window))
    doc = compose_document(report, compose.Figures.compute(org, window))
    report.figures = doc.to_dict()
    report.figures_at = timezone.now()
    report.data_version += 1
    report.version += 1
    report._history_user = user  # type: ignore[attr-defined]
    report.save(update_fields=["figures", "figures_at", "data_version", "version", "updated_at"])
    return changes(previous, doc)


@transaction.atomic
def refresh(report: UpwardReport, user: User | None, *, expected_version: int | None = None) -> list[Change]:
    """ "Cập nhật số liệu": the figures computed again from today's records; what changed."""
    locked = _locked(report, expected_version)
    found = _refresh(locked, user)
    report.refresh_from_db()
    return found


def _locked(report: UpwardReport, expected_version: int | None) -> UpwardReport:
    locked = UpwardReport.objects.select_for_update().select_related("organisation").get(pk=report.pk)
    if expected_version is not None and locked.version != int(expected_version):
        raise StaleReport()
    return locked


MAX_TEXT = 50_000


@transaction.atomic
def save_text(report: UpwardReport, key: str, text: str, user: User, *, expected_version: int) -> SectionText:
    """The Office's text of one part (checked against the part's version)."""
    text = str(text or "").replace("\r\n", "\n").strip()
    if len(text) > MAX_TEXT:
        raise ReportError(f"Nội dung quá dài (tối đa {count_text(MAX_TEXT)} ký tự); hãy tóm tắt.")
    _check_draft(report)
    row = SectionText.objects.select_for_update().filter(report=report, key=key).first()
    if row is None:
        raise ReportError("Phần này không có trong báo cáo; hãy tải lại trang.")
    if row.version != int(expected_version):
        raise StaleReport()
    row.text, row.edited_by, row.edited_at = text, user, timezone.now()
    row.version += 1
    # The audit row names the author.
    row._history_user = user  # type: ignore[attr-defined]
    row.save(update_fields=["text", "edited_by", "edited_at", "version"])
    UpwardReport.objects.filter(pk=report.pk).update(version=F("version") + 1, updated_at=timezone.now())
    return row


def _check_draft(report: UpwardReport) -> None:
    state = UpwardReport.objects.filter(pk=report.pk).values_list("state", flat=True).first()
    if state == UpwardReport.State.SENT:
        raise ReportError("Báo cáo đã gửi đi; không sửa được nữa.")


@transaction.atomic
def mark_sent(
    report: UpwardReport, user: User, *, number: str, sent_on: date, expected_version: int
) -> UpwardReport:
    """The Office sent it: the outgoing number and date are kept with it."""
    number = " ".join(str(number or "").split())
    if not number:
        raise ReportError("Hãy ghi số văn bản của báo cáo đã gửi (ví dụ 125/BC-SCT).")
    locked = _locked(report, expected_version)
    if locked.state == UpwardReport.State.SENT:
        raise ReportError("Báo cáo này đã được đánh dấu là đã gửi.")
    locked.state, locked.number, locked.sent_on, locked.sent_by = (
        UpwardReport.State.SENT,
        number,
        sent_on,
        user,
    )
    locked.version += 1
    locked._history_user = user  # type: ignore[attr-defined]
    locked.save(update_fields=["state", "number", "sent_on", "sent_by", "version", "updated_at"])
    return locked


def due_reports(org: Organisation, year: int) -> list[dict[str, Any]]:
    """The periodic reports of ``year`` with their due dates and what exists of them: a
    periodic report of the same window, whichever its kind (quarter III's report is the
    nine months' one; a sent one before a draft)."""
    existing: dict[tuple[date, date], UpwardReport] = {}
    reports = UpwardReport.objects.filter(
        organisation=org, window_end__year=year, kind__in=[k.value for k in PERIODIC]
    ).order_by("-state", "-updated_at")  # "sent" after "draft" in the alphabet: sent first
    for r in reports:
        existing.setdefault((r.window_start, r.window_end), r)
    return [
        {"period": p, "report": existing.get((p.start, p.end))}
        for p in periods_due(year, rules=rules_for(org), kinds=PERIODIC)
    ]
