"""The demo plan's history: written through the services up to the day the demo runs, so the
board shows every status, the review queue has a report, and a second run adds nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest

from cchc.demo.seed import SeedReport, seed_demo
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
from tests.demo.conftest import SharedDemo, shared_demo

# The demo is the embedded default's (SQLite); the services it writes through are tested on both.
pytestmark = [pytest.mark.django_db, pytest.mark.one_run("sqlite")]


NOV_27 = date(2026, 11, 27)  # the day the class below shares one demo of (tests/demo/conftest.py)


@pytest.mark.parametrize("today", [date(2026, 9, 14)])
def test_the_demo_board_shows_a_plausible_mix(today):
    _check_plausible_mix(seed_demo(with_dossiers=False, today=today), today)


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[SharedDemo]:
    """The demo seeded once on 27/11/2026 at 10:00 (its on-commit work done), for a class."""
    media = tmp_path_factory.mktemp("media")
    with shared_demo(django_db_blocker, media, NOV_27, with_dossiers=False) as shared:
        yield shared


@pytest.mark.xdist_group("demo-history-2026-11-27")
class TestTheDemoOf27November:
    """Both read one demo (``demo``)."""

    def test_the_demo_board_shows_a_plausible_mix(self, demo, settings):
        settings.MEDIA_ROOT = demo.media  # its evidence files
        _check_plausible_mix(demo.seeded, demo.today)

    def test_the_history_notifications_carry_the_moment_of_their_event(self, demo):
        _check_notifications(demo.today, demo.now)


def _check_plausible_mix(seeded: SeedReport, today: date) -> None:
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


def _check_notifications(today: date, now: datetime) -> None:
    """Each notification of the history tells of a review made on some day of the year: it
    is stamped with that moment, not with the moment the demo ran; its e-mail went out then,
    and what is more than a week old has been read."""
    from datetime import timedelta

    from django.utils import timezone

    from cchc.chasing.models import Delivery, Notification

    reviews = Delivery.objects.filter(key__startswith="review:").select_related("notification")
    assert reviews.count() > 100
    checked = 0
    for delivery in reviews:
        _kind, report_id, state, _person = delivery.key.split(":")
        report = Report.objects.get(pk=report_id)
        note = delivery.notification
        if state == "accepted":
            assert note.created_at == report.reviewed_at, delivery.key
        else:  # the return of the report sent again since: the first report keeps its review
            assert state == "returned" and report.state == Report.State.RETURNED
            assert note.created_at == report.reviewed_at < now
        assert delivery.created_at == note.created_at
        if timezone.localdate(note.created_at) < today:
            assert (delivery.state, delivery.sent_at) == (Delivery.State.SENT, note.created_at)
        checked += 1
    assert checked == reviews.count()
    stamps = Notification.objects.values_list("created_at", flat=True)
    assert len(set(stamps)) > 50 and min(stamps) < now - timedelta(days=200)
    week_ago = now - timedelta(days=8)
    assert not Notification.objects.filter(created_at__lt=week_ago, read_at=None)
    assert Notification.objects.filter(read_at=None).exists()
    # What happened today (the extension requests) waits in the outbox for the first pass.
    assert Delivery.objects.filter(key__contains=":requested:", state=Delivery.State.PENDING).exists()
