"""One item's page: what it shows (rule in words, source, evidence, tasks, history), the forms
each role gets in each state, a bad score refused with its Vietnamese message, two people editing
the same row (the second told, nothing overwritten), evidence files and links, the tasks linked
and confirmed, the unit assigned."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.scoring import services
from cchc.scoring.models import Assessment, EvidenceFile, ItemScore, TaskLink
from tests.dom import by_id, dom, find, find_all, links, text

pytestmark = pytest.mark.django_db
State = Assessment.State
FORMS = ("self", "evidence", "appraisal", "answer", "final")


def url(a: Assessment, code: str, name: str = "item", *extra) -> str:
    return reverse(f"scoring:{name}", args=[a.organisation.code, a.year, code, *extra])


def forms_on(page) -> list[str]:
    return [f for f in FORMS if find(page, f"//form[@id='{f}']") is not None]


def errors(page, form_id: str) -> str:
    return text(find(page, f"//form[@id='{form_id}']//div[@class='errors']"))


def score(a: Assessment, code: str) -> ItemScore:
    return ItemScore.objects.select_related("item", "assessment__organisation").get(
        assessment=a, item__code=code
    )


def assign(a: Assessment, code: str, unit_code: str) -> None:
    ItemScore.objects.filter(assessment=a, item__code=code).update(
        unit=a.organisation.units.get(code=unit_code)
    )


def to_state(a: Assessment, state: str, *, requested: str = "") -> None:
    Assessment.objects.filter(pk=a.pk).update(state=state)
    if requested:
        ItemScore.objects.filter(assessment=a, item__code=requested).update(
            explanation_requested=True, appraisal_note="Thiếu văn bản."
        )


# --- what the page shows ----------------------------------------------------------------------


def test_the_page_says_what_the_item_asks_and_where_its_proposal_comes_from(coord_client, assessment):
    page = dom(coord_client.get(url(assessment, "1.1.2")))
    assert (
        text(find(page, "//h1"))
        == "1.1.2 Mức độ thực hiện kế hoạch CCHC (tỷ lệ nhiệm vụ hoàn thành đúng hạn)"
    )
    assert text(by_id(page, "item-max")) == "3"
    rule = by_id(page, "item-rule")
    assert rule.text == "bậc: 100=3; 80=1,5"
    assert "bậc cao nhất đạt được" in text(rule)
    assert text(by_id(page, "item-evidence-required")) == "Báo cáo kết quả thực hiện kế hoạch"
    assert text(by_id(page, "source-value")) == "0,0 %"
    assert "nhiệm vụ đến hạn hoàn thành đúng hạn" in text(by_id(page, "source-detail"))
    board = links(by_id(page, "source-links"))
    assert list(board) == ["Bảng theo dõi: nhiệm vụ đến hạn trong năm"]
    assert board["Bảng theo dõi: nhiệm vụ đến hạn trong năm"].startswith(reverse("tracking:board"))
    assert text(by_id(page, "v-proposed")) == "0"
    assert "Điểm minh họa" in text(by_id(page, "illustrative"))


@pytest.mark.parametrize(
    ("state", "who", "expected"),
    [
        (State.OPEN, "coordinator", ["self", "evidence"]),
        (State.OPEN, "head", ["self", "evidence"]),  # the head of the item's unit
        (State.OPEN, "other_head", []),
        (State.OPEN, "leader", []),
        (State.OPEN, "observer", []),
        (State.OPEN, "appraiser", []),
        (State.SUBMITTED, "coordinator", []),
        (State.SUBMITTED, "appraiser", ["appraisal", "final"]),
        (State.EXPLAINING, "coordinator", ["evidence", "answer"]),
        (State.EXPLAINING, "head", ["evidence", "answer"]),
        (State.EXPLAINING, "other_head", []),
        (State.EXPLAINING, "appraiser", []),
        (State.ANSWERED, "appraiser", ["final"]),
        (State.ANSWERED, "coordinator", []),
        (State.FINAL, "appraiser", []),
        (State.FINAL, "coordinator", []),
    ],
)
def test_the_forms_by_role_and_state(client, assessment, request, state, who, expected):
    assign(assessment, "2.3", "QLTM")
    to_state(assessment, state, requested="2.3")
    client.force_login(request.getfixturevalue(who))
    assert forms_on(dom(client.get(url(assessment, "2.3")))) == expected


def test_an_item_not_asked_to_explain_has_no_answer_form(coord_client, assessment):
    to_state(assessment, State.EXPLAINING, requested="2.3")
    assert forms_on(dom(coord_client.get(url(assessment, "2.4")))) == []


# --- the department's score -------------------------------------------------------------------


def test_the_office_scores_an_item_and_the_history_says_so(coord_client, assessment, coordinator):
    s = score(assessment, "2.3")
    data = {"score": "1,5", "note": "Đã công khai 100 % TTHC.", "explanation": "", "version": s.version}
    response = coord_client.post(url(assessment, "2.3", "self_score"), data)
    assert response.status_code == 302 and response.url == url(assessment, "2.3") + "#self"
    s.refresh_from_db()
    assert (s.self_score, s.self_note, s.self_by, s.version) == (Decimal("1.5"), data["note"], coordinator, 2)
    page = dom(coord_client.get(url(assessment, "2.3")))
    assert text(by_id(page, "v-self")).startswith("1,5")
    assert find(page, "//form[@id='self']//input[@name='score']").get("value") == "1,5"
    assert find(page, "//form[@id='self']//input[@name='version']").get("value") == "2"
    entries = [text(li) for li in find_all(page, "//ul[@id='history']/li")]
    assert len(entries) == 1
    assert "Nghiệm Thử: Điểm tự chấm (trống) → 1,5; Ghi chú (trống) → Đã công khai 100 % TTHC." in entries[0]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "“abc” không phải là số điểm (ví dụ 1,5)."),
        ("2,5", "Điểm 2.5 vượt điểm tối đa 2.00 của tiêu chí 2.3."),
        ("-1", "Điểm không được âm"),
        ("1,2,3", "không phải là số điểm"),
        ("nan", "không phải là số điểm"),
    ],
)
def test_a_bad_score_is_refused_with_its_message_and_kept_on_the_form(
    coord_client, assessment, typed, message
):
    s = score(assessment, "2.3")
    data = {"score": typed, "note": "Ghi chú giữ lại.", "explanation": "", "version": s.version}
    response = coord_client.post(url(assessment, "2.3", "self_score"), data)
    assert response.status_code == 400
    page = dom(response)
    assert message in errors(page, "self")
    assert find(page, "//form[@id='self']//input[@name='score']").get("value") == typed
    assert text(find(page, "//form[@id='self']//textarea[@name='note']")) == "Ghi chú giữ lại."
    s.refresh_from_db()
    assert s.self_score is None and s.version == 1


def test_a_second_edit_on_the_same_version_is_told_and_overwrites_nothing(
    client, assessment, coordinator, head
):
    assign(assessment, "2.3", "QLTM")
    s = score(assessment, "2.3")
    client.force_login(coordinator)
    first = {"score": "2", "note": "Văn phòng chấm.", "explanation": "", "version": s.version}
    assert client.post(url(assessment, "2.3", "self_score"), first).status_code == 302
    # The unit head's page was loaded before that save: same version.
    client.force_login(head)
    second = {"score": "0,5", "note": "Đơn vị chấm.", "explanation": "", "version": s.version}
    response = client.post(url(assessment, "2.3", "self_score"), second)
    assert response.status_code == 409
    page = dom(response)
    assert "vừa được người khác sửa" in text(by_id(page, "conflict"))
    # What they typed is shown (not lost); the form holds the current values and version.
    assert "Điểm tự chấm: 0,5" in [text(li) for li in find_all(page, "//ul[@class='typed']/li")]
    assert find(page, "//form[@id='self']//input[@name='score']").get("value") == "2"
    assert find(page, "//form[@id='self']//input[@name='version']").get("value") == "2"
    s.refresh_from_db()
    assert (s.self_score, s.self_note, s.version) == (Decimal("2"), "Văn phòng chấm.", 2)


def test_the_head_of_another_unit_is_refused(client, assessment, other_head):
    assign(assessment, "2.3", "QLTM")
    s = score(assessment, "2.3")
    client.force_login(other_head)
    data = {"score": "1", "note": "", "explanation": "", "version": s.version}
    response = client.post(url(assessment, "2.3", "self_score"), data)
    assert response.status_code == 403
    assert "Chỉ Văn phòng Sở (mọi tiêu chí) và trưởng đơn vị phụ trách" in errors(dom(response), "self")
    s.refresh_from_db()
    assert s.self_score is None


def test_a_missing_version_is_a_form_error_not_a_crash(coord_client, assessment):
    response = coord_client.post(url(assessment, "2.3", "self_score"), {"score": "1"})
    assert response.status_code == 400


# --- evidence -------------------------------------------------------------------------------


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_link_and_a_file_are_added_as_evidence(coord_client, assessment):
    target = url(assessment, "2.3", "add_evidence")
    response = coord_client.post(
        target, {"title": "Trang công khai TTHC", "url": "https://sct.example.gov.vn/tthc"}
    )
    assert response.status_code == 302 and response.url.endswith("#tai-lieu")
    upload = SimpleUploadedFile("anh-chup.pdf", PDF, content_type="application/pdf")
    assert coord_client.post(target, {"title": "", "file": upload}).status_code == 302
    page = dom(coord_client.get(url(assessment, "2.3")))
    shown = links(by_id(page, "evidence-list"))
    f = EvidenceFile.objects.get(file__endswith=".pdf")
    assert shown == {
        "Trang công khai TTHC": "https://sct.example.gov.vn/tthc",
        "anh-chup.pdf": reverse("scoring:file", args=[f.pk]),
    }
    assert coord_client.get(shown["anh-chup.pdf"]).status_code == 200
    # Counted in the table.
    table = dom(
        coord_client.get(reverse("scoring:table", args=[assessment.organisation.code, assessment.year]))
    )
    assert text(find(table, "//tr[@data-code='2.3']/td[contains(@class,'c-evidence')]")) == "2"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "x", "url": "javascript:alert(1)"}, "Đường dẫn không hợp lệ"),
        ({"title": "x", "url": ""}, "Hãy chọn tệp hoặc nhập đường dẫn"),
        ({"title": "x", "file": ("virus.exe", b"MZ\x90\x00")}, "Không nhận tệp “virus.exe”"),
        ({"title": "x", "file": ("gia.pdf", b"MZ\x90\x00")}, "không phải là tệp .pdf"),
    ],
)
def test_bad_evidence_is_refused_with_a_message(coord_client, assessment, data, message):
    if "file" in data:
        name, content = data["file"]
        data = {**data, "file": SimpleUploadedFile(name, content)}
    response = coord_client.post(url(assessment, "2.3", "add_evidence"), data)
    assert response.status_code == 400
    assert message in errors(dom(response), "evidence")
    assert not EvidenceFile.objects.exists()


# --- appraisal, answer, final -----------------------------------------------------------------


def submitted(a: Assessment, leader) -> Assessment:
    ItemScore.objects.filter(assessment=a).update(explanation="Văn bản giấy.")
    return services.submit(a, membership=leader.memberships.get(), user=leader)


def test_the_appraisal_the_answer_and_the_final_score(client, assessment, leader, coordinator, appraiser):
    a = submitted(assessment, leader)
    s = score(a, "2.3")
    client.force_login(appraiser)
    # A request for explanation needs its question.
    data = {"score": "1", "note": "", "request_explanation": "on", "version": s.version}
    response = client.post(url(a, "2.3", "appraise"), data)
    assert response.status_code == 400
    assert "hãy ghi rõ nội dung cần Sở giải trình" in errors(dom(response), "appraisal")
    data["note"] = "Chưa thấy ảnh chụp trang công khai."
    assert client.post(url(a, "2.3", "appraise"), data).status_code == 302
    services.request_explanations(a, membership=appraiser.memberships.get(), user=appraiser)
    # The Office answers once.
    client.force_login(coordinator)
    page = dom(client.get(url(a, "2.3")))
    assert "Chưa thấy ảnh chụp" in text(find(page, "//form[@id='answer']"))
    version = find(page, "//form[@id='answer']//input[@name='version']").get("value")
    response = client.post(url(a, "2.3", "answer"), {"text": "Đã bổ sung ảnh chụp.", "version": version})
    assert response.status_code == 302
    page = dom(client.get(url(a, "2.3")))
    assert text(by_id(page, "v-answer")).startswith("Đã bổ sung ảnh chụp.")
    assert "answer" not in forms_on(page)
    again = client.post(url(a, "2.3", "answer"), {"text": "Lần hai.", "version": int(version) + 1})
    assert again.status_code == 400 and "chỉ giải trình một lần" in errors(dom(again), "answer")
    services.close_answers(a, membership=coordinator.memberships.get(), user=coordinator)
    # The final score, then the close of the appraisal.
    client.force_login(appraiser)
    s.refresh_from_db()
    response = client.post(url(a, "2.3", "final"), {"score": "2", "note": "Chấp nhận.", "version": s.version})
    assert response.status_code == 302
    s.refresh_from_db()
    assert (s.appraised, s.final, s.answer) == (Decimal("1"), Decimal("2"), "Đã bổ sung ảnh chụp.")
    history = [text(li) for li in find_all(dom(client.get(url(a, "2.3"))), "//ul[@id='history']/li")]
    assert "Điểm cuối cùng (trống) → 2" in history[0]


def test_the_appraiser_over_the_maximum_is_told(client, assessment, leader, appraiser):
    a = submitted(assessment, leader)
    s = score(a, "1.1.1")
    client.force_login(appraiser)
    response = client.post(url(a, "1.1.1", "appraise"), {"score": "3", "note": "", "version": s.version})
    assert response.status_code == 400
    assert "vượt điểm tối đa" in errors(dom(response), "appraisal")


def test_a_department_member_cannot_appraise(coord_client, assessment, leader):
    a = submitted(assessment, leader)
    s = score(a, "2.3")
    response = coord_client.post(url(a, "2.3", "appraise"), {"score": "0", "note": "", "version": s.version})
    assert response.status_code == 403
    s.refresh_from_db()
    assert s.appraised is None


# --- tasks and unit -------------------------------------------------------------------------


def test_the_office_confirms_a_suggested_task_and_links_another(coord_client, assessment):
    page = dom(coord_client.get(url(assessment, "1.1.1")))
    suggested = find_all(page, "//ul[@id='suggested-tasks']/li")
    assert [text(li.find("a")) for li in suggested] == ["Ban hành kế hoạch CCHC năm 2026."]
    assert "56 %" in text(suggested[0])
    coord_client.post(suggested[0].find("form").get("action"), {"confirmed": "1"})
    page = dom(coord_client.get(url(assessment, "1.1.1")))
    assert [text(li.find("a")) for li in find_all(page, "//ul[@id='confirmed-tasks']/li")] == [
        "Ban hành kế hoạch CCHC năm 2026."
    ]
    # Pick another task of the year from the list (tasks already confirmed are not offered).
    options = {
        text(o): o.get("value") for o in find_all(page, "//form[@id='form-link']//option") if o.get("value")
    }
    assert not any("Ban hành kế hoạch" in label for label in options)
    label = next(label for label in options if "Công bố danh mục TTHC." in label)
    response = coord_client.post(url(assessment, "1.1.1", "link_task"), {"task": options[label]})
    assert response.status_code == 302
    linked = TaskLink.objects.filter(assessment=assessment, item__code="1.1.1", confirmed=True)
    assert sorted(link.task.number for link in linked) == ["1", "3.1"]
    bad = coord_client.post(url(assessment, "1.1.1", "link_task"), {"task": "999999"})
    assert bad.status_code == 400
    assert "Hãy chọn một nhiệm vụ trong danh sách." in text(find(dom(bad), "//form[@id='form-link']"))


def test_only_the_office_maps_tasks(client, assessment, head):
    client.force_login(head)
    page = dom(client.get(url(assessment, "1.1.1")))
    assert find(page, "//form[@id='form-link']") is None
    assert find(page, "//ul[@id='suggested-tasks']//form") is None
    link = TaskLink.objects.get(assessment=assessment, item__code="1.1.1")
    client.post(url(assessment, "1.1.1", "confirm_link", link.pk), {"confirmed": "1"})
    link.refresh_from_db()
    assert not link.confirmed


def test_the_appraiser_sees_confirmed_tasks_without_links_to_the_department(client, assessment, appraiser):
    TaskLink.objects.filter(assessment=assessment, item__code="1.1.1").update(confirmed=True)
    client.force_login(appraiser)
    page = dom(client.get(url(assessment, "1.1.1")))
    tasks = by_id(page, "confirmed-tasks")
    assert "Ban hành kế hoạch CCHC năm 2026." in text(tasks) and not links(tasks)
    assert by_id(page, "suggested-tasks") is None


def test_the_office_assigns_the_unit_in_charge(client, assessment, coordinator, head):
    unit = assessment.organisation.units.get(code="QLTM")
    client.force_login(coordinator)
    response = client.post(url(assessment, "2.3", "assign_unit"), {"unit": str(unit.pk)})
    assert response.status_code == 302
    assert score(assessment, "2.3").unit == unit
    assert text(by_id(dom(client.get(url(assessment, "2.3"))), "don-vi")).startswith(unit.name)
    # From then on the unit's head scores it.
    client.force_login(head)
    assert forms_on(dom(client.get(url(assessment, "2.3")))) == ["self", "evidence"]
    response = client.post(url(assessment, "2.3", "assign_unit"), {"unit": ""}, follow=True)
    assert "Chỉ Văn phòng Sở phân công đơn vị." in text(find(dom(response), "//ul[@class='messages']"))
    assert score(assessment, "2.3").unit == unit


@pytest.mark.parametrize(
    ("link", "ok"),
    [
        ("https://sct.example.gov.vn/a", True),
        ("http://10.0.0.5/vb/12", True),
        ("javascript:alert(1)", False),
        ("data:text/html,<b>x</b>", False),
        ("ftp://files.example/vb.pdf", False),
    ],
)
def test_the_service_keeps_only_web_links(assessment, coordinator, link, ok):
    """A link is shown as an <a href>: whatever reaches the service (a form or not) must be a web
    address."""
    s = score(assessment, "2.3")
    membership = coordinator.memberships.get()
    if ok:
        services.add_file(s, title="Văn bản", url=link, membership=membership, user=coordinator)
        assert EvidenceFile.objects.get().url == link
    else:
        with pytest.raises(services.ScoringError, match="http:// hoặc https://"):
            services.add_file(s, title="Văn bản", url=link, membership=membership, user=coordinator)
        assert not EvidenceFile.objects.exists()
