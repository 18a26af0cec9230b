"""Reading a unit cell: lead units, coordinating units and the how-to text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from cchc.core.text import clean_cell, fold, split_bullets
from cchc.core.units.directory import UnitDirectory
from cchc.core.units.scan import _next_unit_after_comma, _scan


@dataclass(slots=True)
class UnitCell:
    lead: list[str] = field(default_factory=list)
    coordinating: list[str] = field(default_factory=list)
    method: str = ""


_LABEL = re.compile(
    r"^\s*(?:(?:đơn vị|cơ quan|đv|don vi|co quan)\s+)?(chủ trì|phối hợp thực hiện|phối hợp|thực hiện|"
    r"chu tri|phoi hop|thuc hien)\s*:\s*",
    re.IGNORECASE,
)
_ROLE_ONLY = re.compile(
    r"^(?:chủ trì|phối hợp|chu tri|phoi hop)(?:\s+(?:thực hiện|thuc hien))?\s*[.,;:]?\s*$", re.IGNORECASE
)
_BARE_DO = re.compile(r"^(?:thực hiện|thuc hien)\s*[.,;:]?\s*$", re.IGNORECASE)
_LABEL_SENTENCE = re.compile(
    r"(?<=[.,])\s+(?=(?:(?:đơn vị|cơ quan)\s+)?(?:chủ trì|phối hợp|thực hiện)\s*:)", re.IGNORECASE
)
_LEAD_THEN = re.compile(r"^(?:chủ trì|chu tri)\s*[,;]\s*(?P<rest>.+)$", re.IGNORECASE)
_LEAD_WITH = re.compile(
    r"^(?:chủ trì|chu tri)\s*,?\s*(?:và\s+)?(?:phối hợp|phoi hop)\s+(?:với|voi)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_LEAD_REST = re.compile(r"^(?:chủ trì|chu tri)\s+(?P<rest>.+)$", re.IGNORECASE)
_COORD_REST = re.compile(r"^(?:phối hợp|phoi hop)(?!\s+(?:với|voi)\b)\s*,?\s*(?P<rest>.+)$", re.IGNORECASE)


def _clean_method(text: str) -> str:
    text = text.strip().lstrip("-+•:;, ").strip()
    text = text.rstrip(" ;,:")
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1].rstrip()
    return text


@cache
def _default_known() -> tuple[tuple[str, ...], ...]:
    return UnitDirectory([])._known_names()


def split_unit_cell(text: str, *, role: str = "lead", directory: UnitDirectory | None = None) -> UnitCell:
    """Read one unit cell into lead units, coordinating units and the how-to text.

    The cell is cut into items (``split_bullets``: ";" and bullets, never commas); each item
    into its unit phrase(s) and the instructions after them. "X chủ trì; Y phối hợp", "X chủ
    trì, Y phối hợp", "X chủ trì, phối hợp với Y" and "Đơn vị chủ trì: …; Đơn vị phối hợp: …"
    are split by role whatever ``role`` says; other units take ``role`` ("lead" or
    "coordinating"). Unit phrases keep their words as written; instructions are joined with
    "; " into ``method``; an item without a unit goes to ``method`` only.
    """
    cell = UnitCell()
    default = "coordinating" if role in ("coordinating", "coord", "phoi_hop") else "lead"
    known = directory._known_names() if directory is not None else _default_known()
    protect = [u.name for u in directory.units] if directory is not None else []
    methods: list[str] = []

    def add(unit: str, r: str) -> None:
        target = cell.lead if r == "lead" else cell.coordinating
        if unit.casefold() not in {u.casefold() for u in target}:
            target.append(unit)

    def handle(item: str, item_role: str, depth: int = 0) -> None:
        units, rest = _scan(item, known)
        r = item_role
        if units and rest and depth < 3 and not _LEAD_REST.match(rest) and not _COORD_REST.match(rest):
            cut = _next_unit_after_comma(rest, known)
            if cut is not None and _scan(rest[cut:], known)[0]:
                handle(item[: len(item) - len(rest) + cut].rstrip(" ,"), item_role, depth + 1)
                handle(rest[cut:], item_role, depth + 1)
                return
        if units and rest and depth < 3:
            if _BARE_DO.match(rest):
                rest = ""
            elif _ROLE_ONLY.match(rest):
                r, rest = ("lead" if fold(rest).startswith("chu tri") else "coordinating"), ""
            elif m := _LEAD_WITH.match(rest):
                r = "lead"
                partners, tail = _scan(m.group("rest"), known)
                if partners:
                    for p in partners:
                        add(p, "coordinating")
                    rest = tail
                else:
                    rest = m.group(0)
            elif (m := _LEAD_THEN.match(rest)) and _scan(m.group("rest"), known)[0]:
                r, rest = "lead", ""
                for u in units:
                    add(u, r)
                handle(m.group("rest"), "coordinating", depth + 1)
                return
            elif m := _LEAD_REST.match(rest):
                r, rest = "lead", m.group("rest")
            elif m := _COORD_REST.match(rest):
                r, rest = "coordinating", m.group("rest")
        for u in units:
            add(u, r)
        if rest and (rest := _clean_method(rest)):
            methods.append(rest)

    current = default
    cleaned = _LABEL_SENTENCE.sub("; ", clean_cell(text))
    for item in split_bullets(cleaned, protect=protect):
        if m := _LABEL.match(item):
            word = fold(m.group(1))
            current = "coordinating" if word.startswith("phoi hop") else "lead"
            item = item[m.end() :].strip()
            if not item:
                continue
        handle(item, current)
    cell.method = "; ".join(dict.fromkeys(methods))
    return cell
