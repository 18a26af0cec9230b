"""The unit directory: the department's units, outside bodies, aliases, and resolution."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from rapidfuzz import fuzz, process

from cchc.core.text import clean_cell, fold, fold_words
from cchc.core.units.matching import (
    _PROVINCE_SUFFIX,
    _SO_SUFFIX,
    _abbrev_match,
    _fuzzy_score,
    _mention_keys,
    _name_variants,
)
from cchc.core.units.model import GroupInfo, Resolution, Unit
from cchc.core.units.scan import _unit_phrases
from cchc.core.units.vocabulary import _GROUP_BY_KEY, GROUPS, default_external_bodies

FUZZY_THRESHOLD = 85.0
AMBIGUITY_MARGIN = 4.0
IGNORE_TARGET = "-"  # the web app's "not a unit" alias: handled there, skipped here


class UnitDirectory:
    """The department's units (plus known outside bodies) and the Office's alias corrections."""

    def __init__(
        self,
        units: Iterable[Unit],
        aliases: Mapping[str, str] | None = None,
        *,
        externals: Iterable[Unit] | None = None,
        department: str = "",
    ) -> None:
        self.units: list[Unit] = list(units)
        self.department = department
        self._by_code: dict[str, Unit] = {u.code: u for u in self.units}
        dept_key = fold_words(department)
        ext = list(default_external_bodies() if externals is None else externals)
        # The department itself is not an outside body.
        self.externals: list[Unit] = [
            e
            for e in ext
            if e.code not in self._by_code and not (dept_key and fold_words(e.name) == dept_key)
        ]
        self._ext_by_code = {e.code: e for e in self.externals}
        self._dept_tail = re.compile(rf" {re.escape(dept_key)}$") if dept_key.startswith("so ") else None
        self.aliases: dict[str, str] = {}
        for k, target in (aliases or {}).items():
            if target and target != IGNORE_TARGET:
                self.aliases.setdefault(fold(k), target)
                self.aliases.setdefault(fold_words(k), target)
        self._build_index()

    # -- construction / storage

    def _build_index(self) -> None:
        self._names: dict[str, set[str]] = {}
        self._abbrevs: dict[str, set[str]] = {}
        self._ext_keys: dict[str, set[str]] = {}
        self._spellings: list[tuple[tuple[str, ...], str]] = []  # (words, code) for initials matching
        self._fuzzy: list[tuple[str, str]] = []  # (key, code)
        for unit in self.units + self.externals:
            external = unit.kind == "external"
            name_key = fold_words(unit.name)
            variants = _name_variants(name_key, external=external)
            outside = unit.code in self._ext_by_code  # a known body, not one of the directory's units
            index = self._ext_keys if outside else self._names
            for v in variants:
                index.setdefault(v, set()).add(unit.code)
                self._spellings.append((tuple(v.split()), unit.code))
                self._fuzzy.append((v, unit.code))
            for abbr in unit.abbreviations:
                a = fold_words(abbr)
                if not a:
                    continue
                target = self._ext_keys if outside else self._abbrevs
                for v in _name_variants(a, external=external):
                    target.setdefault(v, set()).add(unit.code)
                    self._spellings.append((tuple(v.split()), unit.code))
                    if len(v) >= 5:
                        self._fuzzy.append((v, unit.code))
        names = {
            tuple(fold_words(s).split())
            for u in self.units + self.externals
            for s in (u.name, *u.abbreviations)
        }
        self._known: tuple[tuple[str, ...], ...] = tuple(
            sorted((n for n in names if n), key=len, reverse=True)
        )

    def to_dicts(self) -> list[dict[str, Any]]:
        """The units as JSON-ready dicts (``from_dicts`` reads them back)."""
        return [u.to_dict() for u in self.units]

    @classmethod
    def from_dicts(
        cls, data: Iterable[Mapping[str, Any]] | Mapping[str, Any], aliases: Mapping[str, str] | None = None
    ) -> UnitDirectory:
        """Read ``to_dicts()`` output, or ``{"units": [...], "aliases": {...}, "department": "..."}``."""
        department = ""
        if isinstance(data, Mapping):
            aliases = {**(data.get("aliases") or {}), **(aliases or {})}
            department = str(data.get("department") or "")
            data = data.get("units") or []
        return cls([Unit.from_dict(d) for d in data], aliases, department=department)

    # -- lookups

    def get(self, code: str) -> Unit | None:
        return self._by_code.get(code) or self._ext_by_code.get(code)

    def __iter__(self) -> Iterator[Unit]:
        return iter(self.units)

    def __len__(self) -> int:
        return len(self.units)

    def expand_group(self, key: str) -> list[str]:
        """The codes of the units a group stands for, in directory order ([] for an unknown key)."""
        rule = _GROUP_BY_KEY.get(key)
        if rule is None:
            return []
        codes = [u.code for u in self.units if rule.members(u)]
        if rule.office_first:
            office = [u.code for u in self.units if u.kind == "office"]
            codes = office + [c for c in codes if c not in office]
        return codes

    def groups(self) -> list[GroupInfo]:
        """Every group the directory can expand (empty groups left out), for pick lists."""
        return [GroupInfo(g.key, g.label, codes) for g in GROUPS if (codes := self.expand_group(g.key))]

    # -- resolution

    def resolve(self, mention: str) -> Resolution:
        """Which unit(s) a mention means. Order: alias, exact name, abbreviation, group phrase,
        outside body, fuzzy; a cell phrase with instructions ("Văn phòng Sở đôn đốc") is
        reduced to its unit phrase when the whole does not resolve."""
        res = self._resolve(mention)
        if res.status != "unknown":
            return res
        phrases = [
            p for p in _unit_phrases(clean_cell(mention), self._known) if fold_words(p) != fold_words(mention)
        ]
        if not phrases:
            return res
        parts = [self._resolve(p) for p in phrases]
        if len(parts) == 1 and parts[0].status != "unknown":
            p = parts[0]
            return Resolution(mention, p.status, p.codes, p.matched, p.score, p.via)
        if len(parts) > 1 and all(p.status in ("unit", "group") for p in parts):
            codes = list(dict.fromkeys(c for p in parts for c in p.codes))
            return Resolution(
                mention,
                "group",
                codes,
                "; ".join(p.matched or p.text for p in parts),
                min(p.score for p in parts),
                "group",
            )
        return res

    def resolve_all(self, mentions: Iterable[str]) -> list[Resolution]:
        return [self.resolve(m) for m in mentions]

    def _resolve(self, mention: str) -> Resolution:
        text = mention or ""
        keys = _mention_keys(text)
        if not keys:
            return Resolution(text, "unknown")
        unit_keys = self._unit_keys(keys)
        return (
            self._by_alias(text, keys)
            or self._lookup(text, unit_keys, self._names, "exact")
            or self._lookup(text, unit_keys, self._abbrevs, "abbreviation")
            or self._by_initials(text, unit_keys, internal=True)
            or self._by_group(text, keys)
            or self._by_external(text, keys)
            or self._by_fuzzy(text, keys)
            or Resolution(text, "unknown")
        )

    def _unit_keys(self, keys: list[str]) -> list[str]:
        out: list[str] = []
        for k in keys:
            forms = [k]
            if self._dept_tail is not None:
                forms.append(self._dept_tail.sub(" so", k))
            forms += [_SO_SUFFIX.sub("", f) for f in forms]
            for f in forms:
                if f and f not in out and f not in ("cac", "so"):
                    out.append(f)
        return out

    def _make(self, text: str, codes: Iterable[str], via: str, score: float = 100.0) -> Resolution:
        codes = list(dict.fromkeys(codes))
        if len(codes) > 1:
            names = " / ".join(self._name_of(c) for c in codes)
            return Resolution(text, "ambiguous", codes, names, score, via)
        code = codes[0]
        if code in self._ext_by_code:  # a known outside body: no directory code to assign
            return Resolution(text, "external", [], self._name_of(code), score, via)
        status = "external" if self._by_code[code].kind == "external" else "unit"
        return Resolution(text, status, [code], self._name_of(code), score, via)

    def _name_of(self, code: str) -> str:
        unit = self.get(code)
        return unit.name if unit else code

    def _by_alias(self, text: str, keys: list[str]) -> Resolution | None:
        for k in [fold(text), *keys]:
            target = self.aliases.get(k)
            if not target:
                continue
            if target in _GROUP_BY_KEY:
                return Resolution(
                    text, "group", self.expand_group(target), _GROUP_BY_KEY[target].label, 100.0, "alias"
                )
            if self.get(target) is not None:
                return self._make(text, [target], "alias")
        return None

    def _lookup(self, text: str, keys: list[str], index: dict[str, set[str]], via: str) -> Resolution | None:
        for k in keys:
            codes = index.get(k)
            if codes:
                return self._make(text, sorted(codes, key=self._order), via)
        return None

    def _order(self, code: str) -> int:
        for i, u in enumerate(self.units + self.externals):
            if u.code == code:
                return i
        return 10**6

    def _by_initials(self, text: str, keys: list[str], *, internal: bool) -> Resolution | None:
        for k in keys:
            words = tuple(k.split())
            codes = [
                code
                for spelling, code in self._spellings
                if (code in self._by_code) == internal and _abbrev_match(words, spelling)
            ]
            if codes:
                return self._make(text, sorted(set(codes), key=self._order), "abbreviation", 95.0)
        return None

    def _by_group(self, text: str, keys: list[str]) -> Resolution | None:
        for k in keys:
            if self._dept_tail is not None:
                k = self._dept_tail.sub(" so", k)
            for rule in GROUPS:
                if any(re.fullmatch(p, k) for p in rule.patterns):
                    return Resolution(text, "group", self.expand_group(rule.key), rule.label, 100.0, "group")
        return None

    def _by_external(self, text: str, keys: list[str]) -> Resolution | None:
        forms: list[str] = []
        for k in keys:
            for f in (k, _PROVINCE_SUFFIX.sub("", k)):
                if f and f not in forms:
                    forms.append(f)
        for f in forms:
            codes = self._ext_keys.get(f)
            if codes:
                code = sorted(codes, key=self._order)[0]
                return Resolution(text, "external", [], self._name_of(code), 100.0, "exact")
        res = self._by_initials(text, forms, internal=False)
        if res is not None:
            return (
                Resolution(text, "external", [], res.matched, res.score, res.via)
                if res.status != "ambiguous"
                else res
            )
        return None

    def _by_fuzzy(self, text: str, keys: list[str]) -> Resolution | None:
        choices = [k for k, _ in self._fuzzy]
        # Keys may have lost a trailing "Sở"; the level words come from the mention as written.
        mention_levels = _levels(fold_words(text))
        best: dict[str, float] = {}
        for k in keys:
            if len(k) < 5:
                continue
            for _choice, score, idx in process.extract(
                k,
                choices,
                scorer=_fuzzy_score,
                limit=None,
                score_cutoff=FUZZY_THRESHOLD - AMBIGUITY_MARGIN - 1,
            ):
                choice_key, code = self._fuzzy[idx]
                # The head word decides the kind of body: "Sở Công Thương" is not "Bộ Công Thương".
                if fuzz.ratio(k.split()[0], choice_key.split()[0]) < 75:
                    continue
                # So does the level: "Thanh tra Sở" is not "Thanh tra tỉnh", however close.
                # Variants may drop the level word too ("Thanh tra tỉnh" -> "thanh tra"): use the name.
                lk, lc = (
                    _levels(k) or mention_levels,
                    _levels(choice_key) or _levels(fold_words(self._name_of(code))),
                )
                if lk and lc and lk != lc:
                    continue
                best[code] = max(best.get(code, 0.0), float(score))
        if not best:
            return None
        ranked = sorted(best.items(), key=lambda kv: -kv[1])
        top_code, top = ranked[0]
        if top < FUZZY_THRESHOLD:
            return None
        close = [
            c for c, s in ranked if s >= FUZZY_THRESHOLD - AMBIGUITY_MARGIN and top - s <= AMBIGUITY_MARGIN
        ]
        if len(close) > 1:
            internal = [c for c in close if c in self._by_code] or close
            return Resolution(
                text, "ambiguous", internal, " / ".join(self._name_of(c) for c in close), top, "fuzzy"
            )
        return self._make(text, [top_code], "fuzzy", top)

    def _known_names(self) -> tuple[tuple[str, ...], ...]:
        """Every name and abbreviation as folded word tuples, longest first (for ``_scan``)."""
        return self._known


_LEVEL_WORDS = frozenset({"so", "tinh", "huyen", "xa", "bo", "tw", "quan", "phuong"})


def _levels(key: str) -> frozenset[str]:
    """The administrative-level words of a folded name (sở, tỉnh, huyện, xã, bộ …)."""
    return frozenset(w for w in key.split() if w in _LEVEL_WORDS)
