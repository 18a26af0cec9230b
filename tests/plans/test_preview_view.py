"""/ke-hoach/nhap/<id>/: the preview, its cell edits, unit choices, confirm and discard."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.core.text import fold
from cchc.orgs.models import Membership, UnitAlias
from cchc.plans.models import Plan, PlanImport, Task
from tests.dom import by_id, dom
from tests.factories import make_draft, make_org, make_user, parsed_plan, task, text_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(org, coordinator):
    return make_draft(org, coordinator)


def preview_url(draft):
    return reverse("plans:import_preview", args=[draft.pk])


def html_of(response) -> str:
    return response.content.decode()


def test_preview_shows_rows_units_schedules_and_targets(coord_client, draft):
    html = html_of(coord_client.get(preview_url(draft)))
    assert "Ban hành kế hoạch CCHC năm 2026." in html
    assert "Văn phòng Sở" in html and "Thanh tra Sở" in html
    # Schedules: kind in Vietnamese and due dates dd/mm/yyyy.
    assert "Hạn chót" in html and "31/01/2026" in html
    assert "Theo kỳ (quý/tháng/năm)" in html and "30/06/2026, 31/12/2026" in html
    assert "Thường xuyên" in html
    # A group: its name, with the expanded unit names on hover.
    assert re.search(r'title="[^"]*Phòng Quản lý Công nghiệp[^"]*Phòng Quản lý Thương mại', html)
    # The metadata form, editable, in dd/mm/yyyy.
    values = {field.get("value") for field in dom(html).iter("input")}
    assert {"5/KH-SCT", "01/01/2026", "31/12/2026"} <= values, values
    assert "Xác nhận nhập kế hoạch" in html and "Hủy" in html


def test_preview_highlights_warnings(coord_client, org, coordinator):
    parsed = parsed_plan(
        [
            task("1", "Nhiệm vụ có hạn sai năm", lead=["Văn phòng Sở"], schedule="Trước ngày 20/11/2025"),
            task("2", "Nhiệm vụ có đơn vị lạ", lead=["Tổ công tác đặc biệt"]),
            task("3", "Nhiệm vụ bình thường", lead=["Thanh tra Sở"]),
        ],
        warnings=["Không thấy số kế hoạch trong văn bản."],
    )
    draft = make_draft(org, coordinator, parsed)
    html = html_of(coord_client.get(preview_url(draft)))
    assert "Không thấy số kế hoạch trong văn bản." in html
    assert "nằm ngoài thời gian của kế hoạch" in html
    assert "Không xác định" in html and "Chọn đơn vị" in html
    rows = {n: by_id(dom(html), f"task-{n}").get("class").split() for n in range(3)}
    assert rows == {0: ["task-row", "has-warning"], 1: ["task-row", "has-warning"], 2: ["task-row"]}, rows
    assert "Cảnh báo (3)" in html
    assert "Đơn vị cần xác định (1)" in html


def test_preview_of_a_real_upload_shows_its_warnings(coord_client):
    from cchc.demo.seed import DEMO_PLAN

    coord_client.post(reverse("plans:import"), {"file": SimpleUploadedFile("kh.txt", DEMO_PLAN.read_bytes())})
    draft = PlanImport.objects.get()
    html = html_of(coord_client.get(preview_url(draft)))
    assert "Phòng Kế hoạch - Tài chính" in html  # not the directory's name: to be chosen
    assert "20/11/2025" in html  # a deadline outside the plan's year, flagged
    assert "Theo sự kiện" in html and "Theo cơ quan khác" in html and "Định kỳ" in html


def test_edit_row_form_plain_and_htmx(coord_client, draft):
    html = html_of(coord_client.get(preview_url(draft) + "?edit=1"))
    assert 'action="' + reverse("plans:import_row_save", args=[draft.pk, 1]) in html
    assert "Tổ công tác đặc biệt</textarea>" in html
    partial = coord_client.get(
        reverse("plans:import_row", args=[draft.pk, 1]) + "?edit=1", HTTP_HX_REQUEST="true"
    )
    assert partial.status_code == 200
    assert html_of(partial).lstrip().startswith('<tr id="task-1" class="editing">')
    row = coord_client.get(reverse("plans:import_row", args=[draft.pk, 1]))
    assert html_of(row).lstrip().startswith('<tr id="task-1"')


def row_post(draft, **changes):
    data = {
        "version": draft.version,
        "task": draft.parsed["tasks"][0]["task"],
        "lead_units": "Văn phòng Sở",
        "coordinating_units": "Thanh tra Sở",
        "schedule": "Trước ngày 31/01/2026",
        "product": "Kế hoạch được ban hành",
        "note": "",
    }
    data.update(changes)
    return data


def test_editing_a_cell_saves_and_returns_to_the_row(coord_client, draft):
    url = reverse("plans:import_row_save", args=[draft.pk, 0])
    response = coord_client.post(url, row_post(draft, schedule="Quý III", note="Đã kiểm tra"))
    assert response.status_code == 302
    assert response.url == preview_url(draft) + "#task-0"
    draft.refresh_from_db()
    t = draft.parsed["tasks"][0]
    assert t["schedule"]["text"] == "Quý III" and t["schedule"]["due"] == ["2026-09-30"]
    assert t["note"] == "Đã kiểm tra"
    assert draft.version == 2
    html = html_of(coord_client.get(response.url))
    assert "30/09/2026" in html and "Đã lưu dòng nhiệm vụ." in html


def test_stale_version_is_refused_by_the_view(coord_client, draft):
    url = reverse("plans:import_row_save", args=[draft.pk, 0])
    coord_client.post(url, row_post(draft, note="người thứ nhất"))
    response = coord_client.post(url, row_post(draft, note="người thứ hai"), follow=True)  # still version 1
    assert "Bản nháp đã được người khác sửa, hãy tải lại trang" in html_of(response)
    draft.refresh_from_db()
    assert draft.parsed["tasks"][0]["note"] == "người thứ nhất" and draft.version == 2


def test_stale_version_on_unit_choice_and_confirm(coord_client, draft):
    coord_client.post(reverse("plans:import_row_save", args=[draft.pk, 0]), row_post(draft, note="x"))
    r = coord_client.post(
        reverse("plans:import_map_unit", args=[draft.pk]),
        {"version": 1, "mention": "Tổ công tác đặc biệt", "target": "unit:VP"},
        follow=True,
    )
    assert "người khác sửa" in html_of(r)
    assert not UnitAlias.objects.exists()
    r = coord_client.post(reverse("plans:import_confirm", args=[draft.pk]), {"version": 1}, follow=True)
    assert "người khác sửa" in html_of(r)
    assert not Plan.objects.exists()


def test_mapping_a_unit_saves_an_alias_and_the_next_import_uses_it(coord_client, org, coordinator, draft):
    response = coord_client.post(
        reverse("plans:import_map_unit", args=[draft.pk]),
        {"version": draft.version, "mention": "Tổ công tác đặc biệt", "target": "unit:MC", "anchor": "units"},
    )
    assert response.status_code == 302 and response.url.endswith("#units")
    alias = UnitAlias.objects.get(organisation=org, key=fold("Tổ công tác đặc biệt"))
    assert alias.unit.code == "MC" and alias.created_by == coordinator
    draft.refresh_from_db()
    assert draft.parsed["tasks"][1]["units_resolved"]["lead"][0]["codes"] == ["MC"]

    # Another plan, uploaded later, writes the same unit the same way: recognised at once.
    data = text_plan(
        "9/KH-SCT",
        [
            (
                "1",
                "Tiếp nhận hồ sơ trực tuyến.",
                "Thường xuyên",
                "Tổ công tác đặc biệt",
                "Văn phòng Sở",
                "",
                "",
            ),
            ("2", "Rà soát quy trình nội bộ.", "Quý II", "Văn phòng Sở", "", "Báo cáo", ""),
        ],
    )
    r = coord_client.post(reverse("plans:import"), {"file": SimpleUploadedFile("kh9.txt", data)})
    assert r.status_code == 302
    second = PlanImport.objects.exclude(pk=draft.pk).get()
    ref = second.parsed["tasks"][0]["units_resolved"]["lead"][0]
    assert (ref["text"], ref["status"], ref["codes"]) == ("Tổ công tác đặc biệt", "unit", ["MC"])
    assert "Đơn vị cần xác định (0)" in html_of(coord_client.get(preview_url(second)))


def test_aliases_belong_to_one_department(org, coordinator, draft):
    from cchc.orgs.selectors import directory_for
    from cchc.plans import services

    services.map_unit(draft, "Tổ công tác đặc biệt", unit_code="MC", user=coordinator, expected_version=1)
    other = make_org("sct-khac", "Sở Công Thương tỉnh Khác")
    assert directory_for(other).resolve("Tổ công tác đặc biệt").status == "unknown"
    assert directory_for(org).resolve("Tổ công tác đặc biệt").codes == ["MC"]


def test_unit_choice_offers_units_groups_and_not_a_unit(coord_client, draft):
    html = html_of(coord_client.get(preview_url(draft)))
    assert "Chọn đơn vị" in html
    assert 'value="unit:VP"' in html and 'value="group:divisions"' in html and 'value="ignore"' in html
    assert "Không phải đơn vị của Sở" in html
    assert 'value="unit:SNV"' in html  # an outside body kept as a unit


def test_invalid_unit_choice_is_refused(coord_client, draft):
    r = coord_client.post(
        reverse("plans:import_map_unit", args=[draft.pk]),
        {"version": draft.version, "mention": "Tổ công tác đặc biệt", "target": "unit:KHONGCO"},
        follow=True,
    )
    assert "không có trong danh mục" in html_of(r)
    assert not UnitAlias.objects.exists()


def test_meta_form_saves_and_validates(coord_client, draft):
    url = reverse("plans:import_meta", args=[draft.pk])
    data = {
        "version": 1,
        "number": "8/KH-SCT",
        "issued_on": "02/03/2026",
        "title": "Kế hoạch đã sửa",
        "period_start": "01/07/2026",
        "period_end": "31/12/2026",
    }
    assert coord_client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.parsed["plan"]["number"] == "8/KH-SCT"
    assert draft.parsed["plan"]["issued_on"] == "2026-03-02"
    assert draft.parsed["plan"]["period"] == {"start": "2026-07-01", "end": "2026-12-31"}
    bad = coord_client.post(url, {**data, "version": 2, "period_end": "31/02/2026"})
    assert bad.status_code == 400 and "Ngày không hợp lệ" in html_of(bad)
    backwards = coord_client.post(url, {**data, "version": 2, "period_end": "01/01/2026"})
    assert backwards.status_code == 400 and "phải sau ngày bắt đầu" in html_of(backwards)


def test_confirm_refused_then_accepted(coord_client, draft):
    confirm = reverse("plans:import_confirm", args=[draft.pk])
    r = coord_client.post(confirm, {"version": draft.version}, follow=True)
    assert "đơn vị chủ trì chưa xác định" in html_of(r)
    assert not Plan.objects.exists()
    coord_client.post(
        reverse("plans:import_map_unit", args=[draft.pk]),
        {"version": draft.version, "mention": "Tổ công tác đặc biệt", "target": "group:divisions"},
    )
    draft.refresh_from_db()
    r = coord_client.post(confirm, {"version": draft.version})
    plan = Plan.objects.get()
    assert r.status_code == 302 and r.url == reverse("plans:detail", args=[plan.pk])
    assert Task.objects.get(plan=plan, number="2").task_units.filter(role="lead").count() == 5
    # The confirmed draft now leads to its plan.
    assert coord_client.get(preview_url(draft)).url == reverse("plans:detail", args=[plan.pk])


def test_confirm_view_is_atomic(coord_client, org, coordinator):
    parsed = parsed_plan([task("1", "A", lead=["Văn phòng Sở"]), task("2", "B", lead=["Thanh tra Sở"])])
    parsed["tasks"][1]["task"] = None  # crafted: the second Task insert fails
    draft = make_draft(org, coordinator, parsed)
    r = coord_client.post(reverse("plans:import_confirm", args=[draft.pk]), {"version": 1}, follow=True)
    assert "Không lưu được kế hoạch" in html_of(r)
    assert Plan.objects.count() == 0 and Task.objects.count() == 0
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_discard(coord_client, draft):
    r = coord_client.post(reverse("plans:import_discard", args=[draft.pk]), {"version": draft.version})
    assert r.status_code == 302 and r.url == reverse("plans:list")
    draft.refresh_from_db()
    assert draft.status == "discarded"
    again = coord_client.get(preview_url(draft), follow=True)
    assert "đã đã hủy" not in again.content.decode() and "đã hủy" in again.content.decode()


def test_preview_of_another_departments_draft_is_404(client, draft):
    other = make_org("sct-khac", "Sở Công Thương tỉnh Khác")
    client.force_login(make_user(other, Membership.Role.COORDINATOR))
    assert client.get(preview_url(draft)).status_code == 404


def test_observer_cannot_open_or_edit_a_draft(client, org, draft):
    client.force_login(make_user(org, Membership.Role.OBSERVER))
    assert client.get(preview_url(draft)).status_code == 403
    r = client.post(reverse("plans:import_row_save", args=[draft.pk, 0]), row_post(draft, note="x"))
    assert r.status_code == 403
    draft.refresh_from_db()
    assert draft.version == 1


def test_ambiguous_mention_lists_the_candidates_and_blocks_confirm(coord_client, org, coordinator):
    row = task("1", "Kiểm tra thị trường xăng dầu.", lead=["Phòng QL"], coord=["Văn phòng Sở"])
    parsed = parsed_plan([row])
    draft = make_draft(org, coordinator, parsed)
    html = html_of(coord_client.get(preview_url(draft)))
    assert "Đơn vị cần xác định (1)" in html
    assert "Chưa rõ: Phòng Quản lý Công nghiệp / Phòng Quản lý Năng lượng / Phòng Quản lý Thương mại" in html
    r = coord_client.post(reverse("plans:import_confirm", args=[draft.pk]), {"version": 1}, follow=True)
    assert "“Phòng QL”" in html_of(r) and not Plan.objects.exists()
    coord_client.post(
        reverse("plans:import_map_unit", args=[draft.pk]),
        {"version": 1, "mention": "Phòng QL", "target": "unit:QLTM"},
    )
    coord_client.post(reverse("plans:import_confirm", args=[draft.pk]), {"version": 2})
    assert Task.objects.get().task_units.get(role="lead").unit.code == "QLTM"
