"""Measurable promises in the product column. (Stub: replaced by the targets work.)"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class TargetDraft:
    text: str
    metric: str
    op: str
    value: float
    unit: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "metric": self.metric, "op": self.op, "value": self.value, "unit": self.unit}


def extract_targets(text: str) -> list[TargetDraft]:
    return []
