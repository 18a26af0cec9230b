"""Uploads in the background (issue 9, "Long work in the background"): the request queues a
job, a worker runs it exactly once, the page shows its stages and progress (refreshed by htmx
until it ends), a failure records its Vietnamese message and leaves nothing behind, and the
outcome reaches the person's notifications."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.utils import timezone

from cchc.chasing.models import Kind, Notification
from cchc.dossiers import jobs, services
from cchc.dossiers.models import Dossier, DossierAnalysis, DossierUpload, UploadJob
from tests.dossiers import data
from tests.dossiers.page import one, page, text, texts

UPLOAD = "/ho-so/tai-len/"
State = UploadJob.State


def files_on_disk(media_root) -> list[str]:
    return sorted(str(p.relative_to(media_root)) for p in media_root.rglob("*") if p.is_file())


def queue(org, user, content: bytes, name: str = "ho-so.csv") -> UploadJob:
    return jobs.enqueue(org, user, dossiers=services.ExportFile(name, content))


@pytest.mark.django_db
def test_a_queued_job_is_claimed_by_one_worker_only(org, coordinator):
    job = queue(org, coordinator, data.export("D1"))
    first, second = jobs.claim("worker-a"), jobs.claim("worker-b")
    assert first is not None and first.pk == job.pk and first.claimed_by == "worker-a"
    assert second is None
    assert UploadJob.objects.get().state == State.RUNNING


@pytest.mark.django_db(transaction=True)
def test_the_job_runs_exactly_once_even_with_two_workers(org, coordinator, media_root):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("two threads on SQLite's shared in-memory test database lock each other's tables")
    job = queue(org, coordinator, data.export("D1", "D2", "D3"))
    start = threading.Barrier(2)
    ran: dict[str, int] = {}

    def worker(name: str) -> None:
        try:
            start.wait()
            ran[name] = jobs.run_pending(name)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(f"worker-{n}",)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(ran.values()) == [0, 1]
    job.refresh_from_db()
    assert job.state == State.DONE and job.claimed_by in ran
    assert DossierUpload.objects.count() == 1 and DossierAnalysis.objects.count() == 1
    assert Dossier.objects.count() == 3
    assert Notification.objects.filter(kind=Kind.DOSSIER_UPLOAD).count() == 1


def _crash(monkeypatch):
    real = services._upsert_dossiers

    def dying(*args, **kwargs):
        real(*args, **kwargs)
        raise RuntimeError("worker killed")

    monkeypatch.setattr(services, "_upsert_dossiers", dying)


def _parquet_with_epoch_dates() -> bytes:
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    buf = io.BytesIO()
    table = pa.table(
        {
            "Mã hồ sơ": ["H1"],
            "Hình thức nộp": ["trực tiếp"],
            "Ngày nộp": pa.array([1741054500], pa.int64()),
            "Hạn trả": ["10/03/2025"],
            "Ngày có kết quả": pa.array([None], pa.string()),
        }
    )
    pq.write_table(table, buf)
    return buf.getvalue()


FAILURES = [
    # name, content, set-up, words of the recorded message
    pytest.param(
        "sai.csv",
        "Mã hồ sơ,Ghi chú\nX,1\n".encode(),
        None,
        "Không tìm thấy dòng tiêu đề",
        id="no header row",
    ),
    pytest.param(
        "ho-so.parquet",
        _parquet_with_epoch_dates(),
        None,
        "Cột “Ngày nộp” (Ngày nộp) có dữ liệu kiểu số nguyên",
        id="an epoch-integer date column",
    ),
    pytest.param("ho-so.csv", data.export("D1", "D2"), _crash, jobs.FAILED_SYSTEM, id="the store crashes"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content", "setup", "words"), FAILURES)
def test_a_failing_job_records_its_message_and_leaves_no_file_and_no_half_data(
    org, coordinator, media_root, monkeypatch, name, content, setup, words
):
    services.upload_exports(
        org, coordinator, dossiers=services.ExportFile("truoc.csv", data.export("D1")), now=data.AS_OF
    )
    before = files_on_disk(media_root)
    job = queue(org, coordinator, content, name)
    assert len(files_on_disk(media_root)) == len(before) + 1  # the incoming copy
    if setup:
        setup(monkeypatch)
    assert jobs.run_pending("worker-test") == 1
    job.refresh_from_db()
    assert job.state == State.FAILED and words in job.message
    assert files_on_disk(media_root) == before
    assert DossierUpload.objects.count() == 1 and Dossier.objects.count() == 1
    note = Notification.objects.get(kind=Kind.DOSSIER_UPLOAD)
    assert note.recipient == coordinator and note.body == job.message
    assert note.title.startswith("Tải lên hồ sơ không thành công")
    assert note.url == f"/ho-so/tai-len/viec/{job.pk}/"


@pytest.mark.django_db
def test_a_job_whose_worker_died_is_failed_not_run_again(org, coordinator, media_root):
    job = queue(org, coordinator, data.export("D1"))
    jobs.claim("worker-gone")
    UploadJob.objects.filter(pk=job.pk).update(
        updated_at=timezone.now() - jobs.STALE_AFTER - timedelta(minutes=1)
    )
    assert jobs.run_pending("worker-new") == 0
    job.refresh_from_db()
    assert (job.state, job.message) == (State.FAILED, jobs.FAILED_STALE)
    assert files_on_disk(media_root) == [] and not Dossier.objects.exists()


def login(client, user):
    client.force_login(user)
    return client


def stages(root) -> list[tuple[str, bool]]:
    return [
        (text(li), li.get("aria-current") == "step")
        for li in root.xpath('//section[@id="job-progress"]//ol[@class="job-stages"]/li')
    ]


@pytest.mark.django_db
def test_the_page_shows_the_job_waiting_running_and_done(client, coordinator, media_root):
    c = login(client, coordinator)
    response = c.post(UPLOAD, {"dossiers": SimpleUploadedFile("thang-3.csv", data.export("D1", "D2"))})
    job = UploadJob.objects.get()
    assert response.status_code == 302 and response.url == f"/ho-so/tai-len/viec/{job.pk}/"
    assert not Dossier.objects.exists()  # the request only queued it

    root = page(c.get(response.url))
    block = one(root, '//section[@id="job-progress"]')
    assert block.get("hx-get") == f"/ho-so/tai-len/viec/{job.pk}/tien-do/"
    assert block.get("hx-trigger") == "every 2s"
    assert text(one(block, './/p[@class="job-state"]/strong')) == "Đang chờ"
    assert one(block, './/progress[@id="job-percent"]').get("value") == "0"
    assert [s for s, _ in stages(root)] == ["Đọc tệp", "Kiểm tra", "Lưu hồ sơ", "Phân tích"]

    # Mid-way: the store's progress, written inside the upload's transaction, is what the page shows.
    jobs.claim("worker-test")
    with transaction.atomic():
        progress = jobs._Progress(job)
        progress("check", 2, 2)
        progress("store", 1, 2)
    fragment = page(c.get(f"/ho-so/tai-len/viec/{job.pk}/tien-do/"))
    assert one(fragment, '//progress[@id="job-percent"]').get("value") == "30"
    assert [s for s, current in stages(fragment) if current] == ["Lưu hồ sơ"]
    assert text(one(fragment, '//strong[@id="job-rows"]')) == "2"
    assert one(fragment, '//section[@id="job-progress"]').get("hx-trigger") == "every 2s"

    jobs.run_job(UploadJob.objects.get(pk=job.pk))
    done = page(c.get(f"/ho-so/tai-len/viec/{job.pk}/tien-do/"))
    block = one(done, '//section[@id="job-progress"]')
    assert block.get("hx-get") is None and block.get("hx-trigger") is None  # polling stops
    assert one(done, '//progress[@id="job-percent"]').get("value") == "100"
    assert text(one(done, '//div[@id="job-message"]')) == (
        "Đã tải lên “thang-3.csv”: đọc 2 dòng = 2 hồ sơ mới + 0 hồ sơ đã có, thay bằng bản mới"
        " + 0 dòng bị loại."
    )
    upload = DossierUpload.objects.get()
    assert one(done, '//a[@id="job-upload"]').get("href") == f"/ho-so/tai-len/{upload.pk}/"

    # Coming back later: the upload page lists the job with its state.
    listing = page(c.get(UPLOAD))
    rows = texts(listing, '//table[@id="jobs"]/tbody/tr/td[4]')
    assert rows == ["Xong"]
    assert (
        one(listing, '//table[@id="jobs"]/tbody/tr/td[1]/a').get("href") == f"/ho-so/tai-len/viec/{job.pk}/"
    )
    # And the notification list has the outcome.
    note = Notification.objects.get(kind=Kind.DOSSIER_UPLOAD, recipient=coordinator)
    assert note.title == "Tải lên hồ sơ đã xong: thang-3.csv"
    notes = c.get("/thong-bao/")
    assert notes.status_code == 200 and "Tải lên hồ sơ đã xong: thang-3.csv" in text(page(notes))
    opened = c.get(f"/thong-bao/{note.pk}/")
    assert opened.status_code == 302 and opened.url == f"/ho-so/tai-len/viec/{job.pk}/"


@pytest.mark.django_db
def test_a_wrong_kind_of_file_is_refused_at_once_on_the_page(client, coordinator, media_root):
    response = login(client, coordinator).post(
        UPLOAD, {"dossiers": SimpleUploadedFile("ho-so.pdf", b"%PDF-1.4")}
    )
    assert response.status_code == 400
    assert "không phải .csv, .xlsx hoặc .parquet" in response.content.decode()
    assert not UploadJob.objects.exists() and files_on_disk(media_root) == []


@pytest.mark.django_db
def test_someone_else_cannot_follow_the_job(client, org, coordinator, staff_qltm):
    job = queue(org, coordinator, data.export("D1"))
    assert login(client, staff_qltm).get(f"/ho-so/tai-len/viec/{job.pk}/").status_code == 403


@pytest.mark.django_db
def test_the_worker_command_runs_the_waiting_uploads(org, coordinator):
    job = queue(org, coordinator, data.export("D1", "D2"))
    call_command("worker", "--interval", "0.2", "--jobs-poll", "0.1", "--max-passes", "1")
    job.refresh_from_db()
    assert job.state == State.DONE and Dossier.objects.count() == 2
