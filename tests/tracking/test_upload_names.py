"""Evidence uploaded under a 230-character Vietnamese name (issue 8, defect 9): stored under
a short, safe copy of the name, downloaded under the original."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.tracking.models import Evidence, Report
from tests.tracking.screens import *  # noqa: F403
from tests.tracking.screens import login

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
LONG_NAME = (
    "Quyết định công bố danh mục thủ tục hành chính mới ban hành sửa đổi bổ sung thay thế bãi bỏ "
    "trong lĩnh vực thương mại quốc tế và xúc tiến thương mại thuộc phạm vi chức năng quản lý của "
    "Sở Công Thương tỉnh Hòa Bình Xanh năm hai nghìn"
)[:230]


def test_evidence_with_a_230_character_vietnamese_name(client, head, coordinator, task1, ob1, today):
    name = LONG_NAME + ".pdf"
    assert len(LONG_NAME) == 230 and len(name.encode()) > 255
    login(client, head)
    response = client.post(
        reverse("tracking:report_save", args=[ob1.pk]),
        {
            "action": "submit",
            "narrative": "Đã ban hành Quyết định công bố TTHC.",
            "progress": "100",
            "ev-TOTAL_FORMS": "1",
            "ev-INITIAL_FORMS": "0",
            "ev-MIN_NUM_FORMS": "0",
            "ev-MAX_NUM_FORMS": "20",
            "ev-0-doc_number": "125/QĐ-SCT",
            "ev-0-doc_date": f"{today - timedelta(days=3):%d/%m/%Y}",
            "ev-0-summary": "Công bố danh mục thủ tục hành chính lĩnh vực thương mại",
            "ev-0-url": "",
            "ev-0-file": SimpleUploadedFile(name, PDF, content_type="application/pdf"),
            f"chi_tieu_{task1.targets.get().pk}": "95",
        },
    )
    assert response.status_code == 302
    assert Report.objects.get(obligation=ob1).state == Report.State.SUBMITTED
    evidence = Evidence.objects.get()
    assert evidence.file_name == name
    stored = evidence.file.name.rsplit("/", 1)[-1]
    assert stored.endswith(".pdf") and len(stored.encode()) <= 255

    client.logout()
    login(client, coordinator)
    download = client.get(reverse("tracking:evidence_file", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert quote(name) in download.headers["Content-Disposition"]  # downloaded under its own name
