"""The criteria page: the province's sets, the template and a set as .xlsx, a workbook imported
(every bad row listed, nothing imported on error, replacing only a set no assessment uses), a
set copied to a new year; who may use it."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from cchc.core.scoring import read_criteria, write_criteria
from cchc.demo.scoring import demo_set
from cchc.orgs.models import Membership
from cchc.scoring import sets
from cchc.scoring.models import CriteriaSet, Item
from tests.dom import by_id, dom, find_all, text
from tests.factories import person
from tests.scoring.outputs_data import PROVINCE, YEAR, appraiser, assessment, criteria

pytestmark = pytest.mark.django_db
Role = Membership.Role
PAGE = reverse("scoring:criteria")
IMPORT = reverse("scoring:criteria_import")


def _upload(content: bytes, name: str = "bo-tieu-chi.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _workbook(year: int = YEAR, province: str = PROVINCE) -> bytes:
    return write_criteria(demo_set(province, year))


def _broken(edits: dict[tuple[int, int], object]) -> bytes:
    """The demo workbook with cells of the "Tiêu chí" sheet changed ((row, column) -> value)."""
    wb = load_workbook(io.BytesIO(_workbook()))
    ws = wb["Tiêu chí"]
    for (row, col), value in edits.items():
        ws.cell(row, col).value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_the_page_lists_the_provinces_sets(coord_client, org):
    criteria()
    criteria(year=YEAR - 1)
    sets.save_set(demo_set("Tỉnh Khác", YEAR))
    page = dom(coord_client.get(PAGE))
    rows = find_all(page, "//table[@id='criteria-sets']/tbody/tr")
    assert [r.get("data-year") for r in rows] == [str(YEAR), str(YEAR - 1)]
    assert rows[0].get("data-illustrative") == "1"
    assert by_id(page, "template-link").get("href") == reverse("scoring:criteria_template")


def test_template_and_set_download(coord_client, org):
    cset = criteria()
    response = coord_client.get(reverse("scoring:criteria_template"))
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["Thông tin", "Tiêu chí", "Hướng dẫn"]
    response = coord_client.get(reverse("scoring:criteria_xlsx", args=[cset.pk]))
    back = read_criteria(response.content)
    assert [i.code for i in back.items] == list(cset.items.order_by("order").values_list("code", flat=True))


def test_another_provinces_set_is_404(coord_client, org):
    other = sets.save_set(demo_set("Tỉnh Khác", YEAR))
    assert coord_client.get(reverse("scoring:criteria_xlsx", args=[other.pk])).status_code == 404
    assert (
        coord_client.post(reverse("scoring:criteria_copy", args=[other.pk]), {"nam": 2030}).status_code == 404
    )


def test_import_a_workbook_for_a_year(coord_client, org):
    response = coord_client.post(
        IMPORT, {"nam": YEAR, "tep": _upload(_workbook(province="Tỉnh Ghi Trong Tệp"))}, follow=True
    )
    cset = CriteriaSet.objects.get(year=YEAR)
    assert cset.province == PROVINCE  # the department's, not the file's
    assert cset.items.count() == len(demo_set(PROVINCE, YEAR).items)
    assert "Đã nhập" in text(dom(response).find(".//ul[@class='messages']"))


def test_a_different_year_in_the_file_is_pointed_out(coord_client, org):
    response = coord_client.post(IMPORT, {"nam": YEAR + 1, "tep": _upload(_workbook())}, follow=True)
    assert CriteriaSet.objects.get().year == YEAR + 1
    assert f"tệp ghi năm {YEAR}, đã nhập cho năm {YEAR + 1}" in text(
        dom(response).find(".//ul[@class='messages']")
    )


# Each kind of bad row, listed with its row and column; nothing imported.
BAD = [
    ({(2, 1): None}, 2, "Mã"),  # a required code missing
    ({(3, 2): "Cấp lạ"}, 3, "Cấp"),  # an unknown level
    ({(4, 5): "nhiều"}, 4, "Điểm tối đa"),  # not a number
    ({(5, 6): "bậc: một trăm"}, 5, "Cách chấm"),  # a rule that does not read
    ({(6, 7): "khong.co"}, 6, "Nguồn số liệu"),  # an unknown source
    ({(7, 1): "1.1.1"}, 7, "Mã"),  # a duplicate code
    ({(8, 4): "=A1"}, 8, "Nội dung"),  # a formula
]


@pytest.mark.parametrize(("edits", "row", "column"), BAD)
def test_every_bad_row_is_listed_and_nothing_imported(coord_client, org, edits, row, column):
    response = coord_client.post(IMPORT, {"nam": YEAR, "tep": _upload(_broken(edits))})
    assert response.status_code == 400
    page = dom(response)
    listed = [[text(td) for td in tr] for tr in find_all(page, "//table[@id='problems']/tbody/tr")]
    assert any(r[1] == str(row) and r[2] == column for r in listed), listed
    assert not CriteriaSet.objects.exists() and not Item.objects.exists()


def test_two_bad_rows_both_listed(coord_client, org):
    response = coord_client.post(IMPORT, {"nam": YEAR, "tep": _upload(_broken({(3, 5): "x", (9, 5): "y"}))})
    rows = {text(tr.findall("td")[1]) for tr in find_all(dom(response), "//table[@id='problems']/tbody/tr")}
    assert {"3", "9"} <= rows


@pytest.mark.parametrize("content", [b"not a workbook", b""])
def test_not_a_workbook(coord_client, org, content):
    response = coord_client.post(IMPORT, {"nam": YEAR, "tep": _upload(content)})
    assert response.status_code == 400
    assert by_id(dom(response), "import-errors") is not None or find_all(
        dom(response), "//p[@class='field-error']"
    )
    assert not CriteriaSet.objects.exists()


def test_replace_only_when_asked_and_never_a_set_in_use(coord_client, org):
    before = criteria()
    response = coord_client.post(IMPORT, {"nam": YEAR, "tep": _upload(_workbook())})
    assert response.status_code == 400
    assert "chọn thay thế" in text(by_id(dom(response), "import-errors"))
    response = coord_client.post(IMPORT, {"nam": YEAR, "tep": _upload(_workbook()), "thay_the": "on"})
    assert response.status_code == 302
    replaced = CriteriaSet.objects.get()
    assert replaced.pk != before.pk
    assessment(org)  # now in use
    response = coord_client.post(IMPORT, {"nam": YEAR, "tep": _upload(_workbook()), "thay_the": "on"})
    assert response.status_code == 400
    assert "đã được dùng để tự đánh giá" in text(by_id(dom(response), "import-errors"))
    assert CriteriaSet.objects.get().pk == replaced.pk


def test_copy_last_years_set(coord_client, org):
    source = criteria()
    response = coord_client.post(
        reverse("scoring:criteria_copy", args=[source.pk]), {"nam": YEAR + 1}, follow=True
    )
    copy = CriteriaSet.objects.get(year=YEAR + 1)
    assert list(copy.items.values_list("code", "maximum")) == list(
        source.items.values_list("code", "maximum")
    )
    assert "Đã sao chép" in text(dom(response).find(".//ul[@class='messages']"))
    response = coord_client.post(
        reverse("scoring:criteria_copy", args=[source.pk]), {"nam": YEAR + 1}, follow=True
    )
    assert "Đã có bộ tiêu chí" in text(dom(response).find(".//ul[@class='messages']"))
    assert CriteriaSet.objects.count() == 2


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.LEADER, 200),
        (Role.COORDINATOR, 200),
        (Role.OBSERVER, 403),
        (Role.UNIT_HEAD, 403),
        ("appraiser", 403),
    ],
)
def test_who_manages_the_sets(client, org, role, status):
    user = (
        appraiser() if role == "appraiser" else person(org, role, "TTRA" if role == Role.UNIT_HEAD else None)
    )
    client.force_login(user)
    assert client.get(PAGE).status_code == status
    assert client.post(IMPORT, {"nam": YEAR, "tep": _upload(_workbook())}).status_code in (status, 302)
    assert CriteriaSet.objects.exists() == (status == 200)
