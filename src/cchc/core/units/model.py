"""The directory's records: units, resolutions of a mention, and group rules."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

KINDS = ("office", "division", "inspectorate", "center", "subdepartment", "one_stop", "external")
AFFILIATIONS = ("thuoc", "truc_thuoc", "external")
INTERNAL = ("thuoc", "truc_thuoc")


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

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Resolution:
        """A resolution stored as ``to_dict()`` gave it (a draft row's ``units_resolved``)."""
        return cls(
            text=data.get("text") or "",
            status=data.get("status") or "unknown",
            codes=list(data.get("codes") or []),
            matched=data.get("matched"),
            score=data.get("score") or 0.0,
            via=data.get("via") or "none",
        )


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
