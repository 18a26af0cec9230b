"""Every definition of issue 4 on small, hand-computed cases (as-of 20/3/2025 08:00)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.core.dossiers.helpers import dossier, fact, pause, run

D = datetime


@pytest.mark.parametrize(
    ("due", "finished", "outcome"),
    [
        (D(2025, 3, 10, 17), D(2025, 3, 7, 16), "early"),
        (D(2025, 3, 10, 17), D(2025, 3, 10, 7, 5), "on_time"),
        # The calendar date decides: 16:59 after a 09:00 due time on the same day is on time.
        (D(2025, 3, 10, 9), D(2025, 3, 10, 16, 59), "on_time"),
        (D(2025, 3, 10, 17), D(2025, 3, 11, 7, 1), "late"),
        (D(2025, 3, 19, 17), None, "overdue"),  # due the day before as-of, still open
        (D(2025, 3, 20, 7), None, "open"),  # due on the as-of date: not overdue yet
        (D(2025, 3, 25, 17), None, "open"),
    ],
)
def test_outcome_compares_dates(due, finished, outcome):
    r = run([dossier("A", due_at=due, finished_at=finished)])
    assert fact(r, "A")["outcome"] == outcome


def test_pause_across_tet_moves_the_due_date():
    # Due Tue 4/2/2025 17:00; paused Fri 24/1 16:00 → Mon 3/2 08:00 = 1 h + 1 h of working time
    # (Tết 27/1–1/2 and the weekends do not count): effective due Wed 5/2 09:00.
    d = dossier(
        "T", submitted_at=D(2025, 1, 22, 9), due_at=D(2025, 2, 4, 17), finished_at=D(2025, 2, 5, 8, 30)
    )
    r = run([d], [pause("T", D(2025, 1, 24, 16), D(2025, 2, 3, 8))])
    f = fact(r, "T")
    assert f["pause_hours"] == 2
    assert f["effective_due_at"] == D(2025, 2, 5, 9)
    assert f["outcome"] == "on_time"
    assert run([d])  # without the pause the same dossier is late
    assert fact(run([d]), "T")["outcome"] == "late"


def test_pause_across_a_weekend():
    # Due Mon 10/3 10:00; paused Fri 7/3 15:00 → Mon 10/3 09:00 = 2 h + 2 h; 10:00 + 4 h of
    # working time = 16:00 the same Monday (lunch 11:30–13:30 skipped). Finished Tue: late.
    d = dossier("W", due_at=D(2025, 3, 10, 10), finished_at=D(2025, 3, 11, 8))
    r = run([d], [pause("W", D(2025, 3, 7, 15), D(2025, 3, 10, 9))])
    f = fact(r, "W")
    assert (f["pause_hours"], f["effective_due_at"], f["outcome"]) == (4, D(2025, 3, 10, 16), "late")


def test_effective_due_landing_at_the_end_of_a_day_stays_on_that_day():
    # Due Mon 3/3 13:30 + 3.5 h paused (Tue 07:00–10:30) = Mon 17:00, not Tue 07:00: a dossier
    # finished Tue 07:30 is late.
    d = dossier("E", due_at=D(2025, 3, 3, 13, 30), finished_at=D(2025, 3, 4, 12))
    f = fact(run([d], [pause("E", D(2025, 3, 4, 7), D(2025, 3, 4, 10, 30))]), "E")
    assert f["effective_due_at"] == D(2025, 3, 3, 17)
    assert f["outcome"] == "late"


def test_overlapping_and_open_pauses():
    # Two overlapping pauses Mon 3/3 08:00–10:00 and 09:00–11:00 count 3 h, not 4 h; an open
    # pause of a finished dossier stops at the finish (Wed 5/3 08:00: 1 h from 07:00).
    d = dossier("O", due_at=D(2025, 3, 10, 17), finished_at=D(2025, 3, 5, 8))
    pauses = [
        pause("O", D(2025, 3, 3, 8), D(2025, 3, 3, 10)),
        pause("O", D(2025, 3, 3, 9), D(2025, 3, 3, 11)),
        pause("O", D(2025, 3, 5, 7), None),
        pause("nobody", D(2025, 3, 5, 7), None),  # a pause of an unknown dossier is ignored
    ]
    f = fact(run([d], pauses), "O")
    assert f["pause_hours"] == 4
    assert f["effective_due_at"] == D(2025, 3, 11, 11)  # Mon 17:00 + 4 h = Tue 07:00 + 4 h


@pytest.mark.parametrize(
    ("channel", "submitted", "accepted", "breach", "hours"),
    [
        # Friday 16:55 before the 1–2/9/2025 holidays: accepted Wed 3/9 16:00 = 5 min + 7 h.
        ("online_full", D(2025, 8, 29, 16, 55), D(2025, 9, 3, 16), False, 7 + 5 / 60),
        # ... accepted Thu 4/9 08:00 = 5 min + 8 h + 1 h: too late.
        ("online_partial", D(2025, 8, 29, 16, 55), D(2025, 9, 4, 8), True, 9 + 5 / 60),
        ("online_full", D(2025, 3, 3, 7), D(2025, 3, 3, 17), False, 8),  # exactly 8 h is allowed
        ("online_full", D(2025, 3, 3, 7), D(2025, 3, 4, 7, 1), True, 8 + 1 / 60),
        # Not accepted: counted until as-of (Tue 18/3 16:00 → Thu 20/3 08:00 = 1 h + 8 h + 1 h).
        ("online_full", D(2025, 3, 18, 16), None, True, 10),
        ("direct", D(2025, 3, 3, 7), D(2025, 3, 7, 7), False, None),  # the rule is for online only
        ("postal", D(2025, 3, 3, 7), None, False, None),
    ],
)
def test_acceptance_within_8_working_hours(channel, submitted, accepted, breach, hours):
    d = dossier("K", channel=channel, submitted_at=submitted, accepted_at=accepted, due_at=D(2025, 9, 30, 17))
    r = run([d], as_of=D(2025, 3, 20, 8) if submitted.month == 3 else D(2025, 9, 10, 8))
    f = fact(r, "K")
    assert ("acceptance_8h" in f["breaches"]) is breach
    assert f["acceptance_hours"] == (pytest.approx(hours) if hours is not None else None)


LATE = {"due_at": D(2025, 3, 10, 17), "finished_at": D(2025, 3, 12, 9)}  # prev. working day: Fri 7/3


@pytest.mark.parametrize(
    ("fields", "rules"),
    [
        ({"supplement_requests": 1}, set()),
        ({"supplement_requests": 2}, {"supplement_more_than_once"}),
        ({"reschedules": 1}, set()),
        ({"reschedules": 2}, {"reschedule_more_than_once"}),
        ({"refused": True, "refusal_slip": True}, set()),
        ({"refused": True, "refusal_slip": False}, {"refusal_without_slip"}),
        ({"refused": True}, {"refusal_without_slip"}),  # empty = no slip
        ({"refused": False}, set()),
        (LATE, {"late_without_apology"}),
        ({**LATE, "apology_at": D(2025, 3, 7, 16)}, set()),  # on the working day before the due date
        ({**LATE, "apology_at": D(2025, 3, 8, 9)}, {"apology_too_late"}),  # a Saturday: too late
        ({**LATE, "apology_at": D(2025, 3, 10, 8)}, {"apology_too_late"}),  # on the due date
        ({"due_at": D(2025, 3, 10, 17), "finished_at": D(2025, 3, 10, 9)}, set()),  # on time: no slip needed
        ({"due_at": D(2025, 3, 14, 17), "finished_at": None}, {"late_without_apology"}),  # overdue, open
        # Due Mon 3/2/2025 after Tết: the working day before is Fri 24/1; an apology on 25/1 is late.
        (
            {"due_at": D(2025, 2, 3, 17), "finished_at": D(2025, 2, 4, 9), "apology_at": D(2025, 1, 24, 15)},
            set(),
        ),
        (
            {"due_at": D(2025, 2, 3, 17), "finished_at": D(2025, 2, 4, 9), "apology_at": D(2025, 1, 25, 9)},
            {"apology_too_late"},
        ),
    ],
)
def test_breaches(fields, rules):
    fields = {"finished_at": D(2025, 3, 7, 9), **fields}
    d = dossier("B", submitted_at=D(2025, 1, 20, 8), **fields)
    assert set(fact(run([d]), "B")["breaches"]) == rules


def test_apology_deadline_follows_the_effective_due_date():
    # Due Mon 10/3 17:00, paused 16 working hours (Tue 4/3 07:00 → Wed 5/3 17:00): effective due
    # Wed 12/3 17:00, so an apology on Tue 11/3 is in time; finished Thu 13/3: late.
    d = dossier("Q", due_at=D(2025, 3, 10, 17), finished_at=D(2025, 3, 13, 9), apology_at=D(2025, 3, 11, 9))
    r = run([d], [pause("Q", D(2025, 3, 4, 7), D(2025, 3, 5, 17))])
    f = fact(r, "Q")
    assert (f["effective_due_at"], f["outcome"], f["breaches"]) == (D(2025, 3, 12, 17), "late", [])
    d["apology_at"] = D(2025, 3, 12, 8)
    assert fact(run([d], [pause("Q", D(2025, 3, 4, 7), D(2025, 3, 5, 17))]), "Q")["breaches"] == [
        "apology_too_late"
    ]


@pytest.mark.parametrize(
    ("reason", "attachment", "rules"),
    [
        ("Chờ bổ sung giấy tờ", True, set()),
        ("", True, {"pause_without_reason"}),
        ("   ", True, {"pause_without_reason"}),
        (None, False, {"pause_without_reason", "pause_without_attachment"}),
        ("Chờ nộp phí", None, {"pause_without_attachment"}),
    ],
)
def test_pause_breaches(reason, attachment, rules):
    d = dossier("P", finished_at=D(2025, 3, 6, 9))
    r = run([d], [pause("P", D(2025, 3, 4, 8), D(2025, 3, 4, 9), reason=reason, attachment=attachment)])
    assert set(fact(r, "P")["breaches"]) == rules
    assert [b for b in r.breaches if b["dossier_id"] == "P"] == [
        {"dossier_id": "P", "rule": rule} for rule in sorted(rules, key=RULE_ORDER.index)
    ]


RULE_ORDER = [
    "acceptance_8h",
    "supplement_more_than_once",
    "late_without_apology",
    "apology_too_late",
    "reschedule_more_than_once",
    "pause_without_reason",
    "pause_without_attachment",
    "refusal_without_slip",
]


def _mix() -> list[dict]:
    """Unit A: 5 received in February, 1 in March; finished 4 in March, 1 in February."""
    feb = D(2025, 2, 10, 8)
    acc = D(2025, 2, 10, 9)
    return [
        dossier("1", unit="A", channel="online_full", submitted_at=feb, accepted_at=acc, due_at=D(2025, 3, 5, 17),  # noqa: E501
                finished_at=D(2025, 3, 3, 9), fee_required=True, paid_online=True, digitized=True,
                result_digitized=True),
        dossier("2", unit="A", channel="online_partial", submitted_at=feb, accepted_at=acc, due_at=D(2025, 3, 5, 17),  # noqa: E501
                finished_at=D(2025, 3, 5, 15), fee_required=True, paid_online=False, digitized=True),
        dossier("3", unit="A", channel="direct", submitted_at=feb, due_at=D(2025, 3, 5, 17),
                finished_at=D(2025, 3, 6, 8), postal=True, fee_required=False),
        dossier("4", unit="A", channel="postal", submitted_at=feb, due_at=D(2025, 2, 20, 17),
                finished_at=D(2025, 2, 20, 10), result_digitized=True),
        dossier("5", unit="A", channel="online_full", submitted_at=feb, accepted_at=acc, due_at=D(2025, 3, 14, 17)),  # overdue  # noqa: E501
        dossier("6", unit="A", channel="direct", submitted_at=D(2025, 3, 3, 8), due_at=D(2025, 3, 10, 17),
                finished_at=D(2025, 3, 12, 8)),  # late, finished in March
        dossier("7", unit="B", officer="Minh", channel="direct", submitted_at=D(2025, 3, 18, 8),
                due_at=D(2025, 3, 28, 17)),  # open, within the due date
    ]  # fmt: skip


def test_groups_by_unit_and_month():
    r = run(_mix(), by=("unit", "month"))
    groups = {(g["unit"], g["month"]): g for g in r.groups}
    assert set(groups) == {("A", "2025-02"), ("A", "2025-03"), ("B", "2025-03")}
    feb = groups[("A", "2025-02")]
    # Received in February: 1–5 (2 fully online, 3 online, postal: 3 by flag and 4 by channel,
    # 2 digitised); fees: 1 paid online of 2. Finished in February: 4 (on time).
    assert {k: feb[k] for k in ("received", "finished", "early", "on_time", "late", "overdue", "open")} == {
        "received": 5,
        "finished": 1,
        "early": 0,
        "on_time": 1,
        "late": 0,
        "overdue": 1,
        "open": 0,
    }
    assert feb["online_full_share"] == pytest.approx(2 / 5)
    assert feb["online_share"] == pytest.approx(3 / 5)
    assert feb["paid_online_share"] == pytest.approx(1 / 2)
    assert feb["postal_share"] == pytest.approx(2 / 5)
    assert feb["digitized_share"] == pytest.approx(2 / 5)
    assert feb["result_digitized_share"] == pytest.approx(1.0)
    assert feb["on_time_rate"] == pytest.approx(1.0)
    # 766: of the 5 received, 1 early, 2 on time (2 and 4); 3 late; 5 overdue -> 20 × 3/5.
    assert feb["progress_score_766"] == pytest.approx(12.0)
    mar = groups[("A", "2025-03")]
    # Received in March: 6 (late). Finished in March: 1 early, 2 on time, 3 and 6 late.
    assert (mar["received"], mar["finished"], mar["early"], mar["on_time"], mar["late"]) == (1, 4, 1, 1, 2)
    assert mar["on_time_rate"] == pytest.approx(2 / 4)
    assert mar["paid_online_share"] is None  # no dossier with a fee received in March
    assert mar["progress_score_766"] == 0.0
    assert mar["result_digitized_share"] == pytest.approx(1 / 4)
    b = groups[("B", "2025-03")]
    assert (b["received"], b["finished"], b["open"], b["on_time_rate"], b["progress_score_766"]) == (
        1, 0, 1, None, 20.0
    )  # fmt: skip


def test_group_keys_appear_only_when_asked():
    r = run(_mix(), by=("procedure",))
    assert len(r.groups) == 1
    g = r.groups[0]
    assert (g["procedure_code"], g["procedure_name"], g["received"], g["finished"]) == (
        "1.001",
        "Cấp giấy phép",
        7,
        5,
    )
    assert "unit" not in g and "month" not in g
    assert list(run(_mix(), by=()).groups[0])[:2] == ["received", "finished"]


def test_period_keeps_received_and_finished_in_it():
    r = run(_mix(), by=("unit",), period=(date(2025, 3, 1), date(2025, 3, 31)))
    a = next(g for g in r.groups if g["unit"] == "A")
    assert (a["received"], a["finished"], a["late"]) == (1, 4, 2)
    # 5 (overdue, no apology) was received in February and is not finished: outside the period.
    assert {b["dossier_id"] for b in r.breaches} == {"3", "6"}
    assert {b["dossier_id"] for b in run(_mix()).breaches} == {"3", "5", "6"}


def test_officers_late_ratio_threshold():
    rows = [dossier(f"L{i}", officer="Lan", finished_at=D(2025, 3, 7, 9)) for i in range(9)]
    rows.append(dossier("L9", officer="Lan", finished_at=D(2025, 3, 11, 9)))  # 1 late of 10: 10 %
    rows += [dossier(f"M{i}", officer="Minh", finished_at=D(2025, 3, 7, 9)) for i in range(10)]
    rows.append(dossier("M10", officer="Minh", finished_at=D(2025, 3, 11, 9)))  # 1 of 11: 9.1 %
    rows.append(dossier("N", officer=None, finished_at=D(2025, 3, 11, 9)))  # no officer: not listed
    officers = {o["officer"]: o for o in run(rows).officers}
    assert set(officers) == {"Lan", "Minh"}
    assert officers["Lan"] == {
        "officer": "Lan", "month": "2025-03", "finished": 10, "early": 9, "on_time": 0, "late": 1,
        "late_ratio": 0.1, "eligible_good": False,
    }  # fmt: skip
    assert officers["Minh"]["late_ratio"] == pytest.approx(1 / 11)
    assert officers["Minh"]["eligible_good"] is True
    assert run(rows, late_threshold=0.2).officers[0]["eligible_good"] is True


def test_facts_columns_and_months():
    r = run(_mix())
    f = fact(r, "1")
    for key in ("dossier_id", "procedure_code", "procedure_name", "unit", "officer", "channel", "submitted_at",  # noqa: E501
                "accepted_at", "due_at", "finished_at", "effective_due_at", "submitted_month", "finished_month",  # noqa: E501
                "outcome", "breaches"):  # fmt: skip
        assert key in f
    assert (f["submitted_month"], f["finished_month"], f["outcome"]) == ("2025-02", "2025-03", "early")
    assert r.facts.num_rows == 7


def test_plain_arrow_tables_and_missing_keys():
    # Callers (the web app) may pass plain string columns and leave optional columns out.
    import pyarrow as pa

    from cchc.core.dossiers import AnalysisOptions, analyze
    from tests.core.dossiers.helpers import CALENDAR

    rows = [
        dossier("A", finished_at=D(2025, 3, 11, 9)),
        dossier("B", unit=None, officer=None, procedure_code=None),
    ]
    r = analyze(
        pa.Table.from_pylist(rows),
        None,
        CALENDAR,
        AnalysisOptions(as_of=D(2025, 3, 20, 8), by=("unit", "procedure")),
    )
    assert [
        (g["unit"], g["procedure_code"], g["procedure_name"], g["received"], g["late"], g["overdue"])
        for g in r.groups
    ] == [
        ("Phòng A", "1.001", "Cấp giấy phép", 1, 1, 0),
        (None, None, "Cấp giấy phép", 1, 0, 1),  # no code: grouped by the name; no unit: last
    ]
