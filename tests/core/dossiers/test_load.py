"""Reading exports: header spellings, formats, values, and every kind of bad row."""

from __future__ import annotations

import io
from datetime import datetime

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook

from cchc.core.dossiers import DossierReadError, combine, read_dossiers, read_pauses

D = datetime
HEAD = "Mã hồ sơ,Tên thủ tục,Đơn vị,Cán bộ xử lý,Hình thức nộp,Ngày nộp,Hạn trả,Ngày có kết quả"


def csv(*lines: str, head: str = HEAD) -> bytes:
    return ("\n".join([head, *lines]) + "\n").encode("utf-8")


def test_vietnamese_headers_and_values():
    data = csv(
        "H1,Cấp phép,Phòng A,Lan,Trực tuyến toàn trình,04/03/2025 09:15,10/03/2025,2025-03-07T15:00:00+07:00",
        "H2,Cấp phép,Phòng A,Lan,trực tiếp,2025-03-04 09:15:00,2025-03-10 16:00,",
        "H3,Cấp phép,Phòng A,Lan,BCCI,2025-03-04T02:15:00Z,2025-03-10,07/03/2025 8:05",
        "H4,Cấp phép,Phòng A,Lan,Trực tuyến một phần,4/3/2025 9:15,10/03/2025 17:00,",
    )
    r = read_dossiers(data, filename="x.csv")
    assert (r.read, r.rejected) == (4, [])
    rows = r.table.to_pylist()
    assert [x["channel"] for x in rows] == ["online_full", "direct", "postal", "online_partial"]
    assert rows[0]["submitted_at"] == D(2025, 3, 4, 9, 15)
    assert rows[0]["due_at"] == D(2025, 3, 10, 23, 59, 59)  # a date alone: the end of that day
    assert rows[0]["finished_at"] == D(2025, 3, 7, 15)
    assert rows[2]["submitted_at"] == D(2025, 3, 4, 9, 15)  # UTC converted to Vietnam time
    assert rows[2]["finished_at"] == D(2025, 3, 7, 8, 5)
    assert rows[1]["finished_at"] is None
    assert [x["source_row"] for x in rows] == [1, 2, 3, 4]


@pytest.mark.parametrize(
    "head",
    [
        "MÃ HỒ SƠ;Tên TTHC;Đơn vị xử lý;Người xử lý;Hình thức tiếp nhận;Ngày nộp hồ sơ;Ngày hẹn trả;Ngày hoàn thành",  # noqa: E501
        "ma ho so;ten thu tuc;don vi;can bo xu ly;hinh thuc nop;ngay nop;han tra;ngay co ket qua",
        "dossier_id;procedure_name;unit;officer;channel;submitted_at;due_at;finished_at",
        # "Ngày tiếp nhận" is the submission time when there is no "Ngày nộp" (fallback).
        "Số hồ sơ;Thủ tục;Cơ quan giải quyết;Cán bộ thụ lý;Kênh nộp;Ngày tiếp nhận;Hạn giải quyết;Ngày trả kết quả",  # noqa: E501
    ],
)
def test_header_spellings_and_delimiters(head):
    data = csv("H1;X;Phòng A;Lan;trực tiếp;04/03/2025 09:15;10/03/2025 17:00;07/03/2025 10:00", head=head)
    r = read_dossiers(data, filename="x.csv")
    assert r.rejected == []
    row = r.table.to_pylist()[0]
    assert (row["dossier_id"], row["unit"], row["officer"], row["submitted_at"]) == (
        "H1", "Phòng A", "Lan", D(2025, 3, 4, 9, 15)
    )  # fmt: skip


def test_title_rows_before_the_header_and_booleans():
    data = (
        "BÁO CÁO HỒ SƠ THÁNG 3/2025\n\n"
        + HEAD
        + ",Có phí,Thanh toán trực tuyến,Số hóa,Số lần bổ sung\n"
        + "H1,X,A,Lan,trực tiếp,04/03/2025 09:15,10/03/2025,,Có,không,x,2\n"
        + "H2,X,A,Lan,trực tiếp,04/03/2025 09:15,10/03/2025,,1,0,,\n"
        + "H3,X,A,Lan,trực tiếp,04/03/2025 09:15,10/03/2025,,true,FALSE,Không,0\n"
    ).encode()
    rows = read_dossiers(data, filename="x.csv").table.to_pylist()
    assert [
        (r["fee_required"], r["paid_online"], r["digitized"], r["supplement_requests"]) for r in rows
    ] == [
        (True, False, True, 2),
        (True, False, None, None),
        (True, False, False, 0),
    ]


def test_each_kind_of_bad_row_is_counted_and_explained():
    data = csv(
        "H1,X,A,Lan,trực tiếp,04/03/2025 09:15,10/03/2025,07/03/2025 10:00",
        "H2,X,A,Lan,trực tiếp,31/02/2025 09:15,10/03/2025,",  # impossible date
        "H3,X,A,Lan,trực tiếp,04/03/2025 09:15,10/03/2025,03/03/2025 10:00",  # finished before submitted
        "H4,X,A,Lan,fax,04/03/2025 09:15,10/03/2025,",  # unknown channel
        "H1,X,A,Lan,trực tiếp,05/03/2025 09:15,10/03/2025,",  # repeated id: the first is kept
        ",X,A,Lan,trực tiếp,04/03/2025 09:15,10/03/2025,",  # no id
        "H7,X,A,Lan,,04/03/2025 09:15,,",  # no channel, no due date
        "H8,X,A,Lan,trực tiếp,04/03/1890 09:15,10/03/2025,",  # a typing error in the year
    )
    r = read_dossiers(data, filename="x.csv")
    assert r.read == 8
    assert r.table.column("dossier_id").to_pylist() == ["H1"]
    assert r.table.column("submitted_at").to_pylist() == [D(2025, 3, 4, 9, 15)]
    got = {x.row: (x.dossier_id, x.reason) for x in r.rejected}
    assert sorted(got) == [2, 3, 4, 5, 6, 7, 8]
    assert "Ngày nộp (submitted_at)" in got[2][1] and "31/02/2025" in got[2][1]
    assert got[3] == ("H3", "ngày hoàn thành trước ngày nộp")
    assert "hình thức nộp không rõ “fax”" in got[4][1]
    assert got[5] == ("H1", "trùng mã hồ sơ với dòng 1 (giữ dòng đầu tiên)")
    assert got[6] == (None, "thiếu Mã hồ sơ (dossier_id)")
    assert "thiếu Hình thức nộp (channel)" in got[7][1] and "thiếu Hạn trả (due_at)" in got[7][1]
    assert "1990–2100" in got[8][1]


def test_a_row_with_too_many_cells_is_rejected_with_its_number():
    data = csv(
        "H1,X,A,Lan,trực tiếp,04/03/2025 09:15,10/03/2025,",
        "H2,X,A,Lan,trực tiếp,04/03/2025 09:15,10/03/2025,,extra",
        "H3,X,A,Lan,trực tiếp,04/03/2025 09:15,10/03/2025,",
    )
    r = read_dossiers(data, filename="x.csv")
    assert r.table.column("dossier_id").to_pylist() == ["H1", "H3"]
    assert [(x.row, x.reason) for x in r.rejected] == [(2, "Số ô của dòng (9) khác số cột tiêu đề (8)")]
    assert r.table.column("source_row").to_pylist() == [1, 3]


def test_missing_required_columns_name_them_and_the_headers_seen():
    with pytest.raises(DossierReadError) as exc:
        read_dossiers(b"Ma ho so,Don vi,Ngay nop\nH1,A,04/03/2025\n", filename="x.csv")
    msg = exc.value.message
    assert "Hình thức nộp (channel)" in msg and "Hạn trả (due_at)" in msg
    assert "“Ma ho so”, “Don vi”, “Ngay nop”" in msg


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"\xd0\xcf\x11\xe0 old excel", "x.xls", ".xls"),
        (b"%PDF-1.4", "x.pdf", "Không nhận ra định dạng"),
        (b"PK\x03\x04 broken zip", "x.xlsx", "Không đọc được tệp"),
        (b"hello world\nfoo\n", "x.csv", "Không tìm thấy dòng tiêu đề"),
    ],
)
def test_whole_file_problems(data, name, words):
    with pytest.raises(DossierReadError) as exc:
        read_dossiers(data, filename=name)
    assert words in exc.value.message


def test_xlsx_with_a_title_row_and_real_dates():
    wb = Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH HỒ SƠ"])
    ws.append(HEAD.split(","))
    ws.append(["H1", "X", "A", "Lan", "Trực tuyến toàn trình", D(2025, 3, 4, 9, 15), D(2025, 3, 10), None])
    ws.append([None] * 8)
    ws.append([1002, "X", "A", "Lan", "trực tiếp", "04/03/2025 10:00", "10/03/2025 16:00", D(2025, 3, 5, 9)])
    buf = io.BytesIO()
    wb.save(buf)
    r = read_dossiers(buf.getvalue(), filename="x.xlsx")
    rows = r.table.to_pylist()
    assert [x["dossier_id"] for x in rows] == ["H1", "1002"]
    assert rows[0]["due_at"] == D(2025, 3, 10, 23, 59, 59)
    assert rows[1]["finished_at"] == D(2025, 3, 5, 9)
    assert [x["source_row"] for x in rows] == [1, 3]


def test_parquet_typed_columns_and_a_mapping_file(tmp_path):
    table = pa.table(
        {
            "MaHoSo": ["H1", "H2"],
            "KenhThucHien": ["2", "1"],
            "NgayNopHoSo": pa.array([D(2025, 3, 4, 2, 15), D(2025, 3, 4, 3)], pa.timestamp("s", tz="UTC")),
            "NgayHenTra": ["20250310170000", "20250311170000"],
            "NgayKetThucXuLy": pa.array([None, D(2025, 3, 5, 9)], pa.timestamp("us")),
            "DonViXuLy": ["A", "B"],
        }
    )
    path = tmp_path / "export.parquet"
    pq.write_table(table, path)
    r = read_dossiers(path, mapping="dvcqg")
    rows = r.table.to_pylist()
    assert r.rejected == []
    assert [x["channel"] for x in rows] == ["online_partial", "direct"]
    assert rows[0]["submitted_at"] == D(2025, 3, 4, 9, 15)  # UTC+7
    assert rows[0]["due_at"] == D(2025, 3, 10, 17)
    custom = tmp_path / "mine.toml"
    custom.write_text('extends = "default"\n[dossiers]\nunit = ["DonViXuLy"]\n', encoding="utf-8")
    with pytest.raises(DossierReadError, match="Thiếu cột bắt buộc"):
        read_dossiers(path, mapping=custom)  # no channel/submitted/due headers known to it


def test_pauses_and_several_files():
    pauses = read_pauses(
        "Mã hồ sơ,Dừng từ,Dừng đến,Lý do,Có văn bản\nH1,04/03/2025 08:00,05/03/2025 08:00,Chờ bổ sung,có\n"
        "H1,06/03/2025 08:00,05/03/2025 08:00,,không\n".encode(),
        filename="p.csv",
    )
    assert pauses.table.num_rows == 1
    assert [(x.row, x.reason) for x in pauses.rejected] == [(2, "thời điểm hết dừng trước lúc bắt đầu dừng")]
    a = read_dossiers(csv("H1,X,A,Lan,trực tiếp,04/03/2025 09:15,10/03/2025,"), filename="a.csv")
    b = read_dossiers(
        csv(
            "H2,X,A,Lan,trực tiếp,04/03/2025 09:15,10/03/2025,", "H1,X,A,Lan,trực tiếp,04/03/2025,10/03/2025,"
        ),
        filename="b.csv",
    )
    both = combine([("a.csv", a), ("b.csv", b)])
    assert both.read == 3
    assert both.table.column("dossier_id").to_pylist() == ["H1", "H2"]
    assert [(x.file, x.row, x.dossier_id) for x in both.rejected] == [("b.csv", 2, "H1")]
    assert "dòng 1 của tệp a.csv" in both.rejected[0].reason
