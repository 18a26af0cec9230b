"""Departments of one province with their assessments and scores, for the tests of the outputs
(files, ranking): the demo's illustrative set, scores written straight to the rows (the
process that writes them is tested with its screens)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cchc.demo.scoring import demo_set
from cchc.orgs.models import Membership, Organisation
from cchc.scoring import services, sets
from cchc.scoring.models import Assessment, ItemScore
from tests.factories import make_org, make_user

YEAR = 2026
PROVINCE = "Thử Nghiệm"
TODAY = date(YEAR, 11, 30)


def criteria(province: str = PROVINCE, year: int = YEAR):
    return sets.set_for(province, year) or sets.save_set(demo_set(province, year))


def assessment(org: Organisation, year: int = YEAR) -> Assessment:
    criteria(org.province, year)
    return services.open_assessment(org, year, self_due=date(year, 12, 20), today=TODAY)


def score(a: Assessment, code: str, **fields) -> ItemScore:
    """Set the columns of an item's row ("self_score", "appraised", "final", "explanation")."""
    values = {
        k: Decimal(str(v)) if isinstance(v, int | float | str) and k != "explanation" else v
        for k, v in fields.items()
    }
    ItemScore.objects.filter(assessment=a, item__code=code).update(**values)
    return ItemScore.objects.get(assessment=a, item__code=code)


def department(code: str, name: str, province: str = PROVINCE) -> Organisation:
    return make_org(code, name, province=province, external=False)


def appraiser(province: str = PROVINCE, code: str = "snv-test"):
    snv = Organisation.objects.filter(code=code).first() or Organisation.objects.create(
        code=code, name=f"Sở Nội vụ tỉnh {province}", province=province
    )
    return make_user(snv, Membership.Role.APPRAISER, f"thamdinh-{code}")
