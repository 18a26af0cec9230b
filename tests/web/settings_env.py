"""The settings module read afresh in another process, under a given environment: what a
server started with those ``CCHC_*`` variables would run with."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import cchc

SRC_DIR = Path(cchc.__file__).resolve().parents[1]


def settings_under(env: dict[str, str], *names: str, tmp_path: Path) -> dict:
    """The values of ``names`` in cchc.config.settings imported with ``env`` (and no other
    CCHC_* or DATABASE_URL variable of this process)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("CCHC_") and k != "DATABASE_URL"}
    base.update(PYTHONPATH=str(SRC_DIR), CCHC_VAR_DIR=str(tmp_path / "var"), **env)
    code = (
        "import json, sys\n"
        "from cchc.config import settings as s\n"
        f"print(json.dumps({{n: getattr(s, n, None) for n in {list(names)!r}}}, default=str))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], env=base, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])
