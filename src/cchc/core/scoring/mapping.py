"""Suggesting which criterion a plan's task serves, from the task's section and words.

The plans' sections follow the PAR INDEX areas, so a task under "CẢI CÁCH THỦ TỤC HÀNH
CHÍNH" belongs to that area's criteria; inside the area, the criterion whose title and
scoring guide share the most words with the task comes first. Only suggestions: the
Office confirms each mapping.

Score (0–100) = half the section's match with the item's area (the same reform area by
``core.areas``, else RapidFuzz's token-set similarity of the titles) + half the words'
match: the share of the item's two-syllable phrases ("thủ tục", "hành chính") found in the
task, with a RapidFuzz partial match of the title as a floor for spelling variants. Common
syllables ("của", "các", "thực hiện") are ignored. Accents and case never matter.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from rapidfuzz import fuzz

from cchc.core.areas import canonical_area
from cchc.core.scoring.criteria import Item
from cchc.core.text import fold_words

__all__ = ["DEFAULT_THRESHOLD", "TaskText", "suggest"]

DEFAULT_THRESHOLD = 55.0
# Syllables too common in CCHC writing to tell one criterion from another.
_STOP = frozenset(
    (
        "cua",
        "cac",
        "va",
        "la",
        "de",
        "do",
        "cho",
        "voi",
        "tai",
        "theo",
        "trong",
        "tren",
        "den",
        "tu",
        "nhung",
        "mot",
        "co",
        "duoc",
        "ve",
        "nay",
        "khi",
        "thuc",
        "hien",
        "viec",
        "nam",
        "nhiem",
        "vu",
        "dam",
        "bao",
        "quy",
        "dinh",
        "tinh",
    )
)


@dataclass(frozen=True, slots=True)
class TaskText:
    """A task to map: ``key`` identifies it to the caller, ``section`` is its section's
    heading in the plan, ``text`` the task's words (its content, product…)."""

    key: Hashable
    section: str
    text: str


def _syllables(text: str) -> list[str]:
    return [w for w in fold_words(text).split() if w not in _STOP]


def _phrases(words: list[str]) -> set[str]:
    """Two-syllable phrases ("thu tuc", "tuc hanh", "hanh chinh")."""
    return {f"{a} {b}" for a, b in pairwise(words)}


@dataclass(slots=True)
class _Leaf:
    item: Item
    area_title: str
    area_key: str
    title_phrases: set[str]
    all_phrases: set[str]
    title_words: set[str]


def _leaves(items: Sequence[Item]) -> list[_Leaf]:
    by_code = {i.code: i for i in items}
    parents = {i.parent for i in items if i.parent}
    out = []
    for item in items:
        if item.level not in ("area", "criterion", "sub") or item.code in parents:
            continue
        chain = [item]
        while chain[-1].parent in by_code and len(chain) < 5:
            chain.append(by_code[chain[-1].parent])
        area = chain[-1]
        title = _syllables(item.title)
        out.append(
            _Leaf(
                item,
                area.title,
                canonical_area(area.title),
                _phrases(title),
                _phrases(title) | _phrases(_syllables(item.guide)),
                set(title),
            )
        )
    return out


def _section_score(section: str, section_key: str, leaf: _Leaf) -> float:
    if section_key != "other" and leaf.area_key != "other":
        return 100.0 if section_key == leaf.area_key else 0.0
    # A heading the area table does not know: how alike the words are.
    return fuzz.token_set_ratio(" ".join(_syllables(section)), " ".join(_syllables(leaf.area_title)))


def _share(part: set[str], whole: set[str]) -> float:
    return len(part & whole) / len(part) if part else 0.0


def _text_score(words: set[str], phrases: set[str], leaf: _Leaf) -> float:
    """How much of the item's wording the task holds: its phrases (title alone, or title and
    guide), or, for less, its title's syllables one by one."""
    return 100.0 * max(
        _share(leaf.title_phrases, phrases),
        _share(leaf.all_phrases, phrases),
        0.6 * _share(leaf.title_words, words),
    )


def suggest(
    tasks: Sequence[TaskText],
    items: Sequence[Item],
    *,
    limit: int = 3,
    threshold: float = DEFAULT_THRESHOLD,
) -> dict[Hashable, list[tuple[str, float]]]:
    """For each task, up to ``limit`` (item code, score) of the scored items (the leaves of
    ``items``, bonus and penalty items aside) scoring above ``threshold``, best first (ties
    in document order). ``items`` should hold the whole set, so that each leaf's area is
    known. A task without a suggestion maps to an empty list."""
    leaves = _leaves(items)
    out: dict[Hashable, list[tuple[str, float]]] = {}
    for task in tasks:
        section_key = canonical_area(task.section)
        words = _syllables(task.text)
        phrases, word_set = _phrases(words), set(words)
        scored = []
        for n, leaf in enumerate(leaves):
            score = 0.5 * _section_score(task.section, section_key, leaf) + 0.5 * _text_score(
                word_set, phrases, leaf
            )
            if score > threshold:
                scored.append((-round(score, 1), n, leaf.item.code))
        scored.sort()
        out[task.key] = [(code, -neg) for neg, _, code in scored[:limit]]
    return out
