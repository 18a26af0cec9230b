#!/usr/bin/env bash
# Run the whole test suite: lint, then pytest on SQLite, then on PostgreSQL.
# PostgreSQL: $DATABASE_URL if set, else postgres://postgres@127.0.0.1:5432/cchc when a
# server answers there. CCHC_REQUIRE_POSTGRES=1 (CI) makes a missing server an error.
# Browser tests drive Debian's Chromium; it is installed here when missing and we are root.
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

echo ">> ruff"
ruff check src tests benchmarks
ruff format --check src tests benchmarks

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

echo ">> pytest on SQLite"
env -u DATABASE_URL pytest -q "$@"

if pg_up; then
  echo ">> pytest on PostgreSQL ($PG_URL)"
  DATABASE_URL="$PG_URL" pytest -q "$@"
elif [ "${CCHC_REQUIRE_POSTGRES:-0}" = 1 ]; then
  echo "!! PostgreSQL does not answer at $PG_URL" >&2
  exit 1
else
  echo "!! PostgreSQL does not answer at $PG_URL: the PostgreSQL run was skipped" >&2
fi
