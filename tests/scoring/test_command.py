"""``cchc score``: a criteria workbook imported whole or not at all (every bad row printed, exit
2), exported back, the year's assessment opened and shown as the issue's JSON."""

from __future__ import annotations

import io
import json
from datetime import date

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from cchc.cli import build_parser
from cchc.core.scoring import read_criteria, write_criteria
from cchc.scoring.models import Assessment, CriteriaSet
from tests.scoring.conftest import small_set

pytestmark = pytest.mark.django_db


def run(*argv: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("score", *argv, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_export_round_trip(org, tmp_path):
    path = tmp_path / "bo-tieu-chi.xlsx"
    path.write_bytes(write_criteria(small_set("Tỉnh Trong Tệp", 2025)))
    out, err = run("import-criteria", str(path), "--org", org.code, "--year", "2026")
    assert "Đã nhập “Bộ tiêu chí thử nghiệm 2025” (11 mục)" in out
    assert "tệp ghi năm 2025" in err  # the command's year wins, and says so
    cset = CriteriaSet.objects.get()
    assert (cset.province, cset.year) == (org.province, 2026)  # the department's province
    assert list(cset.items.values_list("code", flat=True)) == [i.code for i in small_set().items]
    run("export-criteria", "--org", org.code, "--year", "2026", "--out", str(tmp_path / "out.xlsx"))
    back = read_criteria(tmp_path / "out.xlsx")
    assert back.items == small_set(org.province, 2026).items


def _bad_workbook(path) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(write_criteria(small_set())))
    ws = wb["Tiêu chí"]
    header = [c.value for c in ws[1]]
    col = {name: header.index(name) + 1 for name in header if name}
    ws.cell(3, col["Cấp"], "Hạng mục")  # not a level
    ws.cell(4, col["Điểm tối đa"], "ba")  # not a number
    ws.cell(5, col["Nguồn số liệu"], "khong.co")  # no such source
    ws.cell(6, col["Cách chấm"], "bậc: abc")  # not a rule
    wb.save(path)


def test_a_bad_workbook_lists_every_bad_row_and_imports_nothing(org, tmp_path):
    path = tmp_path / "sai.xlsx"
    _bad_workbook(path)
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("score", "import-criteria", str(path), "--org", org.code, "--year", "2026", stderr=err)
    assert caught.value.returncode == 2
    assert "Không nhập gì" in str(caught.value)
    lines = err.getvalue().splitlines()
    assert {line.split(",")[0] for line in lines} >= {"dòng 3", "dòng 4", "dòng 5", "dòng 6"}
    assert not CriteriaSet.objects.exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["import-criteria", "/khong/co.xlsx", "--org", "sct-test", "--year", "2026"], "Không tìm thấy tệp"),
        (["import-criteria", "/khong/co.xlsx", "--org", "khong-co", "--year", "2026"], "Không có Sở mã"),
        (["show", "--org", "sct-test", "--year", "2026"], "chưa mở kỳ tự đánh giá năm 2026"),
        (
            ["open", "--org", "sct-test", "--year", "2026", "--due", "20/12/2026"],
            "Chưa có bộ tiêu chí năm 2026",
        ),
        (
            ["open", "--org", "sct-test", "--year", "2026", "--due", "2026-13-40"],
            "Ngày “2026-13-40” không đúng",
        ),
        (
            ["export-criteria", "--org", "sct-test", "--year", "2030", "--out", "/tmp/x.xlsx"],
            "Chưa có bộ tiêu chí",
        ),
    ],
)
def test_bad_requests_say_what_to_do(org, argv, message):
    with pytest.raises(CommandError, match=message) as caught:
        run(*argv)
    assert caught.value.returncode == 2


def test_importing_over_a_set_in_use_is_refused(org, tmp_path):
    path = tmp_path / "bo.xlsx"
    path.write_bytes(write_criteria(small_set(org.province)))
    run("import-criteria", str(path), "--org", org.code, "--year", "2026")
    with pytest.raises(CommandError, match="--replace"):
        run("import-criteria", str(path), "--org", org.code, "--year", "2026")
    run("import-criteria", str(path), "--org", org.code, "--year", "2026", "--replace")
    run("open", "--org", org.code, "--year", "2026", "--due", "20/12/2026")
    with pytest.raises(CommandError, match="đã được dùng để tự đánh giá"):
        run("import-criteria", str(path), "--org", org.code, "--year", "2026", "--replace")
    assert Assessment.objects.get().self_due == date(2026, 12, 20)


@pytest.mark.one_run("sqlite")
def test_show_json_for_the_demo_department(settings):
    from cchc.demo.seed import DEMO_ORG_CODE, seed_demo

    today = date(2026, 11, 16)
    seed_demo(with_history=False, today=today)
    out, _ = run("show", "--org", DEMO_ORG_CODE, "--year", "2026", "--json")
    data = json.loads(out)
    assert set(data) >= {"org", "year", "set", "items", "bonus", "penalty", "totals"}
    assert data["org"] == DEMO_ORG_CODE and data["year"] == 2026
    assert "(điểm minh họa)" in data["set"]["title"] and data["set"]["illustrative"] is True
    levels = {i["level"] for i in data["items"]}
    assert levels == {"area", "criterion", "sub"}
    sourced = [i for i in data["items"] if i["source"]]
    assert {i["source"]["kind"] for i in sourced} >= {"tracking", "dossiers", "officers", "tasks"}
    assert all(set(i["source"]) >= {"kind", "metric", "value", "period"} for i in sourced)
    # The demo's dossiers give values: the on-time rate is measured.
    on_time = next(
        i for i in sourced if i["source"]["metric"] == "on_time" and i["source"]["kind"] == "dossiers"
    )
    assert on_time["source"]["value"] is not None and on_time["proposed"] is not None
    assert set(data["totals"]) == {"max", "proposed", "self", "appraised", "final"}
    assert data["bonus"]["cap"] == 1 and data["penalty"]["cap"] == 2
    text, _ = run("show", "--org", DEMO_ORG_CODE, "--year", "2026")
    assert text.splitlines()[0].startswith("Bộ tiêu chí đánh giá Chỉ số CCHC")


def test_the_cchc_command_passes_score_to_the_management_command():
    args = build_parser().parse_args(["score", "show", "--org", "sct-demo", "--year", "2026", "--json"])
    assert args.args == ["show", "--org", "sct-demo", "--year", "2026", "--json"]
