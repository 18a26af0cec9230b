"""The generated Word document and Excel appendix say what the screens say: every figure of
the area and unit tables equals the board filtered on the report's window (and area or unit),
and the dossier table equals the dossier screens on the window's months."""

from __future__ import annotations

import io
from datetime import datetime
from itertools import cycle

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from cchc.dossiers import services as dossier_services
from cchc.dossiers.demo import generate
from cchc.plans.models import Task
from cchc.reporting import figures, files, services
from cchc.reporting.figures import STATUS_COLUMNS, Window
from cchc.tracking.models import Obligation, ObligationStatus
from tests.dom import dom, find, text
from tests.factories import sample_tasks
from tests.tracking.test_planning import confirm

S = ObligationStatus
pytestmark = pytest.mark.django_db


@pytest.fixture
def report(org, coordinator):
    plan = confirm(org, coordinator, sample_tasks())
    Task.objects.filter(plan=plan, section="II").update(area="procedures")
    statuses = cycle([S.DONE_EARLY, S.DONE_ON_TIME, S.OVERDUE, S.DONE_LATE, S.IN_PROGRESS, S.EXTENDED])
    for o in Obligation.objects.filter(plan=plan).order_by("due_date", "id"):
        Obligation.objects.filter(pk=o.pk).update(status=next(statuses))
    dossiers, pauses = generate(120, until=datetime(2026, 9, 30, 17), days=330, seed=7)
    dossier_services.upload_exports(
        org, coordinator, dossiers=dossier_services.ExportFile("ho-so.csv", dossiers),
        pauses=dossier_services.ExportFile("dung.csv", pauses),
    )  # fmt: skip
    return services.open_report(org, "quarter", "2026-Q3", coordinator)


def _word_table(doc, first_header: str) -> list[list[str]]:
    for table in doc.tables:
        rows = [[c.text.strip() for c in row.cells] for row in table.rows]
        if rows and rows[0][0] == first_header:
            return rows
    raise AssertionError(f"no table headed {first_header!r}")


def _board(client, query: dict[str, str]) -> dict[str, str]:
    page = dom(client.get(reverse("tracking:board"), query))
    count = "//li[@id='count-{}']//strong[@class='n']"
    on_board = {figures.heading(s): text(find(page, count.format(s.value))) for s in STATUS_COLUMNS}
    on_board["Tổng số"] = text(find(page, "//div[@id='stat-total']/span[@class='n']"))
    on_board["Tỷ lệ đúng hạn"] = text(find(page, "//div[@id='stat-on-time-rate']/span[@class='n']"))
    return on_board


def test_the_word_tables_are_the_boards_figures(coord_client, org, report):
    doc = Document(io.BytesIO(files.render(report, pdf=False).docx))
    window = Window(report.window_start, report.window_end)
    areas = {"Công tác chỉ đạo, điều hành": "direction", "Cải cách thủ tục hành chính": "procedures"}
    units = {u.name: u.code for u in org.units.all()}
    for first, key, values in (("Lĩnh vực", "linh_vuc", areas), ("Đơn vị", "don_vi", units)):
        rows = _word_table(doc, first)
        header, body, total = rows[0], rows[1:-1], rows[-1]
        assert total[0] == "Tổng cộng" and len(body) >= 2
        for row in [*body, total]:
            query = window.board_query() if row is total else window.board_query(**{key: str(values[row[0]])})
            board = _board(coord_client, query)
            shown = dict(zip(header, row, strict=True))
            assert {k: shown[k] for k in board} == board, row[0]


def test_the_appendix_has_the_same_figures_with_sum_formulas(org, report):
    rendered = files.render(report, pdf=False)
    doc = services.compose_document(report)
    area = next(t for t in doc.tables() if t.key == "status_by_area")
    book = load_workbook(io.BytesIO(rendered.xlsx))
    sheet = next(
        ws
        for ws in book.worksheets
        if any(c.value == "Lĩnh vực" for row in ws.iter_rows(max_row=8) for c in row)
    )
    header_row = next(r for r in sheet.iter_rows(max_row=8) if r[0].value == "Lĩnh vực")
    first = header_row[0].row + 1
    for i, row in enumerate(area.rows):
        cells = [c.value for c in sheet[first + i]][: len(row)]
        assert cells[:-1] == list(row[:-1])  # label and counts as numbers
    total = [c.value for c in sheet[first + len(area.rows)]]
    assert total[0] == "Tổng cộng" and str(total[1]).startswith("=SUM(")


def test_the_dossier_table_is_the_dossier_screens_on_the_windows_months(coord_client, org, report):
    doc = Document(io.BytesIO(files.render(report, pdf=False).docx))
    rows = {r[0]: r for r in _word_table(doc, "Chỉ số")[1:]}
    first, last = Window(report.window_start, report.window_end).dossier_months()
    assert (first, last) == ("2025-12", "2026-08")
    page = dom(coord_client.get(reverse("dossiers:indicators"), {"tu_thang": first, "den_thang": last}))
    screen = {
        key: text(find(page, f"//div[@id='{key}']/span[@class='n']"))
        for key in ("stat-received", "stat-finished")
    }
    assert rows["Hồ sơ tiếp nhận"][1] == screen["stat-received"] != "0"
    assert rows["Hồ sơ đã giải quyết"][1] == screen["stat-finished"]
    rate = text(find(page, "//div[@id='stat-on-time-rate']/span[@class='n']"))
    assert rows["Tỷ lệ hồ sơ giải quyết đúng hạn"][2] == rate
