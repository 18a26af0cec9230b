"""A session ended is ended everywhere: a logout in one server process refuses the old
cookie in every other process, whether the server shares a Redis cache or not.

A "process" here is a cache of its own (a separate LocMemCache store, as each gunicorn
worker has), or the same Redis database for the shared set-up; the session engine is the
one the settings choose for that set-up, read in a fresh Python process."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, override_settings

from cchc.orgs.models import Membership
from cchc.tracking import cache as board_cache
from tests.factories import PASSWORD, make_user
from tests.shared_cache import REDIS_URL, uses_redis
from tests.web.settings_env import settings_under

BOARD = "/theo-doi/"
pytestmark = uses_redis


def _local(name: str) -> dict:
    return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": name}}


def _redis() -> dict:
    return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}


@pytest.mark.parametrize(
    ("env", "engine"),
    [
        ({}, "django.contrib.sessions.backends.db"),
        ({"CCHC_CACHE_URL": REDIS_URL}, "django.contrib.sessions.backends.cached_db"),
    ],
)
def test_sessions_go_through_a_cache_only_when_it_is_shared(tmp_path, env, engine):
    assert settings_under(env, "SESSION_ENGINE", tmp_path=tmp_path) == {"SESSION_ENGINE": engine}


@pytest.fixture
def flushed_redis():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).flushdb()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    yield
    redis.Redis.from_url(REDIS_URL).flushdb()


@pytest.mark.parametrize("set_up", ["per-process cache", "shared Redis cache"])
def test_a_logout_in_one_process_ends_the_session_in_the_others(org, tmp_path, request, set_up):
    if set_up == "shared Redis cache":
        request.getfixturevalue("flushed_redis")
        env, caches = {"CCHC_CACHE_URL": REDIS_URL}, (_redis(), _redis())
    else:
        env, caches = {}, (_local("process-a"), _local("process-b"))
    engine = settings_under(env, "SESSION_ENGINE", tmp_path=tmp_path)["SESSION_ENGINE"]
    user = make_user(org, Membership.Role.COORDINATOR, "vanphong", unit_code="VP")
    a, b = Client(), Client()
    with override_settings(SESSION_ENGINE=engine, CACHES=caches[0]):
        assert a.post("/dang-nhap/", {"username": "vanphong", "password": PASSWORD}).status_code == 302
    # The same browser's cookie, its requests served by another process (a copy: the logout
    # below clears the cookie in ``a``, while the old value is what a thief would replay).
    b.cookies[settings.SESSION_COOKIE_NAME] = a.cookies[settings.SESSION_COOKIE_NAME].value
    with override_settings(SESSION_ENGINE=engine, CACHES=caches[1]):
        assert b.get(BOARD).status_code == 200  # process B now holds the session
    with override_settings(SESSION_ENGINE=engine, CACHES=caches[0]):
        assert a.post("/dang-xuat/").status_code == 302
    with override_settings(SESSION_ENGINE=engine, CACHES=caches[1]):
        again = b.get(BOARD)
    assert again.status_code == 302 and again["Location"].startswith("/dang-nhap/")
    assert user.is_active
    # The board's per-process copies (versioned entries) never hold a session.
    assert not [key for key in board_cache._local if "session" in key]
