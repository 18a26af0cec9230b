"""The weekly digest for the leadership meeting, the monthly call for unit reports and the
Office's view of who has not reported."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cchc.chasing.models import Delivery, Kind
from cchc.chasing.selectors import missing_reports, weekly_digest
from cchc.chasing.services import run_all, run_report_call, run_weekly_digest
from cchc.tracking.models import Report
from tests.chasing.dept import at

D = date
pytestmark = pytest.mark.django_db
FRIDAY = D(2026, 3, 20)  # the meeting; "this week" is 13/3 – 19/3, "next week" 20/3 – 26/3


def week_of_work(dept):
    done = {"status": "done_early"}
    # Phòng Quản lý Công nghiệp: one of each this week, one overdue, one due next week.
    dept.ob("QLCN", D(2026, 3, 20), completed_on=D(2026, 3, 16), **done)
    dept.ob("QLCN", D(2026, 3, 17), status="done_on_time", completed_on=D(2026, 3, 17))
    dept.ob("QLCN", D(2026, 3, 13), status="done_late", completed_on=D(2026, 3, 18))
    dept.ob("QLCN", D(2026, 3, 10), status="overdue", text="Báo cáo quý I về cải cách hành chính.")
    dept.ob("QLCN", D(2026, 3, 24), text="Tự đánh giá chấm điểm chỉ số CCHC.")
    # Phòng Quản lý Thương mại: two early this week, one early before (counts for the year).
    dept.ob("QLTM", D(2026, 3, 31), completed_on=D(2026, 3, 19), **done)
    dept.ob("QLTM", D(2026, 3, 31), completed_on=D(2026, 3, 13), **done)
    dept.ob("QLTM", D(2026, 2, 27), completed_on=D(2026, 2, 20), **done)
    # Not counted: finished on the meeting day, last year, or no longer in force; due later.
    dept.ob("QLTM", D(2026, 3, 31), completed_on=FRIDAY, **done)
    dept.ob("QLNL", D(2025, 12, 31), status="done_late", completed_on=D(2025, 12, 30))
    dept.ob("QLNL", D(2026, 3, 17), status="done_late", completed_on=D(2026, 3, 17), is_active=False)
    dept.ob("QLNL", D(2026, 3, 27))


def test_weekly_figures(dept):
    week_of_work(dept)
    digest = weekly_digest(dept.org, FRIDAY)
    assert (digest.since, digest.until, digest.next_until) == (D(2026, 3, 13), D(2026, 3, 19), D(2026, 3, 26))
    rows = {u.unit: u for u in digest.units}
    assert list(rows) == ["Phòng Quản lý Công nghiệp", "Phòng Quản lý Thương mại"]
    cn, tm, total = rows["Phòng Quản lý Công nghiệp"], rows["Phòng Quản lý Thương mại"], digest.total
    figures = ("done_early", "done_on_time", "done_late", "overdue", "due_next", "year_done", "year_early")
    assert [getattr(cn, f) for f in figures] == [1, 1, 1, 1, 1, 3, 1]
    assert [getattr(tm, f) for f in figures] == [2, 0, 0, 0, 0, 3, 3]
    assert [getattr(total, f) for f in figures] == [3, 1, 1, 1, 1, 6, 4]
    assert (cn.week_share_text, cn.year_share_text, cn.below_target) == ("33,3 %", "33,3 %", False)
    assert (tm.week_share_text, tm.year_share_text) == ("100,0 %", "100,0 %")
    assert (total.week_share_text, total.year_share_text) == ("60,0 %", "66,7 %")
    assert [i.task for i in cn.overdue_items] == ["4. Báo cáo quý I về cải cách hành chính."]
    assert [i.due for i in cn.due_items] == ["24/03/2026"]
    assert [i.status for i in cn.finished] == [
        "Hoàn thành sớm hạn",
        "Hoàn thành đúng hạn",
        "Hoàn thành trễ hạn",
    ]


def test_early_share_below_the_target_is_marked(dept):
    dept.ob("QLCN", D(2026, 3, 17), status="done_on_time", completed_on=D(2026, 3, 17))
    dept.ob("QLCN", D(2026, 3, 17), status="done_on_time", completed_on=D(2026, 3, 16))
    dept.ob("QLCN", D(2026, 3, 17), status="done_early", completed_on=D(2026, 3, 13))
    (cn,) = weekly_digest(dept.org, FRIDAY).units
    assert cn.year_share_text == "33,3 %" and not cn.below_target
    dept.ob("QLCN", D(2026, 3, 17), status="done_late", completed_on=D(2026, 3, 18))
    (cn,) = weekly_digest(dept.org, FRIDAY).units
    assert cn.year_share_text == "25,0 %" and cn.below_target


def test_digest_goes_to_leadership_and_office_on_friday_morning(dept):
    week_of_work(dept)
    assert not run_weekly_digest(now=at(FRIDAY, 6, 59)).ran
    assert not run_weekly_digest(now=at(FRIDAY - timedelta(days=1), 10)).ran
    result = run_weekly_digest(now=at(FRIDAY, 7, 5))
    assert result.ran and result.created == 2
    rows = Delivery.objects.filter(kind=Kind.WEEKLY_DIGEST)
    assert {d.recipient_id for d in rows} == {dept.uid("lanhdao"), dept.uid("vanphong")}
    d = rows.get(recipient=dept.users["lanhdao"])
    assert d.key == f"weekly_digest:2026-W12:-:{dept.uid('lanhdao')}:2026-03-20"
    assert d.subject == "[CCHC] Tổng hợp tình hình thực hiện nhiệm vụ CCHC tuần 13/03/2026 – 19/03/2026"
    assert "TOÀN SỞ: sớm hạn 3, đúng hạn 1, trễ hạn 1; quá hạn 1; đến hạn 7 ngày tới 1" in d.text
    assert "tỷ lệ sớm hạn: tuần 60,0 %, từ đầu năm 66,7 %" in d.text
    assert "== Phòng Quản lý Công nghiệp ==" in d.text and "Báo cáo quý I về cải cách hành chính" in d.text
    assert "<td>60,0 %</td>" in d.html and "Phòng Quản lý Thương mại" in d.html
    # Later passes of the week (and the worker's catch-up on Saturday) add nothing.
    assert run_weekly_digest(now=at(FRIDAY, 11)).created == 0
    assert run_weekly_digest(now=at(FRIDAY + timedelta(days=1), 9)).created == 0


def test_digest_moves_to_the_working_day_before_a_holiday(dept):
    dept.ob("QLCN", D(2026, 5, 6))
    # Thu 30/4 and Fri 1/5/2026 are public holidays: the digest goes out on Wednesday 29/4.
    assert run_weekly_digest(now=at(D(2026, 4, 29), 8)).created == 2
    assert run_weekly_digest(now=at(D(2026, 5, 1), 8)).created == 0


def reports_world(dept):
    obs = {
        "cn1": dept.ob("QLCN", D(2026, 6, 30)),
        "cn2": dept.ob("QLCN", D(2026, 4, 15)),
        "tt": dept.ob("TTRA", D(2026, 12, 15)),
        "tm_later": dept.ob("QLTM", D(2026, 9, 30), start=D(2026, 7, 1)),  # work not started yet
        "tm_done": dept.ob("QLTM", D(2026, 3, 10), status="done_on_time", completed_on=D(2026, 3, 9)),
    }
    return obs


def report(ob, user, day, state=Report.State.SUBMITTED):
    return Report.objects.create(
        obligation=ob,
        unit=ob.unit,
        narrative="Đã thực hiện.",
        progress=50,
        state=state,
        created_by=user,
        submitted_by=user if state != Report.State.DRAFT else None,
        submitted_at=at(day, 10) if state != Report.State.DRAFT else None,
    )


def test_report_call_on_the_reporting_day(dept):
    obs = reports_world(dept)
    assert not run_report_call(now=at(D(2026, 3, 24))).ran
    result = run_report_call(now=at(D(2026, 3, 25)))
    assert result.ran and result.created == 3
    calls = {d.recipient_id: d for d in Delivery.objects.filter(kind=Kind.REPORT_CALL)}
    # The unit's head and its staff (who draft the reports); Thanh tra has only staff.
    assert set(calls) == {dept.uid("truong_cn"), dept.uid("cv_cn"), dept.uid("cv_tt")}
    cn = calls[dept.uid("truong_cn")]
    assert cn.key == f"report_call:2026-03:unit{obs['cn1'].unit_id}:-:{dept.uid('truong_cn')}:2026-03-25"
    assert cn.subject == "[CCHC] Đề nghị báo cáo kết quả CCHC tháng 03/2026 — Phòng Quản lý Công nghiệp"
    assert "báo cáo kết quả thực hiện 2 nhiệm vụ" in cn.text
    assert "15/04/2026" in cn.text and "30/06/2026" in cn.text
    assert cn.text.index("15/04/2026") < cn.text.index("30/06/2026")
    assert run_report_call(now=at(D(2026, 3, 26))).created == 0  # catch-up days: nothing twice


def test_report_call_moves_to_the_friday_before_a_saturday(dept):
    reports_world(dept)
    assert not run_report_call(now=at(D(2026, 4, 23))).ran
    assert run_report_call(now=at(D(2026, 4, 24))).created == 3  # 25/4/2026 is a Saturday


def test_report_call_in_run_all(dept):
    reports_world(dept)
    results = {r.job: r for r in run_all(now=at(D(2026, 3, 25)), worker_id="w")}
    assert results["report_call"].created == 3 and results["send"].sent == 3


def test_missing_reports(dept):
    obs = reports_world(dept)
    march = D(2026, 3, 1)
    rows = missing_reports(dept.org, march)  # in the directory's order; QLTM's work starts in July
    assert [(m.unit.code, m.open_count, m.missing_count) for m in rows] == [("TTRA", 1, 1), ("QLCN", 2, 2)]
    head = dept.users["truong_cn"]
    report(obs["cn1"], head, D(2026, 3, 20))  # in the cycle (11/3 – 8/4): counts
    report(obs["cn2"], head, D(2026, 3, 5))  # answered February's call, not March's
    report(obs["cn2"], head, D(2026, 3, 23), state=Report.State.DRAFT)  # a draft is not a report
    rows = {m.unit.code: m for m in missing_reports(dept.org, march)}
    assert (rows["QLCN"].open_count, rows["QLCN"].missing_count) == (2, 1)
    assert [o.id for o in rows["QLCN"].missing] == [obs["cn2"].id]
    # A late report (returned by the Office or not) still answers the call.
    report(obs["cn2"], head, D(2026, 4, 2), state=Report.State.RETURNED)
    report(obs["tt"], dept.users["cv_tt"], D(2026, 4, 8))
    assert missing_reports(dept.org, march) == []
    # April's cycle starts on 9/4: those reports do not count for it.
    assert {m.unit.code for m in missing_reports(dept.org, D(2026, 4, 30))} == {"QLCN", "TTRA"}


def test_missing_reports_query_count_is_fixed(dept, django_assert_max_num_queries):
    reports_world(dept)
    for _ in range(30):
        dept.ob("QLTM", D(2026, 5, 5))
    with django_assert_max_num_queries(6):
        rows = missing_reports(dept.org, D(2026, 3, 1))
    assert sorted(m.missing_count for m in rows) == [1, 2, 30]
