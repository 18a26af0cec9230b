"""The board's figures and a unit's summary are cached under the department's data version
(``tracking.cache``): a change of its obligations, reports or extension requests shows at
once, whichever worker process cached the older result."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from cchc.tracking import cache as board_cache
from cchc.tracking import planning, reports, statuses
from cchc.tracking.models import BoardVersion, Obligation
from cchc.tracking.models import ObligationStatus as S
from tests.shared_cache import REDIS_URL, uses_redis
from tests.tracking.html import one, page, text
from tests.tracking.screens import *  # noqa: F403
from tests.tracking.screens import login, make_obligation
from tests.tracking.test_planning import confirm, sample_tasks
from tests.tracking.test_views_board import BOARD, stat, status_count
from tests.tracking.test_views_review import submit

pytestmark = pytest.mark.django_db

MINE = "/don-vi/"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    board_cache.forget_local()
    yield
    cache.clear()
    board_cache.forget_local()


def unit_stat(html: str, name: str) -> int:
    return int(text(one(page(html), f"//*[@id='unit-{name}']/span[@class='n']")))


def queries(client, url: str, data=None) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, data or {})
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_a_warm_board_skips_the_counts_and_the_sort(client, coordinator, ob1, ob2):
    c = login(client, coordinator)
    cold, html = queries(c, BOARD)
    warm, again = queries(c, BOARD)
    # Skipped when warm: the counts, the page's ids, the filter's plans and units, the current plans.
    assert warm == cold - 5 and stat(again, "total") == stat(html, "total") == "2"


def test_board_filter_choices_follow_the_directory(client, coordinator, org, ob1):
    c = login(client, coordinator)
    assert "Phòng Kiểm tra mới" not in c.get(BOARD).content.decode()
    unit = ob1.unit
    unit.name = "Phòng Kiểm tra mới"
    unit.save()
    html = c.get(BOARD).content.decode()
    assert f'<option value="{unit.code}">Phòng Kiểm tra mới</option>' in html
    assert text(one(page(html), f"//tr[@id='o{ob1.pk}']/td[@data-label='Đơn vị']")) == "Phòng Kiểm tra mới"


def test_unit_order_is_kept_on_the_obligations_and_sorts_the_board(client, coordinator, ob1, ob2):
    """Same due date: the board lists the units in the directory's order, and follows a change."""
    Obligation.objects.filter(pk__in=[ob1.pk, ob2.pk]).update(current_due=ob1.current_due)
    ob1.unit.order, ob2.unit.order = 1, 2
    ob1.unit.save()
    ob2.unit.save()
    assert Obligation.objects.get(pk=ob1.pk).unit_order == 1
    c = login(client, coordinator)
    html = c.get(BOARD).content.decode()
    assert html.index(f'id="o{ob1.pk}"') < html.index(f'id="o{ob2.pk}"')
    ob1.unit.order = 9
    ob1.unit.save()
    assert Obligation.objects.get(pk=ob1.pk).unit_order == 9
    html = c.get(BOARD).content.decode()
    assert html.index(f'id="o{ob2.pk}"') < html.index(f'id="o{ob1.pk}"')


def test_board_counts_follow_a_new_obligation(client, coordinator, org, ob1, task2, today):
    c = login(client, coordinator)
    assert stat(c.get(BOARD).content.decode(), "total") == "1"
    assert stat(c.get(BOARD).content.decode(), "total") == "1"  # cached
    new = make_obligation(task2, "TTRA", today - timedelta(days=3), status=S.OVERDUE)
    html = c.get(BOARD).content.decode()
    assert stat(html, "total") == "2" and stat(html, "overdue") == "1"
    assert f'<tr id="o{new.pk}"' in html
    # The filtered sets and their pages follow too.
    html = c.get(BOARD, {"trang_thai": "overdue"}).content.decode()
    assert stat(html, "total") == "1" and f'<tr id="o{new.pk}"' in html
    new.delete()
    html = c.get(BOARD, {"trang_thai": "overdue"}).content.decode()
    assert stat(html, "total") == "0" and f'<tr id="o{new.pk}"' not in html


def test_board_counts_follow_an_accepted_report(client, coordinator, head, ob1, today):
    c = login(client, coordinator)
    html = c.get(BOARD).content.decode()
    assert stat(html, "done") == "0" and status_count(html, S.NOT_DUE) == 1
    report = submit(ob1, head, today)
    html = c.get(BOARD).content.decode()
    assert status_count(html, S.IN_PROGRESS) == 1 and status_count(html, S.NOT_DUE) == 0
    reports.review_report(report, coordinator, accept=True, expected_version=report.version)
    html = c.get(BOARD).content.decode()
    assert stat(html, "done") == "1" and status_count(html, S.IN_PROGRESS) == 0
    assert stat(html, "on-time-rate") != "—" or status_count(html, S.DONE_EARLY) == 1


def test_unit_summary_follows_an_accepted_report(client, coordinator, head, ob1, today):
    c = login(client, head)
    html = c.get(MINE).content.decode()
    assert unit_stat(html, "open") == 1 and unit_stat(html, "done") == 0
    report = submit(ob1, head, today)
    reports.review_report(report, coordinator, accept=True, expected_version=report.version)
    html = c.get(MINE).content.decode()
    assert unit_stat(html, "open") == 0 and unit_stat(html, "done") == 1


def test_set_based_writes_bump_the_version(client, coordinator, org, ob1, today):
    c = login(client, coordinator)
    assert stat(c.get(BOARD).content.decode(), "overdue") == "0"
    # The daily pass moves statuses with UPDATEs (no signals).
    statuses.refresh_statuses(today=today + timedelta(days=30), organisation=org)
    assert stat(c.get(BOARD).content.decode(), "overdue") == "1"
    # Obligations created in bulk from a plan (no signals either).
    other = confirm(org, coordinator, sample_tasks())
    Obligation.objects.filter(plan=other).delete()
    total = stat(c.get(BOARD).content.decode(), "total")
    assert planning.create_obligations_for_plan(other, today=today) == 5
    assert int(stat(c.get(BOARD).content.decode(), "total")) == int(total) + 5


def test_a_bump_elsewhere_makes_every_worker_miss(client, coordinator, org, ob1, today):
    """A write that bypassed this process (no signal here) is seen once the version in the
    database moves: the result cached under the older version is not read."""
    c = login(client, coordinator)
    assert stat(c.get(BOARD).content.decode(), "total") == "1"
    copy = Obligation.objects.get(pk=ob1.pk)
    copy.pk, copy.period_key = None, "d-other"
    Obligation.objects.bulk_create([copy])  # no signal, no bump: the cached figures stand
    assert stat(c.get(BOARD).content.decode(), "total") == "1"
    BoardVersion.objects.filter(organisation=org).update(version=F("version") + 1)  # another worker
    assert stat(c.get(BOARD).content.decode(), "total") == "2"


def test_version_row_is_created_lazily(org):
    BoardVersion.objects.filter(organisation=org).delete()  # the directory's units bumped it
    assert not BoardVersion.objects.filter(organisation=org).exists()
    first = board_cache.version(org.pk)
    assert board_cache.version(org.pk) == first
    board_cache.bump(org.pk)
    assert board_cache.version(org.pk) == first + 1
    BoardVersion.objects.filter(organisation=org).delete()
    board_cache.bump(org.pk)  # a bump creates it too
    assert BoardVersion.objects.filter(organisation=org).exists()


@pytest.fixture
def redis_cache(settings):
    """The production set-up's shared cache (``CCHC_CACHE_URL=redis://…``) on a scratch db."""
    import redis

    url = REDIS_URL
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).flushdb()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CCHC_REQUIRE_REDIS") == "1":
            pytest.fail(f"CCHC_REQUIRE_REDIS=1 but Redis does not answer at {url}")
        pytest.skip(f"no Redis at {url}")
    # Django's setting_changed handler rebuilds the cache handlers for the new CACHES.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    yield url
    redis.Redis.from_url(url).flushdb()


@uses_redis
def test_a_shared_redis_cache_serves_every_process_and_follows_changes(
    redis_cache, client, coordinator, ob1, today
):
    """Two server processes share the figures through Redis: a second "process" (a fresh
    client of the same cache) reads them warm, and a change shows at once for both."""
    import redis

    c = login(client, coordinator)
    cold, html = queries(c, BOARD)
    keys = redis.Redis.from_url(redis_cache).keys("*cchc:board:*")
    assert keys, "the board's figures went to Redis"
    warm, _ = queries(c, BOARD)
    assert warm < cold and stat(html, "total") == "1"
    make_obligation(ob1.task, "TTRA", today, status=S.NOT_DUE)
    assert stat(c.get(BOARD).content.decode(), "total") == "2"


def test_the_process_keeps_its_copy_and_a_new_version_passes_it_by(
    client, coordinator, org, ob1, task2, today
):
    """Versioned entries never change: the process answers from its own copy even when the
    shared cache lost them, and a change (new version) is never answered from an old copy."""
    c = login(client, coordinator)
    cold, _ = queries(c, BOARD)
    cache.clear()  # the shared cache only (another process's restart, an eviction)
    warm, html = queries(c, BOARD)
    # Skipped: counts, page ids, plans, units, current plans (the session is read from the
    # database on every request: without a shared cache it is never cached).
    assert warm == cold - 5 and stat(html, "total") == "1"
    make_obligation(task2, "TTRA", today, status=S.OVERDUE)  # bumps the version
    again, html = queries(c, BOARD)
    assert again == cold and stat(html, "total") == "2"  # everything read anew
