"""The department's unit directory, and the reading of the plans' unit cells.

Two jobs:

* ``split_unit_cell`` cuts a "Chủ trì" / "Phối hợp" / "Phân công" cell into unit phrases
  and the how-to text that follows them ("Văn phòng Sở đôn đốc, tổng hợp" -> unit
  "Văn phòng Sở", method "đôn đốc, tổng hợp"). Unit phrases keep their words as written.
* ``UnitDirectory.resolve`` says which unit(s) a phrase means: one unit, a group of units,
  an outside body, or that it does not know (never a guess below the fuzzy threshold).

Group mentions are data (``GROUPS``: accent-free phrase patterns -> a predicate over units).
Decisions, following how the sample plans use the phrases:

* "Các phòng, đơn vị thuộc và trực thuộc Sở", "các phòng, đơn vị thuộc, trực thuộc sở",
  "Các phòng, ban, đơn vị", "Các phòng, đơn vị (sở)", "Các phòng, đơn vị thuộc Sở",
  "các phòng và đơn vị thuộc Sở", "Các phòng, đơn vị trực thuộc", "Các phòng chuyên môn và
  đơn vị thuộc Sở", "các đơn vị thuộc và trực thuộc Sở" -> ``all_units``: every internal
  unit (affiliation "thuoc" or "truc_thuoc"). Plans write "thuộc Sở" loosely for everyone;
  narrowing it would silently drop units from a task, the worse error.
* "các phòng", "các phòng chuyên môn (thuộc Sở)", "Các phòng thuộc Sở" -> ``divisions``
  (kind "division" only: the Office, the Inspectorate and the one-stop desk are not
  "phòng chuyên môn").
* "các đơn vị", "các đơn vị thuộc Sở", "(các) đơn vị trực thuộc (Sở)", "các đơn vị sự
  nghiệp" -> ``subordinate_units``: centres and sub-departments (kinds "center",
  "subdepartment"). Where "đơn vị" stands without "phòng" the plans mean the bodies with
  their own seal, listed next to the divisions ("Văn phòng Sở, các đơn vị thuộc Sở").
* "Văn phòng, đơn vị thuộc Sở", "Văn phòng và các đơn vị" -> ``office_and_units``: the
  Office first, then every internal unit.

An Office correction saved as an alias (``aliases``: folded mention -> unit code or group
key) always wins over these rules. The department's own name ("Sở Công Thương") and
"Lãnh đạo Sở" stay "unknown": the Office says what they mean for each plan.

Reading a cell: items are cut on ";" and bullets (``split_bullets``), never on commas. In an
item, the unit phrase must open with a unit head word ("Văn phòng", "Thanh tra", "Trung
tâm", "Chi cục", "phòng", "các", "đơn vị", "Sở", "UBND", a directory name or an upper-case
abbreviation) and runs through name words, list words ("thuộc", "trực thuộc", "và", ",",
"chuyên môn", "tỉnh"…) and parentheses; it ends at ":" or at the first instruction word
("theo dõi", "đôn đốc", "chủ trì", "có trách nhiệm", "khi", "trong quá trình"…). An
instruction word inside a name is kept when capitalised ("Phòng Kế hoạch - Tài chính -
Tổng hợp") or right after "Phòng"/"Chi cục"/"Trung tâm" ("Chi cục quản lý thị trường").
A comma or "và" followed by a strong head ("Văn phòng", "Thanh tra", "các", a capitalised
"Sở"/"Phòng", a known name), or a capitalised head glued to a complete name ("Văn phòng Sở
Thanh tra Sở"), starts the next unit phrase; "phòng, đơn vị", "sở, ban, ngành" stay one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from rapidfuzz import fuzz, process

from cchc.core.text import clean_cell, fold, fold_words, split_bullets, strip_item

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

KINDS = ("office", "division", "inspectorate", "center", "subdepartment", "one_stop", "external")
AFFILIATIONS = ("thuoc", "truc_thuoc", "external")
INTERNAL = ("thuoc", "truc_thuoc")
FUZZY_THRESHOLD = 85.0
AMBIGUITY_MARGIN = 4.0
IGNORE_TARGET = "-"  # the web app's "not a unit" alias: handled there, skipped here


# --- Units ----------------------------------------------------------------------------------------


@dataclass(slots=True)
class Unit:
    code: str
    name: str
    kind: str = "division"
    abbreviations: tuple[str, ...] = ()
    affiliation: str = "thuoc"

    def __post_init__(self) -> None:
        self.abbreviations = tuple(a for a in (self.abbreviations or ()) if a and a.strip())
        if self.kind not in KINDS:
            raise ValueError(f"Loại đơn vị không hợp lệ: {self.kind!r}")
        if self.affiliation not in AFFILIATIONS:
            raise ValueError(f"Quan hệ với Sở không hợp lệ: {self.affiliation!r}")

    @property
    def internal(self) -> bool:
        return self.affiliation in INTERNAL

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "kind": self.kind,
            "abbreviations": list(self.abbreviations),
            "affiliation": self.affiliation,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Unit:
        return cls(
            code=str(d["code"]),
            name=str(d["name"]),
            kind=d.get("kind") or "division",
            abbreviations=tuple(d.get("abbreviations") or ()),
            affiliation=d.get("affiliation") or "thuoc",
        )


@dataclass(slots=True)
class Resolution:
    """What a unit mention means in the directory."""

    text: str
    status: str  # unit | group | external | unknown | ambiguous
    # The directory codes meant: one for a unit, every member for a group, the candidates when
    # ambiguous; none for an outside body the directory does not list (``matched`` names it).
    codes: list[str] = field(default_factory=list)
    matched: str | None = None
    score: float = 0.0
    via: str = "none"  # exact | alias | abbreviation | fuzzy | group | none

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "status": self.status,
            "codes": list(self.codes),
            "matched": self.matched,
            "score": round(self.score, 1),
            "via": self.via,
        }


@dataclass(frozen=True, slots=True)
class GroupRule:
    key: str
    label: str
    patterns: tuple[str, ...]  # full-match regexes over ``fold_words`` of the mention
    members: Callable[[Unit], bool]
    office_first: bool = False


@dataclass(frozen=True, slots=True)
class GroupInfo:
    key: str
    label: str
    codes: list[str]


_DV = r"(?:don vi|dv)"
_SO_TAIL = r"(?: (?:cua |thuoc |truc thuoc )?so)?"
_THUOC_TAIL = r"(?: thuoc(?: va)? truc thuoc| thuoc| truc thuoc)?" + _SO_TAIL

GROUPS: tuple[GroupRule, ...] = (
    GroupRule(
        "office_and_units",
        "Văn phòng và các đơn vị thuộc Sở",
        (rf"van phong(?: so)?(?: va)?(?: cac)? {_DV}{_THUOC_TAIL}",),
        lambda u: u.internal,
        office_first=True,
    ),
    GroupRule(
        "all_units",
        "Các phòng, đơn vị thuộc và trực thuộc Sở",
        (
            rf"(?:tat ca |toan bo |toan the )?(?:cac )?phong(?: chuyen mon)?(?: ban)?(?: va)?(?: cac)? {_DV}"
            + _THUOC_TAIL,
            rf"(?:tat ca |cac )?{_DV} thuoc(?: va)? truc thuoc{_SO_TAIL}",
            rf"(?:cac )?phong ban {_DV}{_THUOC_TAIL}",
        ),
        lambda u: u.internal,
    ),
    GroupRule(
        "divisions",
        "Các phòng chuyên môn thuộc Sở",
        (
            r"cac phong(?: chuyen mon| nghiep vu| ban)*" + _THUOC_TAIL,
            r"(?:cac )?phong chuyen mon(?: nghiep vu)?" + _THUOC_TAIL,
        ),
        lambda u: u.kind == "division",
    ),
    GroupRule(
        "subordinate_units",
        "Các đơn vị trực thuộc Sở",
        (rf"(?:cac )?{_DV}(?: su nghiep)?{_THUOC_TAIL}",),
        lambda u: u.kind in ("center", "subdepartment"),
    ),
)
_GROUP_BY_KEY = {g.key: g for g in GROUPS}


# --- Outside bodies -------------------------------------------------------------------------------

# (name, alternative spellings). Codes are derived from the folded name ("ext-so-noi-vu").
_EXTERNAL_BODIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("UBND tỉnh", ("Ủy ban nhân dân tỉnh", "UBND", "Lãnh đạo UBND tỉnh")),
    ("Văn phòng UBND tỉnh", ("Văn phòng Ủy ban nhân dân tỉnh", "VP UBND tỉnh", "VPUBND tỉnh")),
    ("Trung tâm Phục vụ Hành chính công tỉnh", ("Trung tâm PVHCC", "TTPVHCC", "Trung tâm hành chính công")),
    ("Các sở, ban, ngành tỉnh", ("Các sở, ban, ngành", "Sở, ban, ngành", "Các sở ban ngành liên quan")),
    ("Sở Nội vụ", ("SNV",)),
    ("Sở Tư pháp", ("STP",)),
    ("Sở Tài chính", ("STC",)),
    ("Sở Khoa học và Công nghệ", ("Sở KH&CN", "Sở KHCN")),
    ("Sở Kế hoạch và Đầu tư", ("Sở KH&ĐT", "Sở KHĐT")),
    ("Sở Công Thương", ("Sở CT",)),
    ("Sở Xây dựng", ()),
    ("Sở Y tế", ()),
    ("Sở Giáo dục và Đào tạo", ("Sở GD&ĐT",)),
    ("Sở Nông nghiệp và Môi trường", ("Sở NN&MT",)),
    ("Sở Nông nghiệp và Phát triển nông thôn", ("Sở NN&PTNT",)),
    ("Sở Tài nguyên và Môi trường", ("Sở TN&MT",)),
    ("Sở Thông tin và Truyền thông", ("Sở TT&TT",)),
    ("Sở Văn hóa, Thể thao và Du lịch", ("Sở VHTTDL",)),
    ("Sở Lao động - Thương binh và Xã hội", ("Sở LĐTBXH",)),
    ("Sở Giao thông vận tải", ("Sở GTVT",)),
    ("Sở Dân tộc và Tôn giáo", ()),
    ("Sở Ngoại vụ", ()),
    ("Thanh tra tỉnh", ()),
    ("Công an tỉnh", ()),
    ("Kho bạc Nhà nước tỉnh", ("KBNN tỉnh",)),
    ("Bưu điện tỉnh", ()),
    ("Đài Phát thanh và Truyền hình tỉnh", ()),
    ("UBND cấp huyện", ("UBND các huyện, thị xã, thành phố", "UBND các huyện")),
    ("UBND cấp xã", ("UBND các xã, phường, thị trấn", "UBND các xã, phường", "UBND các xã")),
    ("Bộ Công Thương", ("BCT",)),
    ("Bộ Nội vụ", ()),
    ("Văn phòng Chính phủ", ("VPCP",)),
    ("Cục Chuyển đổi số quốc gia", ("Cục chuyển đổi số",)),
)


def _slug(text: str) -> str:
    return "-".join(fold_words(text).split())


def default_external_bodies() -> list[Unit]:
    """Bodies outside the department that plans name as partners (status "external")."""
    return [
        Unit(
            code="ext-" + _slug(name), name=name, kind="external", abbreviations=alts, affiliation="external"
        )
        for name, alts in _EXTERNAL_BODIES
    ]


# --- Matching keys --------------------------------------------------------------------------------

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


# --- Directory ------------------------------------------------------------------------------------


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


def _fuzzy_score(a: str, b: str, **_: Any) -> float:
    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))


# --- Reading unit cells ---------------------------------------------------------------------------


@dataclass(slots=True)
class UnitCell:
    lead: list[str] = field(default_factory=list)
    coordinating: list[str] = field(default_factory=list)
    method: str = ""


def _phrases(spec: str) -> tuple[tuple[str, ...], ...]:
    """Turn "a|b c|…" into folded word tuples, longest first (the scanner takes the longest match)."""
    items = (i.strip() for i in spec.split("|"))
    return tuple(sorted({tuple(fold_words(i).split()) for i in items if i}, key=len, reverse=True))


# Words that open a unit name. "Opening" heads are followed by the unit's own name (any
# words until an instruction); "generic" ones by list words only; after "sở"/"tỉnh" the
# phrase is complete and only capitalised name words or list words may follow.
_OPENING_HEADS = _phrases(
    "văn phòng|thanh tra|trung tâm|chi cục|cục|bộ phận|phòng|ban|tổ|đội|hội đồng|bộ|ủy ban|uỷ ban|"
    "ubnd|hđnd|tỉnh ủy|tỉnh uỷ|đài|báo|kho bạc|bưu điện|công an"
)
_GENERIC_HEADS = _phrases(
    "các|những|tất cả|toàn thể|đơn vị|cơ quan|ngành|lãnh đạo|ban giám đốc|bgđ|giám đốc|phó giám đốc|sở"
)
# Heads that start a new unit after a comma / "và" (or glued, when capitalised).
_STRONG_HEADS = _phrases(
    "văn phòng|thanh tra|trung tâm|chi cục|bộ phận|các|những|ubnd|ủy ban|uỷ ban|cục|lãnh đạo|ban giám đốc"
)
_CAPITAL_STRONG = _phrases("phòng|sở|ban|bộ|tổ|hội đồng|đài|kho bạc|bưu điện|công an")
_CONTINUATIONS = _phrases(
    "thuộc|trực thuộc|và|của|chuyên môn|nghiệp vụ|chức năng|liên quan|có liên quan|tỉnh|huyện|xã|"
    "cấp tỉnh|cấp huyện|cấp xã|sự nghiệp|thành phố|ban|ngành"
)
_CLOSERS = {"so", "tinh", "huyen", "xa"}
_LINKS = {"thuoc", "truc", "va", "cua", "voi"}
# Instructions: the unit phrase ends where one of these starts.
_INSTRUCTIONS = _phrases(
    "theo dõi|đôn đốc|tổng hợp|thực hiện|xây dựng|rà soát|phối hợp|chủ trì|có trách nhiệm|"
    "chịu trách nhiệm|tham mưu|nghiên cứu|cập nhật|khi|trong quá trình|trong|thường xuyên|định kỳ|"
    "kịp thời|chủ động|tiếp tục|tăng cường|đẩy mạnh|triển khai|tổ chức|kiểm tra|hướng dẫn|đánh giá|"
    "báo cáo|đề xuất|đề nghị|tiếp nhận|giải quyết|xử lý|niêm yết|công khai|công bố|cung cấp|đăng tải|"
    "lập|ban hành|trình|chỉ đạo|quán triệt|tuyên truyền|phổ biến|đảm bảo|bảo đảm|phải|cần|được|để|"
    "nếu|đầu mối|giám sát|quản lý|áp dụng|sử dụng|vận hành|duy trì|bố trí|phân công|hỗ trợ|"
    "khuyến khích|thông báo|gửi|nộp|thống kê|số hóa|số hoá|tạo lập|ứng dụng|nâng cao|thẩm định|góp ý|"
    "soạn thảo|dự thảo|theo|với|về|đối với|nhằm|thông qua|trên|tại|bằng|qua|đồng thời|làm|tiến hành|"
    "chuẩn bị|gồm|trong đó|đăng ký|tập huấn|khảo sát|thu thập|hoàn thành|hoàn thiện|phê duyệt|"
    "lưu trữ|quyết định|thẩm tra|chấn chỉnh"
)

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
_TOKEN = re.compile(r"[(),:]|[^\s(),:]+")


@dataclass(slots=True)
class _Tok:
    text: str
    start: int
    end: int
    key: str  # fold_words of the token ("" for punctuation)
    punct: bool

    @property
    def capital(self) -> bool:
        return self.text[:1].isupper()


def _tokens(text: str) -> list[_Tok]:
    out = []
    for m in _TOKEN.finditer(text):
        t = m.group()
        punct = t in {"(", ")", ",", ":"}
        out.append(_Tok(t, m.start(), m.end(), "" if punct else fold_words(t), punct))
    return out


@lru_cache(maxsize=64)
def _by_first_word(phrases: tuple[tuple[str, ...], ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for p in phrases:  # already longest first
        index.setdefault(p[0], []).append(p)
    return {k: tuple(v) for k, v in index.items()}


def _match(toks: list[_Tok], i: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    """Length (in tokens) of the longest phrase starting at token ``i`` (0 if none)."""
    if i >= len(toks) or toks[i].punct:
        return 0
    for p in _by_first_word(phrases).get(toks[i].key, ()):
        n = len(p)
        if i + n <= len(toks) and all(not toks[i + k].punct and toks[i + k].key == p[k] for k in range(1, n)):
            return n
    return 0


def _scan(item: str, known: tuple[tuple[str, ...], ...]) -> tuple[list[str], str]:
    """Split one item into its unit phrases (as written) and the rest (the instructions).

    A left-to-right walk over the words: a unit phrase must open with a unit head (or a
    known name / an upper-case abbreviation) and goes on through name words, list words
    ("thuộc", "và", ","…) and parentheses; it ends at ":" or at the first instruction word.
    A comma, "và" or a capitalised head after a complete name ("Văn phòng Sở Thanh tra Sở")
    starts the next unit phrase.
    """
    toks = _tokens(item)
    n = len(toks)
    if not n or toks[0].punct:
        return [], item

    def head_at(i: int) -> tuple[int, str]:
        if i >= n or toks[i].punct:
            return 0, ""
        k = known_at(i)
        if k:
            return k, "closed"
        k = _match(toks, i, _OPENING_HEADS)
        if k:
            generic = (toks[i].key == "phong" and i > 0 and toks[i - 1].key in ("cac", "nhung")) or (
                toks[i].key == "ban" and not toks[i].capital
            )
            return k, "generic" if generic else "name"
        k = _match(toks, i, _GENERIC_HEADS)
        if k:
            return k, "closed" if toks[i + k - 1].key == "so" else "generic"
        t = toks[i].text.rstrip(".")
        if len(t) >= 2 and t.isalpha() and t.isupper() and not _match(toks, i, _INSTRUCTIONS):
            return 1, "abbr"  # an abbreviation: "TTKC và XTTM", "QLTT"
        return 0, ""

    def known_at(i: int) -> int:
        # "Sở nội vụ" is the body, "Sở xây dựng dự thảo" the department at work: a lower-case
        # instruction inside a known name reads as the instruction.
        k = _match(toks, i, known)
        if any(not toks[j].capital and _match(toks, j, _INSTRUCTIONS) for j in range(i + 1, i + k)):
            return 0
        return k

    def strong_at(i: int, glued: bool, after_comma: bool = False) -> bool:
        if i >= n or toks[i].punct:
            return False
        if glued and i and toks[i - 1].key in _LINKS:
            return False  # "Bộ phận một cửa của Sở" is one unit
        if known_at(i):
            return toks[i].capital or not glued
        if _match(toks, i, _STRONG_HEADS):
            return toks[i].capital or not glued
        word = toks[i].text.rstrip(".")
        if after_comma and len(word) >= 3 and word.isalpha() and word.isupper():
            return True  # ", TTKC và XTTM" (after "và" an abbreviation is the name's own part)
        return toks[i].capital and bool(_match(toks, i, _CAPITAL_STRONG))

    def unitish_at(i: int) -> bool:
        return bool(head_at(i)[0]) or (i < n and not toks[i].punct and bool(_match(toks, i, _CONTINUATIONS)))

    k, state = head_at(0)
    if not k:
        return [], item
    if state == "abbr":
        state = "name"
    cuts: list[tuple[int, int]] = []  # (first token, end token) of each unit phrase
    seg = 0
    # Right after "Phòng", "Chi cục"…: a verb there is part of the name.
    after_opening = state == "name" and not toks[0].text.isupper()
    i = k
    stop = n
    rest_from: int | None = None
    while i < n:
        t = toks[i]
        prev = toks[i - 1].text
        if prev.endswith(".") and len(prev) > 3 and not prev[:-1].isupper():
            stop = i  # "Thanh tra Sở. Phối hợp: …": the sentence ended
            break
        if t.punct:
            if t.text == "(":
                depth, j = 0, i
                while j < n:
                    depth += toks[j].text == "("
                    depth -= toks[j].text == ")"
                    if depth == 0:
                        break
                    j += 1
                if i + 1 >= n or (not toks[i + 1].capital and _match(toks, i + 1, _INSTRUCTIONS)):
                    stop = i
                    break
                i, state, after_opening = min(j + 1, n), "closed", False
                continue
            if t.text == "," and unitish_at(i + 1):
                if strong_at(i + 1, glued=False, after_comma=True):
                    cuts.append((seg, i))
                    seg = i + 1
                i += 1
                state, after_opening = "generic", False
                continue
            stop = i
            if t.text == ":":
                rest_from = i + 1
            break
        kk = known_at(i)
        if kk:
            if state == "closed" and strong_at(i, glued=True):
                cuts.append((seg, i))
                seg = i
            i, state, after_opening = i + kk, "closed", False
            continue
        ins = _match(toks, i, _INSTRUCTIONS)
        if ins:
            if t.capital or (after_opening and state == "name"):
                # "Phòng Kế hoạch - Tài chính - Tổng hợp", "Chi cục quản lý thị trường"
                i += ins
                state = "name" if state != "closed" else state
                after_opening = False
                continue
            stop = i
            break
        hk, hstate = head_at(i)
        if hk:
            if state == "closed" and strong_at(i, glued=True):
                cuts.append((seg, i))
                seg = i
            i += hk
            state, after_opening = ("name", False) if hstate == "abbr" else (hstate, hstate == "name")
            continue
        ck = _match(toks, i, _CONTINUATIONS)
        if ck:
            if t.key == "va":
                nxt = i + 1
                ends = nxt >= n or toks[nxt].punct
                if ends or (_match(toks, nxt, _INSTRUCTIONS) and not toks[nxt].capital):
                    stop = i
                    break
                if strong_at(nxt, glued=False) and (state != "name" or toks[nxt].capital):
                    cuts.append((seg, i))
                    seg = nxt
                    i = nxt
                    continue
                if state != "name" and not unitish_at(nxt) and not toks[nxt].capital:
                    stop = i
                    break
            i += ck
            if toks[i - 1].key in _CLOSERS:
                state = "closed"
            after_opening = False
            continue
        if t.capital or t.key.isdigit() or not t.key or state == "name":
            # "Sở Nội vụ", "tỉnh Khánh Hòa": a capitalised word reopens a name.
            state = "name" if t.capital or state != "closed" else state
            i += 1
            after_opening = False
            continue
        stop = i
        break
    cuts.append((seg, stop))

    units: list[str] = []
    for a, b in cuts:
        while b > a and toks[b - 1].text != ")" and (toks[b - 1].punct or toks[b - 1].key in ("va", "")):
            b -= 1
        if b <= a:
            continue
        phrase = item[toks[a].start : toks[b - 1].end].strip().rstrip(" .;,:-")
        words = {tk.key for tk in toks[a:b] if not tk.punct}
        if phrase and not words <= {"cac", "nhung", "tat", "ca", "toan", "the"}:
            units.append(phrase)
    if not units:
        return [], item
    if rest_from is not None:
        rest = item[toks[rest_from].start :] if rest_from < n else ""
    else:
        rest = item[toks[stop].start :] if stop < n else ""
    return units, rest.strip()


def _next_unit_after_comma(rest: str, known: tuple[tuple[str, ...], ...]) -> int | None:
    """Where, in an instruction text, a ", Văn phòng Sở …" starts a second unit's own item
    ("Lãnh đạo Sở chỉ đạo, Văn phòng Sở tổng hợp"); None when no capitalised unit follows a comma."""
    toks = _tokens(rest)
    depth = 0
    for j, t in enumerate(toks[:-1]):
        depth += (t.text == "(") - (t.text == ")")
        nxt = toks[j + 1]
        if depth or t.text != "," or not nxt.capital:
            continue
        if (
            _match(toks, j + 1, known)
            or _match(toks, j + 1, _STRONG_HEADS)
            or _match(toks, j + 1, _CAPITAL_STRONG)
        ):
            return nxt.start
    return None


def _unit_phrases(text: str, known: tuple[tuple[str, ...], ...] = ()) -> list[str]:
    out: list[str] = []
    for item in split_bullets(text):
        out += _scan(item, known)[0]
    return out


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


# --- Demo -----------------------------------------------------------------------------------------


def demo_directory() -> UnitDirectory:
    """A typical Sở Công Thương: the Office, the Inspectorate, five divisions, a centre, a
    sub-department and the one-stop desk (for demos, tests and the CLI without --units)."""
    units = [
        Unit("VP", "Văn phòng Sở", "office", ("VP", "VPS"), "thuoc"),
        Unit("TTRA", "Thanh tra Sở", "inspectorate", ("TTr", "TTS"), "thuoc"),
        Unit(
            "KHTC", "Phòng Kế hoạch - Tài chính - Tổng hợp", "division", ("KHTCTH", "Phòng KH-TC-TH"), "thuoc"
        ),
        Unit("QLCN", "Phòng Quản lý Công nghiệp", "division", ("QLCN", "Phòng QLCN"), "thuoc"),
        Unit("QLNL", "Phòng Quản lý Năng lượng", "division", ("QLNL", "Phòng QLNL"), "thuoc"),
        Unit("QLTM", "Phòng Quản lý Thương mại", "division", ("QLTM", "Phòng QLTM"), "thuoc"),
        Unit("KTAT", "Phòng Kỹ thuật An toàn - Môi trường", "division", ("KTATMT", "Phòng KTAT-MT"), "thuoc"),
        Unit(
            "TTKC",
            "Trung tâm Khuyến công và Xúc tiến thương mại",
            "center",
            ("TTKC và XTTM", "Trung tâm KC và XTTM", "TTKC&XTTM"),
            "truc_thuoc",
        ),
        Unit("QLTT", "Chi cục Quản lý thị trường", "subdepartment", ("QLTT", "Chi cục QLTT"), "truc_thuoc"),
        Unit("MC", "Bộ phận Một cửa", "one_stop", ("Bộ phận tiếp nhận và trả kết quả", "BPMC"), "thuoc"),
    ]
    return UnitDirectory(units, department="Sở Công Thương")
