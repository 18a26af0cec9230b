"""A small department for the chasing tests: a plan, people in every role, obligations
made by hand with chosen due dates (the planner is tested on its own)."""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass, field
from datetime import date, datetime, time
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from django.utils import timezone

from cchc.orgs.models import Membership, Organisation, Unit
from cchc.plans.models import Plan, Task
from cchc.tracking.models import Obligation
from tests.factories import make_org, make_user

Role = Membership.Role

# username: (role, unit code, has an e-mail address)
PEOPLE = {
    "lanhdao": (Role.LEADER, None, True),
    "vanphong": (Role.COORDINATOR, "VP", True),
    "truong_cn": (Role.UNIT_HEAD, "QLCN", True),
    "cv_cn": (Role.UNIT_STAFF, "QLCN", True),
    "truong_tm": (Role.UNIT_HEAD, "QLTM", True),
    "cv_tt": (Role.UNIT_STAFF, "TTRA", True),  # Thanh tra Sở has no head here
    "quansat": (Role.OBSERVER, None, True),
    "truong_nl": (Role.UNIT_HEAD, "QLNL", False),  # no e-mail: notified in the app only
}


def at(d: date, hour: int = 8, minute: int = 0) -> datetime:
    """Local (Asia/Ho_Chi_Minh) moment on ``d``."""
    return timezone.make_aware(datetime.combine(d, time(hour, minute)))


CREATED = at(date(2026, 1, 2))  # when the plan's obligations were made, unless said otherwise


@dataclass
class Dept:
    org: Organisation
    plan: Plan
    users: dict[str, Any]
    units: dict[str, Unit]
    tasks: list[Task] = field(default_factory=list)

    def uid(self, name: str) -> int:
        return self.users[name].id

    def ob(
        self,
        unit: str,
        due: date | None,
        *,
        status: str = "not_due",
        text: str | None = None,
        start: date | None = None,
        original_due: date | None = None,
        completed_on: date | None = None,
        created: datetime | None = None,
        **extra: Any,
    ) -> Obligation:
        n = len(self.tasks) + 1
        task = Task.objects.create(
            plan=self.plan, order=n, number=str(n), text=text or f"Nhiệm vụ cải cách hành chính số {n}."
        )
        self.tasks.append(task)
        ob = Obligation.objects.create(
            organisation=self.org,
            plan=self.plan,
            task=task,
            unit=self.units[unit],
            period_key=f"k{n}",
            period_label=f"Năm 2026 (kỳ {n})",
            period_start=start or date(2026, 1, 1),
            period_end=due,
            due_date=original_due or due,
            current_due=due,
            extended=bool(original_due and original_due != due),
            status=status,
            completed_on=completed_on,
            **extra,
        )
        # Made with the plan at the start of the year (the passes are run for days of 2026): an
        # obligation created after its escalation day is escalated on arrival instead.
        ob.created_at = created or CREATED
        Obligation.objects.filter(pk=ob.pk).update(created_at=ob.created_at)
        return ob


def make_dept(code: str = "sct-chase") -> Dept:
    org = make_org(code=code)
    plan = Plan.objects.create(
        organisation=org,
        number="12/KH-SCT",
        title="Kế hoạch cải cách hành chính năm 2026",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        source_sha256=code.ljust(64, "0")[:64],
    )
    users = {}
    for name, (role, unit, has_mail) in PEOPLE.items():
        user = make_user(org, role, f"{code}-{name}", unit_code=unit)
        user.email = f"{name}@{code}.test" if has_mail else ""
        user.save(update_fields=["email"])
        users[name] = user
    return Dept(org, plan, users, {u.code: u for u in org.units.all()})


def mail_files(folder: Path) -> list[EmailMessage]:
    """Every message the file backend wrote under ``folder`` (a file may hold several)."""
    out = []
    for path in sorted(folder.glob("*")):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                out.append(email.message_from_bytes(chunk, policy=email.policy.default))
    return out


def parts(msg: EmailMessage) -> dict[str, str]:
    """content type -> decoded text of a multipart/alternative message."""
    return {p.get_content_type(): p.get_content() for p in msg.walk() if not p.is_multipart()}
