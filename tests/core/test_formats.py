"""The same plan in every carrier reads to the same tasks.

Each sample plan (text extracted from Word/PDF) is rebuilt at test time as a Word file
with one table per appendix and merged cells, an Excel workbook with merged ranges, a
PDF with a text layer whose table breaks across pages, and the "one cell per line"
text of legal-document web sites (tests/builders.py); each is parsed with the same
``parse_plan`` and compared task by task with the parse of the original text.
"""

from __future__ import annotations

import re

import pytest

from cchc.core.planread import parse_plan
from cchc.core.units import demo_directory
from tests.builders import build_docx, build_line_cells, build_pdf, build_xlsx
from tests.paths import SAMPLE_NAMES, sample_bytes

FIELDS = ("section", "number", "is_group", "task", "product", "note", "objective", "activity", "budget")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def _spaces(text: str) -> str:
    return " ".join((text or "").split())


def _view(task, squash: bool) -> dict:
    f = _squash if squash else _spaces
    d = task.to_dict()
    out = {k: (f(d[k]) if isinstance(d[k], str) else d[k]) for k in FIELDS}
    out["lead_units"] = [f(u) for u in d["lead_units"]]
    out["coordinating_units"] = [f(u) for u in d["coordinating_units"]]
    sched = d["schedule"] or {}
    out["schedule"] = (f(sched.get("text", "")), sched.get("kind"), tuple(sched.get("due", [])))
    out["targets"] = [(t["metric"], t["op"], t["value"], t["unit"]) for t in d["targets"]]
    return out


@pytest.fixture(scope="module")
def directory():
    return demo_directory()


@pytest.fixture(scope="module")
def reference(directory):
    return {name: parse_plan(sample_bytes(name), directory=directory) for name in SAMPLE_NAMES}


def _build(carrier: str, text: str, tmp_path):
    path = tmp_path / f"plan.{carrier}"
    if carrier == "docx":
        build_docx(text, path)
    elif carrier == "xlsx":
        build_xlsx(text, path)
    elif carrier == "pdf":
        build_pdf(text, path)
    else:
        path.write_text(build_line_cells(text), encoding="utf-8")
    return path.read_bytes()


@pytest.mark.parametrize("name", SAMPLE_NAMES)
@pytest.mark.parametrize("carrier", ["docx", "xlsx", "pdf", "linecells"])
def test_every_carrier_gives_the_same_tasks(carrier, name, reference, directory, tmp_path):
    text = sample_bytes(name).decode("utf-8")
    got = parse_plan(_build(carrier, text, tmp_path), directory=directory)
    expected = reference[name]
    assert got.format == ("text" if carrier == "linecells" else carrier)
    squash = carrier == "pdf"  # a PDF's line breaks fall anywhere inside words' spacing
    exp = [_view(t, squash) for t in expected.tasks]
    act = [_view(t, squash) for t in got.tasks]
    assert len(act) == len(exp)
    for e, a in zip(exp, act, strict=True):
        assert a == e
    assert got.plan.period == expected.plan.period
    if carrier == "xlsx":
        # A workbook holds the appendix only: its heading names the plan.
        assert got.plan.title
    else:
        assert _squash(got.plan.title) == _squash(expected.plan.title)


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_word_file_without_merged_cells_reads_the_same(name, reference, directory, tmp_path):
    path = tmp_path / "plain.docx"
    build_docx(sample_bytes(name).decode("utf-8"), path, merge_cells=False)
    got = parse_plan(path.read_bytes(), directory=directory)
    assert [_view(t, False) for t in got.tasks] == [_view(t, False) for t in reference[name].tasks]
