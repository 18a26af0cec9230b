"""What the process screens show, read into plain rows (no HTTP here): the score table's lines
(filtered), the forecast panel, a source's value in words, an item's change history, the tasks
the Office may link. The views pass these to the templates; the tests read them on the page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from cchc.core.formats import count_text, number_text, percent_text
from cchc.core.scoring import RULE_FORMS, Rule, rule_text
from cchc.orgs.models import Membership
from cchc.plans.models import Task
from cchc.scoring import permissions
from cchc.scoring.models import Assessment, Item, ItemScore, TaskLink
from cchc.scoring.selectors import COLUMNS, Forecast, Table, forecast, points_text
from cchc.scoring.sources import known

EXTRA_LEVELS = (Item.Level.BONUS, Item.Level.PENALTY)
# How many of the items most at risk the forecast panel lists.
RISK_SHOWN = 5


# --- the score table -------------------------------------------------------------------------


@dataclass(slots=True)
class Line:
    """One line of the score table: an item (scored or a heading over scored items)."""

    item: Item
    depth: int  # 0 area / bonus / penalty item, 1 criterion, 2 sub-criterion
    heading: bool  # an area or a criterion with children: bold, its value the sum below
    score: ItemScore | None  # None for a heading
    values: dict[str, Decimal | None]
    evidence: int
    source_text: str = ""

    @property
    def marker(self) -> str:
        """ "answered" / "requested" / "": the explanation asked by the appraiser."""
        if self.score is None or not self.score.explanation_requested:
            return ""
        return "answered" if self.score.answered_at else "requested"


@dataclass(frozen=True, slots=True)
class Filters:
    area: str = ""  # an area's code
    mine: bool = False  # only the items of the person's unit
    at_risk: bool = False  # only the items whose points are at risk

    @property
    def any(self) -> bool:
        return bool(self.area or self.mine or self.at_risk)


@dataclass(slots=True)
class Sections:
    main: list[Line] = field(default_factory=list)
    bonus: list[Line] = field(default_factory=list)
    penalty: list[Line] = field(default_factory=list)


def _depth(item: Item) -> int:
    return {Item.Level.CRITERION: 1, Item.Level.SUB: 2}.get(item.level, 0)  # type: ignore[call-overload]


def source_text(item: Item, value: Decimal | None) -> str:
    """A measured value as its source means it: "95,5 %", "3", "Có"; "" when none."""
    if value is None or not item.source:
        return ""
    key = item.source.partition(":")[0]
    source = known().get(key)
    unit = source.unit if source is not None else ""
    if unit == "%":
        return percent_text(value / 100)
    if unit == "yes_no":
        return "Có" if value else "Không"
    if unit == "count":
        return count_text(int(value))
    return number_text(value)


def lines(
    table: Table,
    counts: dict[int, int],
    filters: Filters = Filters(),
    *,
    unit_id: int | None = None,
    risky: Iterable[str] = (),
) -> Sections:
    """The table's lines, in the set's order, kept by ``filters``: an area keeps the area and
    what is under it (bonus and penalty aside); "mine" and "at risk" keep the scored items
    that match and the headings above them."""
    parents = {i.code: i.parent_code for i in table.items}

    def ancestors(code: str) -> set[str]:
        out: set[str] = set()
        while parents.get(code):
            code = parents[code]
            out.add(code)
        return out

    risky = set(risky)
    kept: set[str] | None = None
    if filters.any:
        kept = set()
        for code, scored in table.rows.items():
            ok = True
            if filters.area:
                ok = ok and filters.area in ancestors(code) | {code}
            if filters.mine:
                ok = ok and unit_id is not None and scored.unit_id == unit_id
            if filters.at_risk:
                ok = ok and code in risky
            if ok:
                kept |= {code} | ancestors(code)
    out = Sections()
    for item in table.items:
        if kept is not None and item.code not in kept:
            continue
        row = table.rows.get(item.code)
        line = Line(
            item=item,
            depth=_depth(item),
            heading=row is None,
            score=row,
            values={c: table.value(item.code, c) for c in COLUMNS},
            evidence=counts.get(row.pk, 0) if row is not None else 0,
            source_text=source_text(item, row.source_value) if row is not None else "",
        )
        if item.level == Item.Level.BONUS:
            out.bonus.append(line)
        elif item.level == Item.Level.PENALTY:
            out.penalty.append(line)
        else:
            out.main.append(line)
    return out


# --- the forecast panel ------------------------------------------------------------------------


@dataclass(slots=True)
class ForecastPanel:
    totals: dict[str, Decimal]
    items: list[Forecast]  # the items most at risk, most points first
    risky: set[str]  # every item code with points at risk


def forecast_panel(assessment: Assessment) -> ForecastPanel:
    rows, totals = forecast(assessment)
    at_risk = sorted((f for f in rows if f.at_risk > 0), key=lambda f: (-f.at_risk, f.score.item.order))
    return ForecastPanel(totals, at_risk[:RISK_SHOWN], {f.code for f in at_risk})


# --- one item -------------------------------------------------------------------------------


def rule_words(item: Item) -> tuple[str, str]:
    """The rule's short form ("bậc: 100=3; 80=1,5") and what that kind of rule does."""
    rule = Rule.from_dict(item.rule or {"kind": "manual"})
    meaning = next((words for kind, _, words in RULE_FORMS if kind == rule.kind), "")
    return rule_text(rule), meaning


def source_label(item: Item) -> str:
    key = item.source.partition(":")[0]
    source = known().get(key)
    return source.label if source is not None else item.source


# The fields of a score a person changes, in the order the history lists them.
TRACKED = (
    ("self_score", "Điểm tự chấm"),
    ("self_note", "Ghi chú"),
    ("explanation", "Giải trình khi thiếu tài liệu"),
    ("appraised", "Điểm thẩm định"),
    ("appraisal_note", "Ý kiến thẩm định"),
    ("explanation_requested", "Yêu cầu giải trình"),
    ("answer", "Nội dung giải trình"),
    ("final", "Điểm cuối cùng"),
    ("final_note", "Ý kiến cuối cùng"),
)
_BLANK: dict[str, Any] = {name: None for name, _ in TRACKED}


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "(trống)"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, Decimal):
        return points_text(value)
    return str(value)


@dataclass(frozen=True, slots=True)
class Change:
    who: Any  # the user (None: the system)
    when: datetime
    changes: tuple[tuple[str, str, str], ...]  # (field label, before, after)


def history(score: ItemScore) -> list[Change]:
    """Who changed what of the item and when, newest first (the rows' history: each edit of
    a person; proposals recomputed and the locks of the process are not edits)."""
    records = list(
        ItemScore.history.model.objects.filter(id=score.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    out = []
    before: dict[str, Any] = dict(_BLANK)
    for r in records:
        after = {name: getattr(r, name) for name, _ in TRACKED}
        changed = tuple(
            (label, _shown(before[name]), _shown(after[name]))
            for name, label in TRACKED
            if _norm(before[name]) != _norm(after[name])
        )
        if changed:
            out.append(Change(r.history_user, r.history_date, changed))
        before = after
    out.reverse()
    return out


def _norm(value: Any) -> Any:
    return None if value in ("", False) else value


def linkable_tasks(assessment: Assessment, item: Item) -> list[tuple[int, str]]:
    """The department's tasks of the assessed year that are not yet confirmed behind the item."""
    taken = TaskLink.objects.filter(assessment=assessment, item=item, confirmed=True).values("task_id")
    tasks = (
        Task.objects.filter(
            plan__organisation=assessment.organisation,
            plan__period_start__lte=date(assessment.year, 12, 31),
            plan__period_end__gte=date(assessment.year, 1, 1),
            plan__archived_at__isnull=True,
            is_group=False,
        )
        .exclude(pk__in=taken)
        .select_related("plan")
        .order_by("plan__period_start", "plan_id", "order", "pk")
    )
    return [(t.pk, _task_label(t)) for t in tasks]


def _task_label(task: Task) -> str:
    text = " ".join(task.text.split())
    text = text if len(text) <= 110 else text[:109] + "…"
    number = f"{task.number}. " if task.number else ""
    return f"{task.plan.number or 'Kế hoạch'} – {number}{text}"


# --- what a person may do -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rights:
    """What the page offers the person, by role and state (the services check again)."""

    member: bool
    appraiser: bool
    opener: bool  # the Office and the leadership: recompute, map tasks, assign units
    submit: bool
    request: bool
    close_answers: bool
    finalise: bool


def rights(membership: Membership | None, assessment: Assessment) -> Rights:
    state = assessment.state
    S = Assessment.State
    appraiser = permissions.can_appraise(membership, assessment)
    return Rights(
        member=permissions.is_member(membership, assessment),
        appraiser=appraiser,
        opener=permissions.can_open(membership, assessment.organisation),
        submit=permissions.can_submit(membership, assessment) and state == S.OPEN,
        request=appraiser and state == S.SUBMITTED,
        close_answers=permissions.can_close_answers(membership, assessment) and state == S.EXPLAINING,
        finalise=appraiser and state in (S.SUBMITTED, S.ANSWERED),
    )
