"""Measurable promises in the product column (or a section row): "Hoàn thành 100% nhiệm vụ",
"Tỷ lệ hồ sơ trực tuyến toàn trình … đạt từ 70%", "có ít nhất 02 sáng kiến", "cấp tỉnh 95%;
cấp xã 80%", "Không có … bị xử lý kỷ luật".

Each becomes a ``TargetDraft``: comparator, threshold and unit, plus a metric key from
``METRICS`` (keywords over accent-free text, first row wins, so the specific rows come first)
when the promise is one the system can measure, else "other".

What is read as a target: a percentage; a count of known things ("02 sáng kiến") when the
text commits to it (an "at least" word, a verb such as "có", "tổ chức", or a written leading
zero); a time limit after "không quá" / "không muộn hơn" / "tối đa"; a "không có / không để
xảy ra …" about a known zero metric. Dates ("31/12/2025"), document numbers ("01/2020/TT-VPCP",
"Điều 14", "Quầy 20") never are. A result of an earlier year ("Năm 2024 đạt 85,67%") is kept
with ``kind="baseline"``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cchc.core.text import clean_cell, fold, fold_words, split_bullets

__all__ = ["METRICS", "TargetDraft", "extract_targets", "metric_label"]


@dataclass(slots=True)
class TargetDraft:
    text: str  # the clause the promise came from
    metric: str  # a key of METRICS, or "other"
    op: str  # ">=" | ">" | "=" | "<=" | "<"
    value: float
    unit: str  # "%" | "count" | "hour" | "working_hour" | "day" | "working_day"
    label: str = ""  # what is measured, in Vietnamese
    scope: str | None = None  # "cấp tỉnh", "cấp xã"…
    kind: str = "target"  # target | baseline (a result already reached, e.g. last year's)
    due: str | None = None  # a date the clause ties the promise to ("Đến 31/12/2025: …")

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "metric": self.metric,
            "op": self.op,
            "value": self.value,
            "unit": self.unit,
            "label": self.label,
            "scope": self.scope,
            "kind": self.kind,
            "due": self.due,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TargetDraft:
        """A target stored as ``to_dict()`` gave it (a draft row's ``targets``). The value is kept
        as stored (an unreadable one is the reader's to refuse: ``plans.build`` skips it)."""
        return cls(
            text=data.get("text") or "",
            metric=data.get("metric") or "",
            op=data.get("op") or "",
            value=data.get("value"),  # type: ignore[arg-type]  # as stored, even None: see above
            unit=data.get("unit") or "",
            label=data.get("label") or "",
            scope=data.get("scope"),
            kind=data.get("kind") or "target",
            due=data.get("due"),
        )


# (metric key, label, regex over fold_words of the context). Order matters: first match wins.
METRICS: tuple[tuple[str, str, str], ...] = (
    (
        "audit_recommendations",
        "Tỷ lệ kiến nghị sau thanh tra, kiểm tra, kiểm toán được thực hiện",
        r"kien nghi sau (?:thanh tra|kiem tra|kiem toan)|kiem toan",
    ),
    (
        "review_issues_handled",
        "Tỷ lệ vấn đề phát hiện qua rà soát được xử lý",
        r"van de\b.*\b(?:xu ly|kien nghi)",
    ),
    ("feedback_handled", "Tỷ lệ phản ánh, kiến nghị được tiếp nhận, xử lý", r"phan anh|kien nghi|\bpakn\b"),
    ("satisfaction", "Mức độ hài lòng của người dân, tổ chức", r"hai long|\bsipas\b"),
    (
        "payment_enabled_procedure_share",
        "Tỷ lệ TTHC có nghĩa vụ tài chính được thanh toán trực tuyến",
        r"\b(?:tthc|thu tuc)\b.*\b(?:trien khai|cung cap|tich hop)\b.*thanh toan truc tuyen",
    ),
    ("paid_online_share", "Tỷ lệ thanh toán trực tuyến", r"thanh toan truc tuyen"),
    ("postal_share", "Tỷ lệ hồ sơ qua dịch vụ bưu chính công ích", r"buu chinh|\bbcci\b"),
    ("digitized_share", "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC", r"\bso hoa\b"),
    (
        "online_procedure_share",
        "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến",
        r"\bty le (?:tthc|thu tuc)\b.*truc tuyen"
        r"|\b(?:tthc|thu tuc hanh chinh)\b.*\b(?:dvc|dich vu cong) truc tuyen",
    ),
    ("online_full_share", "Tỷ lệ hồ sơ trực tuyến toàn trình", r"truc tuyen toan trinh(?! (?:va )?mot phan)"),
    ("online_share", "Tỷ lệ hồ sơ trực tuyến", r"\bho so\b.*\btruc tuyen\b|\btruc tuyen\b.*\bho so\b"),
    ("admin_cost_saving", "Tỷ lệ tiết kiệm chi phí hành chính", r"tiet kiem"),
    ("disciplinary_cases", "Số trường hợp bị xử lý kỷ luật", r"ky luat"),
    ("initiatives", "Số sáng kiến, giải pháp mới", r"sang kien"),
    ("early_completion_share", "Tỷ lệ công việc hoàn thành sớm hạn", r"^(?!.*dung han).*\bsom han\b"),
    (
        "late_dossier_share",
        "Tỷ lệ hồ sơ trễ hạn",
        r"^(?!.*(?:dung han|som han)).*\bho so\b.*\b(?:tre|qua) han\b",
    ),
    (
        "dossier_on_time_rate",
        "Tỷ lệ hồ sơ TTHC giải quyết sớm hạn, đúng hạn",
        r"\bho so\b.*\b(?:dung han|som han)\b",
    ),
    (
        "task_on_time_rate",
        "Tỷ lệ nhiệm vụ, công việc hoàn thành đúng hạn",
        r"\b(?:nhiem vu|cong viec)\b.*\b(?:dung han|som han)\b",
    ),
    (
        "e_document_processing",
        "Tỷ lệ xử lý văn bản, hồ sơ công việc trên môi trường mạng",
        r"\bhscv\b|ho so cong viec|xu ly (?:vb|van ban)\b",
    ),
    ("digital_signature_share", "Tỷ lệ văn bản được ký số", r"\bky so\b"),
    ("e_office_share", "Tỷ lệ văn bản đi được xử lý trên phần mềm", r"van ban di\b|\be office\b|\beoffice\b"),
    ("data_sharing", "Tỷ lệ dịch vụ dữ liệu được kết nối, chia sẻ", r"chia se|\bndxp\b|ket noi"),
    ("job_position_fit", "Tỷ lệ công chức bố trí phù hợp vị trí việc làm", r"vi tri viec lam"),
    ("budget_compliance", "Tỷ lệ sử dụng kinh phí đúng quy định", r"kinh phi|ngan sach"),
    (
        "dossier_progress_public",
        "Tỷ lệ hồ sơ được công khai tiến độ, kết quả giải quyết",
        r"\bho so\b.*cong khai tien do",
    ),
    (
        "procedures_published_share",
        "Tỷ lệ TTHC được cập nhật, công khai",
        r"\b(?:tthc|thu tuc)\b.*\b(?:cong khai|niem yet|cap nhat|cong bo)\b",
    ),
    ("dossier_resolved_share", "Tỷ lệ hồ sơ TTHC được giải quyết", r"\bho so\b.*\bgiai quyet\b"),
    (
        "task_completion",
        "Tỷ lệ hoàn thành nhiệm vụ",
        r"\b(?:hoan thanh|thuc hien)\b.*\b(?:nhiem vu|muc tieu|cong viec)\b"
        r"|\b(?:nhiem vu|muc tieu)\b.*\b(?:duoc giao|de ra|giao)\b",
    ),
    ("plan_completion", "Tỷ lệ hoàn thành kế hoạch", r"\bke hoach\b"),
)
_METRICS = tuple((key, label, re.compile(rx)) for key, label, rx in METRICS)
_LABELS = {key: label for key, label, _ in METRICS}

# Zero targets: "Không có / không để xảy ra / không phát sinh <thing>" for these things only.
ZERO_METRICS: tuple[tuple[str, str, str], ...] = (
    ("disciplinary_cases", "Số trường hợp bị xử lý kỷ luật", r"ky luat"),
    ("lost_points", "Số tiêu chí bị giảm điểm", r"\b(?:giam|tru|mat) diem\b"),
    ("extended_tasks", "Số công việc phải gia hạn", r"\bgia han\b"),
    ("late_dossiers", "Số hồ sơ trễ hạn", r"\bho so\b.*\b(?:tre|qua) han\b"),
    ("late_tasks", "Số nhiệm vụ, công việc trễ hạn", r"\b(?:tre|qua) han\b"),
)
_ZERO_METRICS = tuple((key, label, re.compile(rx)) for key, label, rx in ZERO_METRICS)
_LABELS.update({key: label for key, label, _ in ZERO_METRICS})

# Count nouns: (regex over the original text, metric, label).
_COUNT_NOUNS: tuple[tuple[str, str, str], ...] = (
    (r"sáng kiến|giải pháp", "initiatives", "Số sáng kiến, giải pháp mới"),
    (r"mô hình", "models", "Số mô hình mới"),
    (
        r"hội nghị|hội thảo|lớp(?: tập huấn| bồi dưỡng)?|buổi(?: tập huấn)?|cuộc thi",
        "trainings",
        "Số hội nghị, lớp tập huấn",
    ),
    (r"tin(?:,)? bài|bài(?: viết)?|phóng sự|chuyên đề|tin", "articles", "Số tin, bài tuyên truyền"),
    (r"cuộc kiểm tra|đợt kiểm tra|cuộc|đợt", "inspections", "Số cuộc kiểm tra"),
    (r"báo cáo|văn bản|kế hoạch|sản phẩm|lượt", "other", ""),
)
_LABELS.update({m: label for _, m, label in _COUNT_NOUNS if m != "other"})
_LABELS["online_intake_hours"] = "Thời gian tiếp nhận hồ sơ trực tuyến"
_LABELS["processing_time"] = "Thời hạn xử lý"

_NUM = r"(?<![\d/.,])(\d{1,3}(?:[.,]\d{1,2})?)"
_PERCENT = re.compile(_NUM + r"\s*%")
_COUNT = re.compile(
    r"(?<![\d/.,])(\d{1,4})\s+(" + "|".join(n for n, _, _ in _COUNT_NOUNS) + r")\b(?![/\d])", re.IGNORECASE
)
_NUMBER_WORDS = dict(
    zip(["một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười"], range(1, 11), strict=True)
)
_DURATION = re.compile(
    r"(không quá|không muộn hơn|không chậm hơn|tối đa|chậm nhất)\s+(\d{1,3}|"
    + "|".join(_NUMBER_WORDS)
    + r")\s+(giờ|ngày)(\s+làm việc)?\b",
    re.IGNORECASE,
)
_ZERO = re.compile(r"\b(?:không có|không để xảy ra|không để|không phát sinh|không còn)\b", re.IGNORECASE)
_COMMIT_VERBS = re.compile(
    r"\b(?:có|tổ chức|ban hành|xây dựng|thực hiện|đạt|triển khai|phát hành|đăng tải|đăng|viết|công nhận|"
    r"áp dụng|kiểm tra|hoàn thành)\s*$",
    re.IGNORECASE,
)

# Comparators, over the folded words just before / after the number.
_OP_BEFORE: tuple[tuple[str, str], ...] = (
    (
        r"(?:toi thieu|it nhat|khong thap hon|khong duoi|khong it hon|tren hoac bang|vuot muc|dat va vuot"
        r"|>=|≥)$",
        ">=",
    ),
    (r"(?:toi da|khong qua|khong vuot qua|khong cao hon|khong lon hon|duoi hoac bang|<=|≤)$", "<="),
    (r"\b(?:tu)$", ">="),
    (r"\b(?:tren|hon|cao hon|vuot)$|>$", ">"),
    (r"\b(?:duoi|thap hon|it hon)$|<$", "<"),
    (r"\b(?:bang)$|=$", "="),
)
_OP_BEFORE_RX = tuple((re.compile(rx), op) for rx, op in _OP_BEFORE)
_FILLERS = re.compile(r"(?:\s|^)(?:dat duoc|dat|la|o muc|muc|ty le|phan dau|chi tieu|theo ty le|khoang)$")
_AFTER_UP = re.compile(r"^\s*(?:[^\s%]+\s+){0,3}?tro (?:len|ra)\b")
_AFTER_DOWN = re.compile(r"^\s*(?:[^\s%]+\s+){0,3}?tro (?:xuong|lai)\b")
_SCOPE = re.compile(r"(?:\b(cấp)\s+)?\b(tỉnh|huyện|xã)\s*[:\-]?\s*$", re.IGNORECASE)
_DUE = re.compile(r"(?:đến|tới|trước|chậm nhất)\s+(?:ngày\s+)?(\d{1,2}/\d{1,2}(?:/\d{2,4})?)", re.IGNORECASE)
_YEAR_START = re.compile(r"^(?:ket qua )?nam ((?:19|20)\d\d)\b")
_YEAR_ANY = re.compile(r"\bnam ((?:19|20)\d\d)\b")
_CRITERION = re.compile(r"^Tiêu chí\s+\d+\s*:\s*([^(]+)", re.IGNORECASE)
_SUBCLAUSE = re.compile(r"[,;:()]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")


def metric_label(metric: str) -> str:
    """The Vietnamese label of a metric key ("" when unknown)."""
    return _LABELS.get(metric, "")


def _metric_of(context: str) -> tuple[str, str] | None:
    key = fold_words(context)
    for metric, label, rx in _METRICS:
        if rx.search(key):
            return metric, label
    return None


def _value(raw: str) -> float:
    return float(raw.replace(",", "."))


def _op(before: str, after: str) -> str | None:
    """The comparator the words around a number state; None when they state none."""
    tail = fold(before).rstrip(" :-")
    tail = _SCOPE.sub("", tail).rstrip(" :-") if tail else tail
    if _AFTER_UP.match(fold(after)):
        return ">="
    if _AFTER_DOWN.match(fold(after)):
        return "<="
    for _ in range(3):
        for rx, op in _OP_BEFORE_RX:
            if rx.search(tail):
                return op
        stripped = _FILLERS.sub("", tail).rstrip(" :-,")
        if stripped == tail:
            break
        tail = stripped
    return None


def _scope(before: str) -> str | None:
    m = _SCOPE.search(before.rstrip())
    return f"cấp {m.group(2).lower()}" if m else None


def _sentences(text: str) -> list[str]:
    out: list[str] = []
    for item in split_bullets(text, semicolons=False):
        parts = _SENTENCE_END.split(item)
        # A new sentence only when it starts with a capital: "…đạt từ 70%. Tỷ lệ…"
        merged: list[str] = []
        for p in parts:
            if merged and not p[:1].isupper():
                merged[-1] += " " + p
            else:
                merged.append(p)
        out += [m.strip() for m in merged if m.strip()]
    return out


def _other_label(local: str) -> str:
    words = fold_words(local)
    if not words:
        return "Chỉ tiêu"
    # Keep the words as written, minus the number, comparators and fillers.
    text = _PERCENT.sub(" ", local)
    text = re.sub(
        r"\b(?:tối thiểu|ít nhất|trở lên|trở xuống|từ|trên|dưới|đạt được|đạt|phấn đấu|phần đầu|phấn đầu|là|"
        r"tỷ lệ|tỉ lệ|có)\b",
        " ",
        text,
        flags=re.IGNORECASE,
    )
    text = re.sub(r"(?:\b(?:trong|đến|tới)\s+)?\bnăm\s+(?:19|20)\d\d\b", " ", text, flags=re.IGNORECASE)
    text = _SCOPE.sub(" ", re.sub(r"\s+", " ", text).strip(" ,;:.-()"))
    text = re.sub(r"\s+", " ", text).strip(" ,;:.-()")
    if len(fold_words(text).split()) < 2:
        return "Chỉ tiêu"
    if len(text) > 80:
        text = text[:80].rsplit(" ", 1)[0] + "…"
    return text[:1].upper() + text[1:]


def _find(clause: str) -> list[tuple[int, int, float, str, str | None, re.Match[str]]]:
    """Number mentions in a clause: (start, end, value, unit, count metric, match)."""
    found: list[tuple[int, int, float, str, str | None, re.Match[str]]] = []
    for m in _PERCENT.finditer(clause):
        found.append((m.start(), m.end(), _value(m.group(1)), "%", None, m))
    for m in _COUNT.finditer(clause):
        if any(a <= m.start() < b for a, b, *_ in found):
            continue
        before = clause[: m.start()]
        committed = (
            m.group(1).startswith("0") or _op(before, "") in (">=", ">") or _COMMIT_VERBS.search(before)
        )
        if not committed or re.search(
            r"(?:số|Điều|khoản|Quầy|ngày|tháng|năm|Quý)\s*$", before, re.IGNORECASE
        ):
            continue
        noun = m.group(2).lower()
        metric = next((mt for rx, mt, _ in _COUNT_NOUNS if re.fullmatch(rx, noun)), "other")
        found.append((m.start(), m.end(), float(int(m.group(1))), "count", metric, m))
    for m in _DURATION.finditer(clause):
        raw = m.group(2).lower()
        value = float(_NUMBER_WORDS[raw]) if raw in _NUMBER_WORDS else float(int(raw))
        unit = ("working_" if m.group(4) else "") + ("hour" if m.group(3).lower() == "giờ" else "day")
        found.append((m.start(), m.end(), value, unit, "duration", m))
    return sorted(found, key=lambda f: f[0])


def extract_targets(text: str, *, year: int | None = None) -> list[TargetDraft]:
    """The measurable promises of a product (or section) cell; [] when there is none.

    ``year`` (the plan's year) marks results of earlier years as ``kind="baseline"``.
    """
    targets: list[TargetDraft] = []
    for clause in _sentences(clean_cell(text)):
        targets += _clause_targets(clause, year)
    unique: list[TargetDraft] = []
    seen: set[tuple[Any, ...]] = set()
    for t in targets:
        key = (t.text, t.metric, t.op, t.value, t.unit, t.scope, t.kind)
        if key not in seen:
            seen.add(key)
            unique.append(t)
    return unique


def _is_baseline(head: str, year: int | None) -> bool:
    """Whether the words before a number report an earlier result ("Năm 2024 đạt …")."""
    ym = _YEAR_START.match(head)
    if ym and "phan dau" not in head and (year is None or int(ym.group(1)) < year):
        return True
    years = _YEAR_ANY.findall(head) if year is not None else []
    return bool(years) and year is not None and int(years[-1]) < year and "dat" in head


def _clause_targets(clause: str, year: int | None) -> list[TargetDraft]:
    out: list[TargetDraft] = []
    found = _find(clause)
    folded_clause = fold(clause)
    for idx, (start, end, value, unit, count_metric, m) in enumerate(found):
        prev_end = found[idx - 1][1] if idx else 0
        next_start = found[idx + 1][0] if idx + 1 < len(found) else len(clause)
        before, after = clause[prev_end:start], clause[end:next_start]
        stated = _op(before, after)
        if unit == "%":
            # A promised share is a floor ("đạt 60%"), except all of it ("100% hồ sơ").
            op = stated or ("=" if value >= 100 else ">=")
            # "từ 70% đến 80%": the second number is the upper bound.
            if idx and re.fullmatch(r"\s*(?:đến|tới|-|–)\s*", before, re.IGNORECASE):
                op = "<="
            local_before = _SUBCLAUSE.split(before)[-1]
            local_after = _SUBCLAUSE.split(after)[0]
            local = f"{local_before} {m.group(0)} {local_after}"
            found_metric = (
                _metric_of(local) or _metric_of(f"{before} {m.group(0)} {local_after}") or _metric_of(clause)
            )
            metric, label = found_metric or ("other", "")
        elif unit == "count":
            op = stated or ">="
            metric = count_metric or "other"
            label = _LABELS.get(metric, "") or f"Số {m.group(2).lower()}"
            local = f"{_SUBCLAUSE.split(before)[-1]} {m.group(0)}"
        else:  # a time limit
            op = "<="
            online = re.search(r"tiep nhan|truc tuyen", folded_clause) and unit.endswith("hour")
            metric = "online_intake_hours" if online else "processing_time"
            label = _LABELS[metric]
            local = m.group(0)
        head = fold(clause[:start])
        ym = _YEAR_START.match(head)
        kind = "baseline" if _is_baseline(head, year) else "target"
        if kind == "baseline" and stated is None:
            op = "="  # a measured result, not a threshold
        if metric == "other" and unit == "%":
            crit = _CRITERION.match(clause)
            if kind == "baseline" and ym:
                label = f"Kết quả năm {ym.group(1)}"
                rest = _other_label(_SUBCLAUSE.split(before)[-1])
                if rest != "Chỉ tiêu" and not _YEAR_START.match(fold(rest)):
                    label = rest
            elif crit:
                label = crit.group(1).strip()
            else:
                label = _other_label(local)
        due = _DUE.findall(clause[:start])
        out.append(
            TargetDraft(
                text=clause,
                metric=metric,
                op=op,
                value=value,
                unit=unit,
                label=label,
                scope=_scope(before) if unit == "%" else None,
                kind=kind,
                due=due[-1] if due else None,
            )
        )
    out += _zero_targets(clause, {t.metric for t in out})
    return out


def _zero_targets(clause: str, taken: set[str]) -> list[TargetDraft]:
    out: list[TargetDraft] = []
    starts = [m.start() for m in _ZERO.finditer(clause)]
    for i, s in enumerate(starts):
        segment = clause[s : starts[i + 1] if i + 1 < len(starts) else len(clause)]
        segment = re.split(r"[;.]", segment)[0]
        key = fold_words(segment)
        for metric, label, rx in _ZERO_METRICS:
            if rx.search(key) and metric not in taken:
                out.append(
                    TargetDraft(text=clause, metric=metric, op="=", value=0.0, unit="count", label=label)
                )
                taken.add(metric)
                break
    return out
