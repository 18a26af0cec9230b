"""The demo is dated from the day ``cchc demo`` runs, whatever the year: its plans (number,
dates, schedule texts, period), their history and the one-stop-shop export.

Each case runs the demo on a day with the clock set to that day (``timezone.now``), as a
newcomer running ``cchc demo`` then would."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

import pytest
from django.utils import timezone

from cchc.chasing.models import Notification
from cchc.core.planread import parse_plan
from cchc.demo import plan_text
from cchc.demo.seed import DEMO_PLAN, SeedReport, seed_demo
from cchc.dossiers.models import Dossier, DossierAnalysis, DossierPause
from cchc.plans.models import Plan, Task
from cchc.tracking import selectors
from cchc.tracking.models import (
    Contribution,
    Evidence,
    ExtensionRequest,
    Obligation,
    ObligationStatus,
    Report,
)
from tests.demo.conftest import SharedDemo, shared_demo

S = ObligationStatus


@pytest.fixture
def clock(monkeypatch):
    """Set the clock to 10:00 (local time) of a day."""

    def set_day(day: date) -> datetime:
        moment = timezone.make_aware(datetime.combine(day, time(10, 0)))
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return set_day


# The day the demo runs -> the years of the plans it holds (decision: yearly plans; last
# year's in the first quarter, next year's from its issue in mid-December).
PLAN_YEARS = [
    (date(2026, 12, 7), [2026]),
    (date(2026, 12, 15), [2026, 2027]),
    (date(2027, 1, 2), [2026, 2027]),
    (date(2027, 3, 31), [2026, 2027]),
    (date(2027, 4, 1), [2027]),
    (date(2027, 6, 15), [2027]),
    (date(2027, 12, 14), [2027]),
    (date(2028, 12, 28), [2028, 2029]),
]


@pytest.mark.parametrize(("today", "years"), PLAN_YEARS)
def test_which_plans_the_demo_holds(today, years):
    plans = plan_text.demo_plans(today)
    assert [p.year for p in plans] == years
    assert all(p.issued_on <= today for p in plans)
    assert len({p.number for p in plans}) == len(plans)


@pytest.mark.parametrize("year", [2026, 2027, 2028, 2031])
def test_the_template_gives_a_real_plan_of_that_year(year):
    demo_plan = plan_text.plan_for(year)
    parsed = parse_plan(plan_text.render(demo_plan).encode("utf-8"), year=None)
    meta = parsed.plan
    assert meta.number == demo_plan.number
    assert meta.issued_on == demo_plan.issued_on < date(year, 1, 1)
    assert (meta.period.start, meta.period.end) == (date(year, 1, 1), date(year, 12, 31))
    tasks = {t.number: t for t in parsed.tasks if t.section == "I"}
    assert tasks["1"].schedule.due == [date(year, 1, 31)]
    assert tasks["4"].schedule.due == [date(year, 12, 20)]
    texts = " ".join(t.schedule.text for t in parsed.tasks if t.schedule and t.section != "VI")
    assert str(year) in texts and str(year - 1) not in texts
    # The deadline mistyped with last year's date stays, flagged, whatever the year.
    typo = next(t for t in parsed.tasks if t.section == "VI" and t.number == "1")
    assert typo.schedule.due == [date(year - 1, 11, 20)] and typo.schedule.warnings


def test_the_fixed_demo_plan_is_the_template_filled_for_2026():
    assert plan_text.render(plan_text.REFERENCE) == DEMO_PLAN.read_text(encoding="utf-8")


# The first day is the class's below (one demo for two tests, tests/demo/conftest.py).
FIRST_DAY = date(2026, 12, 7)
DAYS = [date(2027, 1, 2), date(2027, 6, 15), date(2028, 12, 28)]


@pytest.mark.django_db
@pytest.mark.one_run("sqlite")  # the demo is the embedded default's; its writes are tested on both elsewhere
@pytest.mark.parametrize("today", DAYS)
def test_the_demo_is_right_on_any_day(today, clock, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    now = clock(today)
    _check_the_demo_of_the_day(seed_demo(today=today), today, now)


@pytest.fixture(scope="class")
def first_day_demo(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[SharedDemo]:
    """The whole demo seeded once on 7/12/2026 at 10:00, for a class."""
    with shared_demo(django_db_blocker, tmp_path_factory.mktemp("media"), FIRST_DAY) as shared:
        yield shared


@pytest.mark.django_db
@pytest.mark.one_run("sqlite")  # the demo is the embedded default's; its writes are tested on both elsewhere
@pytest.mark.xdist_group("demo-dates-2026-12-07")
class TestTheDemoOf7December2026:
    """Both start from one demo (``first_day_demo``); what a test writes is undone after it."""

    def test_the_demo_is_right_on_its_day(self, first_day_demo, settings):
        settings.MEDIA_ROOT = first_day_demo.media  # its evidence files
        _check_the_demo_of_the_day(first_day_demo.seeded, first_day_demo.today, first_day_demo.now)

    def test_a_demo_run_again_later_adds_only_the_new_years_plan(self, first_day_demo, clock):
        reports = Report.objects.count()
        clock(date(2026, 12, 21))
        again = seed_demo(today=date(2026, 12, 21), with_dossiers=False)
        assert [(p.period_start.year, created) for p, created in again.plans] == [(2026, False), (2027, True)]
        assert Plan.objects.count() == 2
        # The new plan's history (all of it ahead) is written; the old one is left as it was.
        assert again.history_reports > 0 and Report.objects.count() > reports
        assert not Report.objects.filter(obligation__plan__period_start__year=2026).filter(
            submitted_at__gt=timezone.make_aware(datetime(2026, 12, 8))
        )


def _check_the_demo_of_the_day(seeded: SeedReport, today: date, now: datetime) -> None:
    org = seeded.organisation
    years = [p.year for p in plan_text.demo_plans(today)]
    plans = Plan.objects.filter(organisation=org)
    assert sorted(p.period_start.year for p in plans) == years
    assert seeded.plan.period_start == date(today.year, 1, 1) and seeded.plan.period_end.year == today.year
    assert all(p.issued_on <= today for p in plans)
    # Schedule texts of the plan's own year.
    first_task = Task.objects.get(plan=seeded.plan, section="I", number="1")
    assert first_task.schedule_text == f"Trước ngày 31/01/{today.year}"

    # Statuses mixed, and work ahead.
    counts = selectors.board_counts(selectors.board_obligations(org, selectors.BoardFilters()))["counts"]
    for status in (S.DONE_EARLY, S.DONE_ON_TIME, S.DONE_LATE, S.OVERDUE):
        assert counts[status] > 0, status
    ahead = Obligation.objects.filter(
        organisation=org, completed_on=None, current_due__gte=today, status__in=[S.NOT_DUE, S.IN_PROGRESS]
    )
    assert ahead.count() >= 10
    assert ahead.filter(current_due__gt=today).exclude(current_due__gt=date(today.year + 1, 12, 31)).exists()
    assert Obligation.objects.filter(organisation=org, status=S.EXTENDED).exists()
    done = counts[S.DONE_EARLY] + counts[S.DONE_ON_TIME] + counts[S.DONE_LATE]
    assert 0 < counts[S.OVERDUE] < done / 4
    assert len(selectors.review_queue(org)) == 1
    assert {e.state for e in ExtensionRequest.objects.all()} == {"approved", "pending"}
    assert Contribution.objects.exists()

    # Nothing dated after today that should be in the past; statuses right for today.
    assert not Obligation.objects.filter(completed_on__gt=today)
    assert not Obligation.objects.filter(completed_on=None, current_due__lt=today).exclude(status=S.OVERDUE)
    assert not Obligation.objects.filter(status=S.OVERDUE, current_due__gte=today)
    assert not Report.objects.filter(submitted_at__gt=now) and not Report.objects.filter(reviewed_at__gt=now)
    assert not Evidence.objects.filter(doc_date__gt=today)
    assert not ExtensionRequest.objects.filter(created_at__gt=now)
    assert not ExtensionRequest.objects.filter(decided_at__gt=now)
    assert not Notification.objects.filter(created_at__gt=now)

    # The one-stop-shop export ends today.
    dossiers = Dossier.objects.filter(organisation=org)
    assert dossiers.count() == 300
    for field in ("submitted_at", "accepted_at", "finished_at", "returned_at", "apology_at"):
        assert not dossiers.filter(**{f"{field}__gt": now}), field
    assert not DossierPause.objects.filter(paused_to__gt=now)
    latest = timezone.localdate(dossiers.latest("submitted_at").submitted_at)
    assert (today - latest).days <= 10
    assert dossiers.filter(outcome="overdue").exists() and dossiers.filter(finished_at=None).exists()
    assert DossierAnalysis.objects.get(organisation=org).as_of == now

    # Run again: nothing added, nothing changed.
    def snapshot():
        return (
            Plan.objects.count(),
            Task.objects.count(),
            Report.objects.count(),
            Evidence.objects.count(),
            ExtensionRequest.objects.count(),
            Contribution.objects.count(),
            Notification.objects.count(),
            Dossier.objects.count(),
            list(Obligation.objects.order_by("pk").values_list("status", "current_due")),
        )

    before = snapshot()
    again = seed_demo(today=today)
    assert again.history_reports == 0 and again.dossiers_loaded == 0
    assert not any(created for _plan, created in again.plans)
    assert snapshot() == before


@pytest.mark.django_db
def test_an_older_demos_plan_counts_as_the_years_demo_plan(clock, settings, tmp_path):
    """A database loaded by the demo before it was dated (12/KH-SCT from the fixed file)."""
    from cchc.tracking.confirming import import_plan_file

    settings.MEDIA_ROOT = tmp_path / "media"
    clock(date(2026, 12, 7))
    seed_demo(today=date(2026, 12, 7), with_plan=False, with_dossiers=False)
    from cchc.orgs.models import Organisation

    org = Organisation.objects.get(code="sct-demo")
    old = import_plan_file(org, Path(DEMO_PLAN), year=2026)
    seeded = seed_demo(today=date(2026, 12, 7), with_dossiers=False, with_history=False)
    assert seeded.plan == old and not seeded.plan_created
    assert Plan.objects.count() == 1
