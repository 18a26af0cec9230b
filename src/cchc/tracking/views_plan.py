"""The plans' screens that read or write obligations too: the plan list and the plan page with
their progress, archive / reopen / delete (``lifecycle``), and confirming a draft with its
background job (``confirming``). Tracking serves them because the plans app, below tracking,
does not read obligations; the draft's other screens stay in ``plans.views``."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from cchc.orgs.access import DEPARTMENT_WIDE, importer_required, member_required
from cchc.orgs.types import MemberRequest
from cchc.plans import selectors, services
from cchc.plans.forms import VersionForm
from cchc.plans.models import ConfirmJob, PlanImport
from cchc.plans.views import preview_url
from cchc.tracking import confirming, lifecycle, plan_progress

# --- Lists and the plan page --------------------------------------------------------------------


@require_GET
@member_required
def plan_list(request: MemberRequest) -> HttpResponse:
    can_import = request.membership.can_import
    return render(
        request,
        "plans/plan_list.html",
        {
            **plan_progress.plans_by_state(request.org),
            "drafts": selectors.open_drafts(request.org) if can_import else [],
            "deleted": selectors.deleted_plans(request.org) if can_import else [],
        },
    )


@require_GET
@member_required
def plan_detail(request: MemberRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_for(request.org, pk)
    sections = selectors.plan_sections(plan)
    m = request.membership
    wide = m.role in DEPARTMENT_WIDE
    progress = plan_progress.task_progress(plan)
    results = plan_progress.latest_results(plan) if wide else {}  # a unit reads only its own reports
    mine = None if wide else selectors.unit_task_ids(plan, m.unit_id)
    for s in sections:
        for t in s["tasks"]:
            pk_ = t["task"].pk
            t["progress"] = progress.get(pk_)
            t["result"] = results.get(pk_)
            t["linked"] = not t["task"].is_group and (mine is None or pk_ in mine)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "sections": sections,
            "task_count": sum(1 for s in sections for t in s["tasks"] if not t["task"].is_group),
            "section_targets": selectors.section_targets(plan),
            "progress": plan_progress.plan_progress(plan),
            "can_export": wide,
            "can_manage": m.can_import,
        },
    )


# --- Archive, reopen, delete --------------------------------------------------------------------


@require_POST
@importer_required
def plan_archive(request: MemberRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_for(request.org, pk)
    try:
        n = lifecycle.archive_plan(plan, request.user)
    except lifecycle.PlanChangeRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"Đã lưu trữ kế hoạch {lifecycle.label(plan)}: {n} nghĩa vụ báo cáo không còn trên bảng theo dõi "
            "và không được nhắc việc. Kế hoạch vẫn xem được; có thể mở lại.",
        )
    return redirect("plans:detail", plan.pk)


@require_POST
@importer_required
def plan_reopen(request: MemberRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_for(request.org, pk)
    try:
        n = lifecycle.reopen_plan(plan, request.user)
    except lifecycle.PlanChangeRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"Đã mở lại kế hoạch {lifecycle.label(plan)}: {n} nghĩa vụ báo cáo được theo dõi lại."
        )
    return redirect("plans:detail", plan.pk)


@importer_required
def plan_delete(request: MemberRequest, pk: int) -> HttpResponse:
    """GET: what would be deleted, or why it cannot be; POST: delete (the confirmation step)."""
    plan = selectors.plan_for(request.org, pk)
    if request.method == "POST":
        try:
            shown = lifecycle.delete_plan(plan, request.user)
        except lifecycle.PlanChangeRefused as exc:
            messages.error(request, exc.message)
            return redirect("plans:delete", plan.pk)
        messages.success(request, f"Đã xóa kế hoạch {shown} cùng các nhiệm vụ và nghĩa vụ báo cáo của nó.")
        return redirect("plans:list")
    reported = lifecycle.reported_on(plan)
    return render(
        request,
        "plans/plan_delete.html",
        {
            "plan": plan,
            "reported": reported,
            "task_count": plan.tasks.filter(is_group=False).count(),
            "obligation_count": plan.obligations.count(),
        },
        status=409 if reported.anything else 200,
    )


@require_POST
@importer_required
def import_confirm(request: MemberRequest, pk: int) -> HttpResponse:
    draft = selectors.draft_for(request.org, pk)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, services.STALE_MESSAGE)
        return redirect(preview_url(draft))
    running = selectors.latest_confirm_job(draft) if draft.status == PlanImport.Status.CONFIRMING else None
    if running is not None:  # a second click, or another person, while the worker confirms it
        messages.info(request, "Kế hoạch này đang được xác nhận ở chế độ chạy nền.")
        return redirect("plans:confirm_job", running.pk)
    version = form.cleaned_data["version"]
    try:
        expected = confirming.expected_obligations(draft)
        if confirming.runs_in_background(expected):
            job = confirming.enqueue(draft, request.user, version, expected)
            return redirect("plans:confirm_job", job.pk)
        plan = confirming.confirm_import(draft, request.user, version, previewed=True)
    except services.ImportRefused as exc:
        messages.error(request, exc.message)
        return redirect(preview_url(draft))
    messages.success(
        request,
        f"Đã nhập kế hoạch {plan.number or ''}: {plan.tasks.filter(is_group=False).count()} nhiệm vụ.",
    )
    return redirect("plans:detail", plan.pk)


def _confirm_job_context(request: MemberRequest, pk: int) -> dict:
    job = get_object_or_404(
        ConfirmJob.objects.select_related("requested_by", "draft", "plan"), pk=pk, organisation=request.org
    )
    poll_url = reverse("plans:confirm_job_progress", args=[job.pk])
    return {
        "job": job,
        "live": confirming.RUNNER.live(job),
        "stages": ConfirmJob.Stage.choices,
        "poll_url": poll_url,
    }


@require_GET
@importer_required
def confirm_job(request: MemberRequest, pk: int) -> HttpResponse:
    """A plan being confirmed in the background: its progress, then its outcome."""
    return render(request, "plans/confirm_job.html", _confirm_job_context(request, pk))


@require_GET
@importer_required
def confirm_job_progress(request: MemberRequest, pk: int) -> HttpResponse:
    """The progress block alone, for htmx to poll while the job runs (it stops once done)."""
    return render(request, "plans/_confirm_job_progress.html", _confirm_job_context(request, pk))
