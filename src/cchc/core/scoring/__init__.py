"""The PAR INDEX self-assessment's pure core: criteria sets as data, scoring rules, totals,
ranking, the criteria workbook and the task ↔ criterion suggestion.

A province's criteria set (``CriteriaSet``) for a year and a kind of body holds areas,
criteria and sub-criteria (``Item``), each with a maximum and a ``Rule`` that proposes its
points from a measured value (named by a ``SourceRef`` the app computes), plus bonus and
penalty items and caps on their totals. Nothing here knows Django: the app stores the sets
and scores and calls these functions.

Modules:

* ``rules``: ``Rule``, ``Band``, ``apply_rule`` (yes/no, bands, ratio, count, deduction,
  relative, manual; rounding), ``RuleError``.
* ``rule_text``: the short Vietnamese form of a rule ("bậc: 100=1; 80=0,5"), both ways.
* ``criteria``: ``CriteriaSet``, ``Item``, ``SourceRef`` / ``parse_source``, the levels,
  ``structure_problems`` / ``validate``.
* ``totals``: ``compute_totals`` (items, areas, bonus and penalty within their caps),
  ``propose_scores`` (every rule of a set applied to a body's values).
* ``ranking``: dense ``rank`` (1, 1, 2), ``rank_codes``, ``best_value``.
* ``workbook``: the workbook's layout, ``write_criteria``, ``template_bytes``.
* ``workbook_read``: ``read_criteria`` and ``CriteriaFileError`` with every ``RowProblem``.
* ``mapping``: ``TaskText`` and ``suggest`` (which criteria a plan's task serves).
"""

from __future__ import annotations

from cchc.core.scoring.criteria import (
    BODY_KINDS,
    LEVEL_LABELS,
    LEVELS,
    CriteriaSet,
    Item,
    Level,
    SourceError,
    SourceRef,
    StructureProblem,
    parse_source,
)
from cchc.core.scoring.mapping import TaskText, suggest
from cchc.core.scoring.ranking import best_value, rank, rank_codes
from cchc.core.scoring.rule_text import RULE_FORMS, parse_rule_text, rule_text
from cchc.core.scoring.rules import KIND_LABELS, KINDS, Band, Kind, Rule, RuleError, apply_rule, round_to
from cchc.core.scoring.totals import Totals, compute_totals, propose_scores
from cchc.core.scoring.workbook import template_bytes, write_criteria
from cchc.core.scoring.workbook_read import CriteriaFileError, ReadLimits, RowProblem, read_criteria

__all__ = [
    "BODY_KINDS",
    "KINDS",
    "KIND_LABELS",
    "LEVELS",
    "LEVEL_LABELS",
    "RULE_FORMS",
    "Band",
    "CriteriaFileError",
    "CriteriaSet",
    "Item",
    "Kind",
    "Level",
    "ReadLimits",
    "RowProblem",
    "Rule",
    "RuleError",
    "SourceError",
    "SourceRef",
    "StructureProblem",
    "TaskText",
    "Totals",
    "apply_rule",
    "best_value",
    "compute_totals",
    "parse_rule_text",
    "parse_source",
    "propose_scores",
    "rank",
    "rank_codes",
    "read_criteria",
    "round_to",
    "rule_text",
    "suggest",
    "template_bytes",
    "write_criteria",
]
