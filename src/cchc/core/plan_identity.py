"""Which plan a document is: its number, its issuer and its year, written the same way
whatever the copy (pure Python, no Django).

The same plan arrives twice as different bytes: a copy with one space added, the Word file
and its PDF, a re-typed number ("12 /KH-SCT", "Số: 12/KH-SCT"). The department's plans are
told apart by what the document says of itself: "Kế hoạch số 12/KH-SCT" of the Sở Công
Thương for 2026 is one plan, however it was saved.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from cchc.core.text import fold_words

__all__ = ["issuer_key", "number_key", "plan_key", "plan_year", "same_issuer"]

_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_LABEL = re.compile(r"^(?:s[oố]|no)\s*[:.]?\s*(?=\d)|^(?:s[oố]|no)\s*[:.]\s*", re.IGNORECASE)
# Where the place starts in a body's name: "Sở Công Thương | tỉnh Khánh Hòa".
_PLACE = re.compile(r"\s(?:tinh|thanh pho|tp)\s")


def number_key(number: str | None) -> str:
    """The plan's number as a key: "Số: 012 / KH–SCT" -> "12/kh-sct".

    NFC, without the "Số:" label, spaces, case or accents; dashes as "-"; the leading zeros
    of the number dropped (05 and 5 are the same number). A number without a digit
    ("/KH-SCT", a draft's blank) identifies nothing: "".
    """
    text = unicodedata.normalize("NFC", number or "").strip()
    text = _LABEL.sub("", text)
    text = _DASHES.sub("-", text)
    text = "".join(_fold_keep_punctuation(text).split())
    text = re.sub(r"^0+(?=\d)", "", text)
    return text if any(ch.isdigit() for ch in text) else ""


def _fold_keep_punctuation(text: str) -> str:
    """Lower case without accents ("đ" -> "d"), punctuation kept ("/", "-" are the number)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _parts(name: str | None) -> tuple[str, str]:
    """(body, place) of a body's name, folded: "Sở Công Thương tỉnh Khánh Hòa" ->
    ("so cong thuong", "tinh khanh hoa")."""
    folded = f" {fold_words(name)} "
    m = _PLACE.search(folded)
    if m is None:
        return folded.strip(), ""
    return folded[: m.start()].strip(), folded[m.start() :].strip()


def issuer_key(issuer: str | None) -> str:
    """The issuing body without its place, folded: "SỞ CÔNG THƯƠNG TỈNH X" -> "so cong thuong"."""
    return _parts(issuer)[0]


def same_issuer(issuer: str | None, organisation_name: str) -> bool:
    """Whether a plan's issuer is the department itself (for the preview's warning). The
    place counts only when both names have one: "Sở Công Thương" is the department "Sở
    Công Thương tỉnh Khánh Hòa", "Sở Công Thương tỉnh Quảng Trị" is not. An empty issuer
    says nothing either way: True."""
    body, place = _parts(issuer)
    if not body:
        return True
    org_body, org_place = _parts(organisation_name)
    return body == org_body and (not place or not org_place or place == org_place)


def plan_year(period_start: date | None, issued_on: date | None) -> int | None:
    """The plan's year: its period's, else its date's."""
    if period_start is not None:
        return period_start.year
    return issued_on.year if issued_on is not None else None


def plan_key(number: str | None, issuer: str | None, year: int | None, organisation_name: str) -> str:
    """ "number|issuer|year", or "" when the plan cannot be identified (no number with a digit,
    no year). A plan without an issuer is the department's own."""
    n = number_key(number)
    if not n or year is None:
        return ""
    body = issuer_key(issuer) or issuer_key(organisation_name)
    return f"{n}|{body}|{year}"
