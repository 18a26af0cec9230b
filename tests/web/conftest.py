from __future__ import annotations

import pytest

from cchc.orgs.models import Membership
from tests.web.factories import make_org, make_user


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def org(db):
    return make_org()


@pytest.fixture
def coordinator(org):
    return make_user(org, Membership.Role.COORDINATOR, "vanphong", unit_code="VP")


@pytest.fixture
def coord_client(client, coordinator):
    client.force_login(coordinator)
    return client
