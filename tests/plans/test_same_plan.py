"""The same plan imported twice (issue 8, defect 3): a copy of the demo plan with one space
added, or its number written another way, was imported as a second 12/KH-SCT. The plan is
found by its number, issuer and year: the preview says at once that it exists, with a link,
and confirming is refused with the same words, unless the existing plan was deleted."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.demo.seed import DEMO_PLAN
from cchc.plans import services
from cchc.plans.models import Plan, PlanImport
from cchc.tracking import confirming, lifecycle
from tests.dom import by_id, dom, find, text
from tests.factories import make_org

pytestmark = pytest.mark.django_db

DEMO = DEMO_PLAN.read_bytes()


@pytest.fixture
def plan(org, coordinator):
    return confirming.import_plan_file(org, DEMO_PLAN, user=coordinator)


def upload(client, data: bytes, name: str):
    return client.post(reverse("plans:import"), {"file": SimpleUploadedFile(name, data)})


# Other bytes, the same plan: the way the copies of a plan differ.
COPIES = [
    pytest.param(DEMO + b" ", id="one trailing space"),
    pytest.param(DEMO.replace(b"\n", b"\r\n"), id="Windows line ends"),
    pytest.param(DEMO.replace("Số: 12/KH-SCT".encode(), "Số: 12 /KH-SCT".encode()), id="12 /KH-SCT"),
    pytest.param(DEMO.replace("Số: 12/KH-SCT".encode(), "Số:   012/KH-SCT".encode()), id="012/KH-SCT"),
    pytest.param(DEMO.replace("Số: 12/KH-SCT".encode(), "SỐ: 12/kh-sct".encode()), id="lower case"),
]


@pytest.mark.parametrize("data", COPIES)
def test_the_preview_says_at_once_that_the_plan_exists(coord_client, plan, data):
    response = upload(coord_client, data, "ban-sao-ke-hoach.txt")
    assert response.status_code == 302  # other bytes: a draft, and the preview tells
    page = dom(coord_client.get(response.url))
    check = by_id(page, "check-duplicate")
    assert check is not None
    assert f"Kế hoạch số 12/KH-SCT năm {plan.period_start.year}" in text(check)
    assert "đã có trong hệ thống" in text(check)
    link = find(check, ".//a")
    assert link.get("href") == reverse("plans:detail", args=[plan.pk])
    assert text(link) == "Mở kế hoạch số 12/KH-SCT đã có"
    # The confirm box says it too, with the same link.
    assert find(by_id(page, "confirm-duplicate"), ".//a[2]").get("href") == link.get("href")


@pytest.mark.parametrize("data", COPIES)
def test_confirming_the_same_plan_is_refused(coord_client, org, plan, data):
    upload(coord_client, data, "ban-sao-ke-hoach.txt")
    draft = PlanImport.objects.get(status=PlanImport.Status.DRAFT)
    response = coord_client.post(reverse("plans:import_confirm", args=[draft.pk]), {"version": draft.version})
    assert response.status_code == 302 and response.url == reverse("plans:import_preview", args=[draft.pk])
    messages = [text(li) for li in dom(coord_client.get(response.url)).xpath('//ul[@class="messages"]/li')]
    assert any("đã có trong hệ thống" in m and "không nhập lại" in m for m in messages), messages
    assert Plan.objects.filter(organisation=org).count() == 1
    draft.refresh_from_db()
    assert draft.status == PlanImport.Status.DRAFT


def test_the_number_corrected_in_the_preview_is_checked_too(coord_client, org, coordinator, plan):
    """A copy read without its number is not recognised until the Office types the number."""
    data = DEMO.replace(b"12/KH-SCT", b"")
    draft = services.start_import(org, coordinator, "khong-so.txt", data, None)
    assert (
        by_id(dom(coord_client.get(reverse("plans:import_preview", args=[draft.pk]))), "check-duplicate")
        is None
    )
    meta = draft.parsed["plan"]
    services.update_plan_meta(
        draft,
        number="Số: 12/KH-SCT",
        title=meta["title"],
        issued_on=None,
        period_start=plan.period_start,
        period_end=plan.period_end,
        expected_version=draft.version,
    )
    page = dom(coord_client.get(reverse("plans:import_preview", args=[draft.pk])))
    assert by_id(page, "check-duplicate") is not None
    with pytest.raises(services.ImportRefused, match="đã có trong hệ thống") as refused:
        confirming.confirm_import(draft, coordinator, draft.version, allow_unresolved=True)
    assert refused.value.existing == plan


@pytest.mark.parametrize(
    ("change", "same"),
    [
        ("Số: 13/KH-SCT", False),  # another number
        ("Số: 12/KH-SCT", True),
    ],
)
def test_only_the_same_number_issuer_and_year_is_the_same_plan(org, coordinator, plan, change, same):
    data = DEMO.replace("Số: 12/KH-SCT".encode(), change.encode()) + b"\n"
    draft = services.start_import(org, coordinator, "ke-hoach-khac.txt", data, None)
    if same:
        with pytest.raises(services.ImportRefused, match="đã có trong hệ thống"):
            confirming.confirm_import(draft, coordinator, draft.version, allow_unresolved=True)
    else:
        assert (
            confirming.confirm_import(draft, coordinator, draft.version, allow_unresolved=True).number
            == "13/KH-SCT"
        )


def test_the_same_plan_for_another_year_is_another_plan(org, coordinator, plan):
    data = DEMO + b" "
    draft = services.start_import(org, coordinator, "nam-sau.txt", data, None)
    meta = draft.parsed["plan"]
    services.update_plan_meta(
        draft,
        number=meta["number"],
        title=meta["title"],
        issued_on=None,
        period_start=plan.period_start.replace(year=plan.period_start.year + 1),
        period_end=plan.period_end.replace(year=plan.period_end.year + 1),
        expected_version=draft.version,
    )
    other = confirming.confirm_import(draft, coordinator, draft.version, allow_unresolved=True)
    year = plan.period_start.year
    assert other.identity_key.endswith(f"|{year + 1}") and plan.identity_key.endswith(f"|{year}")


def test_an_archived_plan_is_still_the_same_plan(org, coordinator, plan):
    lifecycle.archive_plan(plan, coordinator)
    draft = services.start_import(org, coordinator, "ban-sao.txt", DEMO + b" ", None)
    with pytest.raises(services.ImportRefused, match="đã lưu trữ"):
        confirming.confirm_import(draft, coordinator, draft.version, allow_unresolved=True)


def test_once_the_existing_plan_is_deleted_the_plan_can_be_imported_again(org, coordinator, plan):
    lifecycle.delete_plan(plan, coordinator)
    again = confirming.import_plan_file(org, DEMO_PLAN, user=coordinator)  # the very same bytes, too
    assert again.number == "12/KH-SCT" and Plan.objects.filter(organisation=org).count() == 1


def test_the_same_plan_in_another_department_is_fine(org, coordinator, plan):
    other = make_org("sct-khac", "Sở Công Thương tỉnh Khác")
    assert confirming.import_plan_file(other, DEMO_PLAN).identity_key == plan.identity_key


def test_the_byte_identical_file_is_still_refused_at_upload(coord_client, plan):
    response = upload(coord_client, DEMO, "ten-khac.txt")
    assert response.status_code == 400
    errors = find(dom(response), '//div[@class="errors"]')
    assert "Tệp này đã được nhập" in text(errors)
    assert find(errors, ".//a").get("href") == reverse("plans:detail", args=[plan.pk])


def test_the_plan_keeps_its_identity(plan):
    assert plan.identity_key == f"12/kh-sct|so cong thuong|{plan.period_start.year}"
