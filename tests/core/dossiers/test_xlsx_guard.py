"""A dossier export in .xlsx that expands to too much is refused from its zip directory,
before openpyxl decompresses anything (issue 9, item 10); a real export still reads."""

from __future__ import annotations

import io
import time
import tracemalloc
from datetime import datetime

import pytest
from openpyxl import Workbook

from cchc.core.dossiers import DossierReadError, read_dossiers
from cchc.core.dossiers.readers import XLSX_LIMITS
from tests import hostile_files as hf

HEAD = [
    "Mã hồ sơ",
    "Tên thủ tục",
    "Đơn vị",
    "Cán bộ xử lý",
    "Hình thức nộp",
    "Ngày nộp",
    "Hạn trả",
    "Ngày có kết quả",
]


def export(rows: int = 2) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(HEAD)
    for i in range(rows):
        ws.append(
            [f"H{i}", "X", "A", "Lan", "trực tiếp", datetime(2025, 3, 4, 9), datetime(2025, 3, 10), None]
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("blanks_mb", "refused"),
    [
        (0, False),
        (3, False),  # a small member: its ratio is not looked at
        (300, True),  # 300 MB of blanks in a 300 KB member: a bomb
    ],
)
def test_a_dossier_xlsx_that_inflates_is_refused_before_it_is_read(blanks_mb, refused):
    # The sheet padded with blanks before its root: valid XML that openpyxl would parse to the end.
    data = hf.with_members(export(), {}, padded={"xl/worksheets/sheet1.xml": blanks_mb * hf.MB})
    if refused:
        tracemalloc.start()
        started = time.perf_counter()
        with pytest.raises(DossierReadError) as raised:
            read_dossiers(data, filename="ho-so.xlsx")
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert "giải nén" in raised.value.message
        assert time.perf_counter() - started < 5
        assert peak < 64 * hf.MB
    else:
        assert [r["dossier_id"] for r in read_dossiers(data, filename="ho-so.xlsx").table.to_pylist()] == [
            "H0",
            "H1",
        ]


def test_a_dossier_xlsx_past_the_total_is_refused(tmp_path):
    # Read from a path too (the command line): the guard opens the file itself.
    path = tmp_path / "ho-so.xlsx"
    path.write_bytes(hf.with_members(export(), {}, {"xl/media/image1.png": 8 * hf.MB}))
    from cchc.core.dossiers import readers
    from cchc.core.zipguard import ZipLimits

    with pytest.raises(DossierReadError, match="giải nén"):
        readers._read_xlsx(path, {}, ZipLimits(max_total_bytes=4 * hf.MB, max_ratio=10_000))
    assert XLSX_LIMITS.max_total_bytes >= 1024 * hf.MB  # a year of dossiers fits
