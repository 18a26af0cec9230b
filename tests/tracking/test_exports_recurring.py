"""The appendix of a plan with recurring tasks (defect 10 of issue 8: one cell held 26,952
characters on 307 lines): one summary per task on "Phụ lục", one row per period on "Chi
tiết theo kỳ"; real dates, text never a formula, printable on A4 landscape. Each workbook
is read back with openpyxl."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from cchc.orgs.models import Unit
from cchc.plans.models import TaskUnit
from cchc.tracking import exports
from cchc.tracking.models import Evidence, Report
from cchc.tracking.models import ObligationStatus as S
from tests.tracking.screens import *  # noqa: F403
from tests.tracking.screens import make_obligation, make_task
from tests.xlsx_text import HOSTILE, assert_text, cells_holding

pytestmark = pytest.mark.django_db

HEADER_ROW = exports.HEADER_ROW
SANE_CELL = 5_000  # characters: a cell a person can still read (and print)


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], ""),
        ([S.NOT_DUE], "1 kỳ: 1 chưa đến hạn"),
        (
            [S.DONE_EARLY] * 5 + [S.DONE_ON_TIME] * 2 + [S.DONE_LATE] * 2 + [S.OVERDUE] + [S.NOT_DUE] * 2,
            "12 kỳ: 9 hoàn thành (7 sớm hạn/đúng hạn, 2 trễ hạn), 1 quá hạn, 2 chưa đến hạn",
        ),
        ([S.DONE_LATE, S.DONE_LATE], "2 kỳ: 2 hoàn thành (2 trễ hạn)"),
        (
            [S.DONE_EARLY, S.EXTENDED, S.IN_PROGRESS],
            "3 kỳ: 1 hoàn thành (1 sớm hạn/đúng hạn), 1 gia hạn, 1 đang thực hiện",
        ),
        ([S.OVERDUE, S.OVERDUE, S.NOT_DUE], "3 kỳ: 2 quá hạn, 1 chưa đến hạn"),
        (["not_tracked", S.NOT_DUE], "2 kỳ: 1 chưa đến hạn, 1 không theo dõi"),
        (["mystery", S.NOT_DUE], "2 kỳ: 1 chưa đến hạn, 1 mystery"),  # a status added later
    ],
)
def test_status_summary(statuses, expected):
    assert exports.status_summary(statuses) == expected


def _accepted(ob, user, narrative: str, docs: list[tuple[str, date, str]]) -> Report:
    """An accepted report written straight to the tables (the export only reads them)."""
    now = timezone.now()
    report = Report.objects.create(
        obligation=ob,
        unit=ob.unit,
        narrative=narrative,
        progress=100,
        state=Report.State.ACCEPTED,
        created_by=user,
        submitted_by=user,
        submitted_at=now,
        reviewed_by=user,
        reviewed_at=now,
    )
    for number, day, summary in docs:
        Evidence.objects.create(
            report=report,
            doc_number=number,
            doc_date=day,
            summary=summary,
            url="https://vb.example.vn/x",
            uploaded_by=user,
        )
    return report


MONTHS = [S.DONE_EARLY] * 5 + [S.DONE_ON_TIME] * 2 + [S.DONE_LATE] * 2 + [S.OVERDUE] + [S.NOT_DUE] * 2


@pytest.fixture
def monthly(plan, head, today):
    """A monthly task of one unit: 12 periods, 9 done (each accepted with a document)."""
    task = make_task(
        plan, 1, "Báo cáo tình hình thực hiện CCHC hàng tháng.", lead=["QLTM"], schedule_text="Hàng tháng"
    )
    start = today - timedelta(days=300)
    obligations = []
    for i, status in enumerate(MONTHS):
        due = start + timedelta(days=30 * i)
        done = due - timedelta(days=2) if status in (S.DONE_EARLY, S.DONE_ON_TIME, S.DONE_LATE) else None
        ob = make_obligation(
            task, "QLTM", due, status=status, completed_on=done, key=f"m{i + 1}", label=f"Tháng {i + 1:02d}"
        )
        if done:
            _accepted(
                ob,
                head,
                f"Kết quả tháng {i + 1}: đã thực hiện.",
                [(f"{i + 1}/BC-QLTM", done, f"Báo cáo tháng {i + 1}")],
            )
        obligations.append(ob)
    return task, obligations


def _book(plan):
    return load_workbook(io.BytesIO(exports.plan_workbook_bytes(plan)))


def _rows(ws):
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_recurring_task_is_one_summary_row_and_twelve_detail_rows(plan, monthly):
    _task, obligations = monthly
    wb = _book(plan)
    assert wb.sheetnames == ["Phụ lục", "Chi tiết theo kỳ"]
    appendix = {r[0]: r for r in _rows(wb["Phụ lục"])[HEADER_ROW:] if r[1]}
    *_plan_cols, result, status = appendix["1"]
    assert status == "12 kỳ: 9 hoàn thành (7 sớm hạn/đúng hạn, 2 trễ hạn), 1 quá hạn, 2 chưa đến hạn"
    last_done = obligations[8]
    assert result == (
        "Kết quả mới nhất (Tháng 09): Kết quả tháng 9: đã thực hiện.\n"
        f"Văn bản: 9/BC-QLTM, ngày {last_done.completed_on:%d/%m/%Y}, Báo cáo tháng 9"
    )
    detail = wb["Chi tiết theo kỳ"]
    assert [c.value for c in detail[HEADER_ROW]] == [
        "TT",
        "Nhiệm vụ",
        "Đơn vị",
        "Kỳ",
        "Hạn",
        "Gia hạn đến",
        "Trạng thái",
        "Ngày hoàn thành",
        "Kết quả thực hiện",
        "Tài liệu kiểm chứng (số, ngày, trích yếu)",
    ]
    body = _rows(detail)[HEADER_ROW:]
    assert len(body) == 12
    first = body[0]
    assert first[:4] == [
        "1",
        "Báo cáo tình hình thực hiện CCHC hàng tháng.",
        "Phòng Quản lý Thương mại",
        "Tháng 01",
    ]
    assert first[4] == datetime.combine(obligations[0].due_date, datetime.min.time())  # a real date
    assert first[6] == "Hoàn thành sớm hạn"
    assert first[7] == datetime.combine(obligations[0].completed_on, datetime.min.time())
    assert first[8] == "Kết quả tháng 1: đã thực hiện."
    assert first[9] == f"1/BC-QLTM, ngày {obligations[0].completed_on:%d/%m/%Y}, Báo cáo tháng 1"
    assert [r[6] for r in body[9:]] == ["Quá hạn", "Chưa đến hạn", "Chưa đến hạn"]
    assert body[11][7] is None and body[11][8] is None
    date_cells = [detail.cell(row=HEADER_ROW + 1, column=c) for c in (5, 8)]
    assert all(c.is_date and c.number_format == "DD/MM/YYYY" for c in date_cells)


def test_both_sheets_carry_the_plan_freeze_the_header_and_print_on_a4_landscape(plan, monthly):
    wb = _book(plan)
    assert wb["Chi tiết theo kỳ"]["A2"].value == (
        f"Kế hoạch số 15/KH-SCT ngày {plan.issued_on:%d/%m/%Y} của Sở Công Thương: {plan.title}"
    )
    for ws in wb.worksheets:
        assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
        assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == int(
            ws.PAPERSIZE_A4
        )
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        widths = [ws.column_dimensions[chr(ord("A") + i)].width for i in range(ws.max_column)]
        assert all(w and w >= 6 for w in widths) and sum(widths) <= 240  # one page wide, still legible
        for row in ws.iter_rows(min_row=HEADER_ROW + 1):
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.alignment.wrap_text


def test_many_units_and_long_results_stay_readable(plan, head, org, today):
    """A monthly task of fifteen units with long results: under the old export, one cell of
    the appendix held every period's result (over 100,000 characters here)."""
    units = [
        Unit.objects.create(organisation=org, code=f"DV{i}", name=f"Đơn vị số {i}", order=100 + i)
        for i in range(15)
    ]
    task = make_task(
        plan, 1, "Thực hiện chế độ báo cáo định kỳ hàng tháng.", lead=[], schedule_text="Hàng tháng"
    )
    for unit in units:
        TaskUnit.objects.create(task=task, unit=unit, role=TaskUnit.Role.LEAD, mention="Các phòng, đơn vị")
        for m in range(12):
            due = today - timedelta(days=330 - 30 * m)
            ob = make_obligation(
                task,
                unit.code,
                due,
                status=S.DONE_ON_TIME,
                completed_on=due,
                key=f"m{m}",
                label=f"Tháng {m + 1:02d}",
            )
            docs = [(f"{m}-{k}/BC-{unit.code}", due, "Báo cáo " + "rất dài " * 20) for k in range(7)]
            _accepted(ob, head, "Nội dung báo cáo chi tiết. " * 120, docs)
    wb = _book(plan)
    longest = max(
        len(c.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    )
    assert longest <= SANE_CELL
    appendix = {r[0]: r for r in _rows(wb["Phụ lục"])[HEADER_ROW:] if r[1]}
    status = appendix["1"][7].split("\n")
    assert status[0] == "15 đơn vị, 180 kỳ: 180 hoàn thành (180 sớm hạn/đúng hạn)"
    assert status[1] == "– Đơn vị số 0: 12 kỳ: 12 hoàn thành (12 sớm hạn/đúng hạn)"
    assert status[-1] == "– và 7 đơn vị khác (xem sheet “Chi tiết theo kỳ”)"
    assert "và 2 văn bản khác" in appendix["1"][6]
    assert len(_rows(wb["Chi tiết theo kỳ"])) == HEADER_ROW + 180


def test_user_text_is_never_a_formula(plan, head, today):
    task = make_task(plan, 1, "=1+1 nhiệm vụ", lead=["QLTM"], product="+84 sản phẩm", schedule_text="-Quý IV")
    ob = make_obligation(
        task, "QLTM", today - timedelta(days=5), status=S.DONE_ON_TIME, completed_on=today - timedelta(days=5)
    )
    _accepted(
        ob,
        head,
        '=HYPERLINK("http://evil.example","bấm")',
        [("@12/QĐ", today - timedelta(days=5), "=cmd|' /C calc'!A0")],
    )
    wb = _book(plan)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = {c.value for c in cells if isinstance(c.value, str)}
    assert {"=1+1 nhiệm vụ", "+84 sản phẩm", "-Quý IV", '=HYPERLINK("http://evil.example","bấm")'} <= values
    assert "@12/QĐ, ngày" in next(v for v in values if v.startswith("@12/QĐ"))
    quoted = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=")]
    assert quoted and all(c.quotePrefix for c in quoted)


def test_control_characters_do_not_break_the_workbook(plan, head, today):
    task = make_task(plan, 1, "Nhiệm vụ\x0b có ký tự lạ\x07", lead=["QLTM"])
    make_obligation(task, "QLTM", today)
    rows = _rows(_book(plan)["Phụ lục"])
    assert "Nhiệm vụ có ký tự lạ" in [r[1] for r in rows]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_text_that_starts_like_a_formula_is_written_as_text(plan, head, today, hostile):
    # In the task, the product, the accepted narrative and an evidence summary alike.
    task = make_task(plan, 1, hostile, lead=["QLTM"], product=hostile)
    ob = make_obligation(
        task, "QLTM", today - timedelta(days=5), status=S.DONE_ON_TIME, completed_on=today - timedelta(days=5)
    )
    _accepted(ob, head, hostile, [("12/QĐ", today - timedelta(days=5), hostile)])
    data = exports.plan_workbook_bytes(plan)
    assert_text(data, hostile)
    assert len(cells_holding(data, hostile)) >= 2  # the task and the product, as written
