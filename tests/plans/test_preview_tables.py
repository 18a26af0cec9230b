"""A document with several tables (Phụ lục I, II; an indicator table before the tasks) in the
preview: each table listed with its heading, its rows under it, the indicator table as the
plan's targets, the other columns kept; the Office chooses which tables to import (issue 10)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cchc.plans import services
from cchc.plans.models import Plan, PlanImport, Target
from cchc.tracking import confirming
from tests.dom import by_id, dom, find_all, text
from tests.paths import web_sample_bytes

pytestmark = pytest.mark.django_db

AIR = "16_"  # two task tables: Phụ lục I (58 rows) and II (24)
DIGITAL = "15_"  # an indicator table (22 targets), then the task table


def _draft(org, user, sample: str) -> PlanImport:
    return services.start_import(org, user, f"{sample}van-ban.txt", web_sample_bytes(sample), 2026)


def _tasks_by_table(draft: PlanImport) -> dict[int, int]:
    out: dict[int, int] = {}
    for t in draft.parsed["tasks"]:
        out[int(t.get("table") or 0)] = out.get(int(t.get("table") or 0), 0) + 1
    return out


def _choose(client, draft: PlanImport, tables: list[int]):
    return client.post(
        reverse("plans:import_tables", args=[draft.pk]),
        {"version": draft.version, "table": tables},
        follow=True,
    )


def test_each_table_is_listed_with_its_heading_and_rows_under_it(coord_client, org, coordinator):
    draft = _draft(org, coordinator, AIR)
    page = dom(coord_client.get(reverse("plans:import_preview", args=[draft.pk])))
    choices = find_all(page, "//section[@id='tables']//li")
    assert [li.get("id") for li in choices] == ["table-1", "table-2"]
    assert text(find_all(choices[0], ".//span[@class='table-heading']")[0]).startswith(
        "PHỤ LỤC I BẢNG PHÂN CÔNG"
    )
    assert text(find_all(choices[1], ".//span[@class='table-heading']")[0]).startswith("PHỤ LỤC II DANH MỤC")
    boxes = find_all(page, "//section[@id='tables']//input[@type='checkbox']")
    assert [(b.get("value"), b.get("checked") is not None) for b in boxes] == [("0", True), ("1", True)]
    heads = find_all(page, "//tr[@class='table-row']")
    assert [h.get("id") for h in heads] == ["rows-of-table-1", "rows-of-table-2"]
    assert text(heads[1]).startswith("Bảng 2: PHỤ LỤC II")
    # The extra columns of Phụ lục I and II are shown with their rows, never as units or products.
    extras = {text(s) for s in find_all(page, "//tr[contains(@class, 'task-row')]//span[@class='extra']")}
    assert any(e.startswith("Thuộc nhóm nhiệm vụ: ") for e in extras)
    assert any(e.startswith("Tình trạng: ") for e in extras)


def test_the_office_chooses_the_tables_and_gets_them_back_whole(coord_client, org, coordinator):
    draft = _draft(org, coordinator, AIR)
    before = [t["task"] for t in draft.parsed["tasks"]]
    counts = _tasks_by_table(draft)
    assert set(counts) == {0, 1}

    response = _choose(coord_client, draft, [1])
    draft.refresh_from_db()
    assert _tasks_by_table(draft) == {1: counts[1]}
    page = dom(response)
    assert "Đã lưu lựa chọn bảng cần nhập." in text(page)
    assert text(by_id(page, "table-1")).startswith("Bảng 1 — Bảng nhiệm vụ, ")
    assert "(không nhập)" in text(by_id(page, "table-1")) and "(không nhập)" not in text(
        by_id(page, "table-2")
    )
    assert len(find_all(page, "//tr[contains(@class, 'task-row')]")) == counts[1]

    _choose(coord_client, draft, [0, 1])
    draft.refresh_from_db()
    assert [t["task"] for t in draft.parsed["tasks"]] == before  # in their place, in their order


def test_only_the_chosen_tables_are_imported(org, coordinator):
    draft = _draft(org, coordinator, AIR)
    first = _tasks_by_table(draft)[0]
    services.choose_tables(draft, {0}, draft.version)
    plan = confirming.confirm_import(draft, coordinator, allow_unresolved=True)
    assert plan.tasks.count() == first


@pytest.mark.parametrize(
    ("tables", "message"),
    [
        ([], "Hãy chọn ít nhất một bảng nhiệm vụ để nhập."),
        ([0], "Hãy chọn ít nhất một bảng nhiệm vụ để nhập."),  # the indicator table only
        ([1, 7], "Bảng được chọn không có trong văn bản này."),
    ],
)
def test_a_choice_without_a_task_table_is_refused(org, coordinator, tables, message):
    draft = _draft(org, coordinator, DIGITAL)
    with pytest.raises(services.ImportRefused, match=message):
        services.choose_tables(draft, set(tables), draft.version)


def test_a_stale_choice_is_refused(coord_client, org, coordinator):
    draft = _draft(org, coordinator, AIR)
    old = draft.version
    _choose(coord_client, draft, [0])
    draft.version = old
    page = dom(_choose(coord_client, draft, [1]))
    assert "người khác sửa" in text(page)
    draft.refresh_from_db()
    assert set(_tasks_by_table(draft)) == {0}


def test_an_indicator_table_is_the_plans_targets(coord_client, org, coordinator):
    draft = _draft(org, coordinator, DIGITAL)
    page = dom(coord_client.get(reverse("plans:import_preview", args=[draft.pk])))
    rows = find_all(page, "//table[contains(@class, 'plan-indicators')]/tbody/tr")
    assert len(rows) == 22
    cells = [text(td) for td in rows[0].iter("td")]
    assert cells[0] == "1" and cells[1] and cells[2]  # number, indicator, value
    tasks = [
        text(td) for td in find_all(page, "//tr[contains(@class, 'task-row')]/td[@data-label='Nhiệm vụ']")
    ]
    assert len(tasks) == len(draft.parsed["tasks"]) and not [t for t in tasks if t.startswith(cells[1])]
    # Imported: the indicators with a value become the plan's targets; left out, none.
    plan = confirming.confirm_import(draft, coordinator, allow_unresolved=True)
    read = [s for s in draft.parsed["sections"] if s.get("source") == "indicator_table" and s.get("targets")]
    assert Target.objects.filter(plan=plan, task=None).count() >= len(read) > 0


def test_an_indicator_table_left_out_brings_no_targets(org, coordinator):
    draft = _draft(org, coordinator, DIGITAL)
    services.choose_tables(draft, {1}, draft.version)
    draft.refresh_from_db()
    assert not [s for s in draft.parsed.get("sections") or [] if s.get("source") == "indicator_table"]
    plan = confirming.confirm_import(draft, coordinator, allow_unresolved=True)
    assert not Target.objects.filter(plan=plan, task=None).exists()
    assert Plan.objects.count() == 1
