"""The self-assessment's front page and score table: who sees what (each role, the appraiser of
the province and of another, a stranger), opening the year's assessment (refused without a
criteria set), the table's lines and totals, its filters and forecast, the actions each role
and state offers, and the process steps taken from it (submit after a confirm page, requests
for explanation, answers sent, appraisal closed)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cchc.scoring import services
from cchc.scoring.models import Assessment, ItemScore
from cchc.scoring.selectors import points_text, score_table
from tests.dom import by_id, dom, find, find_all, links, text
from tests.scoring.screens.conftest import YEAR

pytestmark = pytest.mark.django_db
State = Assessment.State


def table_url(a: Assessment, name: str = "table") -> str:
    return reverse(f"scoring:{name}", args=[a.organisation.code, a.year])


def item_url(a: Assessment, code: str) -> str:
    return reverse("scoring:item", args=[a.organisation.code, a.year, code])


def buttons(page) -> list[str]:
    """The labels of the table's actions (buttons and button-links)."""
    actions = by_id(page, "actions")
    return [text(b) for b in find_all(actions, ".//button | .//a[contains(@class,'button')]")]


def row(page, code: str):
    return find(page, f"//table[@id='score-table']//tr[@data-code='{code}']")


def codes(page) -> list[str]:
    return [r.get("data-code") for r in find_all(page, "//table[@id='score-table']//tr[@data-code]")]


def cells(tr) -> list[str]:
    return [text(td) for td in tr.findall("td")]


def submitted(a: Assessment, leader) -> Assessment:
    """Every claimed item explained (the ORM: the test is not about evidence), then submitted."""
    ItemScore.objects.filter(assessment=a).update(explanation="Văn bản giấy lưu tại Văn phòng.")
    return services.submit(a, membership=leader.memberships.get(), user=leader)


# --- who sees what ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "home", "table", "item"),
    [
        ("coordinator", 200, 200, 200),
        ("leader", 200, 200, 200),
        ("observer", 200, 200, 200),
        ("head", 200, 200, 200),
        ("other_head", 200, 200, 200),
        ("appraiser", 200, 200, 200),
        ("far_appraiser", 200, 404, 404),
        ("neighbour", 200, 404, 404),
        ("stranger", 403, 403, 403),
    ],
)
def test_every_role_reaches_what_it_may_and_no_more(client, assessment, request, who, home, table, item):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("scoring:home")).status_code == home
    assert client.get(table_url(assessment)).status_code == table
    assert client.get(item_url(assessment, "1.1.1")).status_code == item


def test_a_visitor_is_sent_to_log_in(client, assessment):
    response = client.get(table_url(assessment))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_an_unknown_year_or_item_is_404(coord_client, assessment):
    org = assessment.organisation.code
    assert coord_client.get(reverse("scoring:table", args=[org, YEAR + 1])).status_code == 404
    assert coord_client.get(reverse("scoring:item", args=[org, YEAR, "9.9"])).status_code == 404


# --- the front page ---------------------------------------------------------------------------


def test_a_member_sees_the_years_with_state_deadlines_and_totals(coord_client, assessment, leader):
    ItemScore.objects.filter(assessment=assessment, item__code="1.1.1").update(self_score=Decimal("1"))
    page = dom(coord_client.get(reverse("scoring:home")))
    rows = find_all(page, "//table[@id='assessments']/tbody/tr")
    assert [r.get("data-year") for r in rows] == [str(YEAR)]
    # Self: 1 point of item 1.1.1, less the 0,25 the overdue task already costs (penalty D2).
    assert cells(rows[0]) == [f"Năm {YEAR}", "Đang tự chấm", "20/12/2026", "", "", "0,75", "—", "—"]
    assert links(rows[0])[f"Năm {YEAR}"] == table_url(assessment)


def test_an_appraiser_sees_the_departments_of_the_province(
    client, assessment, appraiser, neighbour, far_appraiser
):
    client.force_login(appraiser)
    page = dom(client.get(reverse("scoring:home"), {"nam": YEAR}))
    rows = {r.get("data-org"): r for r in find_all(page, "//table[@id='departments']/tbody/tr")}
    # Its own Sở Nội vụ and the other province's are not listed.
    assert set(rows) == {"sct-test", "sxd-test"}
    assert cells(rows["sct-test"])[1:3] == ["Đang tự chấm", "20/12/2026"]
    assert links(rows["sct-test"]) == {"Sở Công Thương tỉnh Thử Nghiệm": table_url(assessment)}
    assert cells(rows["sxd-test"])[1] == "Chưa mở kỳ tự đánh giá" and not links(rows["sxd-test"])
    # The appraiser's menu holds the appraisal (and the notifications), nothing of a department.
    menu = links(find(page, "//nav[@class='mainnav']"))
    assert menu["Chấm điểm CCHC"] == reverse("scoring:home")
    assert "Kế hoạch" not in menu and "Bảng theo dõi" not in menu and "Hồ sơ TTHC" not in menu


@pytest.mark.parametrize("who", ["coordinator", "head", "observer", "leader"])
def test_every_member_has_the_menu_link(client, org, request, who):
    client.force_login(request.getfixturevalue(who))
    page = dom(client.get(reverse("scoring:home")))
    assert links(find(page, "//nav[@class='mainnav']"))["Chấm điểm CCHC"] == reverse("scoring:home")


def test_the_appraisers_front_door_is_the_appraisal(client, appraiser):
    client.force_login(appraiser)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("scoring:home")


@pytest.mark.parametrize(
    ("who", "ranking"),
    [("coordinator", True), ("leader", True), ("appraiser", True), ("observer", False), ("head", False)],
)
def test_the_table_leads_to_its_files_and_the_ranking(client, assessment, request, who, ranking):
    client.force_login(request.getfixturevalue(who))
    found = links(by_id(dom(client.get(table_url(assessment))), "outputs"))
    expected = {
        "Excel (.xlsx)": table_url(assessment, "score_xlsx"),
        "Word (.docx)": table_url(assessment, "score_docx"),
        "Tài liệu kiểm chứng (.zip)": table_url(assessment, "pack"),
    }
    if ranking:
        expected["Xếp hạng các cơ quan của tỉnh"] = reverse("scoring:ranking", args=[assessment.year])
    assert found == expected
    for url in expected.values():  # each one opens for this person
        assert client.get(url).status_code == 200


def test_the_front_pages_lead_to_the_criteria_and_the_ranking(
    client, assessment, coordinator, observer, appraiser
):
    year = timezone.localdate().year
    client.force_login(coordinator)
    found = links(by_id(dom(client.get(reverse("scoring:home"))), "links"))
    assert found == {
        "Bộ tiêu chí của tỉnh (nhập, tải về, sao chép)": reverse("scoring:criteria"),
        f"Xếp hạng các cơ quan năm {year}": reverse("scoring:ranking", args=[year]),
    }
    client.force_login(observer)
    assert by_id(dom(client.get(reverse("scoring:home"))), "links") is None
    client.force_login(appraiser)
    found = links(by_id(dom(client.get(reverse("scoring:home"), {"nam": YEAR})), "links"))
    assert found == {f"Xếp hạng các cơ quan năm {YEAR}": reverse("scoring:ranking", args=[YEAR])}
    ranking = dom(client.get(reverse("scoring:ranking", args=[YEAR])))
    assert links(find(ranking, "//tr[@data-org='sct-test']")) == {
        "Sở Công Thương tỉnh Thử Nghiệm": table_url(assessment)
    }


# --- opening the year's assessment ----------------------------------------------------------


def open_data(year: int, **extra: str) -> dict[str, str]:
    return {
        "nam": str(year),
        "han_tu_cham": f"20/12/{year}",
        "han_tham_dinh": "",
        "han_giai_trinh": "",
        **extra,
    }


def test_opening_without_a_criteria_set_is_refused_with_a_message(coord_client, org):
    year = timezone.localdate().year
    page = dom(coord_client.get(reverse("scoring:home")))
    assert by_id(page, "open-form") is not None
    response = coord_client.post(reverse("scoring:open"), open_data(year))
    assert response.status_code == 400
    errors = text(find(dom(response), "//form[@id='open-form']//div[@class='errors']"))
    assert f"Chưa có bộ tiêu chí năm {year}" in errors
    assert not Assessment.objects.exists()


def test_the_office_opens_the_year_and_lands_on_its_table(coord_client, org):
    from cchc.demo.scoring import demo_set
    from cchc.scoring import sets

    year = timezone.localdate().year
    sets.save_set(demo_set(org.province, year))
    data = open_data(year, han_tham_dinh=f"31/12/{year}")
    response = coord_client.post(reverse("scoring:open"), data)
    a = Assessment.objects.get()
    assert response.status_code == 302 and response.url == table_url(a)
    assert (a.year, a.self_due, a.appraisal_due, a.explanation_due) == (
        year,
        date(year, 12, 20),
        date(year, 12, 31),
        None,
    )
    # Opened: the form is gone (one assessment a year).
    assert by_id(dom(coord_client.get(reverse("scoring:home"))), "open-form") is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("han_tu_cham", "31/02/2026", "Ngày không hợp lệ"),
        ("han_tu_cham", "", "Hãy nhập hạn nộp tự chấm"),
        ("nam", "abc", "Năm phải là một số"),
        ("han_tham_dinh", "01/01/2026", "Hạn thẩm định phải sau hạn nộp tự chấm"),
    ],
)
def test_a_bad_opening_form_says_what_is_wrong(coord_client, org, field, value, message):
    response = coord_client.post(reverse("scoring:open"), open_data(2026, **{field: value}))
    assert response.status_code == 400
    assert message in text(find(dom(response), "//form[@id='open-form']//div[@class='errors']"))
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("who", ["observer", "head"])
def test_only_the_office_and_the_leadership_open(client, org, criteria, request, who):
    client.force_login(request.getfixturevalue(who))
    assert by_id(dom(client.get(reverse("scoring:home"))), "open-form") is None
    response = client.post(reverse("scoring:open"), open_data(YEAR))
    assert response.status_code == 403 and not Assessment.objects.exists()
    assert "Chỉ Văn phòng Sở và Lãnh đạo Sở" in text(find(dom(response), "//div[@class='errors']"))


# --- the table --------------------------------------------------------------------------------


def test_the_table_shows_its_lines_totals_and_banner(coord_client, assessment):
    ItemScore.objects.filter(assessment=assessment, item__code="1.1.1").update(self_score=Decimal("1"))
    ItemScore.objects.filter(assessment=assessment, item__code="T1").update(self_score=Decimal("0.5"))
    page = dom(coord_client.get(table_url(assessment)))
    assert "Điểm minh họa" in text(by_id(page, "illustrative"))
    assert text(by_id(page, "assessment-state")).startswith("Đang tự chấm")
    assert text(by_id(page, "self-due")) == "20/12/2026"
    # Areas and criteria with children are bold headings with their sums; leaves link to the item.
    area = row(page, "1")
    assert "heading" in area.get("class")
    assert cells(area)[:5] == ["1", "Công tác chỉ đạo, điều hành cải cách hành chính", "8", "0", "1"]
    leaf = row(page, "1.1.1")
    assert "heading" not in leaf.get("class")
    assert links(leaf) == {"Ban hành kế hoạch CCHC năm đúng thời hạn": item_url(assessment, "1.1.1")}
    # The proposal with the value it came from (the share of tasks on time, a rate).
    proposed = row(page, "1.1.2").find("td[4]")
    assert proposed.text == "0" and text(find(proposed, "span[@title='Giá trị đo được']")) == "0,0 %"
    # Bonus and penalty with their caps, the totals row as the selector adds them up.
    assert cells(row(page, "bonus"))[1:5] == ["Điểm thưởng (tổng không quá 1 điểm)", "1", "0", "0,5"]
    assert cells(row(page, "penalty"))[1:5] == ["Điểm trừ (tổng không quá 2 điểm)", "2", "0,25", "0,25"]
    totals = score_table(assessment).totals
    footer = cells(by_id(page, "totals"))
    assert footer[2:5] == [
        points_text(totals["max"]),
        points_text(totals["proposed"]),
        points_text(totals["self"]),
    ]
    assert footer[2:7] == ["35", "0", "1,25", "—", "—"]


def test_the_markers_say_what_the_appraiser_asked(client, assessment, leader, appraiser):
    a = submitted(assessment, leader)
    score = ItemScore.objects.get(assessment=a, item__code="2.3")
    services.appraise(
        score,
        value="1",
        note="Thiếu ảnh chụp trang công khai.",
        request_explanation=True,
        version=score.version,
        membership=appraiser.memberships.get(),
        user=appraiser,
    )
    client.force_login(appraiser)
    page = dom(client.get(table_url(a)))
    assert cells(row(page, "2.3"))[-1] == "Yêu cầu giải trình"
    assert cells(row(page, "2.3"))[5] == "1"
    assert cells(row(page, "2.4"))[-1] == "Có giải trình"


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("coordinator", ["Tính lại điểm đề xuất"]),
        ("leader", ["Tính lại điểm đề xuất", "Nộp bản tự đánh giá"]),
        ("observer", []),
        ("head", []),
        ("appraiser", []),
    ],
)
def test_the_actions_of_an_open_assessment_by_role(client, assessment, request, who, expected):
    client.force_login(request.getfixturevalue(who))
    assert buttons(dom(client.get(table_url(assessment)))) == expected


@pytest.mark.parametrize(
    ("state", "who", "expected"),
    [
        (State.SUBMITTED, "appraiser", ["Gửi yêu cầu giải trình", "Kết thúc thẩm định"]),
        (State.SUBMITTED, "coordinator", []),
        (State.EXPLAINING, "coordinator", ["Gửi giải trình"]),
        (State.EXPLAINING, "leader", ["Gửi giải trình"]),
        (State.EXPLAINING, "head", []),
        (State.EXPLAINING, "appraiser", []),
        (State.ANSWERED, "appraiser", ["Kết thúc thẩm định"]),
        (State.FINAL, "appraiser", []),
        (State.FINAL, "leader", []),
    ],
)
def test_the_actions_by_state_and_role(client, assessment, request, state, who, expected):
    Assessment.objects.filter(pk=assessment.pk).update(state=state)
    client.force_login(request.getfixturevalue(who))
    assert buttons(dom(client.get(table_url(assessment)))) == expected


def test_the_filters_keep_an_area_my_units_items_or_those_at_risk(client, assessment, head, org):
    ItemScore.objects.filter(assessment=assessment, item__code="2.3").update(unit=org.units.get(code="QLTM"))
    client.force_login(head)
    page = dom(client.get(table_url(assessment), {"linh-vuc": "2"}))
    assert codes(page) == ["2", "2.1", "2.2", "2.3", "2.4"]
    page = dom(client.get(table_url(assessment), {"don-vi": "1"}))
    assert codes(page) == ["2", "2.3"]
    assert find(page, "//input[@name='don-vi']").get("checked") is not None
    # At risk: every item below its maximum or without evidence; the one secured is left out.
    ItemScore.objects.filter(assessment=assessment, item__code="3.1").update(
        self_score=Decimal("2"), explanation="Quyết định số 5/QĐ-SCT."
    )
    page = dom(client.get(table_url(assessment), {"nguy-co": "1"}))
    assert "3.1" not in codes(page) and "3.2" in codes(page) and "3" in codes(page)


def test_the_unit_filter_is_offered_to_a_unit_head_only(coord_client, assessment):
    page = dom(coord_client.get(table_url(assessment)))
    assert find(page, "//input[@name='don-vi']") is None
    assert find(page, "//input[@name='nguy-co']") is not None


def test_the_forecast_shows_the_points_at_risk_and_why(coord_client, assessment):
    from cchc.scoring.selectors import forecast

    ItemScore.objects.filter(assessment=assessment, item__code="3.1").update(
        self_score=Decimal("2"), explanation="Quyết định số 5/QĐ-SCT."
    )
    _, totals = forecast(assessment)
    page = dom(coord_client.get(table_url(assessment)))
    assert text(by_id(page, "fc-secured")) == points_text(totals["secured"]) == "2"
    assert text(by_id(page, "fc-max")) == "35"
    assert text(by_id(page, "fc-at-risk")) == points_text(totals["at_risk"]) == "33"
    risks = find_all(page, "//ul[@id='risk-list']/li")
    assert len(risks) == 5  # the five most at risk
    first = risks[0]
    assert first.get("data-code") == "1.1.2"  # 3 points, none secured: the most at risk
    assert "Nguy cơ mất 3/3 điểm" in text(first)
    assert "mới đạt 0/3 điểm" in [text(li) for li in first.findall(".//ul[@class='reasons']/li")]


def test_the_appraiser_sees_no_forecast(client, assessment, appraiser):
    client.force_login(appraiser)
    page = dom(client.get(table_url(assessment)))
    assert by_id(page, "forecast") is None and find(page, "//input[@name='nguy-co']") is None


# --- the steps of the process -----------------------------------------------------------------


def test_recomputing_is_for_the_office_while_open(client, assessment, coordinator, observer):
    ItemScore.objects.filter(assessment=assessment).update(proposed=None)
    client.force_login(observer)
    client.post(table_url(assessment, "recompute"))
    assert not ItemScore.objects.filter(assessment=assessment, proposed__isnull=False).exists()
    client.force_login(coordinator)
    response = client.post(table_url(assessment, "recompute"), follow=True)
    assert "Đã tính lại điểm đề xuất" in text(find(dom(response), "//ul[@class='messages']"))
    assert ItemScore.objects.filter(assessment=assessment, proposed__isnull=False).exists()


def test_the_submit_page_lists_the_items_that_refuse_it(client, assessment, leader):
    ItemScore.objects.filter(assessment=assessment, item__code__in=["1.3", "2.3"]).update(
        self_score=Decimal("1")
    )
    client.force_login(leader)
    page = dom(client.get(table_url(assessment, "submit")))
    listed = [li.get("data-code") for li in find_all(page, "//ul[@id='missing-items']/li")]
    assert listed == ["1.3", "2.3"]
    assert links(by_id(page, "missing-items"))["1.3 Kiểm tra công tác CCHC tại các đơn vị"] == item_url(
        assessment, "1.3"
    )
    assert by_id(page, "submit-form") is None
    # Posted anyway (a stale page): refused with the same list, nothing submitted.
    response = client.post(table_url(assessment, "submit"))
    assert response.status_code == 400
    assert "(1.3, 2.3)" in text(by_id(dom(response), "submit-error"))
    assert Assessment.objects.get(pk=assessment.pk).state == State.OPEN


def test_the_leader_submits_late_and_it_is_recorded(client, assessment, leader):
    Assessment.objects.filter(pk=assessment.pk).update(self_due=date(2026, 1, 31))
    ItemScore.objects.filter(assessment=assessment).update(explanation="Văn bản giấy.")
    client.force_login(leader)
    page = dom(client.get(table_url(assessment, "submit")))
    assert "đã quá hạn nộp (31/01/2026)" in text(by_id(page, "late-warning"))
    response = client.post(table_url(assessment, "submit"), follow=True)
    page = dom(response)
    assert "Đã nộp bản tự đánh giá (trễ hạn: đã ghi nhận)" in text(find(page, "//ul[@class='messages']"))
    assert text(by_id(page, "late-mark")) == "— nộp trễ hạn"
    a = Assessment.objects.get(pk=assessment.pk)
    assert a.state == State.SUBMITTED and a.submitted_late
    # The set's penalty for a late submission counts it.
    assert cells(row(page, "D1"))[4] == "1"


@pytest.mark.parametrize("who", ["coordinator", "observer"])
def test_only_the_leader_submits(client, assessment, request, who):
    ItemScore.objects.filter(assessment=assessment).update(explanation="Văn bản giấy.")
    client.force_login(request.getfixturevalue(who))
    assert by_id(dom(client.get(table_url(assessment, "submit"))), "submit-form") is None
    response = client.post(table_url(assessment, "submit"))
    assert response.status_code == 403
    assert Assessment.objects.get(pk=assessment.pk).state == State.OPEN


def test_requests_answers_and_the_close_of_the_appraisal(client, assessment, leader, coordinator, appraiser):
    a = submitted(assessment, leader)
    client.force_login(appraiser)
    # Nothing flagged yet: refused with a message.
    response = client.post(table_url(a, "request_explanations"), follow=True)
    assert "Chưa có tiêu chí nào được đánh dấu" in text(find(dom(response), "//ul[@class='messages']"))
    score = ItemScore.objects.get(assessment=a, item__code="2.3")
    services.appraise(
        score,
        value="0",
        note="Thiếu văn bản.",
        request_explanation=True,
        version=score.version,
        membership=appraiser.memberships.get(),
        user=appraiser,
    )
    client.post(table_url(a, "request_explanations"))
    assert Assessment.objects.get(pk=a.pk).state == State.EXPLAINING
    client.force_login(coordinator)
    page = dom(client.get(table_url(a)))
    assert "giải trình 1 tiêu chí" in text(by_id(page, "explaining-note"))
    client.post(table_url(a, "close_answers"))
    assert Assessment.objects.get(pk=a.pk).state == State.ANSWERED
    # The department cannot close the appraisal; the appraiser does.
    client.post(table_url(a, "finalise"))
    assert Assessment.objects.get(pk=a.pk).state == State.ANSWERED
    client.force_login(appraiser)
    page = dom(client.post(table_url(a, "finalise"), follow=True))
    assert Assessment.objects.get(pk=a.pk).state == State.FINAL
    assert text(by_id(page, "assessment-state")).startswith("Đã có điểm thẩm định cuối cùng")
    totals = score_table(Assessment.objects.get(pk=a.pk)).totals
    assert cells(by_id(page, "totals"))[6] == points_text(totals["final"])


def test_a_far_appraiser_cannot_step_in(client, assessment, leader, far_appraiser):
    a = submitted(assessment, leader)
    client.force_login(far_appraiser)
    assert client.post(table_url(a, "finalise")).status_code == 404
    assert Assessment.objects.get(pk=a.pk).state == State.SUBMITTED
