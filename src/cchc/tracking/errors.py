"""What the follow-through services refuse, with a message a person can act on.

Every refusal is raised before anything is written (or inside a transaction that is rolled
back), so a caller that catches ``TrackingError`` can show ``message`` and nothing is lost.
The JSON API maps the classes to HTTP codes: ``InvalidInput`` 400, ``NotAllowed`` 403,
``Conflict`` (and ``StaleVersion``) 409, ``Unavailable`` 503.
"""

from __future__ import annotations

from cchc.core.errors import UserError

STALE_MESSAGE = "Báo cáo đã được người khác sửa trong lúc bạn đang sửa, hãy tải lại trang rồi làm lại."


class TrackingError(UserError):
    """A user-caused refusal; ``message`` is in Vietnamese and says what to do."""

    default_message = "Không thực hiện được thao tác này."

    def __init__(self, message: str | None = None, *, field: str | None = None) -> None:
        super().__init__(message or self.default_message)
        # The form field the message is about, when there is one (the screens show it there).
        self.field = field


class NotAllowed(TrackingError):
    """The person's role or unit does not give them this right."""

    default_message = "Bạn không có quyền thực hiện thao tác này."


class InvalidInput(TrackingError):
    """A value the person entered is wrong (empty, out of range, a bad file, a bad date)."""

    default_message = "Dữ liệu nhập vào không hợp lệ."


class Conflict(TrackingError):
    """The thing is no longer in a state that allows it (already sent, already decided …)."""

    default_message = "Thao tác không còn phù hợp với tình trạng hiện tại, hãy tải lại trang."


class StaleVersion(Conflict):
    """Someone else saved the same record since the person loaded it."""

    default_message = STALE_MESSAGE


class Unavailable(TrackingError):
    """The server could not keep what was sent (its disk refused a file): nothing was saved,
    the person may try again, and the administrator must look (the cause is logged)."""

    default_message = (
        "Hệ thống chưa lưu được tệp đính kèm nên chưa lưu gì cả. "
        "Hãy thử lại sau ít phút; nếu vẫn không được, hãy báo quản trị hệ thống."
    )
