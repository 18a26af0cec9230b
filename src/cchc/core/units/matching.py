"""Matching keys: the folded forms of names and mentions, initials and the fuzzy score."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from rapidfuzz import fuzz

from cchc.core.text import clean_cell, fold_words, strip_item

_ROLE_TAIL = re.compile(r"(?: (?:chu tri|phoi hop)(?: thuc hien)?| thuc hien)+$")
_SO_SUFFIX = re.compile(r" (?:(?:cua|thuoc|truc thuoc) )?so$")
_PROVINCE_SUFFIX = re.compile(r"(?: cua)? (?:tinh|tp|thanh pho)(?: [a-z]+){0,3}$")
_AND = {"va"}


def _name_variants(key: str, *, external: bool) -> list[str]:
    """A name's key and its bare forms: "van phong so" -> "van phong"; "ubnd tinh" -> "ubnd"."""
    out = [key]
    bare = _SO_SUFFIX.sub("", key) if not external else _PROVINCE_SUFFIX.sub("", key)
    if bare and bare != key and bare not in ("cac", "so"):
        out.append(bare)
    return out


def _initials(words: Sequence[str]) -> str:
    return "".join(w[0] for w in words if w)


def _abbrev_match(mention: tuple[str, ...], name: tuple[str, ...]) -> bool:
    """Whether the mention spells the name with some word runs shortened to initials.

    "ttkc va xttm" ~ "trung tam khuyen cong va xuc tien thuong mai"; "vp ubnd tinh" ~
    "van phong ubnd tinh"; "so kh cn" ~ "so khoa hoc va cong nghe". At least one run must
    be shortened (the plain spelling is an exact match, not an abbreviation).
    """

    @cache
    def go(i: int, j: int, shortened: bool) -> bool:
        if i == len(mention):
            return j == len(name) and shortened
        if j == len(name):
            return False
        t = mention[i]
        if t == name[j] and go(i + 1, j + 1, shortened):
            return True
        if name[j] in _AND and go(i, j + 1, shortened):
            return True
        if len(t) == 1 and name[j].startswith(t) and len(name[j]) > 1 and go(i + 1, j + 1, True):
            return True  # "p qlcn" for "phong quan ly cong nghiep"
        for k in range(j + 2, len(name) + 1):
            run = name[j:k]
            for ini in {_initials(run), _initials([w for w in run if w not in _AND])}:
                if ini == t and go(i + 1, k, True):
                    return True
            if len(_initials([w for w in run if w not in _AND])) > len(t):
                break
        return False

    if not mention or len(mention) > 12 or len(name) > 16:
        return False
    return go(0, 0, False)


def _mention_keys(text: str) -> list[str]:
    """Keys to try for a mention, most literal first: as written, without role words and
    bullets, without a parenthesis ("Văn phòng Sở (Quản trị mạng)")."""
    text = strip_item(clean_cell(text)).rstrip(" .;,:")
    keys: list[str] = []
    for t in (text, re.sub(r"\([^()]*\)?", " ", text)):
        k = fold_words(t)
        for v in (k, _ROLE_TAIL.sub("", k).strip()):
            if v and v not in keys:
                keys.append(v)
    return keys


def _fuzzy_score(a: str, b: str, **_: Any) -> float:
    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))
