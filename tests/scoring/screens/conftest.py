"""The self-assessment's screens: the department of tests/factories.py with the demo's
illustrative criteria set for its province and 2026, a plan of 2026, the year's assessment opened
through the service, and the people of each role — the heads of two units, Sở Nội vụ's
appraiser of the province, an appraiser of another province, a stranger."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.orgs.models import Membership
from tests.factories import make_org, make_user, person, sample_tasks

YEAR = 2026
TODAY = date(2026, 6, 1)
Role = Membership.Role


@pytest.fixture
def criteria(org):
    from cchc.demo.scoring import demo_set
    from cchc.scoring import sets

    return sets.save_set(demo_set(org.province, YEAR))


@pytest.fixture
def plan(org, coordinator):
    from tests.tracking.test_planning import confirm

    return confirm(org, coordinator, sample_tasks())


@pytest.fixture
def assessment(org, criteria, plan, coordinator):
    from cchc.scoring import services

    return services.open_assessment(org, YEAR, self_due=date(YEAR, 12, 20), user=coordinator, today=TODAY)


@pytest.fixture
def head(org):
    """The head of Phòng Quản lý Thương mại (the unit the tests give item 2.3)."""
    return person(org, Role.UNIT_HEAD, "QLTM")


@pytest.fixture
def other_head(org):
    """The head of Phòng Kế hoạch - Tài chính (no item of theirs)."""
    return person(org, Role.UNIT_HEAD, "KHTC")


@pytest.fixture
def appraiser(org):
    """Sở Nội vụ of the same province: appraises every department of it."""
    snv = make_org("snv-test", "Sở Nội vụ tỉnh Thử Nghiệm", province=org.province, external=False)
    return make_user(snv, Role.APPRAISER, "thamdinh")


@pytest.fixture
def far_appraiser(db):
    snv = make_org("snv-khac", "Sở Nội vụ tỉnh Khác", province="Khác", external=False)
    return make_user(snv, Role.APPRAISER, "thamdinh-khac")


@pytest.fixture
def neighbour(org):
    """The Office of another department of the same province."""
    other = make_org("sxd-test", "Sở Xây dựng tỉnh Thử Nghiệm", province=org.province, external=False)
    return person(other, Role.COORDINATOR, "VP")


@pytest.fixture
def stranger(db):
    return make_user(None, username="nguoi-la")
