"""Two uploads of one department at the same time (PostgreSQL): they run one after the other
(the department's row is locked), so the overlap is replaced once and nothing is lost."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from cchc.dossiers import services
from cchc.dossiers.models import Dossier, DossierUpload
from tests.dossiers import data

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://…)")


def test_concurrent_overlapping_uploads_serialise(org, coordinator):
    files = [
        services.ExportFile("thang-3.csv", data.export("D1", "D2", "D3", "D4", "D5")),
        services.ExportFile("thang-4.csv", data.export("D4", "D5", "D6", "D7", "D8")),
    ]
    start, errors = threading.Barrier(2), []

    def run(file: services.ExportFile) -> None:
        try:
            start.wait()
            services.upload_exports(org, coordinator, dossiers=file, now=data.AS_OF)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(f,)) for f in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert Dossier.objects.filter(organisation=org).count() == 8
    counts = sorted(DossierUpload.objects.values_list("rows_new", "rows_replaced"))
    assert counts == [(3, 2), (5, 0)]  # whichever came second replaced the two shared dossiers
    assert Dossier.objects.exclude(outcome="").count() == 8  # the last analysis saw all of them
