from __future__ import annotations

import pytest

from cchc.dossiers import services
from cchc.orgs.models import Membership
from tests.dossiers import data
from tests.web.factories import make_org, make_user

Role = Membership.Role


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def org(db):
    return make_org()


@pytest.fixture
def coordinator(org):
    return make_user(org, Role.COORDINATOR, "vanphong", unit_code="VP")


@pytest.fixture
def leader(org):
    return make_user(org, Role.LEADER, "lanhdao")


@pytest.fixture
def observer(org):
    return make_user(org, Role.OBSERVER, "quansat")


@pytest.fixture
def head_qlcn(org):
    return make_user(org, Role.UNIT_HEAD, "truongphong-qlcn", unit_code="QLCN")


@pytest.fixture
def staff_qltm(org):
    return make_user(org, Role.UNIT_STAFF, "chuyenvien-qltm", unit_code="QLTM")


def upload(org, user, content: bytes, name: str = "ho-so.csv", pauses: bytes | None = None):
    return services.upload_exports(
        org,
        user,
        dossiers=services.ExportFile(name, content),
        pauses=services.ExportFile("dung.csv", pauses) if pauses is not None else None,
        now=data.AS_OF,
    )


@pytest.fixture
def loaded(org, coordinator):
    """All eight dossiers of ``data``, analysed as of 15/04/2026 10:00."""
    return upload(org, coordinator, data.export(*data.ALL))
