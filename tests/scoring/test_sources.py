"""Proposals come from the records: the follow-through's rates and counts, a task's accepted
report (with its documents as the item's evidence), the dossiers; and ``show`` (the JSON of
``cchc score show``) holds the issue's contract: every proposal is its rule applied to its
source value, every total the sum of its items within the caps."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cchc.core.scoring import Rule, apply_rule
from cchc.plans.models import Task
from cchc.scoring import selectors, services
from cchc.scoring.models import ItemScore, TaskLink
from cchc.tracking.models import Evidence, Obligation, ObligationStatus, Report
from tests.factories import person, sample_tasks
from tests.tracking.test_planning import confirm

pytestmark = pytest.mark.django_db
S = ObligationStatus
TODAY = date(2026, 12, 31)


@pytest.fixture
def plan(org, coordinator):
    return confirm(org, coordinator, sample_tasks())


def _set_statuses(plan, statuses):
    """The plan's obligations due in 2026 get ``statuses`` in turn (the rest: not yet due)."""
    due = list(Obligation.objects.filter(plan=plan, due_date__lte=TODAY).order_by("pk"))
    for o, status in zip(due, statuses, strict=False):
        Obligation.objects.filter(pk=o.pk).update(status=status)
    return due[: len(statuses)]


def _value(assessment, code):
    return ItemScore.objects.get(assessment=assessment, item__code=code)


def test_follow_through_rates_and_counts(org, plan, cset, coordinator):
    statuses = [S.DONE_EARLY, S.DONE_EARLY, S.DONE_ON_TIME, S.DONE_LATE, S.OVERDUE]
    touched = _set_statuses(plan, statuses)
    assert len(touched) == 5, "the sample plan has five obligations due in 2026"
    Obligation.objects.filter(plan=plan).exclude(pk__in=[o.pk for o in touched]).update(status=S.NOT_DUE)
    a = services.open_assessment(org, 2026, self_due=date(2026, 12, 20), today=TODAY)
    on_time = _value(a, "1.1.2")
    assert on_time.source_value == Decimal("60.0000")  # 3 of 5 fallen due finished on time
    assert on_time.proposed == Decimal("0.00")  # under the 80 % band
    assert on_time.source_detail["detail"] == "3/5 nhiệm vụ đến hạn hoàn thành đúng hạn"
    assert on_time.source_period == "01/01/2026 – 31/12/2026"
    early = _value(a, "T1")
    assert early.source_value == Decimal("50.0000") and early.proposed == Decimal("0.50")  # 2 of 4 done
    overdue = _value(a, "D2")
    assert overdue.source_value == Decimal("1") and overdue.proposed == Decimal("0.25")


def test_a_task_met_by_its_accepted_report_brings_its_documents_as_evidence(org, plan, cset, coordinator):
    a = services.open_assessment(org, 2026, self_due=date(2026, 12, 20), today=TODAY)
    task = Task.objects.filter(plan=plan, is_group=False).order_by("order").first()
    item = a.criteria_set.items.get(code="1.1.1")
    TaskLink.objects.update_or_create(assessment=a, item=item, task=task, defaults={"confirmed": True})
    services.propose(a, today=TODAY)
    assert _value(a, "1.1.1").source_value == Decimal("0")  # nothing finished yet
    head = person(org, "unit_head", "VP")
    obligations = list(Obligation.objects.filter(task=task, due_date__lte=TODAY))
    for o in obligations:
        report = Report.objects.create(
            obligation=o,
            unit=o.unit,
            narrative="Đã ban hành.",
            state="accepted",
            created_by=head,
            submitted_by=head,
            reviewed_by=coordinator,
        )
        Evidence.objects.create(
            report=report,
            doc_number="12/KH-SCT",
            doc_date=date(2026, 1, 20),
            summary="Kế hoạch CCHC năm 2026",
            url="https://vanban.example/12",
            uploaded_by=head,
        )
    Obligation.objects.filter(pk__in=[o.pk for o in obligations]).update(status=S.DONE_ON_TIME)
    services.propose(a, today=TODAY)
    met = _value(a, "1.1.1")
    assert met.source_value == Decimal("1") and met.proposed == Decimal("1.00")
    evidence = selectors.item_evidence(met)
    assert [(e.title, e.url) for e in evidence] == [
        ("12/KH-SCT Kế hoạch CCHC năm 2026", "https://vanban.example/12")
    ] * len(obligations)
    # An item backed by accepted documents counts as having evidence.
    assert selectors.evidence_counts(a)[met.pk] == len(obligations)


def test_show_keeps_the_contract(org, plan, cset, coordinator):
    _set_statuses(plan, [S.DONE_EARLY, S.DONE_ON_TIME, S.OVERDUE, S.OVERDUE, S.OVERDUE])
    a = services.open_assessment(org, 2026, self_due=date(2026, 12, 20), today=TODAY)
    s = _value(a, "1.2")
    services.set_self_score(
        s, value="1.5", version=s.version, membership=None or _m(coordinator), user=coordinator
    )
    s = _value(a, "T2")
    services.set_self_score(s, value="1", version=s.version, membership=_m(coordinator), user=coordinator)
    data = selectors.show(a)
    assert (data["org"], data["year"]) == (org.code, 2026)
    assert data["set"]["province"] == org.province
    everything = data["items"] + data["bonus"]["items"] + data["penalty"]["items"]
    for item in everything:
        assert set(item) >= {
            "code",
            "title",
            "level",
            "parent",
            "max",
            "rule",
            "source",
            "proposed",
            "self",
            "appraised",
            "final",
            "evidence",
            "explanation",
        }
        if item["source"] is not None and item["level"] in ("sub", "criterion", "bonus", "penalty"):
            value = item["source"]["value"]
            expected = apply_rule(
                Rule.from_dict(item["rule"]),
                Decimal(str(item["max"])),
                None if value is None else Decimal(str(value)),
            )
            assert item["proposed"] == (None if expected is None else float(expected)), item["code"]
    by_code = {i["code"]: i for i in everything}
    # Sums within the maxima and caps.
    assert by_code["1.1"]["self"] == (by_code["1.1.1"]["self"] or 0) + (by_code["1.1.2"]["self"] or 0)
    assert by_code["1"]["self"] == min(5, by_code["1.1"]["self"] + by_code["1.2"]["self"])
    bonus = min(1, sum(i["self"] or 0 for i in data["bonus"]["items"]))
    penalty = min(1.5, sum(i["self"] or 0 for i in data["penalty"]["items"]))
    assert data["bonus"]["total"]["self"] == bonus and data["bonus"]["cap"] == 1
    assert data["penalty"]["total"]["self"] == penalty == 0.75  # 3 overdue × 0.25
    areas = sum(i["self"] or 0 for i in data["items"] if i["level"] == "area")
    assert data["totals"]["self"] == pytest.approx(max(0, areas + bonus - penalty))
    assert data["totals"]["max"] == 8


def _m(user):
    from cchc.orgs.selectors import membership_for

    return membership_for(user)


def test_a_reports_document_opens_through_the_assessment_for_who_may_read_it(
    client, org, plan, cset, coordinator, appraiser, far_appraiser
):
    from django.core.files.base import ContentFile
    from django.urls import reverse

    a = services.open_assessment(org, 2026, self_due=date(2026, 12, 20), today=TODAY)
    task = Task.objects.filter(plan=plan, is_group=False).order_by("order").first()
    TaskLink.objects.update_or_create(
        assessment=a, item=a.criteria_set.items.get(code="1.1.1"), task=task, defaults={"confirmed": True}
    )
    o = Obligation.objects.filter(task=task).first()
    own_head = person(org, "unit_head", o.unit.code)
    other_head = person(org, "unit_head", "QLCN" if o.unit.code != "QLCN" else "KHTC")
    report = Report.objects.create(
        obligation=o,
        unit=o.unit,
        narrative="Đã ban hành.",
        state="accepted",
        created_by=own_head,
        submitted_by=own_head,
        reviewed_by=coordinator,
    )
    doc = Evidence(
        report=report,
        doc_number="12/KH-SCT",
        doc_date=date(2026, 1, 20),
        summary="Kế hoạch",
        file_name="ke-hoach.pdf",
        uploaded_by=own_head,
    )
    doc.file.save("ke-hoach.pdf", ContentFile(b"%PDF-1.4 ke hoach"), save=True)
    url = reverse("scoring:report_file", args=[a.pk, doc.pk])
    for user, status in [
        (coordinator, 200),
        (appraiser, 200),
        (own_head, 200),
        (other_head, 404),
        (far_appraiser, 404),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == status, user.username
    # A document of a task not confirmed behind any item is not the assessment's to serve.
    TaskLink.objects.filter(assessment=a, task=task).update(confirmed=False)
    client.force_login(coordinator)
    assert client.get(url).status_code == 404
