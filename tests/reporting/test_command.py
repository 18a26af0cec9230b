"""``cchc report build`` as a person runs it: the files written and kept with the report; a
bad period or an unknown department exits 2 with a message. (The management command is called
in the process with ``call_command``: Django's command line closes the database connections
when it ends, the test's own among them.)"""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

from cchc import cli
from cchc.reporting.models import GeneratedFile, UpwardReport
from tests.factories import sample_tasks
from tests.tracking.test_planning import confirm

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(org, coordinator):
    return confirm(org, coordinator, sample_tasks())


def test_cchc_report_build_runs_the_build_report_command(monkeypatch):
    seen: list[list[str]] = []
    monkeypatch.setattr(cli, "_django", lambda argv: seen.append(argv) or 0)
    args = ["report", "build", "--org", "sct", "--kind", "quarter", "--period", "2026-Q3", "--out", "a.docx"]
    assert cli.main([*args, "--xlsx", "b.xlsx", "--pdf", "c.pdf", "--refresh"]) == 0
    assert seen == [
        ["build_report", "--org", "sct", "--kind", "quarter", "--period", "2026-Q3", "--out", "a.docx",
         "--xlsx", "b.xlsx", "--pdf", "c.pdf", "--refresh"]
    ]  # fmt: skip


def test_a_quarter_report_is_built_with_its_appendix(org, plan, tmp_path, capsys):
    out, xlsx = tmp_path / "bao-cao.docx", tmp_path / "phu-luc.xlsx"
    call_command("build_report", "--org", org.code, "--kind", "quarter", "--period", "2026-Q3",
                 "--out", str(out), "--xlsx", str(xlsx))  # fmt: skip
    said = capsys.readouterr().out
    assert (
        f"Đã ghi {out}" in said
        and "Báo cáo CCHC quý III năm 2026: số liệu từ 15/12/2025 đến 14/09/2026" in said
    )
    body = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "Kết quả thực hiện công tác cải cách hành chính quý III năm 2026" in body
    assert load_workbook(xlsx).sheetnames
    report = UpwardReport.objects.get()
    assert sorted(GeneratedFile.objects.filter(report=report).values_list("format", flat=True)) == [
        "docx",
        "xlsx",
    ]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--org", "sct-test", "--kind", "quarter", "--period", "2026-Q5"], "2026-Q3"),
        (["--org", "sct-test", "--kind", "quy", "--period", "2026-Q1"], "Loại báo cáo không đúng"),
        (["--org", "khong-co", "--kind", "year", "--period", "2026"], "Không có Sở mã “khong-co”"),
        (["--org", "sct-test", "--kind", "plan", "--period", "999999"], "Không có kế hoạch"),
    ],
)
def test_bad_input_exits_2_with_a_message(org, tmp_path, args, said):
    with pytest.raises(CommandError) as caught:
        call_command("build_report", *args, "--out", str(tmp_path / "x.docx"))
    assert caught.value.returncode == 2 and said in str(caught.value)
    assert not (tmp_path / "x.docx").exists() and not UpwardReport.objects.exists()
