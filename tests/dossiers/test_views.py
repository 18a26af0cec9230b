"""The dossier screens: who sees what, the figures, every figure a link to exactly its dossiers,
the upload page with its messages, the workbook."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.dossiers import jobs
from cchc.dossiers.models import Dossier, DossierUpload
from tests.dom import by_id, dom, find, has_class, links, text
from tests.dossiers import data
from tests.factories import make_org, make_user

pytestmark = pytest.mark.django_db

HOME, OFFICERS, LIST, UPLOAD = "/ho-so/", "/ho-so/can-bo/", "/ho-so/danh-sach/", "/ho-so/tai-len/"


def login(client, user):
    client.force_login(user)
    return client


def listed_ids(html: str) -> list[str]:
    return re.findall(r'<tr id="d-\d+"[^>]*>\s*<td class="nowrap">([^<]+)</td>', html)


def cell_link(html: str, table_id: str, key: str, column: str) -> tuple[str, str]:
    """(text, href) of the figure in row ``key`` (data-key) and column ``column`` of a table."""
    table = re.search(rf'<table class="grid indicators" id="{table_id}">(.*?)</table>', html, re.S).group(1)
    row = re.search(rf'<tr data-key="{re.escape(key)}">(.*?)</tr>', table, re.S).group(1)
    m = re.search(rf'<td class="num c-{column}"><a (?:class="few" )?href="([^"]+)"[^>]*>([^<]+)</a>', row)
    return m.group(2), unescape(m.group(1))


def test_needs_login(client):
    response = client.get(HOME)
    assert response.status_code == 302 and "/dang-nhap/" in response.url


@pytest.mark.parametrize("who", ["coordinator", "leader", "observer"])
def test_department_wide_roles_see_every_unit(client, who, request, loaded):
    html = login(client, request.getfixturevalue(who)).get(HOME).content.decode()
    assert "Chỉ số giải quyết hồ sơ TTHC" in html
    doc = dom(html)
    assert text(find(by_id(doc, "stat-received"), f"./span[{has_class('n')}]/a")) == "8"
    assert by_id(doc, "by-unit") is not None and data.QLCN in html and data.QLTM in html
    assert "<svg" in html  # the charts, drawn on the server


def test_the_month_table_figures_and_their_links(client, coordinator, loaded):
    html = login(client, coordinator).get(HOME).content.decode()
    assert cell_link(html, "by-month", "2026-03", "received")[0] == "5"
    assert cell_link(html, "by-month", "2026-03", "on_time_rate")[0] == "75,0 %"
    assert cell_link(html, "by-month", "2026-04", "overdue")[0] == "1"
    # Every figure opens exactly the dossiers behind it.
    for key, column, expected in [
        ("2026-03", "received", {"D1", "D2", "D3", "D4", "D5"}),
        ("2026-03", "late", {"D3"}),
        ("2026-04", "late", {"D4"}),
        ("2026-03", "on_time_rate", {"D1", "D2", "D5"}),
        ("2026-03", "online_full_share", {"D1", "D2"}),
        ("2026-03", "paid_online_share", {"D1"}),
        ("2026-03", "postal_share", {"D5"}),
        ("2026-04", "overdue", {"D6"}),
    ]:
        _text, href = cell_link(html, "by-month", key, column)
        assert set(listed_ids(client.get(href).content.decode())) == expected, (key, column)


def test_the_unit_table_links_to_the_units_dossiers(client, coordinator, loaded):
    html = login(client, coordinator).get(HOME).content.decode()
    text, href = cell_link(html, "by-unit", data.QLCN, "received")
    assert text == "3"
    assert set(listed_ids(client.get(href).content.decode())) == {"D5", "D6", "D7"}


def test_the_filters_narrow_the_figures(client, coordinator, loaded):
    html = login(client, coordinator).get(HOME, {"tu_thang": "2026-04", "don_vi": data.QLTM}).content.decode()
    # April, QLTM: received D8; finished D4 (late) and D8 (early).
    assert re.search(r'id="stat-received"><span class="n"><a [^>]+>1</a>', html)
    assert re.search(r'id="stat-finished"><span class="n"><a [^>]+>2</a>', html)
    _text, href = cell_link(html, "by-month", "2026-04", "late")
    assert set(listed_ids(client.get(href).content.decode())) == {"D4"}


def test_a_wrong_filter_is_a_400_with_a_message(client, coordinator, loaded):
    response = login(client, coordinator).get(HOME, {"tu_thang": "2026-04", "den_thang": "2026-03"})
    assert response.status_code == 400
    assert "“Từ tháng” phải trước hoặc bằng “Đến tháng”" in response.content.decode()


def test_breaches_table_counts_and_links(client, coordinator, loaded):
    html = login(client, coordinator).get(HOME).content.decode()
    row = re.search(
        r'<tr id="breach-acceptance_8h"><td>([^<]+)</td><td class="num"><a href="([^"]+)">(\d+)', html
    )
    assert row.group(1) == "Tiếp nhận hồ sơ trực tuyến quá 8 giờ làm việc" and row.group(3) == "1"
    listing = client.get(unescape(row.group(2))).content.decode()
    assert listed_ids(listing) == ["D4"]
    assert "Tiếp nhận hồ sơ trực tuyến quá 8 giờ làm việc" in listing


def test_officer_table_marks_the_not_eligible_and_links_to_their_late_dossiers(client, coordinator, loaded):
    html = login(client, coordinator).get(OFFICERS).content.decode()
    rows = re.findall(r'<tr data-officer="([^"]+)" data-month="([^"]+)"( class="not-eligible")?>', html)
    assert rows == [  # by name (folded: "Bình" as "binh")
        ("An", "2026-03", ' class="not-eligible"'),
        ("Bình", "2026-04", ' class="not-eligible"'),
        ("Chi", "2026-03", ""),
    ]
    an = re.search(r'data-officer="An".*?<td class="num c-late"><a href="([^"]+)">1</a>.*?33,3 %', html, re.S)
    listing = client.get(unescape(an.group(1))).content.decode()
    assert listed_ids(listing) == ["D3"]
    assert "Cán bộ: An" in listing and "trễ hạn" in listing


def test_the_dossier_list_shows_times_outcomes_and_breaches_in_vietnamese(client, coordinator, loaded):
    html = login(client, coordinator).get(LIST, {"can_bo": "Bình"}).content.decode()
    assert set(listed_ids(html)) == {"D4", "D8"}
    d4 = re.search(r'<tr id="d-\d+" data-outcome="late" data-officer="Bình">(.*?)</tr>', html, re.S).group(1)
    assert "08:00 05/03/2026" in d4 and "10:00 02/04/2026" in d4 and "17:00 20/03/2026" in d4
    assert "trễ hạn" in d4 and "Trực tuyến một phần" in d4
    assert "sớm hạn" in html and "Yêu cầu bổ sung hồ sơ quá 01 lần" in html


def test_the_dossier_list_is_paginated(client, coordinator, loaded, monkeypatch):
    monkeypatch.setattr("cchc.dossiers.selectors.PAGE_SIZE", 3)
    c = login(client, coordinator)
    first, last = c.get(LIST).content.decode(), c.get(LIST, {"trang": 3}).content.decode()
    assert len(listed_ids(first)) == 3 and len(listed_ids(last)) == 2
    assert "Trang 1/3 · 8 dòng" in first


def test_unit_people_see_only_their_units_dossiers(client, head_qlcn, loaded):
    c = login(client, head_qlcn)
    html = c.get(HOME).content.decode()
    assert re.search(r'id="stat-received"><span class="n"><a [^>]+>3</a>', html)
    assert 'id="by-unit"' not in html and "Tải bảng tính Excel" not in html
    assert set(listed_ids(c.get(LIST).content.decode())) == {"D5", "D6", "D7"}
    # Asking for another unit's dossiers in the address shows none of them.
    assert listed_ids(c.get(LIST, {"don_vi": data.QLTM}).content.decode()) == []
    officers = c.get(OFFICERS).content.decode()
    assert 'data-officer="Chi"' in officers and 'data-officer="An"' not in officers
    assert c.get("/ho-so/xuat-excel/").status_code == 403


def test_people_of_another_department_see_nothing_of_it(client, loaded):
    other = make_org("sct-khac", "Sở Công Thương tỉnh Khác")
    c = login(client, make_user(other, "coordinator", "vp-khac", unit_code="VP"))
    assert listed_ids(c.get(LIST).content.decode()) == []
    assert "Chưa có hồ sơ nào" in c.get(HOME).content.decode()


@pytest.mark.parametrize("who", ["leader", "observer", "head_qlcn", "staff_qltm"])
def test_only_the_office_uploads(client, who, request):
    c = login(client, request.getfixturevalue(who))
    assert c.get(UPLOAD).status_code == 403
    response = c.post(UPLOAD, {"dossiers": SimpleUploadedFile("a.csv", data.export("D1"))})
    assert response.status_code == 403 and not Dossier.objects.exists()
    assert c.post("/ho-so/phan-tich-lai/").status_code == 403


def test_upload_through_the_page_shows_the_counts_and_rejected_rows(client, coordinator):
    c = login(client, coordinator)
    assert "Tải lên tệp xuất hồ sơ TTHC" in c.get(UPLOAD).content.decode()
    bad_d2 = data.ROWS["D2"].replace("Trực tuyến toàn trình", "Fax")
    response = c.post(
        UPLOAD,
        {"dossiers": SimpleUploadedFile("thang-3.csv", data.export("D1", "D2", replace={"D2": bad_d2}))},
    )
    assert response.status_code == 302
    jobs.run_pending("worker-test")  # the upload runs in the background
    said = "đọc 2 dòng = 1 hồ sơ mới + 0 hồ sơ đã có, thay bằng bản mới + 1 dòng bị loại."
    assert f"Đã tải lên “thang-3.csv”: {said}" in c.get(response.url).content.decode()
    page = c.get(f"/ho-so/tai-len/{DossierUpload.objects.get().pk}/").content.decode()
    rejected = re.search(r'<table class="grid rejected" id="rejected">(.*?)</table>', page, re.S).group(1)
    assert "D2" in rejected and "Fax" in rejected
    assert Dossier.objects.count() == 1
    # The indicator page now has figures.
    assert re.search(r'id="stat-received"><span class="n"><a [^>]+>1</a>', c.get(HOME).content.decode())


def test_a_file_that_cannot_be_read_is_refused_on_the_page_and_nothing_is_written(
    client, coordinator, loaded
):
    c = login(client, coordinator)
    response = c.post(UPLOAD, {"dossiers": SimpleUploadedFile("sai.csv", "Mã hồ sơ,Ghi chú\nX,1\n".encode())})
    assert response.status_code == 302
    jobs.run_pending("worker-test")  # read in the background: the job says why it failed
    html = c.get(response.url).content.decode()
    assert "Không tìm thấy dòng tiêu đề" in html and "sai.csv" in html
    assert Dossier.objects.count() == 8 and DossierUpload.objects.count() == 1


def test_upload_without_a_file_says_what_to_do(client, coordinator):
    response = login(client, coordinator).post(UPLOAD, {})
    assert response.status_code == 400
    assert "Hãy chọn tệp hồ sơ" in response.content.decode()


def test_the_workbook_of_the_latest_analysis(client, observer, loaded):
    response = login(client, observer).get("/ho-so/xuat-excel/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="phan-tich-ho-so-20260415-1000.xlsx"'
    )
    assert b"".join(response.streaming_content)[:2] == b"PK"


def test_no_workbook_before_any_analysis(client, observer):
    assert login(client, observer).get("/ho-so/xuat-excel/").status_code == 404


def test_reanalyze_button(client, coordinator, loaded):
    response = login(client, coordinator).post("/ho-so/phan-tich-lai/")
    assert response.status_code == 302 and response.url.startswith("/ho-so/tai-len/viec/")
    assert Dossier.objects.get(dossier_id="D7").outcome == "open"  # queued, not yet run
    assert jobs.run_pending("worker-test") == 1
    # Today is after every due date of the data: D7 is overdue now.
    assert Dossier.objects.get(dossier_id="D7").outcome == "overdue"
    html = client.get(response.url).content.decode()
    assert "Phân tích lại toàn bộ hồ sơ" in html and "Đã phân tích lại 8 hồ sơ tính đến" in html


def test_the_menu_has_the_dossier_link(client, staff_qltm):
    html = login(client, staff_qltm).get("/ke-hoach/").content.decode()
    assert links(dom(html)).get("Hồ sơ TTHC") == "/ho-so/"
