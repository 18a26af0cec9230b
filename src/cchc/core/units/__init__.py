"""The department's unit directory, and the reading of the plans' unit cells.

Two jobs:

* ``split_unit_cell`` cuts a "Chủ trì" / "Phối hợp" / "Phân công" cell into unit phrases
  and the how-to text that follows them ("Văn phòng Sở đôn đốc, tổng hợp" -> unit
  "Văn phòng Sở", method "đôn đốc, tổng hợp"). Unit phrases keep their words as written.
* ``UnitDirectory.resolve`` says which unit(s) a phrase means: one unit, a group of units,
  an outside body, or that it does not know (never a guess below the fuzzy threshold).

Modules:

* ``model``: ``Unit``, ``Resolution``, ``GroupRule``, ``GroupInfo`` (and the unit kinds).
* ``vocabulary``: the data: group phrases (``GROUPS``, with the decisions behind them),
  outside bodies, unit head words, list words and instruction words.
* ``matching``: matching keys (folded name variants, initials, mention keys, fuzzy score).
* ``directory``: ``UnitDirectory`` and its resolution order (alias, exact, abbreviation,
  initials, group, outside body, fuzzy).
* ``scan``: the word scanner that cuts one item into unit phrases and instructions.
* ``cells``: ``UnitCell`` and ``split_unit_cell`` (items, role labels, "chủ trì, phối hợp với").
* ``demo``: ``demo_directory``.
"""

from __future__ import annotations

from cchc.core.units.cells import UnitCell, split_unit_cell
from cchc.core.units.demo import demo_directory
from cchc.core.units.directory import UnitDirectory
from cchc.core.units.model import GroupInfo, GroupRule, Resolution, Unit
from cchc.core.units.vocabulary import GROUPS, default_external_bodies

__all__ = [
    "GROUPS",
    "GroupInfo",
    "GroupRule",
    "Resolution",
    "Unit",
    "UnitCell",
    "UnitDirectory",
    "default_external_bodies",
    "demo_directory",
    "split_unit_cell",
]
