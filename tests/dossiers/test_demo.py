"""The demo: a synthetic export loaded through the upload service, once; the demo plan's
dossier targets measured at once; the sample in docs/samples reads without a bad row."""

from __future__ import annotations

import pytest

from cchc.core.dossiers import read_dossiers, read_pauses
from cchc.demo.seed import seed_demo
from cchc.dossiers.demo import generate
from cchc.dossiers.models import Dossier, DossierAnalysis, TargetMeasure
from tests.paths import REPO_DIR


def test_the_generator_is_reproducible_and_clean():
    first, second = generate(80, seed=3), generate(80, seed=3)
    assert first == second
    loaded = read_dossiers(first[0], filename="x.csv")
    assert (loaded.read, loaded.rejected) == (80, [])
    assert read_pauses(first[1], filename="p.csv").rejected == []


def test_the_samples_in_docs_read_without_a_bad_row():
    samples = REPO_DIR / "docs" / "samples"
    loaded = read_dossiers(samples / "ho-so-mot-cua-mau.csv")
    assert loaded.read == 120 and loaded.rejected == []
    assert read_pauses(samples / "dung-tinh-mau.csv").rejected == []


@pytest.mark.django_db
def test_demo_loads_the_dossiers_once_and_measures_the_plans_targets(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    report = seed_demo(with_history=False)  # the follow-through's history is not the dossiers'
    assert report.dossiers_loaded == 300
    org = report.organisation
    assert Dossier.objects.filter(organisation=org).count() == 300
    late = Dossier.objects.filter(organisation=org, outcome="late", officer="Đỗ Văn Hùng").count()
    assert late > 0
    measured = {m.indicator: m for m in TargetMeasure.objects.filter(organisation=org)}
    # The demo plan: "100% hồ sơ … đúng hạn và trước hạn", "trực tuyến toàn trình đạt từ 70%",
    # "thanh toán trực tuyến tối thiểu 60%", "100% hồ sơ, kết quả … được số hóa".
    assert {"on_time_rate", "online_full_share", "paid_online_share", "digitized_share"} <= set(measured)
    assert measured["on_time_rate"].attainment == "khong_dat"  # the demo has late dossiers
    again = seed_demo(with_history=False)
    assert again.dossiers_loaded == 0
    assert Dossier.objects.filter(organisation=org).count() == 300
    assert DossierAnalysis.objects.filter(organisation=org).count() == 1
