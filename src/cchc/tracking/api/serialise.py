"""Obligations, reports and targets as the API writes them in JSON."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from cchc.plans.models import Target
from cchc.tracking import reports
from cchc.tracking.api.plumbing import iso, number, person, url
from cchc.tracking.models import (
    Obligation,
    Report,
)

# --- serialisers ------------------------------------------------------------------------------


def obligation_json(request: HttpRequest, o: Obligation) -> dict[str, Any]:
    return {
        "id": o.pk,
        "task": {"id": o.task_id, "number": o.task.number, "text": o.task.text},
        "plan": {"id": o.plan_id, "number": o.plan.number, "title": o.plan.title},
        "unit": {"code": o.unit.code, "name": o.unit.name},
        "period": {
            "key": o.period_key,
            "label": o.period_label,
            "start": iso(o.period_start),
            "end": iso(o.period_end),
        },
        "due_date": iso(o.due_date),
        "current_due": iso(o.current_due),
        "extended": o.extended,
        "completed_on": iso(o.completed_on),
        "status": o.status,
        "status_label": o.get_status_display(),
        "last_activity_at": iso(o.last_activity_at),
        "links": {
            "self": url(request, "api:obligation", o.pk),
            "reports": url(request, "api:reports", o.pk),
        },
    }


def report_json(request: HttpRequest, r: Report) -> dict[str, Any]:
    return {
        "id": r.pk,
        "obligation_id": r.obligation_id,
        "state": r.state,
        "state_label": r.get_state_display(),
        "version": r.version,
        "narrative": r.narrative,
        "progress": r.progress,
        "previous_id": r.previous_id,
        "created_by": person(r.created_by),
        "created_at": iso(r.created_at),
        "submitted_by": person(r.submitted_by),
        "submitted_at": iso(r.submitted_at),
        "reviewed_by": person(r.reviewed_by),
        "reviewed_at": iso(r.reviewed_at),
        "review_comment": r.review_comment,
        "evidence": [
            {
                "id": e.pk,
                "doc_number": e.doc_number,
                "doc_date": iso(e.doc_date),
                "summary": e.summary,
                "url": e.url,
                "file": url(request, "tracking:evidence_file", e.pk) if e.file else None,
            }
            for e in r.evidence.all()
        ],
        "measurements": [
            {
                "target_id": m.target.pk,
                "target": m.target.label or m.target.text,
                "value": number(m.value),
                "attainment": m.attainment.value,
                "attainment_label": m.attainment.label,
            }
            for m in reports.measurements_with_attainment(r)
            if m.value is not None
        ],
    }


def target_json(t: Target) -> dict[str, Any]:
    return {
        "id": t.pk,
        "text": t.text,
        "label": t.label,
        "op": t.op,
        "value": number(t.value),
        "unit": t.unit,
    }
