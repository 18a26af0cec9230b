"""The demo department: "Sở Công Thương tỉnh Hòa Bình Xanh" (a fictional province)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from cchc.orgs.models import Membership, Organisation, Unit
from cchc.plans.models import Plan

DEMO_ORG_CODE = "sct-demo"
DEMO_ORG_NAME = "Sở Công Thương tỉnh Hòa Bình Xanh"
DEMO_PROVINCE = "Hòa Bình Xanh"
DEMO_PLAN = Path(__file__).with_name("ke-hoach-cchc-demo-2026.txt")
DEMO_PASSWORD = "demo12345"  # demo only: printed by seed_demo with a warning

# username, full name, role, unit kind to attach to (first unit of that kind)
DEMO_USERS: tuple[tuple[str, str, str, str, str | None], ...] = (
    ("lanhdao", "Trần", "Minh Khoa", Membership.Role.LEADER, None),
    ("vanphong", "Lê", "Thu Hà", Membership.Role.COORDINATOR, "office"),
    ("truongphong", "Phạm", "Quốc Bảo", Membership.Role.UNIT_HEAD, "division"),
    ("chuyenvien", "Nguyễn", "Thị Lan", Membership.Role.UNIT_STAFF, "division"),
    ("quansat", "Võ", "Đức Anh", Membership.Role.OBSERVER, None),
)


@dataclass
class SeedReport:
    organisation: Organisation
    organisation_created: bool
    unit_count: int
    users: list[tuple[str, str, bool]] = field(default_factory=list)  # username, role label, created
    plan: Plan | None = None
    plan_created: bool = False
    dossiers_loaded: int = 0  # the synthetic one-stop-shop export (0: already there)
    history_reports: int = 0  # reports of the demo plan's history written (0: already there)


def seed_demo(
    *,
    with_plan: bool = True,
    with_dossiers: bool = True,
    with_history: bool = True,
    today: date | None = None,
) -> SeedReport:
    """Create what is missing of the demo; never changes what is already there. ``today``
    (default: the local date) is the day the plan's history is written up to."""
    from cchc.core.units import demo_directory
    from cchc.plans.services import import_plan_file

    with transaction.atomic():
        org, created = Organisation.objects.get_or_create(
            code=DEMO_ORG_CODE, defaults={"name": DEMO_ORG_NAME, "province": DEMO_PROVINCE}
        )
        for order, u in enumerate(demo_directory().units, start=1):
            Unit.objects.get_or_create(
                organisation=org,
                code=u.code,
                defaults={
                    "name": u.name,
                    "kind": u.kind,
                    "affiliation": u.affiliation,
                    "abbreviations": list(u.abbreviations or []),
                    "order": order * 10,
                },
            )
        report = SeedReport(org, created, org.units.count())
        user_model = get_user_model()
        for username, last, first, role, unit_kind in DEMO_USERS:
            user, user_created = user_model.objects.get_or_create(
                username=username, defaults={"first_name": first, "last_name": last}
            )
            if user_created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            unit = org.units.filter(kind=unit_kind).order_by("order").first() if unit_kind else None
            Membership.objects.get_or_create(
                user=user, organisation=org, defaults={"role": role, "unit": unit}
            )
            report.users.append((username, Membership.Role(role).label, user_created))

    if with_plan:
        import hashlib

        sha = hashlib.sha256(DEMO_PLAN.read_bytes()).hexdigest()
        report.plan = Plan.objects.filter(organisation=org, source_sha256=sha).first()
        if report.plan is None:
            coordinator = user_model.objects.get(username="vanphong")
            report.plan = import_plan_file(org, DEMO_PLAN, user=coordinator, year=2026)
            report.plan_created = True
        if with_history:
            from cchc.demo.history import seed_history

            report.history_reports = seed_history(report.plan, today=today)
    if with_dossiers:
        from cchc.dossiers.demo import seed as seed_dossiers

        report.dossiers_loaded = seed_dossiers(org, user_model.objects.get(username="vanphong"))
    return report
