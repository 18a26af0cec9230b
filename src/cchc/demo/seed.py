"""The demo department: "Sở Công Thương tỉnh Hòa Bình Xanh" (a fictional province), its
people (with addresses under the reserved ``.example`` domain, so the demo's e-mails are
written to ``var/mail/``), its plans dated from the day the demo runs (``plan_text``), their
history (``history``) and a one-stop-shop export ending that day (``dossiers.demo``)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cchc.demo import plan_text
from cchc.orgs.models import Membership, Organisation, Unit
from cchc.plans.models import Plan
from cchc.scoring.models import Assessment

DEMO_ORG_CODE = "sct-demo"
DEMO_ORG_NAME = "Sở Công Thương tỉnh Hòa Bình Xanh"
DEMO_PROVINCE = "Hòa Bình Xanh"
# The demo plan rendered once for 2026 (``plan_text.REFERENCE``), kept as a file: a real plan
# whose dates do not move, for the tests and the examples. The demo renders its own plans.
DEMO_PLAN = Path(__file__).with_name("ke-hoach-cchc-demo-2026.txt")
# The demo people's mailboxes: ``.example`` is reserved (RFC 2606), nothing can be delivered there.
DEMO_MAIL_DOMAIN = "sct-demo.example"
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
    plan: Plan | None = None  # this year's plan
    plan_created: bool = False
    plans: list[tuple[Plan, bool]] = field(default_factory=list)  # every demo plan, created
    dossiers_loaded: int = 0  # the synthetic one-stop-shop export (0: already there)
    history_reports: int = 0  # reports of the demo plan's history written (0: already there)
    published: bool = False  # the public page is on (/cong-khai/<code>/)
    assessment: Assessment | None = None  # the year's PAR INDEX self-assessment


def seed_demo(
    *,
    with_plan: bool = True,
    with_dossiers: bool = True,
    with_history: bool = True,
    with_scoring: bool = True,
    today: date | None = None,
) -> SeedReport:
    """Create what is missing of the demo; never changes what is already there (a demo
    person without an address gets one). ``today`` (default: the local date) is the day
    the plans are chosen for and their history is written up to."""
    from cchc.core.units import demo_directory

    today = today or timezone.localdate()

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
                username=username,
                defaults={"first_name": first, "last_name": last, "email": demo_email(username)},
            )
            if user_created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            elif not user.email:  # a demo loaded before the people had addresses
                user.email = demo_email(username)
                user.save(update_fields=["email"])
            unit = org.units.filter(kind=unit_kind).order_by("order").first() if unit_kind else None
            Membership.objects.get_or_create(
                user=user, organisation=org, defaults={"role": role, "unit": unit}
            )
            report.users.append((username, Membership.Role(role).label, user_created))

    if with_plan:
        coordinator = user_model.objects.get(username="vanphong")
        for demo_plan in plan_text.demo_plans(today):
            plan, created = _demo_plan(org, demo_plan, coordinator)
            report.plans.append((plan, created))
            if demo_plan.year == today.year:
                report.plan, report.plan_created = plan, created
        if with_history:
            from cchc.demo.history import seed_history

            report.history_reports = seed_history([p for p, _ in report.plans], today=today)
    if with_dossiers:
        from cchc.dossiers.demo import seed as seed_dossiers

        report.dossiers_loaded = seed_dossiers(org, user_model.objects.get(username="vanphong"), today=today)
    if with_scoring and with_plan:
        from cchc.demo.scoring import APPRAISER_USERNAME, seed_scoring

        report.assessment, appraiser_created = seed_scoring(org, today=today)
        report.users.append((APPRAISER_USERNAME, Membership.Role.APPRAISER.label, appraiser_created))
    from cchc.overview.models import Publication

    # The demo publishes its two figures (a real department switches it on in the admin).
    setting, _ = Publication.objects.get_or_create(
        organisation=org, defaults={"enabled": True, "note": "Số liệu mẫu, chỉ để dùng thử."}
    )
    report.published = setting.enabled
    return report


def demo_email(username: str) -> str:
    return f"{username}@{DEMO_MAIL_DOMAIN}"


def _demo_plan(org: Organisation, demo_plan: plan_text.DemoPlan, user) -> tuple[Plan, bool]:
    """The demo's plan of that year, imported through the importer when missing. An earlier
    demo's plan of the year (the same number, or the same file name) counts as it."""
    from cchc.tracking.confirming import import_plan_file

    existing = (
        Plan.objects.filter(organisation=org, period_start__year=demo_plan.year)
        .filter(Q(number=demo_plan.number) | Q(source_name=demo_plan.file_name))
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing, False
    with tempfile.TemporaryDirectory(prefix="cchc-demo-") as folder:
        path = plan_text.write(demo_plan, Path(folder))
        return import_plan_file(org, path, user=user, year=demo_plan.year), True
