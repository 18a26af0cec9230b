"""/ke-hoach/nhap/ with an old Word or Excel file (.doc, .xls): converted by LibreOffice, it
opens the preview with its tasks; without LibreOffice the clerk is told how to save it as
.docx/.xlsx, nothing is stored and nothing fails."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.core.planread.readers.legacy import unavailable_message
from cchc.demo.seed import DEMO_PLAN
from cchc.plans.models import PlanImport
from tests.builders import build_docx, build_xlsx
from tests.dom import dom, find, find_all, has_class, text
from tests.office import end_with_paragraph, office_convert, ole_file

pytestmark = pytest.mark.django_db

URL = reverse("plans:import")


def upload(client, data: bytes, name: str):
    return client.post(URL, {"file": SimpleUploadedFile(name, data)})


@pytest.fixture(scope="module")
def old_files(tmp_path_factory) -> dict[str, bytes]:
    """The demo plan as LibreOffice saves it in the old formats (made when LibreOffice is there)."""
    from tests.office import soffice

    if soffice() is None:
        return {}
    base = tmp_path_factory.mktemp("old")
    text_ = DEMO_PLAN.read_text(encoding="utf-8")
    docx = end_with_paragraph(build_docx(text_, base / "ke-hoach.docx"))
    xlsx = build_xlsx(text_, base / "ke-hoach.xlsx")
    return {
        "doc": office_convert(docx, "doc", base).read_bytes(),
        "xls": office_convert(xlsx, "xls", base).read_bytes(),
    }


@pytest.mark.parametrize("kind", ["doc", "xls"])
def test_an_old_file_opens_the_preview_with_its_tasks(kind, old_files, coord_client, libreoffice):
    response = upload(coord_client, old_files[kind], f"ke-hoach-cu.{kind}")
    draft = PlanImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("plans:import_preview", args=[draft.pk])
    assert draft.source_name == f"ke-hoach-cu.{kind}"
    assert draft.parsed["format"] == kind
    tasks = [t for t in draft.parsed["tasks"] if not t["is_group"]]
    assert len(tasks) >= 25
    with draft.uploaded_file.open("rb") as f:
        assert f.read() == old_files[kind]  # the file as sent, not its conversion

    page = dom(coord_client.get(response.url))
    rows = find_all(page, f"//tr[{has_class('task-row')}]")
    assert len(rows) == len(draft.parsed["tasks"])
    first = next(i for i, t in enumerate(draft.parsed["tasks"]) if not t["is_group"])
    assert draft.parsed["tasks"][first]["task"][:40] in text(find(page, f'//*[@id="task-{first}"]'))


@pytest.mark.parametrize(
    "kind, build",
    [
        ("doc", lambda: ole_file({"1Table": b"", "WordDocument": b"\xec\xa5"})),
        ("xls", lambda: ole_file({"Workbook": b"\x09\x08"})),
    ],
)
def test_without_libreoffice_the_clerk_is_told_how_to_save_as_docx_or_xlsx(
    kind, build, coord_client, media_root, monkeypatch
):
    monkeypatch.setenv("CCHC_SOFFICE", "/khong-co/libreoffice/soffice")
    response = upload(coord_client, build(), f"ke-hoach-cu.{kind}")
    assert response.status_code == 400
    errors = find(dom(response), f"//*[{has_class('errors')}]")
    assert unavailable_message(kind) in text(errors)
    assert "Lưu thành" in text(errors)
    assert not PlanImport.objects.exists()
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))
