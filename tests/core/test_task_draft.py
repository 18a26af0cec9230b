"""``TaskDraft.from_dict`` reads back every row the reader writes: the draft stored in
``PlanImport.parsed`` and the output of ``cchc plan parse --json`` keep their exact shape."""

from __future__ import annotations

import json

import pytest

from cchc.core.planread import TaskDraft, parse_plan
from cchc.core.schedule import Schedule
from cchc.core.units import demo_directory
from tests.paths import PLANS_DIR, SAMPLE_NAMES, WEB_DIR

WEB_NAMES = tuple(sorted(p.name for p in (WEB_DIR / "docs").glob("*.txt")))
SAMPLES = [PLANS_DIR / n for n in SAMPLE_NAMES] + [WEB_DIR / "docs" / n for n in WEB_NAMES]


def _rows(path, directory=None) -> list[dict]:
    # Through JSON, as the draft is stored and the command line prints it.
    parsed = parse_plan(path.read_bytes(), directory=directory).to_dict()
    return json.loads(json.dumps(parsed, ensure_ascii=False))["tasks"]


def test_every_sample_is_read():
    assert len(SAMPLE_NAMES) == 3 and len(WEB_NAMES) == 6


@pytest.mark.parametrize("resolved", [False, True], ids=["no-directory", "units-resolved"])
@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_round_trip_of_every_row(path, resolved):
    rows = _rows(path, demo_directory() if resolved else None)
    assert rows
    if resolved:
        assert any(r["units_resolved"]["lead"] for r in rows)
    for r in rows:
        assert TaskDraft.from_dict(r).to_dict() == r


def test_rows_read_as_attributes():
    rows = _rows(PLANS_DIR / SAMPLE_NAMES[2])
    drafts = [TaskDraft.from_dict(r) for r in rows]
    scheduled = next(d for d in drafts if d.schedule is not None)
    assert isinstance(scheduled.schedule, Schedule)
    assert any(d.lead_units for d in drafts)
    assert all(isinstance(d.source_rows, tuple) for d in drafts)


def test_an_older_draft_is_read_leniently():
    d = TaskDraft.from_dict({"task": "Xây dựng kế hoạch"})
    assert (d.task, d.section, d.schedule, d.targets, d.lead_refs) == (
        "Xây dựng kế hoạch",
        None,
        None,
        [],
        [],
    )
    assert d.source_rows == (0, 0)
