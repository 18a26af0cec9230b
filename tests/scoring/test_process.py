"""The self-assessment's process through its services: open → propose → confirm → submit
(late) → appraise → explanation → answer → final, with who may do each step, concurrent
edits detected, and every change in the history."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from cchc.orgs.models import Membership
from cchc.orgs.selectors import membership_for
from cchc.scoring import services
from cchc.scoring.models import Assessment, EvidenceFile, ItemScore
from cchc.scoring.services import EditConflict, NotAllowed, ScoringError
from tests.scoring.conftest import small_set

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
State = Assessment.State


def m(user) -> Membership:
    return membership_for(user)


def score(assessment, code) -> ItemScore:
    return ItemScore.objects.select_related("item", "assessment__organisation").get(
        assessment=assessment, item__code=code
    )


def test_opening_makes_a_row_per_scored_item(assessment):
    codes = set(ItemScore.objects.filter(assessment=assessment).values_list("item__code", flat=True))
    # Areas and criteria with sub-criteria are sums, not scored themselves.
    assert codes == {"1.1.1", "1.1.2", "1.2", "2.1", "T1", "T2", "D1", "D2"}
    assert assessment.state == State.OPEN and assessment.proposed_at is not None


def test_opening_without_a_set_or_twice_is_refused(org, coordinator, cset):
    with pytest.raises(ScoringError, match="Chưa có bộ tiêu chí năm 2027"):
        services.open_assessment(org, 2027, self_due=date(2027, 12, 20))
    services.open_assessment(org, 2026, self_due=date(2026, 12, 20))
    with pytest.raises(ScoringError, match="Đã mở kỳ tự đánh giá năm 2026"):
        services.open_assessment(org, 2026, self_due=date(2026, 12, 20))


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("coordinator", True), ("leader", True), ("unit_head", False), ("observer", False)],
)
def test_who_opens_the_assessment(org, cset, role, allowed):
    from tests.factories import person

    user = person(org, role, "KHTC" if role == "unit_head" else None)
    if allowed:
        services.open_assessment(org, 2026, self_due=date(2026, 12, 20), membership=m(user))
    else:
        with pytest.raises(NotAllowed):
            services.open_assessment(org, 2026, self_due=date(2026, 12, 20), membership=m(user))


def test_self_scores_are_checked_against_the_maximum_and_typed_in_vietnamese(assessment, coordinator):
    s = score(assessment, "1.2")
    services.set_self_score(
        s,
        value="1,5",
        note="Đã kiểm tra 4 đơn vị",
        version=s.version,
        membership=m(coordinator),
        user=coordinator,
    )
    assert (s.self_score, s.self_note, s.version) == (Decimal("1.50"), "Đã kiểm tra 4 đơn vị", 2)
    for bad, message in [
        ("2,5", "vượt điểm tối đa 2"),
        ("-1", "không được âm"),
        ("abc", "không phải là số điểm"),
    ]:
        with pytest.raises(ScoringError, match=message):
            services.set_self_score(
                s, value=bad, version=s.version, membership=m(coordinator), user=coordinator
            )
    assert score(assessment, "1.2").self_score == Decimal("1.50")


def test_two_people_editing_one_item_the_second_is_told(assessment, coordinator, leader):
    first = score(assessment, "1.2")
    second = score(assessment, "1.2")  # the same page, opened by two people
    services.set_self_score(
        first, value="2", version=first.version, membership=m(coordinator), user=coordinator
    )
    with pytest.raises(EditConflict, match="vừa được người khác sửa"):
        services.set_self_score(
            second, value="1", version=second.version, membership=m(coordinator), user=coordinator
        )
    assert score(assessment, "1.2").self_score == Decimal("2.00")
    history = list(ItemScore.history.filter(id=first.pk).order_by("history_date"))
    assert [h.self_score for h in history][-1] == Decimal("2.00")
    assert history[-1].history_user_id == coordinator.pk


def test_a_unit_head_scores_only_the_items_of_the_unit(
    org, assessment, coordinator, unit_head, other_head, observer
):
    s = score(assessment, "1.2")
    services.assign_unit(s, org.units.get(code="KHTC").pk, membership=m(coordinator))
    s = score(assessment, "1.2")
    services.set_self_score(s, value="1", version=s.version, membership=m(unit_head), user=unit_head)
    for user in (other_head, observer):
        with pytest.raises(NotAllowed):
            services.set_self_score(s, value="2", version=s.version + 1, membership=m(user), user=user)
    other = score(assessment, "2.1")
    with pytest.raises(NotAllowed):
        services.set_self_score(
            other, value="1", version=other.version, membership=m(unit_head), user=unit_head
        )


def _evidence(s: ItemScore, user) -> None:
    EvidenceFile.objects.create(score=s, title="Báo cáo số 1", url="https://vanban.example/1", added_by=user)


def test_submitting_claims_without_evidence_needs_an_explanation(assessment, coordinator, leader):
    s = score(assessment, "1.2")
    services.set_self_score(s, value="2", version=s.version, membership=m(coordinator), user=coordinator)
    with pytest.raises(ScoringError, match=r"Còn 1 tiêu chí có điểm .*\(1\.2\)"):
        services.submit(assessment, membership=m(leader), user=leader)
    s = score(assessment, "1.2")
    services.set_self_score(
        s,
        value="2",
        explanation="Biên bản kiểm tra đang trình ký.",
        version=s.version,
        membership=m(coordinator),
        user=coordinator,
    )
    done = services.submit(
        assessment, membership=m(leader), user=leader, now=datetime(2026, 12, 19, 16, 0, tzinfo=HCM)
    )
    assert done.state == State.SUBMITTED and not done.submitted_late


@pytest.mark.parametrize(
    ("moment", "late"),
    [
        (datetime(2026, 12, 20, 23, 59, tzinfo=HCM), False),  # the due day itself, local time
        (datetime(2026, 12, 20, 17, 30, tzinfo=ZoneInfo("UTC")), True),  # 00:30 on the 21st in Việt Nam
        (datetime(2026, 12, 22, 8, 0, tzinfo=HCM), True),
    ],
)
def test_late_submission_is_recorded_and_counts_as_the_penalty(assessment, leader, moment, late):
    done = services.submit(assessment, membership=m(leader), user=leader, now=moment)
    assert done.submitted_late is late
    d1 = score(done, "D1")
    assert d1.source_value == Decimal(int(late))
    assert d1.self_score == (Decimal("1.00") if late else Decimal("0.00"))


def test_only_the_leadership_submits(assessment, coordinator, observer):
    for user in (coordinator, observer):
        with pytest.raises(NotAllowed, match="Chỉ Lãnh đạo Sở nộp"):
            services.submit(assessment, membership=m(user), user=user)


def test_the_whole_appraisal(assessment, coordinator, leader, appraiser, far_appraiser, observer):
    s = score(assessment, "1.2")
    services.set_self_score(s, value="2", version=s.version, membership=m(coordinator), user=coordinator)
    _evidence(s, coordinator)
    with pytest.raises(ScoringError, match="Chỉ chấm thẩm định sau khi Sở đã nộp"):
        services.appraise(
            s, value="1", version=score(assessment, "1.2").version, membership=m(appraiser), user=appraiser
        )
    a = services.submit(assessment, membership=m(leader), user=leader, now=datetime(2026, 12, 1, tzinfo=HCM))
    s = score(a, "1.2")
    with pytest.raises(ScoringError, match="Bản tự đánh giá đã nộp"):
        services.set_self_score(s, value="1", version=s.version, membership=m(coordinator), user=coordinator)
    for user in (far_appraiser, coordinator, observer):
        with pytest.raises(NotAllowed):
            services.appraise(s, value="1", version=s.version, membership=m(user), user=user)
    with pytest.raises(ScoringError, match="ghi rõ nội dung cần Sở giải trình"):
        services.appraise(
            s, value="1", request_explanation=True, version=s.version, membership=m(appraiser), user=appraiser
        )
    services.appraise(
        s,
        value="1",
        note="Thiếu biên bản kiểm tra 2 đơn vị.",
        request_explanation=True,
        version=s.version,
        membership=m(appraiser),
        user=appraiser,
    )
    a = services.request_explanations(a, membership=m(appraiser), user=appraiser)
    assert a.state == State.EXPLAINING
    s = score(a, "1.2")
    with pytest.raises(ScoringError, match="không được yêu cầu giải trình"):
        other = score(a, "2.1")
        services.answer(other, text="x", version=other.version, membership=m(coordinator), user=coordinator)
    services.answer(
        s, text="Bổ sung biên bản kiểm tra.", version=s.version, membership=m(coordinator), user=coordinator
    )
    services.add_file(
        s,
        title="Biên bản kiểm tra",
        url="https://vanban.example/2",
        membership=m(coordinator),
        user=coordinator,
    )
    s = score(a, "1.2")
    with pytest.raises(ScoringError, match="chỉ giải trình một lần"):
        services.answer(s, text="Lần hai", version=s.version, membership=m(coordinator), user=coordinator)
    a = services.close_answers(a, membership=m(coordinator), user=coordinator)
    assert a.state == State.ANSWERED
    services.set_final(
        s, value="2", note="Chấp nhận giải trình.", version=s.version, membership=m(appraiser), user=appraiser
    )
    a = services.finalise(a, membership=m(appraiser), user=appraiser)
    assert a.state == State.FINAL
    finals = dict(ItemScore.objects.filter(assessment=a).values_list("item__code", "final"))
    assert finals["1.2"] == Decimal("2.00")
    # Not appraised: the department's score stands as final.
    assert finals["2.1"] == score(a, "2.1").self_score
    assert EvidenceFile.objects.get(title="Biên bản kiểm tra").stage == EvidenceFile.Stage.ANSWER


def test_requesting_explanations_needs_a_flagged_item(assessment, leader, appraiser):
    a = services.submit(assessment, membership=m(leader), user=leader, now=datetime(2026, 12, 1, tzinfo=HCM))
    with pytest.raises(ScoringError, match="Chưa có tiêu chí nào"):
        services.request_explanations(a, membership=m(appraiser), user=appraiser)
    # Without explanations the appraiser finalises straight away.
    assert services.finalise(a, membership=m(appraiser), user=appraiser).state == State.FINAL


def test_the_relative_rule_takes_the_best_of_the_assessed_bodies(org, coordinator):
    from dataclasses import replace

    from cchc.core.scoring import Rule
    from cchc.scoring import sets
    from cchc.scoring.models import Item
    from tests.factories import make_org

    core = small_set(org.province)
    core = replace(
        core,
        items=tuple(
            replace(i, rule=Rule.from_dict({"kind": "relative"})) if i.code == "2.1" else i
            for i in core.items
        ),
    )
    sets.save_set(core)
    mine = services.open_assessment(org, 2026, self_due=date(2026, 12, 20))
    other_org = make_org("scn-test", "Sở Nông nghiệp tỉnh Thử Nghiệm", province=org.province, external=False)
    other = services.open_assessment(other_org, 2026, self_due=date(2026, 12, 20))
    ItemScore.objects.filter(assessment=other, item__code="2.1").update(source_value=Decimal("80"))
    ItemScore.objects.filter(assessment=mine, item__code="2.1").update(source_value=Decimal("60"))
    assert Item.objects.get(criteria_set__year=2026, code="2.1").rule == {"kind": "relative"}
    from cchc.scoring.services import _best_values

    assert _best_values(mine, ["2.1"]) == {"2.1": Decimal("80.0000")}


def test_every_change_is_in_the_history_even_the_steps_that_fill_many_items(
    org, assessment, coordinator, leader, appraiser
):
    s = score(assessment, "1.2")
    services.assign_unit(s, org.units.get(code="KHTC").pk, membership=m(coordinator), user=coordinator)
    last = ItemScore.history.filter(id=s.pk).latest("history_date")
    assert (last.unit_id, last.history_user_id, last.history_change_reason) == (
        org.units.get(code="KHTC").pk,
        coordinator.pk,
        "phân công đơn vị",
    )
    a = services.submit(assessment, membership=m(leader), user=leader, now=datetime(2026, 12, 1, tzinfo=HCM))
    filled = ItemScore.history.filter(history_user_id=leader.pk, history_change_reason__startswith="nộp")
    # Every item nobody scored takes its proposal, and says so.
    assert {h.id for h in filled} == set(ItemScore.objects.filter(assessment=a).values_list("pk", flat=True))
    a = services.finalise(a, membership=m(appraiser), user=appraiser)
    closed = ItemScore.history.filter(history_user_id=appraiser.pk)
    assert closed.count() == ItemScore.objects.filter(assessment=a).count()
    assert all(h.final == h.self_score for h in closed)
