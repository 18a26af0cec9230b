"""/ke-hoach/nhap/: a plan that holds or expands to too much is refused before it is read,
with the reader's Vietnamese message and a 400; nothing is saved (issue 9, item 10)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.demo.seed import DEMO_PLAN
from cchc.plans.models import PlanImport
from tests import hostile_files as hf
from tests.dom import dom, text

URL = reverse("plans:import")


def errors_of(response) -> str:
    return " ".join(text(e) for e in dom(response).find_class("errors"))


@pytest.mark.parametrize(
    ("name", "build", "words"),
    [
        ("ke-hoach.docx", lambda: hf.docx_bomb(300), "giải nén"),
        ("ke-hoach.xlsx", lambda: hf.xlsx_rows(400_000), "20.000 dòng"),
        ("ke-hoach.xlsx", hf.xlsx_far_corner, "ô"),
        ("ke-hoach.txt", lambda: hf.text_plan(400_000), "20.000 dòng"),
    ],
    ids=["docx-bomb", "xlsx-400k-rows", "xlsx-far-corner", "text-400k-lines"],
)
def test_a_hostile_plan_upload_is_refused_with_a_message(coord_client, media_root, name, build, words):
    response = coord_client.post(URL, {"file": SimpleUploadedFile(name, build())})
    assert response.status_code == 400
    assert words in errors_of(response)
    assert not PlanImport.objects.exists()
    assert not any(media_root.rglob("*")) if media_root.exists() else True


@pytest.mark.parametrize(("max_rows", "status"), [(20_000, 302), (50, 400)])
def test_the_settings_set_the_limits(coord_client, settings, max_rows, status):
    settings.CCHC_PLAN_MAX_ROWS = max_rows
    response = coord_client.post(URL, {"file": SimpleUploadedFile("ke-hoach.txt", DEMO_PLAN.read_bytes())})
    assert response.status_code == status
    if status == 400:
        assert "50 dòng" in errors_of(response)


@pytest.mark.parametrize(
    ("name", "build"),
    [("ke-hoach.docx", lambda: hf.docx_bomb(300)), ("ke-hoach.txt", lambda: hf.text_plan(400_000))],
    ids=["docx-bomb", "text-400k-lines"],
)
def test_cchc_plan_import_refuses_with_a_message_and_exit_1(org, tmp_path, capsys, monkeypatch, name, build):
    from django.db import connections

    from cchc.tracking.management.commands.import_plan import Command as ImportPlan

    monkeypatch.setattr(connections, "close_all", lambda: None)  # keep the test's transaction
    path = tmp_path / name
    path.write_bytes(build())
    with pytest.raises(SystemExit) as exited:
        ImportPlan().run_from_argv(["cchc", "import_plan", str(path), "--org", org.code])
    assert exited.value.code == 1
    assert "Tệp" in capsys.readouterr().err
    assert not PlanImport.objects.exists()
