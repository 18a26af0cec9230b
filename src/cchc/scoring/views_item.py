"""One item of an assessment (/cham-diem/<org>/<year>/<code>/): what it asks and how it is scored,
its source's value, its evidence, the forms of the person's step (self score, a file or link,
appraisal, the answer, the final score), the tasks behind it and its history.

A refused edit shows the page again with the message at the form: a bad value keeps what was
typed (400); an edit made on a row that moved on (409) shows the current values beside what
the person had typed, so nothing is lost and nothing is overwritten."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from cchc.core.errors import UserError
from cchc.orgs.access import member_required
from cchc.orgs.types import MemberRequest
from cchc.plans.models import Task
from cchc.scoring import permissions, services
from cchc.scoring.access import assessment_for, score_for
from cchc.scoring.forms import (
    AnswerForm,
    AppraisalForm,
    EvidenceForm,
    FinalForm,
    LinkTaskForm,
    SelfScoreForm,
    UnitForm,
)
from cchc.scoring.models import Assessment, ItemScore, TaskLink
from cchc.scoring.screens import history, linkable_tasks, rights, rule_words, source_label, source_text
from cchc.scoring.selectors import item_evidence, points_text
from cchc.scoring.views_common import status_for

State = Assessment.State
S = State


def _points_initial(value) -> str:
    return "" if value is None else points_text(value)


def _initial_forms(score: ItemScore, assessment: Assessment, m) -> dict[str, forms.Form | None]:
    """The forms the person may use now, filled with the row's current values and version."""
    can_self = permissions.can_self_score(m, score, assessment)
    can_answer = permissions.can_answer(m, score, assessment)
    appraiser = permissions.can_appraise(m, assessment)
    state = assessment.state
    requested = score.explanation_requested
    v = score.version
    out: dict[str, forms.Form | None] = {
        "self": SelfScoreForm(
            initial={
                "score": _points_initial(score.self_score),
                "note": score.self_note,
                "explanation": score.explanation,
                "version": v,
            }
        )
        if can_self and state == S.OPEN
        else None,
        "evidence": EvidenceForm()
        if (can_self and state == S.OPEN) or (can_answer and state == S.EXPLAINING and requested)
        else None,
        "appraisal": AppraisalForm(
            initial={
                "score": _points_initial(score.appraised),
                "note": score.appraisal_note,
                "request_explanation": score.explanation_requested,
                "version": v,
            }
        )
        if appraiser and state == S.SUBMITTED
        else None,
        "answer": AnswerForm(initial={"text": score.answer, "version": v})
        if can_answer and state == S.EXPLAINING and requested and score.answered_at is None
        else None,
        "final": FinalForm(
            initial={"score": _points_initial(score.final), "note": score.final_note, "version": v}
        )
        if appraiser and state in (S.SUBMITTED, S.ANSWERED)
        else None,
    }
    return out


def _context(
    request: MemberRequest, assessment: Assessment, score: ItemScore, **extra: Any
) -> dict[str, Any]:
    m = request.membership
    item = score.item
    can = rights(m, assessment)
    page_forms = _initial_forms(score, assessment, m)
    page_forms.update(extra.pop("forms", {}))
    detail = score.source_detail or {}
    links = TaskLink.objects.filter(assessment=assessment, item=item).select_related("task", "task__plan")
    editable_links = can.opener and assessment.state == S.OPEN
    rule_short, rule_meaning = rule_words(item)
    return {
        "assessment": assessment,
        "score": score,
        "item": item,
        "can": can,
        "forms": page_forms,
        "rule_short": rule_short,
        "rule_meaning": rule_meaning,
        "source_label": source_label(item) if item.source else "",
        "source_value": source_text(item, score.source_value),
        "source_detail": detail.get("detail", ""),
        "source_links": detail.get("links", []),
        "evidence": item_evidence(score),
        "files": list(score.files.select_related("added_by")),
        "confirmed": [link for link in links if link.confirmed],
        "suggested": [link for link in links if not link.confirmed],
        "editable_links": editable_links,
        "link_form": extra.pop("link_form", None)
        or (LinkTaskForm(choices=linkable_tasks(assessment, item)) if editable_links else None),
        "unit_form": extra.pop("unit_form", None)
        or (
            UnitForm(initial={"unit": score.unit_id}, choices=_unit_choices(assessment))
            if can.opener and assessment.state != S.FINAL
            else None
        ),
        "history": history(score),
        **extra,
    }


def _unit_choices(assessment: Assessment) -> list[tuple[int, str]]:
    return list(
        assessment.organisation.units.filter(is_active=True)
        .exclude(kind="external")
        .order_by("order", "name")
        .values_list("pk", "name")
    )


def _load(request: MemberRequest, org_code: str, year: int, code: str) -> tuple[Assessment, ItemScore]:
    assessment = assessment_for(request, org_code, year)
    return assessment, score_for(request, assessment, code)


def _item_url(score: ItemScore, anchor: str = "") -> str:
    a = score.assessment
    url = reverse("scoring:item", args=[a.organisation.code, a.year, score.item.code])
    return f"{url}#{anchor}" if anchor else url


@require_GET
@member_required
def item(request: MemberRequest, org_code: str, year: int, code: str) -> HttpResponse:
    assessment, score = _load(request, org_code, year, code)
    return render(request, "scoring/item.html", _context(request, assessment, score))


# --- the edits of the score (each with the row's version) ---------------------------------


def _edit(
    request: MemberRequest,
    org_code: str,
    year: int,
    code: str,
    *,
    key: str,
    form_class: type[forms.Form],
    call: Callable[[ItemScore, dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    assessment, score = _load(request, org_code, year, code)
    form = form_class(request.POST)
    status = 400
    if form.is_valid():
        try:
            call(score, form.cleaned_data)
        except services.EditConflict as exc:
            score.refresh_from_db()
            context = _context(request, assessment, score, conflict={"key": key, "message": exc.message})
            context["typed"] = form
            return render(request, "scoring/item.html", context, status=409)
        except UserError as exc:
            form.add_error(None, exc.message)
            status = status_for(exc)
        else:
            messages.success(request, done)
            return redirect(_item_url(score, key))
    context = _context(request, assessment, score, forms={key: form})
    return render(request, "scoring/item.html", context, status=status)


@require_POST
@member_required
def self_score(request: MemberRequest, org_code: str, year: int, code: str) -> HttpResponse:
    def call(score: ItemScore, d: dict[str, Any]) -> None:
        services.set_self_score(
            score,
            value=d["score"],
            note=d["note"],
            explanation=d["explanation"],
            version=d["version"],
            membership=request.membership,
            user=request.user,
        )

    return _edit(
        request,
        org_code,
        year,
        code,
        key="self",
        form_class=SelfScoreForm,
        call=call,
        done="Đã lưu điểm tự chấm.",
    )


@require_POST
@member_required
def appraise(request: MemberRequest, org_code: str, year: int, code: str) -> HttpResponse:
    def call(score: ItemScore, d: dict[str, Any]) -> None:
        services.appraise(
            score,
            value=d["score"],
            note=d["note"],
            request_explanation=d["request_explanation"],
            version=d["version"],
            membership=request.membership,
            user=request.user,
        )

    return _edit(
        request,
        org_code,
        year,
        code,
        key="appraisal",
        form_class=AppraisalForm,
        call=call,
        done="Đã lưu điểm thẩm định.",
    )


@require_POST
@member_required
def answer(request: MemberRequest, org_code: str, year: int, code: str) -> HttpResponse:
    def call(score: ItemScore, d: dict[str, Any]) -> None:
        services.answer(
            score, text=d["text"], version=d["version"], membership=request.membership, user=request.user
        )

    return _edit(
        request,
        org_code,
        year,
        code,
        key="answer",
        form_class=AnswerForm,
        call=call,
        done="Đã lưu giải trình.",
    )


@require_POST
@member_required
def final(request: MemberRequest, org_code: str, year: int, code: str) -> HttpResponse:
    def call(score: ItemScore, d: dict[str, Any]) -> None:
        services.set_final(
            score,
            value=d["score"],
            note=d["note"],
            version=d["version"],
            membership=request.membership,
            user=request.user,
        )

    return _edit(
        request,
        org_code,
        year,
        code,
        key="final",
        form_class=FinalForm,
        call=call,
        done="Đã lưu điểm cuối cùng.",
    )


# --- evidence, tasks, unit --------------------------------------------------------------------


@require_POST
@member_required
def add_evidence(request: MemberRequest, org_code: str, year: int, code: str) -> HttpResponse:
    assessment, score = _load(request, org_code, year, code)
    form = EvidenceForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.add_file(
                score,
                title=d["title"],
                file=d["file"],
                url=d["url"],
                membership=request.membership,
                user=request.user,
            )
        except UserError as exc:
            form.add_error(None, exc.message)
            status = status_for(exc)
        else:
            messages.success(request, "Đã thêm tài liệu kiểm chứng.")
            return redirect(_item_url(score, "tai-lieu"))
    context = _context(request, assessment, score, forms={"evidence": form})
    return render(request, "scoring/item.html", context, status=status)


@require_POST
@member_required
def link_task(request: MemberRequest, org_code: str, year: int, code: str) -> HttpResponse:
    assessment, score = _load(request, org_code, year, code)
    form = LinkTaskForm(request.POST, choices=linkable_tasks(assessment, score.item))
    status = 400
    if form.is_valid():
        task = Task.objects.select_related("plan").get(pk=form.cleaned_data["task"])
        try:
            services.link_task(assessment, score.item, task, membership=request.membership, user=request.user)
        except UserError as exc:
            form.add_error(None, exc.message)
            status = status_for(exc)
        else:
            messages.success(request, "Đã gắn nhiệm vụ với tiêu chí.")
            return redirect(_item_url(score, "nhiem-vu"))
    context = _context(request, assessment, score, link_form=form)
    return render(request, "scoring/item.html", context, status=status)


@require_POST
@member_required
def confirm_link(request: MemberRequest, org_code: str, year: int, code: str, link_id: int) -> HttpResponse:
    assessment, score = _load(request, org_code, year, code)
    link = get_object_or_404(TaskLink, pk=link_id, assessment=assessment, item=score.item)
    link.assessment = assessment
    confirmed = request.POST.get("confirmed") == "1"
    try:
        services.confirm_link(link, confirmed=confirmed, membership=request.membership, user=request.user)
    except UserError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            "Đã xác nhận nhiệm vụ gắn với tiêu chí." if confirmed else "Đã bỏ nhiệm vụ khỏi tiêu chí.",
        )
    return redirect(_item_url(score, "nhiem-vu"))


@require_POST
@member_required
def assign_unit(request: MemberRequest, org_code: str, year: int, code: str) -> HttpResponse:
    assessment, score = _load(request, org_code, year, code)
    form = UnitForm(request.POST, choices=_unit_choices(assessment))
    if not form.is_valid():
        context = _context(request, assessment, score, unit_form=form)
        return render(request, "scoring/item.html", context, status=400)
    try:
        services.assign_unit(
            score, form.cleaned_data["unit"], membership=request.membership, user=request.user
        )
    except UserError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã phân công đơn vị phụ trách.")
    return redirect(_item_url(score, "don-vi"))
