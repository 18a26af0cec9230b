"""Edits of an import draft: the parser's output as a JSON dict (``ParsedPlan.to_dict()``).

Pure Python (no Django): the services load the draft, call these, and save the result
under the draft's version check. Every function here edits the dict it is given.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from cchc.core.periods import Period
from cchc.core.schedule import parse_schedule
from cchc.core.targets import extract_targets
from cchc.core.text import fold
from cchc.core.units import UnitDirectory

# Statuses of a mention that leave the task without a unit to assign it to.
PROBLEM_STATUSES = frozenset({"unknown", "ambiguous", "unresolved"})
# A mention the Office marked "not one of the department's units" (an instruction, a person).
IGNORED = "ignored"

# The parser's own wording for a unit problem and a missing lead; recomputed after edits.
_UNIT_WARNING = re.compile(r"^Đơn vị “.*” (không xác định|chưa rõ là đơn vị nào)")
NO_LEAD_WARNING = "Chưa có đơn vị chủ trì."

EDITABLE_FIELDS = ("task", "schedule", "product", "note", "lead_units", "coordinating_units")


def split_mentions(value: str) -> list[str]:
    """Unit mentions typed in the edit form: one per line or separated by ";"."""
    parts = re.split(r"[;\n]", value or "")
    out: list[str] = []
    for p in parts:
        p = re.sub(r"^\s*[-+•]\s*", "", p).strip()
        if p and p not in out:
            out.append(p)
    return out


def ref_from_resolution(mention: str, resolution: Any) -> dict[str, Any]:
    return {
        "text": mention,
        "status": resolution.status,
        "codes": list(resolution.codes),
        "matched": resolution.matched,
        "score": round(float(resolution.score or 0.0), 1),
        "via": getattr(resolution, "via", None),
    }


def resolve_mention(directory: UnitDirectory, mention: str, overrides: dict[str, str] | None = None) -> dict:
    """Resolve one mention; ``overrides`` (folded text -> "-") marks texts the Office ignores."""
    if overrides and overrides.get(fold(mention)) == "-":
        return {
            "text": mention,
            "status": IGNORED,
            "codes": [],
            "matched": None,
            "score": 100.0,
            "via": "alias",
        }
    return ref_from_resolution(mention, directory.resolve(mention))


def resolve_task_units(
    task: dict[str, Any], directory: UnitDirectory, overrides: dict[str, str] | None = None
) -> None:
    task["units_resolved"] = {
        "lead": [resolve_mention(directory, m, overrides) for m in task.get("lead_units") or []],
        "coordinating": [
            resolve_mention(directory, m, overrides) for m in task.get("coordinating_units") or []
        ],
    }
    refresh_unit_warnings(task)


def refresh_unit_warnings(task: dict[str, Any]) -> None:
    kept = [w for w in task.get("warnings") or [] if not _UNIT_WARNING.match(w) and w != NO_LEAD_WARNING]
    for ref in unit_refs(task):
        if ref["status"] in PROBLEM_STATUSES:
            label = "chưa rõ là đơn vị nào" if ref["status"] == "ambiguous" else "không xác định"
            kept.append(f"Đơn vị “{ref['text']}” {label}: hãy chọn đơn vị tương ứng.")
    if not task.get("is_group") and not task.get("lead_units") and (task.get("task") or "").strip():
        kept.append(NO_LEAD_WARNING)
    task["warnings"] = _unique(kept)


def unit_refs(task: dict[str, Any], role: str | None = None) -> list[dict[str, Any]]:
    resolved = task.get("units_resolved") or {}
    roles = (role,) if role else ("lead", "coordinating")
    return [ref for r in roles for ref in resolved.get(r) or []]


def plan_period(parsed: dict[str, Any]) -> Period | None:
    p = (parsed.get("plan") or {}).get("period")
    if not p:
        return None
    return Period(date.fromisoformat(p["start"]), date.fromisoformat(p["end"]))


def reparse_schedule(task: dict[str, Any], period: Period | None, reporting_day: int | None = None) -> None:
    """Read the schedule text again (in ``period``) and swap its warnings in the row's list."""
    old = task.get("schedule") or {}
    old_warnings = set(old.get("warnings") or [])
    text = (old.get("text") or "").strip()
    warnings = [w for w in task.get("warnings") or [] if w not in old_warnings]
    if not text or period is None:
        task["schedule"] = (
            {"text": text, "due": [], "recurrence": None, "trigger": None, "kind": "unparsed", "warnings": []}
            if text
            else None
        )
    else:
        schedule = _parse_schedule(text, period, reporting_day)
        task["schedule"] = schedule.to_dict()
        warnings += [w for w in schedule.warnings if w not in warnings]
    task["warnings"] = warnings


def _parse_schedule(text: str, period: Period, reporting_day: int | None):
    try:
        return parse_schedule(text, period, reporting_day=reporting_day)
    except TypeError:  # an older parse_schedule without the reporting day
        return parse_schedule(text, period)


def set_schedule_text(
    task: dict[str, Any], text: str, period: Period | None, reporting_day: int | None
) -> None:
    schedule = dict(task.get("schedule") or {})
    schedule["text"] = text.strip()
    task["schedule"] = schedule
    reparse_schedule(task, period, reporting_day)


def reextract_targets(task: dict[str, Any]) -> None:
    targets = extract_targets(task.get("product") or "")
    if not targets and task.get("objective"):
        targets = extract_targets(task["objective"])
    task["targets"] = [t.to_dict() for t in targets]


def set_cell(
    task: dict[str, Any],
    field: str,
    value: str,
    *,
    directory: UnitDirectory,
    overrides: dict[str, str] | None,
    period: Period | None,
    reporting_day: int | None,
) -> None:
    """Apply one edited cell and recompute what depends on it."""
    value = (value or "").strip()
    if field == "task":
        task["task"] = value
        refresh_unit_warnings(task)
    elif field == "schedule":
        set_schedule_text(task, value, period, reporting_day)
    elif field == "product":
        task["product"] = value
        reextract_targets(task)
    elif field == "note":
        task["note"] = value
    elif field in ("lead_units", "coordinating_units"):
        task[field] = split_mentions(value)
        resolve_task_units(task, directory, overrides)
    else:
        raise ValueError(f"field {field!r} cannot be edited")


def lead_problems(parsed: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    """(row index, ref) of every lead mention that still names no unit."""
    return [
        (i, ref)
        for i, task in enumerate(parsed.get("tasks") or [])
        for ref in unit_refs(task, "lead")
        if ref["status"] in PROBLEM_STATUSES
    ]


def problem_names(parsed: dict[str, Any], role: str | None = None) -> list[str]:
    """The unit names still to decide, each written way counted once however many rows carry
    it (compared folded: "Văn phòng sở" and "VĂN PHÒNG SỞ" are one name); ``role="lead"``:
    those in a "chủ trì" cell, which stop the confirmation. The one count the preview shows."""
    return sorted(
        (
            entry["text"]
            for entry in mention_index(parsed).values()
            if entry["ref"]["status"] in PROBLEM_STATUSES and (role is None or role in entry["roles"])
        ),
        key=fold,
    )


def mention_index(parsed: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Distinct unit mentions of the draft by folded text, with their status and rows."""
    out: dict[str, dict[str, Any]] = {}
    for i, task in enumerate(parsed.get("tasks") or []):
        for role in ("lead", "coordinating"):
            for ref in unit_refs(task, role):
                key = fold(ref["text"])
                entry = out.setdefault(
                    key, {"key": key, "text": ref["text"], "ref": ref, "rows": [], "roles": set()}
                )
                if i not in entry["rows"]:
                    entry["rows"].append(i)
                entry["roles"].add(role)
    return out


def split_plan_warnings(parsed: dict[str, Any]) -> None:
    """Keep only plan-level warnings at the top: the parser repeats every row's warnings there,
    which would go stale once a row is fixed (rows carry their own)."""
    row_warnings = {w for t in parsed.get("tasks") or [] for w in t.get("warnings") or []}
    parsed["warnings"] = [
        w for w in parsed.get("warnings") or [] if not any(w.endswith(": " + rw) for rw in row_warnings)
    ]


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


# --- the document's tables: which are imported ---------------------------------------------------


def table_of(item: dict[str, Any]) -> int:
    """The index of the document table a task or section row came from (0: a one-table draft)."""
    return int(item.get("table") or 0)


def chosen_tables(parsed: dict[str, Any]) -> set[int]:
    """The tables whose rows the draft imports now (all of them until the Office chooses)."""
    aside = parsed.get("set_aside") or {}
    left_out = {table_of(x) for x in (aside.get("tasks") or []) + (aside.get("sections") or [])}
    left_out |= {int(t["index"]) for t in parsed.get("tables") or [] if t.get("included") is False}
    return {int(t["index"]) for t in parsed.get("tables") or []} - left_out


def choose_tables(
    parsed: dict[str, Any], included: set[int], refresh: Callable[[dict[str, Any]], None]
) -> None:
    """Import the rows of the ``included`` tables only: the tasks and target rows of the others
    are set aside in ``parsed["set_aside"]`` (so every count, check and the confirmation ignore
    them) and come back, in their place and ``refresh``-ed (units and schedules read again as
    the draft now stands), when chosen again."""
    aside = parsed.get("set_aside") or {}
    for key in ("tasks", "sections"):
        rows = (parsed.get(key) or []) + (aside.get(key) or [])
        back = [r for r in aside.get(key) or [] if table_of(r) in included]
        if key == "tasks":
            for task in back:
                refresh(task)
        # Stable by table: a table's rows are all kept or all set aside, so each comes back whole
        # and in its own order, after the tables before it.
        rows.sort(key=table_of)
        parsed[key] = [r for r in rows if table_of(r) in included]
        aside[key] = [r for r in rows if table_of(r) not in included]
    parsed["set_aside"] = aside
    for table in parsed.get("tables") or []:
        table["included"] = int(table["index"]) in included
