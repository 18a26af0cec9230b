"""A plausible follow-through of the demo plans up to ``today``, written through the same
services the screens call (``tracking.reports``, ``tracking.extensions``).

Past obligations (due before today) are mostly reported and accepted: early, on time or
late, from the evidence document's date; about one in ten of those due in the last weeks is
left overdue (older ones were reported late in the end). Among the obligations still ahead:
one extension approved (gia hạn), one waiting for a decision, a few reports already
accepted (early), drafts and coordinating units' contributions (đang thực hiện). One report
of the demo unit head's unit was returned with a comment and sent again: it waits in the
Office's review queue.

The demo holds one to two yearly plans (``plan_text.demo_plans``), so whatever the day there
is a past and work ahead. Every unit gets a head who reports (accounts that cannot log in,
for the history's names); the demo's own ``truongphong`` reports for his unit.

The services stamp the notifications they send with the moment they run; the history's
events happened earlier, so each notification is re-stamped with the moment of the event it
tells of (submitted, reviewed), and its e-mail counts as sent then (``_Stamps``).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cchc.chasing.models import Delivery, Notification
from cchc.core.calendar import WorkCalendar
from cchc.demo.seed import demo_email
from cchc.orgs.calendars import calendar_for
from cchc.orgs.models import Membership, Organisation, Unit
from cchc.plans.models import Plan, Target, TaskUnit
from cchc.tracking import extensions, reports, statuses
from cchc.tracking.evidence import EvidenceInput
from cchc.tracking.models import Contribution, ExtensionRequest, Obligation, Report

# The heads of the units other than the demo's own: (last name, first name) per unit code.
UNIT_HEADS = {
    "VP": ("Đặng", "Văn Hải"),
    "MC": ("Bùi", "Thị Hồng"),
    "TTRA": ("Hoàng", "Văn Nam"),
    "QLCN": ("Đỗ", "Minh Tuấn"),
    "QLTM": ("Ngô", "Thị Mai"),
    "QLNL": ("Vũ", "Đình Long"),
    "KTAT": ("Phan", "Văn Thắng"),
    "TTKC": ("Lý", "Thị Thu"),
    "QLTT": ("Trịnh", "Quang Huy"),
}
DOCUMENT_SYSTEM = "https://qlvb.hoabinhxanh.example/van-ban/"  # a fictional document system
# One past obligation in ten of each kind: 4 early, 3 on time, 2 late, 1 left overdue.
PAST_CYCLE = ("early", "on_time", "early", "late", "on_time", "early", "overdue", "on_time", "early", "late")
# Work due longer ago than this was reported in the end (late): a few overdue, all recent.
OVERDUE_WITHIN = timedelta(days=45)
# Notifications of events older than this have been read.
READ_AFTER = timedelta(days=7)


def seed_history(plans: Plan | Sequence[Plan], *, today: date | None = None) -> int:
    """Write the demo history of the plans that have none yet; returns how many reports
    were written (0: every plan already has reports, extension requests or contributions,
    which are left as they are)."""
    today = today or timezone.localdate()
    plans = [plans] if isinstance(plans, Plan) else list(plans)
    fresh = [
        p
        for p in plans
        if not (
            Report.objects.filter(obligation__plan=p).exists()
            or ExtensionRequest.objects.filter(obligation__plan=p).exists()
            or Contribution.objects.filter(obligation__plan=p).exists()
        )
    ]
    if not fresh:
        return 0
    return _History(fresh, today).run()


def _clock(today: date) -> datetime:
    """The moment the demo runs: now, or the end of the working day when it is written for
    another day (the tests' days)."""
    now = timezone.now()
    if timezone.localdate(now) == today:
        return now
    return timezone.make_aware(datetime.combine(today, time(17, 30)))


class _History:
    def __init__(self, plans: list[Plan], today: date) -> None:
        self.plans = plans
        self.org: Organisation = plans[0].organisation
        self.today = today
        self.now = _clock(today)
        self.calendar: WorkCalendar = calendar_for(self.org)
        self.stamps = _Stamps(self.org, today)
        users = get_user_model().objects
        self.office = users.get(username="vanphong")
        self.leader = users.get(username="lanhdao")
        self.staff = users.get(username="chuyenvien")
        self.heads = self._unit_heads()
        self.demo_unit_id = Membership.objects.get(
            user__username="truongphong", organisation=self.org
        ).unit_id
        self.written = 0
        self.sequence = 0

    # --- people ---------------------------------------------------------------------------

    def _unit_heads(self) -> dict[int, Any]:
        """unit id -> the person who heads it (created for the units without one)."""
        heads = {
            m.unit_id: m.user
            for m in Membership.objects.filter(organisation=self.org, role=Membership.Role.UNIT_HEAD)
            .exclude(unit=None)
            .select_related("user")
        }
        users = get_user_model().objects
        for unit in Unit.objects.filter(organisation=self.org, code__in=UNIT_HEADS):
            if unit.pk in heads:
                continue
            last, first = UNIT_HEADS[unit.code]
            username = f"tp-{unit.code.lower()}"
            user, created = users.get_or_create(
                username=username,
                defaults={"first_name": first, "last_name": last, "email": demo_email(username)},
            )
            if created:
                user.set_unusable_password()  # a name in the history, not a login of the demo
                user.save(update_fields=["password"])
            Membership.objects.get_or_create(
                user=user, organisation=self.org, defaults={"role": Membership.Role.UNIT_HEAD, "unit": unit}
            )
            heads[unit.pk] = user
        return heads

    # --- the story ------------------------------------------------------------------------

    def run(self) -> int:
        obligations = list(
            Obligation.objects.filter(plan__in=self.plans, is_active=True, due_date__isnull=False)
            .select_related("task", "unit", "plan")
            .order_by("due_date", "unit_order", "id")
        )
        obligations = [o for o in obligations if o.unit_id in self.heads]
        past = [o for o in obligations if o.current_due < self.today]
        ahead = [o for o in obligations if o.current_due >= self.today]

        # The demo unit's latest past obligation: returned with a comment, sent again, waiting.
        mine = [o for o in past if o.unit_id == self.demo_unit_id]
        waiting = mine[-1] if mine else None
        for i, ob in enumerate(o for o in past if o is not waiting):
            outcome = PAST_CYCLE[i % len(PAST_CYCLE)]
            if outcome == "overdue":
                if ob.current_due >= self.today - OVERDUE_WITHIN:
                    continue
                outcome = "late"
            self._done(ob, outcome, i)
        if waiting is not None:
            self._returned_then_waiting(waiting)

        self._ahead(ahead)
        # The daily pass puts every open obligation right for today (the services above ran
        # with the dates of the history).
        statuses.refresh_statuses(today=self.today, organisation=self.org)
        return self.written

    def _ahead(self, ahead: list[Obligation]) -> None:
        # The demo unit's own first, so ``truongphong`` sees the extension and the draft.
        ahead = sorted(ahead, key=lambda o: (o.unit_id != self.demo_unit_id, o.due_date, o.pk))
        used: set[int] = set()

        def take(predicate: Any = lambda o: True) -> Obligation | None:
            for o in ahead:
                if o.pk not in used and predicate(o):
                    used.add(o.pk)
                    return o
            return None

        # Extensions are asked (today) before the due date, to a date within the plan (or just after).
        def latest(o: Obligation) -> date:
            return o.plan.period_end + timedelta(days=extensions.days_after_plan())

        def can_extend(o: Obligation) -> bool:
            return o.current_due >= self.today and o.current_due + timedelta(days=10) <= latest(o)

        approved = take(can_extend)
        if approved is not None:
            request = extensions.request_extension(
                approved,
                self.heads[approved.unit_id],
                reason="Chờ số liệu tổng hợp của các đơn vị trực thuộc; đề nghị lùi thời hạn báo cáo.",
                new_date=self._new_due(approved, latest(approved)),
                today=self.today,
            )
            self.stamps.after(self.now)
            extensions.decide_extension(
                request, self.leader, approve=True, note="Đồng ý gia hạn.", now=self.now
            )
            self.stamps.after(self.now)
        pending = take(can_extend)
        if pending is not None:
            extensions.request_extension(
                pending,
                self.heads[pending.unit_id],
                reason="Văn bản đang trình Lãnh đạo Sở ký ban hành; đề nghị gia hạn để kịp hoàn thiện.",
                new_date=self._new_due(pending, latest(pending)),
                today=self.today,
            )
            self.stamps.after(self.now)
        # Already finished, ahead of time (the evidence is dated today or before).
        for i in range(3):
            ob = take(lambda o: self.calendar.add_working_days(o.due_date, -1) >= self.today)
            if ob is not None:
                self._done(ob, "early_now", i)
        # Under way: a draft of the demo unit, contributions of the coordinating units.
        draft = take(lambda o: o.unit_id == self.demo_unit_id) or take()
        if draft is not None:
            writer = self.staff if draft.unit_id == self.demo_unit_id else self.heads[draft.unit_id]
            reports.save_draft(
                draft,
                writer,
                narrative="Đang tổng hợp số liệu của các bộ phận; dự kiến trình Lãnh đạo Sở trước hạn.",
                progress=60,
            )
            self.stamps.after(self.now)
            self.written += 1
        staff_unit = Membership.objects.get(user=self.staff, organisation=self.org).unit_id
        for _ in range(2):
            ob = take(
                lambda o: TaskUnit.objects.filter(
                    task_id=o.task_id, unit_id=staff_unit, role=TaskUnit.Role.COORDINATING
                ).exists()
            )
            if ob is None:
                break
            reports.add_contribution(
                ob,
                self.staff,
                f"Phòng đã cung cấp số liệu, ý kiến phối hợp cho {ob.unit.name} "
                f"đối với kỳ {ob.period_label}.",
            )
            self.stamps.after(self.now)

    def _new_due(self, ob: Obligation, latest: date) -> date:
        return min(self.calendar.add_working_days(ob.current_due, 10), latest)

    # --- one report -----------------------------------------------------------------------

    def _document_day(self, ob: Obligation, outcome: str, i: int) -> date:
        # Never before the plan was issued: work due earlier (a mistyped deadline, kept and
        # flagged by the importer) is reported once the plan exists, hence late.
        return max(self._planned_day(ob, outcome, i), ob.plan.issued_on or ob.plan.period_start)

    def _planned_day(self, ob: Obligation, outcome: str, i: int) -> date:
        due = ob.due_date
        if outcome in ("early", "early_now"):
            day = self.calendar.add_working_days(due, -(2 + i % 4))
            if outcome == "early_now":
                day = min(day, self.calendar.previous_working_day(self.today))
            return day
        if outcome == "late":
            late = self.calendar.add_working_days(due, 3 + i % 5)
            if late < self.today:
                return late
        return due  # on time (and a late one that would be in the future)

    def _done(self, ob: Obligation, outcome: str, i: int) -> None:
        day = self._document_day(ob, outcome, i)
        submitted = self._moment(day, time(16, 0))
        report = reports.submit_report(
            ob,
            self.heads[ob.unit_id],
            narrative=self._narrative(ob),
            progress=100,
            evidence=[self._evidence(ob, day, with_file=ob.unit_id == self.demo_unit_id)],
            measurements=self._measurements(ob, i),
            now=submitted,
        )
        self.stamps.after(submitted)
        reviewed = max(self._moment(self.calendar.add_working_days(day, 1 + i % 2), time(10, 30)), submitted)
        reports.review_report(report, self.office, accept=True, expected_version=report.version, now=reviewed)
        self.stamps.after(reviewed)
        self.written += 1

    def _returned_then_waiting(self, ob: Obligation) -> None:
        """Sent on the due day without the figures; returned; sent again with them."""
        head = self.heads[ob.unit_id]
        day = ob.due_date
        sent = self._moment(day, time(15, 0))
        first = reports.submit_report(
            ob,
            head,
            narrative=self._narrative(ob),
            progress=100,
            evidence=[self._evidence(ob, day, with_file=False)],
            now=sent,
        )
        self.stamps.after(sent)
        back = min(self.calendar.add_working_days(day, 1), self.today)
        returned = max(self._moment(back, time(9, 0)), sent)
        reports.review_report(
            first,
            self.office,
            accept=False,
            comment="Đề nghị bổ sung số liệu các chỉ tiêu của nhiệm vụ và đính kèm văn bản đã ký ban hành.",
            expected_version=first.version,
            now=returned,
        )
        self.stamps.after(returned)
        again = max(back, min(self.calendar.add_working_days(back, 2), self.today))
        resent = max(self._moment(again, time(14, 0)), returned)
        reports.resubmit(
            ob,
            head,
            report=first,
            narrative=self._narrative(ob) + " Đã bổ sung số liệu theo ý kiến của Văn phòng Sở.",
            progress=100,
            evidence=[self._evidence(ob, again, with_file=True, kind="BC-BS")],
            measurements=self._measurements(ob, 0),
            now=resent,
        )
        self.stamps.after(resent)
        self.written += 2

    # --- texts and values -----------------------------------------------------------------

    def _moment(self, day: date, at: time) -> datetime:
        return min(timezone.make_aware(datetime.combine(day, at)), self.now)

    def _narrative(self, ob: Obligation) -> str:
        task = " ".join(ob.task.text.split())
        return (
            f"{ob.unit.name} đã thực hiện nhiệm vụ “{task[:200]}” kỳ {ob.period_label}; "
            "kết quả như văn bản kèm theo."
        )

    def _evidence(self, ob: Obligation, day: date, *, with_file: bool, kind: str = "BC") -> EvidenceInput:
        self.sequence += 1
        number = f"{100 + self.sequence}/{kind}-{ob.unit.code}"
        summary = f"Báo cáo kết quả thực hiện nhiệm vụ {ob.task.number or ''} kỳ {ob.period_label}".replace(
            "  ", " "
        )
        if not with_file:
            return EvidenceInput(number, day, summary, url=DOCUMENT_SYSTEM + number.replace("/", "-"))
        name = f"{number.replace('/', '-')}.docx"
        data = _docx(number, day, summary, self._narrative(ob), self.org.name)
        file = SimpleUploadedFile(name, data, content_type=_DOCX)
        return EvidenceInput(number, day, summary, file=file)

    def _measurements(self, ob: Obligation, i: int) -> dict[int, Decimal]:
        values = {}
        for t in ob.task.targets.filter(kind=Target.Kind.TARGET):
            values[t.pk] = _plausible(t, i)
        return values


class _Stamps:
    """Re-stamps the notifications each service call of the history wrote with the moment of
    its event (the services stamp them with the moment they run; ``chasing.events`` may
    soon take the event's moment itself, and this then changes nothing).

    ``after(moment)`` is queued with ``transaction.on_commit`` right after the service call,
    so it runs after the notifications that call queued, whether the history runs in
    autocommit (each runs at once) or inside a transaction (all run in order at commit).
    The e-mail of an event before today counts as sent at that moment (the history is the
    past: its messages went out then, and the first reminder pass does not send months of
    them); today's wait in the outbox, so the first ``cchc remind --once`` writes them to
    ``var/mail/``. A notification older than a week has been read.
    """

    def __init__(self, org: Organisation, today: date) -> None:
        self.org = org
        self.today = today
        self.seen = Notification.objects.filter(organisation=org).aggregate(m=Max("pk"))["m"] or 0

    def after(self, moment: datetime) -> None:
        transaction.on_commit(lambda: self._stamp(moment))

    def _stamp(self, moment: datetime) -> None:
        ids = list(
            Notification.objects.filter(organisation=self.org, pk__gt=self.seen).values_list("pk", flat=True)
        )
        if not ids:
            return
        self.seen = max(ids)
        day = timezone.localdate(moment)
        read = moment + timedelta(hours=2) if day < self.today - READ_AFTER else None
        Notification.objects.filter(pk__in=ids).update(created_at=moment, read_at=read)
        deliveries = Delivery.objects.filter(notification_id__in=ids)
        if day < self.today:
            deliveries.update(created_at=moment, state=Delivery.State.SENT, sent_at=moment)
        else:
            deliveries.update(created_at=moment)


_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _plausible(target: Target, i: int) -> Decimal:
    """A value near the target: reached most of the time, missed now and then."""
    goal = Decimal(target.value)
    missed = i % 7 == 3
    if target.op in (">=", ">"):
        value = goal - 2 if missed else goal + Decimal(i % 5)
    elif target.op in ("<=", "<"):
        value = goal + 1 if missed else max(Decimal(0), goal - Decimal(i % 3))
    else:
        value = goal
    if target.unit == "%":
        value = min(value, Decimal(100))
    return max(value, Decimal(0))


def _docx(number: str, day: date, summary: str, body: str, issuer: str) -> bytes:
    """A one-page Word document standing for the issued report."""
    from docx import Document

    doc = Document()
    doc.add_paragraph(issuer.upper())
    doc.add_paragraph(f"Số: {number}")
    doc.add_paragraph(f"Hòa Bình Xanh, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}")
    doc.add_heading(summary, level=1)
    doc.add_paragraph(body)
    doc.add_paragraph("(Văn bản mẫu của bản dùng thử cchc.)")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
