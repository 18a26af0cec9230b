"""A reproducible generator of plan documents in the samples' text format.

Used by the benchmarks to measure how parsing cost grows with the number of rows. The
text is written from word lists here (no sample document is copied): sections, group
rows with sub-tasks, unit cells mixing units and instructions, varied schedules, HTML
remnants, page breaks that repeat the header and cut a cell into a continuation row.
"""

from __future__ import annotations

import random

HEADER = "TT\tNhiệm vụ cụ thể\tTiến độ\tĐơn vị thực hiện\tĐơn vị phối hợp\tKết quả/sản phẩm\tGhi chú"
SECTIONS = [
    "CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH",
    "CẢI CÁCH THỂ CHẾ",
    "CẢI CÁCH THỦ TỤC HÀNH CHÍNH",
    "CẢI CÁCH TỔ CHỨC BỘ MÁY",
    "CẢI CÁCH CHẾ ĐỘ CÔNG VỤ",
    "CẢI CÁCH TÀI CHÍNH CÔNG",
    "XÂY DỰNG CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ",
    "NÂNG CAO CHỈ SỐ HÀI LÒNG",
]
VERBS = ["Rà soát", "Tổ chức", "Triển khai", "Kiểm tra", "Cập nhật", "Xây dựng", "Công khai", "Theo dõi"]
OBJECTS = [
    "quy trình nội bộ giải quyết thủ tục hành chính",
    "hồ sơ trực tuyến toàn trình",
    "kế hoạch tuyên truyền cải cách hành chính",
    "danh mục văn bản quy phạm pháp luật",
    "việc số hóa kết quả giải quyết hồ sơ",
    "kết quả đánh giá công chức hàng tháng",
    "thông tin trên Trang thông tin điện tử của Sở",
    "việc tiếp nhận phản ánh, kiến nghị",
]
LEADS = [
    "Văn phòng Sở",
    "Thanh tra Sở",
    "Các phòng chuyên môn",
    "Phòng Quản lý Thương mại",
    "Các phòng, đơn vị thuộc và trực thuộc Sở thường xuyên theo dõi, cập nhật kết quả",
    "Trung tâm Khuyến công và Xúc tiến thương mại",
    "Chi cục QLTT",
    "TTKC và XTTM",
    "Văn phòng sở chủ trì; các phòng, đơn vị thuộc sở phối hợp.",
]
COORDS = ["", "Văn phòng Sở theo dõi, đôn đốc", "Các phòng, đơn vị thuộc và trực thuộc Sở", "Sở Nội vụ"]
SCHEDULES = [
    "Thường xuyên",
    "Trong năm {y}",
    "Trước ngày 30/11/{y}",
    "Quý III, IV",
    "Định kỳ hàng tháng",
    "Tháng 6, tháng 12",
    "Trong 06 tháng đầu năm {y}",
    "Báo cáo 6 tháng (trước ngày 10/6), báo cáo năm (trước ngày 10/11)",
    "Trong vòng 05 ngày kể từ ngày có quyết định công bố",
    "Theo yêu cầu của Sở Tài chính",
]
PRODUCTS = [
    "Báo cáo kết quả thực hiện",
    "100% hồ sơ được giải quyết đúng hạn",
    "Tỷ lệ hồ sơ trực tuyến toàn trình đạt từ 70%",
    '<ul style="list-style-type: none"> - Kế hoạch - Báo cáo </ul>',
    "Mức độ hài lòng đạt trên 90%",
    "Có ít nhất 02 sáng kiến được công nhận",
    "Quyết định công bố",
]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]


def generate(rows: int, *, seed: int = 7, year: int = 2026, page_rows: int = 9) -> str:
    """A plan with about ``rows`` table rows (tasks, groups, sections, continuations)."""
    rnd = random.Random(seed)
    out = [
        "Số: 99/KH-SCT\tHòa Bình Xanh, ngày 10 tháng 01 năm {y}".replace("\t", "    ").format(y=year),
        "",
        "KẾ HOẠCH",
        f"Cải cách hành chính năm {year} của Sở Công Thương",
        "",
        "- Định kỳ vào ngày 25 hàng tháng, các phòng, đơn vị báo cáo kết quả về Văn phòng Sở.",
        "",
        "PHỤ LỤC",
        HEADER,
    ]
    written = 0
    section = -1
    task_no = 0
    on_page = 0
    while written < rows:
        if section < 0 or (task_no >= 8 and rnd.random() < 0.3):
            section += 1
            task_no = 0
            out.append(f"{ROMAN[section % len(ROMAN)]}\t{SECTIONS[section % len(SECTIONS)]}\t\t\t\t\t")
            written += 1
        task_no += 1
        if rnd.random() < 0.15:
            out.append(f"{task_no}\t{rnd.choice(VERBS)} nhóm nhiệm vụ {rnd.choice(OBJECTS)}\t\t\t\t\t")
            written += 1
            subs = rnd.randint(2, 4)
            for k in range(1, subs + 1):
                out.append(_task_row(rnd, f"{task_no}.{k}", year))
                written += 1
        else:
            out.append(_task_row(rnd, str(task_no), year))
            written += 1
        on_page += 1
        if on_page >= page_rows:
            on_page = 0
            # A page break: the header repeats and the last product cell continues.
            out += ["", HEADER, "\t\t\t\t\tđược cập nhật trên phần mềm theo quy định\t"]
            written += 1
    out += ["", "GIÁM ĐỐC"]
    return "\n".join(out) + "\n"


def _task_row(rnd: random.Random, number: str, year: int) -> str:
    task = f"{rnd.choice(VERBS)} {rnd.choice(OBJECTS)} <i>năm {year}</i>"
    return "\t".join(
        [
            number,
            task,
            rnd.choice(SCHEDULES).format(y=year),
            rnd.choice(LEADS),
            rnd.choice(COORDS),
            rnd.choice(PRODUCTS),
            "",
        ]
    )
