"""An upload that fails leaves nothing behind (no rows, no files); text from any encoding is
stored NFC; a damaged byte costs only its row (issue 9, items 5, 2, 12)."""

from __future__ import annotations

import unicodedata

import pytest

from cchc.dossiers import measures, services
from cchc.dossiers.models import Dossier, DossierAnalysis, DossierBreach, DossierPause, DossierUpload
from tests.dossiers import data
from tests.dossiers.test_upload_accounting import pause, pauses

pytestmark = pytest.mark.django_db(transaction=True)


def stored_files(media_root) -> list[str]:
    return sorted(str(p.relative_to(media_root)) for p in media_root.rglob("*") if p.is_file())


def crash_after(target, name: str, monkeypatch) -> None:
    """``target.name`` does its work, then the process "dies" (an error escapes)."""
    real = getattr(target, name)

    def dying(*args, **kwargs):
        real(*args, **kwargs)
        raise RuntimeError("worker killed")

    monkeypatch.setattr(target, name, dying)


FAILURES = [
    # what fails after doing its work
    pytest.param(services, "_upsert_dossiers", id="storing the dossiers"),
    pytest.param(services, "_replace_pauses", id="storing the pauses"),
    pytest.param(measures, "refresh", id="measuring the plan targets"),
]


@pytest.mark.parametrize(("target", "name"), FAILURES)
def test_a_failed_upload_leaves_no_file_and_no_half_data(
    org, coordinator, media_root, monkeypatch, target, name
):
    services.upload_exports(
        org, coordinator, dossiers=services.ExportFile("truoc.csv", data.export("D1", "D2")), now=data.AS_OF
    )
    files_before = stored_files(media_root)
    counts_before = [m.objects.count() for m in (Dossier, DossierPause, DossierUpload, DossierAnalysis)]
    breaches_before = sorted(DossierBreach.objects.values_list("dossier__dossier_id", "rule"))
    crash_after(target, name, monkeypatch)
    with pytest.raises(RuntimeError):
        services.upload_exports(
            org,
            coordinator,
            dossiers=services.ExportFile("sau.csv", data.export("D2", "D3", "D4")),
            pauses=services.ExportFile("dung.csv", pauses(pause("D3", 9))),
            now=data.AS_OF,
        )
    assert stored_files(media_root) == files_before
    assert [
        m.objects.count() for m in (Dossier, DossierPause, DossierUpload, DossierAnalysis)
    ] == counts_before
    assert sorted(DossierBreach.objects.values_list("dossier__dossier_id", "rule")) == breaches_before


def test_a_failed_reanalysis_leaves_no_workbook(org, coordinator, media_root, monkeypatch):
    services.upload_exports(
        org, coordinator, dossiers=services.ExportFile("truoc.csv", data.export("D1", "D2")), now=data.AS_OF
    )
    files_before = stored_files(media_root)
    crash_after(measures, "refresh", monkeypatch)
    with pytest.raises(RuntimeError):
        services.reanalyze(org, now=data.AS_OF)
    assert stored_files(media_root) == files_before
    assert DossierAnalysis.objects.count() == 1


def legacy(text: str) -> bytes:
    from tests.core.dossiers.test_load_encodings import legacy as encode

    return encode(text)


OFFICER = "Hoàng Minh Đức"
ENCODINGS = [
    pytest.param(lambda t: t.encode("utf-8"), id="UTF-8 then UTF-8"),
    pytest.param(legacy, id="UTF-8 then cp1258"),
    pytest.param(lambda t: unicodedata.normalize("NFD", t).encode("utf-8"), id="UTF-8 then NFD UTF-8"),
]


@pytest.mark.parametrize("encode", ENCODINGS)
def test_one_officer_whatever_the_encoding_of_each_export(org, coordinator, encode):
    first = data.export("D1", "D2").decode().replace(",An,", f",{OFFICER},")
    second = (
        data.export("D3", "D4").decode().replace(",An,", f",{OFFICER},").replace(",Bình,", f",{OFFICER},")
    )
    for name, content in (("thang-3.csv", first.encode()), ("thang-3-cu.csv", encode(second))):
        services.upload_exports(org, coordinator, dossiers=services.ExportFile(name, content), now=data.AS_OF)
    officers = set(Dossier.objects.values_list("officer", flat=True))
    assert officers == {OFFICER}
    units = set(Dossier.objects.values_list("unit", flat=True))
    assert units == {data.QLTM} and Dossier.objects.filter(unit_ref__isnull=True).count() == 0


def test_a_damaged_byte_rejects_its_row_and_keeps_the_others(org, coordinator):
    content = data.export("D1", "D2", "D3").replace("Bán lẻ rượu".encode(), "Bán lẻ".encode() + b"\xff", 1)
    (upload,) = services.upload_exports(
        org, coordinator, dossiers=services.ExportFile("hong.csv", content), now=data.AS_OF
    ).uploads
    assert (upload.rows_read, upload.rows_new, upload.rows_rejected) == (3, 2, 1)
    (rejected,) = upload.rejected
    assert rejected["row"] == 1
    assert "không đọc được theo bảng mã UTF-8 (dòng 2 của tệp)" in rejected["reason"]
    assert sorted(Dossier.objects.values_list("dossier_id", flat=True)) == ["D2", "D3"]
    assert set(Dossier.objects.values_list("unit", flat=True)) == {data.QLTM}


def test_a_workbook_that_cannot_be_written_leaves_the_analysis_and_no_file(
    org, coordinator, media_root, monkeypatch
):
    from cchc.core.dossiers.result import AnalysisResult

    def broken(self, path):
        path.write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(AnalysisResult, "write_xlsx", broken)
    outcome = services.upload_exports(
        org, coordinator, dossiers=services.ExportFile("ho-so.csv", data.export("D1", "D2")), now=data.AS_OF
    )
    assert Dossier.objects.count() == 2 and DossierAnalysis.objects.get().pk == outcome.analysis.pk
    assert not DossierAnalysis.objects.get().workbook
    assert stored_files(media_root) == [outcome.uploads[0].file.name]
