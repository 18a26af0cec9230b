"""The chasing of the reports sent upward (a pass of ``cchc worker``, registered with chasing).

For each periodic report of the year not yet marked sent:

- the units' heads are asked, ``INPUT_BEFORE`` days before the report is due, to have their
  results of the period reported and accepted (the report is drafted from them);
- the Office's coordinators are reminded ``OFFICE_BEFORE`` days before it is due, and on the
  day.

Each message goes out once: its outbox key names the report's period, the step and the person
(``chasing.outbox``); a pass that missed the day (the server was off) sends it at the next
pass, until the due date has gone by.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.urls import reverse

from cchc.chasing.context import Person, local_date, organisations, people_of
from cchc.chasing.models import Kind
from cchc.chasing.outbox import Message, PassResult, insert, notice
from cchc.core.formats import date_text
from cchc.core.reporting.periods import PERIODIC, ReportPeriod, periods_due
from cchc.orgs.models import Organisation
from cchc.reporting.models import UpwardReport
from cchc.reporting.services import rules_for

INPUT_BEFORE = 10  # days before the due date the units are asked for their input
OFFICE_BEFORE = (7, 0)  # days before the due date the Office is reminded (0: on the day)


def _due_soon(org: Organisation, today: date) -> list[ReportPeriod]:
    """The periodic reports due from today to ``INPUT_BEFORE`` days ahead (this year's and,
    in December, next year's first), not yet sent."""
    rules = rules_for(org)
    found = [
        p
        for year in (today.year, today.year + 1)
        for p in periods_due(year, rules=rules, kinds=PERIODIC)
        if p.due is not None and today <= p.due <= today + timedelta(days=INPUT_BEFORE)
    ]
    if not found:  # most passes: nothing falls due soon
        return []
    # Sent as any periodic kind of the same window (quarter III's report is the nine months').
    sent = set(
        UpwardReport.objects.filter(organisation=org, state=UpwardReport.State.SENT).values_list(
            "window_start", "window_end"
        )
    )
    return [p for p in found if (p.start, p.end) not in sent]


def _message(key: str, org: Organisation, person: Person, title: str, lead: str, path: str) -> Message:
    return notice(key, org.pk, person, Kind.REPORT_DUE, title, lead, path)


def messages_for(org: Organisation, today: date) -> list[Message]:
    """What the pass of ``today`` has to say for ``org`` (before the outbox's keys)."""
    out: list[Message] = []
    people = None
    path = reverse("reporting:list")
    for p in _due_soon(org, today):
        people = people or people_of(org)
        if p.due is None:  # periodic reports always have one (``_due_soon``)
            continue
        name, due_on = p.title, p.due
        due = date_text(due_on)
        if today >= due_on - timedelta(days=INPUT_BEFORE):
            title = f"Đề nghị hoàn thành báo cáo kết quả để tổng hợp {name}"
            lead = (
                f"Văn phòng Sở tổng hợp {name} (số liệu từ {date_text(p.start)} đến {date_text(p.end)}), "
                f"hạn gửi {due}. Đề nghị đơn vị gửi báo cáo kết quả các nhiệm vụ có hạn trong kỳ, kèm tài "
                f"liệu kiểm chứng, trước ngày {date_text(due_on - timedelta(days=5))}."
            )
            for uid in sorted({u for heads in people.heads.values() for u in heads}):
                key = f"report_input:{p.kind.value}-{p.key}:{uid}"
                out.append(_message(key, org, people.persons[uid], title, lead, reverse("tracking:my_unit")))
        for before in sorted(OFFICE_BEFORE):  # the nearest step that has come
            if today >= due_on - timedelta(days=before):
                when = "hôm nay" if before == 0 else f"ngày {due}, còn {before} ngày"
                title = f"{name} đến hạn gửi {when}"
                window = f"số liệu từ {date_text(p.start)} đến {date_text(p.end)}"
                lead = f"{name} gửi Sở Nội vụ và UBND tỉnh hạn {due}; {window}."
                for uid in people.coordinators:
                    key = f"report_due:{p.kind.value}-{p.key}:{before}:{uid}"
                    out.append(_message(key, org, people.persons[uid], title, lead, path))
                break  # that step only: on the day, a missed 7-day notice is not sent late
    return out


def run_report_due(*, now: datetime, organisation: Organisation | None = None) -> PassResult:
    result = PassResult("report_due", ran=False)
    today = local_date(now)
    for org in organisations(organisation):
        new = messages_for(org, today)
        if not new:
            continue
        result.ran = True
        created, skipped, _ = insert(new, now=now)
        result.created += created
        result.existing += skipped
    return result
