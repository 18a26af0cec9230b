"""Fixtures of the follow-through tests.

The screens' own fixtures live in tests/tracking/screens.py. The fixtures below serve the
services' tests (test_reports, test_extensions, test_permissions, test_audit, test_api):
``world`` is one department with a plan around today, two tasks and their obligations,
one person per role, and a second department whose people must see nothing of the first.
Dates are relative to today, since the services check evidence dates against the real date.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cchc.orgs.models import Membership
from cchc.plans.models import Plan, Target, Task, TaskUnit
from cchc.tracking.models import Obligation
from tests.factories import make_org, make_user, person

Role = Membership.Role


def _world_task(plan: Plan, order: int, text: str, lead: str, coordinating: tuple[str, ...] = ()) -> Task:
    task = Task.objects.create(plan=plan, order=order, number=str(order), text=text, schedule_text="Quý II")
    units = {u.code: u for u in plan.organisation.units.all()}
    TaskUnit.objects.create(task=task, unit=units[lead], role=TaskUnit.Role.LEAD)
    for code in coordinating:
        TaskUnit.objects.create(task=task, unit=units[code], role=TaskUnit.Role.COORDINATING)
    return task


def world_obligation(task: Task, unit_code: str, due: date | None, key: str = "q") -> Obligation:
    """An obligation made by hand (the planner is tested on its own)."""
    unit = task.plan.organisation.units.get(code=unit_code)
    return Obligation.objects.create(
        organisation=task.plan.organisation,
        plan=task.plan,
        task=task,
        unit=unit,
        period_key=key,
        period_label=f"Kỳ {key}",
        period_start=due - timedelta(days=60) if due else None,
        period_end=due,
        due_date=due,
        current_due=due,
    )


@pytest.fixture
def world(db):
    today = timezone.localdate()
    org = make_org()
    plan = Plan.objects.create(
        organisation=org,
        number="5/KH-SCT",
        title="Kế hoạch CCHC",
        period_start=today - timedelta(days=180),
        period_end=today + timedelta(days=180),
        source_sha256="a" * 64,
    )
    task = _world_task(plan, 1, "Công bố danh mục TTHC.", "QLCN", ("KHTC",))
    other_task = _world_task(plan, 2, "Niêm yết TTHC tại trụ sở.", "QLTM")
    target_pct = Target.objects.create(
        plan=plan,
        task=task,
        text="Tỷ lệ hồ sơ trực tuyến đạt từ 70%",
        label="Tỷ lệ trực tuyến",
        op=">=",
        value=70,
        unit="%",
    )
    target_count = Target.objects.create(
        plan=plan, task=task, text="Có ít nhất 02 sáng kiến", op=">=", value=2, unit="count"
    )
    baseline = Target.objects.create(
        plan=plan, task=task, text="Năm trước đạt 65%", op="=", value=65, unit="%", kind=Target.Kind.BASELINE
    )
    other_org = make_org("snv-test", "Sở Nội vụ tỉnh Thử Nghiệm")
    users = {
        "leader": person(org, Role.LEADER),
        "coordinator": person(org, Role.COORDINATOR),
        "observer": person(org, Role.OBSERVER),
        "head": person(org, Role.UNIT_HEAD, "QLCN"),
        "staff": person(org, Role.UNIT_STAFF, "QLCN"),
        "coord_head": person(org, Role.UNIT_HEAD, "KHTC"),
        "coord_staff": person(org, Role.UNIT_STAFF, "KHTC"),
        "other_head": person(org, Role.UNIT_HEAD, "QLTM"),
        "stranger": person(other_org, Role.COORDINATOR),
        "stranger_head": person(other_org, Role.UNIT_HEAD, "QLCN"),
        "nobody": make_user(None, username="khongvaitro"),
    }
    return SimpleNamespace(
        today=today,
        org=org,
        other_org=other_org,
        plan=plan,
        task=task,
        other_task=other_task,
        target_pct=target_pct,
        target_count=target_count,
        baseline=baseline,
        obligation=world_obligation(task, "QLCN", today + timedelta(days=30)),
        other_obligation=world_obligation(other_task, "QLTM", today + timedelta(days=30)),
        users=users,
        **users,
    )


# --- evidence files ---------------------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


FILE_CONTENTS = {
    "pdf": b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n",
    "docx": _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}),
    "xlsx": _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
    "odt": _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}),
    "ods": _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}),
    "doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
    "xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
    "jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32,
    "jpeg": b"\xff\xd8\xff\xdb" + b"\x00" * 32,
    "png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 32,
    "zip": _zip({"bien-ban.pdf": b"%PDF-1.4"}),
}


def evidence_upload(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    """An uploaded file; without ``content``, a real-looking one for the name's extension."""
    if content is None:
        content = FILE_CONTENTS[name.rsplit(".", 1)[-1].lower()]
    return SimpleUploadedFile(name, content)
