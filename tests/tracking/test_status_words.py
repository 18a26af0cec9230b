"""The status words come from one place (``cchc.core.status``): the task page and the unit's
page, the exported workbook and the e-mails write exactly those words (docs/glossary.md)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cchc.chasing.context import Person
from cchc.chasing.messages import reminder_email
from cchc.core.status import (
    EXTENSION_STATE_LABELS,
    NO_REPORT_LABEL,
    PENDING_EXTENSION_LABEL,
    REPORT_STATE_LABELS,
    Status,
)
from cchc.tracking.models import ExtensionRequest, ObligationStatus, Report
from cchc.tracking.rows import NO_REPORT, PENDING_EXTENSION, REPORT_STATES
from tests.dom import dom, find_all, text
from tests.tracking.screens import *  # noqa: F403
from tests.tracking.screens import login, make_obligation

pytestmark = pytest.mark.django_db

# Every status, with the word a person reads at the head of a cell or badge.
CASES = [
    (Status.NOT_DUE, "Chưa đến hạn"),
    (Status.IN_PROGRESS, "Đang thực hiện"),
    (Status.DONE_EARLY, "Hoàn thành sớm hạn"),
    (Status.DONE_ON_TIME, "Hoàn thành đúng hạn"),
    (Status.DONE_LATE, "Hoàn thành trễ hạn"),
    (Status.OVERDUE, "Quá hạn"),
    (Status.EXTENDED, "Gia hạn"),
    (Status.NOT_TRACKED, "Không theo dõi"),
]


def _obligation(task, today, status):
    done = status in (Status.DONE_EARLY, Status.DONE_ON_TIME, Status.DONE_LATE)
    due = today - timedelta(days=10) if status == Status.OVERDUE else today + timedelta(days=20)
    return make_obligation(
        task,
        "QLTM",
        due,
        status=status.value,
        completed_on=today - timedelta(days=1) if done else None,
        current_due=due + timedelta(days=10) if status == Status.EXTENDED else None,
    )


@pytest.mark.parametrize(("status", "word"), CASES)
def test_the_word_is_defined_once(status, word):
    assert status.heading == word and status.label == word.lower()
    assert dict(ObligationStatus.choices)[status.value] == word


@pytest.mark.parametrize(("status", "word"), CASES)
def test_task_page_workbook_and_email_write_the_status_word(client, coordinator, task1, today, status, word):
    ob = _obligation(task1, today, status)
    # The screen: the task page's badge for the period.
    page = dom(login(client, coordinator).get(reverse("tracking:task", args=[task1.pk])))
    badges = [
        text(b)
        for b in find_all(page, f"//span[contains(@class, 'badge') and contains(@class, 'st-{status}')]")
    ]
    assert badges and set(badges) == {status.heading}
    # The workbook: the "Trạng thái" cell of the task's row, "<unit> – <period>: <word> (…)".
    xlsx = client.get(reverse("tracking:plan_export", args=[task1.plan_id]))
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    header = [c.value for c in ws[5]]
    column = header.index("Trạng thái") + 1
    cells = [ws.cell(row=r, column=column).value for r in range(6, ws.max_row + 1)]
    cells = [c for c in cells if c and ob.period_label in c]
    assert len(cells) == 1
    assert cells[0].split(f"{ob.period_label}: ", 1)[1].split(" (", 1)[0] == status.heading
    # The e-mail: a reminder's "Trạng thái" line and cell.
    plain, html = reminder_email("Nhắc việc", "Nhiệm vụ dưới đây …", ob, Person(1, "Nghiệm Thử", "a@b.vn"))
    assert f"- Trạng thái: {status.heading}\n" in plain
    cell = find_all(dom(html), "//tr[th[normalize-space()='Trạng thái']]/td")
    assert [text(c) for c in cell] == [status.heading]


@pytest.mark.parametrize("state", [*REPORT_STATE_LABELS, None])
def test_report_states_on_the_task_page_and_the_unit_page(client, coordinator, head, task1, today, state):
    ob = _obligation(task1, today, Status.IN_PROGRESS)
    if state:
        Report.objects.create(obligation=ob, unit=ob.unit, narrative="…", state=state, created_by=head)
    word = REPORT_STATE_LABELS[state] if state else NO_REPORT_LABEL
    assert (Report.State(state).label if state else NO_REPORT_LABEL) == word
    page = dom(login(client, coordinator).get(reverse("tracking:task", args=[task1.pk])))
    cells = [text(e) for e in find_all(page, "//td/span[contains(@class, 'rstate') or @class='muted']")]
    assert word in cells
    # The lists' rows, written in Python, use the same markup and word.
    assert (REPORT_STATES[state] if state else NO_REPORT).count(f">{word}<") == 1


def test_a_waiting_extension_is_worded_from_the_extension_states(client, coordinator, head, task1, today):
    ob = _obligation(task1, today, Status.IN_PROGRESS)
    ExtensionRequest.objects.create(obligation=ob, requested_by=head, reason="…", requested_due=today)
    assert PENDING_EXTENSION_LABEL.startswith(EXTENSION_STATE_LABELS["pending"])
    assert ExtensionRequest.State.PENDING.label == EXTENSION_STATE_LABELS["pending"]
    page = dom(login(client, coordinator).get(reverse("tracking:task", args=[task1.pk])))
    assert PENDING_EXTENSION_LABEL in [text(e) for e in find_all(page, "//td/span[@class='extra']")]
    assert f">{PENDING_EXTENSION_LABEL}<" in PENDING_EXTENSION
