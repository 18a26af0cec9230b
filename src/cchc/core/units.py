"""Unit mentions in plan cells. (Stub: replaced by the units work.)"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class UnitCell:
    lead: list[str] = field(default_factory=list)
    coordinating: list[str] = field(default_factory=list)
    method: str = ""


def split_unit_cell(text: str, *, role: str = "lead") -> UnitCell:
    parts = [p.strip() for p in text.split(";") if p.strip()]
    return UnitCell(lead=parts) if role == "lead" else UnitCell(coordinating=parts)
