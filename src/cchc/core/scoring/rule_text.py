"""The short Vietnamese form of a rule, as the workbook's "Cách chấm" column writes it.

    có/không                                   yes_no
    bậc: 100=1; 80=0,5                         bands (min=points, any order)
    tỷ lệ                                      ratio
    đếm: 0,5 mỗi lần, tối đa 1                 count ("tối đa" optional)
    trừ: 0,25 mỗi lần, tối đa 1                deduction ("tối đa" optional)
    so với cao nhất                            relative
    tự chấm                                    manual (also a blank cell)

each optionally followed by "; làm tròn 0,25". Case and accents do not matter ("CO/KHONG",
"ty le", "tỉ lệ"), a decimal comma or point either, and the JSON of ``Rule.to_dict`` is
accepted too. ``rule_text`` writes the form ``parse_rule_text`` reads back to the same rule.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

from cchc.core.scoring.rules import KINDS, Band, Kind, Rule, RuleError, to_decimal
from cchc.core.text import fold

__all__ = ["RULE_FORMS", "parse_rule_text", "rule_text"]

# (kind, the form written, what else is read as it), for the template's guide and the errors.
RULE_FORMS: tuple[tuple[str, str, str], ...] = (
    ("yes_no", "có/không", "Có thì được điểm tối đa (giá trị 1), không thì 0."),
    (
        "bands",
        "bậc: 100=1; 80=0,5",
        "Mỗi bậc “mức tối thiểu=điểm”: bậc cao nhất đạt được cho điểm của nó; không đạt bậc nào: 0.",
    ),
    ("ratio", "tỷ lệ", "Điểm tối đa × tỷ lệ (%) / 100."),
    ("count", "đếm: 0,5 mỗi lần, tối đa 1", "Số lần × điểm mỗi lần, không quá mức tối đa."),
    (
        "deduction",
        "trừ: 0,25 mỗi lần, tối đa 1",
        "Điểm tối đa trừ đi số lần × điểm mỗi lần (trừ không quá mức tối đa), không dưới 0.",
    ),
    (
        "relative",
        "so với cao nhất",
        "Cơ quan có giá trị cao nhất được điểm tối đa, các cơ quan khác theo tỷ lệ.",
    ),
    ("manual", "tự chấm", "Không tính tự động: người chấm nhập điểm."),
)

_NUM = r"-?\d+(?:[.,]\d+)*"
_ROUND = re.compile(rf"^lam tron\s*:?\s*({_NUM})$")
_PER = re.compile(
    rf"^(dem|tru)\s*:?\s*({_NUM})\s*(?:diem)?\s*(?:(?:moi|/)\s*(?:lan|truong hop|tieu chi|muc)?)?"
    rf"\s*(?:,?\s*toi da\s*({_NUM})\s*(?:diem)?)?$"
)
_BAND = re.compile(rf"^({_NUM})\s*%?\s*(?:=|->|:)\s*({_NUM})\s*(?:diem)?$")
_SIMPLE = {
    "co/khong": "yes_no",
    "co / khong": "yes_no",
    "co hoac khong": "yes_no",
    "ty le": "ratio",
    "ti le": "ratio",
    "so voi cao nhat": "relative",
    "tuong doi": "relative",
    "tu cham": "manual",
    "cham tay": "manual",
    "nhap tay": "manual",
}
_EXAMPLES = ", ".join(f"“{form}”" for _, form, _ in RULE_FORMS)


def _unknown(text: str) -> RuleError:
    return RuleError(
        f"Cách chấm “{text}” không đọc được. Viết một trong các dạng: {_EXAMPLES} "
        "(có thể thêm “; làm tròn 0,25”)."
    )


def parse_rule_text(text: str | None) -> Rule:
    """The rule written in ``text`` (the short form or JSON); blank -> manual."""
    raw = (text or "").strip()
    if not raw:
        return Rule("manual")
    if raw.startswith("{"):
        try:
            data = json.loads(raw)
        except ValueError:
            raise RuleError(f"Cách chấm “{raw}” không phải JSON hợp lệ.") from None
        if isinstance(data, dict):
            data = {str(k).strip().lower(): v for k, v in data.items()}
            if isinstance(data.get("kind"), str):
                data["kind"] = data["kind"].strip().lower()
        return Rule.from_dict(data)
    parts = [p.strip() for p in fold(raw).replace("\n", ";").split(";")]
    parts = [p for p in parts if p]
    step: Decimal | None = None
    if parts and (m := _ROUND.match(parts[-1])):
        step = to_decimal(m.group(1), "làm tròn")
        parts.pop()
    if not parts:
        raise _unknown(raw)
    head = parts[0]
    if len(parts) == 1 and (head in _SIMPLE or head in KINDS):
        return Rule(_SIMPLE.get(head, head), round=step)  # type: ignore[arg-type]
    if head.startswith("bac"):
        first = re.sub(r"^bac\s*:?\s*", "", head)
        bands = []
        for part in [first, *parts[1:]]:
            if not (m := _BAND.match(part)):
                raise _unknown(raw)
            bands.append(Band(to_decimal(m.group(1), "mức"), to_decimal(m.group(2), "điểm")))
        return Rule("bands", bands=tuple(bands), round=step)
    if len(parts) == 1 and (m := _PER.match(head)):
        kind: Kind = "count" if m.group(1) == "dem" else "deduction"
        cap = to_decimal(m.group(3), "tối đa") if m.group(3) else None
        return Rule(kind, points_each=to_decimal(m.group(2), "điểm mỗi lần"), cap=cap, round=step)
    raise _unknown(raw)


def _num(d: Decimal) -> str:
    """0.5 -> "0,5", 100 -> "100", 1E+2 -> "100": no thousands mark, so it reads back."""
    text = f"{d.normalize():f}"
    return text.replace(".", ",")


def rule_text(rule: Rule) -> str:
    """The short form of ``rule`` (``parse_rule_text`` reads it back to an equal rule)."""
    if rule.kind == "bands":
        body = "bậc: " + "; ".join(f"{_num(b.min)}={_num(b.points)}" for b in rule.bands)
    elif rule.kind in ("count", "deduction"):
        assert rule.points_each is not None
        word = "đếm" if rule.kind == "count" else "trừ"
        body = f"{word}: {_num(rule.points_each)} mỗi lần"
        if rule.cap is not None:
            body += f", tối đa {_num(rule.cap)}"
    else:
        body = next(form for kind, form, _ in RULE_FORMS if kind == rule.kind)
    if rule.round is not None:
        body += f"; làm tròn {_num(rule.round)}"
    return body
