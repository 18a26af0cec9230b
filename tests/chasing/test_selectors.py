"""The notification reads the screens use: a person's list, the unread count, marking read."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from cchc.chasing.models import Notification
from cchc.chasing.selectors import notifications_for, unread_count
from cchc.chasing.services import mark_read, run_reminders, send_pending
from tests.chasing.dept import at

D = date
pytestmark = pytest.mark.django_db


@pytest.fixture
def notes(dept):
    dept.ob("QLCN", D(2026, 3, 18))
    dept.ob("QLCN", D(2026, 3, 19))
    for day in (D(2026, 3, 17), D(2026, 3, 18)):
        # 17/3: before:1 of the first (before:7 of the second was 10/3); 18/3: due of the first,
        # before:1 of the second. The weekly cap (10) releases each into the app.
        run_reminders(now=at(day))
        send_pending(now=at(day), worker_id="w")
    return dept


def test_list_newest_first_and_unread_only(notes):
    head = notes.users["truong_cn"]
    items = list(notifications_for(head))
    assert len(items) == 3
    assert [n.id for n in items] == sorted((n.id for n in items), reverse=True)
    assert notifications_for(notes.users["truong_tm"]).count() == 0
    mark_read(head, [items[0].id])
    assert [n.id for n in notifications_for(head, unread_only=True)] == [items[1].id, items[2].id]


def test_unread_count_and_mark_read_only_own(notes):
    head, other = notes.users["truong_cn"], notes.users["truong_tm"]
    ids = list(Notification.objects.filter(recipient=head).values_list("id", flat=True))
    assert unread_count(head) == 3
    assert mark_read(other, ids) == 0  # someone else's notifications are left alone
    assert unread_count(head) == 3
    assert mark_read(head, ids[:1]) == 1
    assert mark_read(head, ids[:1]) == 0  # already read: unchanged read_at
    assert unread_count(head) == 2
    assert mark_read(head) == 2  # all
    assert unread_count(head) == 0


def test_anonymous_has_no_notifications(notes):
    assert unread_count(AnonymousUser()) == 0


def test_list_query_count_does_not_grow(notes, django_assert_num_queries):
    head = notes.users["truong_cn"]
    with django_assert_num_queries(1):
        titles = [
            n.title + (n.obligation.period_label if n.obligation else "") for n in notifications_for(head)
        ]
    assert len(titles) == 3


@pytest.mark.parametrize(
    ("count", "label"), [(0, ""), (1, "1"), (5, "5"), (99, "99"), (100, "99+"), (4000, "99+")]
)
def test_menu_unread_label(count, label):
    from cchc.chasing.selectors import unread_label

    assert unread_label(count) == label


def test_unread_count_stops_at_the_cap(notes):
    head = notes.users["truong_cn"]
    assert unread_count(head, cap=2) == 2 and unread_count(head, cap=10) == unread_count(head) == 3
