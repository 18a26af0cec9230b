from __future__ import annotations

import pytest

from cchc.dossiers import services
from cchc.orgs.models import Membership
from tests.dossiers import data
from tests.factories import person

Role = Membership.Role


@pytest.fixture
def head_qlcn(org):
    return person(org, Role.UNIT_HEAD, "QLCN")


@pytest.fixture
def staff_qltm(org):
    return person(org, Role.UNIT_STAFF, "QLTM")


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
