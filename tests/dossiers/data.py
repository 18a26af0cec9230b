"""Hand-made exports with outcomes computed by hand (no pauses unless said; no holidays near).

As of 15/04/2026 10:00:

| id | unit | officer | channel | received | due | finished | outcome | breach |
|---|---|---|---|---|---|---|---|---|
| D1 | QLTM | An | online_full | 02/03 | 10/03 | 09/03 | early | |
| D2 | QLTM | An | online_full | 03/03 | 11/03 | 11/03 | on time | |
| D3 | QLTM | An | direct | 04/03 | 12/03 | 13/03 | late | late_without_apology |
| D4 | QLTM | Bình | online_partial | 05/03 | 20/03 | 02/04 | late | acceptance_8h (17 working hours) |
| D5 | QLCN | Chi | postal | 10/03 | 24/03 | 24/03 | on time | |
| D6 | QLCN | Chi | online_full | 01/04 | 10/04 | — | overdue | late_without_apology |
| D7 | QLCN | Chi | online_full | 06/04 | 20/04 | — | open | |
| D8 | QLTM | Bình | direct | 02/04 | 08/04 | 07/04 | early | supplement_more_than_once |
"""

from __future__ import annotations

from datetime import datetime

QLTM = "Phòng Quản lý Thương mại"
QLCN = "Phòng Quản lý Công nghiệp"
AS_OF = datetime(2026, 4, 15, 10, 0)

HEADER = (
    "Mã hồ sơ,Tên thủ tục,Đơn vị xử lý,Cán bộ xử lý,Hình thức nộp,Ngày nộp,Ngày tiếp nhận,Hạn trả,"
    "Ngày hoàn thành,Số lần yêu cầu bổ sung,Ngày xin lỗi,Có phí,Thanh toán trực tuyến,Bưu chính công ích,"
    "Số hóa hồ sơ,Số hóa kết quả"
)
ROWS = {
    "D1": f"D1,Bán lẻ rượu,{QLTM},An,Trực tuyến toàn trình,02/03/2026 08:00,02/03/2026 09:00,"
    "10/03/2026 17:00,09/03/2026 10:00,0,,Có,Có,Không,Có,Có",
    "D2": f"D2,Bán lẻ rượu,{QLTM},An,Trực tuyến toàn trình,03/03/2026 08:00,03/03/2026 08:30,"
    "11/03/2026 17:00,11/03/2026 15:00,0,,Có,Không,Không,Có,Có",
    "D3": f"D3,Bán lẻ rượu,{QLTM},An,Trực tiếp,04/03/2026 09:00,04/03/2026 09:00,12/03/2026 17:00,"
    "13/03/2026 09:00,0,,Không,Không,Không,Không,Không",
    "D4": f"D4,Xăng dầu,{QLTM},Bình,Trực tuyến một phần,05/03/2026 08:00,09/03/2026 09:00,20/03/2026 17:00,"
    "02/04/2026 10:00,0,18/03/2026 09:00,Không,Không,Không,Có,Có",
    "D5": f"D5,Hóa chất,{QLCN},Chi,Bưu chính,10/03/2026 10:00,10/03/2026 10:00,24/03/2026 17:00,"
    "24/03/2026 09:00,0,,Có,Không,Có,Có,Không",
    "D6": f"D6,Hóa chất,{QLCN},Chi,Trực tuyến toàn trình,01/04/2026 08:00,01/04/2026 08:10,10/04/2026 17:00,"
    ",0,,Không,Không,Không,Có,Không",
    "D7": f"D7,Hóa chất,{QLCN},Chi,Trực tuyến toàn trình,06/04/2026 08:00,06/04/2026 08:30,20/04/2026 17:00,"
    ",0,,Không,Không,Không,Có,Không",
    "D8": f"D8,Xăng dầu,{QLTM},Bình,Trực tiếp,02/04/2026 08:00,02/04/2026 08:00,08/04/2026 17:00,"
    "07/04/2026 10:00,2,,Không,Không,Không,Có,Có",
}
# D5 as a later export has it: finished a day after its due date (late now).
D5_LATE = ROWS["D5"].replace("24/03/2026 09:00", "25/03/2026 09:00")


def export(*ids: str, replace: dict[str, str] | None = None) -> bytes:
    rows = [(replace or {}).get(i, ROWS[i]) for i in ids]
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


ALL = tuple(ROWS)
