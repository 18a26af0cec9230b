#!/usr/bin/env bash
# Run the whole test suite: lint, then pytest on SQLite and on PostgreSQL side by side.
# PostgreSQL: $DATABASE_URL if set, else postgres://postgres@127.0.0.1:5432/cchc when a
# server answers there. CCHC_REQUIRE_POSTGRES=1 (CI) makes a missing server an error.
# Browser tests drive Debian's Chromium, and the .doc/.xls tests Debian's LibreOffice; each is
# installed here when missing and we are root.
set -euo pipefail
source "$(dirname "$0")/bootstrap.sh"

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo ">> installing Debian's chromium for the browser tests"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "!! could not install chromium"
  fi
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "!! /usr/bin/chromium is missing: install Debian's 'chromium' package to run the browser tests" >&2
  exit 1
fi

# Old Word and Excel plans (.doc, .xls) are converted by LibreOffice; its tests are skipped
# without it (failed under CCHC_REQUIRE_LIBREOFFICE=1, as in CI).
if ! command -v soffice >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo ">> installing Debian's LibreOffice (writer, calc; no GUI) for the .doc/.xls and report PDF tests"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libreoffice-writer-nogui libreoffice-calc-nogui fonts-liberation2 >/dev/null) \
      || echo "!! could not install LibreOffice"
  fi
fi
# The reports' PDF is printed with Liberation Serif (Times New Roman's metrics).
if command -v dpkg >/dev/null 2>&1 && ! dpkg -s fonts-liberation2 >/dev/null 2>&1 \
    && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo ">> installing Debian's fonts-liberation2 for the report PDF tests"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-liberation2 >/dev/null) \
    || echo "!! could not install fonts-liberation2"
fi
if ! command -v soffice >/dev/null 2>&1; then
  echo "!! soffice is missing: the .doc/.xls tests are skipped (install libreoffice-writer-nogui libreoffice-calc-nogui)" >&2
fi

echo ">> ruff"
ruff check src tests benchmarks
ruff format --check src tests benchmarks
echo ">> lint-imports (dependencies point one way: the contracts in pyproject.toml)"
lint-imports
echo ">> mypy"
# Its cache outside the checkout: a fresh checkout (CI's) checks only what changed since the
# last run on this machine (3 s instead of 16); the cache is keyed by the files' contents.
MYPY_CACHE_DIR="${MYPY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/cchc/mypy}" mypy src

export CCHC_DB_CONN_MAX_AGE=0  # live-server threads must not keep test databases open
PG_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/cchc}"
pg_up() { python - "$PG_URL" <<'PY'
import sys, psycopg
from urllib.parse import urlparse
u = urlparse(sys.argv[1])
try:
    psycopg.connect(host=u.hostname, port=u.port or 5432, user=u.username, password=u.password,
                    dbname="postgres", connect_timeout=3).close()
except Exception as exc:
    print(exc, file=sys.stderr); sys.exit(1)
PY
}

# Each run gets its own scratch var/ (uploads, e-mail files) and Redis database, so the two
# runs can go side by side; each spreads its tests over pytest-xdist workers (each worker
# with its own test database, a sub-folder of the run's var/ and a free live-server port;
# the tests that empty the Redis database share one worker: --dist loadgroup). Two workers
# per run, four for two cores: when one run ends first, the other still has a worker per
# core (one process per run left a core idle for the last third of the time: the SQLite
# run holds about 1.5 times the PostgreSQL run's work). CCHC_TEST_WORKERS_SQLITE /
# CCHC_TEST_WORKERS_PG change that (1 = no xdist).
SCRATCH="$(mktemp -d)"
trap 'rm -rf "$SCRATCH"' EXIT
# Each run prints its 15 slowest tests (--durations): where the CI's time goes.
xdist() {  # pytest arguments for $1 workers
  if [ "$1" -gt 1 ]; then echo "-n $1 --dist loadgroup"; fi
}
run_sqlite() {
  # shellcheck disable=SC2046
  env -u DATABASE_URL CCHC_VAR_DIR="$SCRATCH/sqlite" CCHC_TEST_SIDE_BY_SIDE="${SIDE_BY_SIDE:-0}" \
    CCHC_TEST_REDIS_URL="${CCHC_TEST_REDIS_URL_SQLITE:-redis://127.0.0.1:6379/14}" \
    pytest -q --durations=15 $(xdist "${CCHC_TEST_WORKERS_SQLITE:-2}") "$@"
}
# The PostgreSQL run repeats only the tests that touch the database (CCHC_TEST_ONLY_DB):
# the others do not depend on it and have run on SQLite. Side by side, a long scenario whose
# subject is not the database (marked ``one_run``: the demo's contents on SQLite, a year of
# reminder passes on PostgreSQL) runs in one of the two runs (tests/conftest.py).
run_postgres() {
  # shellcheck disable=SC2046
  DATABASE_URL="$PG_URL" CCHC_VAR_DIR="$SCRATCH/pg" CCHC_TEST_ONLY_DB=1 CCHC_TEST_SIDE_BY_SIDE="${SIDE_BY_SIDE:-0}" \
    CCHC_TEST_REDIS_URL="${CCHC_TEST_REDIS_URL:-redis://127.0.0.1:6379/13}" \
    pytest -q --durations=15 -p no:cacheprovider $(xdist "${CCHC_TEST_WORKERS_PG:-2}") "$@"
}
prefixed() {  # run "$@" with each output line prefixed; the command's status is kept
  local tag="$1"; shift
  ( set -o pipefail; "$@" 2>&1 | sed -u "s/^/[$tag] /" )
}

if pg_up; then
  echo ">> pytest on SQLite and on PostgreSQL ($PG_URL), side by side"
  SIDE_BY_SIDE=1
  prefixed sqlite run_sqlite "$@" & sqlite_pid=$!
  prefixed postgres run_postgres "$@" & pg_pid=$!
  sqlite_rc=0; pg_rc=0
  wait "$sqlite_pid" || sqlite_rc=$?
  wait "$pg_pid" || pg_rc=$?
  echo ">> SQLite run: $([ $sqlite_rc = 0 ] && echo passed || echo "FAILED ($sqlite_rc)");" \
       "PostgreSQL run: $([ $pg_rc = 0 ] && echo passed || echo "FAILED ($pg_rc)")"
  [ $sqlite_rc = 0 ] && [ $pg_rc = 0 ]
elif [ "${CCHC_REQUIRE_POSTGRES:-0}" = 1 ]; then
  echo "!! PostgreSQL does not answer at $PG_URL" >&2
  exit 1
else
  echo ">> pytest on SQLite"
  run_sqlite "$@"
  echo "!! PostgreSQL does not answer at $PG_URL: the PostgreSQL run was skipped" >&2
fi
