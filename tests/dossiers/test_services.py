"""The upload service: atomic, upsert by dossier id, pauses replaced, derived columns stored,
the analysis kept, and the SQL tables equal to the engine's own groups."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.utils import timezone

from cchc.dossiers import selectors, services
from cchc.dossiers.models import Dossier, DossierAnalysis, DossierBreach, DossierPause, DossierUpload
from tests.dossiers import data
from tests.dossiers.conftest import upload

pytestmark = pytest.mark.django_db


def outcomes(org) -> dict[str, str]:
    return dict(Dossier.objects.filter(organisation=org).values_list("dossier_id", "outcome"))


def breaches(org) -> set[tuple[str, str]]:
    return set(DossierBreach.objects.filter(organisation=org).values_list("dossier__dossier_id", "rule"))


def test_upload_stores_every_dossier_with_its_outcome_and_breaches(org, loaded):
    (up,) = loaded.uploads
    assert (up.rows_read, up.rows_new, up.rows_replaced, up.rows_rejected) == (8, 8, 0, 0)
    assert outcomes(org) == {
        "D1": "early",
        "D2": "on_time",
        "D3": "late",
        "D4": "late",
        "D5": "on_time",
        "D6": "overdue",
        "D7": "open",
        "D8": "early",
    }
    assert breaches(org) == {
        ("D3", "late_without_apology"),
        ("D4", "acceptance_8h"),
        ("D6", "late_without_apology"),  # overdue and no apology slip either
        ("D8", "supplement_more_than_once"),
    }
    d4 = Dossier.objects.get(organisation=org, dossier_id="D4")
    assert (d4.submitted_month, d4.finished_month) == ("2026-03", "2026-04")
    assert timezone.localtime(d4.submitted_at).replace(tzinfo=None) == datetime(2026, 3, 5, 8, 0)
    assert d4.unit_ref.code == "QLTM"  # the export's unit name matched to the directory
    analysis = DossierAnalysis.objects.get(organisation=org)
    assert analysis.dossier_count == 8 and analysis.workbook.name.endswith(".xlsx")
    assert timezone.localtime(analysis.as_of).replace(tzinfo=None) == data.AS_OF
    assert analysis.result["rows"] == {"read": 8, "rejected": 0}


def test_monthly_table_hand_computed(org, loaded):
    qs = selectors.visible_dossiers(org)
    rows = {r["month"]: r for r in selectors.indicator_rows(qs, selectors.Filters(), (), by_month=True)}
    march, april = rows["2026-03"], rows["2026-04"]
    assert (march["received"], march["finished"], march["early"], march["on_time"], march["late"]) == (
        5,
        4,
        1,
        2,
        1,
    )
    assert march["on_time_rate"] == 0.75
    assert march["online_full_share"] == 2 / 5 and march["online_share"] == 3 / 5
    assert march["paid_online_share"] == 1 / 3  # D1 paid online among D1, D2, D5 with a fee
    assert march["postal_share"] == 1 / 5 and march["digitized_share"] == 4 / 5
    assert march["result_digitized_share"] == 2 / 4
    assert march["overdue"] == 0
    assert (april["received"], april["finished"], april["early"], april["late"], april["overdue"]) == (
        3,
        2,
        1,
        1,
        1,
    )
    assert april["on_time_rate"] == 0.5
    # QĐ 766 for April: D7 open and not overdue, D8 early; D6 overdue -> 20 * 2 / 3.
    assert april["progress_score_766"] == pytest.approx(40 / 3)


def test_sql_tables_equal_the_engines_groups(org, loaded):
    engine = {(g["unit"], g["month"]): g for g in loaded.analysis.result["groups"]}
    ours = selectors.indicator_rows(selectors.visible_dossiers(org), selectors.Filters(), ("unit",), True)
    assert {(r["unit"], r["month"]) for r in ours} == set(engine)
    names = ("received", "finished", "early", "on_time", "late", "overdue", "on_time_rate", "online_share")
    names += ("online_full_share", "paid_online_share", "postal_share", "digitized_share")
    names += ("result_digitized_share", "progress_score_766")
    for r in ours:
        g = engine[(r["unit"], r["month"])]
        for name in names:
            assert r[name] == pytest.approx(g[name]), (r["unit"], r["month"], name)


def test_officer_table_hand_computed(org, loaded):
    rows = selectors.officer_rows(selectors.visible_dossiers(org), selectors.Filters())
    got = {(r["officer"], r["month"]): (r["finished"], r["late"], r["eligible_good"]) for r in rows}
    assert got == {
        ("An", "2026-03"): (3, 1, False),
        ("Chi", "2026-03"): (1, 0, True),
        ("Bình", "2026-04"): (2, 1, False),
    }


def test_overlapping_reupload_replaces_and_never_double_counts(org, coordinator):
    first = upload(org, coordinator, data.export("D1", "D2", "D3", "D4", "D5"), "thang-3.csv")
    assert first.uploads[0].rows_new == 5
    # The next export repeats D4 and D5 (D5 now finished late) and brings D6..D8.
    second = upload(
        org,
        coordinator,
        data.export("D4", "D5", "D6", "D7", "D8", replace={"D5": data.D5_LATE}),
        "thang-4.csv",
    )
    up = second.uploads[0]
    assert (up.rows_read, up.rows_new, up.rows_replaced) == (5, 3, 2)
    assert Dossier.objects.filter(organisation=org).count() == 8  # the union, nothing twice
    assert outcomes(org)["D5"] == "late"  # the newer values win
    t = selectors.totals(selectors.visible_dossiers(org), selectors.Filters())
    assert (t["received"], t["finished"], t["late"]) == (8, 6, 3)
    assert ("D5", "late_without_apology") in breaches(org)
    assert DossierAnalysis.objects.filter(organisation=org).count() == 2


def test_same_file_twice_changes_nothing(org, coordinator, loaded):
    again = upload(org, coordinator, data.export(*data.ALL))
    assert (again.uploads[0].rows_new, again.uploads[0].rows_replaced) == (0, 8)
    assert Dossier.objects.filter(organisation=org).count() == 8
    assert DossierBreach.objects.filter(organisation=org).count() == 4


def test_a_whole_file_error_writes_nothing(org, coordinator, loaded, media_root):
    files_before = sorted(p.name for p in media_root.rglob("*") if p.is_file())
    bad = "Mã hồ sơ,Đơn vị xử lý,Hình thức nộp\nD9,X,Trực tiếp\n".encode()
    with pytest.raises(services.UploadRefused) as caught:
        upload(org, coordinator, bad, "thieu-cot.csv")
    assert "Thiếu cột bắt buộc" in caught.value.message and "thieu-cot.csv" in caught.value.message
    assert Dossier.objects.filter(organisation=org).count() == 8
    assert DossierUpload.objects.filter(organisation=org).count() == 1
    assert DossierAnalysis.objects.filter(organisation=org).count() == 1
    assert sorted(p.name for p in media_root.rglob("*") if p.is_file()) == files_before


def test_a_failure_during_the_analysis_rolls_everything_back(
    org, coordinator, loaded, media_root, monkeypatch
):
    files_before = sorted(p.name for p in media_root.rglob("*") if p.is_file())

    def broken(*_a, **_k):
        raise RuntimeError("engine failure")

    monkeypatch.setattr("cchc.dossiers.analysis.run", broken)
    with pytest.raises(RuntimeError):
        upload(org, coordinator, data.export("D1", replace={"D1": data.ROWS["D1"].replace("An", "Ánh")}))
    assert Dossier.objects.get(organisation=org, dossier_id="D1").officer == "An"
    assert DossierUpload.objects.filter(organisation=org).count() == 1
    assert sorted(p.name for p in media_root.rglob("*") if p.is_file()) == files_before


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("ho-so.pdf", b"%PDF-1.4", "không phải .csv, .xlsx hoặc .parquet"),
        ("ho-so.csv", b"", "rỗng"),
    ],
)
def test_wrong_files_are_refused_with_a_message(org, coordinator, name, content, words):
    with pytest.raises(services.UploadRefused) as caught:
        upload(org, coordinator, content, name)
    assert words in caught.value.message
    assert not Dossier.objects.exists() and not DossierUpload.objects.exists()


def test_bad_rows_are_listed_and_the_rest_stored(org, coordinator):
    finished_first = data.ROWS["D2"].replace("11/03/2026 15:00", "01/03/2026 15:00")
    result = upload(org, coordinator, data.export("D1", "D2", replace={"D2": finished_first}))
    (up,) = result.uploads
    assert (up.rows_read, up.rows_rejected, up.rows_new) == (2, 1, 1)
    assert up.rejected[0]["dossier_id"] == "D2" and up.rejected[0]["row"] == 2
    assert up.rejected[0]["reason"]
    assert list(Dossier.objects.values_list("dossier_id", flat=True)) == ["D1"]


def test_pauses_move_the_due_time_and_are_replaced_by_a_later_pauses_file(org, coordinator):
    # D3 (due Thu 12/03 17:00, finished Fri 13/03 09:00) paused for Wed 11/03 whole day: 8 working
    # hours more, effective due Fri 13/03 17:00 -> on time.
    pauses = (
        "Mã hồ sơ,Loại dừng,Dừng từ,Dừng đến,Lý do,Có văn bản kèm theo\n"
        "D3,Chờ bổ sung,11/03/2026 07:00,11/03/2026 17:00,Chờ bổ sung giấy tờ,Có\n"
    ).encode()
    result = upload(org, coordinator, data.export("D3"), pauses=pauses)
    assert [u.kind for u in result.uploads] == ["dossiers", "pauses"]
    d3 = Dossier.objects.get(organisation=org, dossier_id="D3")
    assert d3.outcome == "on_time"
    assert timezone.localtime(d3.effective_due_at).replace(tzinfo=None) == datetime(2026, 3, 13, 17, 0)
    # A new pauses export without a reason for D3's pause replaces the old one.
    again = (
        "Mã hồ sơ,Loại dừng,Dừng từ,Dừng đến,Lý do,Có văn bản kèm theo\n"
        "D3,Chờ,11/03/2026 07:00,11/03/2026 17:00,,Có\n"
    )
    services.upload_exports(
        org, coordinator, pauses=services.ExportFile("dung-2.csv", again.encode()), now=data.AS_OF
    )
    assert DossierPause.objects.filter(organisation=org, dossier_id="D3").count() == 1
    assert ("D3", "pause_without_reason") in breaches(org)


def test_reanalyze_later_turns_open_dossiers_overdue(org, coordinator, loaded):
    services.reanalyze(org, now=datetime(2026, 4, 22, 8, 0))
    assert outcomes(org)["D7"] == "overdue"
    assert DossierAnalysis.objects.filter(organisation=org).count() == 2
