"""The board's and a unit's rows written in Python (``tracking.rows``) are the rows their
reference templates (``tracking/_board_row.html``, ``tracking/_unit_row.html``) write: case
by case, the two are parsed and compared element by element (tags, attributes, text)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.template.loader import render_to_string
from lxml import html as lxml_html
from lxml.html import HtmlElement

from cchc.tracking.rows import BoardRow, UnitRow, UnitView, task_urls

TODAY = date(2026, 3, 10)
VIEW = UnitView(today=TODAY, soon=date(2026, 3, 17), can_report=True, can_extend=True)
# Whitespace between these elements' children is not shown; at a cell's start and end neither.
CONTAINERS = {"table", "tbody", "tr"}
BLOCKS = CONTAINERS | {"td"}


def _norm(s: str | None) -> str:
    """Whitespace runs as one space (what a browser shows)."""
    if not s:
        return ""
    out = " ".join(s.split())
    if s[:1].isspace() and out:
        out = " " + out
    if s[-1:].isspace():
        out += " "
    return out or " "


def shape(el: HtmlElement) -> tuple[Any, ...]:
    """The element as a browser shows it: tag, attributes (the class as a set of words), text
    and children, whitespace runs collapsed and dropped where a block starts or ends."""
    attrs = {k: (frozenset(v.split()) if k == "class" else v) for k, v in el.attrib.items()}
    block = el.tag in BLOCKS
    text = _norm(el.text)
    children = []
    for child in el:
        tail = _norm(child.tail)
        children.append((shape(child), tail.strip() if el.tag in CONTAINERS else tail))
    if block and children:  # after the last child, the block ends
        last, tail = children[-1]
        children[-1] = (last, tail.rstrip())
    if block:
        text = text.lstrip()
        if not children:
            text = text.rstrip()
    return (el.tag, attrs, text, tuple(children))


def row(html: str) -> HtmlElement:
    doc = lxml_html.fromstring(f"<table><tbody>{html}</tbody></table>")
    (tr,) = doc.xpath("//tr")
    return tr


def as_obligation(v: dict[str, Any]) -> SimpleNamespace:
    """The values row as the model object the templates read (``o.task.number``…)."""
    return SimpleNamespace(
        pk=v["id"],
        task=SimpleNamespace(number=v["task__number"], text=v["task__text"]),
        plan=SimpleNamespace(number=v["plan__number"]),
        unit=SimpleNamespace(name=v.get("unit__name")),
        **{k: v[k] for k in v if "__" not in k and k != "id"},
    )


@dataclass(frozen=True)
class Case:
    name: str
    values: dict[str, Any]
    view: UnitView = VIEW


BASE: dict[str, Any] = {
    "id": 12,
    "task_id": 7,
    "task__number": "3",
    "task__text": "Rà soát, công bố thủ tục hành chính",
    "plan__number": "15/KH-SNV",
    "unit__name": "Văn phòng Sở",
    "period_label": "Tháng 3/2026",
    "due_date": date(2026, 3, 15),
    "current_due": date(2026, 3, 15),
    "extended": False,
    "status": "in_progress",
    "completed_on": None,
    "last_activity_at": datetime(2026, 3, 4, 2, 30, tzinfo=UTC),
    "bucket": 1,
    "pending_extension": False,
    "last_report_state": None,
}


def case(name: str, view: UnitView = VIEW, **changes: Any) -> Case:
    return Case(name, {**BASE, **changes}, view)


CASES = [
    case("open, due soon"),
    case("open, not due soon", due_date=date(2026, 4, 30), current_due=date(2026, 4, 30), status="not_due"),
    case("due on the last day counted soon", current_due=date(2026, 3, 17), due_date=date(2026, 3, 17)),
    case(
        "overdue, a draft report",
        due_date=date(2026, 3, 5),
        current_due=date(2026, 3, 5),
        status="overdue",
        bucket=0,
        last_report_state="draft",
    ),
    case(
        "extended to a later date",
        due_date=date(2026, 3, 5),
        current_due=date(2026, 3, 25),
        extended=True,
        status="extended",
    ),
    case("extended, the same date", extended=True, status="extended"),
    case(
        "extension asked, report submitted",
        pending_extension=True,
        last_report_state="submitted",
        status="overdue",
        bucket=0,
        due_date=date(2026, 3, 1),
        current_due=date(2026, 3, 1),
    ),
    case("report returned", last_report_state="returned"),
    case(
        "done early",
        status="done_early",
        bucket=2,
        completed_on=date(2026, 3, 2),
        last_report_state="accepted",
    ),
    case(
        "done late",
        status="done_late",
        bucket=2,
        completed_on=date(2026, 3, 20),
        due_date=date(2026, 3, 5),
        current_due=date(2026, 3, 5),
        last_report_state="accepted",
    ),
    case("no due date yet (an event)", due_date=None, current_due=None, period_label="Khi có sự kiện"),
    case("an original date only", current_due=None),
    case("no task number, no plan number", task__number="", plan__number=None),
    case("never updated", last_activity_at=None),
    case(
        "updated late at night (the next day in Vietnam)",
        last_activity_at=datetime(2026, 3, 4, 20, 15, tzinfo=UTC),
    ),
    case(
        "text to escape and cut",
        task__text='Báo cáo <b>"kết quả"</b> & kiến nghị; ' * 8,
        task__number="2.1",
        plan__number="<KH>",
        unit__name="Phòng A & B",
        period_label="Quý I & II",
    ),
    case("text of 160 characters", task__text="a" * 160),
    case("text of 161 characters", task__text="ă" * 161),
    case("may neither report nor extend", view=replace(VIEW, can_report=False, can_extend=False)),
    case("may only extend", view=replace(VIEW, can_report=False)),
    case("past due while open: no extension", current_due=date(2026, 3, 9), due_date=date(2026, 3, 9)),
    case("status not tracked", status="not_tracked", bucket=3),
]


def template_context(c: Case, url: str) -> dict[str, Any]:
    return {
        "o": as_obligation(c.values),
        "task_url": url,
        "today": c.view.today,
        "soon": c.view.soon,
        "can_report": c.view.can_report,
        "can_extend": c.view.can_extend,
    }


@pytest.mark.parametrize("c", CASES, ids=[c.name for c in CASES])
def test_board_row_is_its_template(c):
    url = task_urls()(c.values["task_id"])
    python = BoardRow(c.values, url).html
    template = render_to_string("tracking/_board_row.html", template_context(c, url))
    assert shape(row(python)) == shape(row(template))


@pytest.mark.parametrize("c", CASES, ids=[c.name for c in CASES])
def test_unit_row_is_its_template(c):
    url = task_urls()(c.values["task_id"])
    python = UnitRow(c.values, url, c.view).html
    template = render_to_string("tracking/_unit_row.html", template_context(c, url))
    assert shape(row(python)) == shape(row(template))


def test_the_comparison_sees_a_difference():
    """A word, an attribute, a class or a space between inline elements is a difference;
    the layout of the markup between cells is not."""
    base = '<tr id="o1"><td class="a b">x <span>y</span></td></tr>'
    assert shape(row(base)) == shape(
        row('<tr id="o1">\n  <td class="b  a">\n x  <span>y</span> </td>\n</tr>')
    )
    for other in (
        '<tr id="o2"><td class="a b">x <span>y</span></td></tr>',
        '<tr id="o1"><td class="a">x <span>y</span></td></tr>',
        '<tr id="o1"><td class="a b">x<span>y</span></td></tr>',
        '<tr id="o1"><td class="a b">x <span>z</span></td></tr>',
        '<tr id="o1"><td class="a b" data-label="X">x <span>y</span></td></tr>',
    ):
        assert shape(row(base)) != shape(row(other)), other
