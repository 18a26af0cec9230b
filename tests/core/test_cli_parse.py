"""``cchc plan parse`` as a user runs it: output, and bad input with a clear message."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile

import pytest

from tests.paths import PLANS_DIR


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cchc.cli", *args], capture_output=True, text=True, check=False
    )


def test_json_output_has_the_documented_shape():
    proc = run("plan", "parse", str(PLANS_DIR / "quangtri-sct-2025-h2-cchc-plan.txt"), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data) >= {"plan", "tasks", "warnings"}
    assert data["plan"]["period"] == {"start": "2025-07-01", "end": "2025-12-31"}
    first = data["tasks"][0]
    for key in (
        "section",
        "section_title",
        "area",
        "number",
        "parent",
        "is_group",
        "task",
        "lead_units",
        "coordinating_units",
        "method",
        "schedule",
        "product",
        "note",
        "budget",
        "targets",
        "source_rows",
    ):
        assert key in first
    assert set(first["schedule"]) >= {"text", "due", "recurrence", "trigger", "kind", "warnings"}
    assert first["schedule"]["due"] == ["2025-07-31"]
    # The out-of-period deadline "trước ngày 07/6" of the half-year plan is kept and flagged.
    assert any("07/06/2025" in w for w in data["warnings"])


def test_human_summary_without_json():
    proc = run("plan", "parse", str(PLANS_DIR / "khanhhoa-sct-2025-sipas-appendix.txt"))
    assert proc.returncode == 0, proc.stderr
    assert "23/KH-SCT" in proc.stdout and "16 nhiệm vụ" in proc.stdout


def test_year_option_sets_the_period_of_a_plan_that_does_not_say(tmp_path):
    text = (
        "KẾ HOẠCH\nCải cách hành chính\nTT\tNhiệm vụ\tThời gian\tChủ trì\n1\tViệc một\tQuý IV\tVăn phòng Sở\n"
    )
    f = tmp_path / "plan.txt"
    f.write_text(text, encoding="utf-8")
    data = json.loads(run("plan", "parse", str(f), "--year", "2027", "--json").stdout)
    assert data["tasks"][0]["schedule"]["due"] == ["2027-12-31"]


def _corrupt_docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "this is not xml <<<")
    return buf.getvalue()


def _scanned_pdf(path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    pdf.output(str(path))


@pytest.mark.parametrize(
    ("name", "make", "needle"),
    [
        ("empty.docx", lambda p: p.write_bytes(b""), "rỗng"),
        ("blank.txt", lambda p: p.write_text("   \n\n  ", encoding="utf-8"), "rỗng"),
        (
            "notable.txt",
            lambda p: p.write_text("KẾ HOẠCH\nCải cách hành chính năm 2025\n", encoding="utf-8"),
            "Không tìm thấy bảng nhiệm vụ",
        ),
        ("broken.docx", lambda p: p.write_bytes(_corrupt_docx()), "hỏng"),
        ("scan.pdf", _scanned_pdf, "không có lớp chữ"),
        ("random.bin", lambda p: p.write_bytes(bytes(range(256)) * 64), "không"),
        ("old.doc", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), ".docx"),
    ],
)
def test_bad_input_exits_non_zero_with_a_message_and_no_traceback(tmp_path, name, make, needle):
    path = tmp_path / name
    make(path)
    proc = run("plan", "parse", str(path), "--json")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert needle.lower() in proc.stderr.lower()


def test_a_50_mb_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    proc = run("plan", "parse", str(path))
    assert proc.returncode == 2 and "quá lớn" in proc.stderr and "Traceback" not in proc.stderr


def test_missing_file(tmp_path):
    proc = run("plan", "parse", str(tmp_path / "nope.docx"))
    assert proc.returncode == 2 and "không tìm thấy tệp" in proc.stderr
