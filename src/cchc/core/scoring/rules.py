"""Scoring rules: how a criterion's points follow from a measured value.

A rule is data (``Rule``), written in a criteria set as JSON (``Rule.from_dict`` /
``Rule.to_dict``) or in the workbook's short Vietnamese form (``rule_text``). Rates are
percentages, 0–100. ``apply_rule`` proposes the points of one item; a person may change them.

    {"kind": "yes_no"}                                   value ≥ 1 -> maximum, else 0
    {"kind": "bands", "bands": [{"min": 100, "points": 1}, {"min": 80, "points": 0.5}]}
                                                         points of the highest band reached
    {"kind": "ratio"}                                    maximum × value / 100
    {"kind": "count", "points_each": 0.5, "cap": 1}      min(cap, value × points_each)
    {"kind": "deduction", "points_each": 0.25, "cap": 1} maximum − min(cap, value × points_each)
    {"kind": "relative"}                                 maximum × value / best
    {"kind": "manual"}                                   no proposal: a person scores it

Each may carry ``"round": 0.25`` (half up to the nearest multiple). Every result lies in
0…maximum, rounding included.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Literal, get_args

from cchc.core.errors import UserError

__all__ = [
    "KINDS",
    "KIND_LABELS",
    "Band",
    "Kind",
    "Rule",
    "RuleError",
    "apply_rule",
    "round_to",
    "to_decimal",
]

Kind = Literal["yes_no", "bands", "ratio", "count", "deduction", "relative", "manual"]
KINDS: tuple[str, ...] = get_args(Kind)
# How the screens and messages name each kind.
KIND_LABELS: dict[str, str] = {
    "yes_no": "có/không",
    "bands": "theo bậc",
    "ratio": "tỷ lệ",
    "count": "đếm",
    "deduction": "trừ điểm",
    "relative": "so với cao nhất",
    "manual": "tự chấm",
}

# The keys each kind may carry besides "kind" and "round".
_KEYS: dict[str, frozenset[str]] = {
    "yes_no": frozenset(),
    "bands": frozenset({"bands"}),
    "ratio": frozenset(),
    "count": frozenset({"points_each", "cap"}),
    "deduction": frozenset({"points_each", "cap"}),
    "relative": frozenset(),
    "manual": frozenset(),
}
_HUNDRED = Decimal(100)
_ZERO = Decimal(0)


def _label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


class RuleError(UserError):
    """A rule that cannot be used as written (an unknown kind or key, a bad number)."""


def to_decimal(value: Any, what: str) -> Decimal:
    """A number of a rule or a set as ``Decimal``: ints and Decimals as they are, floats by
    their shortest text (0.1 -> Decimal("0.1"), never 0.1000000000000000055…), text with a
    decimal comma or point. Raises ``RuleError`` naming ``what`` otherwise."""
    if isinstance(value, bool):  # True is an int to Python, not a number to a person
        raise RuleError(f"{what}: “{value}” không phải là số.")
    try:
        if isinstance(value, Decimal):
            d = value
        elif isinstance(value, int):
            d = Decimal(value)
        elif isinstance(value, float):
            d = Decimal(format(value, ".15g"))  # the digits Excel and JSON hold
        elif isinstance(value, str):
            d = Decimal(_number_text(value))
        else:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        raise RuleError(f"{what}: “{value}” không phải là số.") from None
    if not d.is_finite():
        raise RuleError(f"{what}: “{value}” không phải là số.")
    return d


def _number_text(text: str) -> str:
    """ "0,5" -> "0.5"; "1.234,5" -> "1234.5" (a point before a comma groups thousands)."""
    text = text.strip().replace(" ", "").replace("\u00a0", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    return text


@dataclass(frozen=True, slots=True)
class Band:
    """From ``min`` (inclusive) up to the next band's min: ``points`` (absolute points)."""

    min: Decimal
    points: Decimal


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule (see the module's table). Constructing an invalid rule raises ``RuleError``."""

    kind: Kind
    bands: tuple[Band, ...] = ()
    points_each: Decimal | None = None
    cap: Decimal | None = None
    round: Decimal | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise RuleError(f"Cách chấm “{self.kind}” không có (chọn: {', '.join(KINDS)}).")
        if self.kind == "bands":
            if not self.bands:
                raise RuleError("Cách chấm theo bậc cần ít nhất một bậc.")
            mins = [b.min for b in self.bands]
            if len(set(mins)) != len(mins):
                raise RuleError("Cách chấm theo bậc: hai bậc có cùng mức tối thiểu.")
            if any(b.points < 0 for b in self.bands):
                raise RuleError("Cách chấm theo bậc: điểm của một bậc không được âm.")
        elif self.bands:
            raise RuleError(f"Cách chấm “{_label(self.kind)}” không dùng bậc (bands).")
        if self.kind in ("count", "deduction"):
            if self.points_each is None or self.points_each <= 0:
                raise RuleError(
                    f"Cách chấm “{_label(self.kind)}” cần số điểm mỗi lần (points_each) lớn hơn 0."
                )
            if self.cap is not None and self.cap < 0:
                raise RuleError(f"Cách chấm “{_label(self.kind)}”: mức tối đa (cap) không được âm.")
        elif self.points_each is not None or self.cap is not None:
            raise RuleError(f"Cách chấm “{_label(self.kind)}” không dùng points_each hay cap.")
        if self.round is not None and self.round <= 0:
            raise RuleError("Làm tròn (round) phải lớn hơn 0.")

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Rule:
        """The rule written as JSON (the module's shapes, exactly those keys)."""
        if not isinstance(d, Mapping):
            raise RuleError('Cách chấm phải là một đối tượng JSON, ví dụ {"kind": "ratio"}.')
        kind = d.get("kind")
        if not isinstance(kind, str) or kind not in KINDS:
            raise RuleError(f"Cách chấm “{kind}” không có (chọn: {', '.join(KINDS)}).")
        unknown = sorted(str(k) for k in d if k not in _KEYS[kind] | {"kind", "round"})
        if unknown:
            raise RuleError(f"Cách chấm “{_label(kind)}” không có khóa: {', '.join(unknown)}.")
        bands: tuple[Band, ...] = ()
        if kind == "bands":
            raw = d.get("bands")
            if not isinstance(raw, list | tuple):
                raise RuleError('Cách chấm theo bậc cần danh sách bands [{"min": …, "points": …}].')
            bands = tuple(_band(b) for b in raw)

        def opt(key: str) -> Decimal | None:
            return None if d.get(key) is None else to_decimal(d[key], key)

        return cls(kind, bands, opt("points_each"), opt("cap"), opt("round"))  # type: ignore[arg-type]

    def to_dict(self) -> dict[str, Any]:
        """JSON-able, numbers as int or float; ``from_dict(to_dict())`` gives the same rule."""
        out: dict[str, Any] = {"kind": self.kind}
        if self.bands:
            out["bands"] = [
                {"min": _json_number(b.min), "points": _json_number(b.points)} for b in self.bands
            ]
        if self.points_each is not None:
            out["points_each"] = _json_number(self.points_each)
        if self.cap is not None:
            out["cap"] = _json_number(self.cap)
        if self.round is not None:
            out["round"] = _json_number(self.round)
        return out


def _band(raw: Any) -> Band:
    if not isinstance(raw, Mapping) or set(raw) != {"min", "points"}:
        raise RuleError('Mỗi bậc phải có đúng hai khóa min và points, ví dụ {"min": 80, "points": 0.5}.')
    return Band(to_decimal(raw["min"], "min"), to_decimal(raw["points"], "points"))


def _json_number(d: Decimal) -> int | float:
    return int(d) if d == d.to_integral_value() else float(d)


def round_to(value: Decimal, step: Decimal) -> Decimal:
    """``value`` rounded half up to the nearest multiple of ``step`` (0.375 to 0.25 -> 0.5)."""
    return (value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


def _clamp(value: Decimal, low: Decimal, high: Decimal) -> Decimal:
    return max(low, min(high, value))


def apply_rule(
    rule: Rule,
    maximum: Decimal,
    value: Decimal | None,
    *,
    best: Decimal | None = None,
    default_round: Decimal | None = None,
) -> Decimal | None:
    """The points ``rule`` proposes for an item worth ``maximum`` whose measured value is
    ``value``; None when there is nothing to propose (no value, or a manual rule).

    ``best`` is the highest value among the assessed bodies (relative rules only; None or
    ≤ 0 gives 0). The result is rounded by the rule's ``round``, else ``default_round`` (the
    set's), else not at all, and always lies in 0…maximum.
    """
    if value is None or rule.kind == "manual":
        return None
    if rule.kind == "yes_no":
        points = maximum if value >= 1 else _ZERO
    elif rule.kind == "bands":
        reached = [b for b in rule.bands if b.min <= value]
        points = max(reached, key=lambda b: b.min).points if reached else _ZERO
    elif rule.kind == "ratio":
        points = maximum * _clamp(value, _ZERO, _HUNDRED) / _HUNDRED
    elif rule.kind in ("count", "deduction"):
        assert rule.points_each is not None  # checked when the rule was made
        amount = max(value, _ZERO) * rule.points_each
        if rule.cap is not None:
            amount = min(rule.cap, amount)
        points = amount if rule.kind == "count" else maximum - amount
    else:  # relative
        points = _ZERO if best is None or best <= 0 else maximum * max(value, _ZERO) / best
    step = rule.round if rule.round is not None else default_round
    if step is not None:
        points = round_to(points, step)
    return _clamp(points, _ZERO, max(maximum, _ZERO))
