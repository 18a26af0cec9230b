"""The Redis database of the tests of the shared cache (``CCHC_CACHE_URL=redis://…``).

Those tests empty the whole database (FLUSHDB), so under pytest-xdist they must not run on
two workers at once: each carries ``uses_redis``, which puts them in one xdist group (the
test command distributes with ``--dist loadgroup``). Each run of scripts/test.sh (SQLite,
PostgreSQL) has a database of its own (CCHC_TEST_REDIS_URL)."""

from __future__ import annotations

import os

import pytest

REDIS_URL = os.environ.get("CCHC_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")

uses_redis = pytest.mark.xdist_group("redis")
