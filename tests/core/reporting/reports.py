"""Report documents for the renderers' tests, and reading a generated .docx back."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import replace
from datetime import date
from decimal import Decimal

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from cchc.core.reporting import (
    Chart,
    Column,
    Letterhead,
    Ratio,
    ReportDocument,
    Section,
    Signature,
    Table,
)

AREAS = (
    "Chỉ đạo, điều hành",
    "Cải cách thể chế",
    "Cải cách thủ tục hành chính",
    "Cải cách tổ chức bộ máy",
    "Cải cách chế độ công vụ",
    "Cải cách tài chính công",
    "Xây dựng chính quyền số",
)
HOSTILE = 'Chỉ tiêu {{ summary }} {% if x %} < 5 & > 3 "đạt" ‘trích’ {#ghi chú#}'

STATUS = Table(
    key="status_by_area",
    title="Bảng 1. Kết quả thực hiện nhiệm vụ theo lĩnh vực",
    columns=(
        Column("Lĩnh vực", width=3.0),
        Column("Hoàn thành", "int", "sum"),
        Column("Sớm hạn", "int", "sum"),
        Column("Đúng hạn", "int", "sum"),
        Column("Quá hạn", "int", "sum"),
        Column("Tỷ lệ đúng hạn", "percent", Ratio((2, 3), (1,)), width=1.3),
    ),
    rows=(
        *(
            (area, 1000 + 37 * i, 300 + i, 600 + 30 * i, i % 3, (900 + 31 * i) / (1000 + 37 * i))
            for i, area in enumerate(AREAS)
        ),
        ("Chưa có số liệu", 0, 0, 0, 0, None),
    ),
    total_label="Tổng cộng",
    note="Số liệu từ 15/12/2025 đến 14/12/2026.",
)
TARGETS = Table(
    key="targets",
    title="Bảng 2. Chỉ tiêu của kế hoạch",
    columns=(
        Column("Chỉ tiêu", width=3.0),
        Column("Giá trị", "number"),
        Column("Tỷ lệ", "percent"),
        Column("Ngày đo", "date"),
        Column("Ghi chú"),
    ),
    rows=(
        ("Mức độ hài lòng", Decimal("85.67"), 0.5, date(2026, 3, 5), '=HYPERLINK("x")'),
        ("Hồ sơ trực tuyến", 1234.5, 0.6667, date(2026, 12, 14), ""),
        ("Chưa đo", None, None, None, None),
        ("Thường xuyên", "—", "—", "Thường xuyên", "+84 sản phẩm"),
    ),
)
UNITS = Table(
    key="units",
    title="Bảng 3. Kết quả theo đơn vị",
    columns=(
        Column("Đơn vị", width=2.5),
        Column("Nhiệm vụ", "int", "sum"),
        Column("Hoàn thành", "int", "sum"),
        Column("Tỷ lệ hoàn thành", "percent", Ratio((2,), (1,))),
    ),
    rows=tuple((f"Phòng chuyên môn số {i}", 20 + i, 15 + i % 5, (15 + i % 5) / (20 + i)) for i in range(40)),
    total_label="Tổng cộng",
)
CHARTS = (
    Chart(
        key="status_chart",
        title="Biểu đồ 1. Tình hình thực hiện nhiệm vụ theo lĩnh vực",
        kind="stacked_bar",
        categories=AREAS,
        series=(
            ("Sớm hạn", tuple(300.0 + i for i in range(7))),
            ("Đúng hạn", tuple(600.0 + 30 * i for i in range(7))),
            ("Quá hạn", tuple(float(i % 3) for i in range(7))),
        ),
    ),
    Chart(
        key="rate_chart",
        title="Biểu đồ 2. Tỷ lệ đúng hạn theo lĩnh vực",
        kind="bar",
        categories=AREAS[:3],
        series=(("Tỷ lệ đúng hạn", (0.9, None, 1.0)),),
        unit="percent",
    ),
)


def letterhead(**changes) -> Letterhead:
    base = Letterhead(
        governing_body="UBND TỈNH HÒA BÌNH XANH",
        issuing_body="SỞ CÔNG THƯƠNG",
        number="Số:      /BC-SCT",
        place="Hòa Bình Xanh",
        dated=date(2026, 12, 20),
        year=2026,
    )
    return replace(base, **changes)


def full_report(**changes) -> ReportDocument:
    """A year's report of three levels of sections, three tables and two charts: several pages."""
    long_text = (
        "Sở đã ban hành kế hoạch, tổ chức triển khai đến các phòng, đơn vị thuộc và trực thuộc Sở; "
        "thường xuyên theo dõi, đôn đốc, kiểm tra việc thực hiện các nhiệm vụ được giao. "
    ) * 3
    base = ReportDocument(
        letterhead=letterhead(),
        summary="Kết quả thực hiện công tác cải cách hành chính năm 2026",
        opening=("Thực hiện Kế hoạch số 12/KH-SCT ngày 15/01/2026 của Sở Công Thương, Sở báo cáo như sau:",),
        sections=(
            Section(
                "I",
                "KẾT QUẢ THỰC HIỆN",
                paragraphs=(long_text, HOSTILE),
                tables=(STATUS,),
                charts=CHARTS,
                subsections=(
                    Section(
                        "1",
                        "Công tác chỉ đạo, điều hành",
                        paragraphs=(long_text + "\n" + long_text,),
                        subsections=(Section("1.1", "Ban hành văn bản", paragraphs=(long_text,)),),
                    ),
                    Section("2", "Chỉ tiêu", tables=(TARGETS, UNITS)),
                ),
            ),
            Section("II", "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027", paragraphs=(long_text,)),
            Section("", "Kiến nghị", paragraphs=("Không.",)),
        ),
        recipients=("Sở Nội vụ;", "UBND tỉnh (b/c);", "Lưu: VT, VP."),
        signature=Signature(authority="KT. GIÁM ĐỐC", title="PHÓ GIÁM ĐỐC", name="Nguyễn Văn An"),
    )
    return replace(base, **changes)


HEADINGS = [
    "I. KẾT QUẢ THỰC HIỆN",
    "1. Công tác chỉ đạo, điều hành",
    "1.1. Ban hành văn bản",
    "2. Chỉ tiêu",
    "II. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027",
    "Kiến nghị",
]


# --- reading a .docx back --------------------------------------------------------------------


def read(data: bytes) -> DocxDocument:
    return Document(io.BytesIO(data))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def cell_paragraphs(cell) -> list[str]:
    """The texts of a table cell's paragraphs."""
    return [p.text for p in cell.paragraphs]


def table_texts(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def outline_headings(document: DocxDocument) -> list[str]:
    """The body's paragraphs that carry an outline level (the section headings), in order."""
    return [
        p.text
        for p in document.paragraphs
        if p._p.pPr is not None and p._p.pPr.find(qn("w:outlineLvl")) is not None
    ]


def body_paragraph(document: DocxDocument, text: str):
    found = [p for p in document.paragraphs if p.text == text]
    assert found, f"no paragraph {text!r}"
    return found[0]


def effective_size(run, paragraph, document: DocxDocument) -> float:
    """The run's size in points: its own, else its paragraph style's, else Normal's."""
    for size in (run.font.size, paragraph.style.font.size, document.styles["Normal"].font.size):
        if size is not None:
            return size.pt
    raise AssertionError("no font size anywhere")


def light_report(**changes) -> ReportDocument:
    """``full_report`` without its charts (drawing them is most of a render's time)."""
    report = full_report(**changes)
    if "sections" in changes:
        return report
    return replace(report, sections=tuple(replace(s, charts=()) for s in report.sections))
