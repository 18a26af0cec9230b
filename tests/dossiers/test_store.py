"""The set-based store (``dossiers.store``): what the temporary-table statements write is what
the ORM would have written, a replaced dossier keeps its row and loses the breaches it no
longer has, and the stored rows read back as the reader produced them."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from cchc.core.dossiers import read_dossiers
from cchc.dossiers import bridge
from cchc.dossiers.models import Dossier, DossierBreach
from tests.dossiers import data
from tests.dossiers.conftest import upload

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def test_a_stored_dossier_has_the_values_the_orm_would_store(org, loaded):
    d4 = Dossier.objects.get(organisation=org, dossier_id="D4")
    assert (d4.submitted_at, d4.accepted_at, d4.due_at) == (
        datetime(2026, 3, 5, 8, 0, tzinfo=HCM),
        datetime(2026, 3, 9, 9, 0, tzinfo=HCM),
        datetime(2026, 3, 20, 17, 0, tzinfo=HCM),
    )
    assert (d4.finished_at, d4.apology_at, d4.returned_at) == (
        datetime(2026, 4, 2, 10, 0, tzinfo=HCM),
        datetime(2026, 3, 18, 9, 0, tzinfo=HCM),
        None,
    )
    assert (d4.procedure_name, d4.unit, d4.officer, d4.channel) == (
        "Xăng dầu",
        data.QLTM,
        "Bình",
        "online_partial",
    )
    assert (d4.unit_ref.code, d4.supplement_requests, d4.reschedules) == ("QLTM", 0, 0)
    assert (d4.fee_required, d4.paid_online, d4.postal, d4.digitized, d4.result_digitized) == (
        False, False, False, True, True
    )  # fmt: skip
    assert (d4.outcome, d4.submitted_month, d4.finished_month) == ("late", "2026-03", "2026-04")
    assert d4.effective_due_at == datetime(2026, 3, 20, 17, 0, tzinfo=HCM)
    assert d4.upload_id == loaded.uploads[0].pk


def test_the_stored_rows_read_back_as_the_reader_produced_them(org, loaded):
    read = read_dossiers(data.export(*data.ALL), filename="ho-so.csv").table
    columns = [c for c in bridge.DOSSIER_COLUMNS if c in read.column_names]
    back = bridge.dossiers_table(org, read.schema)

    def stored(column: str, value):
        """What a column the export lacks is stored as: no text, no count, no."""
        if value is not None or column in bridge.TIMESTAMPS:
            return value
        return "" if column in bridge.TEXTS else 0 if column in bridge.INTS else False

    def rows(table):
        out = [{k: stored(k, v) for k, v in r.items()} for r in table.select(columns).to_pylist()]
        return sorted(out, key=lambda r: r["dossier_id"])

    assert rows(back) == rows(read)


REUPLOADS = [
    # the changed row, (outcome, breaches) of that dossier afterwards
    pytest.param(
        "D3",
        data.ROWS["D3"].replace("13/03/2026 09:00", "12/03/2026 09:00"),
        ("on_time", set()),
        id="late, then on time: its breach goes",
    ),
    pytest.param(
        "D5", data.D5_LATE, ("late", {"late_without_apology"}), id="on time, then late: a breach comes"
    ),
    pytest.param("D1", data.ROWS["D1"], ("early", set()), id="the same row: nothing changes"),
]


@pytest.mark.parametrize(("dossier_id", "row", "expected"), REUPLOADS)
def test_a_replaced_dossier_keeps_its_row_and_gets_its_new_outcome_and_breaches(
    org, coordinator, loaded, dossier_id, row, expected
):
    pk = Dossier.objects.get(organisation=org, dossier_id=dossier_id).pk
    upload(org, coordinator, data.export(dossier_id, replace={dossier_id: row}), "sau.csv")
    again = Dossier.objects.get(organisation=org, dossier_id=dossier_id)
    rules = set(DossierBreach.objects.filter(dossier=again).values_list("rule", flat=True))
    assert (again.pk, (again.outcome, rules)) == (pk, expected)
    assert Dossier.objects.filter(organisation=org).count() == 8
