"""Shared fixtures. The sample plans live in ../shared (see tests/paths.py)."""

from __future__ import annotations

import pytest

from tests.paths import PLANS_DIR


@pytest.fixture(scope="session")
def plans_dir():
    if not PLANS_DIR.is_dir():
        pytest.fail(f"shared sample plans not found at {PLANS_DIR} (set CCHC_SHARED_DIR)")
    return PLANS_DIR
