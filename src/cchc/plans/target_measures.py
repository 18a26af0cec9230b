"""Values measured elsewhere for a plan's targets (today the dossier analyses' ``TargetMeasure``).

The plans app sits below the apps that measure, so it does not read their tables: an app that
measures targets registers a source here in its ``AppConfig.ready()`` (``dossiers`` does), and
the plan and task pages ask ``measures_for``. Without a registered source a target simply
shows no measured value.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

# target ids -> {target id: the measure the page shows (``measured``, ``indicator``, ``attainment``)}
MeasureSource = Callable[[Collection[int]], Mapping[int, Any]]

_SOURCES: dict[str, MeasureSource] = {}


def register(name: str, source: MeasureSource) -> None:
    """Add (or replace, by ``name``: ``ready()`` may run twice in tests) a source of measures."""
    _SOURCES[name] = source


def measures_for(target_ids: Collection[int]) -> dict[int, Any]:
    """Each target's measured value, if a source has one; no query when there is no target."""
    found: dict[int, Any] = {}
    if not target_ids:
        return found
    for source in _SOURCES.values():
        found.update(source(target_ids))
    return found
