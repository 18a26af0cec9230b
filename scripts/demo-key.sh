#!/usr/bin/env bash
# Print the demo's secret key, made once and kept in $CCHC_VAR_DIR/secret-key (default var/,
# readable by this user only): the demo's sessions survive a restart, and the published
# development key is never what a server runs on.
set -euo pipefail
var="${CCHC_VAR_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/var}"
key_file="$var/secret-key"
if [ ! -s "$key_file" ]; then
  mkdir -p "$var"
  (umask 077 && python3 -c 'import secrets; print(secrets.token_urlsafe(50))' > "$key_file")
fi
cat "$key_file"
