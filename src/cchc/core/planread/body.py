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
from cchc.core.planread.meta import (
    annex_titles,
    find_title,
    issuer_in_letterhead,
    issuer_named,
    official_case,
    opening_period,
    period_from_title,
    plan_object,
    stated_period,
)
from cchc.core.planread.model import PlanMeta
from cchc.core.text import clean_cell, fold

# "Số: 12/KH-SCT", "Số: 2530/QĐ-TTg", "Số: 12/2025/NĐ-CP", "6225/BVHTTDL-VP", "02-KH/BCĐTW",
# or in an appendix's subtitle "(Kèm theo Quyết định số 2530/QĐ-TTg …)".
_NUMBER = re.compile(
    r"(?:^|\b)(?:S[ốo]|K[ếe] ho[ạa]ch s[ốo])\s*:?\s*"
    r"((?:\d+[\w.]*)?\s*/\s*(?:\d{4}/)?[^\W\d_][\w&.]*(?:-[\w&.]+)*|\d+-[^\W\d_]+/[\w&.-]+)",
    re.IGNORECASE,
)
_DATE_WORDS = re.compile(r"ng[àa]y\s+(\d{1,2})?\s*th[áa]ng\s+(\d{1,2})?\s*n[ăa]m\s+(\d{4})", re.IGNORECASE)
_DATE_SLASH = re.compile(r"ng[àa]y\s+(\d{1,2})/(\d{1,2})/(\d{4})", re.IGNORECASE)
_ISSUER_LINE = re.compile(r"^(S[ỞởOo]\s+[A-ZÀ-ỸĐ][A-ZÀ-ỸĐ ,&-]+|UBND\s+[^\n]+|ỦY BAN NHÂN DÂN[^\n]*)$")
_ANNEX_OF = re.compile(r"kem theo\s+(?:[^\s()]+\s+){1,3}so\b")
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


def _valid_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


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
        # An appendix's subtitle names its document: "(Kèm theo Quyết định số …)", never a
        # sentence that only mentions an enclosure ("danh sách chi tiết kèm theo").
        annex = bool(_ANNEX_OF.search(low))
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

    kind, trich_yeu = find_title(lines)
    meta.title = plan_object(kind, trich_yeu, lines) or trich_yeu

    # Issuer: the letterhead's issuing body, else a "SỞ …" line near the top, else the body a
    # title or an appendix's subtitle names ("… của Sở Công Thương", "(Kèm theo … của Chính phủ)").
    meta.issuer = issuer_in_letterhead(lines)
    if not meta.issuer:
        for line in lines[:15]:
            if _ISSUER_LINE.match(line) and line.upper().startswith("S"):
                meta.issuer = official_case(line)
                break
    if not meta.issuer:
        for line in [meta.title, trich_yeu, *(x for x in lines if _ANNEX_OF.search(fold(x)))]:
            meta.issuer = issuer_named(line)
            if meta.issuer:
                break

    if doc_year is None and meta.issued_on:
        doc_year = meta.issued_on.year
    meta.period, meta.period_source = _period(meta.title, trich_yeu, lines, year, doc_year)

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
        warnings.append("Không tìm thấy số hiệu văn bản (Số: …/…).")
    if meta.period is None:
        warnings.append("Không xác định được năm hoặc kỳ của kế hoạch: hãy chọn năm khi nhập.")
    return meta, warnings, cycle


def _period(
    title: str, trich_yeu: str, lines: list[str], year: int | None, doc_year: int | None
) -> tuple[Period | None, str]:
    """The period and where it was read: the title ("title"), the opening sentence ("text"), an
    appendix's title ("appendix"); else ``year`` ("year") or the year of issue ("issue_year"),
    which the caller may widen to the tasks' schedules."""
    base = year or doc_year
    for text in (title, trich_yeu):
        found = stated_period(text, year) if year else None
        if found and found.start.year != year and not _SPAN.search(text):
            # --year overrides what the title says (e.g. a copy of last year's plan).
            return period_from_title(re.sub(r"20\d{2}", str(year), text), year), "year"
        if found := stated_period(text, base):
            return found, "title"
    if found := opening_period(lines, base):
        return found, "text"
    for text in annex_titles(lines):
        if found := stated_period(text, base):
            return found, "appendix"
    for given, source in ((year, "year"), (doc_year, "issue_year")):
        if given:
            # "06 tháng cuối năm" without its year: that half of the given year.
            found = period_from_title(title, given)
            return found, "title" if found != Period.year(given) else source
    return None, ""


__all__ = ["period_from_title", "read_meta"]
