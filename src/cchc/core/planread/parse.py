"""parse_plan: bytes of a plan document -> ParsedPlan. (Being written.)"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cchc.core.planread.document import PlanReadError
from cchc.core.planread.model import ParsedPlan, PlanMeta

if TYPE_CHECKING:
    from cchc.core.units import UnitDirectory


def parse_plan(data: bytes, *, year: int | None = None, directory: UnitDirectory | None = None,
               max_bytes: int | None = None) -> ParsedPlan:
    """Read a plan document (docx, pdf, xlsx or extracted text) into task drafts.

    Raises :class:`PlanReadError` with a Vietnamese message for unreadable input or a
    document without a task table. Never returns a partial result on error.
    """
    raise PlanReadError("not_ready", "Bộ đọc kế hoạch chưa sẵn sàng.")


__all__ = ["ParsedPlan", "PlanMeta", "parse_plan"]
