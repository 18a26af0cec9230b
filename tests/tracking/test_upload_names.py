"""Evidence uploaded under a 230-character Vietnamese name (issue 8, defect 9): stored under
a short, safe copy of the name, downloaded under the original."""

from __future__ import annotations

import unicodedata
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.tracking import reports
from cchc.tracking.models import Evidence, Report
from tests.dom import dom, text
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


# --- issue 9, defect 4: a 194-character name on "Lưu nháp" and "Gửi báo cáo" ---------------------

NAME_194 = (
    "Báo cáo kết quả thực hiện nhiệm vụ cải cách hành chính quý một năm hai nghìn không trăm hai "
    "mươi sáu của Phòng Quản lý Thương mại Sở Công Thương tỉnh Hòa Bình Xanh gửi Văn phòng Sở tổng hợp đầy đủ"
)[:190] + ".pdf"
BIG = 6 * 1024 * 1024  # past FILE_UPLOAD_MAX_MEMORY_SIZE: the upload arrives as a temporary file


def report_form(task, today, file, *, action: str, report: Report | None = None) -> dict:
    data = {
        "action": action,
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
        "ev-0-file": file,
        f"chi_tieu_{task.targets.get().pk}": "95",
    }
    if report is not None:
        data.update(report=str(report.pk), version=str(report.version))
    return data


@pytest.mark.parametrize(
    ("action", "form", "size", "state"),
    [
        ("draft", "NFC", 0, Report.State.DRAFT),
        ("draft", "NFD", 0, Report.State.DRAFT),  # as macOS names files
        ("draft", "NFC", BIG, Report.State.DRAFT),
        ("submit", "NFD", BIG, Report.State.SUBMITTED),
    ],
)
def test_a_194_character_name_saves_the_whole_report(
    client, head, task1, ob1, today, action, form, size, state
):
    name = unicodedata.normalize(form, NAME_194)
    assert len(NAME_194) == 194
    file = SimpleUploadedFile(name, PDF + b"\n" * size, content_type="application/pdf")
    response = login(client, head).post(
        reverse("tracking:report_save", args=[ob1.pk]), report_form(task1, today, file, action=action)
    )
    assert response.status_code == 302
    report = Report.objects.get(obligation=ob1)
    assert (report.state, report.narrative) == (state, "Đã ban hành Quyết định công bố TTHC.")
    evidence = report.evidence.get()
    assert evidence.file_name == NAME_194  # shown as given (NFC)
    assert evidence.file.size == len(PDF) + size
    assert len(evidence.file.name.rsplit("/", 1)[-1].encode()) <= 255


# --- a file the server's disk refuses: nothing of the report is saved, a message, 503 ------------


def stored_files(root) -> list:
    return sorted(p for p in root.rglob("*") if p.is_file())


@pytest.mark.parametrize(
    ("action", "from_draft"),
    [("draft", False), ("draft", True), ("submit", False), ("submit", True)],
)
def test_a_file_the_disk_refuses_saves_nothing_of_the_report(
    client, head, task1, ob1, today, media_root, action, from_draft
):
    draft = reports.save_draft(ob1, head, narrative="Bản nháp cũ", progress=10) if from_draft else None
    media_root.mkdir(parents=True, exist_ok=True)
    blocker = media_root / "evidence"
    blocker.write_text("not a folder")  # the storage cannot make its folder: an OSError
    file = SimpleUploadedFile(NAME_194, PDF, content_type="application/pdf")
    response = login(client, head).post(
        reverse("tracking:report_save", args=[ob1.pk]),
        report_form(task1, today, file, action=action, report=draft),
    )
    assert response.status_code == 503
    said = [text(li) for li in dom(response).xpath("//ul[contains(@class, 'messages')]/li")]
    assert any(m.startswith("Hệ thống chưa lưu được tệp “Báo cáo kết quả") for m in said), said
    # Whole or nothing: the draft as it was (or none), no document, no file.
    assert [(r.state, r.narrative) for r in Report.objects.all()] == (
        [(Report.State.DRAFT, "Bản nháp cũ")] if from_draft else []
    )
    assert not Evidence.objects.exists()
    assert stored_files(media_root) == [blocker]
