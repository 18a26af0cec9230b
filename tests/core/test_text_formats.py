"""One way of writing figures everywhere (``core.formats``, issue 11): Vietnamese dates,
moments, numbers, counts, shares and sizes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from cchc.core import formats as f


@pytest.mark.parametrize(
    ("value", "text"),
    [(date(2026, 3, 5), "05/03/2026"), (date(999, 12, 31), "31/12/0999"), (None, "")],
)
def test_dates(value, text):
    assert f.date_text(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (datetime(2026, 3, 5, 7, 9), "07:09 05/03/2026"),
        (datetime(2026, 12, 31, 23, 59), "23:59 31/12/2026"),
        (None, ""),
    ],
)
def test_moments(value, text):
    assert f.moment_text(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (70.0, "70"),
        (85.67, "85,67"),
        (1234.5, "1.234,5"),
        (1234567, "1.234.567"),
        (Decimal("0.50"), "0,5"),
        (-1500.25, "-1.500,25"),
        (0, "0"),
        ("không rõ", "không rõ"),
        (float("nan"), "nan"),
    ],
)
def test_numbers(value, text):
    assert f.number_text(value) == text


@pytest.mark.parametrize(("value", "text"), [(0, "0"), (999, "999"), (1000, "1.000"), (120000, "120.000")])
def test_counts(value, text):
    assert f.count_text(value) == text


@pytest.mark.parametrize(
    ("share", "digits", "text"),
    [
        (0.5, 1, "50,0 %"),  # never "50 %" on one screen and "50,0 %" on another
        (0.6667, 1, "66,7 %"),
        (1, 1, "100,0 %"),
        (0, 1, "0,0 %"),
        (12.345, 1, "1.234,5 %"),
        (0.12345, 2, "12,35 %"),
        (Decimal("0.925"), 1, "92,5 %"),
        (None, 1, "—"),
    ],
)
def test_shares(share, digits, text):
    assert f.percent_text(share, digits) == text


@pytest.mark.parametrize(
    ("size", "text"), [(1, "1 KB"), (50 * 1024, "50 KB"), (104858, "0,1 MB"), (22_020_096, "21,0 MB")]
)
def test_file_sizes(size, text):
    assert f.file_size_text(size) == text


def test_every_copy_writes_the_same():
    """The screens' filters, the digest, the charts, the dossier summary and the schedule
    messages all write a share and a date the one way."""
    from cchc.chasing.selectors import percent as digest_percent
    from cchc.core.dossiers.summary import _pct
    from cchc.core.schedule_dates import fmt
    from cchc.dossiers.charts import percent_text as chart_percent
    from cchc.tracking.templatetags.tracking_tags import percent, vn_date

    assert {digest_percent(0.5), _pct(0.5), chart_percent(0.5), percent(0.5)} == {"50,0 %"}
    assert {fmt(date(2026, 3, 5)), vn_date(date(2026, 3, 5))} == {"05/03/2026"}
