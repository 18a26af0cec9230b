"""Who may see and do what: a table of role × action, on the lead unit's obligation and on
another unit's one, and nothing at all for another department's people."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from cchc.tracking import permissions

PEOPLE = (
    "leader",
    "coordinator",
    "observer",
    "head",
    "staff",
    "coord_head",
    "coord_staff",
    "other_head",
    "stranger",
    "stranger_head",
    "nobody",
)


def _table(allowed: set[str]) -> list[tuple[str, bool]]:
    return [(who, who in allowed) for who in PEOPLE]


ALL_OF_ORG = {"leader", "coordinator", "observer"}


@pytest.mark.parametrize(
    ("who", "expected"), _table(ALL_OF_ORG | {"head", "staff", "coord_head", "coord_staff"})
)
def test_can_view_the_lead_units_obligation(world, who, expected):
    # The lead unit's people, and the coordinating unit's people (KHTC coordinates the task).
    assert permissions.can_view(world.users[who], world.obligation) is expected


@pytest.mark.parametrize(("who", "expected"), _table(ALL_OF_ORG | {"other_head"}))
def test_can_view_another_units_obligation(world, who, expected):
    assert permissions.can_view(world.users[who], world.other_obligation) is expected


@pytest.mark.parametrize(("who", "expected"), _table({"head", "staff"}))
def test_can_report(world, who, expected):
    assert permissions.can_report(world.users[who], world.obligation) is expected


@pytest.mark.parametrize(("who", "expected"), _table({"head"}))
def test_only_the_unit_head_submits(world, who, expected):
    assert permissions.can_submit(world.users[who], world.obligation) is expected


@pytest.mark.parametrize(("who", "expected"), _table({"head"}))
def test_only_the_unit_head_asks_for_an_extension(world, who, expected):
    assert permissions.can_request_extension(world.users[who], world.obligation) is expected


@pytest.mark.parametrize(("who", "expected"), _table({"coord_head", "coord_staff"}))
def test_can_contribute(world, who, expected):
    assert permissions.can_contribute(world.users[who], world.obligation) is expected


@pytest.mark.parametrize(("who", "expected"), _table({"coordinator"}))
def test_can_review(world, who, expected):
    assert permissions.can_review(world.users[who], world.org) is expected


@pytest.mark.parametrize(("who", "expected"), _table({"leader", "coordinator"}))
def test_can_decide_extension(world, who, expected):
    assert permissions.can_decide_extension(world.users[who], world.org) is expected


def test_the_other_departments_coordinator_reviews_only_there(world):
    assert permissions.can_review(world.stranger, world.other_org) is True
    assert permissions.can_review(world.stranger, world.org) is False
    assert permissions.can_review(world.stranger, world.org.pk) is False


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("leader", {"obligation", "other_obligation"}),
        ("coordinator", {"obligation", "other_obligation"}),
        ("observer", {"obligation", "other_obligation"}),
        ("head", {"obligation"}),
        ("staff", {"obligation"}),
        ("coord_head", {"obligation"}),
        ("coord_staff", {"obligation"}),
        ("other_head", {"other_obligation"}),
        ("stranger", set()),
        ("stranger_head", set()),
        ("nobody", set()),
    ],
)
def test_visible_obligations(world, who, expected):
    ids = {getattr(world, name).pk for name in expected}
    assert set(permissions.visible_obligations(world.users[who]).values_list("pk", flat=True)) == ids


def test_visible_obligations_agrees_with_can_view(world):
    for who in PEOPLE:
        user = world.users[who]
        visible = set(permissions.visible_obligations(user))
        for o in (world.obligation, world.other_obligation):
            assert (o in visible) is permissions.can_view(user, o), (who, o.pk)


def test_a_disabled_account_and_an_anonymous_visitor_have_no_rights(world):
    world.leader.is_active = False
    world.leader.save()
    for user in (world.leader, AnonymousUser()):
        assert permissions.membership(user, world.org) is None
        assert permissions.user_org(user) is None
        assert permissions.can_view(user, world.obligation) is False
        assert permissions.can_decide_extension(user, world.org) is False
        assert not permissions.visible_obligations(user).exists()


def test_a_superuser_without_a_membership_sees_no_departments_work(world, django_user_model):
    admin = django_user_model.objects.create_superuser("quantri", password="x-mat-khau-1")
    assert permissions.can_view(admin, world.obligation) is False
    assert permissions.can_review(admin, world.org) is False
    assert not permissions.visible_obligations(admin).exists()


def test_a_unit_person_without_a_unit_sees_nothing(world):
    m = permissions.membership(world.staff, world.org)
    m.unit = None
    m.save()
    assert permissions.can_view(world.staff, world.obligation) is False
    assert permissions.can_report(world.staff, world.obligation) is False
    assert not permissions.visible_obligations(world.staff).exists()


def test_membership_and_user_org(world):
    m = permissions.membership(world.head, world.org)
    assert (m.role, m.unit.code) == ("unit_head", "QLCN")
    assert permissions.membership(world.head, world.other_org) is None
    assert permissions.user_org(world.head) == world.org
    assert permissions.user_org(world.stranger) == world.other_org
    assert permissions.user_org(world.nobody) is None
