"""A small report with every kind of content, for trying a department's template at upload
(``docx.check_template`` renders it) and for a preview of a template."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cchc.core.reporting.document import (
    Chart,
    Column,
    Letterhead,
    Ratio,
    ReportDocument,
    Section,
    Signature,
    Table,
)

__all__ = ["sample_document"]


def sample_document() -> ReportDocument:
    """A quarter's report of a made-up department, one of each block."""
    table = Table(
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
            ("Chỉ đạo, điều hành", 12, 4, 7, 1, 11 / 12),
            ("Cải cách thủ tục hành chính", 20, 5, 15, 0, 1.0),
        ),
        total_label="Tổng cộng",
        note="Số liệu từ 15/12/2025 đến 14/9/2026.",
    )
    targets = Table(
        key="targets",
        title="Bảng 2. Chỉ tiêu của kế hoạch",
        columns=(
            Column("Chỉ tiêu", width=3.0),
            Column("Giá trị", "number"),
            Column("Ngày đo", "date"),
        ),
        rows=(("Mức độ hài lòng", Decimal("92.5"), date(2026, 9, 14)),),
    )
    chart = Chart(
        key="on_time_by_area",
        title="Biểu đồ 1. Tỷ lệ đúng hạn theo lĩnh vực",
        kind="bar",
        categories=("Chỉ đạo, điều hành", "Cải cách TTHC"),
        series=(("Tỷ lệ đúng hạn", (11 / 12, 1.0)),),
        unit="percent",
    )
    return ReportDocument(
        letterhead=Letterhead(
            governing_body="UBND TỈNH HÒA BÌNH XANH",
            issuing_body="SỞ CÔNG THƯƠNG",
            number="Số:      /BC-SCT",
            place="Hòa Bình Xanh",
            dated=date(2026, 9, 20),
            year=2026,
        ),
        summary="Kết quả thực hiện công tác cải cách hành chính quý III năm 2026",
        opening=("Thực hiện Kế hoạch số 12/KH-SCT ngày 15/01/2026 của Sở Công Thương, Sở báo cáo như sau:",),
        sections=(
            Section(
                "I",
                "KẾT QUẢ THỰC HIỆN",
                paragraphs=("Các nhiệm vụ được triển khai đúng kế hoạch.",),
                tables=(table, targets),
                charts=(chart,),
                subsections=(
                    Section("1", "Công tác chỉ đạo, điều hành", paragraphs=("Sở đã ban hành kế hoạch.",)),
                ),
            ),
            Section("II", "PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ IV", paragraphs=("Tiếp tục thực hiện các nhiệm vụ.",)),
        ),
        recipients=("Sở Nội vụ;", "UBND tỉnh (b/c);", "Lưu: VT, VP."),
        signature=Signature(authority="KT. GIÁM ĐỐC", title="PHÓ GIÁM ĐỐC", name="Nguyễn Văn An"),
    )
