"""Two people uploading overlapping exports of one department at the same moment (issue 9,
defect 3), through the upload screen, on SQLite and on PostgreSQL: the uploads run one after
the other (never "Server Error (500)"), the dossiers both repeat are stored once, and every
stored file has its upload row."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.dossiers import jobs
from cchc.dossiers.models import Dossier, DossierAnalysis, DossierUpload
from cchc.orgs.models import Membership
from tests.dossiers import data
from tests.factories import make_user
from tests.simultaneous import client_for, race, shared_file_db  # noqa: F401  (fixture)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("shared_file_db")]

UPLOAD = "/ho-so/tai-len/"


def test_two_overlapping_uploads_at_the_same_moment(media_root, org, coordinator):
    second = make_user(org, Membership.Role.COORDINATOR, "vanphong-2", unit_code="VP")
    first_browser, second_browser = client_for(coordinator), client_for(second)
    march = data.export("D1", "D2", "D3", "D4", "D5")
    april = data.export("D4", "D5", "D6", "D7", "D8")
    responses = race(
        lambda: first_browser.post(UPLOAD, {"dossiers": SimpleUploadedFile("thang-3.csv", march)}),
        lambda: second_browser.post(UPLOAD, {"dossiers": SimpleUploadedFile("thang-4.csv", april)}),
    )
    assert [getattr(r, "status_code", r) for r in responses] == [302, 302]
    # The uploads wait for the background worker: two workers take them at the same moment.
    race(lambda: jobs.run_pending("w1"), lambda: jobs.run_pending("w2"))
    assert Dossier.objects.filter(organisation=org).count() == 8  # D4, D5 once
    uploads = list(DossierUpload.objects.order_by("pk"))
    # Whichever came second replaced the two dossiers both exports hold.
    assert sorted((u.rows_new, u.rows_replaced) for u in uploads) == [(3, 2), (5, 0)]
    assert sorted(u.source_name for u in uploads) == ["thang-3.csv", "thang-4.csv"]
    # Each analysis (one per upload) kept its workbook; no file is left without its row.
    rows = [u.file.name for u in uploads] + [a.workbook.name for a in DossierAnalysis.objects.all()]
    stored = sorted(p.relative_to(media_root).as_posix() for p in media_root.rglob("*") if p.is_file())
    assert stored == sorted(rows) and len(rows) == 4
