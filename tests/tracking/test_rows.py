"""The board's and a unit's rows are written in Python (``tracking.rows``): each helper must
write what the template filters and widgets wrote before, case by case."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django import forms
from django.utils.html import escape as django_escape
from django.utils.text import Truncator

from cchc.tracking.rows import badge, due_cell, escape, shorten, when
from cchc.tracking.templatetags.tracking_tags import status_badge, vn_date
from cchc.ui.widgets import QuickDateInput, QuickNumberInput, QuickSelect


@pytest.mark.parametrize(
    "text",
    ["", "Ngắn", "a" * 159, "a" * 160, "a" * 161, "Rà soát, công bố thủ tục hành chính. " * 8],
)
def test_shorten_is_truncatechars_160(text):
    assert shorten(text) == Truncator(text).chars(160)


@pytest.mark.parametrize("text", ["a < b & c", "dấu \"kép\" và 'đơn'", "Thanh tra Sở", "<script>"])
def test_escape_is_djangos(text):
    assert escape(text) == str(django_escape(text))


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (None, "—"),
        (datetime(2026, 3, 4, 2, 30, tzinfo=UTC), "09:30 04/03/2026"),  # UTC → Asia/Ho_Chi_Minh
        (datetime(2026, 3, 4, 20, 15, tzinfo=UTC), "03:15 05/03/2026"),  # the next local day
    ],
)
def test_when_is_vn_date_in_vietnam(moment, shown):
    assert when(moment) == shown
    assert (vn_date(moment) or "—") == shown


@pytest.mark.parametrize("status", ["not_due", "overdue", "done_early", "extended"])
def test_badge_is_status_badge(status):
    assert badge(status) == str(status_badge(status)) == badge(status)


@pytest.mark.parametrize(
    ("due", "current", "extended", "shown"),
    [
        (date(2026, 3, 5), date(2026, 3, 5), False, "05/03/2026"),
        (None, None, False, '<span class="muted">chưa có ngày</span>'),
        (date(2026, 3, 5), None, False, "05/03/2026"),
        (date(2026, 3, 5), date(2026, 3, 20), True, "<s"),
    ],
)
def test_due_cell(due, current, extended, shown):
    cell = str(due_cell(due, current, extended))
    assert cell.startswith(shown)
    if extended:
        assert "05/03/2026" in cell and "20/03/2026" in cell and "gia hạn" in cell


def _attrs(html: str) -> set[str]:
    """The tag's attributes, whatever their order and spacing."""
    import re

    return set(re.findall(r'(\w+)(?:="([^"]*)")?', html.split(">", 1)[0][1:]))


CHOICES = [("", "Tất cả"), (1, "A & <b>"), ("x", "X")]


@pytest.mark.parametrize("value", ["", "1", 1, "x", None, "missing"])
def test_quick_select_writes_what_select_writes(value):
    slow = forms.Select(choices=CHOICES).render("n", value, {"id": "id_n"})
    quick = QuickSelect(choices=CHOICES).render("n", value, {"id": "id_n"})
    assert _attrs(quick) == _attrs(slow)
    assert "".join(slow.split("\n")).replace("  ", "").split(">", 1)[1] == quick.split(">", 1)[1]


@pytest.mark.parametrize("value", [None, date(2026, 3, 5), "05/03/2026", 'bad"<'])
def test_quick_date_input_writes_what_date_input_writes(value):
    kw = {"format": "%d/%m/%Y", "attrs": {"placeholder": "dd/mm/yyyy", "size": 10}}
    slow = forms.DateInput(**kw).render("tu_ngay", value, {"id": "id_tu_ngay"})
    quick = QuickDateInput(**kw).render("tu_ngay", value, {"id": "id_tu_ngay"})
    assert _attrs(quick) == _attrs(slow)


def test_quick_number_input_writes_what_number_input_writes():
    slow = forms.NumberInput(attrs={"min": 2000}).render("nam", 2026, {"id": "id_nam"})
    quick = QuickNumberInput(attrs={"min": 2000}).render("nam", 2026, {"id": "id_nam"})
    assert _attrs(quick) == _attrs(slow)
