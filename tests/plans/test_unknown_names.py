"""One count of the unit names to decide (issue 8, defect 16): the preview said 6 in one
place and 8 in another (distinct names in the summary, lead-cell occurrences at the confirm
button). Now every place counts distinct written names (compared without case and accents),
and the screen says so."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cchc.plans import drafting, services
from cchc.tracking import confirming
from tests.dom import by_id, dom, find, text
from tests.factories import make_draft, parsed_plan, task

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(org, coordinator):
    rows = [
        # One unknown name written three times (once in capitals) as lead, and one unknown
        # name twice as coordinator: 2 names to decide, 1 of them in a lead cell.
        task("1", "Nhiệm vụ một.", lead=["Tổ công tác đặc biệt"], coord=["Ban chỉ đạo 389"]),
        task("2", "Nhiệm vụ hai.", lead=["Tổ công tác đặc biệt"], coord=["Ban chỉ đạo 389"]),
        task("3", "Nhiệm vụ ba.", lead=["TỔ CÔNG TÁC ĐẶC BIỆT"]),
        task("4", "Nhiệm vụ bốn.", lead=["Văn phòng Sở"]),
    ]
    return make_draft(org, coordinator, parsed_plan(rows))


@pytest.mark.parametrize(
    ("role", "names"),
    [(None, ["Ban chỉ đạo 389", "Tổ công tác đặc biệt"]), ("lead", ["Tổ công tác đặc biệt"])],
)
def test_problem_names_are_distinct_written_names(draft, role, names):
    assert drafting.problem_names(draft.parsed, role) == names


def test_every_place_of_the_preview_gives_the_same_count(coord_client, draft):
    page = dom(coord_client.get(reverse("plans:import_preview", args=[draft.pk])))
    assert text(by_id(page, "unknown-count")) == "2 tên đơn vị cần xác định"
    units = by_id(page, "units")
    assert text(find(units, ".//h2")) == "Đơn vị cần xác định (2)"
    assert "Mỗi cách viết tên đơn vị được đếm một lần" in text(by_id(page, "unknown-definition"))
    rows = {text(find(tr, "./td[1]")): text(find(tr, "./td[3]")) for tr in units.xpath("./table/tbody/tr")}
    assert rows == {"“Ban chỉ đạo 389”": "2", "“Tổ công tác đặc biệt” chủ trì": "3"}  # rows per name
    assert text(by_id(page, "confirm-unknown")) == (
        "Còn 1 tên đơn vị chủ trì chưa xác định: hãy chọn đơn vị trước khi xác nhận."
    )


def test_the_refusal_counts_the_same_way(draft, coordinator):
    with pytest.raises(services.ImportRefused) as refused:
        confirming.confirm_import(draft, coordinator, draft.version)
    assert refused.value.message.startswith("Còn 1 tên đơn vị chủ trì chưa xác định: “Tổ công tác đặc biệt”.")
