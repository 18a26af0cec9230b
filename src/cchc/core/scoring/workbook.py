"""The criteria workbook (.xlsx), as the Office fills it in from the province's decision:
the layout, the export of a set and the blank template. ``workbook_read`` reads it back.

Sheets (documented for the Office in docs/scoring-criteria.md):

* "Thông tin": key | value rows (``INFO_KEYS``).
* "Tiêu chí": a header row (``COLUMNS``), then one row per item in document order.
* "Hướng dẫn": what each column and each rule form means (ignored when read).

Every text a person typed is written as text, never as a formula (``core.sheets``).
"""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cchc.core.scoring.criteria import BODY_KINDS, LEVEL_LABELS, CriteriaSet
from cchc.core.scoring.rule_text import RULE_FORMS, rule_text
from cchc.core.sheets import write_cell

__all__ = [
    "COLUMNS",
    "GUIDE_SHEET",
    "INFO_KEYS",
    "INFO_SHEET",
    "ITEMS_SHEET",
    "template_bytes",
    "write_criteria",
]

INFO_SHEET = "Thông tin"
ITEMS_SHEET = "Tiêu chí"
GUIDE_SHEET = "Hướng dẫn"

# (field of CriteriaSet, label in column A, what the guide says).
INFO_KEYS: tuple[tuple[str, str, str], ...] = (
    (
        "title",
        "Tên bộ tiêu chí",
        "Bắt buộc. Ví dụ: Bộ tiêu chí xác định Chỉ số CCHC các sở, ban, ngành năm 2026.",
    ),
    ("province", "Tỉnh", "Bắt buộc. Ví dụ: Khánh Hòa."),
    ("year", "Năm", "Bắt buộc: năm đánh giá, ví dụ 2026."),
    ("body_kind", "Loại cơ quan", "Bắt buộc: Sở, Ban hoặc Ngành (hoặc tên loại khác)."),
    ("decision", "Quyết định", "Số quyết định ban hành bộ tiêu chí của tỉnh, ví dụ 2712/QĐ-UBND."),
    (
        "round",
        "Làm tròn",
        "Làm tròn mặc định của điểm tính tự động, ví dụ 0,25 hoặc 0,01; để trống: không làm tròn.",
    ),
    ("bonus_cap", "Tối đa điểm thưởng", "Tổng điểm thưởng không vượt quá số này; để trống: không giới hạn."),
    ("penalty_cap", "Tối đa điểm trừ", "Tổng điểm trừ không vượt quá số này; để trống: không giới hạn."),
    (
        "illustrative",
        "Điểm minh họa",
        "Có: điểm chỉ để minh họa, không lấy từ quyết định chính thức; Không: điểm chính thức.",
    ),
)

# (key, header, width, what the guide says).
COLUMNS: tuple[tuple[str, str, int, str], ...] = (
    ("code", "Mã", 10, "Bắt buộc, không trùng. Ví dụ: 1, 1.1, 1.1.1; điểm thưởng T1, điểm trừ TR1."),
    ("level", "Cấp", 20, "Bắt buộc: Lĩnh vực, Tiêu chí, Tiêu chí thành phần, Điểm thưởng hoặc Điểm trừ."),
    (
        "parent",
        "Mã cấp trên",
        12,
        "Để trống thì lấy theo mã: bỏ phần sau dấu chấm cuối (1.2.3 thuộc 1.2). "
        "Tiêu chí nằm dưới lĩnh vực, tiêu chí thành phần dưới tiêu chí; lĩnh vực, điểm thưởng, "
        "điểm trừ không có cấp trên.",
    ),
    ("title", "Nội dung", 60, "Bắt buộc: nội dung tiêu chí như trong quyết định."),
    (
        "maximum",
        "Điểm tối đa",
        12,
        "Bắt buộc, số không âm (dấu phẩy hoặc dấu chấm thập phân). Tổng điểm tối đa "
        "các mục con không vượt điểm tối đa mục cha. Điểm thưởng/điểm trừ: số điểm cộng/trừ tối đa của mục.",
    ),
    ("rule", "Cách chấm", 30, "Một trong các dạng dưới đây; để trống: tự chấm."),
    (
        "source",
        "Nguồn số liệu",
        24,
        "Tùy chọn: số liệu hệ thống tự tính để đề xuất điểm, dạng loại.chỉ_số "
        "hoặc loại.chỉ_số:tham_số (danh sách do hệ thống cung cấp).",
    ),
    ("guide", "Hướng dẫn chấm", 50, "Tùy chọn: cách chấm điểm như quyết định hướng dẫn."),
    ("evidence_required", "Tài liệu kiểm chứng", 40, "Tùy chọn: tài liệu kiểm chứng phải nộp."),
)

_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")


def _number(d: Decimal | None) -> int | Decimal | None:
    # Whole numbers as integers: Excel shows "1", not "1.0".
    if d is None:
        return None
    return int(d) if d == d.to_integral_value() else d


def _info_values(cset: CriteriaSet) -> dict[str, object]:
    return {
        "title": cset.title,
        "province": cset.province,
        "year": cset.year,
        "body_kind": BODY_KINDS.get(cset.body_kind, cset.body_kind),
        "decision": cset.decision,
        "round": _number(cset.round),
        "bonus_cap": _number(cset.bonus_cap),
        "penalty_cap": _number(cset.penalty_cap),
        "illustrative": "Có" if cset.illustrative else "Không",
    }


def _info_sheet(ws: Worksheet, values: dict[str, object] | None) -> None:
    ws.title = INFO_SHEET
    for row, (key, label, _) in enumerate(INFO_KEYS, start=1):
        write_cell(ws, row, 1, label).font = _BOLD
        value = (values or {}).get(key)
        if value not in (None, ""):
            write_cell(ws, row, 2, value)
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 70


def _items_sheet(ws: Worksheet, cset: CriteriaSet | None) -> None:
    ws.title = ITEMS_SHEET
    for col, (_, header, width, _) in enumerate(COLUMNS, start=1):
        cell = write_cell(ws, 1, col, header)
        cell.font = _BOLD
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    for row, item in enumerate(cset.items if cset else (), start=2):
        values = (
            item.code,
            LEVEL_LABELS[item.level],
            item.parent,
            item.title,
            _number(item.maximum),
            rule_text(item.rule),
            str(item.source) if item.source else "",
            item.guide,
            item.evidence_required,
        )
        for col, value in enumerate(values, start=1):
            if value not in (None, ""):
                write_cell(ws, row, col, value).alignment = _WRAP


def _guide_sheet(ws: Worksheet) -> None:
    ws.title = GUIDE_SHEET
    rows: list[tuple[str, str]] = [("Trang tính “Thông tin”", "")]
    rows += [(label, text) for _, label, text in INFO_KEYS]
    rows += [
        ("", ""),
        ("Trang tính “Tiêu chí”", "Dòng đầu là tiêu đề; mỗi dòng sau là một mục, theo thứ tự."),
    ]
    rows += [(header, text) for _, header, _, text in COLUMNS]
    rows += [
        ("", ""),
        (
            "Cách chấm",
            "Viết hoa hay thường, có dấu hay không dấu đều được; có thể thêm "
            "“; làm tròn 0,25”. Tỷ lệ tính theo phần trăm (0–100).",
        ),
    ]
    rows += [(form, text) for _, form, text in RULE_FORMS]
    rows += [
        ("", ""),
        (
            "Lưu ý",
            "Không nhập công thức: ô có công thức bị báo lỗi. Tệp có lỗi không được nhập "
            "dòng nào; hệ thống liệt kê mọi dòng lỗi để sửa một lần.",
        ),
    ]
    for row, (a, b) in enumerate(rows, start=1):
        cell = write_cell(ws, row, 1, a)
        if not b or a.startswith("Trang tính") or a in ("Cách chấm", "Lưu ý"):
            cell.font = _BOLD
        write_cell(ws, row, 2, b).alignment = _WRAP
    ws.column_dimensions["A"].width = 32
    ws.column_dimensions["B"].width = 100


def _save(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write_criteria(cset: CriteriaSet) -> bytes:
    """The set as a workbook (.xlsx bytes) that ``read_criteria`` reads back to an equal set."""
    wb = Workbook()
    _info_sheet(wb.active, _info_values(cset))  # type: ignore[arg-type]
    _items_sheet(wb.create_sheet(), cset)
    _guide_sheet(wb.create_sheet())
    return _save(wb)


def template_bytes() -> bytes:
    """The blank workbook the Office fills in: the keys, the headers and the guide sheet."""
    wb = Workbook()
    _info_sheet(wb.active, None)  # type: ignore[arg-type]
    _items_sheet(wb.create_sheet(), None)
    _guide_sheet(wb.create_sheet())
    return _save(wb)
