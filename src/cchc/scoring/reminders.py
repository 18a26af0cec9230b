"""The chasing of the self-assessment (a pass of ``cchc worker``, registered with chasing).

While a department's assessment is open, ``BEFORE`` days before its due date and on the day:

- the head of each unit in charge of items still without a score of the unit's own (nor a
  proposal from the records) is told which and how many;
- the Office's coordinators are told what is left: items unscored, items claimed without
  evidence or explanation (the leadership cannot submit while any is left).

And once a month while it is open (at the first pass on or after the department's monthly
reporting day, until the due-date reminders take over), the head of each unit that holds
points at risk (items in the unit's charge, or whose tasks the unit has let fall overdue) is
told which items and how many points.

Each message goes out once (its outbox key names the assessment, the step or the month, and
the person); a pass that missed the day sends it at the next pass.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.urls import reverse

from cchc.chasing.context import Person, local_date, organisations, people_of
from cchc.chasing.models import Kind
from cchc.chasing.outbox import Message, PassResult, insert, notice
from cchc.core.formats import date_text
from cchc.orgs.models import Organisation
from cchc.scoring.models import Assessment, ItemScore
from cchc.scoring.selectors import forecast, points_text
from cchc.scoring.services import unexplained

BEFORE = (7, 0)  # days before the due date (0: on the day)


def _message(key: str, org: Organisation, person: Person, title: str, lead: str, path: str) -> Message:
    return notice(key, org.pk, person, Kind.SCORING_DUE, title, lead, path)


def _step(assessment: Assessment, today: date) -> int | None:
    """The nearest step that has come (7 days before, the day), None outside the window."""
    if today > assessment.self_due:
        return None
    for before in sorted(BEFORE):
        if today >= assessment.self_due - timedelta(days=before):
            return before
    return None


def messages_for(org: Organisation, today: date) -> list[Message]:
    out: list[Message] = []
    for a in Assessment.objects.filter(organisation=org, state=Assessment.State.OPEN, self_due__gte=today):
        step = _step(a, today)
        if step is None:
            continue
        people = people_of(org)
        due = date_text(a.self_due)
        when = "hôm nay" if step == 0 else f"ngày {due}, còn {step} ngày"
        path = reverse("scoring:table", args=[org.code, a.year])
        pending: dict[int, list[str]] = defaultdict(list)
        unscored = 0
        for unit_id, code, proposed, self_score in ItemScore.objects.filter(assessment=a).values_list(
            "unit_id", "item__code", "proposed", "self_score"
        ):
            if self_score is None and proposed is None:
                unscored += 1
                if unit_id is not None:
                    pending[unit_id].append(code)
        for unit_id, codes in sorted(pending.items()):
            title = f"Tiêu chí chấm điểm Chỉ số CCHC năm {a.year} của đơn vị chưa chấm"
            lead = (
                f"Bản tự đánh giá Chỉ số CCHC năm {a.year} hạn nộp {when}. Đơn vị còn {len(codes)} tiêu chí "
                f"chưa chấm ({', '.join(codes[:10])}): đề nghị chấm điểm, kèm tài liệu kiểm chứng."
            )
            for uid in people.heads.get(unit_id, ()):
                out.append(
                    _message(f"scoring_unit:{a.pk}:{step}:{uid}", org, people.persons[uid], title, lead, path)
                )
        missing = unexplained(a)
        title = f"Bản tự đánh giá Chỉ số CCHC năm {a.year} hạn nộp {when}"
        lead = (
            f"Còn {unscored} tiêu chí chưa chấm, {len(missing)} tiêu chí có điểm nhưng chưa có tài liệu kiểm "
            f"chứng hay giải trình. Lãnh đạo Sở nộp bản tự đánh giá trước ngày {due}."
        )
        for uid in people.coordinators:
            out.append(
                _message(f"scoring_due:{a.pk}:{step}:{uid}", org, people.persons[uid], title, lead, path)
            )
    return out


def risk_messages(org: Organisation, today: date) -> list[Message]:
    """The month's notice to the units holding points at risk (see the module's docstring)."""
    if today.day < org.reporting_day:
        return []
    out: list[Message] = []
    month = f"{today:%Y-%m}"
    for a in Assessment.objects.filter(
        organisation=org, state=Assessment.State.OPEN, self_due__gt=today + timedelta(days=max(BEFORE))
    ):
        held: dict[str, list[tuple[str, Decimal]]] = defaultdict(list)
        for f in forecast(a)[0]:
            if not f.at_risk or not f.reasons:
                continue
            units = {t_unit for t in f.tasks if t["overdue"] for t_unit in t["units"]}
            if f.score.unit is not None:
                units.add(f.score.unit.name)
            for name in units:
                held[name].append((f.code, f.at_risk))
        if not held:
            continue
        people = people_of(org)
        unit_ids = dict(org.units.filter(name__in=held).values_list("name", "pk"))
        path = reverse("scoring:table", args=[org.code, a.year])
        for name, items in sorted(held.items()):
            total = sum((p for _, p in items), Decimal(0))
            title = f"Chỉ số CCHC năm {a.year}: {len(items)} tiêu chí của đơn vị có nguy cơ mất điểm"
            lead = (
                f"Các tiêu chí {', '.join(code for code, _ in items[:10])} có nguy cơ mất tới "
                f"{points_text(total)} điểm (nhiệm vụ quá hạn, số liệu chưa đạt hoặc thiếu tài liệu "
                "kiểm chứng). "
                f"Hạn nộp bản tự đánh giá: {date_text(a.self_due)}."
            )
            for uid in people.heads.get(unit_ids.get(name, 0), ()):
                key = f"scoring_risk:{a.pk}:{month}:{uid}"
                out.append(_message(key, org, people.persons[uid], title, lead, path))
    return out


def run_scoring_due(*, now: datetime, organisation: Organisation | None = None) -> PassResult:
    result = PassResult("scoring_due", ran=False)
    today = local_date(now)
    for org in organisations(organisation):
        open_ = Assessment.objects.filter(organisation=org, state=Assessment.State.OPEN, self_due__gte=today)
        if not open_.exists():  # most passes: nothing to say
            continue
        new = messages_for(org, today) + risk_messages(org, today)
        if not new:
            continue
        result.ran = True
        created, skipped, _ = insert(new, now=now)
        result.created += created
        result.existing += skipped
    return result
