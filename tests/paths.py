"""Where the tests find the shared sample plans (never copied into this repository)."""

from __future__ import annotations

import os
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
SHARED_DIR = Path(os.environ.get("CCHC_SHARED_DIR", REPO_DIR.parent / "shared")).resolve()
PLANS_DIR = SHARED_DIR / "samples" / "plans"
GOLD_DIR = SHARED_DIR / "samples" / "gold"
SCORER = SHARED_DIR / "tools" / "score_plan_parse.py"
WEB_DIR = SHARED_DIR / "samples" / "web"  # documents as copied from a legal-document web site
SAMPLE_NAMES = (
    "khanhhoa-sct-2025-par-sipas-plan.txt",
    "khanhhoa-sct-2025-sipas-appendix.txt",
    "quangtri-sct-2025-h2-cchc-plan.txt",
)


def sample_bytes(name: str) -> bytes:
    return (PLANS_DIR / name).read_bytes()


def web_sample_bytes(name: str) -> bytes:
    """One of ``samples/web/docs`` (by the start of its name: "16_" is enough)."""
    (path,) = sorted((WEB_DIR / "docs").glob(f"{name}*"))
    return path.read_bytes()
