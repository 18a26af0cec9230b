"""The overview's panels: each capability registers the panels it shows on the leadership's
and the Office's home page, and the page shows them in their order.

A panel is a title, a template, an order and a ``build`` function that reads what the panel
shows (None: nothing to show today, the panel is left out). Its ``stamp`` says what its
figures depend on besides the day: the follow-through's data version by default, the latest
dossier analysis for the dossier panel. The page keeps each panel's HTML under (department,
stamp, day), so a panel is computed once per change of its data, whoever opens the page.

A later capability (the satisfaction index, the self-assessment) adds a module here that
calls ``register`` with its panel and is imported by ``OverviewConfig.ready``; nothing else
of the page changes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cchc.orgs.models import Membership, Organisation

__all__ = ["Panel", "PanelContext", "register", "registered"]


@dataclass
class PanelContext:
    """What every panel may read: the department, the person, the day, the follow-through's
    data version read once for the request, and the plans the page shows (the board's
    current plans). ``memo`` shares a computation between the panels of one request."""

    org: Organisation
    membership: Membership
    today: date
    ver: int
    plan_ids: tuple[int, ...]
    memo: dict[str, Any] = field(default_factory=dict)

    def once(self, name: str, compute: Callable[[], Any]) -> Any:
        """``compute()`` the first time ``name`` is asked for in this request."""
        if name not in self.memo:
            self.memo[name] = compute()
        return self.memo[name]


def _data_version(ctx: PanelContext) -> Hashable:
    return ("ver", ctx.ver, ctx.plan_ids)


@dataclass(frozen=True)
class Panel:
    key: str  # the section's id on the page, Vietnamese ("tien-do", "ho-so")
    title: str
    template: str
    order: int
    build: Callable[[PanelContext], dict[str, Any] | None]
    stamp: Callable[[PanelContext], Hashable] = _data_version
    wide: bool = False  # spans the page's width (else one column of two on a wide screen)


_REGISTRY: dict[str, Panel] = {}


def register(panel: Panel) -> Panel:
    """Add (or replace, by key) a panel of the overview."""
    _REGISTRY[panel.key] = panel
    return panel


def registered() -> list[Panel]:
    """The panels in their order on the page."""
    return sorted(_REGISTRY.values(), key=lambda p: (p.order, p.key))
