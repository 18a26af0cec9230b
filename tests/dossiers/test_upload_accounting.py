"""An upload's figures add up: rows read = new + replaced + rejected, for dossiers and for pauses,
on the page's message and on the upload's own page (issue 8, "đọc 5 dòng, 5 mới, 1 thay thế")."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.dossiers import jobs, services
from cchc.dossiers.models import DossierPause, DossierUpload
from cchc.plans.labels import count, file_size
from tests.dossiers import data
from tests.dossiers.page import one, page, text

pytestmark = pytest.mark.django_db

UPLOAD = "/ho-so/tai-len/"
PAUSE_HEAD = "Mã hồ sơ,Loại dừng,Dừng từ,Dừng đến,Lý do,Có văn bản kèm theo"


def pauses(*rows: str) -> bytes:
    return "\n".join([PAUSE_HEAD, *rows, ""]).encode()


def pause(dossier_id: str, day: int, end_day: int | None = None) -> str:
    end = end_day if end_day is not None else day
    return f"{dossier_id},Chờ bổ sung,{day:02d}/03/2026 08:00,{end:02d}/03/2026 17:00,Chờ giấy tờ,Có"


BAD_DOSSIER = data.ROWS["D5"].replace("Bưu chính", "Fax")
CASES = [
    # kind, stored first, the new file, (read, new, replaced, rejected)
    pytest.param(
        "dossiers",
        data.export("D1", "D2", "D3"),
        data.export("D2", "D3", "D4", "D5", replace={"D5": BAD_DOSSIER}),
        (4, 1, 2, 1),
        id="dossiers: 1 new, 2 replaced, 1 bad",
    ),
    pytest.param(
        "pauses",
        pauses(pause("D3", 9), pause("D3", 10), pause("D4", 9)),
        # D3 had two pauses (its one row replaces them), D5 and D6 had none, the last row ends
        # before it starts.
        pauses(pause("D3", 11), pause("D5", 12), pause("D6", 12), pause("D6", 13), pause("D7", 14, 12)),
        (5, 3, 1, 1),
        id="pauses: 3 new, 1 replacing a dossier's stored pauses, 1 bad",
    ),
]


def send(org, user, kind: str, content: bytes, name: str):
    return services.upload_exports(org, user, **{kind: services.ExportFile(name, content)}, now=data.AS_OF)


@pytest.mark.parametrize(("kind", "first", "second", "expected"), CASES)
def test_the_rows_read_are_new_replaced_or_rejected(org, coordinator, kind, first, second, expected):
    send(org, coordinator, kind, first, "truoc.csv")
    (up,) = send(org, coordinator, kind, second, "sau.csv").uploads
    counts = (up.rows_read, up.rows_new, up.rows_replaced, up.rows_rejected)
    assert counts == expected
    assert up.rows_read == up.rows_new + up.rows_replaced + up.rows_rejected
    assert [n for _key, n, _words in up.accounting()] == list(expected[1:])
    if kind == "pauses":  # the dossiers named keep only the file's pauses
        assert sorted(DossierPause.objects.values_list("dossier_id", flat=True)) == [
            "D3",
            "D4",
            "D5",
            "D6",
            "D6",
        ]


@pytest.mark.parametrize(("kind", "first", "second", "expected"), CASES)
def test_the_page_says_how_the_rows_add_up(client, org, coordinator, kind, first, second, expected):
    send(org, coordinator, kind, first, "truoc.csv")
    client.force_login(coordinator)
    response = client.post(UPLOAD, {kind: SimpleUploadedFile("thang-3.csv", second)})
    jobs.run_pending("worker-test")  # the upload runs in the background
    job_page = page(client.get(response.url))
    read, new, replaced, rejected = expected
    words = {
        "dossiers": (f"{new} hồ sơ mới", f"{replaced} hồ sơ đã có, thay bằng bản mới"),
        "pauses": (
            f"{new} lần dừng tính mới",
            f"{replaced} lần dừng tính thay cho dữ liệu đã có của cùng hồ sơ",
        ),
    }[kind]
    assert text(one(job_page, '//div[@id="job-message"]')) == (
        f"Đã tải lên “thang-3.csv”: đọc {read} dòng = {words[0]} + {words[1]} + {rejected} dòng bị loại."
    )
    root = page(client.get(one(job_page, '//a[@id="job-upload"]').get("href")))
    # The upload's page: the same four figures, the equation written out.
    stats = {
        s.get("id"): text(s.xpath('./span[@class="n"]')[0])
        for s in root.xpath('//section[@aria-label="Kết quả đọc tệp"]//div[contains(@class, "stat")]')
    }
    assert stats == {
        "stat-read": str(read),
        "stat-new": str(new),
        "stat-replaced": str(replaced),
        "stat-rejected": str(rejected),
    }
    assert [text(op) for op in root.xpath('//section[@aria-label="Kết quả đọc tệp"]//span[@class="op"]')] == [
        "=",
        "+",
        "+",
    ]
    assert len(one(root, '//table[@id="rejected"]').xpath("./tbody/tr")) == rejected
    # The file's size, written by the shared filter ("1 KB", "21,0 MB").
    assert f", {file_size(len(second))} · tải lên lúc" in text(one(root, '//p[@id="upload-meta"]'))
    assert DossierUpload.objects.count() == 2


@pytest.mark.parametrize(
    ("n", "shown"),
    [(0, "0"), (7, "7"), (999, "999"), (1000, "1.000"), (120000, "120.000"), (2345678, "2.345.678")],
)
def test_counts_mark_their_thousands_as_vietnamese_readers_do(n, shown):
    assert count(n) == shown


def test_a_large_upload_says_its_counts_with_thousands_marked():
    up = DossierUpload(rows_read=120000, rows_new=99985, rows_replaced=0, rows_rejected=20015)
    assert up.summary().startswith("đọc 120.000 dòng = 99.985 hồ sơ mới + 0 hồ sơ đã có")
