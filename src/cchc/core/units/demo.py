"""A demo directory (for demos, tests and the CLI without --units)."""

from __future__ import annotations

from cchc.core.units.directory import UnitDirectory
from cchc.core.units.model import Unit


def demo_directory() -> UnitDirectory:
    """A typical Sở Công Thương: the Office, the Inspectorate, five divisions, a centre, a
    sub-department and the one-stop desk (for demos, tests and the CLI without --units)."""
    units = [
        Unit("VP", "Văn phòng Sở", "office", ("VP", "VPS"), "thuoc"),
        Unit("TTRA", "Thanh tra Sở", "inspectorate", ("TTr", "TTS"), "thuoc"),
        Unit(
            "KHTC", "Phòng Kế hoạch - Tài chính - Tổng hợp", "division", ("KHTCTH", "Phòng KH-TC-TH"), "thuoc"
        ),
        Unit("QLCN", "Phòng Quản lý Công nghiệp", "division", ("QLCN", "Phòng QLCN"), "thuoc"),
        Unit("QLNL", "Phòng Quản lý Năng lượng", "division", ("QLNL", "Phòng QLNL"), "thuoc"),
        Unit("QLTM", "Phòng Quản lý Thương mại", "division", ("QLTM", "Phòng QLTM"), "thuoc"),
        Unit("KTAT", "Phòng Kỹ thuật An toàn - Môi trường", "division", ("KTATMT", "Phòng KTAT-MT"), "thuoc"),
        Unit(
            "TTKC",
            "Trung tâm Khuyến công và Xúc tiến thương mại",
            "center",
            ("TTKC và XTTM", "Trung tâm KC và XTTM", "TTKC&XTTM"),
            "truc_thuoc",
        ),
        Unit("QLTT", "Chi cục Quản lý thị trường", "subdepartment", ("QLTT", "Chi cục QLTT"), "truc_thuoc"),
        Unit("MC", "Bộ phận Một cửa", "one_stop", ("Bộ phận tiếp nhận và trả kết quả", "BPMC"), "thuoc"),
    ]
    return UnitDirectory(units, department="Sở Công Thương")
