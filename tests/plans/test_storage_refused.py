"""A file the server's disk refuses (full, or its folder not writable) on the two upload pages
that keep files before the work starts: a Vietnamese message, 503, nothing kept (issue 9)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.demo.seed import DEMO_PLAN
from cchc.dossiers.models import UploadJob
from cchc.plans.models import PlanImport
from tests.dom import dom, find_all, text
from tests.dossiers import data

pytestmark = pytest.mark.django_db


def _plan_file() -> SimpleUploadedFile:
    return SimpleUploadedFile("Kế hoạch CCHC năm 2026.txt", DEMO_PLAN.read_bytes(), content_type="text/plain")


def _dossier_file() -> SimpleUploadedFile:
    return SimpleUploadedFile("Hồ sơ tháng 3.csv", data.export("D1", "D2"), content_type="text/csv")


CASES = [
    # page, its form field, the file, the folder the storage must make, what was not kept
    ("/ke-hoach/nhap/", "file", _plan_file, "plans", PlanImport, "Kế hoạch CCHC năm 2026.txt"),
    ("/ho-so/tai-len/", "dossiers", _dossier_file, "dossiers", UploadJob, "Hồ sơ tháng 3.csv"),
]


@pytest.mark.parametrize(("url", "field", "make", "folder", "model", "name"), CASES)
def test_a_file_the_disk_refuses_is_answered_and_nothing_is_kept(
    coord_client, media_root, url, field, make, folder, model, name
):
    media_root.mkdir(parents=True, exist_ok=True)
    blocker = media_root / folder
    blocker.write_text("not a folder")  # the storage cannot make its folder: an OSError
    response = coord_client.post(url, {field: make()})
    assert response.status_code == 503
    said = [text(p) for p in find_all(dom(response), "//div[contains(@class, 'errors')]/p")]
    assert said == [
        f"Hệ thống chưa lưu được tệp “{name}” nên "
        + ("chưa có bản nháp nào" if model is PlanImport else "chưa nhận gì")
        + ". Hãy thử lại sau ít phút; nếu vẫn không được, hãy báo quản trị hệ thống."
    ]
    assert not model.objects.exists()
    assert sorted(p for p in media_root.rglob("*") if p.is_file()) == [blocker]
