"""What a table row's number cell says: a Roman section, a lettered part or section, a
Roman sub-section, a task number, a letter, a bullet, nothing, or other words.

One definition of numbering for the row reader (:mod:`.rows`) and its continuation rules
(:mod:`.continuation`).
"""

from __future__ import annotations

import re

from cchc.core.text import clean_cell

ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
_SECTION_ONLY = re.compile(rf"^(?:PHẦN\s+|Phần\s+)?({ROMAN})\s*[.:)]?$")
_SECTION_WITH_TITLE = re.compile(rf"^(?:PHẦN\s+|Phần\s+)?({ROMAN})\s*[.:)\-–]?\s+(\S.*)$", re.DOTALL)
_PART_LETTER = re.compile(r"^(?:PHẦN\s+|Phần\s+)([A-H])\s*[.:)\-–]?\s*(.*)$", re.DOTALL)
# A lettered section or part as written: "A", "D.", "Đ." (doc 16 letters the bodies A.–P.).
_CAPITAL_LETTER = re.compile(r"^([A-ZĐ])(\.?)$")
# A Roman section's sub-section: "III.1", "I.1.2".
_ROMAN_SUB = re.compile(rf"^({ROMAN})\.(\d{{1,3}}(?:\.\d{{1,3}}){{0,2}})\.?$")
_LETTER_WITH_TITLE = re.compile(r"^([A-ZĐ]\.)\s+(\S.*)$", re.DOTALL)
ALPHABET = "ABCDĐEFGHIJKLMNOPQRSTUVWXY"
_TASK_NUMBER = re.compile(r"^(\d{1,3}(?:\s*[.,]\s*\d{1,3})*)\s*[.)]?$")
_LETTER = re.compile(r"^([a-zđ])\s*[.)]$|^([a-zđ])$")
_BULLET = re.compile(r"^[-+•–]$")
END_OF_SENTENCE = re.compile(r"[.;:!?…)\"”]\s*$")


def plain(text: str) -> str:
    """A cell's text without markup or padding."""
    return clean_cell(text).replace("**", "").strip()


def classify_number(text: str) -> tuple[str, str | None, str]:
    """Kind of a number cell: ("section"|"part"|"number"|"letter"|"bullet"|"none"|"other", number, rest)."""
    t = plain(text)
    if not t:
        return "none", None, ""
    m = _SECTION_ONLY.match(t)
    if m and m.group(1):
        return "section", m.group(1), ""
    m = _SECTION_WITH_TITLE.match(t)
    if m and m.group(1) and looks_like_title(m.group(2)):
        return "section", m.group(1), m.group(2).strip()
    m = _PART_LETTER.match(t)
    if m:
        return "part", m.group(1), m.group(2).strip()
    m = _ROMAN_SUB.match(t)
    if m and m.group(1):
        return "subsection", t.rstrip("."), ""
    m = _CAPITAL_LETTER.match(t)
    if m:
        return "letter_section", t, ""
    m = _LETTER_WITH_TITLE.match(t)
    if m and looks_like_title(m.group(2)) and m.group(2).upper() == m.group(2):
        return "letter_section", m.group(1), m.group(2).strip()
    m = _TASK_NUMBER.match(t)
    if m:
        return "number", re.sub(r"\s+", "", m.group(1)).replace(",", "."), ""
    m = _LETTER.match(t)
    if m:
        return "letter", m.group(1) or m.group(2), ""
    if _BULLET.match(t):
        return "bullet", "-", ""
    return "other", t, ""


def looks_like_title(rest: str) -> bool:
    letters = [c for c in rest if c.isalpha()]
    if not letters:
        return False
    upper = sum(1 for c in letters if c.isupper())
    return upper / len(letters) > 0.6 or rest[:1].isupper()


__all__ = ["ALPHABET", "END_OF_SENTENCE", "classify_number", "looks_like_title", "plain"]
