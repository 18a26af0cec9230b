"""The notification list (/thong-bao/): the person's own notifications, one entry per task
(its count, its latest message, the others on opening it), the unread count in the menu,
opening a notification (read, then its page), marking read; the reminders a personal digest
carried; the weekly digest in the app; what waits for the Office in the menu."""

from __future__ import annotations

from datetime import date, timedelta

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cchc.chasing.models import Delivery, Kind, Notification
from cchc.tracking.models import ExtensionRequest, Report
from tests.tracking.screens import *  # noqa: F403
from tests.tracking.screens import login, make_obligation

pytestmark = pytest.mark.django_db

LIST = "/thong-bao/"


def page(response):
    assert response.status_code == 200, response.status_code
    return lxml.html.fromstring(response.content.decode())


def texts(nodes):
    return [" ".join(n.text_content().split()) for n in nodes]


def notify(user, org, title, *, ob=None, kind=Kind.BEFORE_DUE, read=False, minutes=0, url=None):
    path = f"/nhiem-vu/{ob.task_id}/?nghia-vu={ob.pk}#chi-tiet" if ob else ""
    return Notification.objects.create(
        recipient=user,
        organisation=org,
        kind=kind,
        obligation=ob,
        title=title,
        body="Nội dung nhắc việc",
        url=path if url is None else url,
        read_at=timezone.now() if read else None,
        created_at=timezone.now() - timedelta(minutes=100 - minutes),
    )


def entries(doc):
    return doc.xpath('//ul[@class="notifications"]/li')


def test_list_shows_own_notifications_newest_first(client, head, other_head, org, ob1):
    first = notify(head, org, "Còn 7 ngày làm việc đến hạn", ob=ob1, minutes=1)
    second = notify(head, org, "Báo cáo bị trả lại", kind=Kind.REVIEW, minutes=2)
    notify(other_head, org, "Thông báo của người khác")
    doc = page(login(client, head).get(LIST))
    items = entries(doc)
    assert [li.get("id") for li in items] == [f"n{second.pk}", f"n{first.pk}"]
    title = items[1].xpath('.//a[@class="notif-title"]')[0]
    assert title.text_content() == "Còn 7 ngày làm việc đến hạn"
    assert title.get("href") == reverse("chasing:open", args=[first.pk])  # opened through the list
    assert texts(items[1].xpath('.//span[contains(@class, "plan")]')) == ["15/KH-SCT"]  # its plan
    assert "Thông báo của người khác" not in doc.text_content()
    assert texts(doc.xpath("//h1/span")) == ["(2 chưa đọc)"]
    assert texts(doc.xpath('//a[@class="notif-link"]/span[@class="unread"]')) == ["2"]  # the menu


def test_one_entry_per_task_with_its_count_and_latest_message(client, head, org, ob1, task1, today):
    later = make_obligation(task1, "QLTM", today + timedelta(days=51), key="k2")
    older = [notify(head, org, f"Nhắc việc {i}", ob=ob1, minutes=i) for i in range(3)]
    latest = notify(head, org, "Quá hạn kỳ sau", ob=later, kind=Kind.OVERDUE, minutes=10, read=True)
    alone = notify(head, org, "Tổng hợp tuần", kind=Kind.PERSONAL_DIGEST, minutes=5)
    doc = page(login(client, head).get(LIST))
    items = entries(doc)
    assert len(items) == 2  # the task (two periods, four messages), the digest
    task_entry = items[0]
    assert task_entry.get("data-count") == "4"
    assert texts(task_entry.xpath('.//a[@class="notif-title"]')) == ["Quá hạn kỳ sau"]
    assert texts(task_entry.xpath('.//span[@class="notif-count"]')) == ["4 thông báo, 3 chưa đọc"]
    assert "unread" in task_entry.get("class")
    opened = task_entry.xpath(".//details/ul/li/a")
    assert [a.get("href") for a in opened] == [
        reverse("chasing:open", args=[n.pk]) for n in (latest, older[2], older[1], older[0])
    ]
    assert items[1].get("id") == f"n{alone.pk}" and not items[1].xpath(".//details")
    # Marking the task's entry read marks every message about the task.
    button = task_entry.xpath('.//form//input[@name="task"]')[0]
    client.post(reverse("chasing:mark_read"), {"task": button.get("value")})
    assert not Notification.objects.filter(obligation__task=task1, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=alone.pk).read_at is None


@pytest.mark.parametrize(
    ("url", "lands"),
    [
        ("/nhiem-vu/7/?nghia-vu=12#chi-tiet", "/nhiem-vu/7/?nghia-vu=12#chi-tiet"),
        ("", LIST),
        ("https://evil.example/phish", LIST),  # never an open redirect
        ("//evil.example/phish", LIST),
        ("javascript:alert(1)", LIST),
    ],
)
def test_opening_a_notification_marks_it_read_and_goes_to_its_page(client, head, org, url, lands):
    note = notify(head, org, "Báo cáo bị trả lại", kind=Kind.REVIEW, url=url)
    response = login(client, head).get(reverse("chasing:open", args=[note.pk]))
    assert (response.status_code, response["Location"]) == (302, lands)
    note.refresh_from_db()
    assert note.read_at is not None


def test_opening_marks_read_what_leads_to_the_same_page(client, head, org, ob1, ob2):
    a = notify(head, org, "Còn 7 ngày", ob=ob1)
    b = notify(head, org, "Còn 1 ngày", ob=ob1)
    c = notify(head, org, "Khác", ob=ob2)
    login(client, head).get(reverse("chasing:open", args=[b.pk]))
    read = set(Notification.objects.filter(read_at__isnull=False).values_list("pk", flat=True))
    assert read == {a.pk, b.pk} and c.pk not in read


def test_someone_elses_notification_does_not_open(client, head, other_head, org):
    theirs = notify(other_head, org, "Của người khác", url="/")
    assert login(client, head).get(reverse("chasing:open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_one_and_all_read(client, head, org):
    a = notify(head, org, "Một")
    b = notify(head, org, "Hai")
    login(client, head)
    response = client.post(reverse("chasing:mark_read"), {"ids": [a.pk]})
    assert response.status_code == 302
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.read_at is not None and b.read_at is None
    doc = page(client.get(LIST))
    assert texts(doc.xpath('//ul[@class="messages"]/li')) == ["Đã đánh dấu 1 thông báo là đã đọc."]
    assert texts(doc.xpath("//h1/span")) == ["(1 chưa đọc)"]
    client.post(reverse("chasing:mark_read"), {"all": "1"})
    assert not Notification.objects.filter(recipient=head, read_at__isnull=True).exists()
    assert not page(client.get(LIST)).xpath('//span[@class="unread"]')


def test_cannot_mark_someone_elses(client, head, other_head, org):
    theirs = notify(other_head, org, "Của người khác")
    login(client, head).post(reverse("chasing:mark_read"), {"ids": [theirs.pk]})
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_unread_only_filter(client, head, org):
    notify(head, org, "Đã đọc rồi", read=True)
    notify(head, org, "Chưa đọc")
    doc = page(login(client, head).get(LIST, {"chua-doc": "1"}))
    assert texts(doc.xpath('//a[@class="notif-title"]')) == ["Chưa đọc"]


def test_empty_list_and_login(client, head):
    assert client.get(LIST).status_code == 302
    doc = page(login(client, head).get(LIST))
    assert texts(doc.xpath('//p[@class="empty"]')) == ["Chưa có thông báo nào."]
    assert client.get(reverse("chasing:mark_read")).status_code == 405


def test_menu_says_99_plus_for_a_backlog_and_the_list_gives_the_exact_count(client, head, org):
    Notification.objects.bulk_create(
        Notification(recipient=head, organisation=org, kind=Kind.OVERDUE, title=f"Quá hạn {i}")
        for i in range(130)
    )
    doc = page(login(client, head).get(LIST))
    badge = doc.xpath('//a[@class="notif-link"]/span[@class="unread"]')[0]
    assert (badge.text_content(), badge.get("title")) == ("99+", "99+ thông báo chưa đọc")
    assert texts(doc.xpath("//h1/span")) == ["(130 chưa đọc)"]


def test_list_query_count_does_not_grow_with_the_groups(client, head, org, plan):
    from tests.tracking.screens import make_task

    login(client, head)
    client.get(LIST)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(LIST).status_code == 200
        return len(ctx.captured_queries)

    notify(head, org, "Một", kind=Kind.REVIEW)
    few = queries()
    for i in range(12):
        task = make_task(plan, 10 + i, f"Nhiệm vụ {i}", lead=["QLTM"])
        ob = make_obligation(task, "QLTM", timezone.localdate() + timedelta(days=10 + i))
        for j in range(3):
            notify(head, org, f"Nhắc {i}.{j}", ob=ob, minutes=i)
    assert queries() == few


# --- The reminders a personal digest carried ---------------------------------------------------------


def test_the_digest_page_lists_what_was_folded_grouped_by_task(client, head, other_head, org, ob1, ob2):
    def folded(ob, kind, title, user=head):
        return Delivery(
            key=f"{kind}:{ob.pk}:{user.pk}:{title}",
            organisation=org,
            recipient=user,
            kind=kind,
            obligation=ob,
            subject=f"[CCHC] {title}",
            text="",
            title=title,
            state=Delivery.State.FOLDED,
        )

    digest = Delivery.objects.create(
        key=f"personal_digest:2026-W12:-:{head.pk}:2026-03-20",
        organisation=org,
        recipient=head,
        kind=Kind.PERSONAL_DIGEST,
        subject="[CCHC] Tổng hợp",
        text="",
        state=Delivery.State.SENT,
    )
    rows = Delivery.objects.bulk_create(
        [
            folded(ob1, Kind.BEFORE_DUE, "Còn 7 ngày làm việc"),
            folded(ob1, Kind.DUE_TODAY, "Đến hạn hôm nay"),
            folded(ob2, Kind.OVERDUE, "Quá hạn 2 ngày làm việc"),
            folded(ob2, Kind.OVERDUE, "Của người khác", user=other_head),
        ]
    )
    Delivery.objects.filter(pk__in=[r.pk for r in rows]).update(folded_into=digest)
    doc = page(login(client, head).get(reverse("chasing:folded", args=["2026-W12"])))
    body = doc.xpath('//table[contains(@class, "folded")]/tbody/tr')
    # The overdue task first; each task once, with its plan, its count and a link to its period.
    assert [texts(tr.xpath("./td"))[1:4] for tr in body] == [
        ["15/KH-SCT", "Thanh tra Sở", "1"],
        ["15/KH-SCT", "Phòng Quản lý Thương mại", "2"],
    ]
    links = [tr.xpath("./td[1]/a")[0].get("href") for tr in body]
    assert links == [
        f"/nhiem-vu/{ob2.task_id}/?nghia-vu={ob2.pk}#chi-tiet",
        f"/nhiem-vu/{ob1.task_id}/?nghia-vu={ob1.pk}#chi-tiet",
    ]
    assert "Của người khác" not in doc.text_content()
    other = page(client.get(reverse("chasing:folded", args=["2026-W13"])))
    assert texts(other.xpath('//p[@class="empty"]')) == ["Không có nhắc việc nào được gộp trong tuần này."]


# --- The weekly digest in the app ----------------------------------------------------------------------


def test_the_weekly_digest_page_has_the_emails_tables(client, coordinator, org, task1, today):
    monday = today - timedelta(days=today.weekday())
    friday = monday + timedelta(days=4)
    week = "{}-W{:02d}".format(*friday.isocalendar()[:2])
    make_obligation(task1, "QLTM", friday - timedelta(days=3), status="overdue", key="a")
    make_obligation(
        task1,
        "QLTM",
        friday - timedelta(days=2),
        status="done_early",
        completed_on=friday - timedelta(days=3),
        key="b",
    )
    doc = page(login(client, coordinator).get(reverse("chasing:weekly"), {"tuan": week}))
    table = doc.xpath('//table[contains(@class, "digest-units")]')[0]
    head_cells = texts(table.xpath("./thead/tr/th"))
    assert head_cells[:5] == ["Đơn vị", "Sớm hạn", "Đúng hạn", "Trễ hạn", "Quá hạn"]
    rows = [texts(tr.xpath("./td")) for tr in table.xpath("./tbody/tr")]
    assert rows[0][:5] == ["Phòng Quản lý Thương mại", "1", "0", "0", "1"]
    assert texts(table.xpath("./tfoot/tr/th"))[0] == "Toàn Sở"
    captions = texts(doc.xpath('//table[contains(@class, "digest-items")]/caption'))
    assert captions == ["Hoàn thành trong tuần (1)", "Quá hạn (1)"]
    # The week's navigation and the print button are not printed.
    nav = doc.xpath('//nav[contains(@class, "week-nav")]')[0]
    assert "no-print" in nav.get("class")
    previous = "{}-W{:02d}".format(*(friday - timedelta(days=7)).isocalendar()[:2])
    assert nav.xpath("./a[@rel='prev']")[0].get("href") == f"?tuan={previous}"


@pytest.mark.parametrize("who", ["leader", "observer", "coordinator"])
def test_the_weekly_digest_is_for_the_department_wide_roles(client, who, request, org):
    user = request.getfixturevalue(who)
    assert login(client, user).get(reverse("chasing:weekly")).status_code == 200


def test_a_unit_head_does_not_open_the_departments_digest(client, head):
    assert login(client, head).get(reverse("chasing:weekly")).status_code == 403


# --- What waits for the Office, in the menu ---------------------------------------------------------


def menu_counts(doc):
    out = {}
    for cls in ("review-link", "extensions-link"):
        found = doc.xpath(f'//nav[contains(@class, "mainnav")]/a[@class="{cls}"]/span[@class="unread"]')
        out[cls] = found[0].text_content() if found else None
    return out


def test_the_menu_counts_what_waits_for_the_office(client, coordinator, leader, head, org, ob1, ob2):
    for ob in (ob1, ob2):
        Report.objects.create(
            obligation=ob,
            unit=ob.unit,
            narrative="Đã làm.",
            progress=100,
            created_by=head,
            state=Report.State.SUBMITTED,
            submitted_by=head,
            submitted_at=timezone.now(),
        )
    Report.objects.create(obligation=ob1, unit=ob1.unit, narrative="Nháp", created_by=head)
    ExtensionRequest.objects.create(
        obligation=ob1, requested_by=head, reason="Chờ", requested_due=date(2030, 1, 1)
    )
    assert menu_counts(page(login(client, coordinator).get(LIST))) == {
        "review-link": "2",
        "extensions-link": "1",
    }
    # The leadership decides extensions but does not review.
    assert menu_counts(page(login(client, leader).get(LIST))) == {"review-link": None, "extensions-link": "1"}
    assert menu_counts(page(login(client, head).get(LIST))) == {"review-link": None, "extensions-link": None}


def test_the_menu_counts_cost_one_query(client, coordinator, head, org, ob1):
    login(client, coordinator)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            client.get(LIST)
        return [q["sql"] for q in ctx.captured_queries]

    before = queries()
    for _ in range(5):
        Report.objects.create(
            obligation=ob1,
            unit=ob1.unit,
            narrative="Đã làm.",
            progress=100,
            created_by=head,
            state=Report.State.SUBMITTED,
            submitted_by=head,
            submitted_at=timezone.now(),
        )
    after = queries()
    assert len(after) == len(before)
    assert sum("tracking_report" in q and "tracking_extensionrequest" in q for q in after) == 1
