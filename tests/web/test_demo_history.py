"""The demo plan's history: written through the services up to the day the demo runs, so the
board shows every status, the review queue has a report, and a second run adds nothing."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.demo.seed import seed_demo
from cchc.tracking import selectors
from cchc.tracking.evidence import evidence_date_slack
from cchc.tracking.models import (
    Contribution,
    Evidence,
    ExtensionRequest,
    Obligation,
    ObligationStatus,
    Report,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("today", [date(2026, 9, 14), date(2026, 11, 27)])
def test_the_demo_board_shows_a_plausible_mix(today):
    seeded = seed_demo(with_dossiers=False, today=today)
    org, plan = seeded.organisation, seeded.plan
    assert seeded.history_reports > 100

    counts = selectors.board_counts(selectors.board_obligations(org, selectors.BoardFilters()))["counts"]
    S = ObligationStatus
    for status in (
        S.DONE_EARLY,
        S.DONE_ON_TIME,
        S.DONE_LATE,
        S.OVERDUE,
        S.IN_PROGRESS,
        S.EXTENDED,
        S.NOT_DUE,
    ):
        assert counts[status] > 0, status
    done = counts[S.DONE_EARLY] + counts[S.DONE_ON_TIME] + counts[S.DONE_LATE]
    assert counts[S.OVERDUE] < done / 4  # a few overdue, not the whole past
    # Every status is right for ``today``: nothing open is past its date without being overdue.
    assert not Obligation.objects.filter(plan=plan, completed_on=None, current_due__lt=today).exclude(
        status=S.OVERDUE
    )
    assert not Obligation.objects.filter(plan=plan, status=S.OVERDUE, current_due__gte=today)

    queue = list(selectors.review_queue(org))
    assert len(queue) == 1
    waiting = queue[0]
    assert waiting.unit.code == "KHTC" and waiting.previous.state == Report.State.RETURNED
    assert waiting.previous.review_comment
    assert {e.state for e in ExtensionRequest.objects.filter(obligation__plan=plan)} == {
        "approved",
        "pending",
    }
    assert Contribution.objects.filter(obligation__plan=plan).exists()
    # Evidence: our own numbers and dates inside the plan, a Word file or a link.
    evidence = Evidence.objects.filter(report__obligation__plan=plan)
    assert evidence.exclude(file="").exists() and evidence.exclude(url="").exists()
    earliest = plan.period_start - evidence_date_slack()  # a task dated before the plan is kept
    assert [e.doc_date for e in evidence if not earliest <= e.doc_date <= today] == []
    assert evidence.filter(doc_number__endswith="-KHTC").exists()
    docx = evidence.exclude(file="").first()
    assert docx.file.name.endswith(".docx") and docx.file.read(2) == b"PK"

    before = (
        Report.objects.count(),
        Evidence.objects.count(),
        ExtensionRequest.objects.count(),
        Contribution.objects.count(),
        list(Obligation.objects.order_by("pk").values_list("status", "current_due")),
    )
    again = seed_demo(with_dossiers=False, today=today)
    assert again.history_reports == 0
    assert before == (
        Report.objects.count(),
        Evidence.objects.count(),
        ExtensionRequest.objects.count(),
        Contribution.objects.count(),
        list(Obligation.objects.order_by("pk").values_list("status", "current_due")),
    )
