"""Reading plan documents into task drafts (pure Python, no Django).

Entry point: :func:`parse_plan` (bytes in, :class:`ParsedPlan` out).
"""

from cchc.core.planread.document import PlanReadError
from cchc.core.planread.model import ParsedPlan, PlanMeta, TaskDraft, UnitRef
from cchc.core.planread.parse import parse_plan

__all__ = ["ParsedPlan", "PlanMeta", "PlanReadError", "TaskDraft", "UnitRef", "parse_plan"]
