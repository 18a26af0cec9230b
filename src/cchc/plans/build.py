"""Writing a confirmed draft as rows: the plan's Tasks, their TaskUnits and Targets.

Called by ``services.confirm_import`` inside its transaction; ``current["index"]`` says
which draft row was being written when the database refused one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from cchc.core.planread import TaskDraft
from cchc.core.targets import TargetDraft
from cchc.orgs.models import Unit
from cchc.plans import drafting
from cchc.plans.models import Plan, Target, Task, TaskUnit


def build_tasks(
    plan: Plan,
    parsed: dict[str, Any],
    current: dict[str, Any],
    *,
    progress: Callable[[str, int, int], None] | None = None,
) -> None:
    """The draft's rows as the plan's Tasks, TaskUnits and Targets; ``current["index"]`` is the
    row being written (named if one fails), ``progress("tasks", done, total)`` every 50 rows."""
    units = {u.code: u for u in Unit.objects.filter(organisation=plan.organisation)}
    by_number: dict[str, Task] = {}
    section_key: tuple[Any, Any] | None = None
    total = len(parsed["tasks"])
    for index, t in enumerate(parsed["tasks"]):
        current["index"] = index
        if progress is not None and index % 50 == 0:
            progress("tasks", index, total)
        links, unresolved = _task_links(t, units)  # may add a warning to the row: read it after
        draft = TaskDraft.from_dict(t)
        key = (draft.section, draft.section_title)
        if key != section_key:  # numbers restart in every section (even a duplicated "IX")
            section_key, by_number = key, {}
        number = draft.number
        parent_of = draft.parent or parent_number(number)
        task = Task.objects.create(
            plan=plan,
            order=index + 1,
            section=draft.section or "",
            section_title=draft.section_title,
            area=draft.area,
            number=number,
            parent=by_number.get(parent_of) if parent_of else None,
            is_group=draft.is_group,
            text=t["task"],  # as stored: a crafted row without text is refused (NOT NULL), named
            method=draft.method,
            objective=draft.objective,
            activity=draft.activity,
            schedule_text=draft.schedule.text if draft.schedule else "",
            schedule=draft.schedule.to_dict() if draft.schedule else None,
            product=draft.product,
            note=draft.note,
            budget=draft.budget,
            extra=draft.extra,
            source_rows=list(draft.source_rows),
            warnings=draft.warnings,
            unresolved_units=unresolved,
        )
        if number:
            by_number[number] = task
        TaskUnit.objects.bulk_create(
            TaskUnit(task=task, unit=units[code], role=role, mention=mention)
            for (code, role), mention in links.items()
        )
        Target.objects.bulk_create(
            _target(plan, task, draft.section or "", d, value)
            for d in draft.targets
            if (value := _value(d.value)) is not None
        )
    current["index"] = None
    for s in parsed.get("sections") or []:
        Target.objects.bulk_create(
            _target(plan, None, s.get("section") or "", d, value, label=s.get("title") or "")
            for d in map(TargetDraft.from_dict, s.get("targets") or [])
            if (value := _value(d.value)) is not None
        )


def _task_links(t: dict[str, Any], units: dict[str, Unit]) -> tuple[dict[tuple[str, str], str], list[dict]]:
    """(unit code, role) -> mention for every unit a row names, and the mentions naming none.

    A group of coordinators leaves out the row's own lead: "Văn phòng Sở" leads, "các phòng,
    đơn vị thuộc Sở" help; the Office does not coordinate with itself.
    """
    links: dict[tuple[str, str], str] = {}
    via_group: set[tuple[str, str]] = set()
    unresolved: list[dict[str, Any]] = []
    for role in ("lead", "coordinating"):
        for ref in drafting.unit_refs(t, role):
            found = [units[c] for c in ref.get("codes") or [] if c in units]
            if ref["status"] in ("unit", "group", "external") and found:
                for unit in found:
                    if (unit.code, role) not in links:
                        links[(unit.code, role)] = ref["text"]
                        if ref["status"] == "group":
                            via_group.add((unit.code, role))
            elif ref["status"] != drafting.IGNORED:
                unresolved.append(
                    {
                        "text": ref["text"],
                        "role": role,
                        "status": ref["status"],
                        "candidates": list(ref.get("codes") or []),
                    }
                )
                if role == "lead" and ref["status"] in drafting.PROBLEM_STATUSES:
                    warning = f"Chưa xác định được đơn vị chủ trì “{ref['text']}”: hãy gán đơn vị."
                    if warning not in t.setdefault("warnings", []):
                        t["warnings"].append(warning)
    leads = {code for code, role in links if role == "lead"}
    for code, role in via_group:
        if role == "coordinating" and code in leads:
            del links[(code, role)]
    return links, unresolved


def parent_number(number: str | None) -> str | None:
    if number and "." in number.strip("."):
        return number.strip(".").rsplit(".", 1)[0]
    return None


def _value(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None


def _target(
    plan: Plan, task: Task | None, section: str, d: TargetDraft, value: Decimal, label: str = ""
) -> Target:
    return Target(
        plan=plan,
        task=task,
        section=section,
        text=d.text,
        metric=d.metric,
        label=d.label or label,
        op=d.op,
        value=value,
        unit=d.unit,
        scope=d.scope or "",
        kind=d.kind,
        due=_date(d.due),
    )


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None
