"""The canonical schema of dossier and pause exports, and the header mappings onto it.

A mapping file (TOML, ``mappings/*.toml``, one per source system) lists for each canonical
column the headers that real exports use, the words for each channel and for yes/no, and
extra timestamp formats. Headers and words are compared accent- and case-insensitively
(``fold_words``: "Ngày Nộp" = "ngay nop" = "NGÀY NỘP"). A file may ``extends`` another
(usually ``default``): its lists are added to those of the parent.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from cchc.core.errors import UserError
from cchc.core.text import fold_words

MAPPINGS_DIR = Path(__file__).parent / "mappings"

# Canonical columns and their kinds: str, channel, ts (timestamp), int, bool.
DOSSIER_COLUMNS: dict[str, str] = {
    "dossier_id": "str",
    "procedure_code": "str",
    "procedure_name": "str",
    "unit": "str",
    "officer": "str",
    "channel": "channel",
    "submitted_at": "ts",
    "accepted_at": "ts",
    "due_at": "ts",
    "finished_at": "ts",
    "returned_at": "ts",
    "supplement_requests": "int",
    "refused": "bool",
    "refusal_slip": "bool",
    "apology_at": "ts",
    "reschedules": "int",
    "fee_required": "bool",
    "paid_online": "bool",
    "postal": "bool",
    "digitized": "bool",
    "result_digitized": "bool",
}
DOSSIER_REQUIRED = ("dossier_id", "channel", "submitted_at", "due_at", "finished_at")
# Values that may not be empty on a row (the others may: empty means unknown or none).
DOSSIER_NOT_EMPTY = ("dossier_id", "channel", "submitted_at", "due_at")

PAUSE_COLUMNS: dict[str, str] = {
    "dossier_id": "str",
    "kind": "str",
    "paused_from": "ts",
    "paused_to": "ts",
    "reason": "str",
    "has_attachment": "bool",
}
PAUSE_REQUIRED = ("dossier_id", "paused_from")
PAUSE_NOT_EMPTY = ("dossier_id", "paused_from")

CHANNELS = ("online_full", "online_partial", "direct", "postal")

# Vietnamese names of the columns, for messages and the workbook.
LABELS: dict[str, str] = {
    "dossier_id": "Mã hồ sơ",
    "procedure_code": "Mã thủ tục",
    "procedure_name": "Tên thủ tục",
    "unit": "Đơn vị",
    "officer": "Cán bộ xử lý",
    "channel": "Hình thức nộp",
    "submitted_at": "Ngày nộp",
    "accepted_at": "Ngày tiếp nhận",
    "due_at": "Hạn trả",
    "finished_at": "Ngày hoàn thành",
    "returned_at": "Ngày trả kết quả",
    "supplement_requests": "Số lần yêu cầu bổ sung",
    "refused": "Từ chối",
    "refusal_slip": "Phiếu từ chối",
    "apology_at": "Ngày xin lỗi, hẹn lại",
    "reschedules": "Số lần hẹn lại",
    "fee_required": "Có phí, lệ phí",
    "paid_online": "Thanh toán trực tuyến",
    "postal": "Bưu chính công ích",
    "digitized": "Số hóa hồ sơ",
    "result_digitized": "Số hóa kết quả",
    "kind": "Loại dừng",
    "paused_from": "Dừng từ",
    "paused_to": "Dừng đến",
    "reason": "Lý do",
    "has_attachment": "Có văn bản kèm theo",
}


class DossierReadError(UserError):
    """A whole-file problem: unknown format, unreadable file, missing required columns."""


@dataclass(frozen=True, slots=True)
class Mapping:
    """Header aliases, channel and yes/no words, extra timestamp formats of one source system."""

    name: str
    dossier_headers: dict[str, str] = field(default_factory=dict)  # folded header -> canonical
    pause_headers: dict[str, str] = field(default_factory=dict)
    # Headers used for a column only when no header of its own is present (e.g. "Ngày tiếp
    # nhận" is the submission time of an export that has no "Ngày nộp").
    dossier_fallbacks: dict[str, str] = field(default_factory=dict)
    pause_fallbacks: dict[str, str] = field(default_factory=dict)
    channels: dict[str, str] = field(default_factory=dict)  # folded word -> canonical channel
    true_words: frozenset[str] = frozenset()
    false_words: frozenset[str] = frozenset()
    timestamp_formats: tuple[str, ...] = ()

    def headers(self, kind: str) -> dict[str, str]:
        return self.dossier_headers if kind == "dossiers" else self.pause_headers

    def fallbacks(self, kind: str) -> dict[str, str]:
        return self.dossier_fallbacks if kind == "dossiers" else self.pause_fallbacks

    def boolean(self, value: str) -> bool | None:
        """True/False for a known word, None for an unknown one (the empty string is not asked)."""
        key = fold_words(value)
        if key in self.true_words:
            return True
        if key in self.false_words:
            return False
        return None


def _merge(parent: dict, child: dict) -> dict:
    out = dict(parent)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        elif isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = [*out[key], *value]
        else:
            out[key] = value
    return out


def _raw(source: str | Path, seen: tuple[str, ...] = ()) -> dict:
    path = _locate(source)
    if str(path) in seen:
        raise DossierReadError(f"Tệp ánh xạ {path.name} kế thừa vòng tròn.")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DossierReadError(f"Không đọc được tệp ánh xạ {path}: {exc}") from exc
    parent = data.pop("extends", None)
    if parent:
        data = _merge(_raw(parent, (*seen, str(path))), data)
    return data


def _locate(source: str | Path) -> Path:
    text = str(source)
    if "/" not in text and "\\" not in text and not text.endswith(".toml"):
        path = MAPPINGS_DIR / f"{text}.toml"
        if not path.is_file():
            known = ", ".join(sorted(p.stem for p in MAPPINGS_DIR.glob("*.toml")))
            raise DossierReadError(f"Không có ánh xạ “{text}”; có sẵn: {known}.")
        return path
    path = Path(source)
    if not path.is_file():
        raise DossierReadError(f"Không tìm thấy tệp ánh xạ {path}.")
    return path


def _headers(section: dict, columns: dict[str, str], *, canonical_names: bool = True) -> dict[str, str]:
    out = {fold_words(c): c for c in columns} if canonical_names else {}
    for canonical, aliases in section.items():
        if canonical not in columns:
            raise DossierReadError(f"Tệp ánh xạ: không có cột chuẩn “{canonical}”.")
        for alias in [aliases] if isinstance(aliases, str) else aliases:
            out[fold_words(alias)] = canonical
    return out


def load_mapping(source: str | Path | None = None) -> Mapping:
    """A mapping by built-in name (``default``, ``igate``…) or path; ``None`` is ``default``."""
    return _load_mapping(str(source) if source is not None else "default")


@lru_cache(maxsize=32)
def _load_mapping(source: str) -> Mapping:
    data = _raw(source)
    channels = {fold_words(c): c for c in CHANNELS}
    for canonical, words in data.get("channels", {}).items():
        if canonical not in CHANNELS:
            raise DossierReadError(f"Tệp ánh xạ: không có hình thức nộp “{canonical}”.")
        channels.update({fold_words(w): canonical for w in words})
    booleans = data.get("booleans", {})
    return Mapping(
        name=data.get("name", source),
        dossier_headers=_headers(data.get("dossiers", {}), DOSSIER_COLUMNS),
        pause_headers=_headers(data.get("pauses", {}), PAUSE_COLUMNS),
        dossier_fallbacks=_headers(data.get("dossiers_fallback", {}), DOSSIER_COLUMNS, canonical_names=False),
        pause_fallbacks=_headers(data.get("pauses_fallback", {}), PAUSE_COLUMNS, canonical_names=False),
        channels=channels,
        true_words=frozenset(fold_words(w) for w in booleans.get("true", [])),
        false_words=frozenset(fold_words(w) for w in booleans.get("false", [])),
        timestamp_formats=tuple(data.get("timestamps", {}).get("formats", [])),
    )
