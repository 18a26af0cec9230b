"""What the screens, the command and the files read of an assessment: the score table with its
totals (within the set's caps), each item's evidence, the province's ranking and the year's
forecast (points secured, points at risk and why)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse

from cchc.core.formats import NONE, number_text
from cchc.core.scoring import compute_totals, rank
from cchc.core.status import Status
from cchc.orgs.models import Organisation
from cchc.scoring.models import Assessment, CriteriaSet, EvidenceFile, Item, ItemScore, TaskLink
from cchc.scoring.sets import to_core
from cchc.scoring.sources import Link, task_evidence_links
from cchc.tracking.models import Obligation

COLUMNS = ("proposed", "self", "appraised", "final")


def evidence_counts(assessment: Assessment) -> dict[int, int]:
    """Per item score, how many documents stand behind it: files added for the assessment and
    documents of the accepted reports of the confirmed tasks."""
    counts: dict[int, int] = defaultdict(int)
    for score_id, n in (
        EvidenceFile.objects.filter(score__assessment=assessment)
        .values_list("score_id")
        .annotate(n=Count("pk"))
    ):
        counts[score_id] += n
    rows = (
        TaskLink.objects.filter(assessment=assessment, confirmed=True)
        .values_list("item_id")
        .annotate(
            n=Count(
                "task__obligations__reports__evidence",
                filter=Q(task__obligations__reports__state="accepted"),
            )
        )
    )
    by_item = dict(rows)
    for score_id, item_id in ItemScore.objects.filter(assessment=assessment).values_list("pk", "item_id"):
        counts[score_id] += by_item.get(item_id, 0)
    return dict(counts)


def item_evidence(score: ItemScore) -> list[Link]:
    """The item's evidence: the accepted reports' documents of its confirmed tasks, then the
    files and links added for the assessment."""
    task_ids = TaskLink.objects.filter(
        assessment_id=score.assessment_id, item_id=score.item_id, confirmed=True
    ).values("task_id")
    obligation_ids = list(Obligation.objects.filter(task_id__in=task_ids).values_list("pk", flat=True))
    links = list(task_evidence_links(obligation_ids, score.assessment_id))
    for f in score.files.all():
        url = f.url or (reverse("scoring:file", args=[f.pk]) if f.file else "")
        links.append(Link(f.title, url))
    return links


def points_text(value: Decimal | float | None) -> str:
    """Points as the department writes them: "1,5", "0,25", "3"; "—" when none."""
    return NONE if value is None else number_text(value)


def self_value(row: ItemScore) -> Decimal | None:
    return row.self_score if row.self_score is not None else row.proposed


def _column(row: ItemScore, column: str) -> Decimal | None:
    if column == "self":
        return self_value(row)
    return getattr(row, column)


@dataclass(slots=True)
class Table:
    """The score table of one assessment: every item of the set, in order, with the four
    columns (the areas' and criteria's within their maxima), and the totals."""

    assessment: Assessment
    cset: CriteriaSet
    items: list[Item]
    rows: dict[str, ItemScore]  # scored items by code
    columns: dict[str, dict[str, Decimal | None]]  # column -> code -> value
    totals: dict[str, Any] = field(default_factory=dict)

    def value(self, code: str, column: str) -> Decimal | None:
        return self.columns[column].get(code)


def score_table(assessment: Assessment) -> Table:
    cset = assessment.criteria_set
    items = list(cset.items.order_by("order"))
    core = to_core(cset, items)
    rows = {
        r.item.code: r for r in ItemScore.objects.filter(assessment=assessment).select_related("item", "unit")
    }
    columns: dict[str, dict[str, Decimal | None]] = {}
    totals: dict[str, Any] = {
        "max": sum((i.maximum for i in items if i.level == Item.Level.AREA), Decimal(0))
    }
    bonus_pen: dict[str, dict[str, Decimal]] = {"bonus": {}, "penalty": {}}
    for column in COLUMNS:
        t = compute_totals(core, {code: _column(r, column) for code, r in rows.items()})
        columns[column] = dict(t.by_code)
        totals[column] = t.total
        bonus_pen["bonus"][column] = t.bonus
        bonus_pen["penalty"][column] = t.penalty
    totals["bonus"] = bonus_pen["bonus"]
    totals["penalty"] = bonus_pen["penalty"]
    return Table(assessment, cset, items, rows, columns, totals)


def _num(v: Decimal | None) -> float | None:
    return None if v is None else float(v)


def show(assessment: Assessment) -> dict[str, Any]:
    """The assessment as ``cchc score show --json`` prints it (the issue's contract)."""
    table = score_table(assessment)
    scores = list(table.rows.values())
    evidence: dict[str, list[dict[str, str]]] = {}
    for s in (
        ItemScore.objects.filter(pk__in=[s.pk for s in scores])
        .select_related("item")
        .prefetch_related("files")
    ):
        evidence[s.item.code] = [link.to_dict() for link in item_evidence(s)]

    def item_json(i: Item) -> dict[str, Any]:
        row = table.rows.get(i.code)
        source = None
        if i.source and row is not None:
            key, _, param = i.source.partition(":")
            kind, _, metric = key.partition(".")
            source = {
                "kind": kind,
                "metric": metric,
                **({"param": param} if param else {}),
                "value": _num(row.source_value),
                "period": row.source_period,
            }
        return {
            "code": i.code,
            "title": i.title,
            "level": i.level,
            "parent": i.parent_code or None,
            "max": float(i.maximum),
            "rule": i.rule,
            "source": source,
            **{c: _num(table.value(i.code, c)) for c in COLUMNS},
            "evidence": evidence.get(i.code, []),
            "explanation": row.explanation if row else "",
        }

    plain = [item_json(i) for i in table.items if i.level not in (Item.Level.BONUS, Item.Level.PENALTY)]
    bonus = [item_json(i) for i in table.items if i.level == Item.Level.BONUS]
    penalty = [item_json(i) for i in table.items if i.level == Item.Level.PENALTY]
    t = table.totals
    cset = table.cset
    return {
        "org": assessment.organisation.code,
        "year": assessment.year,
        "state": assessment.state,
        "set": {
            "title": cset.title,
            "province": cset.province,
            "decision": cset.decision,
            "illustrative": cset.illustrative,
        },
        "items": plain,
        "bonus": {
            "items": bonus,
            "cap": _num(cset.bonus_cap),
            "total": {c: _num(t["bonus"][c]) for c in COLUMNS},
        },
        "penalty": {
            "items": penalty,
            "cap": _num(cset.penalty_cap),
            "total": {c: _num(t["penalty"][c]) for c in COLUMNS},
        },
        "totals": {"max": _num(t["max"]), **{c: _num(t[c]) for c in COLUMNS}},
    }


# --- the province's ranking -------------------------------------------------------------------

RANK_COLUMNS = ("self", "appraised", "final")


@dataclass(slots=True)
class RankRow:
    org: Organisation
    assessment: Assessment
    totals: dict[str, Decimal | None]  # column -> total
    ranks: dict[str, int | None]
    by_code: dict[str, dict[str, Decimal | None]]  # column -> area/criterion code -> value
    code_ranks: dict[str, dict[str, int | None]] = field(default_factory=dict)


def ranking(province: str, year: int) -> tuple[list[RankRow], list[Item]]:
    """The departments of a province assessed in ``year``, with their totals and dense ranks by
    self, appraised and final score, and per area and criterion (each column); ordered by final, then
    appraised, then self. Returns the rows and the areas/criteria (for the columns)."""
    assessments = list(
        Assessment.objects.filter(organisation__province=province, year=year).select_related(
            "organisation", "criteria_set"
        )
    )
    if not assessments:
        return [], []
    sets = {a.criteria_set_id: a.criteria_set for a in assessments}
    set_items = {sid: list(s.items.order_by("order")) for sid, s in sets.items()}
    cores = {sid: to_core(s, set_items[sid]) for sid, s in sets.items()}
    values: dict[int, dict[str, dict[str, Decimal | None]]] = defaultdict(lambda: defaultdict(dict))
    for aid, code, proposed, self_score, appraised, final in ItemScore.objects.filter(
        assessment__in=assessments
    ).values_list("assessment_id", "item__code", "proposed", "self_score", "appraised", "final"):
        values[aid]["self"][code] = self_score if self_score is not None else proposed
        values[aid]["appraised"][code] = appraised
        values[aid]["final"][code] = final
    rows = []
    for a in assessments:
        totals: dict[str, Decimal | None] = {}
        by_code: dict[str, dict[str, Decimal | None]] = {}
        for column in RANK_COLUMNS:
            t = compute_totals(cores[a.criteria_set_id], values[a.pk][column])
            scored = any(v is not None for v in values[a.pk][column].values())
            totals[column] = t.total if scored else None
            by_code[column] = dict(t.by_code)
        rows.append(RankRow(a.organisation, a, totals, {}, by_code))
    for column in RANK_COLUMNS:
        ranks = rank({r.org.pk: r.totals[column] for r in rows})
        for r in rows:
            r.ranks[column] = ranks[r.org.pk]
    heads = [i for i in next(iter(set_items.values())) if i.level in (Item.Level.AREA, Item.Level.CRITERION)]
    for column in RANK_COLUMNS:
        for head in heads:
            ranks = rank({r.org.pk: r.by_code[column].get(head.code) for r in rows})
            for r in rows:
                r.code_ranks.setdefault(column, {})[head.code] = ranks[r.org.pk]

    def order(r: RankRow):
        keys = [(r.totals[c] is None, -(r.totals[c] or 0)) for c in ("final", "appraised", "self")]
        return (*keys, r.org.name)

    rows.sort(key=order)
    return rows, heads


# --- the forecast during the year ----------------------------------------------------------


@dataclass(slots=True)
class Forecast:
    code: str
    title: str
    maximum: Decimal
    forecast: Decimal | None
    secured: Decimal
    at_risk: Decimal
    reasons: list[str]
    tasks: list[dict[str, Any]]
    last_year: Decimal | None
    score: ItemScore


def forecast(assessment: Assessment) -> tuple[list[Forecast], dict[str, Decimal]]:
    """Per scored item (bonus and penalty aside): the score expected from today's records, the
    points secured (expected and nothing threatens them) and at risk (what may be lost or not
    gained: overdue tasks, a rate under its best band, points claimed without evidence), the
    tasks each depends on, and last year's final score."""
    counts = evidence_counts(assessment)
    previous = Assessment.objects.filter(
        organisation=assessment.organisation, year=assessment.year - 1
    ).first()
    last_year: dict[str, Decimal | None] = {}
    if previous is not None:
        last_year = dict(ItemScore.objects.filter(assessment=previous).values_list("item__code", "final"))
    links: dict[int, list[TaskLink]] = defaultdict(list)
    for link in TaskLink.objects.filter(assessment=assessment, confirmed=True).select_related(
        "task", "task__plan"
    ):
        links[link.item_id].append(link)
    task_ids = [link.task_id for ls in links.values() for link in ls]
    overdue: dict[int, int] = dict(
        Obligation.objects.filter(task_id__in=task_ids, status=Status.OVERDUE)
        .values_list("task_id")
        .annotate(n=Count("pk"))
    )
    units: dict[int, set[str]] = defaultdict(set)
    for task_id, unit_name in (
        Obligation.objects.filter(task_id__in=task_ids).values_list("task_id", "unit__name").distinct()
    ):
        if unit_name:
            units[task_id].add(unit_name)
    out: list[Forecast] = []
    totals = {"max": Decimal(0), "forecast": Decimal(0), "secured": Decimal(0), "at_risk": Decimal(0)}
    for s in ItemScore.objects.filter(assessment=assessment).select_related("item").order_by("item__order"):
        item = s.item
        if item.level in (Item.Level.BONUS, Item.Level.PENALTY):
            continue
        value = self_value(s)
        reasons = []
        tasks = []
        for link in links.get(item.pk, []):
            late = overdue.get(link.task_id, 0)
            if late:
                reasons.append(f"{late} nghĩa vụ quá hạn của nhiệm vụ “{link.task.text[:80]}”")
            tasks.append(
                {
                    "id": link.task_id,
                    "text": link.task.text,
                    "url": reverse("tracking:task", args=[link.task_id]),
                    "overdue": late,
                    "units": sorted(units.get(link.task_id, ())),
                }
            )
        # What threatens the expected points (work overdue, no evidence) secures nothing of
        # them; a shortfall alone (a rate under its best band) secures what it reaches.
        threatened = bool(reasons)
        if value is None:
            reasons.append("chưa có số liệu hay điểm tự chấm")
            threatened = True
        else:
            if value > 0 and not counts.get(s.pk) and not s.explanation.strip():
                reasons.append("chưa có tài liệu kiểm chứng")
                threatened = True
            if value < item.maximum:
                reasons.append(f"mới đạt {points_text(value)}/{points_text(item.maximum)} điểm")
        secured = Decimal(0) if threatened or value is None else value
        at_risk = item.maximum - secured
        out.append(
            Forecast(
                item.code,
                item.title,
                item.maximum,
                value,
                secured,
                at_risk,
                reasons,
                tasks,
                last_year.get(item.code),
                s,
            )
        )
        totals["max"] += item.maximum
        totals["forecast"] += value or 0
        totals["secured"] += secured
        totals["at_risk"] += at_risk
    return out, totals
