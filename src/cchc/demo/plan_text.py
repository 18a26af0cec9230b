"""The demo plan's text for any year, and which years' plans the demo holds on a given day.

``ke-hoach-cchc-demo.template.txt`` is a real plan (the text extracted from a Word file,
tab-separated appendix) in which the year, the number and the issue date are
``string.Template`` fields: ``${nam}`` the plan's year, ``${nam_truoc}`` the year before
(the "compared with last year" sentence and a deadline mistyped with last year, which the
importer flags), ``${so}`` the number, ``${ngay_ban_hanh}`` the issue date as dd/mm/yyyy
and ``${ngay}``, ``${thang}``, ``${nam_ban_hanh}`` the same date in words.

Decision (the plans are yearly): a department's CCHC plan covers one calendar year, and its
schedule texts ("Quý II, IV", "Tháng 6, tháng 12", "Trong 06 tháng đầu năm") only make
sense inside that year, so the demo never stretches one plan over a rolling twelve months.
Instead, around the turn of the year it holds two plans, as an Office does: next year's
plan is issued in mid-December (so in late December there is work ahead), and last year's
plan stays in the first quarter, while its last reports are closed (so on 2 January there
is a history: accepted reports, overdue work, a report waiting for review).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from string import Template

TEMPLATE = Path(__file__).with_name("ke-hoach-cchc-demo.template.txt")
# Until this day of the year, last year's plan is still in the demo.
PREVIOUS_PLAN_UNTIL = (4, 1)


@dataclass(frozen=True)
class DemoPlan:
    year: int
    number: str
    issued_on: date

    @property
    def file_name(self) -> str:
        return f"ke-hoach-cchc-demo-{self.year}.txt"

    @property
    def period(self) -> tuple[date, date]:
        return date(self.year, 1, 1), date(self.year, 12, 31)


# The fixed rendering kept beside the template (``seed.DEMO_PLAN``): tests and examples
# need a plan whose dates do not move with the day they run.
REFERENCE = DemoPlan(2026, "12/KH-SCT", date(2026, 1, 15))


def plan_for(year: int) -> DemoPlan:
    """The demo plan of ``year``: issued on 15 December of the year before (the Friday
    before when that is a weekend), numbered as a December plan of the department is."""
    issued = date(year - 1, 12, 15)
    while issued.weekday() >= 5:
        issued -= timedelta(days=1)
    return DemoPlan(year, f"{(year % 100) * 10 + 5}/KH-SCT", issued)


def demo_plans(today: date) -> list[DemoPlan]:
    """The plans the demo holds on ``today``, oldest first: this year's; last year's in the
    first quarter; next year's once it has been issued (mid-December)."""
    plans = [plan_for(today.year)]
    if today < date(today.year, *PREVIOUS_PLAN_UNTIL):
        plans.insert(0, plan_for(today.year - 1))
    following = plan_for(today.year + 1)
    if following.issued_on <= today:
        plans.append(following)
    return plans


def render(plan: DemoPlan) -> str:
    """The plan's text, ready for the importer."""
    issued = plan.issued_on
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        nam=plan.year,
        nam_truoc=plan.year - 1,
        so=plan.number,
        ngay_ban_hanh=f"{issued:%d/%m/%Y}",
        ngay=f"{issued:%d}",
        thang=f"{issued:%m}",
        nam_ban_hanh=issued.year,
    )


def write(plan: DemoPlan, folder: Path) -> Path:
    """Write the plan's text as ``ke-hoach-cchc-demo-YYYY.txt`` in ``folder``; its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / plan.file_name
    path.write_text(render(plan), encoding="utf-8")
    return path
