#!/usr/bin/env bash
# Shared set-up for scripts/demo.sh and scripts/test.sh: uv, a Python >= 3.12, .venv.
# Sourced, not run. Idempotent: a second run only checks.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if ! command -v uv >/dev/null 2>&1; then
  echo ">> installing uv (the package manager) for this user"
  python3 -m pip install --user --quiet uv 2>/dev/null || python3 -m pip install --quiet uv
  export PATH="$HOME/.local/bin:$PATH"
fi

find_python() {
  local candidate
  if candidate=$(uv python find '>=3.12' 2>/dev/null); then echo "$candidate"; return 0; fi
  for candidate in python3.14 python3.13 python3.12 \
      "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python /root/.pyenv/versions/3.1[2-9]*/bin/python; do
    if command -v "$candidate" >/dev/null 2>&1 && \
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  return 1
}

if [ ! -x .venv/bin/python ]; then
  PY="$(find_python || true)"
  if [ -z "$PY" ]; then
    echo ">> no Python >= 3.12 found; asking uv to install one"
    uv python install 3.12
    PY="$(uv python find '>=3.12')"
  fi
  uv venv --quiet --python "$PY" .venv
fi
uv sync --quiet --frozen
export PATH="$ROOT/.venv/bin:$PATH"
