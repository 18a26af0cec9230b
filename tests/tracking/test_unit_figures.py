"""A unit head's home (/don-vi/): the unit's results panel, its count per status each a link to
the list of that status (which shows that many rows), a stacked bar, the rates and their tones,
under the page's other filters."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from cchc.core.formats import percent_text
from cchc.tracking.breakdowns import STATUS_ORDER
from cchc.tracking.models import ObligationStatus as S
from tests.dom import by_id, dom, find_all, text
from tests.tracking.screens import *  # noqa: F403
from tests.tracking.screens import login, make_obligation, make_plan, make_task

pytestmark = pytest.mark.django_db

MINE = "/don-vi/"


@pytest.fixture
def work(org, today):
    plan = make_plan(org, today)
    other_plan = make_plan(org, today, number="16/KH-SCT")
    task = make_task(plan, 1, "Rà soát thủ tục hành chính.", lead=["QLTM"])
    other = make_task(other_plan, 1, "Niêm yết thủ tục hành chính.", lead=["QLTM", "TTRA"])
    d = lambda n: today + timedelta(days=n)  # noqa: E731
    rows = [
        (task, S.DONE_EARLY, d(-30), d(-40)),
        (task, S.DONE_EARLY, d(-20), d(-25)),
        (task, S.DONE_ON_TIME, d(-10), d(-10)),
        (task, S.DONE_LATE, d(-50), d(-45)),
        (task, S.OVERDUE, d(-3), None),
        (task, S.NOT_DUE, d(20), None),
        (other, S.OVERDUE, d(-5), None),
        (other, S.IN_PROGRESS, d(2), None),
    ]
    for i, (t, status, due, done) in enumerate(rows):
        make_obligation(t, "QLTM", due, status=status, completed_on=done, key=f"k{i}")
    make_obligation(other, "TTRA", d(-9), status=S.OVERDUE, key="ttra")  # another unit's
    return {"plan": plan, "other_plan": other_plan}


def panel(client, user, query: str = ""):
    doc = dom(login(client, user).get(MINE + query))
    return doc, by_id(doc, "ket-qua")


def counts(section) -> dict[str, int]:
    return {a.get("data-status"): int(text(a.find_class("n")[0])) for a in section.xpath(".//li/a")}


def test_the_unit_heads_home_shows_the_units_results(client, head, work):
    client.force_login(head)
    assert client.get("/").url == MINE
    _doc, section = panel(client, head)
    assert text(section.find("h2")) == "Kết quả thực hiện của đơn vị"
    assert counts(section) == {
        "done_early": 2,
        "done_on_time": 1,
        "done_late": 1,
        "overdue": 2,
        "extended": 0,
        "in_progress": 1,
        "not_due": 1,
    }
    assert [a.get("data-status") for a in section.xpath(".//li/a")] == list(STATUS_ORDER)
    on_time = by_id(section, "unit-on-time-rate")
    # (sớm hạn + đúng hạn) / (hoàn thành + quá hạn) = 3 / 6
    assert text(on_time.find("strong")) == percent_text(0.5) and text(on_time.find_class("of")[0]) == "(3/6)"
    assert on_time.get("data-tone") == "bad"
    early = by_id(section, "unit-early-share")
    assert text(early.find("strong")) == "50,0 %" and early.get("data-tone") == "good"  # above 30 %
    parts = section.xpath(".//*[local-name()='svg']//*[local-name()='a']")
    assert [a.get("data-status") for a in parts] == [
        "done_early",
        "done_on_time",
        "done_late",
        "overdue",
        "in_progress",
        "not_due",
    ]


@pytest.mark.parametrize("status", STATUS_ORDER)
def test_each_count_opens_the_list_of_that_status(client, head, work, status):
    _doc, section = panel(client, head)
    link = section.xpath(f".//li/a[@data-status='{status}']")[0]
    listed = dom(client.get(MINE + link.get("href")))  # "?trang_thai=…" on the same page
    rows = find_all(listed, "//table[contains(@class, 'unit-work')]/tbody/tr[starts-with(@id, 'o')]")
    assert len(rows) == int(text(link.find_class("n")[0]))
    assert {text(b) for r in rows for b in r.find_class("badge")} <= {S(status).label}


def test_the_figures_follow_the_pages_other_filters(client, head, work):
    plan = work["other_plan"]
    _doc, section = panel(client, head, f"?ke_hoach={plan.pk}&trang_thai=done&han=tuan")
    assert counts(section)["overdue"] == 1 and sum(counts(section).values()) == 2
    assert text(section.find_class("help")[0]).startswith("Kế hoạch đã chọn")
    href = section.xpath(".//li/a[@data-status='overdue']")[0].get("href")
    # The status replaced, the due window and the page dropped, the plan kept.
    assert parse_qs(urlsplit(href).query) == {"ke_hoach": [str(plan.pk)], "trang_thai": ["overdue"]}


def test_staff_see_their_units_figures_too(client, staff, work):
    _doc, section = panel(client, staff)
    assert counts(section)["overdue"] == 2
