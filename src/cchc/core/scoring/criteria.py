"""A criteria set: the province's table of a year's criteria for a kind of body, as data.

Areas (lĩnh vực) hold criteria (tiêu chí), criteria hold sub-criteria (tiêu chí thành
phần); bonus (điểm thưởng) and penalty (điểm trừ) items stand apart. The scored items are
the leaves of the tree (a criterion without sub-criteria is scored itself); an area's or a
criterion's score is the sum of its children's, capped at its maximum (``totals``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Literal, get_args

from cchc.core.errors import UserError
from cchc.core.formats import number_text
from cchc.core.scoring.rules import Rule

__all__ = [
    "BODY_KINDS",
    "LEVELS",
    "LEVEL_LABELS",
    "CriteriaSet",
    "Item",
    "Level",
    "SourceError",
    "SourceRef",
    "StructureProblem",
    "parse_source",
]

Level = Literal["area", "criterion", "sub", "bonus", "penalty"]
LEVELS: tuple[str, ...] = get_args(Level)
LEVEL_LABELS: dict[str, str] = {
    "area": "Lĩnh vực",
    "criterion": "Tiêu chí",
    "sub": "Tiêu chí thành phần",
    "bonus": "Điểm thưởng",
    "penalty": "Điểm trừ",
}
# The kinds of body a set is written for (other text is kept as written).
BODY_KINDS: dict[str, str] = {"so": "Sở", "ban": "Ban", "nganh": "Ngành"}
# The level a parent must have, by the child's level ("" : no parent).
_PARENT_LEVEL: dict[str, str] = {
    "area": "",
    "criterion": "area",
    "sub": "criterion",
    "bonus": "",
    "penalty": "",
}
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


class SourceError(UserError):
    """A source reference that is not "kind.metric" or "kind.metric:param"."""


@dataclass(frozen=True, slots=True)
class SourceRef:
    """A named measurement the app computes from the records, proposing an item's value:
    ``kind`` is the provider (e.g. "follow", "dossiers"), ``metric`` what it measures,
    ``param`` an optional argument (a plan, a procedure group)."""

    kind: str
    metric: str
    param: str = ""

    def __str__(self) -> str:
        return f"{self.kind}.{self.metric}" + (f":{self.param}" if self.param else "")

    @property
    def name(self) -> str:
        """ "kind.metric", the form ``known_sources`` lists."""
        return f"{self.kind}.{self.metric}"


def parse_source(text: str) -> SourceRef:
    """ "dossiers.on_time_rate" or "follow.task_done:12" -> ``SourceRef``; ``SourceError``
    when the text has another shape."""
    name, colon, param = text.strip().partition(":")
    kind, dot, metric = name.strip().partition(".")
    if not dot or not _NAME.match(kind) or not _NAME.match(metric) or (colon and not param.strip()):
        raise SourceError(
            f"Nguồn số liệu “{text.strip()}” không đúng dạng “loại.chỉ_số” hoặc “loại.chỉ_số:tham_số” "
            "(ví dụ dossiers.on_time_rate)."
        )
    return SourceRef(kind, metric, param.strip())


@dataclass(frozen=True, slots=True)
class Item:
    """One line of the set. ``parent`` is the code of the item above ("" for areas, bonus and
    penalty items); ``maximum`` the most it scores (a bonus or penalty item: the most
    points it adds or takes away)."""

    code: str
    level: Level
    title: str
    maximum: Decimal
    rule: Rule
    parent: str = ""
    source: SourceRef | None = None
    guide: str = ""
    evidence_required: str = ""


@dataclass(frozen=True, slots=True)
class StructureProblem:
    """A problem of the set's tree: ``code`` is the item it belongs to, ``kind`` one of
    duplicate, unknown_parent, parent_level, negative_maximum, children_over."""

    code: str
    kind: str
    message: str


@dataclass(frozen=True, slots=True)
class CriteriaSet:
    """A province's criteria for one year and kind of body (``body_kind`` "so", "ban",
    "nganh", or free text). ``items`` are in document order. ``round`` is the default
    rounding of the rules; ``bonus_cap`` / ``penalty_cap`` cap the bonus and penalty totals.
    ``illustrative``: the points are not from an official decision ("điểm minh họa")."""

    title: str
    province: str
    year: int
    body_kind: str
    items: tuple[Item, ...]
    round: Decimal | None = None
    bonus_cap: Decimal | None = None
    penalty_cap: Decimal | None = None
    decision: str = ""
    illustrative: bool = False
    _index: Mapping[str, Item] = field(init=False, repr=False, compare=False, hash=False)
    _children: dict[str, tuple[Item, ...]] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        # Built once: totals and ranking look items up for every body of a province.
        children: dict[str, list[Item]] = {}
        for item in self.items:
            if item.parent:
                children.setdefault(item.parent, []).append(item)
        index = {item.code: item for item in reversed(self.items)}
        object.__setattr__(self, "_index", MappingProxyType(index))
        object.__setattr__(self, "_children", {k: tuple(v) for k, v in children.items()})

    @property
    def by_code(self) -> Mapping[str, Item]:
        """Each item by its code (the first, when a code is duplicated)."""
        return self._index

    def children(self, code: str) -> tuple[Item, ...]:
        """The items whose parent is ``code``, in document order."""
        return self._children.get(code, ())

    def leaves(self) -> tuple[Item, ...]:
        """The scored items of the tree: areas, criteria and sub-criteria without children
        (bonus and penalty items are not part of the tree)."""
        return tuple(
            i for i in self.items if i.level not in ("bonus", "penalty") and i.code not in self._children
        )

    def roots(self) -> tuple[Item, ...]:
        """The items of the tree with no parent (the areas, in a valid set)."""
        return tuple(i for i in self.items if i.level not in ("bonus", "penalty") and not i.parent)

    def bonus_items(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.level == "bonus")

    def penalty_items(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.level == "penalty")

    def structure_problems(self) -> list[StructureProblem]:
        """What is wrong with the tree, each tied to an item's code: a duplicate code, a
        parent that is not in the set, a parent of the wrong level (a criterion sits under
        an area, a sub-criterion under a criterion; areas, bonus and penalty items have no
        parent), a negative maximum, children whose maxima add up to more than their
        parent's."""
        problems: list[StructureProblem] = []
        seen: set[str] = set()
        for item in self.items:
            if item.code in seen:
                problems.append(StructureProblem(item.code, "duplicate", f"Mã “{item.code}” bị trùng."))
            seen.add(item.code)
        for item in self.items:
            label = LEVEL_LABELS[item.level]
            want = _PARENT_LEVEL[item.level]
            parent = self._index.get(item.parent) if item.parent else None
            if item.maximum < 0:
                problems.append(
                    StructureProblem(
                        item.code, "negative_maximum", f"Mục “{item.code}”: điểm tối đa không được âm."
                    )
                )
            if not want and item.parent:
                problems.append(
                    StructureProblem(
                        item.code,
                        "parent_level",
                        f"Mục “{item.code}” ({label.lower()}) không có mục cấp trên.",
                    )
                )
            elif want and not item.parent:
                problems.append(
                    StructureProblem(
                        item.code,
                        "parent_level",
                        f"Mục “{item.code}” ({label.lower()}) cần mã cấp trên là một "
                        f"{LEVEL_LABELS[want].lower()}.",
                    )
                )
            elif want and parent is None:
                problems.append(
                    StructureProblem(
                        item.code,
                        "unknown_parent",
                        f"Mục “{item.code}”: mã cấp trên “{item.parent}” không có trong bộ tiêu chí.",
                    )
                )
            elif want and parent is not None and parent.level != want:
                problems.append(
                    StructureProblem(
                        item.code,
                        "parent_level",
                        f"Mục “{item.code}” ({label.lower()}) phải nằm dưới một "
                        f"{LEVEL_LABELS[want].lower()}, không dưới “{parent.code}” "
                        f"({LEVEL_LABELS[parent.level].lower()}).",
                    )
                )
        for code, kids in self._children.items():
            parent = self._index.get(code)
            if parent is None:
                continue
            total = sum((k.maximum for k in kids), Decimal(0))
            if total > parent.maximum:
                problems.append(
                    StructureProblem(
                        code,
                        "children_over",
                        f"Mục “{code}”: tổng điểm tối đa của các mục con ({number_text(total)}) vượt điểm "
                        f"tối đa của mục ({number_text(parent.maximum)}).",
                    )
                )
        return problems

    def validate(self) -> list[str]:
        """The messages of ``structure_problems`` (Vietnamese); empty for a sound set."""
        return [p.message for p in self.structure_problems()]
