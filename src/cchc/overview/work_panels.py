"""The follow-through's panels of the overview: the current plans' progress, the work by
area, the units ranked by on-time rate, this week's due and overdue work."""

from __future__ import annotations

from typing import Any

from django.utils.safestring import mark_safe

from cchc.overview import work
from cchc.overview.panels import Panel, PanelContext, register
from cchc.tracking import cached
from cchc.ui import charts


def _figures(ctx: PanelContext) -> work.WorkFigures | None:
    """The current plans' figures, once per request, cached under the data version and day
    (None: the department follows no plan yet)."""

    def compute() -> work.WorkFigures | None:
        if not ctx.plan_ids:
            return None
        options = cached.filter_options(ctx.org, ctx.ver)
        plans = [p for p in options["plans"] if p.pk in ctx.plan_ids]
        units = list(ctx.org.units.order_by("order", "name"))
        board_units = {u.code for u in options["units"]}
        return work.work_figures(ctx.org, plans, units, board_units, ctx.today)

    return ctx.once(
        "work",
        lambda: cached.fragment("overview-work", ctx.org.pk, ctx.ver, (ctx.today, ctx.plan_ids), compute),
    )


def _with(ctx: PanelContext, **extra: Any) -> dict[str, Any] | None:
    figures = _figures(ctx)
    if figures is None:
        return {"empty": True}
    return {"w": figures, "columns": work.COLUMNS, "legend": mark_safe(charts.legend(work.COLUMNS)), **extra}


register(
    Panel(
        key="tien-do",
        title="Tiến độ các kế hoạch hiện hành",
        template="overview/panel_progress.html",
        order=10,
        build=_with,
        wide=True,
    )
)
register(
    Panel(
        key="linh-vuc",
        title="Theo lĩnh vực cải cách",
        template="overview/panel_areas.html",
        order=20,
        build=_with,
        wide=True,
    )
)
register(
    Panel(
        key="don-vi",
        title="Xếp hạng đơn vị theo tỷ lệ đúng hạn",
        template="overview/panel_units.html",
        order=30,
        build=_with,
        wide=True,
    )
)
register(
    Panel(
        key="tuan-nay",
        title="Việc đến hạn tuần này và quá hạn",
        template="overview/panel_week.html",
        order=40,
        build=_with,
    )
)
