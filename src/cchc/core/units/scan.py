"""The word scanner: one cell item -> its unit phrases (as written) and the instructions.

Reading a cell: items are cut on ";" and bullets (``split_bullets``), never on commas. In an
item, the unit phrase must open with a unit head word ("Văn phòng", "Thanh tra", "Trung
tâm", "Chi cục", "phòng", "các", "đơn vị", "Sở", "UBND", a directory name or an upper-case
abbreviation) and runs through name words, list words ("thuộc", "trực thuộc", "và", ",",
"chuyên môn", "tỉnh"…) and parentheses; it ends at ":" or at the first instruction word
("theo dõi", "đôn đốc", "chủ trì", "có trách nhiệm", "khi", "trong quá trình"…). An
instruction word inside a name is kept when capitalised ("Phòng Kế hoạch - Tài chính -
Tổng hợp") or right after "Phòng"/"Chi cục"/"Trung tâm" ("Chi cục quản lý thị trường").
A comma or "và" followed by a strong head ("Văn phòng", "Thanh tra", "các", a capitalised
"Sở"/"Phòng", a known name), or a capitalised head glued to a complete name ("Văn phòng Sở
Thanh tra Sở"), starts the next unit phrase; "phòng, đơn vị", "sở, ban, ngành" stay one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cchc.core.text import fold_words, split_bullets
from cchc.core.units.vocabulary import (
    _CAPITAL_STRONG,
    _CLOSERS,
    _CONTINUATIONS,
    _GENERIC_HEADS,
    _INSTRUCTIONS,
    _LINKS,
    _OPENING_HEADS,
    _STRONG_HEADS,
)

_TOKEN = re.compile(r"[(),:]|[^\s(),:]+")


@dataclass(slots=True)
class _Tok:
    text: str
    start: int
    end: int
    key: str  # fold_words of the token ("" for punctuation)
    punct: bool

    @property
    def capital(self) -> bool:
        return self.text[:1].isupper()


def _tokens(text: str) -> list[_Tok]:
    out = []
    for m in _TOKEN.finditer(text):
        t = m.group()
        punct = t in {"(", ")", ",", ":"}
        out.append(_Tok(t, m.start(), m.end(), "" if punct else fold_words(t), punct))
    return out


@lru_cache(maxsize=64)
def _by_first_word(phrases: tuple[tuple[str, ...], ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for p in phrases:  # already longest first
        index.setdefault(p[0], []).append(p)
    return {k: tuple(v) for k, v in index.items()}


def _match(toks: list[_Tok], i: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    """Length (in tokens) of the longest phrase starting at token ``i`` (0 if none)."""
    if i >= len(toks) or toks[i].punct:
        return 0
    for p in _by_first_word(phrases).get(toks[i].key, ()):
        n = len(p)
        if i + n <= len(toks) and all(not toks[i + k].punct and toks[i + k].key == p[k] for k in range(1, n)):
            return n
    return 0


def _scan(item: str, known: tuple[tuple[str, ...], ...]) -> tuple[list[str], str]:
    """Split one item into its unit phrases (as written) and the rest (the instructions).

    A left-to-right walk over the words: a unit phrase must open with a unit head (or a
    known name / an upper-case abbreviation) and goes on through name words, list words
    ("thuộc", "và", ","…) and parentheses; it ends at ":" or at the first instruction word.
    A comma, "và" or a capitalised head after a complete name ("Văn phòng Sở Thanh tra Sở")
    starts the next unit phrase.
    """
    return _Scanner(item, known).scan()


class _Scanner:
    """One walk over one item's tokens (``_scan``).

    The walk's state: ``i`` the next token; ``state`` what the phrase read so far is
    ("name": a name is being written, so a lower-case word still belongs to it; "generic":
    a head such as "các đơn vị" waiting for its words; "closed": a complete name, after which
    a strong head starts the next phrase); ``after_opening`` right after "Phòng", "Chi
    cục"… (a verb there is part of the name); ``cuts`` the (first token, end token) of each
    phrase found, ``seg`` the first token of the current one; ``stop`` where the instructions
    begin, ``rest_from`` the token after a ":" that ended the phrases.
    """

    __slots__ = (
        "after_opening",
        "cuts",
        "i",
        "item",
        "known",
        "n",
        "rest_from",
        "seg",
        "state",
        "stop",
        "toks",
    )

    def __init__(self, item: str, known: tuple[tuple[str, ...], ...]) -> None:
        self.item = item
        self.known = known
        self.toks = _tokens(item)
        self.n = len(self.toks)
        self.i = 0
        self.state = ""
        self.after_opening = False
        self.cuts: list[tuple[int, int]] = []
        self.seg = 0
        self.stop = self.n
        self.rest_from: int | None = None

    def scan(self) -> tuple[list[str], str]:
        toks = self.toks
        if not self.n or toks[0].punct:
            return [], self.item
        k, state = self.head_at(0)
        if not k:
            return [], self.item
        if state == "abbr":
            state = "name"
        self.state = state
        # Right after "Phòng", "Chi cục"…: a verb there is part of the name.
        self.after_opening = state == "name" and not toks[0].text.isupper()
        self.i = k
        while self.i < self.n and self.step():
            pass
        self.cuts.append((self.seg, self.stop))
        return self.result()

    # --- What starts at token i -----------------------------------------------------------

    def head_at(self, i: int) -> tuple[int, str]:
        """Length of the unit head at ``i`` and the state it opens ("closed", "generic",
        "name" or "abbr"); (0, "") if none."""
        toks = self.toks
        if i >= self.n or toks[i].punct:
            return 0, ""
        k = self.known_at(i)
        if k:
            return k, "closed"
        k = _match(toks, i, _OPENING_HEADS)
        if k:
            generic = (toks[i].key == "phong" and i > 0 and toks[i - 1].key in ("cac", "nhung")) or (
                toks[i].key == "ban" and not toks[i].capital
            )
            return k, "generic" if generic else "name"
        k = _match(toks, i, _GENERIC_HEADS)
        if k:
            return k, "closed" if toks[i + k - 1].key == "so" else "generic"
        t = toks[i].text.rstrip(".")
        if len(t) >= 2 and t.isalpha() and t.isupper() and not _match(toks, i, _INSTRUCTIONS):
            return 1, "abbr"  # an abbreviation: "TTKC và XTTM", "QLTT"
        return 0, ""

    def known_at(self, i: int) -> int:
        """Length of the known name at ``i`` (0 if none)."""
        toks = self.toks
        # "Sở nội vụ" is the body, "Sở xây dựng dự thảo" the department at work: a lower-case
        # instruction inside a known name reads as the instruction.
        k = _match(toks, i, self.known)
        if any(not toks[j].capital and _match(toks, j, _INSTRUCTIONS) for j in range(i + 1, i + k)):
            return 0
        return k

    def strong_at(self, i: int, glued: bool, after_comma: bool = False) -> bool:
        """Whether a head at ``i`` starts a unit phrase of its own (``glued``: right after a
        complete name, with no comma or "và" between)."""
        toks = self.toks
        if i >= self.n or toks[i].punct:
            return False
        if glued and i and toks[i - 1].key in _LINKS:
            return False  # "Bộ phận một cửa của Sở" is one unit
        if self.known_at(i):
            return toks[i].capital or not glued
        if _match(toks, i, _STRONG_HEADS):
            return toks[i].capital or not glued
        word = toks[i].text.rstrip(".")
        if after_comma and len(word) >= 3 and word.isalpha() and word.isupper():
            return True  # ", TTKC và XTTM" (after "và" an abbreviation is the name's own part)
        return toks[i].capital and bool(_match(toks, i, _CAPITAL_STRONG))

    def unitish_at(self, i: int) -> bool:
        """Whether a unit head or a list word is at ``i``."""
        return bool(self.head_at(i)[0]) or (
            i < self.n and not self.toks[i].punct and bool(_match(self.toks, i, _CONTINUATIONS))
        )

    # --- The walk: each step takes the token at i into the phrases, or ends them ----------

    def end(self, at: int) -> bool:
        """The phrases end before token ``at``: the instructions begin there."""
        self.stop = at
        return False

    def cut(self, at: int, next_seg: int) -> None:
        """The current phrase ends before ``at``; the next one starts at ``next_seg``."""
        self.cuts.append((self.seg, at))
        self.seg = next_seg

    def step(self) -> bool:
        """Read the token at ``i``; False when the unit phrases have ended."""
        toks, i = self.toks, self.i
        t = toks[i]
        prev = toks[i - 1].text
        if prev.endswith(".") and len(prev) > 3 and not prev[:-1].isupper():
            return self.end(i)  # "Thanh tra Sở. Phối hợp: …": the sentence ended
        if t.punct:
            return self.punctuation(t)
        kk = self.known_at(i)
        if kk:
            if self.state == "closed" and self.strong_at(i, glued=True):
                self.cut(i, i)
            self.i, self.state, self.after_opening = i + kk, "closed", False
            return True
        ins = _match(toks, i, _INSTRUCTIONS)
        if ins:
            return self.instruction(t, ins)
        hk, hstate = self.head_at(i)
        if hk:
            if self.state == "closed" and self.strong_at(i, glued=True):
                self.cut(i, i)
            self.i += hk
            self.state, self.after_opening = (
                ("name", False) if hstate == "abbr" else (hstate, hstate == "name")
            )
            return True
        ck = _match(toks, i, _CONTINUATIONS)
        if ck:
            return self.continuation(t, ck)
        if t.capital or t.key.isdigit() or not t.key or self.state == "name":
            # "Sở Nội vụ", "tỉnh Khánh Hòa": a capitalised word reopens a name.
            self.state = "name" if t.capital or self.state != "closed" else self.state
            self.i += 1
            self.after_opening = False
            return True
        return self.end(i)

    def punctuation(self, t: _Tok) -> bool:
        """A parenthesis is taken whole; a comma before a unit goes on (or cuts before a strong
        one); any other mark, or a comma before anything else, ends the phrases."""
        toks, n, i = self.toks, self.n, self.i
        if t.text == "(":
            depth, j = 0, i
            while j < n:
                depth += toks[j].text == "("
                depth -= toks[j].text == ")"
                if depth == 0:
                    break
                j += 1
            if i + 1 >= n or (not toks[i + 1].capital and _match(toks, i + 1, _INSTRUCTIONS)):
                return self.end(i)
            self.i, self.state, self.after_opening = min(j + 1, n), "closed", False
            return True
        if t.text == "," and self.unitish_at(i + 1):
            if self.strong_at(i + 1, glued=False, after_comma=True):
                self.cut(i, i + 1)
            self.i = i + 1
            self.state, self.after_opening = "generic", False
            return True
        if t.text == ":":
            self.rest_from = i + 1
        return self.end(i)

    def instruction(self, t: _Tok, length: int) -> bool:
        """An instruction word ends the phrases unless it is part of a name."""
        if t.capital or (self.after_opening and self.state == "name"):
            # "Phòng Kế hoạch - Tài chính - Tổng hợp", "Chi cục quản lý thị trường"
            self.i += length
            self.state = "name" if self.state != "closed" else self.state
            self.after_opening = False
            return True
        return self.end(self.i)

    def continuation(self, t: _Tok, length: int) -> bool:
        """A list word ("thuộc", "và", "chuyên môn"…); "và" may end the phrases or start the
        next one."""
        toks, n, i = self.toks, self.n, self.i
        if t.key == "va":
            nxt = i + 1
            ends = nxt >= n or toks[nxt].punct
            if ends or (_match(toks, nxt, _INSTRUCTIONS) and not toks[nxt].capital):
                return self.end(i)
            if self.strong_at(nxt, glued=False) and (self.state != "name" or toks[nxt].capital):
                self.cut(i, nxt)
                self.i = nxt
                return True
            if self.state != "name" and not self.unitish_at(nxt) and not toks[nxt].capital:
                return self.end(i)
        self.i = i + length
        if toks[self.i - 1].key in _CLOSERS:
            self.state = "closed"
        self.after_opening = False
        return True

    # --- What was found -------------------------------------------------------------------

    def result(self) -> tuple[list[str], str]:
        """The unit phrases (trailing list words and marks trimmed; a phrase of only "các",
        "tất cả"… dropped) and the rest of the item."""
        toks, item, n = self.toks, self.item, self.n
        units: list[str] = []
        for a, b in self.cuts:
            while b > a and toks[b - 1].text != ")" and (toks[b - 1].punct or toks[b - 1].key in ("va", "")):
                b -= 1
            if b <= a:
                continue
            phrase = item[toks[a].start : toks[b - 1].end].strip().rstrip(" .;,:-")
            words = {tk.key for tk in toks[a:b] if not tk.punct}
            if phrase and not words <= {"cac", "nhung", "tat", "ca", "toan", "the"}:
                units.append(phrase)
        if not units:
            return [], item
        if self.rest_from is not None:
            rest = item[toks[self.rest_from].start :] if self.rest_from < n else ""
        else:
            rest = item[toks[self.stop].start :] if self.stop < n else ""
        return units, rest.strip()


def _next_unit_after_comma(rest: str, known: tuple[tuple[str, ...], ...]) -> int | None:
    """Where, in an instruction text, a ", Văn phòng Sở …" starts a second unit's own item
    ("Lãnh đạo Sở chỉ đạo, Văn phòng Sở tổng hợp"); None when no capitalised unit follows a comma."""
    toks = _tokens(rest)
    depth = 0
    for j, t in enumerate(toks[:-1]):
        depth += (t.text == "(") - (t.text == ")")
        nxt = toks[j + 1]
        if depth or t.text != "," or not nxt.capital:
            continue
        if (
            _match(toks, j + 1, known)
            or _match(toks, j + 1, _STRONG_HEADS)
            or _match(toks, j + 1, _CAPITAL_STRONG)
        ):
            return nxt.start
    return None


def _unit_phrases(text: str, known: tuple[tuple[str, ...], ...] = ()) -> list[str]:
    out: list[str] = []
    for item in split_bullets(text):
        out += _scan(item, known)[0]
    return out
