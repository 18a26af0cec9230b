"""The files of an assessment: the score table (.xlsx, .docx) read back, and the evidence
archive made in the background (its page, its progress, exactly one archive, the tree and the
contents of the .zip); who gets them (404 for anyone who may not see the assessment)."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal as D

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from cchc.core.scoring.evidence_pack import INDEX_NAME, LINKS_NAME
from cchc.core.scoring.score_sheet import HEADER_ROW
from cchc.jobs.models import JobState
from cchc.orgs.models import Membership
from cchc.scoring import pack_job
from cchc.scoring.models import EvidenceFile, Item, ItemScore, PackJob, TaskLink
from cchc.tracking.models import Evidence, Report
from tests.dom import by_id, dom, find, text
from tests.factories import person
from tests.scoring.outputs_data import YEAR, appraiser, assessment, department, score
from tests.tracking.test_planning import obligations, one_task_plan, report

pytestmark = pytest.mark.django_db
Role = Membership.Role


@pytest.fixture
def scored(org):
    a = assessment(org)
    score(a, "1.1.1", self_score=1, appraised=1, final=1)
    score(a, "1.1.2", self_score="1.5", appraised="1.5")
    score(a, "1.2", self_score=1, explanation="=Sẽ bổ sung báo cáo quý IV")
    score(a, "T2", self_score=1)
    score(a, "D1", self_score=0)
    return a


def _url(name: str, a, *extra) -> str:
    return reverse(f"scoring:{name}", args=[a.organisation.code, a.year, *extra])


def _xlsx_rows(content: bytes) -> dict[str, list]:
    ws = load_workbook(io.BytesIO(content)).active
    return {
        str(r[0] if r[0] is not None else r[1]): list(r)
        for r in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True)
    }


def test_score_table_xlsx_holds_every_item_and_the_totals(coord_client, scored):
    response = coord_client.get(_url("score_xlsx", scored))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="bang-diem-sct-test-{YEAR}.xlsx"'
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A2"].value.startswith("Sở Công Thương tỉnh Thử Nghiệm — ")
    assert ws["A2"].value.endswith("(điểm minh họa)")
    rows = _xlsx_rows(response.content)
    codes = list(Item.objects.filter(criteria_set=scored.criteria_set).values_list("code", flat=True))
    assert set(codes) <= set(rows)
    assert rows["1.1.1"][3] == 1 and rows["1.1.1"][6] == 1
    # Final where given, else the appraiser's score.
    assert rows["1.1.2"][6] == D("1.5")
    assert rows["1.2"][5] == "=Sẽ bổ sung báo cáo quý IV"
    assert rows["1.1"][3] == D("2.5")  # the criterion adds up its sub-criteria
    assert rows["Cộng điểm thưởng"][2:4] == [1, 1]  # the cap, and T2's point within it
    total = rows["TỔNG ĐIỂM"]
    assert total[2] == 35  # Σ of the areas' maxima of the demo set
    assert total[3] == D("4.5") and total[6] == D("2.5")  # 3.5 + 1 bonus − 0 penalty; 1 + 1.5


def test_score_table_docx_reads_back(coord_client, scored):
    response = coord_client.get(_url("score_docx", scored))
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    rows = {r.cells[0].text or r.cells[1].text: [c.text for c in r.cells] for r in doc.tables[0].rows}
    assert rows["1.1.2"][3] == "1,5" and rows["1.1.2"][6] == "1,5"
    assert rows["TỔNG ĐIỂM"][3] == "4,5"


def test_evidence_titles_in_the_table(coord_client, scored, coordinator):
    s = ItemScore.objects.get(assessment=scored, item__code="2.3")
    EvidenceFile.objects.create(score=s, title="Ảnh chụp trang công khai", url="https://so.example.vn/tthc")
    rows = _xlsx_rows(coord_client.get(_url("score_xlsx", scored)).content)
    assert rows["2.3"][4] == "Ảnh chụp trang công khai"


@pytest.fixture
def other_province_appraiser(db):
    return appraiser("Tỉnh Khác", "snv-khac")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("coordinator", 200),
        ("observer", 200),
        ("unit_staff", 200),
        ("appraiser", 200),
        ("appraiser_elsewhere", 404),
        ("other_department", 404),
    ],
)
@pytest.mark.parametrize("name", ["score_xlsx", "score_docx", "pack"])
def test_who_gets_the_files(client, org, scored, who, status, name):
    if who == "appraiser":
        user = appraiser()
    elif who == "appraiser_elsewhere":
        user = appraiser("Tỉnh Khác", "snv-khac")
    elif who == "other_department":
        user = person(department("sxd-test", "Sở Xây dựng"), Role.COORDINATOR)
    elif who == "unit_staff":
        user = person(org, Role.UNIT_STAFF, "TTRA")
    else:
        user = person(org, getattr(Role, who.upper()))
    client.force_login(user)
    assert client.get(_url(name, scored)).status_code == status


def test_anonymous_is_sent_to_log_in(client, scored):
    response = client.get(_url("score_xlsx", scored))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_no_assessment_is_404(coord_client, org):
    assert coord_client.get(reverse("scoring:score_xlsx", args=[org.code, 2031])).status_code == 404


# --- the evidence archive -------------------------------------------------------------------


@pytest.fixture
def with_evidence(org, coordinator, scored):
    """Item 1.1.1: an accepted report's document behind its confirmed task, and a file and a
    link added; 2.3: two files of the same name; 1.2: nothing (explained)."""
    _plan, task = one_task_plan(org, coordinator, "Tháng 3/2026")
    obligation = next(iter(obligations(task).values()))
    r = report(obligation, coordinator, state=Report.State.ACCEPTED)
    ev = Evidence(report=r, doc_number="12/KH-SCT", doc_date=r.submitted_at.date(), summary="Kế hoạch CCHC")
    ev.uploaded_by = coordinator
    ev.file_name = "Kế hoạch CCHC 2026.pdf"
    ev.file.save("kh.pdf", ContentFile(b"%PDF plan"), save=False)
    ev.save()
    item = Item.objects.get(criteria_set=scored.criteria_set, code="1.1.1")
    TaskLink.objects.create(assessment=scored, item=item, task=task, confirmed=True)
    s111 = ItemScore.objects.get(assessment=scored, item__code="1.1.1")
    EvidenceFile.objects.create(
        score=s111, title="Quyết định", file=SimpleUploadedFile("../../quyet-dinh.pdf", b"decision")
    )
    EvidenceFile.objects.create(score=s111, title="Cổng thông tin", url="https://so.example.vn/kh")
    s23 = ItemScore.objects.get(assessment=scored, item__code="2.3")
    for content in (b"one", b"two"):
        EvidenceFile.objects.create(score=s23, title="Ảnh", file=SimpleUploadedFile("anh.png", content))
    return scored


def _zip(client, a) -> zipfile.ZipFile:
    response = client.get(_url("pack_zip", a))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'filename="tai-lieu-kiem-chung-sct-test-{YEAR}.zip"')
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_archive_is_made_in_the_background_and_downloaded(coord_client, with_evidence):
    a = with_evidence
    assert coord_client.get(_url("pack_zip", a)).status_code == 404  # none made yet
    page = dom(coord_client.get(_url("pack", a)))
    assert by_id(page, "pack-form") is not None and by_id(page, "pack-ready") is None
    coord_client.post(_url("pack_start", a))
    page = dom(coord_client.get(_url("pack", a)))
    assert text(find(page, "//*[@id='job-progress']//p[@class='job-state']/strong")) == "Đang chờ"
    assert by_id(page, "pack-form") is None  # no second archive while one is waiting
    assert pack_job.RUNNER.run_pending("worker-test") == 1

    job = PackJob.objects.get(assessment=a)
    assert job.state == JobState.DONE and job.percent == 100 and job.documents == 5
    page = dom(coord_client.get(_url("pack_progress", a, job.pk)))
    assert text(by_id(page, "job-message")).startswith("Đã đóng gói 4 tệp và 1 đường dẫn của 2 tiêu chí")
    assert by_id(page, "job-download").get("href") == _url("pack_zip", a)

    zf = _zip(coord_client, a)
    folder = "1.1.1 Ban hành kế hoạch CCHC năm đúng thời hạn"
    assert sorted(zf.namelist()) == sorted(
        [
            INDEX_NAME,
            "bang-diem.xlsx",
            f"{folder}/Kế hoạch CCHC 2026.pdf",
            f"{folder}/Quyết định.pdf",
            f"{folder}/{LINKS_NAME}",
            "2.3 Công khai thủ tục hành chính đầy đủ, đúng quy định/Ảnh.png",
            "2.3 Công khai thủ tục hành chính đầy đủ, đúng quy định/Ảnh (2).png",
        ]
    )
    assert zf.read(f"{folder}/Kế hoạch CCHC 2026.pdf") == b"%PDF plan"
    assert zf.read(f"{folder}/Quyết định.pdf") == b"decision"
    assert zf.read(f"{folder}/{LINKS_NAME}").decode() == "Cổng thông tin: https://so.example.vn/kh\r\n"
    png = "2.3 Công khai thủ tục hành chính đầy đủ, đúng quy định/Ảnh (2).png"
    assert {zf.read(png), zf.read(png.replace(" (2)", ""))} == {b"one", b"two"}
    index = load_workbook(io.BytesIO(zf.read(INDEX_NAME))).active
    by_code: dict[str, list] = {}
    for row in index.iter_rows(min_row=2, values_only=True):
        by_code.setdefault(row[0], []).append(row)
    assert [r[2] for r in by_code["1.1.1"]] == ["12/KH-SCT Kế hoạch CCHC", "Quyết định", "Cổng thông tin"]
    assert by_code["1.2"][0][4] == "Chưa có tài liệu kiểm chứng. =Sẽ bổ sung báo cáo quý IV"
    scored_codes = set(ItemScore.objects.filter(assessment=a).values_list("item__code", flat=True))
    assert set(by_code) == scored_codes


def test_a_second_click_makes_no_second_archive_and_two_workers_run_it_once(coord_client, with_evidence):
    a = with_evidence
    coord_client.post(_url("pack_start", a))
    coord_client.post(_url("pack_start", a))
    assert PackJob.objects.filter(assessment=a).count() == 1
    first = pack_job.RUNNER.claim("worker-a")
    assert first is not None and pack_job.RUNNER.claim("worker-b") is None
    pack_job.RUNNER.run(first)
    assert pack_job.RUNNER.run_pending("worker-b") == 0
    assert PackJob.objects.get().state == JobState.DONE


def test_a_new_archive_replaces_the_old_one(coord_client, with_evidence):
    a = with_evidence
    coord_client.post(_url("pack_start", a))
    pack_job.RUNNER.run_pending("w")
    old = PackJob.objects.get()
    old_name = old.archive.name
    assert old.archive.storage.exists(old_name)
    coord_client.post(_url("pack_start", a))
    pack_job.RUNNER.run_pending("w")
    assert PackJob.objects.count() == 2
    old.refresh_from_db()
    assert old.archive.name == "" and not old.archive.storage.exists(old_name)
    assert pack_job.ready(a) == PackJob.objects.exclude(pk=old.pk).get()


def test_progress_while_running_comes_from_the_job(coord_client, with_evidence):
    a = with_evidence
    coord_client.post(_url("pack_start", a))
    job = pack_job.RUNNER.claim("w")
    pack_job.RUNNER.stage_progress(job, PackJob.Stage.PACK, 3, 6, 3)
    page = dom(coord_client.get(_url("pack_progress", a, job.pk)))
    assert by_id(page, "job-percent").get("value") == "50"
    assert text(by_id(page, "job-documents")) == "3"
    section = by_id(page, "job-progress")
    assert section.get("hx-get") == _url("pack_progress", a, job.pk)
    current = find(page, "//ol[@class='job-stages']/li[@aria-current='step']")
    assert current.get("data-stage") == "pack"


def test_a_missing_file_is_listed_and_the_archive_still_made(coord_client, with_evidence):
    a = with_evidence
    f = EvidenceFile.objects.filter(score__item__code="1.1.1").exclude(file="").get()
    f.file.storage.delete(f.file.name)
    coord_client.post(_url("pack_start", a))
    pack_job.RUNNER.run_pending("w")
    job = PackJob.objects.get()
    assert job.state == JobState.DONE
    assert "Không đọc được 1 tệp trên máy chủ: 1.1.1: Quyết định." in job.message
    assert (
        "1.1.1 Ban hành kế hoạch CCHC năm đúng thời hạn/quyet-dinh.pdf"
        not in _zip(coord_client, a).namelist()
    )


def test_the_appraiser_gets_the_archive_and_another_province_not(client, with_evidence):
    a = with_evidence
    client.force_login(appraiser())
    client.post(_url("pack_start", a))
    pack_job.RUNNER.run_pending("w")
    assert len(_zip(client, a).namelist()) == 7
    client.force_login(appraiser("Tỉnh Khác", "snv-khac"))
    assert client.get(_url("pack_zip", a)).status_code == 404
    assert client.post(_url("pack_start", a)).status_code == 404
    job = PackJob.objects.get()
    assert client.get(_url("pack_progress", a, job.pk)).status_code == 404
