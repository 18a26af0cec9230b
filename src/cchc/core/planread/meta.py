"""Which document this is: its kind, number, issuing body, title and the period it states.

Nghị định 30/2020/NĐ-CP fixes where a Vietnamese administrative document says these: the
letterhead (the governing body, then the issuing body, beside "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT
NAM"), "Số: 2530/QĐ-TTg", the kind in capitals ("QUYẾT ĐỊNH", "KẾ HOẠCH", …) followed by its
trích yếu, or "V/v …" under the number of an official letter. A decision or resolution that
issues a plan says so in its trích yếu ("Phê duyệt Kế hoạch …") and again in its Article 1,
in sentence case. Extracted text loses the layout (a web copy glues "QUYẾT ĐỊNH" to the first
line of the trích yếu), so every rule here is a search over lines. The letterhead is never the
title.
"""

from __future__ import annotations

import re
from datetime import date

from cchc.core.periods import Period, quarter_end
from cchc.core.text import fold

__all__ = [
    "DOC_KINDS",
    "document_heading",
    "find_title",
    "issuer_in_letterhead",
    "issuer_named",
    "official_case",
    "period_from_title",
    "plan_object",
    "stated_period",
]

# Kinds of document (folded) whose name stands alone in capitals above the trích yếu.
DOC_KINDS = (
    "ke hoach",
    "quyet dinh",
    "nghi quyet",
    "chuong trinh",
    "chi thi",
    "thong bao",
    "bao cao",
    "de an",
    "phuong an",
    "thong tu",
    "nghi dinh",
    "huong dan",
    "quy che",
    "quy dinh",
    "to trinh",
    "cong dien",
)
# A heading, alone or glued to an upper-case trích yếu (never "QUYẾT ĐỊNH:" before the articles).
_HEADING = re.compile(rf"^({'|'.join(DOC_KINDS)})(?:\s+(.*))?$")
# Where the document's head ends: its grounds, its addressees, its first section or article.
_BODY_START = re.compile(r"^(?:can cu|thuc hien|kinh gui|dieu 1\b|[ivx]+\.\s|phan [ivx1-9]\b)")
_TITLE_STOP = re.compile(r"^(?:can cu|thuc hien|so:|kem theo|ban hanh kem|kinh gui|noi nhan|dieu \d)")
_NUMBER_LINE = re.compile(r"^so\s*[:.]|^so\s+\d")
_RULE_LINE = re.compile(r"^[\s\-_=.*]+$")
_VV = re.compile(r"^\s*V/v\.?\s*:?\s*(.+)$", re.IGNORECASE)
_ANNEX = re.compile(r"^phu luc(?:\s+(?:[ivx]+|\d+|[a-z])\b)?\.?\s*(.*)$")

# Issuing bodies, upper case as a letterhead writes them, with their official spelling.
_BODY_HEADS: tuple[tuple[str, str], ...] = (
    ("THỦ TƯỚNG CHÍNH PHỦ", "Thủ tướng Chính phủ"),
    ("VĂN PHÒNG CHÍNH PHỦ", "Văn phòng Chính phủ"),
    ("CHÍNH PHỦ", "Chính phủ"),
    ("ỦY BAN NHÂN DÂN", "Ủy ban nhân dân"),
    ("UỶ BAN NHÂN DÂN", "Ủy ban nhân dân"),
    ("HỘI ĐỒNG NHÂN DÂN", "Hội đồng nhân dân"),
    ("UBND", "UBND"),
    ("HĐND", "HĐND"),
    ("BỘ", "Bộ"),
    ("SỞ", "Sở"),
    ("VĂN PHÒNG", "Văn phòng"),
    ("BAN", "Ban"),
    ("TỔNG CỤC", "Tổng cục"),
    ("CHI CỤC", "Chi cục"),
    ("CỤC", "Cục"),
    ("VỤ", "Vụ"),
    ("TRUNG TÂM", "Trung tâm"),
    ("PHÒNG", "Phòng"),
    ("VIỆN", "Viện"),
)
_HEAD_WORDS = {h for h, _ in _BODY_HEADS}
_BODY_START_RE = re.compile(r"(?<!\S)(" + "|".join(re.escape(h) for h, _ in _BODY_HEADS) + r")(?!\S)")
# Administrative places: the word is lower case, the name after it capitalised word by word.
_PLACES = ("THÀNH PHỐ", "THỊ XÃ", "THỊ TRẤN", "TỈNH", "HUYỆN", "QUẬN", "PHƯỜNG", "XÃ", "TP.", "TP")
# Names of fields written with every word capitalised by convention.
_WHOLE_NAMES = {"CÔNG THƯƠNG": "Công Thương"}
_ISSUER_OF = re.compile(
    r"\bcủa\s+((?:Thủ tướng Chính phủ|Chính phủ|Bộ|Sở|Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Hội đồng nhân dân"
    r"|HĐND|Văn phòng|Ban|Tổng cục|Chi cục|Cục|Trung tâm)(?:\s+[^\s()]+)*)"
)
# Where a body's name ends in a sentence: a bracket, a date, a year, "về …".
_ISSUER_END = re.compile(r"\s*(?:[();]|\bngày\b|\bnăm\b|\bgiai đoạn\b|\bvề\b|\bvề việc\b|\bđến\b|\btại\b).*$")

# "Ban hành / Phê duyệt <X>": what a decision or resolution issues.
_ISSUES = re.compile(
    r"^(?:ve viec\s+)?(?:ban hanh|phe duyet)\s+(?:kem theo (?:quyet dinh|nghi quyet) nay\s+)?"
)
_ISSUED_THING = re.compile(
    r"^(?:ke hoach|chuong trinh|de an|phuong an|chien luoc|quy hoach|danh muc|nhiem vu)\b"
)
_OBJECT_END = re.compile(
    r"\s*(?:\(sau đây|,?\s+với (?:những|các)\b|,?\s+kèm theo\b|,\s*cụ thể\b|:).*$", re.IGNORECASE
)

_YEAR = re.compile(r"\b(20\d{2})\b")
_SPAN = re.compile(
    r"(?:giai đoạn|thời kỳ|từ năm)\s+(20\d{2})\s*(?:[-–—]|đến(?: năm)?)\s*(20\d{2})", re.IGNORECASE
)
_UNTIL = re.compile(r"(?<![a-z])den nam (20\d{2})\b")
# A vision or orientation beyond the plan ("tầm nhìn đến năm 2045") is not its period.
_BEYOND = re.compile(r"(?:tam nhin|dinh huong)\s+(?:den\s+)?(?:nam\s+)?20\d{2}")


def _upper_ratio(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


def document_heading(line: str) -> tuple[str, str] | None:
    """("quyet dinh", "PHÊ DUYỆT …") for a kind heading, alone or glued to its trích yếu."""
    low = fold(line).strip(" .")
    m = _HEADING.match(low)
    if not m or line.rstrip(" *").endswith(":"):
        return None
    if not m.group(2):
        return m.group(1), ""
    # Glued: the rest of the line is the upper-case trích yếu, never a sentence.
    words = line.split()
    rest = " ".join(words[len(m.group(1).split()) :])
    return (m.group(1), rest) if _upper_ratio(rest) > 0.8 and not rest.endswith(":") else None


def _head(lines: list[str]) -> list[str]:
    """The lines before the body: letterhead, number, date, kind and trích yếu."""
    for i, line in enumerate(lines):
        if _BODY_START.match(fold(line)):
            return lines[:i]
    return lines


def _authority_line(line: str) -> bool:
    """The body that signs, written before the grounds ("THỦ TƯỚNG CHÍNH PHỦ", "CHÍNH PHỦ")."""
    return _upper_ratio(line) > 0.8 and bool(_BODY_START_RE.match(line.strip()))


def _collect(first: str, following: list[str]) -> str:
    parts = [first] if first else []
    for nxt in following[:4]:
        low = fold(nxt)
        if (
            nxt.lstrip().startswith(("(", "["))
            or _TITLE_STOP.match(low)
            or "can cu " in low
            or _RULE_LINE.match(nxt)
            or _authority_line(nxt)
            or document_heading(nxt)
            or nxt.rstrip().endswith(":")
            or len(nxt) > 250
            or re.match(r"^[IVX]+\.\s", nxt)
        ):
            break
        parts.append(nxt)
        if len(" ".join(parts)) > 120 and not nxt[:1].islower() and len(parts) > 1:
            break
    return " ".join(p.strip() for p in parts).strip()


def find_title(lines: list[str]) -> tuple[str, str]:
    """(kind, trích yếu) of the document, kind "" when no heading names it.

    The trích yếu follows the kind's heading in the document's head; an official letter has
    it after "V/v"; a file holding only an appendix is named by the lines after "PHỤ LỤC",
    else by its first upper-case heading of some length.
    """
    head = _head(lines)
    for i, line in enumerate(head):
        found = document_heading(line)
        if found:
            title = _collect(found[1], head[i + 1 :] + lines[len(head) : len(head) + 1])
            if title:
                return found[0], title
    for i, line in enumerate(lines):
        m = _VV.match(line)
        if m and i < 40:
            return "cong van", _collect(m.group(1), [x for x in lines[i + 1 :] if x[:1].islower()][:2])
    title = annex_title(lines)
    if title:
        return "", title

    def heading(line: str) -> bool:
        letters = [c for c in line if c.isalpha()]
        return len(letters) > 8 and _upper_ratio(line) > 0.8

    for i, line in enumerate(lines):
        if heading(line) and not _letterhead_line(line):
            parts = [line.strip()]
            for nxt in lines[i + 1 : i + 4]:
                if not heading(nxt):
                    break
                parts.append(nxt.strip())
            return "", " ".join(parts)
    return "", ""


def annex_titles(lines: list[str]) -> list[str]:
    """The titles of the appendices ("PHỤ LỤC II" then its title, or glued on one line)."""
    out = []
    for i, line in enumerate(lines):
        low = fold(line).strip(" .:")
        m = _ANNEX.match(low)
        if not m:
            continue
        words = line.split()
        rest = " ".join(words[len(words) - len(m.group(1).split()) :]) if m.group(1) else ""
        glued = re.split(r"\s*\(", rest, maxsplit=1)
        rest = glued[0].strip()
        if rest and _upper_ratio(rest) < 0.8:
            continue  # "Phụ lục kèm theo …" in a sentence, not a heading
        # A subtitle glued to the same line ends the title there.
        title = rest if len(glued) > 1 else _collect(rest, lines[i + 1 : i + 5])
        if title:
            out.append(title)
    return out


def annex_title(lines: list[str]) -> str:
    titles = annex_titles(lines)
    return titles[0] if titles else ""


def _letterhead_line(line: str) -> bool:
    low = fold(line)
    return "cong hoa xa hoi" in low or "doc lap" in low


def plan_object(kind: str, trich_yeu: str, lines: list[str]) -> str:
    """What a decision or resolution issues, when its trích yếu says "Ban hành / Phê duyệt <X>"
    and X is a plan, programme or scheme: X as Article 1 writes it (in sentence case, inside its
    quotation marks or up to "(sau đây gọi tắt …)"), else X as the trích yếu writes it. ""
    otherwise: the trích yếu itself is then the title."""
    if kind not in ("quyet dinh", "nghi quyet", "chi thi"):
        return ""
    low = fold(trich_yeu)
    m = _ISSUES.match(low)
    if not m or not _ISSUED_THING.match(low[m.end() :]):
        return ""
    written = " ".join(trich_yeu.split()[len(low[: m.end()].split()) :])
    thing = low[m.end() :].split()[:2]
    for line in lines:
        art = fold(line)
        if not art.startswith("dieu 1"):
            continue
        text = re.sub(r"^Điều\s+1\.?\s*", "", line.strip(), flags=re.IGNORECASE)
        am = _ISSUES.match(fold(text))
        if not am:
            continue
        obj = " ".join(text.split()[len(fold(text)[: am.end()].split()) :])
        quoted = re.match(r"^[“\"]([^”\"]+)[”\"]", obj)
        obj = quoted.group(1) if quoted else _OBJECT_END.sub("", obj)
        if fold(obj).split()[:2] == thing:
            return obj.strip(" .,;")
        break
    return written


def _title_word(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def official_case(name: str) -> str:
    """A body's name as written in running text: "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI" -> "Ủy ban nhân
    dân tỉnh Đồng Nai", "BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH" -> "Bộ Văn hóa, Thể thao và Du lịch".
    A name not written in capitals is returned as it is."""
    name = " ".join(name.split())
    if _upper_ratio(name) < 0.8:
        return name
    for upper, cased in _WHOLE_NAMES.items():
        name = re.sub(rf"(?<!\S){upper}(?!\S)", cased, name)
    out: list[str] = []
    words = name.split()
    i = 0
    mode = "field_start"  # the first word of a field's name is capitalised, the rest not
    while i < len(words):
        rest = " ".join(words[i:])
        head = next((c for h, c in _BODY_HEADS if rest == h or rest.startswith(h + " ")), None)
        if head is not None:
            out.append(head)
            i += len(head.split())
            mode = "field_start"
            continue
        place = next((p for p in _PLACES if rest == p or rest.startswith(p + " ")), None)
        if place is not None:
            out.append(place.lower())
            i += len(place.split())
            mode = "place"
            continue
        word = words[i]
        if word != word.upper():  # already cased ("Công Thương")
            out.append(word)
        elif mode == "place":
            out.append(_title_word(word))
        elif word == "VÀ":
            out.append("và")
            mode = "field_start"
        elif mode == "field_start":
            out.append(_title_word(word))
            mode = "field"
        else:
            out.append(word.lower())
        if word.endswith(","):
            mode = "field_start" if mode != "place" else mode
        i += 1
    return " ".join(out)


def issuer_in_letterhead(lines: list[str]) -> str:
    """The issuing body of the letterhead: the upper-case lines before "CỘNG HÒA XÃ HỘI CHỦ
    NGHĨA VIỆT NAM" or "Số:" at the top. Under a governing body ("UBND TỈNH KHÁNH HÒA" above
    "SỞ CÔNG THƯƠNG") the issuer is the lower one. "" when the copy has no letterhead."""
    names: list[str] = []
    for line in lines[:8]:
        low = fold(line)
        if _letterhead_line(line) or _NUMBER_LINE.match(low) or document_heading(line):
            break
        if _RULE_LINE.match(line) or _upper_ratio(line) < 0.8:
            continue
        text = " ".join(line.replace("*", " ").split())
        if names and not _BODY_START_RE.match(text):
            names[-1] += " " + text  # a name wrapped over two lines
        else:
            names.append(text)
    if not names:
        return ""
    last = names[-1]
    # One line holding both ("UBND TỈNH KHÁNH HÒA SỞ CÔNG THƯƠNG"): a body named after a place
    # ends there, and what follows is the body under it.
    starts = [m.start() for m in _BODY_START_RE.finditer(last)]
    for start in reversed(starts[1:]):
        before = last[:start].split()
        if any(p.rstrip(".") in before for p in _PLACES) or set(before) & {"TP.", "TP"}:
            last = last[start:]
            break
    if not _BODY_START_RE.match(last):
        return ""
    return official_case(last)


def issuer_named(text: str) -> str:
    """The body a phrase names after "của": "(Kèm theo Quyết định số … của Thủ tướng Chính phủ)"."""
    m = _ISSUER_OF.search(text)
    if not m:
        return ""
    name = _ISSUER_END.sub("", m.group(1)).strip(" .,;")
    if name in ("Bộ", "Sở", "Ban", "Cục", "Văn phòng", "Trung tâm"):
        return ""
    return official_case(name)


def stated_period(text: str, year: int | None) -> Period | None:
    """The period a title or sentence states, else None: a span of years ("giai đoạn 2026 -
    2030"), "đến năm 2030" (from ``year``, the year of issue), a half year, a quarter or a year.
    A vision beyond the plan ("tầm nhìn đến năm 2045") is not its period."""
    m = _SPAN.search(text)
    if m and int(m.group(1)) < int(m.group(2)):
        return Period(date(int(m.group(1)), 1, 1), date(int(m.group(2)), 12, 31))
    low = _BEYOND.sub(" ", fold(text))
    until = _UNTIL.search(low)
    if until and year and year < int(until.group(1)):
        return Period(date(year, 1, 1), date(int(until.group(1)), 12, 31))
    ym = _YEAR.search(low)
    if ym is None:
        return None
    y = int(ym.group(1))
    if re.search(r"\b0?6 thang (cuoi|sau)", low):
        return Period.half(y, 2)
    if re.search(r"\b0?6 thang dau", low):
        return Period.half(y, 1)
    q = re.search(r"\bquy (iv|iii|ii|i|[1-4])\b", low)
    if q and "nam" not in low[: q.start()].split()[-1:]:
        quarter = {"i": 1, "ii": 2, "iii": 3, "iv": 4}.get(q.group(1)) or int(q.group(1))
        return Period(date(y, quarter * 3 - 2, 1), quarter_end(y, quarter))
    return Period.year(y)


def period_from_title(title: str, year: int | None) -> Period | None:
    """The plan period a title names, else the year ``year`` (halves and quarters of it when the
    title names one without its year: "06 tháng cuối năm")."""
    stated = stated_period(title, year)
    if stated is not None:
        return stated
    if year is None:
        return None
    return stated_period(f"{title} {year}", year)


def opening_period(lines: list[str], year: int | None) -> Period | None:
    """The period the opening sentence states for what the document issues: "UBND tỉnh ban hành
    Kế hoạch … giai đoạn 2026 - 2030, cụ thể như sau", "Điều 1. Phê duyệt Chương trình … đến năm
    2030". Grounds cited ("Căn cứ …") are other documents' periods."""
    for line in lines[:80]:
        low = fold(line)
        if "can cu " in low or low.startswith(("thuc hien", "theo de nghi")):
            continue
        m = re.search(r"(?<![a-z])(?:ban hanh|phe duyet|trien khai)\s+(?:kem theo \S+ \S+ nay\s+)?"
                      r"(?:ke hoach|chuong trinh|de an|phuong an)\b", low)  # fmt: skip
        if not m:
            continue
        start = len(low[: m.start()].split())
        obj = _OBJECT_END.sub("", " ".join(line.split()[start:]))
        found = stated_period(obj, year)
        if found is not None:
            return found
    return None
