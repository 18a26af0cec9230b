"""The words of every message: subject, plain text and HTML e-mail, in-app title and body.

Vietnamese, dates as dd/mm/yyyy. Rendered once when the pass decides a message, and
stored in the outbox, so what was sent can be read back later exactly as it went out.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse

from cchc.chasing.context import Person
from cchc.core.formats import date_text
from cchc.core.reminders import BEFORE_DUE, DUE_TODAY, ESCALATION, OVERDUE, STALE, Calendar, Reminder
from cchc.tracking.models import Obligation
from cchc.tracking.rows import task_urls

PREFIX = "[CCHC]"


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str
    text: str
    html: str
    title: str
    body: str
    url: str


def site_url() -> str:
    """Where the e-mails' links point: ``CCHC_SITE_URL`` (setting or environment), by default
    the address ``cchc serve`` listens on, so the demo's e-mails open the demo."""
    url = getattr(settings, "CCHC_SITE_URL", "") or os.environ.get("CCHC_SITE_URL", "")
    return (url or "http://127.0.0.1:8000").rstrip("/")


def path_or_blank(name: str, *args: Any) -> str:
    # The screens are built alongside; a message must not fail because a page is missing.
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@lru_cache(maxsize=8192)
def dmy(d: date | None) -> str:
    # Remembered: a pass writes the same few due dates into hundreds of thousands of messages.
    return date_text(d) if d else "—"


def shorten(text: str, n: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


_TEMPLATES: dict[str, Any] = {}


def _template(path: str) -> Any:
    """The compiled template, looked up once and reused for every message."""
    t = _TEMPLATES.get(path)
    if t is None:
        t = _TEMPLATES[path] = get_template(path)
    return t


def _forget_templates(*, setting: str, **kwargs: Any) -> None:
    if setting == "TEMPLATES":
        _TEMPLATES.clear()


setting_changed.connect(_forget_templates)


def _render(name: str, ctx: dict[str, Any]) -> tuple[str, str]:
    return (
        _template(f"chasing/email/{name}.txt").render(ctx).strip() + "\n",
        _template(f"chasing/email/{name}.html").render(ctx),
    )


def task_label(ob: Obligation) -> str:
    number = f"{ob.task.number}. " if ob.task.number else ""
    return number + shorten(ob.task.text, 200)


def plan_ref(ob: Obligation) -> str:
    """The plan as a message names it: its number (two plans may share a task's text)."""
    return (ob.plan.number or "").strip() or shorten(ob.plan.title or "", 40)


def titled(ob: Obligation, n: int = 80) -> str:
    """A headline's task with its plan: "1. Rà soát … (12/KH-SCT)"."""
    return _titled(ob.task.number, ob.task.text, ob.plan.number, ob.plan.title, n)


@lru_cache(maxsize=16384)
def _titled(number: str | None, text: str, plan_number: str | None, plan_title: str | None, n: int) -> str:
    # Remembered: a pass heads every reminder of a task the same way (its strings are the
    # same objects, shared by the pass, whose hashes Python keeps).
    plan = (plan_number or "").strip() or shorten(plan_title or "", 40)
    label = (f"{number}. " if number else "") + shorten(text, 200)
    task = shorten(label, n)
    return f"{task} ({plan})" if plan else task


_TASK_PATHS: list[Any] = []


def task_path(task_id: int) -> str:
    """The task page's path (``tracking.rows.task_urls``, kept for the pass: it writes it by
    the hundred thousand)."""
    if not _TASK_PATHS:  # reversed on first use: the URLconf is not loaded at import
        _TASK_PATHS.append(task_urls())
    return _TASK_PATHS[0](task_id)


OBLIGATION_PARAM = "nghia-vu"
OBLIGATION_ANCHOR = "chi-tiet"


def obligation_path(task_id: int, obligation_id: int) -> str:
    """Where a message about one obligation leads: its task's page opened on that period
    (``?nghia-vu=…``; a recurring task's page lists many periods over several pages) at
    its details (``#chi-tiet``)."""
    return f"{task_path(task_id)}?{OBLIGATION_PARAM}={obligation_id}#{OBLIGATION_ANCHOR}"


def _forget_paths(*, setting: str, **kwargs: Any) -> None:
    if setting == "ROOT_URLCONF":
        _TASK_PATHS.clear()


setting_changed.connect(_forget_paths)


def obligation_context(ob: Obligation) -> dict[str, Any]:
    path = obligation_path(ob.task_id, ob.id)
    return {
        "task": task_label(ob),
        "plan": f"{ob.plan.number} — {shorten(ob.plan.title, 120)}".strip(" —"),
        "unit": ob.unit.name,
        "period": ob.period_label,
        "due": dmy(ob.current_due),
        "original_due": dmy(ob.due_date) if ob.extended and ob.due_date != ob.current_due else "",
        "status": ob.get_status_display(),
        "path": path,
        "link": site_url() + path if path else "",
    }


def _headline(r: Reminder, ob: Obligation, today: date, cal: Calendar) -> tuple[str, str]:
    """(subject line after the prefix, the first sentence of the message)."""
    due = ob.current_due
    assert due is not None
    task = titled(ob)
    if r.kind == BEFORE_DUE:
        left = max(1, cal.working_days_between(today, due))
        return (
            f"Còn {left} ngày làm việc đến hạn {dmy(due)}: {task}",
            f"Nhiệm vụ dưới đây của {ob.unit.name} còn {left} ngày làm việc nữa là đến hạn ({dmy(due)}).",
        )
    if r.kind == DUE_TODAY:
        when = "hôm nay" if today >= due else f"ngày {dmy(due)}"
        return (
            f"Đến hạn {when}: {task}",
            f"Nhiệm vụ dưới đây của {ob.unit.name} đến hạn {when} ({dmy(due)}). "
            "Đề nghị hoàn thành và gửi báo cáo kèm tài liệu kiểm chứng.",
        )
    late = _late_days(due, today, cal)
    if r.kind == OVERDUE:
        return (
            f"Quá hạn {late} ngày làm việc: {task}",
            f"Nhiệm vụ dưới đây của {ob.unit.name} đã quá hạn {dmy(due)} ({late} ngày làm việc) "
            "mà chưa có báo cáo hoàn thành được chấp nhận. Đề nghị khẩn trương hoàn thành, "
            "hoặc đề nghị gia hạn nếu có lý do chính đáng.",
        )
    if r.kind == ESCALATION:
        return (
            f"Quá hạn {late} ngày làm việc — {ob.unit.name}: {task}",
            f"Báo cáo Văn phòng Sở và Lãnh đạo Sở: nhiệm vụ dưới đây do {ob.unit.name} chủ trì "
            f"đã quá hạn {dmy(due)} ({late} ngày làm việc).",
        )
    if r.kind == STALE:
        return (
            f"Lâu chưa cập nhật tiến độ: {task}",
            f"Nhiệm vụ dưới đây của {ob.unit.name} đã lâu chưa được cập nhật tiến độ. "
            "Đề nghị cập nhật tình hình thực hiện (tiến độ, tài liệu kiểm chứng).",
        )
    return task, task


def _late_days(due: date, today: date, cal: Calendar) -> int:
    return max(1, cal.working_days_between(due, today))


class ReminderMessage:
    """One reminder of one obligation at one stage, for all its recipients: its headline
    (subject, lead) and link, computed once. Its e-mail is written when the weekly cap
    releases it (``reminder_email``): most reminders of a backlog are folded into a digest,
    and a pass over a province's backlog must not render hundreds of thousands of e-mails
    that will never be sent."""

    __slots__ = ("lead", "subject", "url")

    def __init__(self, r: Reminder, ob: Obligation, today: date, cal: Calendar) -> None:
        self.subject, self.lead = _headline(r, ob, today, cal)
        self.url = obligation_path(ob.task_id, ob.id)

    def message(self) -> Rendered:
        """Subject, in-app title and body, link; the e-mail's text and HTML are left empty."""
        return Rendered(f"{PREFIX} {self.subject}", "", "", self.subject, self.lead, self.url)


def reminder_email(subject: str, lead: str, ob: Obligation, person: Person) -> tuple[str, str]:
    """(plain text, HTML) of a reminder's e-mail to ``person``: its headline (``title`` and
    ``body`` of its outbox row) and the obligation as it stands when the e-mail is written."""
    about = obligation_context(ob)
    ctx = {"person": person, "lead": lead, "ob": about, "subject": subject, "link": about["link"]}
    return _render("reminder", ctx)


def event_email(subject: str, lead: str, about: dict[str, Any], path: str, person: Person) -> tuple[str, str]:
    """(plain text, HTML) of the e-mail about an event (a review, an extension): ``about`` is
    the obligation's ``obligation_context``."""
    ctx = {
        "person": person,
        "lead": lead,
        "ob": about,
        "subject": subject,
        "link": site_url() + path if path else "",
    }
    return _render("event", ctx)


def notice_email(subject: str, lead: str, path: str, person: Person) -> tuple[str, str]:
    """(plain text, HTML) of an e-mail about the department's work rather than one obligation
    (a report to send upward that falls due)."""
    return _render(
        "notice",
        {"person": person, "lead": lead, "subject": subject, "link": site_url() + path if path else ""},
    )


def report_call(
    unit_name: str, month_label: str, call_day: date, obligations: list[Obligation], more: int, person: Person
) -> Rendered:
    year, month = month_label.split("-")
    subject = f"Đề nghị báo cáo kết quả CCHC tháng {int(month):02d}/{year} — {unit_name}"
    lead = (
        f"Đến kỳ báo cáo định kỳ ngày {dmy(call_day)}. Đề nghị {unit_name} báo cáo kết quả thực hiện "
        f"{len(obligations) + more} nhiệm vụ đang thực hiện dưới đây (tiến độ, tài liệu kiểm chứng) "
        "trên hệ thống."
    )
    path = path_or_blank("tracking:my_unit")
    ctx = {
        "person": person,
        "lead": lead,
        "subject": subject,
        "items": [obligation_context(o) for o in obligations],
        "more": more,
        "link": site_url() + path if path else "",
    }
    text, html = _render("report_call", ctx)
    return Rendered(f"{PREFIX} {subject}", text, html, subject, lead, path)


def weekly_digest(digest: Any, person: Person, week: str = "") -> Rendered:
    subject = f"Tổng hợp tình hình thực hiện nhiệm vụ CCHC tuần {dmy(digest.since)} – {dmy(digest.until)}"
    lead = (
        f"Hoàn thành trong tuần: {digest.total.done}; quá hạn: {digest.total.overdue}; "
        f"đến hạn 7 ngày tới: {digest.total.due_next}."
    )
    # The same tables in the app (printable), for this week.
    path = path_or_blank("chasing:weekly")
    if path and week:
        path += f"?tuan={week}"
    ctx = {
        "person": person,
        "d": digest,
        "subject": subject,
        "lead": lead,
        "link": site_url() + path if path else "",
    }
    text, html = _render("weekly_digest", ctx)
    return Rendered(f"{PREFIX} {subject}", text, html, subject, lead, path)


TASKS_IN_DIGEST = 30  # tasks listed in the personal digest's e-mail; the page lists them all


def personal_digest(tasks: list[Any], count: int, day: date, person: Person, path: str) -> Rendered:
    """The reminders the weekly cap held back, in one message grouped by task (``FoldedTask``,
    most urgent first): each task once, with its count, its latest reminders and a link to
    its page; the app's page ``path`` lists every one."""
    subject = f"Tổng hợp {count} nhắc việc trong tuần (đến {dmy(day)})"
    lead = (
        f"Để không gửi quá nhiều thư trong một tuần, {count} nhắc việc về {len(tasks)} nhiệm vụ "
        "được gộp vào bản tổng hợp này."
    )
    shown = tasks[:TASKS_IN_DIGEST]
    link = site_url() + path if path else ""
    ctx = {
        "person": person,
        "tasks": [(t, site_url() + t.path if t.path else "") for t in shown],
        "more": len(tasks) - len(shown),
        "subject": subject,
        "lead": lead,
        "link": link,
    }
    text, html = _render("personal_digest", ctx)
    lines = [f"- {t.label}{f' ({t.plan})' if t.plan else ''}: {t.count} nhắc việc" for t in shown[:10]]
    if len(tasks) > 10:
        lines.append(f"… và {len(tasks) - 10} nhiệm vụ khác.")
    body = lead + "\n" + "\n".join(lines)
    return Rendered(f"{PREFIX} {subject}", text, html, subject, body, path)
