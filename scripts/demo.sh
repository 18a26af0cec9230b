#!/usr/bin/env bash
# Set up and run cchc on the embedded default: SQLite under var/, the demo department,
# e-mails written to var/mail/, the web app on http://127.0.0.1:8000.
set -euo pipefail
source "$(dirname "$0")/bootstrap.sh"
cchc demo
# --dev: the demo runs on the published development key, which `cchc serve` refuses otherwise.
exec cchc serve --dev --addr "${CCHC_ADDR:-127.0.0.1:8000}"
