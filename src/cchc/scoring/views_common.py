"""What the process views share: the HTTP code of a refusal."""

from __future__ import annotations

from cchc.core.errors import UserError
from cchc.scoring.services import EditConflict, NotAllowed


def status_for(exc: UserError) -> int:
    """403 for a right the person lacks, 409 for a row that moved on, 400 for the rest (a bad
    value, a step out of order): the page is shown again with the message."""
    if isinstance(exc, NotAllowed):
        return 403
    if isinstance(exc, EditConflict):
        return 409
    return 400
