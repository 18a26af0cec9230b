"""The plain data the output files are made of (``core.scoring.score_sheet``,
``evidence_pack``, ``ranking_sheet``), read from an assessment or a province's ranking.

Each item's evidence is read in a few queries for the whole assessment (not per item): the
files and links added for it, and the documents of the accepted reports of the tasks
confirmed behind it — the same documents ``selectors.item_evidence`` lists.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import BinaryIO

from django.db.models.fields.files import FieldFile

from cchc.core.scoring import compute_totals
from cchc.core.scoring.evidence_pack import PackDocument, PackItem
from cchc.core.scoring.ranking_sheet import RankingLine, RankingSheet
from cchc.core.scoring.score_sheet import ScoreSheet, SheetRow
from cchc.scoring.models import Assessment, EvidenceFile, Item, ItemScore, TaskLink
from cchc.scoring.selectors import RankRow, score_table
from cchc.scoring.sets import to_core
from cchc.tracking.models import Evidence, Report


@dataclass(slots=True)
class ItemDocuments:
    """An item's documents: (title, file or None, file name, url) in the order shown."""

    docs: list[tuple[str, FieldFile | None, str, str]] = field(default_factory=list)

    def titles(self) -> tuple[str, ...]:
        return tuple(title for title, *_ in self.docs)


def _titled_name(title: str, stored: str) -> str:
    """A file added for the assessment keeps no original name (the storage may have suffixed
    it): its title with the stored file's extension ("Ảnh chụp" + ".png")."""
    base = stored.rsplit("/", 1)[-1]
    ext = "." + base.rsplit(".", 1)[-1] if "." in base else ""
    title = title.strip()
    if not title:
        return base
    return title if not ext or title.casefold().endswith(ext.casefold()) else title + ext


def documents(assessment: Assessment) -> dict[str, ItemDocuments]:
    """Per item code, its evidence: the accepted reports' documents of the confirmed tasks,
    then the files and links added for the assessment."""
    out: dict[str, ItemDocuments] = defaultdict(ItemDocuments)
    tasks: dict[int, list[str]] = defaultdict(list)
    for task_id, code in TaskLink.objects.filter(assessment=assessment, confirmed=True).values_list(
        "task_id", "item__code"
    ):
        tasks[task_id].append(code)
    if tasks:
        rows = (
            Evidence.objects.filter(
                report__state=Report.State.ACCEPTED,
                report__obligation__organisation=assessment.organisation,
                report__obligation__task_id__in=list(tasks),
            )
            .select_related("report__obligation")
            .order_by("doc_date", "pk")
        )
        for ev in rows:
            title = f"{ev.doc_number} {ev.summary}".strip()[:200]
            name = ev.file_name or (ev.file.name or "").rsplit("/", 1)[-1]
            for code in tasks[ev.report.obligation.task_id]:
                out[code].docs.append((title, ev.file or None, name, "" if ev.file else ev.url))
    for f in EvidenceFile.objects.filter(score__assessment=assessment).select_related("score__item"):
        name = _titled_name(f.title, f.file.name or "") if f.file else ""
        out[f.score.item.code].docs.append((f.title, f.file or None, name, "" if f.file else f.url))
    return out


def score_sheet(assessment: Assessment) -> ScoreSheet:
    """The score table of ``assessment`` as the files show it. "Điểm thẩm định" is each item's
    final score where given, else the appraiser's; areas and totals are added up from those
    (within the maxima and caps) as for every other column."""
    table = score_table(assessment)
    docs = documents(assessment)
    raw = {code: row.final if row.final is not None else row.appraised for code, row in table.rows.items()}
    appraisal = compute_totals(to_core(table.cset, table.items), raw)
    appraised_known = any(v is not None for v in raw.values())
    rows = []
    for item in table.items:
        score = table.rows.get(item.code)
        rows.append(
            SheetRow(
                code=item.code,
                title=item.title,
                level=item.level,
                maximum=item.maximum,
                self_score=table.value(item.code, "self"),
                appraised=appraisal.by_code.get(item.code),
                evidence=docs[item.code].titles() if item.code in docs else (),
                explanation=score.explanation if score is not None else "",
            )
        )
    t = table.totals
    return ScoreSheet(
        department=assessment.organisation.name,
        year=assessment.year,
        set_title=table.cset.title,
        illustrative=table.cset.illustrative,
        rows=tuple(rows),
        maximum=t["max"],
        bonus_cap=table.cset.bonus_cap,
        penalty_cap=table.cset.penalty_cap,
        totals_self={"bonus": t["bonus"]["self"], "penalty": t["penalty"]["self"], "total": t["self"]},
        totals_appraised=(
            {"bonus": appraisal.bonus, "penalty": appraisal.penalty, "total": appraisal.total}
            if appraised_known
            else {}
        ),
        state=assessment.get_state_display(),
    )


def _opener(f: FieldFile):
    def open_file() -> BinaryIO:
        return f.open("rb")  # type: ignore[return-value]

    return open_file


def pack_items(assessment: Assessment) -> list[PackItem]:
    """Every scored item of ``assessment`` (bonus and penalty included), in the set's order,
    with its documents and its explanation."""
    docs = documents(assessment)
    scores = ItemScore.objects.filter(assessment=assessment).select_related("item").order_by("item__order")
    items = []
    for s in scores:
        found = docs.get(s.item.code, ItemDocuments()).docs
        items.append(
            PackItem(
                code=s.item.code,
                title=s.item.title,
                documents=tuple(
                    PackDocument(title, name=name, url=url, open=_opener(f) if f else None)
                    for title, f, name, url in found
                ),
                explanation=s.explanation,
            )
        )
    return items


def ranking_sheet(
    province: str, year: int, column: str, rows: list[RankRow], heads: list[Item]
) -> RankingSheet:
    """The ranking as the workbook shows it (areas and criteria ranked by ``column``)."""
    return RankingSheet(
        province=province,
        year=year,
        column=column,
        heads=tuple((h.code, h.title, h.level, h.maximum) for h in heads),
        lines=tuple(
            RankingLine(
                name=r.org.name,
                totals=r.totals,
                ranks=r.ranks,
                by_code={
                    h.code: (r.by_code[column].get(h.code), r.code_ranks.get(column, {}).get(h.code))
                    for h in heads
                },
            )
            for r in rows
        ),
        illustrative=any(r.assessment.criteria_set.illustrative for r in rows),
    )
