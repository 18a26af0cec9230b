"""A report as a ``core.reporting`` document: the letterhead of the department, the body in
the order the Ministry's reports follow, the Office's texts where they go, the figures of the
window, the recipients and the signature.

The body:

- I. Kết quả thực hiện: the headline sentence, the counts by area and by unit, the chart, then
  one part per area with the Office's text, and the products delivered with their documents;
- II. Kết quả thực hiện các chỉ tiêu: the plans' targets and, with dossiers, the one-stop-shop
  indicators and the officers over the late threshold;
- III. Tồn tại, hạn chế và nguyên nhân: the Office's text and the late work with its reasons;
- IV. Phương hướng, nhiệm vụ kỳ tới; V. Đề xuất, kiến nghị: the Office's texts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cchc.core.areas import AREAS
from cchc.core.formats import count_text, date_text, percent_text
from cchc.core.reporting.document import Letterhead, ReportDocument, Section, Signature, Table
from cchc.core.status import Status, rates
from cchc.core.text import fold
from cchc.orgs.models import Organisation
from cchc.reporting import figures
from cchc.reporting.figures import Window

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")


@dataclass(frozen=True, slots=True)
class Figures:
    """Every table of a window, computed once (or read back from a stored document)."""

    by_area: Table
    by_unit: Table
    products: Table
    late: Table
    targets: Table
    dossiers: Table | None = None
    officers: Table | None = None

    @classmethod
    def compute(cls, org: Organisation, window: Window) -> Figures:
        found = figures.dossiers(org, window)
        cube = figures.counts(org, window)
        return cls(
            by_area=figures.by_area(org, window, cube),
            by_unit=figures.by_unit(org, window, cube),
            products=figures.products(org, window),
            late=figures.late_work(org, window),
            targets=figures.targets(org, window),
            dossiers=found[0] if found else None,
            officers=found[1] if found else None,
        )

    @classmethod
    def from_document(cls, doc: ReportDocument) -> Figures:
        """The figures a composed document holds (its tables by key)."""
        tables = {t.key: t for t in doc.tables()}
        return cls(
            by_area=tables["status_by_area"],
            by_unit=tables["status_by_unit"],
            products=tables["products"],
            late=tables["late_work"],
            targets=tables["targets"],
            dossiers=tables.get("dossiers"),
            officers=tables.get("officers_late"),
        )

    def tables(self) -> list[Table]:
        found = (
            self.by_area,
            self.by_unit,
            self.products,
            self.targets,
            self.dossiers,
            self.officers,
            self.late,
        )
        return [t for t in found if t is not None]


def governing_body(org: Organisation) -> str:
    """The body above the department: the province's People's Committee."""
    return f"UBND TỈNH {org.province.upper()}" if org.province else ""


def issuing_body(org: Organisation) -> str:
    """The department's name in capitals, without its province ("Sở Công Thương tỉnh X" →
    "SỞ CÔNG THƯƠNG"), as the header block prints it under the governing body."""
    name = org.name
    if org.province:
        for tail in (f" tỉnh {org.province}", f" {org.province}"):
            if name.endswith(tail):
                name = name[: -len(tail)]
                break
    return name.upper()


def headline(table: Table) -> str:
    """The sentence the results begin with, from the area table's total row."""
    total = table.total_row()
    cols = [c.title for c in table.columns]
    counts = {
        s.value: figures.count_of(total[cols.index(figures.heading(s))]) for s in figures.STATUS_COLUMNS
    }
    r = rates(counts)
    S = figures.S
    return (
        f"Trong kỳ có {count_text(r.total)} nhiệm vụ đến hạn; đã hoàn thành {count_text(r.done)} "
        f"({count_text(r.done_early)} {Status.DONE_EARLY.short}, {count_text(r.done_on_time)} "
        f"{Status.DONE_ON_TIME.short}, {count_text(r.done_late)} {Status.DONE_LATE.short}); "
        f"{count_text(r.overdue)} nhiệm vụ {S.OVERDUE.label.lower()}; tỷ lệ hoàn thành đúng hạn "
        f"{percent_text(r.on_time_rate) if r.on_time_rate is not None else 'chưa có'}."
    )


def paragraphs(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.replace("\r\n", "\n").split("\n") if p.strip())


def document(
    org: Organisation,
    *,
    label: str,
    summary: str,
    window: Window,
    year: int,
    texts: Mapping[str, str],
    figs: Figures,
    number: str = "",
    recipients: str = "",
    signature: Signature,
) -> ReportDocument:
    """The whole report of ``label`` ("quý III năm 2026"), ``summary`` the line under its
    title. ``texts``: the Office's text of each part, by key ("area:<area>",
    "issues", "next", "proposals")."""
    areas = [key for key, label_ in AREAS.items() if any(r[0] == label_ for r in figs.by_area.rows)]
    area_parts = tuple(
        Section(str(i), AREAS[a], paragraphs(texts.get(f"area:{a}", "")))
        for i, a in enumerate(areas, start=1)
    )
    results = Section(
        ROMAN[0],
        "KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH",
        (headline(figs.by_area),),
        tables=(figs.by_area, figs.by_unit),
        charts=(figures.status_chart(figs.by_area),) if figs.by_area.rows else (),
        subsections=(
            *area_parts,
            Section(str(len(area_parts) + 1), "Sản phẩm, kết quả đã hoàn thành", tables=(figs.products,)),
        ),
    )
    measured = Section(
        ROMAN[1],
        "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
        tables=tuple(t for t in (figs.targets, figs.dossiers, figs.officers) if t is not None),
    )
    issues = Section(
        ROMAN[2], "TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", paragraphs(texts.get("issues", "")), tables=(figs.late,)
    )
    ahead = Section(ROMAN[3], "PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM KỲ TỚI", paragraphs(texts.get("next", "")))
    proposals = Section(ROMAN[4], "ĐỀ XUẤT, KIẾN NGHỊ", paragraphs(texts.get("proposals", "")))
    number_text = number or f"Số:      /BC-{abbreviation(org)}"
    return ReportDocument(
        letterhead=Letterhead(
            governing_body=governing_body(org),
            issuing_body=issuing_body(org),
            number=number_text if number_text.startswith("Số") else f"Số: {number_text}",
            place=org.province,
            dated=None,
            year=year,
        ),
        summary=summary,
        opening=(
            f"Thực hiện chế độ báo cáo định kỳ về công tác cải cách hành chính, {org.name} báo cáo kết "
            f"quả thực hiện {label} (số liệu từ ngày {date_text(window.start)} đến ngày "
            f"{date_text(window.end)}) như sau:",
        ),
        sections=(results, measured, issues, ahead, proposals),
        recipients=paragraphs(recipients),
        signature=signature,
    )


def abbreviation(org: Organisation) -> str:
    """The department's letters in a document number ("Sở Công Thương" → "SCT")."""
    words = [w for w in fold(issuing_body(org)).split() if w]
    return "".join(w[0] for w in words).upper() or "S"
