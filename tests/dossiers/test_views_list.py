"""The dossier list: its pager keeps the filters (the next page shows the next rows of the same
filtered list, as a person clicking "Trang sau ›" reaches it), its times and words Vietnamese, its
table inside a horizontal-scroll wrapper so a phone's page does not overflow."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from tests.dossiers import data
from tests.dossiers.conftest import upload
from tests.dossiers.page import has_class, header, one, page, table_rows, texts

pytestmark = pytest.mark.django_db

LIST = "/ho-so/danh-sach/"
FILTERS = {"don_vi": data.QLTM, "theo": "nhan", "tu_thang": "2026-03", "den_thang": "2026-03"}


@pytest.fixture
def many(org, coordinator):
    """120 dossiers received in March 2026, half of them Phòng Quản lý Thương mại's (60: two pages)."""
    rows = {}
    for i in range(120):
        row = data.ROWS["D1"].replace("D1,", f"X{i:03d},", 1)
        rows[f"X{i:03d}"] = row if i % 2 == 0 else row.replace(data.QLTM, data.QLCN)
    content = ("\n".join([data.HEADER, *rows.values()]) + "\n").encode()
    return upload(org, coordinator, content)


def follow(client, url: str, root, label: str):
    """Click the pager's link ``label`` as a browser does (its href resolved against the page)."""
    link = one(root, f'//nav[@class="pager"]/a[contains(normalize-space(.), "{label}")]')
    target = urljoin(url, link.get("href"))
    return target, page(client.get(target))


def test_the_pager_keeps_the_filters(client, coordinator, many):
    client.force_login(coordinator)
    first_url = LIST + "?" + "&".join(f"{k}={v}" for k, v in FILTERS.items())
    first = page(client.get(first_url))
    ids_1 = [r[0] for r in table_rows(first, "dossiers")]
    assert len(ids_1) == 50 and all(r[2] == data.QLTM for r in table_rows(first, "dossiers"))
    assert texts(first, '//nav[@class="pager"]/span')[0].startswith("Trang 1/2 · 60 dòng")

    second_url, second = follow(client, "http://testserver" + first_url, first, "Trang sau")
    rows_2 = table_rows(second, "dossiers")
    assert len(rows_2) == 10 and {r[2] for r in rows_2} == {data.QLTM}
    assert not {r[0] for r in rows_2} & set(ids_1)
    assert texts(second, '//nav[@class="pager"]/span')[0].startswith("Trang 2/2 · 60 dòng")
    assert f"Đơn vị: {data.QLTM}" in texts(second, '//ul[contains(@class, "filters-in-words")]/li')

    _back_url, back = follow(client, second_url, second, "Trang trước")
    assert [r[0] for r in table_rows(back, "dossiers")] == ids_1


def test_the_list_in_vietnamese_and_inside_a_scroll_wrapper(client, coordinator, loaded):
    client.force_login(coordinator)
    root = page(client.get(LIST, {"can_bo": "Bình"}))
    table = one(root, '//table[@id="dossiers"]')
    assert has_class(table.getparent(), "scroll")
    assert header(root, "dossiers") == [
        "Mã hồ sơ", "Thủ tục", "Đơn vị", "Cán bộ", "Hình thức", "Nộp lúc", "Hạn trả", "Xong lúc", "Kết quả",
        "Vi phạm",
    ]  # fmt: skip
    d4 = next(r for r in table_rows(root, "dossiers") if r[0] == "D4")
    assert d4[5:9] == ["08:00 05/03/2026", "17:00 20/03/2026", "10:00 02/04/2026", "trễ hạn"]


@pytest.mark.parametrize(
    ("path", "table_id"),
    [
        ("/ho-so/", "by-month"),
        ("/ho-so/", "by-unit"),
        ("/ho-so/", "breaches"),
        ("/ho-so/can-bo/", "officers"),
        ("/ho-so/tai-len/", "uploads"),
    ],
)
def test_every_table_scrolls_inside_its_wrapper(client, coordinator, loaded, path, table_id):
    client.force_login(coordinator)
    table = one(page(client.get(path)), f'//table[@id="{table_id}"]')
    assert has_class(table.getparent(), "scroll")
