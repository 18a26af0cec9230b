"""Text that enters from an export is NFC whatever its encoding; a damaged byte costs only its
row; a typed column of the wrong kind is refused with its name (issue 9, items 2, 12, 11)."""

from __future__ import annotations

import io
import unicodedata
from datetime import datetime

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cchc.core.dossiers import DossierReadError, read_dossiers

HEAD = "Mã hồ sơ,Tên thủ tục,Đơn vị,Cán bộ xử lý,Hình thức nộp,Ngày nộp,Hạn trả,Ngày có kết quả"
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def legacy(text: str) -> bytes:
    """``text`` as a Windows-1258 export saves it: letters with a hat, horn or breve are
    single bytes, the tone mark a separate combining byte (Python's 'cp1258' codec)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            ch.encode("cp1258")
            out.append(ch)
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out.append(base + "".join(c for c in parts if c in TONES))
    return "".join(out).encode("cp1258")


def row(n: int, officer: str = "Hoàng Minh Đức", unit: str = "Phòng Quản lý Thương mại") -> str:
    return f"H{n},Cấp phép kinh doanh rượu,{unit},{officer},trực tiếp,04/03/2025 09:15,10/03/2025,"


def test_the_legacy_encoding_really_decomposes_tone_marks():
    decoded = legacy("Hoàng Minh Đức").decode("cp1258")
    assert decoded != unicodedata.normalize("NFC", decoded)


TEXT_COLUMNS = ("dossier_id", "procedure_name", "unit", "officer")


@pytest.mark.parametrize(
    ("encode", "name"),
    [
        pytest.param(lambda t: legacy(t), "ho-so.csv", id="cp1258 CSV"),
        pytest.param(
            lambda t: unicodedata.normalize("NFD", t).encode("utf-8"), "ho-so.csv", id="NFD UTF-8 CSV"
        ),
        pytest.param(
            lambda t: unicodedata.normalize("NFC", t).encode("utf-8"), "ho-so.csv", id="NFC UTF-8 CSV"
        ),
    ],
)
def test_every_text_column_is_nfc_whatever_the_encoding(encode, name):
    content = encode("\n".join([HEAD, row(1), row(2, unit="Văn phòng Sở"), ""]))
    r = read_dossiers(content, filename=name)
    assert r.rejected == []
    for rec in r.table.to_pylist():
        for column in TEXT_COLUMNS:
            assert rec[column] == unicodedata.normalize("NFC", rec[column]), column
    assert {rec["officer"] for rec in r.table.to_pylist()} == {"Hoàng Minh Đức"}


def test_a_parquet_dictionary_with_both_forms_gives_one_officer():
    composed = "Hoàng Minh Đức"
    officers = pa.array([composed, unicodedata.normalize("NFD", composed)] * 2).dictionary_encode()
    table = pa.table(
        {
            "Mã hồ sơ": ["H1", "H2", "H3", "H4"],
            "Cán bộ xử lý": officers,
            "Hình thức nộp": ["trực tiếp"] * 4,
            "Ngày nộp": ["04/03/2025 09:15"] * 4,
            "Hạn trả": ["10/03/2025"] * 4,
            "Ngày có kết quả": [None] * 4,
        }
    )
    buf = io.BytesIO()
    pq.write_table(table, buf)
    r = read_dossiers(buf.getvalue(), filename="ho-so.parquet")
    assert {o for o in r.table.column("officer").to_pylist()} == {composed}


def _damaged(encode, bad: bytes, rows_hit: tuple[int, ...]) -> bytes:
    lines = [encode(HEAD)] + [encode(row(n)) for n in range(1, 6)]
    for n in rows_hit:  # data row n is line n + 1 of the file
        lines[n] = lines[n].replace(encode("Cấp phép"), encode("Cấp ") + bad + encode("phép"))
    return b"\n".join(lines) + b"\n"


BAD_BYTES = [
    # encoding, the damaged byte, data rows hit
    pytest.param(lambda t: t.encode("utf-8"), b"\xff", (3,), id="UTF-8, one bad byte"),
    pytest.param(lambda t: t.encode("utf-8"), b"\xc3", (2, 5), id="UTF-8, a cut sequence on two rows"),
    pytest.param(legacy, b"\x81", (1,), id="cp1258, a byte it does not define"),
]


@pytest.mark.parametrize(("encode", "bad", "rows_hit"), BAD_BYTES)
def test_a_damaged_byte_rejects_its_row_only_named_by_its_line(encode, bad, rows_hit):
    r = read_dossiers(_damaged(encode, bad, rows_hit), filename="ho-so.csv")
    assert r.read == 5
    assert [x.row for x in r.rejected] == list(rows_hit)
    for rejected, n in zip(r.rejected, rows_hit, strict=True):
        assert "không đọc được theo bảng mã" in rejected.reason
        assert f"dòng {n + 1} của tệp" in rejected.reason
    kept = r.table.column("dossier_id").to_pylist()
    assert kept == [f"H{n}" for n in range(1, 6) if n not in rows_hit]
    assert {o for o in r.table.column("officer").to_pylist()} == {"Hoàng Minh Đức"}


def _parquet(**columns: pa.Array) -> bytes:
    base = {
        "Mã hồ sơ": pa.array(["H1", "H2"]),
        "Đơn vị": pa.array(["Phòng A", "Phòng B"]),
        "Hình thức nộp": pa.array(["trực tiếp", "trực tiếp"]),
        "Ngày nộp": pa.array(["04/03/2025 09:15", "05/03/2025 10:00"]),
        "Hạn trả": pa.array(["10/03/2025", "11/03/2025"]),
        "Ngày có kết quả": pa.array([None, None], pa.string()),
    }
    buf = io.BytesIO()
    pq.write_table(pa.table(base | columns), buf)
    return buf.getvalue()


WRONG_TYPES = [
    # the column replaced, its values, words the message must hold
    pytest.param(
        "Ngày nộp",
        pa.array([1741054500, 1741140000], pa.int64()),
        ("“Ngày nộp”", "số nguyên", "ngày giờ"),
        id="epoch seconds for a date",
    ),
    pytest.param(
        "Hạn trả",
        pa.array([86400 * 5, 86400 * 6], pa.duration("s")),
        ("“Hạn trả”", "khoảng thời gian", "ngày giờ"),
        id="a duration for the due date",
    ),
    pytest.param(
        "Đơn vị",
        pa.array([["Phòng A"], ["Phòng B", "Phòng C"]]),
        ("“Đơn vị”", "danh sách", "văn bản"),
        id="a list for the unit",
    ),
    pytest.param(
        "Mã hồ sơ",
        pa.array([["H1"], ["H2"]]),
        ("“Mã hồ sơ”", "danh sách", "văn bản"),
        id="a list for the id",
    ),
]


@pytest.mark.parametrize(("column", "values", "words"), WRONG_TYPES)
def test_a_typed_column_of_the_wrong_kind_is_refused_by_name(column, values, words):
    with pytest.raises(DossierReadError) as caught:
        read_dossiers(_parquet(**{column: values}), filename="ho-so.parquet")
    for w in words:
        assert w in caught.value.message


def test_typed_columns_of_the_right_kind_still_read():
    r = read_dossiers(
        _parquet(**{"Ngày nộp": pa.array([datetime(2025, 3, 4, 9, 15)] * 2, pa.timestamp("s"))}),
        filename="ho-so.parquet",
    )
    assert (r.read, r.rejected) == (2, [])
