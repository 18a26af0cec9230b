"""Confirming a big plan in the background: queued by the click, written by the worker in one
transaction, its progress on a page, the outcome in the notification list; a small plan is
still confirmed in the request."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cchc.chasing.models import Kind, Notification
from cchc.jobs import runner
from cchc.plans import services
from cchc.plans.models import ConfirmJob, Plan, PlanImport, Task
from cchc.tracking import confirming
from cchc.tracking.models import Obligation
from tests.dom import by_id, dom, find_all, text
from tests.factories import make_draft, parsed_plan, task

pytestmark = pytest.mark.django_db

MONTHLY = "Hằng tháng"


def _monthly_draft(org, user, *, number: str = "9/KH-SCT", sha: str = "b" * 64) -> PlanImport:
    """Three tasks owed every month: 36 obligations (3 tasks x 12 months x 1 unit)."""
    tasks = [
        task("1", "Tổng hợp kết quả giải quyết hồ sơ TTHC.", lead=["Văn phòng Sở"], schedule=MONTHLY),
        task("2", "Kiểm tra việc niêm yết công khai TTHC.", lead=["Thanh tra Sở"], schedule=MONTHLY),
        task("3", "Cập nhật hồ sơ công chức.", lead=["Văn phòng Sở"], schedule=MONTHLY),
    ]
    return make_draft(org, user, parsed_plan(tasks, number=number), sha=sha)


def _confirm(client, draft: PlanImport, version: int | None = None):
    return client.post(
        reverse("plans:import_confirm", args=[draft.pk]), {"version": version or draft.version}
    )


@pytest.mark.parametrize(
    ("inline_max", "background"),
    [
        (0, True),  # 36 obligations > 0: the worker's
        (35, True),  # one over the line
        (36, False),  # at the line: in the request
        (2000, False),  # the default: a plan of this size is confirmed at once
    ],
)
def test_the_size_of_the_plan_decides_where_it_is_confirmed(
    settings, coord_client, org, coordinator, inline_max, background
):
    settings.CCHC_PLAN_CONFIRM_INLINE_MAX = inline_max
    draft = _monthly_draft(org, coordinator)
    assert confirming.expected_obligations(draft) == 36
    response = _confirm(coord_client, draft)
    draft.refresh_from_db()
    if background:
        job = ConfirmJob.objects.get(draft=draft)
        assert response.url == reverse("plans:confirm_job", args=[job.pk])
        assert (job.state, job.expected_obligations, job.requested_by) == ("queued", 36, coordinator)
        assert draft.status == PlanImport.Status.CONFIRMING and not Plan.objects.exists()
    else:
        plan = Plan.objects.get()
        assert response.url == reverse("plans:detail", args=[plan.pk])
        assert draft.status == PlanImport.Status.CONFIRMED and not ConfirmJob.objects.exists()
        assert plan.obligations.count() == 36


def test_the_worker_writes_the_plan_and_the_page_says_so(settings, coord_client, org, coordinator):
    settings.CCHC_PLAN_CONFIRM_INLINE_MAX = 0
    draft = _monthly_draft(org, coordinator)
    job_url = _confirm(coord_client, draft).url
    waiting = dom(coord_client.get(job_url))
    assert text(find_all(waiting, "//p[@class='job-state']/strong")[0]) == "Đang chờ"
    section = by_id(waiting, "job-progress")
    assert section.get("hx-get") == reverse("plans:confirm_job_progress", args=[ConfirmJob.objects.get().pk])
    # Leaving and coming back: the preview and the plan list lead to the job's page.
    assert coord_client.get(reverse("plans:import_preview", args=[draft.pk])).url == job_url
    listed = dom(coord_client.get(reverse("plans:list")))
    assert [
        text(a) for a in find_all(listed, f"//a[@href='{reverse('plans:import_preview', args=[draft.pk])}']")
    ] == ["Đang xác nhận — xem tiến độ"]

    assert runner.run_pending("test-worker") == 1

    job = ConfirmJob.objects.get()
    plan = Plan.objects.get()
    assert (job.state, job.percent, job.obligations, job.plan) == ("done", 100, 36, plan)
    assert Obligation.objects.filter(plan=plan).count() == 36
    assert Task.objects.filter(plan=plan).count() == 3
    draft.refresh_from_db()
    assert (draft.status, draft.plan) == (PlanImport.Status.CONFIRMED, plan)
    page = dom(coord_client.get(job_url))
    assert by_id(page, "job-progress").get("hx-get") is None  # done: the polling stops
    assert text(by_id(page, "job-message")) == "Đã nhập kế hoạch 9/KH-SCT: 3 nhiệm vụ, 36 nghĩa vụ báo cáo."
    assert by_id(page, "job-plan").get("href") == reverse("plans:detail", args=[plan.pk])
    assert text(by_id(page, "job-count")) == "36"
    note = Notification.objects.get(recipient=coordinator)
    assert (note.kind, note.url) == (Kind.PLAN_CONFIRM, job_url)
    assert note.title == "Xác nhận kế hoạch đã xong: ke-hoach.txt"


def test_two_clicks_queue_one_job(settings, coord_client, org, coordinator):
    settings.CCHC_PLAN_CONFIRM_INLINE_MAX = 0
    draft = _monthly_draft(org, coordinator)
    first = _confirm(coord_client, draft, version=draft.version)
    second = coord_client.post(
        reverse("plans:import_confirm", args=[draft.pk]), {"version": draft.version}, follow=True
    )
    job = ConfirmJob.objects.get()  # one job
    assert first.url == reverse("plans:confirm_job", args=[job.pk])
    assert second.redirect_chain == [(first.url, 302)]
    assert "Kế hoạch này đang được xác nhận ở chế độ chạy nền." in text(dom(second))
    runner.run_pending("test-worker")
    assert Plan.objects.count() == 1 and Obligation.objects.count() == 36


def test_a_draft_being_confirmed_cannot_be_edited_or_discarded(settings, coord_client, org, coordinator):
    settings.CCHC_PLAN_CONFIRM_INLINE_MAX = 0
    draft = _monthly_draft(org, coordinator)
    _confirm(coord_client, draft)
    draft.refresh_from_db()
    with pytest.raises(services.ImportRefused, match="đang xác nhận"):
        services.update_task_cells(draft, 0, {"note": "sửa"}, draft.version)
    with pytest.raises(services.ImportRefused, match="đang xác nhận"):
        services.discard_import(draft, draft.version)
    response = coord_client.post(reverse("plans:import_discard", args=[draft.pk]), {"version": draft.version})
    assert response.status_code == 302
    assert PlanImport.objects.get().status == PlanImport.Status.CONFIRMING


@pytest.mark.parametrize("fault", ["same_plan_meanwhile", "worker_died"])
def test_a_confirmation_that_fails_gives_the_draft_back_and_says_why(
    settings, coord_client, org, coordinator, fault
):
    settings.CCHC_PLAN_CONFIRM_INLINE_MAX = 0
    draft = _monthly_draft(org, coordinator)
    job_url = _confirm(coord_client, draft).url
    job = ConfirmJob.objects.get()
    if fault == "same_plan_meanwhile":
        # Someone imports the same plan (another file of it) while the job waits.
        other = _monthly_draft(org, coordinator, sha="c" * 64)
        confirming.confirm_import(other, coordinator)
        runner.run_pending("test-worker")
        expected = "đã có trong hệ thống"
    else:
        long_ago = timezone.now() - runner.STALE_AFTER - timedelta(minutes=1)
        ConfirmJob.objects.filter(pk=job.pk).update(state="running", updated_at=long_ago)
        assert confirming.RUNNER.fail_stale() == 1
        expected = "bị gián đoạn"
    job.refresh_from_db()
    draft.refresh_from_db()
    assert job.state == "failed" and expected in job.message
    assert draft.status == PlanImport.Status.DRAFT  # the Office can fix it and confirm again
    assert Plan.objects.filter(imports=draft).count() == 0
    page = dom(coord_client.get(job_url))
    assert expected in text(by_id(page, "job-message"))
    assert by_id(page, "job-draft").get("href") == reverse("plans:import_preview", args=[draft.pk])
    note = Notification.objects.get(recipient=coordinator, kind=Kind.PLAN_CONFIRM)
    assert note.title.startswith("Xác nhận kế hoạch không thành công")


def test_progress_goes_stage_by_stage_to_every_obligation(org, coordinator):
    draft = _monthly_draft(org, coordinator)
    heard: list[tuple[str, int, int]] = []
    confirming.confirm_import(draft, coordinator, progress=lambda *a: heard.append(a))
    stages = [stage for stage, _, _ in heard]
    assert stages[0] == "tasks" and stages[-1] == "obligation"
    assert stages == sorted(stages, key=["tasks", "obligation"].index)  # never back
    assert heard[-1] == ("obligation", 36, 36)


def test_progress_inside_the_transaction_is_seen_by_the_page(settings, org, coordinator, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.CCHC_PLAN_CONFIRM_INLINE_MAX = 0
    draft = _monthly_draft(org, coordinator)
    job = confirming.enqueue(draft, coordinator, draft.version, 36)
    job = confirming.RUNNER.claim("test-worker")
    from django.db import transaction

    with transaction.atomic():  # as inside confirm_import: the row cannot carry it
        confirming._Progress(job)("obligation", 18, 36)
        seen = confirming.RUNNER.live(job)
    assert (seen.stage, seen.count) == ("obligation", 18)
    assert seen.percent == 25 + (100 - 25) * 18 // 36


def test_the_job_page_is_the_departments_only(settings, client, coord_client, org, coordinator):
    from cchc.orgs.models import Membership
    from tests.factories import make_org, make_user

    settings.CCHC_PLAN_CONFIRM_INLINE_MAX = 0
    draft = _monthly_draft(org, coordinator)
    job_url = _confirm(coord_client, draft).url
    other = make_org("sct-khac", "Sở Công Thương tỉnh Khác")
    client.force_login(make_user(other, Membership.Role.COORDINATOR, "vp-khac"))
    assert client.get(job_url).status_code == 404
    client.force_login(make_user(org, Membership.Role.OBSERVER, "quansat"))
    assert client.get(job_url).status_code == 403
