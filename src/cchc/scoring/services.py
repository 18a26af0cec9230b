"""The self-assessment's process, one service per action a person takes:

open → propose (again, any time while open) → each item confirmed or changed by the Office or
the unit head → submitted by the leadership (late is recorded) → appraised item by item →
explanations asked → answered once → final scores.

Edits name the version of the row they were made on: a row that moved on in between refuses
the edit (:class:`EditConflict`), so two people editing one item never overwrite each other
silently. Every change is kept in the rows' history (simple_history).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import cast

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cchc.core.errors import UserError
from cchc.core.formats import date_text
from cchc.core.scoring import RuleError, TaskText, apply_rule, suggest
from cchc.core.scoring.rules import to_decimal
from cchc.orgs.models import Membership, Organisation
from cchc.orgs.types import User
from cchc.plans.models import Task
from cchc.scoring import permissions
from cchc.scoring.models import Assessment, EvidenceFile, Item, ItemScore, TaskLink
from cchc.scoring.selectors import evidence_counts
from cchc.scoring.sets import core_item, set_for
from cchc.scoring.sources import SourceContext, measure
from cchc.tracking.errors import TrackingError
from cchc.tracking.evidence import check_file

State = Assessment.State
SCORED_LEVELS = (Item.Level.SUB, Item.Level.CRITERION, Item.Level.BONUS, Item.Level.PENALTY)


class ScoringError(UserError):
    pass


class NotAllowed(ScoringError):
    pass


class EditConflict(ScoringError):
    def __init__(self) -> None:
        super().__init__(
            "Tiêu chí này vừa được người khác sửa: hãy tải lại trang để xem điểm mới rồi sửa lại nếu cần."
        )


def _need(ok: bool, message: str) -> None:
    if not ok:
        raise NotAllowed(message)


def _state(assessment: Assessment, *states: str, message: str) -> None:
    if assessment.state not in states:
        raise ScoringError(message)


def parse_points(text: str | Decimal | None) -> Decimal | None:
    """A score typed by a person ("1,5", "0.25", ""), as a Decimal; blank → None."""
    if text is None or isinstance(text, Decimal):
        return text
    text = str(text).strip()
    if not text:
        return None
    try:
        return to_decimal(text, "điểm")
    except RuleError:
        raise ScoringError(f"“{text}” không phải là số điểm (ví dụ 1,5).") from None


def _check_range(value: Decimal | None, item: Item) -> None:
    if value is None:
        return
    if value < 0:
        raise ScoringError("Điểm không được âm (điểm trừ ghi số dương: số điểm bị trừ).")
    if value > item.maximum:
        raise ScoringError(f"Điểm {value} vượt điểm tối đa {item.maximum} của tiêu chí {item.code}.")


# --- opening and proposing --------------------------------------------------------------------


@transaction.atomic
def open_assessment(
    org: Organisation,
    year: int,
    *,
    self_due: date,
    appraisal_due: date | None = None,
    explanation_due: date | None = None,
    user: User | None = None,
    membership: Membership | None = None,
    today: date | None = None,
) -> Assessment:
    """Open the year's assessment with its deadlines on the province's set of that year, create
    a row per scored item, suggest the plan tasks behind each item and compute the proposals."""
    if membership is not None:
        _need(permissions.can_open(membership, org), "Chỉ Văn phòng Sở và Lãnh đạo Sở mở kỳ tự đánh giá.")
    cset = set_for(org.province, year)
    if cset is None:
        raise ScoringError(
            f"Chưa có bộ tiêu chí năm {year} của {org.province or 'tỉnh'}: hãy nhập bộ tiêu chí trước "
            "(cchc score import-criteria hoặc trang quản trị)."
        )
    if Assessment.objects.filter(organisation=org, year=year).exists():
        raise ScoringError(f"Đã mở kỳ tự đánh giá năm {year}.")
    assessment = Assessment.objects.create(
        organisation=org,
        criteria_set=cset,
        year=year,
        self_due=self_due,
        appraisal_due=appraisal_due,
        explanation_due=explanation_due,
        opened_by=user,
    )
    items = list(cset.items.order_by("order"))
    parents = {i.parent_code for i in items if i.parent_code}
    ItemScore.objects.bulk_create(
        ItemScore(assessment=assessment, item=i)
        for i in items
        if i.level in (Item.Level.BONUS, Item.Level.PENALTY)
        or (i.level != Item.Level.AREA and i.code not in parents)
    )
    suggest_links(assessment)
    propose(assessment, today=today)
    assessment.refresh_from_db()
    return assessment


def suggest_links(assessment: Assessment) -> int:
    """Suggest the plan tasks behind each item from their section and words (not confirmed)."""
    tasks = Task.objects.filter(
        plan__organisation=assessment.organisation,
        plan__period_start__lte=date(assessment.year, 12, 31),
        plan__period_end__gte=date(assessment.year, 1, 1),
        plan__archived_at__isnull=True,
        is_group=False,
    ).only("pk", "section_title", "text", "area")
    texts = [TaskText(key=t.pk, section=t.section_title, text=t.text) for t in tasks]
    items = {
        i.code: i
        for i in Item.objects.filter(criteria_set=assessment.criteria_set, scores__assessment=assessment)
    }
    found = suggest(texts, [core_item(i) for i in items.values()])
    links = [
        TaskLink(assessment=assessment, item=items[code], task_id=cast(int, task_id), similarity=int(score))
        for task_id, pairs in found.items()
        for code, score in pairs
        if code in items
    ]
    TaskLink.objects.bulk_create(links, ignore_conflicts=True)
    return len(links)


def _tasks_by_item(assessment: Assessment) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for code, task_id in TaskLink.objects.filter(assessment=assessment, confirmed=True).values_list(
        "item__code", "task_id"
    ):
        out.setdefault(code, []).append(task_id)
    return out


def _best_values(assessment: Assessment, codes: list[str]) -> dict[str, Decimal]:
    """For "relative" items, the highest value among the bodies assessed on the same set."""
    best: dict[str, Decimal] = {}
    rows = ItemScore.objects.filter(
        assessment__criteria_set=assessment.criteria_set, item__code__in=codes, source_value__isnull=False
    ).values_list("item__code", "source_value")
    for code, value in rows:
        if value is not None and (code not in best or value > best[code]):
            best[code] = value
    return best


def propose(assessment: Assessment, *, today: date | None = None) -> int:
    """Compute every sourced item's value and proposed score from the records (the items
    without a source keep no proposal: a person scores them). Returns how many were measured.

    Proposals are written without touching ``version``: recomputing never conflicts with a
    person's edit of the same item's score."""
    today = today or timezone.localdate()
    ctx = SourceContext(
        org=assessment.organisation,
        year=assessment.year,
        today=today,
        assessment=assessment,
        tasks_by_item=_tasks_by_item(assessment),
    )
    rows = list(ItemScore.objects.filter(assessment=assessment).select_related("item"))
    measured: dict[int, tuple] = {}
    for row in rows:
        if not row.item.source:
            continue
        key, _, param = row.item.source.partition(":")
        ctx.item_code = row.item.code
        m = measure(key, param, ctx)
        if m is not None:
            measured[row.pk] = (row, m)
    with transaction.atomic():
        for row, m in measured.values():
            ItemScore.objects.filter(pk=row.pk).update(
                source_value=m.value,
                source_period=m.period,
                source_detail={"detail": m.detail, "links": [link.to_dict() for link in m.links]},
            )
            row.source_value = m.value
        relative = [
            r.item.code for r, _ in measured.values() if (r.item.rule or {}).get("kind") == "relative"
        ]
        best = _best_values(assessment, relative) if relative else {}
        rounding = assessment.criteria_set.round_to
        for row, _m in measured.values():
            item = core_item(row.item)
            proposed = apply_rule(
                item.rule,
                item.maximum,
                row.source_value,
                best=best.get(row.item.code),
                default_round=rounding,
            )
            ItemScore.objects.filter(pk=row.pk).update(proposed=proposed)
        Assessment.objects.filter(pk=assessment.pk).update(proposed_at=timezone.now())
    return len(measured)


# --- the department's scores ----------------------------------------------------------------


def _fresh(score: ItemScore) -> Assessment:
    """The score's assessment as it is now (a page's copy may predate a submission)."""
    score.assessment = Assessment.objects.select_related("organisation", "criteria_set").get(
        pk=score.assessment_id
    )
    return score.assessment


def _claim(score: ItemScore, version: int, user: User, **fields) -> None:
    """Write ``fields`` only if the row is still at ``version`` and its assessment still in the
    state just checked (one conditional UPDATE, safe on SQLite as on PostgreSQL), bump the
    version, and keep the new state in the history."""
    changed = ItemScore.objects.filter(
        pk=score.pk, version=int(version), assessment__state=score.assessment.state
    ).update(version=F("version") + 1, **fields)
    if changed != 1:
        if Assessment.objects.filter(pk=score.assessment_id, state=score.assessment.state).exists():
            raise EditConflict()
        raise ScoringError("Bản tự đánh giá vừa chuyển sang bước khác: hãy tải lại trang.")
    score.refresh_from_db()
    _record([score], user)


def _record(rows: list[ItemScore], user: User | None, reason: str = "") -> None:
    """Keep the rows' new state in their history (writes made with ``update()``, which
    simple_history does not see): who, when, and why when it was not a person's own edit."""
    now = timezone.now()
    ItemScore.history.model.objects.bulk_create(
        ItemScore.history.model(
            history_date=now,
            history_type="~",
            history_user_id=getattr(user, "pk", None),
            history_change_reason=reason or None,
            **{f.attname: getattr(row, f.attname) for f in ItemScore._meta.concrete_fields},
        )
        for row in rows
    )


def _record_changed(qs, user: User | None, reason: str) -> None:
    """``_record`` for the rows of ``qs`` (read after the update)."""
    _record(list(qs), user, reason)


def set_self_score(
    score: ItemScore,
    *,
    value: str | Decimal | None,
    note: str = "",
    explanation: str | None = None,
    version: int,
    membership: Membership | None,
    user: User,
) -> ItemScore:
    assessment = _fresh(score)
    _need(
        permissions.can_self_score(membership, score, assessment),
        "Chỉ Văn phòng Sở (mọi tiêu chí) và trưởng đơn vị phụ trách (tiêu chí của đơn vị) được chấm.",
    )
    _state(assessment, State.OPEN, message="Bản tự đánh giá đã nộp: không sửa điểm tự chấm được nữa.")
    points = parse_points(value)
    _check_range(points, score.item)
    fields = {"self_score": points, "self_note": note.strip(), "self_by": user, "self_at": timezone.now()}
    if explanation is not None:
        fields["explanation"] = explanation.strip()
    _claim(score, version, user, **fields)
    return score


def add_file(
    score: ItemScore,
    *,
    title: str,
    file=None,
    url: str = "",
    membership: Membership | None,
    user: User,
) -> EvidenceFile:
    assessment = _fresh(score)
    if assessment.state == State.OPEN:
        stage = EvidenceFile.Stage.SELF
        _need(
            permissions.can_self_score(membership, score, assessment),
            "Bạn không được thêm tài liệu cho tiêu chí này.",
        )
    elif assessment.state == State.EXPLAINING and score.explanation_requested:
        stage = EvidenceFile.Stage.ANSWER
        _need(
            permissions.can_answer(membership, score, assessment), "Bạn không được giải trình tiêu chí này."
        )
    else:
        raise ScoringError("Chỉ thêm tài liệu khi đang tự chấm, hoặc khi giải trình tiêu chí được yêu cầu.")
    url = (url or "").strip()
    if not file and not url:
        raise ScoringError("Hãy chọn tệp hoặc nhập đường dẫn của tài liệu kiểm chứng.")
    # The screens show the link as it is: only a web address, never "javascript:".
    if url and not url.lower().startswith(("http://", "https://")):
        raise ScoringError("Đường dẫn phải bắt đầu bằng http:// hoặc https://.")
    if file:
        try:
            check_file(file)  # the follow-through's rules: allowed types, size, content
        except TrackingError as exc:
            raise ScoringError(exc.message) from None
    title = (title or "").strip() or (getattr(file, "name", "") or url)
    return EvidenceFile.objects.create(
        score=score, title=title[:300], file=file or "", url=url, stage=stage, added_by=user
    )


def effective_self(score: ItemScore) -> Decimal | None:
    """The department's score of an item: what a person entered, else the proposal."""
    return score.self_score if score.self_score is not None else score.proposed


@dataclass(frozen=True, slots=True)
class Missing:
    code: str
    title: str


def unexplained(assessment: Assessment) -> list[Missing]:
    """Items claimed (score > 0) with no evidence at all and no explanation."""
    counts = evidence_counts(assessment)
    out = []
    for s in ItemScore.objects.filter(assessment=assessment).select_related("item").order_by("item__order"):
        claimed = effective_self(s)
        if s.item.level == Item.Level.PENALTY or not claimed:
            continue
        if not counts.get(s.pk) and not s.explanation.strip():
            out.append(Missing(s.item.code, s.item.title))
    return out


@transaction.atomic
def submit(assessment: Assessment, *, membership: Membership | None, user: User, now=None) -> Assessment:
    """Lock and submit the self-assessment. Unscored items take their proposal; late
    submission (after ``self_due``, local date) is recorded and the proposals recomputed so a
    late-submission penalty item counts it."""
    _need(permissions.can_submit(membership, assessment), "Chỉ Lãnh đạo Sở nộp bản tự đánh giá.")
    now = now or timezone.now()
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _state(locked, State.OPEN, message="Bản tự đánh giá đã được nộp.")
    missing = unexplained(locked)
    if missing:
        codes = ", ".join(m.code for m in missing[:10]) + (" …" if len(missing) > 10 else "")
        raise ScoringError(
            f"Còn {len(missing)} tiêu chí có điểm nhưng chưa có tài liệu kiểm chứng hay giải trình "
            f"({codes}): "
            "hãy thêm tài liệu hoặc ghi giải trình trước khi nộp."
        )
    local_day = timezone.localtime(now).date()
    Assessment.objects.filter(pk=locked.pk).update(
        state=State.SUBMITTED,
        submitted_at=now,
        submitted_by=user,
        submitted_late=local_day > locked.self_due,
        version=F("version") + 1,
    )
    locked.refresh_from_db()
    propose(locked, today=local_day)
    # What nobody changed is claimed as proposed; a late-submission penalty is not optional.
    unscored = list(
        ItemScore.objects.filter(assessment=locked, self_score__isnull=True).values_list("pk", flat=True)
    )
    ItemScore.objects.filter(pk__in=unscored).update(self_score=F("proposed"))
    ItemScore.objects.filter(
        assessment=locked, item__level=Item.Level.PENALTY, item__source="assessment.late_submission"
    ).update(self_score=F("proposed"))
    _record_changed(
        ItemScore.objects.filter(pk__in=unscored)
        | ItemScore.objects.filter(assessment=locked, item__source="assessment.late_submission"),
        user,
        "nộp bản tự đánh giá: điểm đề xuất được nhận",
    )
    return locked


# --- appraisal ------------------------------------------------------------------------------


def appraise(
    score: ItemScore,
    *,
    value: str | Decimal | None,
    note: str = "",
    request_explanation: bool = False,
    version: int,
    membership: Membership | None,
    user: User,
) -> ItemScore:
    assessment = _fresh(score)
    _need(
        permissions.can_appraise(membership, assessment),
        "Chỉ người thẩm định của Sở Nội vụ được chấm thẩm định.",
    )
    _state(
        assessment,
        State.SUBMITTED,
        message="Chỉ chấm thẩm định sau khi Sở đã nộp và trước khi yêu cầu giải trình.",
    )
    points = parse_points(value)
    _check_range(points, score.item)
    if request_explanation and not note.strip():
        raise ScoringError("Khi yêu cầu giải trình, hãy ghi rõ nội dung cần Sở giải trình.")
    _claim(
        score,
        version,
        user,
        appraised=points,
        appraisal_note=note.strip(),
        explanation_requested=request_explanation,
    )
    return score


@transaction.atomic
def request_explanations(assessment: Assessment, *, membership: Membership | None, user: User) -> Assessment:
    """Send the items flagged by the appraiser back to the department for explanation."""
    _need(
        permissions.can_appraise(membership, assessment),
        "Chỉ người thẩm định của Sở Nội vụ gửi yêu cầu giải trình.",
    )
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _state(locked, State.SUBMITTED, message="Chỉ gửi yêu cầu giải trình khi đang thẩm định.")
    if not ItemScore.objects.filter(assessment=locked, explanation_requested=True).exists():
        raise ScoringError("Chưa có tiêu chí nào được đánh dấu yêu cầu giải trình.")
    Assessment.objects.filter(pk=locked.pk).update(
        state=State.EXPLAINING, explanation_requested_at=timezone.now(), version=F("version") + 1
    )
    locked.refresh_from_db()
    return locked


def answer(
    score: ItemScore, *, text: str, version: int, membership: Membership | None, user: User
) -> ItemScore:
    """The department's one answer to a request for explanation (files go with ``add_file``)."""
    assessment = _fresh(score)
    _need(permissions.can_answer(membership, score, assessment), "Bạn không được giải trình tiêu chí này.")
    _state(assessment, State.EXPLAINING, message="Không trong thời gian giải trình.")
    if not score.explanation_requested:
        raise ScoringError("Tiêu chí này không được yêu cầu giải trình.")
    if score.answered_at is not None:
        raise ScoringError("Tiêu chí này đã được giải trình (chỉ giải trình một lần).")
    if not text.strip():
        raise ScoringError("Hãy ghi nội dung giải trình.")
    _claim(score, version, user, answer=text.strip(), answered_by=user, answered_at=timezone.now())
    return score


@transaction.atomic
def close_answers(assessment: Assessment, *, membership: Membership | None, user: User) -> Assessment:
    """Send the explanations to the appraiser (items left unanswered stay so)."""
    _need(
        permissions.can_close_answers(membership, assessment),
        "Chỉ Văn phòng Sở và Lãnh đạo Sở gửi giải trình.",
    )
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _state(locked, State.EXPLAINING, message="Không trong thời gian giải trình.")
    Assessment.objects.filter(pk=locked.pk).update(
        state=State.ANSWERED, answered_at=timezone.now(), version=F("version") + 1
    )
    locked.refresh_from_db()
    return locked


def set_final(
    score: ItemScore,
    *,
    value: str | Decimal | None,
    note: str = "",
    version: int,
    membership: Membership | None,
    user: User,
) -> ItemScore:
    assessment = _fresh(score)
    _need(
        permissions.can_appraise(membership, assessment),
        "Chỉ người thẩm định của Sở Nội vụ cho điểm cuối cùng.",
    )
    _state(
        assessment,
        State.SUBMITTED,
        State.ANSWERED,
        message="Điểm cuối cùng cho sau khi thẩm định (và sau giải trình, nếu có yêu cầu).",
    )
    points = parse_points(value)
    _check_range(points, score.item)
    _claim(score, version, user, final=points, final_note=note.strip())
    return score


@transaction.atomic
def finalise(assessment: Assessment, *, membership: Membership | None, user: User) -> Assessment:
    """Close the appraisal: an item without a final score keeps its appraised score, else the
    department's."""
    _need(
        permissions.can_appraise(membership, assessment),
        "Chỉ người thẩm định của Sở Nội vụ kết thúc thẩm định.",
    )
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _state(locked, State.SUBMITTED, State.ANSWERED, message="Chưa thể kết thúc thẩm định ở bước này.")
    open_rows = list(
        ItemScore.objects.filter(assessment=locked, final__isnull=True).values_list("pk", flat=True)
    )
    rows = ItemScore.objects.filter(pk__in=open_rows)
    rows.filter(appraised__isnull=False).update(final=F("appraised"))
    rows.filter(appraised__isnull=True).update(final=F("self_score"))
    _record_changed(rows, user, "kết thúc thẩm định: điểm thẩm định (hoặc tự chấm) là điểm cuối cùng")
    Assessment.objects.filter(pk=locked.pk).update(
        state=State.FINAL, finalised_at=timezone.now(), finalised_by=user, version=F("version") + 1
    )
    locked.refresh_from_db()
    return locked


# --- mapping tasks and units --------------------------------------------------------------


def confirm_link(link: TaskLink, *, confirmed: bool, membership: Membership | None, user: User) -> None:
    _need(
        permissions.can_open(membership, link.assessment.organisation),
        "Chỉ Văn phòng Sở xác nhận nhiệm vụ gắn với tiêu chí.",
    )
    _state(link.assessment, State.OPEN, message="Bản tự đánh giá đã nộp.")
    TaskLink.objects.filter(pk=link.pk).update(confirmed=confirmed, confirmed_by=user if confirmed else None)


def link_task(
    assessment: Assessment, item: Item, task: Task, *, membership: Membership | None, user: User
) -> TaskLink:
    _need(
        permissions.can_open(membership, assessment.organisation),
        "Chỉ Văn phòng Sở gắn nhiệm vụ với tiêu chí.",
    )
    _state(assessment, State.OPEN, message="Bản tự đánh giá đã nộp.")
    if task.plan.organisation_id != assessment.organisation_id:
        raise ScoringError("Nhiệm vụ không thuộc kế hoạch của Sở.")
    link, _ = TaskLink.objects.update_or_create(
        assessment=assessment, item=item, task=task, defaults={"confirmed": True, "confirmed_by": user}
    )
    return link


def assign_unit(
    score: ItemScore, unit_id: int | None, *, membership: Membership | None, user: User | None = None
) -> None:
    _need(
        permissions.can_open(membership, score.assessment.organisation), "Chỉ Văn phòng Sở phân công đơn vị."
    )
    ItemScore.objects.filter(pk=score.pk).update(unit_id=unit_id)
    _record_changed(ItemScore.objects.filter(pk=score.pk), user, "phân công đơn vị")


def deadline_text(assessment: Assessment) -> str:
    return f"hạn nộp {date_text(assessment.self_due)}"
