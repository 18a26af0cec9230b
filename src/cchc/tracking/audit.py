"""The audit trail as people read it: who, when, what changed (old → new), in Vietnamese.

The records are django-simple-history's. ``history_of(obligation)`` merges the
obligation's own records with those of its reports, their evidence and measured values,
the contributions and the extension requests; ``history_of(report)`` a report's with its
evidence and values; any other object with a history gives its own records, and an
object without one gives none. A task's history also holds the changes of its units
(``task_units``), which its own columns do not: they are read from Django's admin log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone

from cchc.orgs.models import Unit
from cchc.orgs.names import full_name
from cchc.plans.models import Target, Task
from cchc.tracking.models import Contribution, Evidence, ExtensionRequest, Measurement, Obligation, Report

# Bookkeeping that changes with every write and says nothing to a reader, and the moments of
# acts (submitted, reviewed, decided), which are the change's own time.
SKIPPED_FIELDS = frozenset(
    {
        "id",
        "version",
        "created_at",
        "updated_at",
        "last_activity_at",
        "obligation",
        "report",
        "organisation",
        "submitted_at",
        "reviewed_at",
        "decided_at",
    }
)
TEXT_LIMIT = 80

SUBJECTS: dict[type[models.Model], str] = {
    Obligation: "Nghĩa vụ báo cáo",
    Report: "Báo cáo",
    Evidence: "Tài liệu kiểm chứng",
    Measurement: "Số liệu",
    Contribution: "Ý kiến phối hợp",
    ExtensionRequest: "Đề nghị gia hạn",
}
CREATED = {
    Obligation: "Tạo nghĩa vụ báo cáo",
    Report: "Soạn báo cáo",
    Evidence: "Thêm tài liệu kiểm chứng",
    Measurement: "Nhập số liệu",
    Contribution: "Gửi ý kiến phối hợp",
    ExtensionRequest: "Đề nghị gia hạn",
}
DELETED = {Evidence: "Bỏ tài liệu kiểm chứng", Measurement: "Xóa số liệu"}
# What a change of state means, said as the act a person did.
# Keyed by (model, state value): a TextChoices member equals its string value.
STATE_ACTS: dict[tuple[type[models.Model], str | None], str] = {
    (Report, Report.State.SUBMITTED): "Gửi báo cáo",
    (Report, Report.State.RETURNED): "Trả lại báo cáo",
    (Report, Report.State.ACCEPTED): "Chấp nhận báo cáo",
    (ExtensionRequest, ExtensionRequest.State.APPROVED): "Đồng ý gia hạn",
    (ExtensionRequest, ExtensionRequest.State.REJECTED): "Không đồng ý gia hạn",
}
# The fields that name a new record in its "created" line.
CREATED_FIELDS = {
    Obligation: ("period_label", "due_date", "unit"),
    Report: ("state", "progress"),
    Evidence: ("doc_number", "doc_date", "summary"),
    Measurement: ("target", "value"),
    Contribution: ("unit", "text"),
    ExtensionRequest: ("requested_due", "reason"),
}


@dataclass(frozen=True, slots=True)
class Change:
    who: Any  # the User who made the change, None when the system did
    when: datetime
    what: str  # e.g. "Trả lại báo cáo #12: tình trạng: Đã gửi, chờ duyệt → Bị trả lại; …"
    subject: str = ""  # e.g. "Báo cáo #12"
    action: str = "~"  # "+" created, "~" changed, "-" deleted

    @property
    def who_name(self) -> str:
        if self.who is None:
            return "Hệ thống"
        return full_name(self.who)

    def __str__(self) -> str:
        return f"{timezone.localtime(self.when):%H:%M %d/%m/%Y} {self.who_name}: {self.what}"


def history_of(obj: models.Model) -> list[Change]:
    """Every recorded change of ``obj`` (and of what belongs to it), oldest first."""
    sources = _sources(obj)
    if not sources:
        return []
    records = [(model, r) for model, qs in sources for r in qs.order_by("history_date", "history_id")]
    names = _Names(records)
    changes: list[tuple[datetime, int, Change]] = []
    previous: dict[tuple[type, int], Any] = {}
    for model, record in records:
        key = (model, record.id)
        change = _describe(model, record, previous.get(key), names)
        previous[key] = record
        if change is not None:
            changes.append((record.history_date, record.history_id, change))
    changes += _logged(obj)
    changes.sort(key=lambda c: (c[0], c[1]))
    return [c for _when, _id, c in changes]


def _logged(obj: models.Model) -> list[tuple[datetime, int, Change]]:
    """Changes written to the admin log for ``obj`` (a task's units: ``task_units``)."""
    if not isinstance(obj, Task):
        return []
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Task), object_id=str(obj.pk)
    ).select_related("user")
    return [
        (e.action_time, e.pk, Change(e.user, e.action_time, e.change_message, "Nhiệm vụ", "~"))
        for e in entries
    ]


def _sources(obj: models.Model) -> list[tuple[type[models.Model], Any]]:
    if isinstance(obj, Obligation):
        report_ids = set(Report.history.filter(obligation_id=obj.pk).values_list("id", flat=True))
        return [
            (Obligation, Obligation.history.filter(id=obj.pk)),
            (Report, Report.history.filter(obligation_id=obj.pk)),
            (Evidence, Evidence.history.filter(report_id__in=report_ids)),
            (Measurement, Measurement.history.filter(report_id__in=report_ids)),
            (Contribution, Contribution.history.filter(obligation_id=obj.pk)),
            (ExtensionRequest, ExtensionRequest.history.filter(obligation_id=obj.pk)),
        ]
    if isinstance(obj, Report):
        return [
            (Report, Report.history.filter(id=obj.pk)),
            (Evidence, Evidence.history.filter(report_id=obj.pk)),
            (Measurement, Measurement.history.filter(report_id=obj.pk)),
        ]
    model = type(obj)
    manager = getattr(model, "history", None)
    if manager is None or not hasattr(manager, "model"):
        return []
    return [(model, manager.filter(id=obj.pk))]


class _Names:
    """Names of the users, units, targets the records point at, loaded once."""

    def __init__(self, records: list[tuple[type, Any]]) -> None:
        user_ids: set[int | None] = set()  # None (no one, no unit) is left out below
        unit_ids: set[int | None] = set()
        target_ids: set[int | None] = set()
        for _model, r in records:
            user_ids.add(r.history_user_id)
            for attr in ("created_by_id", "submitted_by_id", "reviewed_by_id", "uploaded_by_id"):
                user_ids.add(getattr(r, attr, None))
            user_ids.update((getattr(r, "requested_by_id", None), getattr(r, "decided_by_id", None)))
            unit_ids.add(getattr(r, "unit_id", None))
            target_ids.add(getattr(r, "target_id", None))
        users, units, targets = (
            {i for i in ids if i is not None} for ids in (user_ids, unit_ids, target_ids)
        )
        self.users = {u.pk: u for u in get_user_model().objects.filter(pk__in=users)}
        self.units = dict(Unit.objects.filter(pk__in=units).values_list("pk", "name"))
        self.targets = {t.pk: t.label or t.text for t in Target.objects.filter(pk__in=targets)}

    def of(self, field: models.Field, value: Any) -> str:
        if value is None:
            return "(trống)"
        related = field.related_model
        if related is not None and issubclass(related, get_user_model()):
            user = self.users.get(value)
            return full_name(user) if user else f"#{value}"
        if related is Unit:
            return self.units.get(value, f"#{value}")
        if related is Target:
            return _short(self.targets.get(value, f"#{value}"))
        return f"#{value}"


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"


def _show(field: models.Field, value: Any, names: _Names) -> str:
    if field.is_relation:
        return names.of(field, value)
    if value is None or value == "":
        return "(trống)"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%H:%M %d/%m/%Y}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text.replace(".", ",")
    if isinstance(field, models.FileField):
        return str(value).rsplit("/", 1)[-1]
    if isinstance(field, models.TextField):
        return f"“{_short(value)}”"
    return _short(value)


def _fields(model: type[models.Model]) -> list[models.Field]:
    # Generated columns (the obligation's urgency) follow other fields and are not in the history.
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in SKIPPED_FIELDS and not getattr(f, "generated", False)
    ]


def _value(record: Any, field: models.Field) -> Any:
    return getattr(record, field.attname)


def _describe(model: type[models.Model], record: Any, before: Any, names: _Names) -> Change | None:
    subject = f"{SUBJECTS.get(model, str(model._meta.verbose_name).capitalize())} #{record.id}"
    who = names.users.get(record.history_user_id)
    fields = {f.name: f for f in _fields(model)}
    if record.history_type == "+" or before is None:
        shown = [
            f"{fields[n].verbose_name}: {_show(fields[n], _value(record, fields[n]), names)}"
            for n in CREATED_FIELDS.get(model, ())
            if n in fields and _value(record, fields[n]) not in (None, "")
        ]
        act = STATE_ACTS.get((model, getattr(record, "state", None))) or CREATED.get(
            model, f"Tạo {model._meta.verbose_name}"
        )
        what = f"{act} #{record.id}" + (f" ({'; '.join(shown)})" if shown else "")
        return Change(who, record.history_date, what, subject, "+")
    if record.history_type == "-":
        act = DELETED.get(model, f"Xóa {model._meta.verbose_name}")
        label = _show(fields["doc_number"], record.doc_number, names) if model is Evidence else ""
        return Change(who, record.history_date, f"{act} #{record.id} {label}".strip(), subject, "-")
    diffs = []
    state_act = None
    for name, field in fields.items():
        old, new = _value(before, field), _value(record, field)
        if old == new:
            continue
        diffs.append(f"{field.verbose_name}: {_show(field, old, names)} → {_show(field, new, names)}")
        if name == "state":
            state_act = STATE_ACTS.get((model, new))
    if not diffs:
        return None
    head = f"{state_act} #{record.id}" if state_act else subject
    return Change(who, record.history_date, f"{head}: {'; '.join(diffs)}", subject, "~")
