"""``cchc dossiers analyze`` as a user runs it; the JSON shape; the workbook."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime

import pytest
from openpyxl import load_workbook

from tests.core.dossiers.helpers import dossier, run

HEAD = "Mã hồ sơ,Đơn vị,Cán bộ xử lý,Hình thức nộp,Ngày nộp,Ngày tiếp nhận,Hạn trả,Ngày hoàn thành"
ROWS = [
    "H1,Phòng A,Lan,Trực tuyến toàn trình,03/03/2025 08:00,03/03/2025 09:00,10/03/2025 17:00,07/03/2025 10:00",  # noqa: E501
    "H2,Phòng A,Lan,Trực tiếp,03/03/2025 08:00,03/03/2025 08:00,05/03/2025 17:00,06/03/2025 10:00",
    "H3,Phòng B,Minh,Trực tuyến một phần,17/03/2025 08:00,,28/03/2025 17:00,",
    "H3,Phòng B,Minh,Trực tiếp,17/03/2025 08:00,,28/03/2025 17:00,",
]


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cchc.cli", "dossiers", "analyze", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def write(tmp_path, name="export.csv", rows=ROWS) -> str:
    path = tmp_path / name
    path.write_text("\n".join([HEAD, *rows]) + "\n", encoding="utf-8")
    return str(path)


def test_json_has_the_documented_shape(tmp_path):
    proc = cli(write(tmp_path), "--as-of", "2025-03-20T08:00", "--json", "--by", "unit,month")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data) >= {"as_of", "rows", "groups", "officers", "breaches", "rejected"}
    assert data["as_of"] == "2025-03-20T08:00:00"
    assert data["rows"] == {"read": 4, "rejected": 1}
    assert data["rejected"] == [
        {"row": 4, "dossier_id": "H3", "reason": "trùng mã hồ sơ với dòng 3 (giữ dòng đầu tiên)"}
    ]
    a = data["groups"][0]
    assert list(a)[:2] == ["unit", "month"]
    assert {k: a[k] for k in ("unit", "month", "received", "finished", "early", "late", "on_time_rate")} == {
        "unit": "Phòng A", "month": "2025-03", "received": 2, "finished": 2, "early": 1, "late": 1,
        "on_time_rate": 0.5,
    }  # fmt: skip
    assert a["progress_score_766"] == 10.0 and a["paid_online_share"] is None
    # H3 (online, not accepted): Mon 17/3 08:00 → Thu 20/3 08:00 = 9 + 8 + 8 + 1 = 26 h.
    assert {"dossier_id": "H3", "rule": "acceptance_8h"} in data["breaches"]
    assert {"dossier_id": "H2", "rule": "late_without_apology"} in data["breaches"]
    assert data["officers"] == [
        {"officer": "Lan", "month": "2025-03", "finished": 2, "early": 1, "on_time": 0, "late": 1,
         "late_ratio": 0.5, "eligible_good": False},
    ]  # fmt: skip


def test_summary_xlsx_period_and_several_files(tmp_path):
    out = tmp_path / "out.xlsx"
    second = write(tmp_path, "more.csv", [ROWS[0].replace("H1", "H9")])
    proc = cli(
        write(tmp_path), second, "--as-of", "2025-03-20T08:00", "--period", "2025-03", "--xlsx", str(out)
    )
    assert proc.returncode == 0, proc.stderr
    assert "Phòng A" in proc.stdout and "Đã đọc 5 dòng, loại 1 dòng." in proc.stdout
    wb = load_workbook(out)
    assert wb.sheetnames == ["Tổng quan", "Chỉ tiêu", "Cán bộ", "Vi phạm", "Dòng bị loại"]
    sheet = wb["Chỉ tiêu"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Đơn vị", "Tháng", "Tiếp nhận", "Đã giải quyết xong"]
    assert [c.value for c in sheet[2]][:4] == ["Phòng A", datetime(2025, 3, 1), 3, 3]
    assert sheet["B2"].number_format == "mm/yyyy"
    assert wb["Dòng bị loại"]["A2"].value == "export.csv"
    assert wb["Cán bộ"]["I2"].value == "Không"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["none.csv"], "none.csv"),
        (["bad.csv"], "Thiếu cột bắt buộc"),
        (["export.csv", "--by", "unit,color"], "color"),
        (["export.csv", "--period", "2025-13"], "2025-13"),
        (["export.csv", "--mapping", "nosuch"], "nosuch"),
    ],
)
def test_bad_input_exits_with_2_and_says_why(tmp_path, capsys, args, said):
    """In the process, as ``cchc`` runs it (the command's own start is tested below)."""
    from cchc.cli import main

    (tmp_path / "bad.csv").write_text("Mã hồ sơ,Đơn vị\nH1,A\n", encoding="utf-8")
    write(tmp_path)
    paths = [str(tmp_path / a) if a.endswith(".csv") else a for a in args]
    assert main(["dossiers", "analyze", *paths]) == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err


def test_bad_input_exits_with_2(tmp_path):
    # A department unknown to the database (or no database at all): a message, not a traceback.
    proc = cli(write(tmp_path), "--org", "khong-co-so-nay")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_write_xlsx_directly(tmp_path):
    r = run([dossier("A", finished_at=datetime(2025, 3, 11, 9))])
    r.write_xlsx(tmp_path / "r.xlsx")
    wb = load_workbook(tmp_path / "r.xlsx")
    assert wb["Vi phạm"]["A2"].value == "A"
    assert wb["Vi phạm"]["G2"].value == "Trễ hạn không có phiếu xin lỗi và hẹn lại ngày trả"
    assert "0.0%" in {c.number_format for c in wb["Chỉ tiêu"][2]}
