"""The distributed path: the same definitions on Spark (local mode) give identical results."""

from __future__ import annotations

import logging
import os
import shutil
from datetime import date, datetime

import pytest
from benchmarks.synthetic_dossiers import generate

from cchc.core.calendar import WorkCalendar
from cchc.core.dossiers import AnalysisOptions, analyze
from cchc.core.dossiers.load import KINDS, convert
from cchc.core.dossiers.readers import RawTable
from cchc.core.dossiers.schema import load_mapping

if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    if os.environ.get("CCHC_REQUIRE_SPARK") == "1":
        pytest.fail("CCHC_REQUIRE_SPARK=1 but Java is missing", pytrace=False)
    pytest.skip("Spark needs Java", allow_module_level=True)


# One Spark session (a JVM) per run: under pytest-xdist the module's tests go to one worker.
pytestmark = pytest.mark.xdist_group("spark")


@pytest.fixture(scope="module")
def spark():
    from cchc.core.dossiers.spark import local_session

    logging.getLogger("py4j").setLevel(logging.WARNING)  # no "closing" chatter after pytest ends
    session = local_session(cores=2)
    yield session
    session.stop()


def _load(table, kind):
    import pyarrow as pa

    mapping = load_mapping()
    headers = table.column_names
    raw = RawTable(table.rename_columns([f"c{i}" for i in range(len(headers))]), headers,
                   pa.array(range(1, table.num_rows + 1), pa.int64()), [])  # fmt: skip
    known = mapping.headers(kind)
    from cchc.core.text import fold_words

    found = {}
    for i, h in enumerate(headers):
        c = known.get(fold_words(h))
        if c and c not in found:
            found[c] = i
    assert set(KINDS[kind][1]) <= set(found)
    return convert(raw, found, mapping, kind)


def test_spark_gives_the_same_results_as_duckdb(spark):
    from cchc.core.dossiers.spark import analyze_spark

    dossiers, pauses = generate(3000, seed=11)
    d, p = _load(dossiers, "dossiers"), _load(pauses, "pauses")
    assert d.rejected  # the generator's bad rows are there
    cal = WorkCalendar()
    for options in (
        AnalysisOptions(as_of=datetime(2026, 1, 5, 8), by=("unit", "officer", "month")),
        AnalysisOptions(
            as_of=datetime(2025, 9, 1, 10), by=("procedure",), period=(date(2025, 3, 1), date(2025, 8, 31))
        ),
    ):
        local = analyze(d.table, p.table, cal, options, rows_read=d.read, rejected=d.rejected)
        distributed = analyze_spark(
            d.table, p.table, cal, options, spark=spark, rows_read=d.read, rejected=d.rejected
        )
        assert distributed.to_dict() == local.to_dict()
        assert distributed.facts.equals(local.facts)
        assert len(local.groups) > 10 and local.breaches
