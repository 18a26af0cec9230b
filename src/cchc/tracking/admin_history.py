"""The admin's history pages (django-simple-history) in the words of the screens.

simple-history shows each change as the stored values: ``not_due → extended``,
``False → True``, ``None``, ``2026-12-07 01:54:00.063133+00:00``. A clerk reads the
status's name, Có/Không, an empty mark, and a moment written as everywhere else
("HH:MM dd/mm/yyyy").
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from cchc.plans.labels import number
from cchc.tracking.templatetags.tracking_tags import vn_date

EMPTY = "(trống)"


def readable(field: models.Field, value: Any) -> Any:
    """A stored value as the screens write it."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, (date, datetime)):
        return vn_date(value)
    if isinstance(value, (Decimal, float)):
        return number(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return value


class _Helper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change: Any, value: Any) -> Any:
        field = self.model._meta.get_field(change.field)
        return readable(field, super().prepare_delta_change_value(change, value))


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose history page writes values as the screens do."""

    # simple-history's list, with an empty change reason left blank (not "None").
    object_history_list_template = "admin/cchc_history_list.html"

    def get_historical_record_context_helper(self, request: Any, historical_record: Any) -> _Helper:
        return _Helper(self.model, historical_record)
