"""The notification list (/thong-bao/): the person's own notifications, unread count in the
menu, marking read."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cchc.chasing.models import Kind, Notification
from tests.tracking.screens import *  # noqa: F403
from tests.tracking.screens import login

pytestmark = pytest.mark.django_db

LIST = "/thong-bao/"


def notify(user, org, title, *, ob=None, kind=Kind.BEFORE_DUE, read=False):
    from django.utils import timezone

    return Notification.objects.create(
        recipient=user,
        organisation=org,
        kind=kind,
        obligation=ob,
        title=title,
        body="Nội dung nhắc việc",
        url=reverse("tracking:task", args=[ob.task_id]) if ob else "",
        read_at=timezone.now() if read else None,
    )


def test_list_shows_own_notifications_newest_first(client, head, other_head, org, ob1):
    first = notify(head, org, "Còn 7 ngày làm việc đến hạn", ob=ob1)
    second = notify(head, org, "Báo cáo bị trả lại", kind=Kind.REVIEW)
    notify(other_head, org, "Thông báo của người khác")
    html = login(client, head).get(LIST).content.decode()
    assert html.index(f'id="n{second.pk}"') < html.index(f'id="n{first.pk}"')
    assert "Còn 7 ngày làm việc đến hạn" in html and "Sắp đến hạn" in html
    assert reverse("tracking:task", args=[ob1.task_id]) in html
    assert "Thông báo của người khác" not in html
    assert "(2 chưa đọc)" in html
    assert '<span class="unread" title="2 thông báo chưa đọc">2</span>' in html  # the menu


def test_mark_one_and_all_read(client, head, org):
    a = notify(head, org, "Một")
    b = notify(head, org, "Hai")
    login(client, head)
    response = client.post(reverse("chasing:mark_read"), {"ids": [a.pk]})
    assert response.status_code == 302
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.read_at is not None and b.read_at is None
    html = client.get(LIST).content.decode()
    assert "Đã đánh dấu 1 thông báo là đã đọc." in html and "(1 chưa đọc)" in html
    client.post(reverse("chasing:mark_read"), {"all": "1"})
    assert not Notification.objects.filter(recipient=head, read_at__isnull=True).exists()
    html = client.get(LIST).content.decode()
    assert 'class="unread"' not in html


def test_cannot_mark_someone_elses(client, head, other_head, org):
    theirs = notify(other_head, org, "Của người khác")
    login(client, head).post(reverse("chasing:mark_read"), {"ids": [theirs.pk]})
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_unread_only_filter(client, head, org):
    notify(head, org, "Đã đọc rồi", read=True)
    notify(head, org, "Chưa đọc")
    html = login(client, head).get(LIST, {"chua-doc": "1"}).content.decode()
    assert "Chưa đọc" in html and "Đã đọc rồi" not in html


def test_empty_list_and_login(client, head):
    assert client.get(LIST).status_code == 302
    assert "Chưa có thông báo nào." in login(client, head).get(LIST).content.decode()
    assert client.get(reverse("chasing:mark_read")).status_code == 405


def test_menu_says_99_plus_for_a_backlog_and_the_list_gives_the_exact_count(client, head, org):
    Notification.objects.bulk_create(
        Notification(recipient=head, organisation=org, kind=Kind.OVERDUE, title=f"Quá hạn {i}")
        for i in range(130)
    )
    html = login(client, head).get(LIST).content.decode()
    assert '<span class="unread" title="99+ thông báo chưa đọc">99+</span>' in html
    assert "(130 chưa đọc)" in html
