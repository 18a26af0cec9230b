"""The schedule grammar: every form of the "Thời gian / Tiến độ" column, in the plan's period."""

from __future__ import annotations

import json
import unicodedata
from datetime import date, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from text_unidecode import unidecode

from cchc.core.periods import Period, month_end, quarter_end
from cchc.core.schedule import FREQS, KINDS, Schedule, ScheduleItem, parse_schedule
from tests.paths import GOLD_DIR, SAMPLE_NAMES

Y2025 = Period.year(2025)
H2_2025 = Period.half(2025, 2)
SCHOOL_YEAR = Period(date(2025, 7, 1), date(2026, 6, 30))  # a period spanning two calendar years


def dmy(text: str) -> date:
    day, month, year = (int(x) for x in text.split("/"))
    return date(year, month, day)


def dues(*texts: str) -> list[date]:
    return [dmy(t) for t in texts]


def outside(d: str, period: Period = Y2025) -> str:
    start, end = period.start, period.end
    span = f"{start.day:02d}/{start.month:02d}/{start.year} - {end.day:02d}/{end.month:02d}/{end.year}"
    return f"Ngày {d} nằm ngoài thời gian của kế hoạch ({span}), cần kiểm tra lại."


# --- explicit deadlines -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Trước ngày 15/12/2025", ["15/12/2025"]),
        ("Chậm nhất trong ngày 20/12/2025", ["20/12/2025"]),
        ("trước ngày 31/7/2025", ["31/07/2025"]),
        ("Trước ngày 19/02/2025 Trước ngày 15/12/2025", ["19/02/2025", "15/12/2025"]),
        ("Trước ngày 15/12/2025; Trước ngày 19/02/2025", ["19/02/2025", "15/12/2025"]),
        ("Đến 31/12/2025", ["31/12/2025"]),
        ("Trước ngày 03/12/2025", ["03/12/2025"]),
        ("Trước ngày 25/7/2025", ["25/07/2025"]),
        ("Trước ngày 30/11/2025", ["30/11/2025"]),
        ("Trước ngày 15/6", ["15/06/2025"]),
        ("Trước ngày 15-6-2025", ["15/06/2025"]),
        ("Trước ngày 15.6.2025", ["15/06/2025"]),
        ("Trước ngày 15-6", ["15/06/2025"]),
        ("Trước ngày 15/6/25", ["15/06/2025"]),
        ("Trước ngày 15/6 năm 2025", ["15/06/2025"]),
        ("ngày 15 tháng 6 năm 2025", ["15/06/2025"]),
        ("Trước ngày 15 tháng 6", ["15/06/2025"]),
        ("Chậm nhất 15 tháng 6 năm 2025", ["15/06/2025"]),
        ("2025-06-15", ["15/06/2025"]),
        ("Hoàn thành trước ngày 30/6/2025", ["30/06/2025"]),
        ("(Trước ngày 15/12/2025)", ["15/12/2025"]),
        ("- Trước ngày 15/12/2025.", ["15/12/2025"]),
        ("Trướcngày15/12/2025", ["15/12/2025"]),
        ("TRƯỚC NGÀY 15/12/2025", ["15/12/2025"]),
        ("truoc ngay 15/12/2025", ["15/12/2025"]),
        ("Trước ngày 15 / 12 / 2025", ["15/12/2025"]),
        ("Từ ngày 01/7 đến ngày 31/7/2025", ["31/07/2025"]),
        ("Thường xuyên, chậm nhất trước ngày 15/12/2025", ["15/12/2025"]),
        ("Trước ngày 15/12/2025 (trong năm 2025)", ["15/12/2025"]),
        ("trong vòng 30 ngày kể từ ngày 01/7/2025", ["31/07/2025"]),
    ],
)
def test_deadlines_in_a_yearly_plan(text, due):
    s = parse_schedule(text, Y2025)
    assert (s.kind, s.due, s.warnings) == ("deadline", dues(*due), [])


@pytest.mark.parametrize(
    ("text", "items"),
    [
        (
            "Báo cáo 06 tháng trước ngày 15/6/2025 Báo cáo năm trước ngày 15/11/2025",
            [("Báo cáo 06 tháng", "15/06/2025"), ("Báo cáo năm", "15/11/2025")],
        ),
        (
            "Báo cáo 6 tháng (trước ngày 07/6), báo cáo năm (trước ngày 07/11)",
            [("Báo cáo 6 tháng", "07/06/2025"), ("Báo cáo năm", "07/11/2025")],
        ),
        (
            "- Trước ngày 10/12/2025 đối với báo cáo của UBND tỉnh "
            "- Trước ngày 01/12/2025 đối với báo cáo Sở, ban, ngành cấp tỉnh; UBND cấp xã.",
            [
                ("Báo cáo của UBND tỉnh", "10/12/2025"),
                ("Báo cáo Sở, ban, ngành cấp tỉnh; UBND cấp xã", "01/12/2025"),
            ],
        ),
        ("Báo cáo quý I: trước ngày 15/3/2025", [("Báo cáo quý I", "15/03/2025")]),
        ("Đối với báo cáo năm: chậm nhất ngày 15/11/2025", [("Báo cáo năm", "15/11/2025")]),
        ("BAO CAO NAM TRUOC NGAY 15/11/2025", [("BAO CAO NAM", "15/11/2025")]),
        # Unnamed deadlines are plain due dates, not items.
        ("Trước ngày 19/02/2025 Trước ngày 15/12/2025", []),
        ("Hoàn thành trước ngày 30/6/2025", []),
    ],
)
def test_named_deliverables_become_items(text, items):
    s = parse_schedule(text, Y2025)
    assert s.kind == "deadline"
    assert s.items == [ScheduleItem(label, dmy(d)) for label, d in items]
    assert set(s.due) >= {i.due for i in s.items}
    # A deliverable's label is not read again as a recurrence ("Báo cáo 6 tháng" is not six-monthly).
    assert s.recurrence is None


# --- windows ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Quý III, IV", ["30/09/2025", "31/12/2025"]),
        ("Quý III, IV/2025", ["30/09/2025", "31/12/2025"]),
        ("Quý IV", ["31/12/2025"]),
        ("Quý 3, 4", ["30/09/2025", "31/12/2025"]),
        ("Quý III và quý IV", ["30/09/2025", "31/12/2025"]),
        ("Quý III,IV/2025", ["30/09/2025", "31/12/2025"]),
        ("Quý III, IV năm 2025", ["30/09/2025", "31/12/2025"]),
        ("Quý I/2025", ["31/03/2025"]),
        ("Quý II - IV", ["31/12/2025"]),
        ("Từ quý II đến quý III", ["30/09/2025"]),
        ("Tháng 6, Tháng 11", ["30/06/2025", "30/11/2025"]),
        ("Tháng 12/2025", ["31/12/2025"]),
        ("Tháng 4, tháng 6, tháng 11", ["30/04/2025", "30/06/2025", "30/11/2025"]),
        ("tháng 6 và tháng 12 năm 2025", ["30/06/2025", "31/12/2025"]),
        ("Tháng 2", ["28/02/2025"]),
        ("Tháng 6-8/2025", ["31/08/2025"]),
        ("Tháng6", ["30/06/2025"]),
        ("Trong 06 tháng đầu năm 2025", ["30/06/2025"]),
        ("6 tháng cuối năm", ["31/12/2025"]),
        ("06 tháng cuối năm năm 2025", ["31/12/2025"]),
        ("Nửa đầu năm 2025", ["30/06/2025"]),
        ("9 tháng đầu năm", ["30/09/2025"]),
        ("Trong năm 2025", ["31/12/2025"]),
        ("Năm 2025", ["31/12/2025"]),
        ("Cả năm 2025", ["31/12/2025"]),
        ("Trong năm", ["31/12/2025"]),
        ("Cuối năm 2025", ["31/12/2025"]),
        (
            "Quý III, IV ( đối với tuyển dụng công chức thực hiện sau khi có chủ trương của Bộ Chính trị )",
            ["30/09/2025", "31/12/2025"],
        ),
    ],
)
def test_windows_in_a_yearly_plan(text, due):
    s = parse_schedule(text, Y2025)
    assert (s.kind, s.due, s.warnings) == ("window", dues(*due), [])


def test_a_window_keeps_its_condition_as_trigger():
    s = parse_schedule(
        "Quý III, IV ( đối với tuyển dụng công chức thực hiện sau khi có chủ trương của Bộ Chính trị )", Y2025
    )
    assert s.kind == "window"
    assert s.trigger == "chủ trương của Bộ Chính trị"


# --- spans of years (plans "giai đoạn 2026 - 2030") -----------------------------------------------

P2026_2030 = Period(date(2026, 1, 1), date(2030, 12, 31))


@pytest.mark.parametrize(
    ("text", "due", "start"),
    [
        ("Giai đoạn 2026 - 2030", "31/12/2030", "01/01/2026"),
        ("Giai đoạn 2026 – 2030.", "31/12/2030", "01/01/2026"),
        ("2026 - 2030", "31/12/2030", "01/01/2026"),
        ("2026-2027", "31/12/2027", "01/01/2026"),
        ("Năm 2026 - 2027", "31/12/2027", "01/01/2026"),
        ("Từ năm 2026 đến năm 2028", "31/12/2028", "01/01/2026"),
        ("Thời kỳ 2026-2030", "31/12/2030", "01/01/2026"),
        ("Trong giai đoạn 2027 - 2029", "31/12/2029", "01/01/2027"),
        ("Thực hiện trong giai đoạn 2026 - 2030. Trong đó thí điểm trong giai đoạn 2027 - 2030", "31/12/2030",
         "01/01/2026"),
        ("Thí điểm trong giai đoạn 2026 - 2028, nghiên cứu xem xét mở rộng sau thí điểm.", "31/12/2028",
         "01/01/2026"),
        ("Giai đoạn 2026 - 2027. Thực hiện rà soát, cập nhật các hướng dẫn kỹ thuật (nếu có)", "31/12/2027",
         "01/01/2026"),
        # a cell holding only a year is due by its end, with no start
        ("2026", "31/12/2026", None),
        ("2030.", "31/12/2030", None),
        # the ranges the grammar already read keep their start the same way
        ("Từ ngày 01/3/2026 đến ngày 30/6/2026", "30/06/2026", "01/03/2026"),
    ],
)  # fmt: skip
def test_a_span_of_years_is_due_at_its_end_and_keeps_its_start(text, due, start):
    s = parse_schedule(text, P2026_2030)
    assert s.kind in ("window", "deadline")
    assert s.due == dues(due)
    assert s.start == (dmy(start) if start else None)
    assert s.warnings == []


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Quý IV/2025-2026", ["31/12/2025"]),  # the first year belongs to the quarter
        ("Năm 2026, 2027", ["31/12/2026"]),  # a list, not a range
        ("Quý II - Quý III/2026", ["30/09/2026"]),
    ],
)
def test_what_is_not_a_span_of_years(text, due):
    s = parse_schedule(text, P2026_2030)
    assert s.due == dues(*due) and s.start is None


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Giai đoạn 2026 - 2035", "31/12/2035"),
        ("2031", "31/12/2031"),
        ("Giai đoạn 2021 - 2025", "31/12/2025"),
    ],
)
def test_a_span_of_years_past_the_period_is_flagged(text, flagged):
    s = parse_schedule(text, P2026_2030)
    assert s.due == dues(flagged)
    assert s.warnings == [outside(flagged, P2026_2030)]


@pytest.mark.parametrize("text", ["2026 - 2020", "2026 - 2099", "Nghị định 30/2020-2021 của Chính phủ"])
def test_two_years_that_are_no_span(text):
    assert parse_schedule(text, P2026_2030).start is None


# --- a second-half plan ("06 tháng cuối năm 2025") ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "due", "outside_dates"),
    [
        ("Quý III, IV", "window", ["30/09/2025", "31/12/2025"], []),
        ("Quý III, IV/2025", "window", ["30/09/2025", "31/12/2025"], []),
        ("Quý IV", "window", ["31/12/2025"], []),
        ("Cả năm 2025", "window", ["31/12/2025"], []),
        ("Trong năm", "window", ["31/12/2025"], []),
        ("6 tháng cuối năm", "window", ["31/12/2025"], []),
        ("Tháng 8, tháng 10", "window", ["31/08/2025", "31/10/2025"], []),
        ("Tháng 6", "window", ["30/06/2025"], ["30/06/2025"]),
        ("Trong 06 tháng đầu năm 2025", "window", ["30/06/2025"], ["30/06/2025"]),
        ("Quý I", "window", ["31/03/2025"], ["31/03/2025"]),
        ("trước ngày 31/7/2025", "deadline", ["31/07/2025"], []),
        ("Trước ngày 15/12", "deadline", ["15/12/2025"], []),
        ("Trước ngày 18/11/2025", "deadline", ["18/11/2025"], []),
        ("Trước ngày 31/8/2025", "deadline", ["31/08/2025"], []),
        (
            "Báo cáo 6 tháng (trước ngày 07/6), báo cáo năm (trước ngày 07/11)",
            "deadline",
            ["07/06/2025", "07/11/2025"],
            ["07/06/2025"],
        ),
        ("Thường xuyên", "continuous", [], []),
        ("Định kỳ hoặc đột xuất", "continuous", [], []),
    ],
)
def test_second_half_plan(text, kind, due, outside_dates):
    s = parse_schedule(text, H2_2025)
    assert (s.kind, s.due) == (kind, dues(*due))
    assert [w for w in s.warnings if "nằm ngoài" in w] == [outside(d, H2_2025) for d in outside_dates]


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Trước ngày 15/6", ["15/06/2026"]),
        ("Trước ngày 15/9", ["15/09/2025"]),
        ("Quý I", ["31/03/2026"]),
        ("Quý III", ["30/09/2025"]),
        ("Tháng 12, tháng 1", ["31/12/2025", "31/01/2026"]),
        ("Trong 06 tháng đầu năm", ["30/06/2026"]),
    ],
)
def test_a_date_without_year_takes_the_year_that_puts_it_inside_the_period(text, due):
    s = parse_schedule(text, SCHOOL_YEAR)
    assert (s.due, s.warnings) == (dues(*due), [])


# --- recurring ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reporting_day", "freqs", "day", "weekday", "month_in_period"),
    [
        ("Định kỳ hàng tháng", None, ["monthly"], None, None, None),
        ("Định kỳ hàng tháng", 25, ["monthly"], 25, None, None),
        ("Hàng tháng", None, ["monthly"], None, None, None),
        ("Hằng tháng", 25, ["monthly"], 25, None, None),
        ("Hàng Quý", None, ["quarterly"], None, None, None),
        ("Hàng Quý", 25, ["quarterly"], None, None, None),
        ("Quý, năm", None, ["quarterly", "yearly"], None, None, None),
        ("Định kỳ thứ sáu hàng tuần", None, ["weekly"], None, 4, None),
        ("Thứ 6 hàng tuần", None, ["weekly"], None, 4, None),
        ("Chiều thứ Hai hàng tuần", None, ["weekly"], None, 0, None),
        ("Chủ nhật hàng tuần", None, ["weekly"], None, 6, None),
        ("hàng tuần", None, ["weekly"], None, None, None),
        ("6 tháng, năm", None, ["semiannual", "yearly"], None, None, None),
        ("Định kỳ 6 tháng", None, ["semiannual"], None, None, None),
        ("Hàng năm", None, ["yearly"], None, None, None),
        ("Báo cáo tháng, quý, năm", 25, ["monthly", "quarterly", "yearly"], 25, None, None),
        ("Định kỳ vào ngày 25 hàng tháng", 20, ["monthly"], 25, None, None),
        ("Trước ngày 20 hàng tháng", None, ["monthly"], 20, None, None),
        ("trong ngày 14 của tháng cuối kỳ báo cáo", None, ["quarterly"], 14, None, "last"),
        (
            "Quý, năm; trong ngày 14 của tháng cuối kỳ báo cáo",
            None,
            ["quarterly", "yearly"],
            14,
            None,
            "last",
        ),
        ("Ngày 15 tháng cuối quý", None, ["quarterly"], 15, None, "last"),
        ("tháng thứ 2 của quý", None, ["quarterly"], None, None, 2),
        ("Thường xuyên; báo cáo hàng tháng trước ngày 20", None, ["monthly"], 20, None, None),
        ("DINH KY HANG THANG", None, ["monthly"], None, None, None),
        ("Quý", None, ["quarterly"], None, None, None),
        ("Quý, năm gửi Sở Nội vụ", None, ["quarterly", "yearly"], None, None, None),
        ("Tuần, tháng", None, ["weekly", "monthly"], None, None, None),
    ],
)
def test_recurring(text, reporting_day, freqs, day, weekday, month_in_period):
    s = parse_schedule(text, Y2025, reporting_day=reporting_day)
    assert s.kind == "recurring"
    assert s.recurrence == {
        "freq": freqs[0],
        "freqs": freqs,
        "day": day,
        "weekday": weekday,
        "month_in_period": month_in_period,
    }
    assert s.due == []


def test_an_unnamed_reporting_cycle_is_read_as_quarterly_with_a_warning():
    s = parse_schedule("trong ngày 14 của tháng cuối kỳ báo cáo", Y2025)
    assert s.warnings == ["Không ghi rõ kỳ báo cáo, tạm hiểu là hàng quý."]


# --- continuous ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "vague"),
    [
        ("Thường xuyên", False),
        ("Thường xuyên trong năm 2025", False),
        ("Thực hiện liên tục", False),
        ("Thường xuyên, liên tục", False),
        ("Hàng ngày", False),
        ("THUONG XUYEN", False),
        ("Thườngxuyên", False),
        ("Định kỳ hoặc đột xuất", True),
        ("Định kỳ", True),
    ],
)
@pytest.mark.parametrize("reporting_day", [None, 25])
def test_continuous(text, vague, reporting_day):
    s = parse_schedule(text, Y2025, reporting_day=reporting_day)
    assert (s.kind, s.due) == ("continuous", [])
    if reporting_day is None:
        assert s.recurrence is None
    else:
        assert s.recurrence is not None
        assert (s.recurrence["freq"], s.recurrence["day"]) == ("monthly", reporting_day)
    assert s.warnings == (["Không ghi rõ tần suất định kỳ, tạm coi là thường xuyên."] if vague else [])


# --- relative to an event -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "trigger", "offset", "unit"),
    [
        ("Trong vòng 05 ngày kể từ ngày thay đổi thông tin", "thay đổi thông tin", 5, "days"),
        (
            "không quá 30 ngày kể từ ngày kế hoạch của tỉnh được ban hành",
            "kế hoạch của tỉnh được ban hành",
            30,
            "days",
        ),
        ("Sau khi có Quyết định công bố của UBND tỉnh", "Quyết định công bố của UBND tỉnh", None, None),
        (
            "trong vòng 05 ngày sau khi Bộ, ngành trung ương công bố",
            "Bộ, ngành trung ương công bố",
            5,
            "days",
        ),
        ("Trong vòng 05 ngày làm việc sau khi Bộ công bố", "Bộ công bố", 5, "working_days"),
        ("05 ngày làm việc kể từ ngày nhận hồ sơ", "nhận hồ sơ", 5, "working_days"),
        (
            "(đối với tuyển dụng công chức thực hiện sau khi có chủ trương của Bộ Chính trị)",
            "chủ trương của Bộ Chính trị",
            None,
            None,
        ),
        ("Thực hiện khi có phát sinh", "phát sinh", None, None),
        ("Ngay sau khi có kết quả kiểm tra", "kết quả kiểm tra", None, None),
        ("03 ngày trước khi tổ chức hội nghị", "tổ chức hội nghị", -3, "days"),
        ("TRONG VONG 05 NGAY KE TU NGAY THAY DOI THONG TIN", "THAY DOI THONG TIN", 5, "days"),
    ],
)
def test_events(text, trigger, offset, unit):
    s = parse_schedule(text, Y2025)
    assert (s.kind, s.trigger, s.offset_days, s.offset_unit, s.due) == ("event", trigger, offset, unit, [])
    assert s.warnings == []


def test_an_offset_from_a_date_in_working_days_keeps_the_date_as_trigger():
    s = parse_schedule("05 ngày làm việc kể từ ngày 01/7/2025", Y2025)
    assert (s.kind, s.trigger, s.offset_days, s.offset_unit) == (
        "event",
        "ngày 01/07/2025",
        5,
        "working_days",
    )


# --- set elsewhere ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Theo quy định",
        "Theo quy định.",
        "Theo yêu cầu của Sở Tài chính",
        "Theo tiến độ của UBND tỉnh",
        "Theo tiến độ của UBND tỉnh và cấp có thẩm quyền",
        "Theo tiến độ Kế hoạch cải cách hành chính của Sở năm 2025",
        "Theo tiến độ cụ thể của từng nhiệm vụ",
        "Theo Kế hoạch phê duyệt",
        "Theo yêu cầu tại kế hoạch của UBND tỉnh",
        "- Đối với báo cáo PBGDPL: Căn cứ vào KHPBGDPL của UBND tỉnh năm 2025. "
        "- Đối với báo cáo HP: Căn cứ vào văn bản của Sở Tư pháp để thực hiện.",
        "Khi có yêu cầu",
        "Đột xuất",
        "Theo Kế hoạch số 13/KH-SCT ngày 21/01/2025 của Sở",
        "Thực hiện theo Thông tư số 01/2020/TT-VPCP",
        "THEO QUY DINH",
    ],
)
def test_external(text):
    s = parse_schedule(text, Y2025)
    assert (s.kind, s.due, s.items, s.recurrence, s.warnings) == ("external", [], [], None, [])


# --- texts that combine forms: the dominant kind wins, everything found is kept --------------------


@pytest.mark.parametrize(
    ("text", "kind", "due", "freq", "trigger"),
    [
        ("Trước ngày 15/12 hàng năm", "deadline", ["15/12/2025"], "yearly", None),
        ("Hàng quý, chậm nhất ngày 20/12/2025", "deadline", ["20/12/2025"], "quarterly", None),
        (
            "Trước ngày 30/6/2025 (sau khi có hướng dẫn của Bộ)",
            "deadline",
            ["30/06/2025"],
            None,
            "hướng dẫn của Bộ",
        ),
        ("Tháng 12/2025 (sau khi có Quyết định)", "window", ["31/12/2025"], None, "Quyết định"),
        ("Quý IV, định kỳ hàng tháng", "window", ["31/12/2025"], "monthly", None),
        ("Hàng tháng, theo quy định", "recurring", [], "monthly", None),
        ("Thường xuyên, kịp thời khi có phát sinh", "continuous", [], None, "phát sinh"),
        ("Sau khi có Quyết định, theo quy định", "event", [], None, "Quyết định"),
        ("Sau khi Bộ, ngành công bố, hàng quý", "recurring", [], "quarterly", "Bộ, ngành công bố"),
        ("Theo quy định trong năm 2025", "external", [], None, None),
    ],
)
def test_combined_forms(text, kind, due, freq, trigger):
    s = parse_schedule(text, Y2025)
    assert (s.kind, s.due, s.trigger) == (kind, dues(*due), trigger)
    assert (s.recurrence or {}).get("freq") == freq


# --- unparsed, invalid and out-of-period --------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "\u00a0"])
def test_empty_text(text):
    s = parse_schedule(text, Y2025)
    assert (s.kind, s.text, s.warnings) == ("unparsed", "", ["Chưa có thời hạn"])


@pytest.mark.parametrize(
    ("text", "extra"),
    [
        ("xyz abc", []),
        ("Công chức có từ 10% hồ sơ trễ hạn trở lên", []),
        ("Trước ngày", []),
        ("Theo dõi", []),
        ("Việt Nam", []),
        ("Lần thứ hai", []),
        ("Trước ngày 31/02/2025", ["Ngày 31/02/2025 không hợp lệ, đã bỏ qua."]),
        ("Trước ngày 29/02", ["Ngày 29/02 không hợp lệ, đã bỏ qua."]),
        ("Trước ngày 32/12/2025", ["Ngày 32/12/2025 không hợp lệ, đã bỏ qua."]),
        ("Tháng 13", ["Tháng 13 không hợp lệ, đã bỏ qua."]),
    ],
)
def test_unparsed_keeps_the_text_and_says_so(text, extra):
    s = parse_schedule(text, Y2025)
    assert (s.kind, s.text, s.due) == ("unparsed", text, [])
    assert s.warnings == [*extra, f"Không đọc được thời hạn: {text}"]


@pytest.mark.parametrize(
    ("text", "kind", "flagged"),
    [
        ("Trước ngày 20/11/2024", "deadline", ["20/11/2024"]),
        ("Trước 31/01/2026", "deadline", ["31/01/2026"]),
        ("Trong quý II, III năm 2024", "window", ["30/06/2024", "30/09/2024"]),
        ("Quý I/2026", "window", ["31/03/2026"]),
        ("Trước ngày 19/02/2024 Trước ngày 15/12/2025", "deadline", ["19/02/2024"]),
        ("Trong năm 2024", "window", ["31/12/2024"]),
    ],
)
def test_dates_outside_the_period_are_kept_and_flagged(text, kind, flagged):
    s = parse_schedule(text, Y2025)
    assert s.kind == kind
    assert set(dues(*flagged)) <= set(s.due)
    assert s.warnings == [outside(d) for d in flagged]


def test_an_invalid_date_is_dropped_but_the_valid_one_kept():
    s = parse_schedule("Trước ngày 31/02/2025 Trước ngày 15/12/2025", Y2025)
    assert (s.kind, s.due, s.warnings) == (
        "deadline",
        dues("15/12/2025"),
        ["Ngày 31/02/2025 không hợp lệ, đã bỏ qua."],
    )


# --- one text, many spellings -------------------------------------------------------------------------

SPELLINGS = {
    "as written": lambda t: t,
    "upper case": str.upper,
    "lower case": str.lower,
    "no accents": unidecode,
    "decomposed accents": lambda t: unicodedata.normalize("NFD", t),
    "bullet": lambda t: f"- {t}",
    "parentheses": lambda t: f"({t})",
    "extra spaces": lambda t: "  " + t.replace(" ", "   ") + " \n",
}
CANONICAL = [
    "Trước ngày 15/12/2025",
    "Chậm nhất trong ngày 20/12/2025",
    "Báo cáo 06 tháng trước ngày 15/6/2025 Báo cáo năm trước ngày 15/11/2025",
    "Quý III, IV/2025",
    "Trong quý II, III năm 2025",
    "Tháng 4, tháng 6, tháng 11",
    "Trong 06 tháng đầu năm 2025",
    "Cả năm 2025",
    "Định kỳ thứ sáu hàng tuần",
    "Quý, năm",
    "Thường xuyên trong năm 2025",
    "Trong vòng 05 ngày kể từ ngày thay đổi thông tin",
    "Theo yêu cầu của Sở Tài chính",
]


@pytest.mark.parametrize("spelling", list(SPELLINGS))
@pytest.mark.parametrize("text", CANONICAL)
def test_spelling_does_not_change_the_reading(text, spelling):
    ref = parse_schedule(text, Y2025, reporting_day=25)
    s = parse_schedule(SPELLINGS[spelling](text), Y2025, reporting_day=25)
    assert (s.kind, s.due, s.recurrence, s.offset_days) == (
        ref.kind,
        ref.due,
        ref.recurrence,
        ref.offset_days,
    )
    assert [i.due for i in s.items] == [i.due for i in ref.items]
    assert (s.trigger is None) == (ref.trigger is None)


def test_text_is_kept_as_written_with_whitespace_collapsed_and_nfc():
    s = parse_schedule("  Quý \u00a0III,\n IV/2025 ", Y2025)
    assert s.text == "Quý III, IV/2025"
    decomposed = unicodedata.normalize("NFD", "Thường xuyên")
    assert parse_schedule(decomposed, Y2025).text == "Thường xuyên"


# --- the gold annotations of the three sample plans ---------------------------------------------------


def _gold_schedules() -> list[tuple[str, str]]:
    cases = {}
    for name in SAMPLE_NAMES:
        path = GOLD_DIR / f"{name}.jsonl"
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    cases[(name, json.loads(line).get("schedule") or "")] = None
    return list(cases)


GOLD = _gold_schedules()


def _gold_period(name: str) -> Period:
    return H2_2025 if "-h2-" in name else Y2025


def test_gold_annotations_are_available():
    assert len({text for _, text in GOLD}) >= 25, f"gold annotations not found under {GOLD_DIR}"


@pytest.mark.parametrize(("name", "text"), GOLD)
def test_every_gold_schedule_is_understood(name, text):
    s = parse_schedule(text, _gold_period(name), reporting_day=25)
    if text.strip():
        assert s.kind != "unparsed", s.warnings
        assert not [w for w in s.warnings if w.startswith("Không đọc được")]
    else:
        assert (s.kind, s.warnings) == ("unparsed", ["Chưa có thời hạn"])


# --- shape --------------------------------------------------------------------------------------------


def test_to_dict_shape():
    s = parse_schedule("Báo cáo 6 tháng (trước ngày 07/6), báo cáo năm (trước ngày 07/11)", H2_2025)
    s.source = "note"
    assert s.to_dict() == {
        "text": "Báo cáo 6 tháng (trước ngày 07/6), báo cáo năm (trước ngày 07/11)",
        "due": ["2025-06-07", "2025-11-07"],
        "recurrence": None,
        "trigger": None,
        "kind": "deadline",
        "warnings": [outside("07/06/2025", H2_2025)],
        "items": [
            {"label": "Báo cáo 6 tháng", "due": "2025-06-07"},
            {"label": "Báo cáo năm", "due": "2025-11-07"},
        ],
        "offset_days": None,
        "offset_unit": None,
        "source": "note",
        "start": None,
    }
    event = parse_schedule("Trong vòng 05 ngày làm việc kể từ ngày thay đổi thông tin", Y2025).to_dict()
    assert (event["offset_days"], event["offset_unit"], event["source"]) == (5, "working_days", "schedule")


def test_schedule_defaults():
    assert Schedule(text="x").to_dict()["kind"] == "unparsed"
    assert Schedule(text="x").source == "schedule"


# --- properties ---------------------------------------------------------------------------------------

in_2025 = st.dates(min_value=date(2025, 1, 1), max_value=date(2025, 12, 31))
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
FUZZ_PHRASES = [
    "Trước ngày", "15/12/2025", "Quý III, IV", "/", "tháng 6", "năm", "hàng tuần", "thứ sáu", "định kỳ",
    "thường xuyên", "kể từ", "sau khi có", "đối với báo cáo", "(", ")", "-", ";", ".", "05 ngày làm việc",
    "theo", "31/02", "đầu", "cuối", "14", "của kỳ", "đến", "0000", "99/99", "ngày", "2025",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(max_size=200)
    | st.lists(
        st.sampled_from(FUZZ_PHRASES),
        max_size=30,
    ).map(" ".join),
    reporting_day=st.none() | st.integers(1, 28),
)
def test_any_text_gives_a_valid_schedule(text, reporting_day):
    s = parse_schedule(text, Y2025, reporting_day=reporting_day)
    assert s.kind in KINDS
    assert s.due == sorted(set(s.due))
    assert all(isinstance(w, str) and w for w in s.warnings)
    if s.kind in ("deadline", "window"):
        assert s.due
    if s.kind == "recurring":
        assert s.recurrence is not None
    if s.recurrence is not None:
        assert s.recurrence["freq"] in FREQS
        assert s.recurrence["freqs"][0] == s.recurrence["freq"]
    if s.kind == "unparsed":
        assert (s.due, s.recurrence, s.items) == ([], None, [])
        assert s.warnings
    json.dumps(s.to_dict())


@settings(max_examples=200, deadline=None)
@given(d=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)), form=st.sampled_from(range(5)))
def test_a_written_date_reads_back_and_is_flagged_only_outside_the_period(d, form):
    text = [
        f"Trước ngày {d.day}/{d.month}/{d.year}",
        f"Trước ngày {d.day:02d}-{d.month:02d}-{d.year}",
        f"Chậm nhất ngày {d.day}.{d.month}.{d.year}",
        f"ngày {d.day} tháng {d.month} năm {d.year}",
        f"Đến {d.isoformat()}",
    ][form]
    s = parse_schedule(text, Y2025)
    assert (s.kind, s.due) == ("deadline", [d])
    assert s.warnings == ([] if Y2025.contains(d) else [outside(f"{d.day:02d}/{d.month:02d}/{d.year}")])


@settings(max_examples=100, deadline=None)
@given(
    quarters=st.sets(st.integers(1, 4), min_size=1),
    roman=st.booleans(),
    year=st.none() | st.integers(2020, 2030),
    joiner=st.sampled_from([", ", ",", " và quý ", "; "]),
)
def test_listed_quarters_are_due_at_each_quarter_end(quarters, roman, year, joiner):
    names = [ROMAN[q] if roman else str(q) for q in sorted(quarters)]
    text = "Quý " + joiner.join(names) + (f"/{year}" if year else "")
    s = parse_schedule(text, Y2025)
    assert s.kind == "window"
    assert s.due == [quarter_end(year or 2025, q) for q in sorted(quarters)]


@settings(max_examples=100, deadline=None)
@given(months=st.sets(st.integers(1, 12), min_size=1), year=st.none() | st.just(2025))
def test_listed_months_are_due_at_each_month_end(months, year):
    text = ", ".join(f"Tháng {m}" for m in sorted(months)) + (f"/{year}" if year else "")
    s = parse_schedule(text, Y2025)
    assert (s.kind, s.due) == ("window", [month_end(2025, m) for m in sorted(months)])


@settings(max_examples=200, deadline=None)
@given(start=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)), d=in_2025)
def test_a_yearless_date_lands_inside_a_twelve_month_period(start, d):
    assume(not (d.month == 2 and d.day == 29))
    start = start.replace(day=1)
    end = start.replace(year=start.year + 1) - timedelta(days=1)
    period = Period(start, end)
    s = parse_schedule(f"Trước ngày {d.day}/{d.month}", period)
    assert len(s.due) == 1
    assert period.contains(s.due[0])
    assert (s.due[0].month, s.due[0].day) == (d.month, d.day)
    assert s.warnings == []
