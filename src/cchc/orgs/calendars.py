"""The working calendar of a department: national holidays (seeded), then the editable table.

``calendar_for(org)`` is what every part of the system uses (due dates, reminders, "early",
dossier analytics). The table (``CalendarDay``) has national rows (blank province) and rows of
the department's province; a province row wins over a national one on the same day.

Cache: one ``WorkCalendar`` per province per process, reused while the table's rows for that
province are unchanged. The check reads those rows (a few dozen a year) on every call, so an
edit made by another process (the admin vs the worker) is seen at once, and a rolled-back
test transaction never leaves a stale calendar behind.
"""

from __future__ import annotations

import threading

from django.db.models.signals import post_delete, post_save

from cchc.core.calendar import DayOverride, WorkCalendar
from cchc.orgs.models import CalendarDay, Organisation

__all__ = ["calendar_for", "calendar_for_province", "clear_calendar_cache"]

_lock = threading.Lock()
_cache: dict[str, tuple[tuple, WorkCalendar]] = {}


def calendar_for(org: Organisation) -> WorkCalendar:
    """The working calendar of ``org``'s province."""
    return calendar_for_province(org.province)


def calendar_for_province(province: str) -> WorkCalendar:
    province = (province or "").strip()
    provinces = [""] if not province else ["", province]
    rows = tuple(
        CalendarDay.objects.filter(province__in=provinces)
        .order_by("day", "province")
        .values_list("province", "day", "working", "name")
    )
    with _lock:
        cached = _cache.get(province)
        if cached is not None and cached[0] == rows:
            return cached[1]
    overrides: dict = {}
    # Sorted by province within a day: "" (national) first, the province's row overwrites it.
    for _prov, day, working, name in rows:
        overrides[day] = DayOverride(day, working, name)
    calendar = WorkCalendar(overrides.values())
    with _lock:
        _cache[province] = (rows, calendar)
    return calendar


def clear_calendar_cache(**_kwargs: object) -> None:
    with _lock:
        _cache.clear()


# Same-process edits drop the cache at once (the row check above catches the others too).
post_save.connect(clear_calendar_cache, sender=CalendarDay, dispatch_uid="cchc.calendar.save")
post_delete.connect(clear_calendar_cache, sender=CalendarDay, dispatch_uid="cchc.calendar.delete")
