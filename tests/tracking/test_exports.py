"""The plan's appendix as .xlsx (/ke-hoach/<id>/xuat-excel/): opened with openpyxl and
checked cell by cell."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from cchc.tracking import exports, reports
from cchc.tracking.models import ObligationStatus as S
from tests.tracking.screens import *  # noqa: F403
from tests.tracking.screens import login, make_obligation, make_task

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"
HEADER_ROW = 5


@pytest.fixture
def filled(plan, task1, task2, head, coordinator, today):
    """Task 1 (section II) accepted with evidence; task 2 (section I) overdue and extended;
    a group row with a sub-task."""
    task2.section, task2.section_title, task2.order = "I", "CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH", 0
    task2.save()
    group = make_task(
        plan,
        5,
        "Công khai thủ tục hành chính",
        lead=[],
        is_group=True,
        number="3",
        section="II",
        section_title="CẢI CÁCH THỦ TỤC HÀNH CHÍNH",
        schedule_text="",
        product="",
    )
    sub = make_task(
        plan,
        6,
        "Niêm yết TTHC tại Bộ phận Một cửa.",
        lead=["MC"],
        number="3.1",
        section="II",
        section_title="CẢI CÁCH THỦ TỤC HÀNH CHÍNH",
        schedule_text="Quý IV",
    )
    ob1 = make_obligation(task1, "QLTM", today + timedelta(days=20))
    report = reports.submit_report(
        ob1,
        head,
        narrative="Đã công bố 35 TTHC lĩnh vực thương mại.",
        progress=100,
        evidence=[
            reports.EvidenceInput(
                "125/QĐ-SCT",
                today - timedelta(days=3),
                "Quyết định công bố",
                SimpleUploadedFile("qd.pdf", PDF),
            ),
            reports.EvidenceInput(
                "7/TB-SCT", today - timedelta(days=2), "Thông báo niêm yết", url="https://vanban.example.vn/7"
            ),
        ],
    )
    reports.review_report(report, coordinator, accept=True, expected_version=report.version)
    make_obligation(task2, "TTRA", today - timedelta(days=10), status=S.OVERDUE, key="q3", label="Quý III")
    make_obligation(
        task2,
        "TTRA",
        today + timedelta(days=5),
        current_due=today + timedelta(days=25),
        status=S.EXTENDED,
        key="q4",
        label="Quý IV",
    )
    make_obligation(sub, "MC", today + timedelta(days=40))
    return {"group": group, "sub": sub, "ob1": ob1}


def cells(ws) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_download_opens_as_a_workbook(client, coordinator, plan, filled, today):
    response = login(client, coordinator).get(reverse("tracking:plan_export", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="ket-qua-thuc-hien-15-kh-sct.xlsx"'
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb["Phụ lục"]
    assert ws["A1"].value == "KẾT QUẢ THỰC HIỆN KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH"
    assert ws["A2"].value == (
        f"(Kèm theo Kế hoạch số 15/KH-SCT ngày {plan.issued_on:%d/%m/%Y} của Sở Công Thương)"
    )
    assert f"số liệu tính đến ngày {today:%d/%m/%Y}" in ws["A3"].value
    assert f"{plan.period_start:%d/%m/%Y} – {plan.period_end:%d/%m/%Y}" in ws["A3"].value
    header = [c.value for c in ws[HEADER_ROW]]
    assert header == [
        "TT",
        "Nhiệm vụ",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Thời gian",
        "Kết quả/sản phẩm",
        "Kết quả thực hiện",
        "Trạng thái",
    ]


def test_sections_are_merged_title_rows_in_plan_order(plan, filled):
    ws = load_workbook(io.BytesIO(exports.plan_workbook_bytes(plan))).active
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:H1", "A2:H2", "A3:H3"} <= merged
    rows = cells(ws)
    assert rows[HEADER_ROW][0] == "I CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH"
    assert f"A{HEADER_ROW + 1}:H{HEADER_ROW + 1}" in merged
    assert rows[HEADER_ROW + 1][:2] == ["2", "Kiểm tra công tác CCHC tại các đơn vị."]
    assert rows[HEADER_ROW + 2][0] == "II CẢI CÁCH THỦ TỤC HÀNH CHÍNH"
    assert f"A{HEADER_ROW + 3}:H{HEADER_ROW + 3}" in merged
    numbers = [r[0] for r in rows[HEADER_ROW + 3 :]]
    assert numbers == ["1", "3", "3.1"]


def test_task_row_has_plan_columns_results_and_statuses(plan, filled, today):
    ws = load_workbook(io.BytesIO(exports.plan_workbook_bytes(plan))).active
    rows = {r[0]: r for r in cells(ws)[HEADER_ROW:] if r[1]}
    _tt, task, lead, coord, when, product, result, status = rows["1"]
    assert task == "Rà soát, công bố thủ tục hành chính thuộc lĩnh vực thương mại."
    assert lead == "Phòng Quản lý Thương mại" and coord == "Thanh tra Sở"
    assert when == "Trước ngày 30/06"
    assert product == "Tỷ lệ hồ sơ giải quyết đúng hạn đạt từ 90%"
    assert "Đã công bố 35 TTHC lĩnh vực thương mại." in result
    d1, d2 = today - timedelta(days=3), today - timedelta(days=2)
    assert result.endswith(
        f"\nVăn bản: 125/QĐ-SCT, ngày {d1:%d/%m/%Y}, Quyết định công bố; "
        f"7/TB-SCT, ngày {d2:%d/%m/%Y}, Thông báo niêm yết"
    )
    ob1 = filled["ob1"]
    assert status == (
        f"Phòng Quản lý Thương mại – {ob1.period_label}: Hoàn thành sớm hạn "
        f"(hạn {ob1.due_date:%d/%m/%Y}, xong {d2:%d/%m/%Y})"
    )
    _tt, _task, lead2, _c, _w, _p, result2, status2 = rows["2"]
    assert lead2 == "Thanh tra Sở" and result2 is None  # nothing accepted yet: an empty cell
    assert status2 == "2 kỳ: 1 quá hạn, 1 gia hạn"  # two periods: a summary (each on the detail sheet)
    group = rows["3"]
    assert group[1] == "Công khai thủ tục hành chính" and group[6] is None and group[7] is None
    assert rows["3.1"][7].startswith("Bộ phận Một cửa – ")


def test_export_is_for_the_department_wide_roles(client, head, observer, leader, plan, filled):
    url = reverse("tracking:plan_export", args=[plan.pk])
    assert login(client, head).get(url).status_code == 403
    for user in (observer, leader):
        client.force_login(user)
        assert client.get(url).status_code == 200


def test_another_departments_plan_is_404(client, coordinator, today):
    from tests.factories import make_org
    from tests.tracking.screens import make_plan

    other = make_plan(make_org("sct-khac", "Sở khác"), today, number="9/KH")
    assert login(client, coordinator).get(reverse("tracking:plan_export", args=[other.pk])).status_code == 404


def test_export_query_count_does_not_grow_with_tasks(plan, today, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    tasks = [make_task(plan, i, f"Nhiệm vụ {i}", lead=["QLTM"]) for i in range(1, 31)]
    make_obligation(tasks[0], "QLTM", today)
    with CaptureQueriesContext(connection) as ctx:
        exports.plan_workbook_bytes(plan)
    small = len(ctx.captured_queries)
    for t in tasks[1:]:
        make_obligation(t, "QLTM", today)
    with django_assert_max_num_queries(small):
        exports.plan_workbook_bytes(plan)
