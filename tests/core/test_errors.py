"""Every error a person is shown derives from one base, with its message for them."""

from __future__ import annotations

import pytest

from cchc.core.dossiers.schema import DossierReadError
from cchc.core.errors import UserError
from cchc.core.planread.document import PlanReadError

CASES = [
    (lambda: PlanReadError("corrupt", "Tệp bị hỏng."), "Tệp bị hỏng."),
    (lambda: DossierReadError("Thiếu cột mã hồ sơ."), "Thiếu cột mã hồ sơ."),
    (lambda: UserError("Hãy thử lại."), "Hãy thử lại."),
]


@pytest.mark.parametrize(("make", "message"), CASES)
def test_core_errors_carry_their_message(make, message):
    exc = make()
    assert isinstance(exc, UserError)
    assert exc.message == message
    assert str(exc) == message


def test_the_apps_errors_derive_from_the_base():
    from cchc.dossiers.services import UploadRefused
    from cchc.plans.services import ImportRefused
    from cchc.tracking.api.plumbing import ApiError
    from cchc.tracking.errors import NotAllowed, TrackingError
    from cchc.tracking.lifecycle import PlanChangeRefused
    from cchc.tracking.planning import PlanningError

    for kind in (UploadRefused, PlanChangeRefused, ImportRefused, ApiError, TrackingError, PlanningError):
        assert issubclass(kind, UserError), kind
    refused = NotAllowed()
    assert refused.message == NotAllowed.default_message and refused.field is None
    assert ApiError(409, "conflict", "Đã có người sửa.").message == "Đã có người sửa."
