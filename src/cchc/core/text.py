"""Vietnamese text helpers shared by the core: cleaning table cells, accent-free keys, bullets.

Plan cells arrive with HTML remnants (``<p>``, ``<ul style=…><li>``, ``<br>``, entities),
non-breaking spaces and either composed or decomposed accents. ``clean_cell`` turns them into
one line of plain NFC text; ``fold`` gives the key used for every accent- and case-insensitive
comparison (``areas``, unit aliases, group phrases); ``split_bullets`` cuts a cell into its
items the way the gold annotations do.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Iterable

from text_unidecode import unidecode

__all__ = ["clean_cell", "fold", "fold_words", "split_bullets", "strip_item"]

_BLOCK_TAG = re.compile(r"<\s*/?\s*(?:p|br|li|ul|ol|div|tr|td|th|h\d|table|tbody)\b[^>]*>", re.IGNORECASE)
# Inline formatting renders without a gap ("(<i>khuyến công</i>)" is "(khuyến công)"), as in a
# Word file of the same table; every other tag separates words.
_INLINE_TAG = re.compile(
    r"<\s*/?\s*(?:i|b|u|em|strong|span|font|sup|sub|a|s|strike|mark)\b[^>]*>", re.IGNORECASE
)
_ANY_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]*>")
_SPACES = re.compile(r"[^\S\n]+")  # whitespace except newlines (\u00a0, tabs, …)
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def clean_cell(text: str | None, *, keep_lines: bool = False) -> str:
    """Plain text of a table cell: tags removed, entities unescaped, NFC, one space between words.

    Paragraph, line-break and list tags separate words; inline formatting (``<i>``, ``<b>``…)
    just disappears, as it does on screen.

    With ``keep_lines`` the paragraph and list tags become line breaks (kept, one per line)
    instead of spaces, for callers that need line-leading bullets.
    """
    if not text:
        return ""
    text = str(text)
    block = "\n" if keep_lines else " "
    text = _BLOCK_TAG.sub(block, text)
    text = _INLINE_TAG.sub("", text)
    text = _ANY_TAG.sub(" ", text)
    text = html.unescape(text)
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if keep_lines:
        lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
        return "\n".join(line for line in lines if line)
    return re.sub(r"\s+", " ", text).strip()


_END_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")


def fold(text: str | None) -> str:
    """Accent- and case-insensitive key: "Văn phòng Sở," -> "van phong so".

    Punctuation inside is kept (commas matter in "các phòng, đơn vị"); at the ends it goes.
    ``fold(fold(x)) == fold(x)``.
    """
    if not text:
        return ""
    return _fold(str(text))


@functools.lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    # Plans repeat the same unit names and phrases on every row: fold each once.
    text = unicodedata.normalize("NFC", str(text)).lower().replace("đ", "d")
    text = unidecode(text).lower()
    text = re.sub(r"\s+", " ", text).strip()
    return _END_PUNCT.sub("", text)


def fold_words(text: str | None) -> str:
    """``fold`` with every punctuation mark turned into a space: "VP. UBND tỉnh" -> "vp ubnd tinh"."""
    key = fold(text)
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9%]+", " ", key)).strip()


def _fold_char(ch: str) -> str:
    return unidecode(unicodedata.normalize("NFC", ch).lower().replace("đ", "d")).lower()


def _folded_with_map(text: str) -> tuple[str, list[int]]:
    """Folded text and, for each folded character, the index of the original character."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        f = _fold_char(ch)
        out.append(f)
        index.extend([i] * len(f))
    return "".join(out), index


# Hyphenated names of units and areas: their " - " is part of the name, not a bullet.
DEFAULT_PROTECTED: tuple[str, ...] = (
    "Kế hoạch - Tài chính",
    "Tài chính - Tổng hợp",
    "Kế hoạch - Tổng hợp",
    "Tổ chức - Hành chính",
    "Hành chính - Tổng hợp",
    "Tổ chức - Cán bộ",
    "Pháp chế - Tổng hợp",
    "Thanh tra - Pháp chế",
    "Lao động - Thương binh",
    "An toàn - Môi trường",
    "Kỹ thuật - An toàn",
    "Kinh tế - Xã hội",
    "Văn hóa - Xã hội",
    "Văn hóa - Thông tin",
    "Nghiệp vụ - Tổng hợp",
    "Quản lý - Tổng hợp",
)

_BULLET_CHARS = "-+–—"
_SENTENCE_PUNCT = ".;:,!?"
_ROMAN = re.compile(r"^[IVXLC]+\b")


def _protected_spans(text: str, protect: Iterable[str]) -> list[tuple[int, int]]:
    folded, index = _folded_with_map(text)
    spans: list[tuple[int, int]] = []
    for phrase in protect:
        key = fold(phrase)
        if " - " not in key and "-" not in key:
            continue
        start = folded.find(key)
        while start >= 0:
            spans.append((index[start], index[start + len(key) - 1] + 1))
            start = folded.find(key, start + 1)
    return spans


def _is_bullet(text: str, i: int, spans: list[tuple[int, int]]) -> bool:
    """Whether the "-"/"+" at ``i`` opens a new item (see ``split_bullets``)."""
    if any(a <= i < b for a, b in spans):
        return False
    after = text[i + 1 : i + 2]
    rest = text[i + 1 :].lstrip(" \t")
    nxt = rest[:1]
    j = i - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    prev = text[j] if j >= 0 else "\n"
    if prev == "\n":  # line start: "- X", "-X", "+ x"
        return after in " \t" or nxt.isupper() or (after.isalpha() and text[i] != "-")
    if j == i - 1:  # glued to the previous word: "thi đua-khen thưởng", "TT-VPCP"
        return False
    if prev in _SENTENCE_PUNCT:  # "Sở Nội vụ, - Các phòng", "Sở. - TTKC"
        return after in " \t" or nxt.isupper()
    if after not in " \t" or not nxt.isupper():
        return False  # "kinh tế - xã hội", "70% - 80%"
    # "Quý III - IV" is a range, not two items.
    before_word = text[: j + 1].rsplit(None, 1)[-1] if text[: j + 1].strip() else ""
    return not (_ROMAN.match(before_word) and _ROMAN.match(rest))


def strip_item(item: str) -> str:
    """An item without its bullet, surrounding spaces and trailing "," / ";"."""
    item = item.strip()
    item = re.sub(r"^(?:[-+–—•]\s*)+", "", item).strip()
    return item.strip(" ,;\t\n").strip()


def split_bullets(text: str | None, *, semicolons: bool = True, protect: Iterable[str] = ()) -> list[str]:
    """Items of a cell: split on ";" and on "- " / "+ " / "•" bullets, never on commas.

    A "-" or "+" opens an item at the start of a line, after sentence punctuation
    ("Sở Nội vụ, - Các phòng…"), or between spaces when a capitalised word follows
    ("Sở Tư pháp - Các phòng…"). It does not inside a word ("thi đua-khen thưởng"),
    between lower-case words ("kinh tế - xã hội"), before a number ("70% - 80%"), inside
    parentheses, nor inside a hyphenated name (``DEFAULT_PROTECTED`` plus ``protect``,
    e.g. "Phòng Kế hoạch - Tài chính - Tổng hợp"). Items keep their words as written,
    without the bullet and the trailing "," / ";".
    """
    if not text:
        return []
    text = unicodedata.normalize("NFC", str(text))
    spans = _protected_spans(text, (*DEFAULT_PROTECTED, *protect))
    items: list[str] = []
    start = 0
    depth = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth:
            continue
        elif (ch == ";" and semicolons) or ch == "•":
            items.append(text[start:i])
            start = i + 1
        elif ch in _BULLET_CHARS and _is_bullet(text, i, spans):
            items.append(text[start:i])
            start = i  # the bullet itself is stripped below
    items.append(text[start:])
    return [s for s in (strip_item(re.sub(r"\s+", " ", it)) for it in items) if s]
