"""The reports sent upward are chased: the units asked for their input ten days before a
report is due, the Office reminded seven days before and on the day; each message once; a
report marked sent is not chased."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from cchc.chasing.models import Delivery, Kind, Notification
from cchc.chasing.services import run_all
from cchc.reporting import reminders, services
from tests.factories import person

pytestmark = pytest.mark.django_db


def at(d: date) -> datetime:
    return timezone.make_aware(datetime(d.year, d.month, d.day, 8))


@pytest.fixture
def people(org, coordinator):
    return {
        "office": coordinator,
        "head": person(org, "unit_head", "QLTM"),
        "staff": person(org, "unit_staff", "QLTM"),
    }


# Quarter I of 2026 is due on 20/03/2026 (the Ministry's practice).
CASES = [
    # day, (report_input to heads?, the Office's step or None)
    (date(2026, 3, 9), False, None),
    (date(2026, 3, 10), True, None),
    (date(2026, 3, 13), True, 7),
    (date(2026, 3, 19), True, 7),
    (date(2026, 3, 20), True, 0),
    (date(2026, 3, 21), False, None),  # gone by: the next report is months away
]


@pytest.mark.parametrize(("day", "units", "office"), CASES)
def test_who_is_told_on_which_day(org, people, day, units, office):
    said = reminders.messages_for(org, day)
    keys = {m.key for m in said}
    head, staff, coordinator = people["head"].pk, people["staff"].pk, people["office"].pk
    assert (f"report_input:quarter-2026-Q1:{head}" in keys) == units
    assert not any(k.endswith(f":{staff}") for k in keys)  # the head reports for the unit
    office_keys = {k for k in keys if k.startswith("report_due:")}
    assert office_keys == (
        {f"report_due:quarter-2026-Q1:{office}:{coordinator}"} if office is not None else set()
    )


def test_each_message_goes_out_once_over_the_days_and_not_after_sending(org, people):
    for d in (date(2026, 3, 10), date(2026, 3, 11), date(2026, 3, 13), date(2026, 3, 14)):
        run_all(now=at(d), worker_id="w", organisation=org)
    due = Delivery.objects.filter(kind=Kind.REPORT_DUE)
    assert due.filter(recipient=people["head"]).count() == 1
    assert due.filter(recipient=people["office"]).count() == 1
    note = Notification.objects.get(kind=Kind.REPORT_DUE, recipient=people["office"])
    assert note.title == "Báo cáo CCHC quý I năm 2026 đến hạn gửi ngày 20/03/2026, còn 7 ngày"
    assert note.url == "/bao-cao-cchc/"
    # Sent on the 19th: nothing more on the 20th.
    report = services.open_report(org, "quarter", "2026-Q1", people["office"])
    services.mark_sent(
        report,
        people["office"],
        number="30/BC-SCT",
        sent_on=date(2026, 3, 19),
        expected_version=report.version,
    )
    assert reminders.messages_for(org, date(2026, 3, 20)) == []


def test_a_report_sent_as_quarter_three_stops_the_nine_months_reminders(org, people):
    from datetime import date

    assert reminders.messages_for(org, date(2026, 9, 13))  # the nine months' report, due 20/9
    report = services.open_report(org, "quarter", "2026-Q3", people["office"])
    services.mark_sent(
        report,
        people["office"],
        number="90/BC-SCT",
        sent_on=date(2026, 9, 12),
        expected_version=report.version,
    )
    assert reminders.messages_for(org, date(2026, 9, 13)) == []
