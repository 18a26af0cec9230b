"""/ke-hoach/nhap/: uploading a plan file (the real parser) and every way it is refused."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.demo.seed import DEMO_PLAN
from cchc.orgs.models import Membership
from cchc.plans import services
from cchc.plans.models import Plan, PlanImport
from cchc.tracking import confirming
from tests.dom import dom, find, text
from tests.factories import make_user

pytestmark = pytest.mark.django_db

URL = reverse("plans:import")


def upload(client, data: bytes, name: str = "ke-hoach.txt", **extra):
    return client.post(URL, {"file": SimpleUploadedFile(name, data), **extra})


def test_upload_form_is_vietnamese(coord_client):
    response = coord_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nhập kế hoạch" in html and "Tệp kế hoạch" in html and "Đọc tệp" in html


def test_good_file_makes_a_draft_and_opens_the_preview(coord_client, coordinator, media_root):
    response = upload(coord_client, DEMO_PLAN.read_bytes(), "ke-hoach-demo.txt")
    draft = PlanImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("plans:import_preview", args=[draft.pk])
    assert draft.status == "draft" and draft.created_by == coordinator
    assert draft.source_name == "ke-hoach-demo.txt"
    assert draft.parsed["plan"]["number"] == "12/KH-SCT"
    assert len(draft.parsed["tasks"]) >= 25
    with draft.uploaded_file.open("rb") as f:
        assert f.read() == DEMO_PLAN.read_bytes()


def test_empty_file_is_refused(coord_client):
    response = upload(coord_client, b"")
    assert response.status_code == 400
    assert "Tệp rỗng" in response.content.decode()
    assert not PlanImport.objects.exists()


def test_missing_file_is_refused(coord_client):
    response = coord_client.post(URL, {})
    assert response.status_code == 400
    assert "Hãy chọn tệp kế hoạch" in response.content.decode()


def test_wrong_format_is_refused_with_the_readers_message(coord_client, media_root):
    response = upload(coord_client, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "anh.png")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="errors"' in html
    assert not PlanImport.objects.exists()
    assert not any(media_root.rglob("*.png")) if media_root.exists() else True


def test_text_without_task_table_is_refused(coord_client):
    response = upload(coord_client, "Công văn về việc họp giao ban.\nKhông có bảng nào.\n".encode())
    assert response.status_code == 400
    assert "bảng nhiệm vụ" in response.content.decode()
    assert not PlanImport.objects.exists()


def test_too_large_file_is_refused(coord_client, settings):
    settings.CCHC_MAX_UPLOAD_BYTES = 1000
    response = upload(coord_client, DEMO_PLAN.read_bytes())
    assert response.status_code == 400
    assert "Tệp quá lớn" in response.content.decode()
    assert not PlanImport.objects.exists()


def test_service_refuses_too_large_data_too(org, coordinator, settings):
    settings.CCHC_MAX_UPLOAD_BYTES = 10
    with pytest.raises(services.ImportRefused, match="quá lớn"):
        services.start_import(org, coordinator, "x.txt", b"0123456789AB", None)


def test_reimport_of_an_open_draft_is_refused(coord_client):
    upload(coord_client, DEMO_PLAN.read_bytes())
    response = upload(coord_client, DEMO_PLAN.read_bytes(), "ban-sao.txt")
    assert response.status_code == 400
    html = response.content.decode()
    assert "bản nháp chờ xác nhận" in html
    assert reverse("plans:import_preview", args=[PlanImport.objects.get().pk]) in html
    assert PlanImport.objects.count() == 1


def test_reimport_of_a_confirmed_plan_names_it(coord_client, org, coordinator):
    plan = confirming.import_plan_file(org, DEMO_PLAN, user=coordinator)
    response = upload(coord_client, DEMO_PLAN.read_bytes(), "lan-hai.txt")
    assert response.status_code == 400
    html = response.content.decode()
    assert "đã được nhập" in html and "12/KH-SCT" in html
    assert reverse("plans:detail", args=[plan.pk]) in html
    assert Plan.objects.count() == 1
    assert PlanImport.objects.filter(status="draft").count() == 0


def test_same_file_in_another_department_is_fine(coord_client, org, coordinator):
    from tests.factories import make_org

    other = make_org("sct-khac", "Sở Công Thương tỉnh Khác")
    confirming.import_plan_file(other, DEMO_PLAN)
    assert upload(coord_client, DEMO_PLAN.read_bytes()).status_code == 302


@pytest.mark.parametrize(
    "role", [Membership.Role.OBSERVER, Membership.Role.UNIT_STAFF, Membership.Role.UNIT_HEAD]
)
def test_other_roles_may_not_import(client, org, role):
    client.force_login(make_user(org, role))
    assert client.get(URL).status_code == 403
    response = upload(client, DEMO_PLAN.read_bytes())
    assert response.status_code == 403
    assert "Chỉ Lãnh đạo Sở và chuyên viên CCHC" in response.content.decode()
    assert not PlanImport.objects.exists()


def test_leader_may_import(client, org):
    client.force_login(make_user(org, Membership.Role.LEADER))
    assert upload(client, DEMO_PLAN.read_bytes()).status_code == 302


def test_year_is_used_when_the_document_has_none(coord_client):
    from tests.factories import text_plan

    data = text_plan(
        "3/KH-SCT",
        [("1", "Rà soát quy trình nội bộ.", "Trước ngày 15/5", "Văn phòng Sở", "", "Báo cáo rà soát", "")],
        title="Kế hoạch rà soát quy trình",
        day="ngày 10 tháng 02 năm",
    )
    assert upload(coord_client, data, year="2027").status_code == 302
    parsed = PlanImport.objects.get().parsed
    assert parsed["plan"]["period"]["start"].startswith("2027")
    assert parsed["tasks"][0]["schedule"]["due"] == ["2027-05-15"]


# A 230-character Vietnamese name (defect 9): 330+ bytes, over the file system's 255 per name.
LONG_NAME = (
    "Kế hoạch cải cách hành chính năm hai nghìn không trăm hai mươi sáu của Sở Công Thương tỉnh "
    "Hòa Bình Xanh về việc triển khai thực hiện các nhiệm vụ trọng tâm nâng cao chỉ số cải cách "
    "hành chính và chỉ số hài lòng của người dân tổ chức"
)[:230]


def test_a_230_character_vietnamese_name_is_imported(coord_client, media_root):
    name = LONG_NAME + ".txt"
    assert len(LONG_NAME) == 230 and len(name.encode()) > 255
    response = upload(coord_client, DEMO_PLAN.read_bytes(), name)
    assert response.status_code == 302
    draft = PlanImport.objects.get()
    assert draft.source_name == name  # the original, for the screens and the download
    stored = draft.uploaded_file.name.rsplit("/", 1)[-1]
    assert stored.endswith(".txt") and len(stored.encode()) <= 255
    with draft.uploaded_file.open("rb") as f:
        assert f.read() == DEMO_PLAN.read_bytes()
    preview = dom(coord_client.get(response.url))
    assert text(find(preview, "//h1/span")) == name

    plan = confirming.confirm_import(draft, None, draft.version, allow_unresolved=True)
    download = coord_client.get(reverse("plans:source", args=[plan.pk]))
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''" in download.headers["Content-Disposition"]  # the original name, encoded
