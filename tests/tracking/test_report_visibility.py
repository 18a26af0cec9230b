"""One rule for who reads a unit's reports (drafts, review comments, evidence), asked by the
task page, the evidence download and the API alike: the lead unit's people and the
department-wide roles; never a coordinating unit, another unit or another department."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from cchc.orgs.models import Membership
from cchc.tracking import api, permissions, reports
from cchc.tracking.models import Report
from cchc.tracking.reports import EvidenceInput
from tests.dom import dom, find_all
from tests.tracking.conftest import evidence_upload

# who -> (may read the reports, may open the obligation at all)
ROLES = [
    ("leader", True, True),
    ("coordinator", True, True),
    ("observer", True, True),
    ("head", True, True),
    ("staff", True, True),
    ("coord_head", False, True),
    ("coord_staff", False, True),
    ("other_head", False, False),
    ("stranger", False, False),
    ("stranger_head", False, False),
    ("nobody", False, False),
]


@pytest.fixture
def with_reports(world):
    """A report returned with a comment, then the lead unit's new draft with a file."""
    first = reports.submit_report(
        world.obligation,
        world.head,
        narrative="Bản gửi lần đầu",
        progress=50,
        evidence=[
            EvidenceInput("1/QĐ", world.today - timedelta(days=3), "QĐ", url="https://vb.example.vn/1")
        ],
    )
    reports.review_report(
        first, world.coordinator, accept=False, comment="Bổ sung số liệu", expected_version=1
    )
    draft = reports.save_draft(
        world.obligation,
        world.staff,
        narrative="Bản nháp nội bộ",
        progress=70,
        evidence=[
            EvidenceInput("2/BC", world.today - timedelta(days=1), "Báo cáo", file=evidence_upload("bc.pdf"))
        ],
    )
    return draft


@pytest.mark.parametrize(("who", "reads", "opens"), ROLES)
def test_the_rule(world, who, reads, opens):
    user = world.users[who]
    m = Membership.objects.filter(user=user, organisation=world.org).first()
    assert permissions.sees_reports(m, world.obligation) is reads
    assert permissions.can_see_reports(user, world.obligation) is reads
    assert permissions.can_view(user, world.obligation) is opens


@pytest.mark.parametrize(("who", "reads", "opens"), ROLES)
def test_the_api_shows_the_reports_only_to_those_the_rule_allows(world, with_reports, who, reads, opens):
    token = api.issue_token(world.users[who], "t")[1]
    response = Client().get(
        f"/api/v1/obligations/{world.obligation.pk}", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    if not opens:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    body = response.json()
    shown = [(r["state"], r["narrative"], r["review_comment"]) for r in body["reports"]]
    if reads:
        assert sorted(shown) == [
            ("draft", "Bản nháp nội bộ", ""),
            ("returned", "Bản gửi lần đầu", "Bổ sung số liệu"),
        ]
    else:
        assert shown == []
        # What a coordinating unit is there for stays: the obligation itself.
        assert body["id"] == world.obligation.pk


@pytest.mark.parametrize(
    ("who", "reads", "opens"), [r for r in ROLES if r[0] not in {"nobody", "stranger", "stranger_head"}]
)
def test_the_task_page_and_the_evidence_file_follow_the_same_rule(world, with_reports, who, reads, opens):
    client = Client()
    client.force_login(world.users[who])
    page = client.get(f"/nhiem-vu/{world.task.pk}/?nghia-vu={world.obligation.pk}")
    if opens:
        assert page.status_code == 200
        articles = find_all(dom(page), '//article[contains(@class, "report")]')
        assert bool(articles) is reads
    evidence = with_reports.evidence.exclude(file="").get()
    download = client.get(f"/tai-lieu-kiem-chung/{evidence.pk}/")
    assert download.status_code == (200 if reads else 403)
    assert Report.objects.filter(obligation=world.obligation).count() == 2
