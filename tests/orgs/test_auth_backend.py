"""The login backend that reads a person with their department in one query (orgs.auth)."""

from __future__ import annotations

import lxml.html
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cchc.orgs.auth import MEMBERSHIP_ATTR, MembershipBackend
from cchc.orgs.models import Membership, Organisation
from cchc.orgs.selectors import membership_for
from tests.factories import make_org, make_user

pytestmark = pytest.mark.django_db


def _fields(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_the_person_comes_with_membership_department_and_unit_as_the_orm_reads_them(org):
    org.remind_before_days = [10, 3, 1]  # a JSON column: must come back as a list
    org.save()
    user = make_user(org, Membership.Role.UNIT_HEAD, "truongphong", unit_code="QLTM")
    with CaptureQueriesContext(connection) as queries:
        found = MembershipBackend().get_user(user.pk)
    assert len(queries.captured_queries) == 1
    assert _fields(found) == _fields(get_user_model().objects.get(pk=user.pk))
    m = getattr(found, MEMBERSHIP_ATTR)
    expected = Membership.objects.select_related("organisation", "unit").get(user=user)
    assert _fields(m) == _fields(expected)
    assert _fields(m.organisation) == _fields(expected.organisation)
    assert m.organisation.remind_before_days == [10, 3, 1]
    assert _fields(m.unit) == _fields(expected.unit) and m.unit.is_active is True
    assert found.date_joined.tzinfo is not None  # aware, as the ORM gives it
    with CaptureQueriesContext(connection) as queries:
        assert membership_for(found) is m
    assert queries.captured_queries == []


def test_the_first_membership_by_id_as_membership_for_reads_it(org):
    user = make_user(org, Membership.Role.LEADER, "lanhdao")
    other = make_org("sct-khac", "Sở Công Thương tỉnh Khác")
    Membership.objects.create(user=user, organisation=other, role=Membership.Role.OBSERVER)
    m = getattr(MembershipBackend().get_user(user.pk), MEMBERSHIP_ATTR)
    assert (m.organisation_id, m.role, m.unit) == (org.pk, Membership.Role.LEADER, None)


@pytest.mark.parametrize(
    ("case", "expect"),
    [
        ("no membership", "user, membership None"),
        ("inactive", "no user"),
        ("unknown id", "no user"),
        ("not a number", "no user"),
    ],
)
def test_who_is_not_logged_in_or_belongs_nowhere(org, case, expect):
    user = make_user(None, username="nguoi-ngoai")
    key = user.pk
    if case == "inactive":
        user.is_active = False
        user.save()
    elif case == "unknown id":
        key = user.pk + 1000
    elif case == "not a number":
        key = "abc"
    found = MembershipBackend().get_user(key)
    if expect == "no user":
        assert found is None
    else:
        assert found.pk == user.pk and getattr(found, MEMBERSHIP_ATTR) is None
        assert membership_for(found) is None


def test_a_role_changed_takes_effect_on_the_next_request(client, org):
    user = make_user(org, Membership.Role.COORDINATOR, "vanphong", unit_code="VP")
    client.force_login(user)
    board = reverse("tracking:board")
    assert client.get(board).status_code == 200
    Membership.objects.filter(user=user).update(role=Membership.Role.UNIT_STAFF)
    assert client.get(board).status_code == 403  # the board is not for a unit's staff
    Organisation.objects.filter(pk=org.pk).update(name="Sở Công Thương tỉnh Đổi Tên")
    page = lxml.html.fromstring(client.get(reverse("tracking:my_unit")).content)
    assert page.xpath("//header[@class='topbar']/span[@class='org']")[0].text_content() == (
        "Sở Công Thương tỉnh Đổi Tên"
    )


def test_a_switched_off_account_is_logged_out_on_the_next_request(client, org):
    user = make_user(org, Membership.Role.COORDINATOR, "vanphong", unit_code="VP")
    client.force_login(user)
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    response = client.get(reverse("tracking:board"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
