"""Login throttling: a few wrong passwords per account (5) and per client address (20), then
every login of that account or from that address is refused, the right password too, until
the lock ends; the login page says so in Vietnamese with a 429. Counts live in the cache:
with the shared Redis cache they hold across server processes."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings

from cchc.orgs.models import Membership
from tests.dom import dom, find, text
from tests.factories import PASSWORD, make_user
from tests.shared_cache import REDIS_URL, uses_redis

LOCKED = "Đăng nhập tạm thời bị khóa vì mật khẩu bị nhập sai quá nhiều lần"


@pytest.fixture(autouse=True)
def counts(settings):
    settings.CCHC_LOGIN_MAX_FAILURES = 5
    settings.CCHC_LOGIN_MAX_FAILURES_PER_ADDRESS = 20
    settings.CCHC_LOGIN_LOCK_SECONDS = 900
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def people(org):
    return {
        name: make_user(
            org, Membership.Role.UNIT_HEAD if name != "vanphong" else Membership.Role.COORDINATOR, name
        )
        for name in ("vanphong", "truongphong", *(f"cv{i}" for i in range(25)))
    }


def log_in(username: str, password: str, address: str = "10.0.0.1"):
    return Client().post("/dang-nhap/", {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(response) -> bool:
    return response.status_code == 302


def message(response) -> str:
    return text(find(dom(response), '//div[@class="errors"]'))


# (wrong attempts as (user, address), then the right password as (user, address), let in?)
CASES = [
    ("4 wrong, then right", [("vanphong", "10.0.0.1")] * 4, ("vanphong", "10.0.0.1"), True),
    ("5 wrong, then right", [("vanphong", "10.0.0.1")] * 5, ("vanphong", "10.0.0.1"), False),
    ("5 wrong, right from elsewhere", [("vanphong", "10.0.0.1")] * 5, ("vanphong", "10.9.9.9"), False),
    (
        "5 wrong, other account same address",
        [("vanphong", "10.0.0.1")] * 5,
        ("truongphong", "10.0.0.1"),
        True,
    ),
    ("typed in capitals", [("VanPhong", "10.0.0.1")] * 5, ("vanphong", "10.0.0.1"), False),
    (
        "20 wrong over 20 accounts",
        [(f"cv{i}", "10.0.0.7") for i in range(20)],
        ("vanphong", "10.0.0.7"),
        False,
    ),
    (
        "19 wrong over 19 accounts",
        [(f"cv{i}", "10.0.0.7") for i in range(19)],
        ("vanphong", "10.0.0.7"),
        True,
    ),
    (
        "20 wrong, right from elsewhere",
        [(f"cv{i}", "10.0.0.7") for i in range(20)],
        ("vanphong", "10.0.0.8"),
        True,
    ),
    ("unknown names count too", [("khong-co", "10.0.0.3")] * 20, ("vanphong", "10.0.0.3"), False),
]


@pytest.mark.parametrize(("case", "wrong", "right", "let_in"), CASES, ids=[c[0] for c in CASES])
def test_the_limits(people, case, wrong, right, let_in):
    for username, address in wrong:
        response = log_in(username, "sai-mat-khau", address)
        assert response.status_code in (200, 429) and not logged_in(response)
    response = log_in(right[0], PASSWORD, right[1])
    assert logged_in(response) is let_in
    if not let_in:
        assert response.status_code == 429 and int(response["Retry-After"]) == 900
        assert LOCKED in message(response) and "15 phút" in message(response)


def test_a_wrong_password_before_the_lock_says_so_in_vietnamese(people):
    response = log_in("vanphong", "sai")
    assert response.status_code == 200
    assert (
        message(response)
        == "Tên đăng nhập hoặc mật khẩu không đúng. Hãy thử lại (chú ý chữ hoa, chữ thường)."
    )


def test_a_success_clears_the_accounts_count(people):
    for _ in range(4):
        log_in("vanphong", "sai")
    assert logged_in(log_in("vanphong", PASSWORD))
    for _ in range(4):
        log_in("vanphong", "sai")
    assert logged_in(log_in("vanphong", PASSWORD))


def test_the_lock_ends_after_its_time(people, settings):
    # The lock runs from the first failure: long enough that five logins on a loaded CI
    # machine (each one hashing a password) still fall inside it (1 s once did not).
    settings.CCHC_LOGIN_LOCK_SECONDS = 4
    first = time.monotonic()
    for _ in range(5):
        log_in("vanphong", "sai")
    assert log_in("vanphong", PASSWORD).status_code == 429
    time.sleep(max(0.0, first + 4.3 - time.monotonic()))
    assert logged_in(log_in("vanphong", PASSWORD))


def test_every_way_in_is_throttled_the_admins_too(people):
    for _ in range(5):
        log_in("vanphong", "sai")
    request = RequestFactory().post("/admin/login/", REMOTE_ADDR="10.0.0.1")
    assert authenticate(request, username="vanphong", password=PASSWORD) is None
    admin_page = Client().post("/admin/login/", {"username": "vanphong", "password": PASSWORD})
    assert admin_page.status_code == 429 and int(admin_page["Retry-After"]) == 900
    said = text(find(dom(admin_page), '//p[contains(@class, "errornote")]'))
    assert said.startswith(LOCKED), said
    assert "_auth_user_id" not in Client().session


@uses_redis
def test_the_counts_hold_across_processes_with_the_shared_cache(people):
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).flushdb()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    shared = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    try:
        for _ in range(5):  # "process A": a cache client of its own
            with override_settings(CACHES=shared):
                log_in("vanphong", "sai")
        with override_settings(CACHES=shared):  # "process B": a new client of the same Redis
            assert log_in("vanphong", PASSWORD).status_code == 429
    finally:
        redis.Redis.from_url(REDIS_URL).flushdb()
