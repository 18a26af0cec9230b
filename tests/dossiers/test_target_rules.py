"""Which dossier indicator measures which plan target: a table of cases, from the plan's words
through the plan reader's metric to the indicator and its value in the target's unit."""

from __future__ import annotations

import pytest

from cchc.core.status import Attainment, attainment
from cchc.core.targets import extract_targets
from cchc.dossiers.target_rules import Mapping, indicator_for, measured_value

CASES = [
    ("100% hồ sơ đúng hạn", "on_time_rate", "percent"),
    ("Tỷ lệ hồ sơ giải quyết đúng hạn đạt 100%", "on_time_rate", "percent"),
    ("tỷ lệ hồ sơ trực tuyến toàn trình đạt từ 70%", "online_full_share", "percent"),
    ("Tỷ lệ hồ sơ trực tuyến đạt trên 80%", "online_share", "percent"),
    ("Tỷ lệ hồ sơ trực tuyến toàn trình và một phần đạt 90%", "online_share", "percent"),
    ("thanh toán trực tuyến ≥ 60%", "paid_online_share", "percent"),
    ("Tỷ lệ hồ sơ qua dịch vụ BCCI ≥ 15%", "postal_share", "percent"),
    ("số hóa 100%", "digitized_share", "percent"),
    ("100% hồ sơ, kết quả giải quyết TTHC được số hóa", "digitized_share", "percent"),
    ("100% kết quả giải quyết TTHC được số hóa", "result_digitized_share", "percent"),
    ("Tỷ lệ hồ sơ trễ hạn dưới 2%", "late_share", "percent"),
    ("Không có hồ sơ trễ hạn", "late_count", "count"),
    ("Tiếp nhận hồ sơ trực tuyến không quá 8 giờ làm việc", "acceptance_breaches", "count"),
]


@pytest.mark.parametrize(("text", "indicator", "scale"), CASES)
def test_plan_words_map_to_the_indicator(text, indicator, scale):
    (draft,) = extract_targets(text)
    assert indicator_for(draft.metric, draft.unit, draft.text, draft.kind) == Mapping(indicator, scale)


@pytest.mark.parametrize(
    ("metric", "unit", "kind"),
    [
        ("satisfaction", "%", "target"),  # a survey, not dossiers
        ("task_on_time_rate", "%", "target"),  # tasks, not dossiers
        ("online_full_share", "count", "target"),  # a count where a share is measured
        ("dossier_on_time_rate", "%", "baseline"),  # last year's result, not a promise
        ("online_procedure_share", "%", "target"),  # procedures offered online, not dossiers
    ],
)
def test_targets_no_dossier_figure_measures(metric, unit, kind):
    assert indicator_for(metric, unit, "", kind) is None


@pytest.mark.parametrize(
    ("scale", "value", "expected"),
    [
        ("percent", 0.973, 97.3),
        ("percent", 1, 100.0),
        ("percent", 2 / 3, 66.67),
        ("count", 4, 4.0),
        ("count", None, None),
    ],
)
def test_measured_value_is_in_the_targets_unit(scale, value, expected):
    assert measured_value(Mapping("x", scale), value) == expected


@pytest.mark.parametrize(
    ("text", "share", "verdict"),
    [
        ("100% hồ sơ đúng hạn", 1.0, Attainment.MET),
        ("100% hồ sơ đúng hạn", 0.995, Attainment.NOT_MET),
        ("tỷ lệ hồ sơ trực tuyến toàn trình đạt từ 70%", 0.70, Attainment.MET),
        ("tỷ lệ hồ sơ trực tuyến toàn trình đạt từ 70%", 0.6999, Attainment.NOT_MET),
        ("Tỷ lệ hồ sơ trễ hạn dưới 2%", 0.019, Attainment.MET),
        ("Tỷ lệ hồ sơ trễ hạn dưới 2%", 0.02, Attainment.NOT_MET),
        ("Tỷ lệ hồ sơ trực tuyến đạt trên 80%", None, Attainment.NO_DATA),
    ],
)
def test_attainment_of_mapped_targets(text, share, verdict):
    (draft,) = extract_targets(text)
    mapping = indicator_for(draft.metric, draft.unit, draft.text)
    assert attainment(draft.op, draft.value, measured_value(mapping, share)) == verdict
