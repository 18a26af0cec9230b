"""A plan imported late (issue 8, defect 4): importing 2025's plan (or this year's in
December) made hundreds of obligations "quá hạn" at once, with reminders, no warning and no
way to record what was done before. Now the preview warns, and a "theo dõi từ ngày" date
decides: what was due before it is not tracked, or recorded as done at import."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cchc.chasing.models import Delivery, Notification
from cchc.core.periods import Period
from cchc.core.status import rates
from cchc.orgs.models import Membership
from cchc.plans import checks, services
from cchc.plans.models import Plan, PlanImport
from cchc.tracking import confirming, planning, statuses
from cchc.tracking.models import Obligation, ObligationStatus
from tests.dom import by_id, dom, find, text
from tests.factories import make_draft, make_user, parsed_plan, task
from tests.paths import sample_bytes

pytestmark = pytest.mark.django_db

PAST = "khanhhoa-sct-2025-sipas-appendix.txt"  # 23/KH-SCT, 2025: over before any test runs
S = ObligationStatus


@pytest.fixture
def today() -> date:
    return timezone.localdate()


@pytest.fixture
def past_draft(org, coordinator):
    return services.start_import(org, coordinator, PAST, sample_bytes(PAST), None)


def counts(plan: Plan) -> dict[str, int]:
    rows = Obligation.objects.filter(plan=plan).values_list("status", "is_active")
    out: dict[str, int] = {}
    for status, active in rows:
        key = status if active else f"{status} (off)"
        out[key] = out.get(key, 0) + 1
    return out


# --- the default ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "today", "start"),
    [
        (Period(date(2026, 1, 1), date(2026, 12, 31)), date(2026, 12, 7), date(2026, 12, 7)),  # December
        (Period(date(2025, 1, 1), date(2025, 12, 31)), date(2026, 12, 7), date(2026, 12, 7)),  # over
        (Period(date(2026, 1, 1), date(2026, 12, 31)), date(2026, 1, 1), date(2026, 1, 1)),  # first day
        (Period(date(2027, 1, 1), date(2027, 12, 31)), date(2026, 12, 7), date(2027, 1, 1)),  # ahead
        (None, date(2026, 12, 7), date(2026, 12, 7)),
    ],
)
def test_default_tracking_start(period, today, start):
    assert checks.default_tracking_start(period, today) == start


# --- the preview ----------------------------------------------------------------------------------


def test_the_preview_of_a_past_plan_warns_and_offers_the_tracking_start(coord_client, past_draft, today):
    page = dom(coord_client.get(reverse("plans:import_preview", args=[past_draft.pk])))
    late = by_id(page, "check-late")
    assert late is not None
    words = text(late)
    assert words.startswith("Kế hoạch đã hết thời gian thực hiện (đến 31/12/2025):")
    found = checks.due_counts(
        past_draft.parsed, past_draft.organisation, today=today, start=today, calendar=_cal()
    )
    assert (
        found.before_today > 100 and found.before_today == found.before_start and found.overdue_at_once == 0
    )
    assert f"{found.before_today} nghĩa vụ báo cáo có hạn trước hôm nay sẽ quá hạn ngay" in words
    assert f"Theo dõi từ ngày {today:%d/%m/%Y}: {found.before_start} nghĩa vụ" in words
    # The plan details hold the date (today) and the choice (not tracked) by default.
    box = by_id(page, "tracking-start")
    assert find(box, './/input[@name="tracking_start"]').get("value") == f"{today:%d/%m/%Y}"
    chosen = find(box, './/input[@name="before_tracking"][@checked]')
    assert chosen.get("value") == Plan.BeforeTracking.NOT_TRACKED
    labels = [text(label) for label in box.xpath('.//label[@class="radio"]')]
    assert labels == [
        "Không theo dõi (ghi là “không theo dõi”)",
        "Đã thực hiện trước khi dùng hệ thống (ghi là hoàn thành đúng hạn)",
    ]


def _cal():
    from cchc.core.calendar import WorkCalendar

    return WorkCalendar()


def _meta_draft(org, user, *, number="5/KH-SCT", issued=True, issuer="Sở Công Thương", year=2026):
    parsed = parsed_plan(
        [task("1", "Ban hành kế hoạch.", lead=["Văn phòng Sở"], schedule="Hàng tháng")], year=year
    )
    parsed["plan"]["number"] = number
    parsed["plan"]["issuer"] = issuer
    if not issued:
        parsed["plan"]["issued_on"] = None
    return make_draft(org, user, parsed)


@pytest.mark.parametrize(
    ("draft_args", "today", "kinds"),
    [
        ({}, date(2026, 3, 1), []),  # early in the year: nothing to say
        ({}, date(2026, 8, 1), ["late"]),  # mostly past
        ({}, date(2026, 12, 7), ["late"]),
        ({"year": 2025}, date(2026, 12, 7), ["late"]),  # over
        ({"year": 2027}, date(2026, 12, 7), []),  # not begun
        ({"issuer": "UBND tỉnh Thử Nghiệm"}, date(2026, 3, 1), ["issuer"]),
        ({"issuer": "Sở Công Thương tỉnh Khác"}, date(2026, 3, 1), ["issuer"]),
        ({"issuer": "SỞ CÔNG THƯƠNG TỈNH THỬ NGHIỆM"}, date(2026, 3, 1), []),
        ({"number": ""}, date(2026, 3, 1), ["number"]),
        ({"number": "/KH-SCT"}, date(2026, 3, 1), ["number"]),  # a draft's blank number
        ({"issued": False}, date(2026, 3, 1), ["date"]),
        ({"number": "", "issued": False, "year": 2025}, date(2026, 12, 7), ["late", "number", "date"]),
    ],
)
def test_plan_checks(org, coordinator, draft_args, today, kinds):
    draft = _meta_draft(org, coordinator, **draft_args)
    start, before = checks.tracking_of(draft.parsed, today)
    found = checks.due_counts(draft.parsed, org, today=today, start=start, calendar=_cal())
    got = checks.plan_checks(org, draft.parsed, today=today, start=start, before=before, counts=found)
    assert [c.kind for c in got] == kinds
    assert not any(c.blocking for c in got)


def test_mostly_past_says_how_much(org, coordinator):
    draft = _meta_draft(org, coordinator)
    today = date(2026, 8, 1)
    start, before = checks.tracking_of(draft.parsed, today)
    found = checks.due_counts(draft.parsed, org, today=today, start=start, calendar=_cal())
    (late,) = checks.plan_checks(org, draft.parsed, today=today, start=start, before=before, counts=found)
    # Monthly, due on the 25th: January to July are behind on 01/08.
    assert late.text == (
        "Kế hoạch đã qua 58 % thời gian thực hiện: 7 nghĩa vụ báo cáo có hạn trước hôm nay sẽ quá hạn "
        "ngay nếu theo dõi từ đầu kế hoạch. Theo dõi từ ngày 01/08/2026: 7 nghĩa vụ có hạn trước ngày "
        "đó được ghi là “không theo dõi”, 0 nghĩa vụ quá hạn ngay."
    )


# --- saving the choice ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "ok"),
    [
        (date(2026, 1, 1), True),
        (date(2026, 6, 1), True),
        (date(2026, 12, 7), True),  # today
        (date(2025, 12, 31), False),  # before the plan
        (date(2026, 12, 8), False),  # tomorrow: work ahead would go untracked
    ],
)
def test_the_tracking_start_lies_between_the_plans_start_and_today(org, coordinator, start, ok):
    draft = _meta_draft(org, coordinator)
    meta = draft.parsed["plan"]

    def save():
        return services.update_plan_meta(
            draft,
            number=meta["number"],
            title=meta["title"],
            issued_on=date(2026, 1, 10),
            period_start=date(2026, 1, 1),
            period_end=date(2026, 12, 31),
            expected_version=draft.version,
            tracking_start=start,
            before_tracking=Plan.BeforeTracking.DONE,
            today=date(2026, 12, 7),
        )

    if ok:
        assert save().parsed["plan"]["tracking_start"] == start.isoformat()
    else:
        with pytest.raises(services.ImportRefused, match="Theo dõi từ ngày"):
            save()


def test_the_choice_is_saved_from_the_preview_form(coord_client, past_draft, today):
    meta = past_draft.parsed["plan"]
    chosen = today - timedelta(days=30)
    response = coord_client.post(
        reverse("plans:import_meta", args=[past_draft.pk]),
        {
            "version": past_draft.version,
            "number": meta["number"],
            "title": meta["title"],
            "issued_on": "25/03/2025",
            "period_start": "01/01/2025",
            "period_end": "31/12/2025",
            "tracking_start": f"{chosen:%d/%m/%Y}",
            "before_tracking": "done",
        },
    )
    assert response.status_code == 302
    past_draft.refresh_from_db()
    assert past_draft.parsed["plan"]["tracking_start"] == chosen.isoformat()
    assert past_draft.parsed["plan"]["before_tracking"] == "done"
    box = by_id(
        dom(coord_client.get(reverse("plans:import_preview", args=[past_draft.pk]))), "tracking-start"
    )
    assert find(box, './/input[@name="before_tracking"][@checked]').get("value") == "done"


# --- confirming: the board is not flooded, nobody is chased ------------------------------------


@pytest.fixture
def vp_head(org):
    user = make_user(org, Membership.Role.UNIT_HEAD, "truongvp", unit_code="VP")
    user.email = "truongvp@example.invalid"
    user.save()
    return user


def confirm_from_preview(client, draft) -> Plan:
    response = client.post(reverse("plans:import_confirm", args=[draft.pk]), {"version": draft.version})
    assert response.status_code == 302, response
    draft.refresh_from_db()
    assert draft.status == PlanImport.Status.CONFIRMED
    return draft.plan


def test_a_past_plan_confirmed_from_the_preview_is_not_tracked_and_nobody_is_chased(
    coord_client, org, past_draft, vp_head, today
):
    plan = confirm_from_preview(coord_client, past_draft)
    assert plan.tracking_start == today and plan.before_tracking == Plan.BeforeTracking.NOT_TRACKED
    got = counts(plan)
    assert set(got) == {"not_tracked (off)"}, got  # everything of 2025 was due before today
    assert rates({S.NOT_TRACKED: got["not_tracked (off)"]}).total == 0
    call_command("remind", "--once", "--org", org.code)
    assert not Notification.objects.filter(obligation__plan=plan).exists()
    assert not Delivery.objects.filter(obligation__plan=plan).exists()
    # The plan page says what became of them.
    page = dom(coord_client.get(reverse("plans:detail", args=[plan.pk])))
    assert text(by_id(page, "tracking-start")) == (
        f"{today:%d/%m/%Y} — {got['not_tracked (off)']} kỳ có hạn trước ngày đó: không theo dõi"
    )


def test_tracked_from_its_start_the_same_plan_floods_the_board_and_the_reminders(org, coordinator, vp_head):
    """The defect as it was (and still is, when the Office asks for it): every past period is
    overdue and chased."""
    draft = services.start_import(org, coordinator, PAST, sample_bytes(PAST), None)
    plan = confirming.confirm_import(draft, coordinator, draft.version, allow_unresolved=True)  # no preview
    assert plan.tracking_start is None
    assert counts(plan).get("overdue", 0) > 100
    call_command("remind", "--once", "--org", org.code)
    assert Notification.objects.filter(obligation__plan=plan).exists()


def test_done_before_the_system_is_recorded_on_time_at_import(coord_client, past_draft, today):
    meta = past_draft.parsed["plan"]
    services.update_plan_meta(
        past_draft,
        number=meta["number"],
        title=meta["title"],
        issued_on=date(2025, 3, 25),
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        expected_version=past_draft.version,
        tracking_start=date(2025, 7, 1),
        before_tracking=Plan.BeforeTracking.DONE,
    )
    plan = confirm_from_preview(coord_client, past_draft)
    before = Obligation.objects.filter(plan=plan, due_date__lt=date(2025, 7, 1))
    after = Obligation.objects.filter(plan=plan, due_date__gte=date(2025, 7, 1))
    assert before.exists() and after.exists()
    for o in before:
        assert (o.status, o.completed_on, o.recorded_at_import, o.is_active) == (
            S.DONE_ON_TIME,
            o.due_date,
            True,
            True,
        )
    assert set(after.values_list("status", flat=True)) == {S.OVERDUE}  # the Office chose to follow these
    # A later recompute (a contribution, the admin's action) keeps the import's completion.
    o = before.first()
    statuses.recompute(o, today=today)
    o.refresh_from_db()
    assert (o.status, o.completed_on) == (S.DONE_ON_TIME, o.due_date)


def test_a_plan_not_begun_is_followed_from_its_start(org, coordinator, today):
    parsed = parsed_plan(
        [task("1", "Ban hành kế hoạch.", lead=["Văn phòng Sở"], schedule="Hàng tháng")], year=today.year + 1
    )
    draft = make_draft(org, coordinator, parsed)
    plan = confirming.confirm_import(draft, coordinator, draft.version, previewed=True)
    assert plan.tracking_start == date(today.year + 1, 1, 1)
    assert set(Obligation.objects.filter(plan=plan).values_list("status", flat=True)) == {S.NOT_DUE}


def test_re_planning_a_task_leaves_the_untracked_periods_off(org, coordinator, today):
    parsed = parsed_plan(  # last year's: every month is behind, whatever the day the test runs
        [task("1", "Ban hành kế hoạch.", lead=["Văn phòng Sở"], schedule="Hàng tháng")], year=today.year - 1
    )
    draft = make_draft(org, coordinator, parsed)
    plan = confirming.confirm_import(draft, coordinator, draft.version, previewed=True)
    task_ = plan.tasks.get()
    off = set(Obligation.objects.filter(plan=plan, status=S.NOT_TRACKED).values_list("pk", flat=True))
    assert off  # the months before today
    planning.edit_task_schedule(
        task_, text="Hàng tháng", user=coordinator, today=today, expected_version=task_.version
    )
    planning.replan_task(task_, today=today, user=coordinator)
    still = Obligation.objects.filter(pk__in=off)
    assert set(still.values_list("status", "is_active")) == {(S.NOT_TRACKED, False)}


def test_the_task_page_shows_the_untracked_periods_greyed(coord_client, org, coordinator, today):
    parsed = parsed_plan(  # last year's: every month is behind, whatever the day the test runs
        [task("1", "Ban hành kế hoạch.", lead=["Văn phòng Sở"], schedule="Hàng tháng")], year=today.year - 1
    )
    draft = make_draft(org, coordinator, parsed)
    plan = confirming.confirm_import(draft, coordinator, draft.version, previewed=True)
    off = Obligation.objects.filter(plan=plan, status=S.NOT_TRACKED).order_by("due_date").first()
    page = dom(coord_client.get(reverse("tracking:task", args=[plan.tasks.get().pk])))
    row = by_id(page, f"o{off.pk}")
    assert row is not None
    assert text(find(row, './/span[contains(@class, "st-not_tracked")]')) == "Không theo dõi"
