"""import_plan and seed_demo, called the way the command line calls them."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from cchc.demo.plan_text import demo_plans, plan_for
from cchc.demo.seed import DEMO_ORG_CODE, DEMO_PLAN
from cchc.orgs.models import Membership, Organisation, Unit
from cchc.plans.models import Plan, PlanImport, Task
from cchc.tracking.management.commands.import_plan import Command as ImportPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_cli(monkeypatch):
    """As `cchc manage import_plan …` runs it: CommandError -> message on stderr, exit 1.

    run_from_argv closes every connection when done; the test's transaction must survive it.
    """
    monkeypatch.setattr(connections, "close_all", lambda: None)

    def run(*argv: str) -> int:
        try:
            ImportPlan().run_from_argv(["cchc", "import_plan", *argv])
        except SystemExit as exc:
            return int(exc.code or 0)
        return 0

    return run


def test_import_plan_prints_the_plan_and_its_warnings(org, coordinator, capsys, run_cli):
    assert run_cli(str(DEMO_PLAN), "--org", org.code, "--user", coordinator.username) == 0
    out = capsys.readouterr().out
    plan = Plan.objects.get()
    count = plan.tasks.filter(is_group=False).count()
    assert f"Đã nhập kế hoạch 12/KH-SCT “{plan.title}”: {count} nhiệm vụ" in out
    assert "Phòng Kế hoạch - Tài chính" in out  # the unknown unit, as a warning
    assert "20/11/2025" in out
    assert plan.created_by == coordinator
    # The unknown lead unit is kept on the task, not dropped.
    task = Task.objects.get(plan=plan, section="VI", number="2")
    assert task.unresolved_units[0]["text"] == "Phòng Kế hoạch - Tài chính"
    assert task.unresolved_units[0]["role"] == "lead"
    assert any("chủ trì" in w for w in task.warnings)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["/khong/co/tep.txt", "--org", "sct-test"], "Không tìm thấy tệp “/khong/co/tep.txt”"),
        (["/tmp", "--org", "sct-test"], "là một thư mục"),
        ([str(DEMO_PLAN), "--org", "khong-co"], "Không có Sở với mã “khong-co”"),
        ([str(DEMO_PLAN), "--org", "sct-test", "--user", "ai-do"], "Không có người dùng “ai-do”"),
    ],
)
def test_import_plan_bad_arguments_exit_non_zero(org, capsys, run_cli, argv, message):
    assert run_cli(*argv) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not Plan.objects.exists()


def test_import_plan_bad_file_exits_non_zero(org, tmp_path, capsys, run_cli):
    bad = tmp_path / "rong.txt"
    bad.write_bytes(b"")
    assert run_cli(str(bad), "--org", org.code) == 1
    assert "Tệp rỗng" in capsys.readouterr().err
    junk = tmp_path / "van-ban.txt"
    junk.write_text("Giấy mời họp giao ban tuần.\n", encoding="utf-8")
    assert run_cli(str(junk), "--org", org.code) == 1
    err = capsys.readouterr().err
    assert "bảng nhiệm vụ" in err and "Traceback" not in err
    assert not Plan.objects.exists() and not PlanImport.objects.filter(status="draft").exists()


def test_import_plan_twice_is_refused(org, capsys, run_cli):
    assert run_cli(str(DEMO_PLAN), "--org", org.code) == 0
    assert run_cli(str(DEMO_PLAN), "--org", org.code) == 1
    err = capsys.readouterr().err
    assert "đã được nhập" in err and "12/KH-SCT" in err
    assert Plan.objects.count() == 1


# The whole demo (history and dossiers) through the command, on PostgreSQL: on SQLite the demo's
# tests (tests/demo) seed it a dozen times already.
@pytest.mark.one_run("postgresql")
def test_seed_demo_is_idempotent(capsys, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("seed_demo")
    out = capsys.readouterr().out
    # This year's plan text, for a first import by hand (README, tour step 3).
    written = tmp_path / "demo" / f"ke-hoach-cchc-demo-{timezone.localdate().year}.txt"
    assert str(written) in out and written.read_text(encoding="utf-8").startswith("SỞ CÔNG THƯƠNG")
    counts = (
        Organisation.objects.count(),
        Unit.objects.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
        Plan.objects.count(),
        Task.objects.count(),
    )
    org = Organisation.objects.get(code=DEMO_ORG_CODE)
    assert org.name == "Sở Công Thương tỉnh Hòa Bình Xanh"
    assert org.units.count() == 10
    roles = dict(
        Membership.objects.exclude(user__username__startswith="tp-").values_list("user__username", "role")
    )
    assert roles == {
        "lanhdao": "leader",
        "vanphong": "coordinator",
        "truongphong": "unit_head",
        "chuyenvien": "unit_staff",
        "quansat": "observer",
        "thamdinh": "appraiser",  # of the province's Sở Nội vụ (the self-assessment's appraiser)
    }
    assert Membership.objects.get(user__username="vanphong").unit.code == "VP"
    assert get_user_model().objects.get(username="vanphong").check_password("demo12345")
    assert "vanphong" in out and "demo12345" in out and "CẢNH BÁO" in out
    # This year's demo plan (and last year's in the first quarter, next year's from mid-December).
    years = [p.year for p in demo_plans(timezone.localdate())]
    plan = Plan.objects.get(period_start__year=timezone.localdate().year)
    assert plan.number == plan_for(plan.period_start.year).number and plan.tasks.count() >= 25
    assert sorted(Plan.objects.values_list("period_start__year", flat=True)) == years
    assert get_user_model().objects.get(username="lanhdao").email == "lanhdao@sct-demo.example"

    call_command("seed_demo")
    again = capsys.readouterr().out
    assert counts == (
        Organisation.objects.count(),
        Unit.objects.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
        Plan.objects.count(),
        Task.objects.count(),
    )
    assert "đã có từ trước" in again


@pytest.mark.parametrize(
    ("extra", "start", "before", "statuses_before_start"),
    [
        ([], None, "", None),  # the whole plan followed from its start, as before
        (["--tracking-start", "2026-07-01"], "2026-07-01", "not_tracked", {("not_tracked", False)}),
        (["--tracking-start", "2026-07-01", "--done-before"], "2026-07-01", "done", {("done_on_time", True)}),
    ],
)
def test_import_plan_with_a_tracking_start(org, run_cli, extra, start, before, statuses_before_start):
    from datetime import date

    from cchc.tracking.models import Obligation

    assert run_cli(str(DEMO_PLAN), "--org", org.code, *extra) == 0
    plan = Plan.objects.get()
    assert (plan.tracking_start and plan.tracking_start.isoformat(), plan.before_tracking) == (start, before)
    if start:
        early = Obligation.objects.filter(plan=plan, due_date__lt=date.fromisoformat(start))
        assert set(early.values_list("status", "is_active")) == statuses_before_start


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--tracking-start", "01/07/2026"], "không phải ngày dạng YYYY-MM-DD"),
        (["--done-before"], "--done-before cần --tracking-start"),
        (["--tracking-start", "2025-12-01"], "phải từ ngày bắt đầu của kế hoạch (01/01/2026)"),
    ],
)
def test_import_plan_bad_tracking_start(org, capsys, run_cli, extra, message):
    assert run_cli(str(DEMO_PLAN), "--org", org.code, *extra) == 1
    assert message in capsys.readouterr().err
    assert not Plan.objects.exists()
