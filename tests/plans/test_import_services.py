"""The import services on hand-made drafts (no parser): edits, unit mapping, confirm."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cchc.core.text import fold
from cchc.orgs.models import UnitAlias
from cchc.plans import services
from cchc.plans.models import Plan, PlanImport, Target, Task, TaskUnit
from cchc.tracking import confirming
from tests.factories import make_draft, parsed_plan, sample_tasks, task

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(org, coordinator):
    return make_draft(org, coordinator)


def lead_refs(draft, index):
    return draft.parsed["tasks"][index]["units_resolved"]["lead"]


def test_draft_resolves_units_against_the_directory(draft):
    assert lead_refs(draft, 0)[0]["status"] == "unit"
    assert lead_refs(draft, 0)[0]["codes"] == ["VP"]
    assert lead_refs(draft, 1)[0]["status"] == "unknown"
    coord = draft.parsed["tasks"][4]["units_resolved"]["coordinating"][0]
    assert coord["status"] == "group"
    assert set(coord["codes"]) == {"KHTC", "QLCN", "QLNL", "QLTM", "KTAT"}
    assert any("Tổ công tác đặc biệt" in w for w in draft.parsed["tasks"][1]["warnings"])


def test_update_schedule_cell_reparses_in_the_plan_period(draft):
    services.update_task_cell(draft, 0, "schedule", "Trước ngày 15/3", draft.version)
    draft.refresh_from_db()
    schedule = draft.parsed["tasks"][0]["schedule"]
    assert schedule["text"] == "Trước ngày 15/3"
    assert schedule["kind"] == "deadline"
    assert schedule["due"] == ["2026-03-15"]
    assert draft.version == 2


def test_schedule_outside_period_is_flagged_and_the_flag_goes_when_fixed(draft):
    services.update_task_cell(draft, 0, "schedule", "Trước ngày 20/11/2025", draft.version)
    assert any("20/11/2025" in w for w in draft.parsed["tasks"][0]["warnings"])
    services.update_task_cell(draft, 0, "schedule", "Trước ngày 20/11/2026", draft.version)
    assert not any("20/11/2025" in w for w in draft.parsed["tasks"][0]["warnings"])


def test_update_lead_units_reresolves_and_clears_the_warning(draft):
    services.update_task_cell(draft, 1, "lead_units", "Thanh tra Sở", draft.version)
    refs = lead_refs(draft, 1)
    assert [(r["text"], r["status"], r["codes"]) for r in refs] == [("Thanh tra Sở", "unit", ["TTRA"])]
    assert not any("không xác định" in w for w in draft.parsed["tasks"][1]["warnings"])


def test_update_product_reextracts_targets(draft):
    services.update_task_cell(
        draft, 0, "product", "Tỷ lệ hồ sơ trực tuyến toàn trình đạt từ 70%", draft.version
    )
    task0 = draft.parsed["tasks"][0]
    assert task0["product"] == "Tỷ lệ hồ sơ trực tuyến toàn trình đạt từ 70%"
    from cchc.core.targets import extract_targets

    assert task0["targets"] == [t.to_dict() for t in extract_targets(task0["product"])]


def test_empty_task_text_is_refused(draft):
    with pytest.raises(services.ImportRefused, match="không được để trống"):
        services.update_task_cell(draft, 0, "task", "  ", draft.version)


def test_stale_version_is_refused_and_nothing_written(draft):
    services.update_task_cell(draft, 0, "note", "ghi chú mới", draft.version)
    before = PlanImport.objects.get(pk=draft.pk)
    stale = PlanImport.objects.get(pk=draft.pk)
    stale.version = 1  # what a second person's page still holds
    with pytest.raises(services.StaleDraft, match="người khác sửa"):
        services.update_task_cell(stale, 0, "note", "ghi đè", 1)
    after = PlanImport.objects.get(pk=draft.pk)
    assert after.version == before.version == 2
    assert after.parsed["tasks"][0]["note"] == "ghi chú mới"


def test_concurrent_save_loses_at_the_database(draft):
    """Both loaded version 1; the first save wins, the second UPDATE matches no row."""
    first = PlanImport.objects.get(pk=draft.pk)
    second = PlanImport.objects.get(pk=draft.pk)
    services.update_task_cell(first, 0, "note", "người thứ nhất", 1)
    second.version = 1
    with pytest.raises(services.StaleDraft):
        services._save_parsed(second, second.parsed, 1)
    assert PlanImport.objects.get(pk=draft.pk).parsed["tasks"][0]["note"] == "người thứ nhất"


def test_map_unit_saves_alias_and_reresolves_every_row(org, coordinator):
    parsed = parsed_plan(
        [
            task("1", "A", lead=["Tổ công tác đặc biệt"]),
            task("2", "B", lead=["Văn phòng Sở"], coord=["Tổ công tác đặc biệt"]),
        ]
    )
    draft = make_draft(org, coordinator, parsed)
    services.map_unit(draft, "Tổ công tác đặc biệt", unit_code="TTRA", user=coordinator, expected_version=1)
    alias = UnitAlias.objects.get(organisation=org)
    assert (alias.text, alias.key, alias.unit.code, alias.created_by) == (
        "Tổ công tác đặc biệt",
        fold("Tổ công tác đặc biệt"),
        "TTRA",
        coordinator,
    )
    assert lead_refs(draft, 0)[0]["codes"] == ["TTRA"]
    assert draft.parsed["tasks"][1]["units_resolved"]["coordinating"][0]["status"] == "unit"
    assert draft.version == 2


def test_map_unit_to_group_and_to_not_a_unit(org, coordinator):
    parsed = parsed_plan([task("1", "A", lead=["Khối chuyên môn"], coord=["Báo Hòa Bình Xanh"])])
    draft = make_draft(org, coordinator, parsed)
    services.map_unit(draft, "Khối chuyên môn", group_key="divisions", user=coordinator, expected_version=1)
    services.map_unit(draft, "Báo Hòa Bình Xanh", ignore=True, user=coordinator, expected_version=2)
    lead = lead_refs(draft, 0)[0]
    assert lead["status"] == "group" and "QLCN" in lead["codes"]
    assert draft.parsed["tasks"][0]["units_resolved"]["coordinating"][0]["status"] == "ignored"
    assert UnitAlias.objects.get(key=fold("Báo Hòa Bình Xanh")).ignore


def test_map_unit_with_stale_version_keeps_no_alias(draft, coordinator):
    with pytest.raises(services.StaleDraft):
        services.map_unit(draft, "Tổ công tác đặc biệt", unit_code="VP", user=coordinator, expected_version=7)
    assert not UnitAlias.objects.exists()


def test_update_plan_meta_rereads_schedules_in_the_new_period(draft):
    from datetime import date

    services.update_plan_meta(
        draft,
        number="7/KH-SCT",
        title="Kế hoạch mới",
        issued_on=date(2027, 1, 5),
        period_start=date(2027, 1, 1),
        period_end=date(2027, 12, 31),
        expected_version=1,
    )
    meta = draft.parsed["plan"]
    assert (meta["number"], meta["title"], meta["issued_on"]) == ("7/KH-SCT", "Kế hoạch mới", "2027-01-05")
    assert meta["period"] == {"start": "2027-01-01", "end": "2027-12-31"}
    assert draft.parsed["tasks"][3]["schedule"]["due"] == ["2027-06-30", "2027-12-31"]


def test_confirm_refused_while_a_lead_unit_is_unknown(draft, coordinator):
    with pytest.raises(services.ImportRefused, match="Tổ công tác đặc biệt"):
        confirming.confirm_import(draft, coordinator, draft.version)
    assert not Plan.objects.exists()
    draft.refresh_from_db()
    assert draft.status == PlanImport.Status.DRAFT


def test_confirm_creates_plan_tasks_units_and_targets(draft, coordinator, media_root):
    services.map_unit(draft, "Tổ công tác đặc biệt", unit_code="MC", user=coordinator, expected_version=1)
    plan = confirming.confirm_import(draft, coordinator, draft.version)

    assert (plan.number, plan.title, str(plan.period_start), str(plan.period_end)) == (
        "5/KH-SCT",
        "Kế hoạch CCHC năm 2026",
        "2026-01-01",
        "2026-12-31",
    )
    assert plan.source_sha256 == draft.sha256
    assert plan.source_file.name == draft.uploaded_file.name
    with plan.source_file.open("rb") as f:
        assert f.read() == b"noi dung ke hoach"
    tasks = list(plan.tasks.order_by("order"))
    assert [t.number for t in tasks] == ["1", "2", "3", "3.1", "3.2"]
    assert tasks[2].is_group
    assert tasks[3].parent == tasks[2] and tasks[4].parent == tasks[2]
    assert tasks[0].schedule["due"] == ["2026-01-31"] and tasks[0].schedule_text == "Trước ngày 31/01/2026"

    def units(t, role):
        return sorted(tu.unit.code for tu in TaskUnit.objects.filter(task=t, role=role))

    assert units(tasks[0], "lead") == ["VP"] and units(tasks[0], "coordinating") == ["TTRA"]
    assert units(tasks[1], "lead") == ["MC"]
    # "Sở Nội vụ" is one of the department's units of kind external here.
    assert units(tasks[1], "coordinating") == ["SNV"]
    # A group mention becomes one TaskUnit per unit of the group.
    assert units(tasks[4], "coordinating") == sorted(["KHTC", "QLCN", "QLNL", "QLTM", "KTAT"])
    assert (
        TaskUnit.objects.filter(task=tasks[4], role="coordinating").first().mention == "Các phòng chuyên môn"
    )

    expected_targets = sum(len(t["targets"]) for t in draft.parsed["tasks"])
    assert Target.objects.filter(plan=plan).count() == expected_targets
    for target in Target.objects.filter(plan=plan):
        assert isinstance(target.value, Decimal)

    draft.refresh_from_db()
    assert draft.status == PlanImport.Status.CONFIRMED and draft.plan == plan


def test_confirm_twice_is_refused(draft, coordinator):
    services.map_unit(draft, "Tổ công tác đặc biệt", unit_code="MC", user=coordinator, expected_version=1)
    confirming.confirm_import(draft, coordinator, draft.version)
    with pytest.raises(services.ImportRefused):
        confirming.confirm_import(draft, coordinator, draft.version)
    assert Plan.objects.count() == 1


def test_confirm_is_atomic_when_a_task_fails_midway(org, coordinator):
    parsed = parsed_plan(sample_tasks())
    parsed["tasks"][1]["lead_units"] = ["Văn phòng Sở"]
    # A crafted draft: row 4 has no task text, which the database refuses (NOT NULL) after
    # the plan and three tasks were already written.
    parsed["tasks"][3]["task"] = None
    draft = make_draft(org, coordinator, parsed)
    with pytest.raises(services.ImportRefused, match="dòng nhiệm vụ thứ 4"):
        confirming.confirm_import(draft, coordinator, draft.version)
    assert Plan.objects.count() == 0
    assert Task.objects.count() == 0
    assert TaskUnit.objects.count() == 0
    assert Target.objects.count() == 0
    draft.refresh_from_db()
    assert draft.status == PlanImport.Status.DRAFT and draft.version == 1 and draft.plan is None


def test_discard_deletes_the_uploaded_file(draft, media_root):
    path = draft.uploaded_file.path
    services.discard_import(draft, draft.version)
    draft.refresh_from_db()
    assert draft.status == PlanImport.Status.DISCARDED
    import os

    assert not os.path.exists(path)
    with pytest.raises(services.ImportRefused, match="hủy"):
        services.update_task_cell(draft, 0, "note", "x", draft.version)
