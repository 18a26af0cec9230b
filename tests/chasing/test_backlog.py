"""A year of passes over a plan imported late: hundreds of obligations already overdue the day
the plan arrives, the worker's passes run day by day (``run_all(now=…)``) for a year.

No person gets more than the weekly cap of reminders in any week, in the app or by e-mail;
every obligation that fell overdue is escalated to the Office exactly once, shown one by one
or carried by a personal digest that went out; nothing folded is shown one by one."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from cchc.chasing.models import Delivery, Kind, Notification
from cchc.chasing.services import run_all
from cchc.core.reminders import CAPPED_KINDS
from tests.chasing.dept import at

D = date
S = Delivery.State
# A year of passes is about the chasing's rules, not the database's: it runs once, on the
# database the worker of a province runs on (the passes' exactly-once under concurrency is
# tests/chasing/test_concurrency.py's, on PostgreSQL too).
pytestmark = [pytest.mark.django_db, pytest.mark.one_run("postgresql")]

IMPORTED = D(2026, 6, 1)  # a Monday: the 2026 plan is entered in June
UNITS = ("QLCN", "QLTM", "TTRA", "QLNL")  # head + staff, head, staff only, head without e-mail
CAP = 10


def late_plan(dept):
    """240 obligations due from January to December 2026 (180 already overdue on arrival),
    all created the day the plan is imported; none is ever reported."""
    dept.org.weekly_message_cap = CAP
    dept.org.save()
    # By e-mail: the Office and Công nghiệp's head; everyone else in the app only (both
    # channels are capped alike; fewer e-mails to render keep the year quick).
    for name in ("lanhdao", "truong_tm", "cv_tt", "cv_cn"):
        dept.users[name].email = ""
        dept.users[name].save(update_fields=["email"])
    obs = []
    for i in range(240):
        if i < 180:  # 5/1 – 28/5: overdue when the plan arrives
            due = D(2026, 1, 5) + timedelta(days=(i * 4) // 5)
        else:  # 8/6 – 3/12: fall due (and overdue) during the year
            due = D(2026, 6, 8) + timedelta(days=(i - 180) * 3)
        obs.append(dept.ob(UNITS[i % 4], due, created=at(IMPORTED, 7)))
    return obs


def week(moment) -> tuple[int, int]:
    return tuple(moment.astimezone(at(IMPORTED).tzinfo).date().isocalendar()[:2])


def test_a_year_of_passes_over_a_late_plan(dept):
    obs = late_plan(dept)
    assert sum(ob.current_due < IMPORTED for ob in obs) == 180
    day = IMPORTED
    end = IMPORTED + timedelta(days=365)
    while day <= end:
        run_all(now=at(day, 8), worker_id="w")
        day += timedelta(days=1)
    # The week after the year: its Friday's digest carries what the last days folded.
    for extra in range(1, 8):
        run_all(now=at(end + timedelta(days=extra), 8), worker_id="w")

    capped = Delivery.objects.filter(kind__in=CAPPED_KINDS)
    assert capped.count() > 1000  # a real backlog: far more reminders than the cap lets through

    # 1. No person gets more than the cap in any week: in the app…
    shown = Counter(
        (n.recipient_id, week(n.created_at)) for n in Notification.objects.filter(kind__in=CAPPED_KINDS)
    )
    assert shown and max(shown.values()) <= CAP
    # …and by e-mail.
    mailed = Counter((d.recipient_id, week(d.sent_at)) for d in capped.filter(channel="email", state=S.SENT))
    assert mailed and max(mailed.values()) <= CAP
    # The cap was reached (the test means something), and the one without e-mail was reached in the app.
    assert max(shown.values()) == CAP
    assert Notification.objects.filter(recipient=dept.users["truong_nl"], kind__in=CAPPED_KINDS).exists()

    # 2. Nothing is left waiting, and nothing folded was shown one by one.
    assert not capped.filter(state__in=[S.PENDING, S.SENDING, S.FAILED]).exists()
    assert not capped.filter(state=S.FOLDED, notification__isnull=False).exists()
    assert Notification.objects.filter(kind__in=CAPPED_KINDS).count() == capped.filter(state=S.SENT).count()

    # 3. Every obligation escalated to the Office exactly once, one by one or in a sent digest.
    office = dept.users["vanphong"]
    escalated = capped.filter(kind=Kind.ESCALATION, recipient=office)
    assert Counter(escalated.values_list("obligation_id", flat=True)) == Counter({ob.id: 1 for ob in obs})
    for d in escalated.select_related("folded_into"):
        if d.state == S.FOLDED:
            assert d.folded_into is not None and d.folded_into.state == S.SENT
            assert d.folded_into.kind == Kind.PERSONAL_DIGEST
        else:
            assert d.state == S.SENT and d.notification_id is not None
    # The backlog of 180 is escalated on arrival (caught up within the first days), not ignored.
    first_week = escalated.filter(key__regex=r":2026-06-0[1-5]$").count()
    assert first_week == 180

    # 4. The Office with its backlog gets digests, one a week at most, not hundreds of notices.
    digests = Counter(
        week(n.created_at) for n in Notification.objects.filter(recipient=office, kind=Kind.PERSONAL_DIGEST)
    )
    assert digests and max(digests.values()) == 1
