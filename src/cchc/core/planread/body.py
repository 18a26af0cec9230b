"""The plan's metadata from the text around its tables: number, date, issuer, title,
period and reporting rules.

Signed plans state these in fixed places ("Số: 12/KH-SCT", "…, ngày 15 tháng 01 năm 2026",
"KẾ HOẠCH" followed by the title, "(Kèm theo Kế hoạch số … ngày … của Sở …)" above an
appendix), but extracted text loses the layout, so every rule here is a search over
lines, and anything left blank by the signer ("Số: /KH-SCT", "ngày tháng 6 năm 2025")
stays blank rather than being guessed.
"""

from __future__ import annotations

import re
from datetime import date

from cchc.core.periods import Period
from cchc.core.planread.model import PlanMeta
from cchc.core.text import clean_cell, fold

_NUMBER = re.compile(
    r"(?:^|\b)(?:S[ốo]|K[ếe] ho[ạa]ch s[ốo])\s*:?\s*((?:\d+[\w.]*)?\s*/\s*(?:\d{4}/)?KH-[A-ZĐ0-9&-]+)",
    re.IGNORECASE,
)
_DATE_WORDS = re.compile(r"ng[àa]y\s+(\d{1,2})?\s*th[áa]ng\s+(\d{1,2})?\s*n[ăa]m\s+(\d{4})", re.IGNORECASE)
_DATE_SLASH = re.compile(r"ng[àa]y\s+(\d{1,2})/(\d{1,2})/(\d{4})", re.IGNORECASE)
_ISSUER_LINE = re.compile(r"^(S[ỞởOo]\s+[A-ZÀ-ỸĐ][A-ZÀ-ỸĐ ,&-]+|UBND\s+[^\n]+|ỦY BAN NHÂN DÂN[^\n]*)$")
_ISSUER_OF = re.compile(r"\bcủa\s+(Sở\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)*)")
_YEAR = re.compile(r"\b(20\d{2})\b")
_SPAN = re.compile(r"giai đoạn\s+(20\d{2})\s*[-–]\s*(20\d{2})", re.IGNORECASE)
_REPORTING = re.compile(
    r"(định kỳ|hàng tháng|hằng tháng|hàng tuần|hằng tuần|hàng quý|hằng quý).{0,120}báo cáo|"
    r"báo cáo.{0,120}(định kỳ|hàng tháng|hằng tháng|hàng tuần|hằng tuần|hàng quý)",
    re.IGNORECASE,
)
_MONTH_DAY = re.compile(r"ngày\s+(\d{1,2})\s+(?:hàng|hằng|mỗi)\s+tháng", re.IGNORECASE)
_CITATION_STARTS = (
    "can cu",
    "thuc hien nghi",
    "thuc hien quyet",
    "thuc hien ke hoach",
    "thuc hien cong van",
    "thuc hien chi thi",
    "thuc hien thong tu",
)
_WEEKDAYS = {"thu hai": 0, "thu ba": 1, "thu tu": 2, "thu nam": 3, "thu sau": 4, "thu bay": 5}


def _title_case_issuer(text: str) -> str:
    words = text.strip().split()
    out = []
    for i, w in enumerate(words):
        lw = w.lower()
        # "SỞ CÔNG THƯƠNG TỈNH HÒA BÌNH" -> "Sở Công Thương tỉnh Hòa Bình"
        out.append(lw if i and lw in {"và", "tỉnh", "thành", "phố"} else lw[:1].upper() + lw[1:])
    return " ".join(out)


def _valid_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def period_from_title(title: str, year: int | None) -> Period | None:
    """The plan period a title names: a half year, a span of years, a quarter or a year."""
    low = fold(title)
    m = _SPAN.search(title)
    if m:
        return Period(date(int(m.group(1)), 1, 1), date(int(m.group(2)), 12, 31))
    ym = _YEAR.search(title)
    y = int(ym.group(1)) if ym else year
    if y is None:
        return None
    if re.search(r"\b0?6 thang (cuoi|sau)", low):
        return Period.half(y, 2)
    if re.search(r"\b0?6 thang dau", low):
        return Period.half(y, 1)
    q = re.search(r"\bquy (iv|iii|ii|i|[1-4])\b", low)
    if q and "nam" not in low[: q.start()].split()[-1:]:
        quarter = {"i": 1, "ii": 2, "iii": 3, "iv": 4}.get(q.group(1)) or int(q.group(1))
        from cchc.core.periods import quarter_end

        return Period(date(y, quarter * 3 - 2, 1), quarter_end(y, quarter))
    return Period.year(y)


def read_meta(lines: list[str], *, year: int | None = None) -> tuple[PlanMeta, list[str], dict[str, int]]:
    """Read the metadata from the document's paragraphs (body and appendix titles).

    Returns the metadata, warnings, and the reporting cycle found in the rules
    (``{"reporting_day": 25, "weekly_weekday": 4}``, keys present only when stated).
    """
    meta = PlanMeta()
    warnings: list[str] = []
    lines = [clean_cell(x) for x in lines if x and x.strip()]
    doc_year: int | None = None

    for i, line in enumerate(lines):
        low = fold(line)
        if low.startswith(("can cu", "thuc hien")):
            continue  # documents the plan is based on, not the plan itself
        m = _NUMBER.search(line)
        annex = "kem theo" in low
        if m and (low.startswith("so") or annex):
            found = re.sub(r"\s+", "", m.group(1))
            # "Số: /KH-SCT" is numbered by hand after signing; an appendix subtitle
            # "(Kèm theo Kế hoạch số 23/KH-SCT …)" may carry the number.
            if not meta.number or (meta.number.startswith("/") and re.match(r"\d", found)):
                meta.number = found
        dw = _DATE_WORDS.search(line)
        if dw and (i < 12 or annex):
            if doc_year is None:
                doc_year = int(dw.group(3))
            if meta.issued_on is None and dw.group(1) and dw.group(2):
                meta.issued_on = _valid_date(int(dw.group(3)), int(dw.group(2)), int(dw.group(1)))
        elif annex and meta.issued_on is None:
            dm = _DATE_SLASH.search(line)
            if dm:
                meta.issued_on = _valid_date(int(dm.group(3)), int(dm.group(2)), int(dm.group(1)))

    # Issuer: an upper-case "SỞ …" line of the letterhead, else "của Sở …" in a title.
    for line in lines[:15]:
        if _ISSUER_LINE.match(line) and line.upper().startswith("S"):
            meta.issuer = _title_case_issuer(line)
            break
    if not meta.issuer:
        for line in lines:
            m = _ISSUER_OF.search(line)
            if m:
                meta.issuer = m.group(1).strip()
                break

    meta.title = _find_title(lines)
    if doc_year is None and meta.issued_on:
        doc_year = meta.issued_on.year
    title_year = _YEAR.search(meta.title)
    base_year = year or (int(title_year.group(1)) if title_year else doc_year)
    meta.period = period_from_title(meta.title, base_year) if meta.title else None
    if year and meta.period and meta.period.start.year != year and not _SPAN.search(meta.title):
        # --year overrides what the title says (e.g. a copy of last year's plan).
        meta.period = period_from_title(re.sub(r"20\d{2}", str(year), meta.title), year)
    if meta.period is None and base_year:
        meta.period = Period.year(base_year)

    cycle: dict[str, int] = {}
    for line in lines:
        if fold(line).startswith(_CITATION_STARTS):
            continue
        if _REPORTING.search(line):
            rule = line.lstrip("-+• ").strip()
            if rule not in meta.reporting_rules:
                meta.reporting_rules.append(rule)
            md = _MONTH_DAY.search(line)
            if md and "reporting_day" not in cycle and 1 <= int(md.group(1)) <= 31:
                cycle["reporting_day"] = int(md.group(1))
            low = fold(line)
            if "hang tuan" in low or "hang tuan" in low.replace("hang", "hang"):
                for word, wd in _WEEKDAYS.items():
                    if word in low and "weekly_weekday" not in cycle:
                        cycle["weekly_weekday"] = wd
    if not meta.number:
        warnings.append("Không tìm thấy số kế hoạch (Số: …/KH-…).")
    if meta.period is None:
        warnings.append("Không xác định được năm hoặc kỳ của kế hoạch: hãy chọn năm khi nhập.")
    return meta, warnings, cycle


def _find_title(lines: list[str]) -> str:
    """The lines after "KẾ HOẠCH" (or "PHỤ LỤC") up to the first sentence of the body."""
    for marker in ("ke hoach", "phu luc"):
        for i, line in enumerate(lines):
            if fold(line).strip(" .:") != marker:
                continue
            parts: list[str] = []
            for nxt in lines[i + 1 : i + 5]:
                low = fold(nxt)
                if (
                    nxt.lstrip().startswith("(")
                    or low.startswith(("can cu", "thuc hien", "so:", "kem theo", "ban hanh kem"))
                    or len(nxt) > 250
                    or re.match(r"^[IVX]+\.\s", nxt)
                ):
                    break
                parts.append(nxt)
                if len(" ".join(parts)) > 120 and not nxt[:1].islower() and len(parts) > 1:
                    break
            title = " ".join(parts).strip()
            if title:
                return title

    # No "KẾ HOẠCH"/"PHỤ LỤC" line (a workbook holds only the appendix): the first
    # upper-case heading of some length names the plan.
    def heading(line: str) -> bool:
        letters = [c for c in line if c.isalpha()]
        return len(letters) > 8 and sum(c.isupper() for c in letters) / len(letters) > 0.8

    for i, line in enumerate(lines):
        if heading(line):
            parts = [line.strip()]
            for nxt in lines[i + 1 : i + 4]:
                if not heading(nxt):
                    break
                parts.append(nxt.strip())
            return " ".join(parts)
    return ""
