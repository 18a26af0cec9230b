#!/usr/bin/env bash
# Set up and run cchc on the embedded default: SQLite under var/, the demo department,
# e-mails written to var/mail/, the web app on http://127.0.0.1:8000.
set -euo pipefail
source "$(dirname "$0")/bootstrap.sh"
cchc demo
# `cchc serve` refuses the published development key: the demo gets its own, kept in var/.
CCHC_SECRET_KEY="${CCHC_SECRET_KEY:-$(bash "$ROOT/scripts/demo-key.sh")}"
export CCHC_SECRET_KEY
exec cchc serve --addr "${CCHC_ADDR:-127.0.0.1:8000}"
