"""The self-assessment's reminders: the unit heads of unscored items and the Office, seven
days before the due date and on the day, each once; nothing before, after, or once submitted."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from cchc.chasing.models import Kind, Notification
from cchc.orgs.selectors import membership_for
from cchc.scoring import reminders, services
from cchc.scoring.models import ItemScore

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: date) -> datetime:
    return datetime.combine(day, time(8, 0), tzinfo=HCM)


@pytest.fixture
def assigned(org, assessment, coordinator, unit_head):
    s = ItemScore.objects.get(assessment=assessment, item__code="1.2")
    services.assign_unit(s, org.units.get(code="KHTC").pk, membership=membership_for(coordinator))
    return assessment


def sent(user) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user, kind=Kind.SCORING_DUE).values_list("title", flat=True)
    )


@pytest.mark.parametrize(
    ("day", "head", "office"),
    [
        (date(2026, 12, 12), 0, 0),  # eight days before: nothing yet
        (date(2026, 12, 13), 1, 1),  # seven days before
        (date(2026, 12, 20), 1, 1),  # on the day
        (date(2026, 12, 21), 0, 0),  # after the due date: nothing
    ],
)
def test_who_is_reminded_when(assigned, coordinator, unit_head, other_head, day, head, office):
    reminders.run_scoring_due(now=at(day))
    assert len(sent(unit_head)) == head
    assert len(sent(coordinator)) == office
    assert sent(other_head) == []  # no item of that unit


def test_each_message_goes_once_and_the_day_is_its_own_step(assigned, coordinator, unit_head):
    for _ in range(2):
        reminders.run_scoring_due(now=at(date(2026, 12, 14)))
    assert len(sent(unit_head)) == 1
    reminders.run_scoring_due(now=at(date(2026, 12, 20)))
    titles = sent(coordinator)
    assert len(titles) == 2 and any("hôm nay" in t for t in titles)
    leads = list(Notification.objects.filter(recipient=unit_head).values_list("body", flat=True))
    assert len(leads) == 2 and all("1 tiêu chí chưa chấm (1.2)" in lead for lead in leads)


def test_a_scored_item_or_a_submitted_assessment_is_not_chased(assigned, coordinator, unit_head, leader):
    s = ItemScore.objects.get(assessment=assigned, item__code="1.2")
    services.set_self_score(
        s, value="0", version=s.version, membership=membership_for(coordinator), user=coordinator
    )
    reminders.run_scoring_due(now=at(date(2026, 12, 13)))
    assert sent(unit_head) == []
    services.submit(assigned, membership=membership_for(leader), user=leader, now=at(date(2026, 12, 14)))
    reminders.run_scoring_due(now=at(date(2026, 12, 20)))
    assert len(sent(coordinator)) == 1  # the 13th's only


def risk_notices(user) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user, kind=Kind.SCORING_DUE, title__contains="nguy cơ mất điểm")
        .order_by("created_at")
        .values_list("body", flat=True)
    )


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        ([date(2026, 7, 24)], 0),  # before the month's reporting day (25)
        ([date(2026, 7, 25)], 1),  # the reporting day
        ([date(2026, 7, 25), date(2026, 7, 28)], 1),  # a later pass of the month: not again
        ([date(2026, 7, 25), date(2026, 8, 26)], 2),  # next month's notice is its own
        ([date(2026, 12, 13)], 0),  # the due-date reminders' week: they take over
    ],
)
def test_the_units_holding_points_at_risk_hear_once_a_month(
    org, assigned, unit_head, other_head, days, expected
):
    # 1.2 is the unit's, unscored: nothing proposes it, so its 2 points are at risk.
    for day in days:
        reminders.run_scoring_due(now=at(day))
    notices = risk_notices(unit_head)
    assert len(notices) == expected
    assert all("Các tiêu chí 1.2 có nguy cơ mất tới 2 điểm" in n for n in notices)
    assert risk_notices(other_head) == []
