"""The board's and the unit pages' reads, cached under the department's data version
(``tracking.cache``: any change to its obligations, reports, plans or units bumps the version,
so nothing here is ever stale). The views ask these; the keys and what is cached live here.

``ver`` is the version the request read once (``cache.request_version``): every read of one
page uses the same one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from django.db.models import QuerySet

from cchc.orgs.models import Organisation, Unit
from cchc.tracking import cache, selectors
from cchc.tracking.models import Obligation


def filter_options(org: Organisation, ver: int) -> dict[str, Any]:
    """The filters' choices (plans, units, areas) of the department."""
    return cache.cached(cache.make_key("options", org.pk, ver), lambda: selectors.filter_options(org))


def current_plan_ids(org: Organisation, ver: int, today: date) -> list[int]:
    """The ids of the plans a list shows by default (``selectors.current_plans``)."""
    key = cache.make_key("current-plans", org.pk, ver, today)
    return cache.cached(key, lambda: [p.pk for p in selectors.current_plans(org, today)])


def board_counts(
    org_id: int, ver: int, filters: selectors.BoardFilters, qs: QuerySet[Obligation]
) -> dict[str, Any]:
    """The board's figures for ``filters`` (``qs``: the board's obligations under them)."""
    key = cache.make_key("board", org_id, ver, filters) + ":counts"
    return cache.cached(key, lambda: selectors.board_counts(qs))


def unit_key(unit: Unit, ver: int, today: date, filters: selectors.BoardFilters) -> str:
    """The prefix of a unit list's cached parts (its summary here, its pages' ids in
    ``selectors.unit_page``)."""
    return cache.make_key("unit", unit.organisation_id, ver, unit.pk, today, filters)


def unit_summary(
    unit: Unit, ver: int, today: date, filters: selectors.BoardFilters, windows: selectors.DueWindows
) -> Any:
    key = unit_key(unit, ver, today, filters)
    return cache.cached(
        f"{key}:summary", lambda: selectors.unit_summary(unit, filters, today=today, windows=windows)
    )


def units_overview(org: Organisation, ver: int, plan_ids: tuple[int, ...]) -> Any:
    key = cache.make_key("units", org.pk, ver, plan_ids)
    return cache.cached(key, lambda: selectors.units_overview(org, plan_ids))


def fragment[T](kind: str, org_id: int, ver: int, parts: Sequence[Any], build: Callable[[], T]) -> T:
    """A page's part built from the data alone (its HTML above the rows, a unit's list), for
    one department at one data version and one set of ``parts`` (day, parameters, …)."""
    return cache.cached(cache.make_key(kind, org_id, ver, *parts), build)
