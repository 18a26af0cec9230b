"""A dossier export uploaded under a 230-character Vietnamese name (issue 8, defect 9): the
file is stored under a short, safe copy of the name and the page shows the original."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.dossiers import jobs
from cchc.dossiers.models import Dossier, DossierUpload
from tests.dom import dom, find, text
from tests.dossiers import data

pytestmark = pytest.mark.django_db

UPLOAD = "/ho-so/tai-len/"
LONG_NAME = (
    "Danh sách hồ sơ thủ tục hành chính tiếp nhận và trả kết quả tại Bộ phận một cửa của Sở Công "
    "Thương tỉnh Hòa Bình Xanh trong tháng ba năm hai nghìn không trăm hai mươi sáu kèm theo thời "
    "gian dừng tính và lý do của từng hồ sơ được ghi nhận"
)[:230]


def test_a_230_character_vietnamese_name_is_uploaded(client, coordinator):
    name = LONG_NAME + ".csv"
    assert len(LONG_NAME) == 230 and len(name.encode()) > 255
    client.force_login(coordinator)
    response = client.post(UPLOAD, {"dossiers": SimpleUploadedFile(name, data.export("D1", "D2"))})
    assert response.status_code == 302
    jobs.run_pending("worker-test")  # the upload runs in the background
    upload = DossierUpload.objects.get()
    assert upload.source_name == name
    stored = upload.file.name.rsplit("/", 1)[-1]
    assert stored.endswith(".csv") and len(stored.encode()) <= 255
    assert Dossier.objects.count() == 2
    page = dom(client.get(f"/ho-so/tai-len/{upload.pk}/"))
    assert text(find(page, "//h1")) == f"Kết quả tải lên: {name}"
