"""Reads of the plans app: lists, and the views of a draft and a plan the templates show."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from cchc.core.schedule import Schedule
from cchc.orgs.calendars import calendar_for
from cchc.orgs.models import Organisation, Unit
from cchc.orgs.selectors import group_choices, unit_names
from cchc.plans import checks, drafting, labels, target_measures
from cchc.plans.models import ConfirmJob, Plan, PlanImport, Target, Task, TaskUnit


def plans_for(org: Organisation) -> QuerySet[Plan]:
    return (
        Plan.objects.filter(organisation=org)
        .annotate(task_count=Count("tasks", filter=Q(tasks__is_group=False)))
        .select_related("created_by")
    )


def open_drafts(org: Organisation) -> QuerySet[PlanImport]:
    """The drafts waiting for the Office, and those being confirmed in the background."""
    waiting = (PlanImport.Status.DRAFT, PlanImport.Status.CONFIRMING)
    return PlanImport.objects.filter(organisation=org, status__in=waiting).select_related("created_by")


def latest_confirm_job(draft: PlanImport) -> ConfirmJob | None:
    return ConfirmJob.objects.filter(draft=draft).order_by("-created_at", "-id").first()


def draft_for(org: Organisation, pk: int) -> PlanImport:
    return get_object_or_404(
        PlanImport.objects.select_related("organisation", "plan"), pk=pk, organisation=org
    )


def plan_for(org: Organisation, pk: int) -> Plan:
    return get_object_or_404(Plan, pk=pk, organisation=org)


# --- Draft preview ------------------------------------------------------------------------------


def ref_view(ref: dict[str, Any], names: dict[str, str], group_labels: dict[str, str] | None = None) -> dict:
    status = ref.get("status") or "unresolved"
    codes = list(ref.get("codes") or [])
    members = [names.get(c, c) for c in codes]
    if status == "unit":
        label = members[0] if members else (ref.get("matched") or ref["text"])
    elif status == "group":
        label = ref.get("matched") or "Nhóm đơn vị"
    elif status == "external":
        label = ref.get("matched") or ref["text"]
    elif status == "ambiguous":
        label = "Chưa rõ: " + " / ".join(members) if members else "Chưa rõ"
    elif status == drafting.IGNORED:
        label = "Không phải đơn vị của Sở"
    else:
        label = "Không xác định"
    return {
        "text": ref["text"],
        "status": status,
        "status_label": labels.UNIT_STATUS.get(status, status),
        "label": label,
        "members": members,
        "problem": status in drafting.PROBLEM_STATUSES,
        "same_as_text": label.casefold() == ref["text"].casefold(),
    }


def schedule_view(schedule: dict[str, Any] | None) -> dict[str, Any] | None:
    if not schedule:
        return None
    s = Schedule.from_dict(schedule)
    return {
        "text": s.text,
        "kind": s.kind,
        "kind_label": labels.schedule_kind(s.kind),
        "due": [labels.vn_date(d) for d in s.due],
        "items": [{"label": i.label, "due": labels.vn_date(i.due)} for i in s.items],
        "from_note": s.source == "note",
        "trigger": s.trigger,
        "recurrence": s.recurrence,
        "unparsed": s.kind == "unparsed",
        # "Thường xuyên" read as "Thường xuyên" says nothing new: the kind is shown only when it adds.
        "show_kind": labels.schedule_kind(s.kind).casefold() != s.text.casefold(),
    }


def row_label(task: dict[str, Any]) -> str:
    section = f"Mục {task['section']}" if task.get("section") else "Ngoài mục"
    number = f"nhiệm vụ {task['number']}" if task.get("number") else "nhiệm vụ (không số)"
    return f"{section}, {number}"


def preview(draft: PlanImport) -> dict[str, Any]:
    """Everything the preview screen shows, computed from the draft's JSON."""
    org = draft.organisation
    parsed = draft.parsed or {}
    names = unit_names(org)
    rows = []
    for i, t in enumerate(parsed.get("tasks") or []):
        resolved = t.get("units_resolved") or {}
        rows.append(
            {
                "index": i,
                "anchor": f"task-{i}",
                "label": row_label(t),
                "task": t,
                "lead": [ref_view(r, names) for r in resolved.get("lead") or []],
                "coord": [ref_view(r, names) for r in resolved.get("coordinating") or []],
                "schedule": schedule_view(t.get("schedule")),
                "targets": [labels.target_view(x) for x in t.get("targets") or []],
                "warnings": list(t.get("warnings") or []),
                "new_section": i == 0 or _section_key(t) != _section_key(parsed["tasks"][i - 1]),
                "new_table": i == 0 or drafting.table_of(t) != drafting.table_of(parsed["tasks"][i - 1]),
                "extras": extras_view(t.get("extra")),
            }
        )
    mentions = []
    for n, entry in enumerate(
        sorted(
            drafting.mention_index(parsed).values(),
            key=lambda e: (e["ref"]["status"] not in drafting.PROBLEM_STATUSES, e["text"]),
        )
    ):
        view = ref_view(entry["ref"], names)
        mentions.append(
            {
                **view,
                "anchor": f"mention-{n}",
                "rows": entry["rows"],
                "row_count": len(entry["rows"]),
                "lead": "lead" in entry["roles"],
            }
        )
    anchors = {m["text"]: m["anchor"] for m in mentions}
    for row in rows:
        for ref in row["lead"] + row["coord"]:
            ref["anchor"] = anchors.get(ref["text"], "")
    tables = _tables_view(parsed)
    for row in rows:
        row["table"] = tables["table_headings"].get(drafting.table_of(row["task"]))
    meta = parsed.get("plan") or {}
    period = meta.get("period") or {}
    row_warning_count = sum(len(r["warnings"]) for r in rows)
    return {
        "meta": meta,
        "period_start": labels.vn_date(period.get("start")),
        "period_end": labels.vn_date(period.get("end")),
        "issued_on": labels.vn_date(meta.get("issued_on")),
        "rows": rows,
        "task_count": sum(1 for r in rows if not r["task"].get("is_group")),
        "plan_warnings": list(parsed.get("warnings") or []),
        "warning_rows": [r for r in rows if r["warnings"]],
        "warning_count": row_warning_count + len(parsed.get("warnings") or []),
        "problem_mentions": [m for m in mentions if m["problem"]],
        "other_mentions": [m for m in mentions if not m["problem"]],
        # One count of the names to decide: each written way once (``drafting.problem_names``).
        "lead_problem_count": len(drafting.problem_names(parsed, "lead")),
        "sections": [s for s in parsed.get("sections") or [] if s.get("source") != "indicator_table"],
        "indicators": [
            {
                **s,
                "read_as": [labels.target_view(x) for x in s.get("targets") or []],
            }
            for s in parsed.get("sections") or []
            if s.get("source") == "indicator_table"
        ],
        **tables,
    }


TABLE_KINDS = {"task": "Bảng nhiệm vụ", "indicator": "Bảng chỉ tiêu"}
# The extra columns a task table may have (``planread`` keys), as the preview and the task page
# name them; a column the reader does not know keeps its own header as its key.
EXTRA_LABELS = {
    "responsible_head": "Người đứng đầu chịu trách nhiệm",
    "task_group": "Thuộc nhóm nhiệm vụ",
    "content": "Nội dung chính",
    "status": "Tình trạng",
}
STRUCTURE_KEYS = {"part", "part_title", "subsection"}  # shown by the sections, not as fields


def extras_view(extra: dict[str, Any] | None) -> list[tuple[str, str]]:
    """A task's extra columns as (label, text), in the document's order."""
    return [
        (EXTRA_LABELS.get(key, key), str(value))
        for key, value in (extra or {}).items()
        if key not in STRUCTURE_KEYS and value not in (None, "")
    ]


def _tables_view(parsed: dict[str, Any]) -> dict[str, Any]:
    """The document's tables as the preview lists them, with what each brings and whether it is
    imported; ``table_headings``: index -> heading, for the rows of the task list."""
    chosen = drafting.chosen_tables(parsed)
    aside = parsed.get("set_aside") or {}
    brings: dict[int, int] = {}
    for item in (parsed.get("tasks") or []) + (aside.get("tasks") or []):
        if not item.get("is_group"):
            brings[drafting.table_of(item)] = brings.get(drafting.table_of(item), 0) + 1
    for item in (parsed.get("sections") or []) + (aside.get("sections") or []):
        if item.get("source") == "indicator_table":
            brings[drafting.table_of(item)] = brings.get(drafting.table_of(item), 0) + 1
    tables = [
        {
            "index": int(t["index"]),
            "number": int(t["index"]) + 1,
            "heading": t.get("heading") or "",
            "kind": t.get("kind") or "task",
            "kind_label": TABLE_KINDS.get(t.get("kind") or "task", "Bảng"),
            "count": brings.get(int(t["index"]), 0),
            "included": int(t["index"]) in chosen,
        }
        for t in parsed.get("tables") or []
    ]
    return {
        "tables": tables,
        "table_headings": {t["index"]: t for t in tables},
        "several_tables": len(tables) > 1,
    }


def preview_checks(draft: PlanImport, today: date) -> dict[str, Any]:
    """The plan-wide checks of the preview and its tracking start (``plans.checks``)."""
    org = draft.organisation
    parsed = draft.parsed or {}
    start, before = checks.tracking_of(parsed, today)
    counts = checks.due_counts(parsed, org, today=today, start=start, calendar=calendar_for(org))
    found = checks.plan_checks(org, parsed, today=today, start=start, before=before, counts=counts)
    return {
        "checks": found,
        "duplicate": next((c for c in found if c.kind == "duplicate"), None),
        "tracking_start": start,
        "before_tracking": before,
        "counts": counts,
    }


def _section_key(task: dict[str, Any]) -> tuple[Any, Any]:
    return (task.get("section"), task.get("section_title"))


def unit_options(org: Organisation) -> dict[str, Any]:
    """The choices of the "Chọn đơn vị" select: units, groups, outside bodies, "not a unit"."""
    units = list(org.units.filter(is_active=True).order_by("order", "name"))
    return {
        "internal": [u for u in units if u.kind != Unit.Kind.EXTERNAL],
        "external": [u for u in units if u.kind == Unit.Kind.EXTERNAL],
        "groups": [
            {"key": k, "label": label, "members": members} for k, label, members in group_choices(org)
        ],
    }


# --- Plan page ----------------------------------------------------------------------------------


def plan_sections(plan: Plan) -> list[dict[str, Any]]:
    """The plan's tasks grouped by section, in the document's order."""
    tasks = list(
        plan.tasks.order_by("order").prefetch_related(
            Prefetch("task_units", queryset=TaskUnit.objects.select_related("unit").order_by("unit__order")),
            Prefetch("targets", queryset=Target.objects.order_by("id")),
        )
    )
    # With the value measured for each target, if any (the dossier analyses), in one query.
    measures = target_measures.measures_for([t.pk for task in tasks for t in task.targets.all()])
    sections: list[dict[str, Any]] = []
    for task in tasks:
        key = (task.section, task.section_title)
        if not sections or sections[-1]["key"] != key:
            sections.append({"key": key, "section": task.section, "title": task.section_title, "tasks": []})
        sections[-1]["tasks"].append(task_view(task, measures))
    return sections


def task_view(task: Task, measures: Mapping[int, Any] | None = None) -> dict[str, Any]:
    """A task as its page shows it; ``measures``: its targets' measured values (read through
    ``target_measures`` when not given)."""
    units = list(task.task_units.all())
    targets = list(task.targets.all())
    if measures is None:
        measures = target_measures.measures_for([t.pk for t in targets])
    return {
        "task": task,
        "anchor": f"t{task.pk}",
        "extras": extras_view(task.extra),
        "lead": _by_mention(tu for tu in units if tu.role == TaskUnit.Role.LEAD),
        "coord": _by_mention(tu for tu in units if tu.role == TaskUnit.Role.COORDINATING),
        "unresolved_lead": [u for u in task.unresolved_units or [] if u.get("role") == "lead"],
        "unresolved_coord": [u for u in task.unresolved_units or [] if u.get("role") != "lead"],
        "schedule": schedule_view(task.schedule),
        "targets": [{**labels.target_view(t), "measure": measures.get(t.pk)} for t in targets],
    }


def _by_mention(task_units) -> list[dict[str, Any]]:
    """A task's units folded back into the mentions they came from: a group mention
    ("Các phòng chuyên môn") shows as one line with its units, not ten lines."""
    out: list[dict[str, Any]] = []
    index: dict[str, dict[str, Any]] = {}
    for tu in task_units:
        entry = index.get(tu.mention)
        if entry is None:
            entry = index[tu.mention] = {"mention": tu.mention, "units": []}
            out.append(entry)
        entry["units"].append(tu.unit)
    return out


def section_targets(plan: Plan) -> list[Target]:
    return list(plan.targets.filter(task__isnull=True).order_by("id"))


# --- plan list ----------------------------------------------------------------------------------


def deleted_plans(org: Organisation, limit: int = 20) -> list[Any]:
    """The audit of deleted plans: who deleted which plan, and when (the plan's history)."""
    return list(
        Plan.history.filter(organisation_id=org.pk, history_type="-")
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    )


def unit_task_ids(plan: Plan, unit_id: int | None) -> set[int]:
    """The plan's tasks a unit leads or coordinates (the task pages its people may open)."""
    if unit_id is None:
        return set()
    return set(TaskUnit.objects.filter(task__plan=plan, unit_id=unit_id).values_list("task_id", flat=True))
