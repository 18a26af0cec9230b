"""A recomputation reads each dossier figure once, however many items name its source (the
benchmark's department: 0.3 s per pass over 100,000 dossiers for the officers' table)."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.scoring import sources

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("key", ["officers.late", "dossiers.acceptance_breaches", "dossiers.on_time"])
def test_a_second_item_with_the_same_source_makes_no_query(org, key, django_assert_num_queries):
    ctx = sources.SourceContext(org=org, year=2026, today=date(2026, 11, 30))
    first = sources.measure(key, "", ctx)
    with django_assert_num_queries(0):
        second = sources.measure(key, "", ctx)
    assert second == first
