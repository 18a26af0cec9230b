"""The issue's acceptance measure: the shared scorer on the three sample plans >= 0.97.

Runs the real command line (``cchc plan parse FILE --json``) in a subprocess, as a user
would, and the shared scorer script on its output.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.paths import GOLD_DIR, PLANS_DIR, SAMPLE_NAMES, SCORER


@pytest.fixture(scope="module")
def predictions(tmp_path_factory, plans_dir):
    out = tmp_path_factory.mktemp("pred")
    paths = []
    for name in SAMPLE_NAMES:
        proc = subprocess.run(
            [sys.executable, "-m", "cchc.cli", "plan", "parse", str(PLANS_DIR / name), "--json"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        target = out / f"{name}.json"
        target.write_text(proc.stdout, encoding="utf-8")
        paths.append((GOLD_DIR / f"{name}.jsonl", target))
    return paths


def _score(pairs) -> tuple[float, str]:
    args = [str(p) for pair in pairs for p in pair]
    proc = subprocess.run([sys.executable, str(SCORER), *args], capture_output=True, text=True, check=True)
    m = re.search(r"^score ([0-9.]+)$", proc.stdout, re.MULTILINE)
    assert m, proc.stdout
    return float(m.group(1)), proc.stdout


def test_score_over_the_three_samples_is_at_least_0_97(predictions):
    score, report = _score(predictions)
    assert score >= 0.97, report


@pytest.mark.parametrize("index", range(len(SAMPLE_NAMES)))
def test_every_gold_row_is_found_in_each_sample(predictions, index):
    _, report = _score([predictions[index]])
    assert "missed:" not in report, report
    assert re.search(r"rows: precision 1\.000 recall 1\.000", report), report
