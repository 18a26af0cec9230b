"""What a pass needs to know of one department: its rules, its calendar, its people."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import overload

from django.utils import timezone

from cchc.core.calendar import WorkCalendar
from cchc.core.reminders import Recipients, Rules
from cchc.orgs import calendars
from cchc.orgs.models import Membership, Organisation
from cchc.orgs.names import full_name
from cchc.orgs.types import User


def local_now(now: datetime) -> datetime:
    """``now`` in the department's time zone (Asia/Ho_Chi_Minh), as a naive local datetime."""
    if timezone.is_aware(now):
        now = timezone.localtime(now)
    return now.replace(tzinfo=None)


@overload
def local_date(moment: datetime) -> date: ...
@overload
def local_date(moment: None) -> None: ...
def local_date(moment: datetime | None) -> date | None:
    """The day of ``moment`` in the site's time zone (Asia/Ho_Chi_Minh)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.date()
    # The default zone, looked up once (a pass asks this for every obligation it reads).
    return moment.astimezone(timezone.get_default_timezone()).date()


def calendar_for(org: Organisation) -> WorkCalendar:
    return calendars.calendar_for(org)


def rules_for(org: Organisation) -> Rules:
    return Rules.of(org.remind_before_days, org.escalate_after_days, org.stale_after_days)


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    name: str
    email: str


@dataclass
class People:
    """The department's active people by role; unit roles by unit id."""

    persons: dict[int, Person] = field(default_factory=dict)
    heads: dict[int, list[int]] = field(default_factory=dict)
    staff: dict[int, list[int]] = field(default_factory=dict)
    coordinators: list[int] = field(default_factory=list)
    leaders: list[int] = field(default_factory=list)

    def for_unit(self, unit_id: int) -> Recipients:
        return Recipients(
            unit_heads=tuple(self.heads.get(unit_id, ())),
            unit_staff=tuple(self.staff.get(unit_id, ())),
            coordinators=tuple(self.coordinators),
            leaders=tuple(self.leaders),
        )


def people_of(org: Organisation) -> People:
    people = People()
    Role = Membership.Role
    rows = (
        Membership.objects.filter(organisation=org, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    )
    for m in rows:
        u = m.user
        people.persons[u.id] = Person(u.id, display_name(u), (u.email or "").strip())
        if m.role == Role.UNIT_HEAD and m.unit_id:
            people.heads.setdefault(m.unit_id, []).append(u.id)
        elif m.role == Role.UNIT_STAFF and m.unit_id:
            people.staff.setdefault(m.unit_id, []).append(u.id)
        elif m.role == Role.COORDINATOR:
            people.coordinators.append(u.id)
        elif m.role == Role.LEADER:
            people.leaders.append(u.id)
    return people


def display_name(user: User | None) -> str:
    return full_name(user)


def organisations(organisation: Organisation | None) -> list[Organisation]:
    if organisation is not None:
        return [organisation]
    return list(Organisation.objects.order_by("id"))
