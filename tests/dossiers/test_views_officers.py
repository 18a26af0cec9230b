"""The officer table: sorted by the name as written (family name first, folded so that "Đỗ" sorts
with "Do"), with each officer's unit, sortable by unit and by the late ratio; the sort links keep
the filters."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.dossiers import data
from tests.dossiers.conftest import upload
from tests.dossiers.page import has_class, header, one, page, table_rows

pytestmark = pytest.mark.django_db

OFFICERS = "/ho-so/can-bo/"
NAMES = {"An": "Đỗ Văn Hùng", "Bình": "Vũ Thị Hạnh", "Chi": "Dương Thu Hà"}
HUNG = ["Đỗ Văn Hùng", data.QLTM, "03/2026", "3", "1", "33,3 %", "Không"]
HA = ["Dương Thu Hà", data.QLCN, "03/2026", "1", "0", "0,0 %", "Có"]
HANH = ["Vũ Thị Hạnh", data.QLTM, "04/2026", "2", "1", "50,0 %", "Không"]


def renamed(**extra: str) -> bytes:
    """The hand-made export with Vietnamese full names, family name first."""
    rows = {}
    for key, row in data.ROWS.items():
        cells = row.split(",")
        cells[3] = extra.get(key, NAMES[cells[3]])
        rows[key] = ",".join(cells)
    return data.export(*data.ALL, replace=rows)


@pytest.fixture
def officers_loaded(org, coordinator):
    return upload(org, coordinator, renamed())


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        (None, [HUNG, HA, HANH]),  # by name: "do van hung" < "duong thu ha" < "vu thi hanh"
        ("ten", [HUNG, HA, HANH]),
        ("don_vi", [HA, HUNG, HANH]),  # Công nghiệp before Thương mại
        ("-ty_le_tre", [HANH, HUNG, HA]),
        ("ty_le_tre", [HA, HUNG, HANH]),
        ("khong-co", [HUNG, HA, HANH]),  # an unknown order: by name
    ],
)
def test_officer_table_orders(client, coordinator, officers_loaded, order, expected):
    client.force_login(coordinator)
    root = page(client.get(OFFICERS, {"sap_xep": order} if order else {}))
    assert header(root, "officers") == [
        "Cán bộ ▲" if order in (None, "ten", "khong-co") else "Cán bộ",
        "Đơn vị ▲" if order == "don_vi" else "Đơn vị",
        "Tháng",
        "Đã giải quyết xong",
        "Trễ hạn",
        {"-ty_le_tre": "Tỷ lệ trễ hạn ▼", "ty_le_tre": "Tỷ lệ trễ hạn ▲"}.get(order, "Tỷ lệ trễ hạn"),
        "Đủ điều kiện “hoàn thành tốt nhiệm vụ”",
    ]
    assert table_rows(root, "officers") == expected
    not_eligible = [
        has_class(tr, "not-eligible") for tr in one(root, '//table[@id="officers"]').xpath(".//tbody/tr")
    ]
    assert not_eligible == [row[-1] == "Không" for row in expected]


@pytest.mark.parametrize(
    ("order", "ratio_sort", "ratio_link"),
    [
        ("ten", "none", "-ty_le_tre"),
        ("-ty_le_tre", "descending", "ty_le_tre"),
        ("ty_le_tre", "ascending", "-ty_le_tre"),
    ],
)
def test_sort_links_keep_the_filters(client, coordinator, officers_loaded, order, ratio_sort, ratio_link):
    client.force_login(coordinator)
    root = page(
        client.get(
            OFFICERS, {"tu_thang": "2026-03", "den_thang": "2026-03", "don_vi": data.QLTM, "sap_xep": order}
        )
    )
    assert table_rows(root, "officers") == [HUNG]
    th = one(root, '//table[@id="officers"]/thead/tr/th[6]')
    assert th.get("aria-sort") == ratio_sort
    query = parse_qs(urlsplit(one(th, "./a").get("href")).query)
    march = ["2026-03"]
    assert query == {"tu_thang": march, "den_thang": march, "don_vi": [data.QLTM], "sap_xep": [ratio_link]}
    name_link = one(root, '//table[@id="officers"]/thead/tr/th[1]/a').get("href")
    assert parse_qs(urlsplit(name_link).query)["tu_thang"] == ["2026-03"]


def test_an_officer_working_for_two_units_in_a_month_shows_both(client, org, coordinator):
    upload(org, coordinator, renamed(D5="Đỗ Văn Hùng"))
    client.force_login(coordinator)
    rows = table_rows(page(client.get(OFFICERS)), "officers")
    assert rows[0][:4] == ["Đỗ Văn Hùng", f"{data.QLCN}, {data.QLTM}", "03/2026", "4"]
