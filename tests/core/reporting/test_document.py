"""The content model: the total row's rule, a cell's Vietnamese text, the document's walk
over its tables, and the JSON-safe round trip of ``to_dict`` / ``from_dict``."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.core.reporting import (
    Chart,
    Column,
    Ratio,
    ReportDocument,
    Section,
    Table,
    sample_document,
)
from cchc.core.reporting.cells import cell_text
from tests.core.reporting.reports import CHARTS, STATUS, TARGETS, UNITS, full_report

LABEL = Column("Lĩnh vực")
INT = Column("Số", "int", "sum")


def _table(columns, rows, label="Tổng cộng") -> Table:
    return Table(key="t", title="T", columns=tuple(columns), rows=tuple(rows), total_label=label)


# --- total_row --------------------------------------------------------------------------------

TOTAL_CASES = [
    ("ints", [LABEL, INT, INT], [("a", 1, 2), ("b", 3, 4)], ("Tổng cộng", 4, 6)),
    ("None and text left out", [LABEL, INT], [("a", 1), ("b", None), ("c", "—"), ("d", 5)], ("Tổng cộng", 6)),
    ("no rows: 0", [LABEL, INT], [], ("Tổng cộng", 0)),
    ("only None: 0", [LABEL, INT], [("a", None)], ("Tổng cộng", 0)),
    (
        "a float makes a float",
        [LABEL, Column("x", "number", "sum")],
        [("a", 1), ("b", 0.5)],
        ("Tổng cộng", 1.5),
    ),
    (
        "Decimals stay Decimals",
        [LABEL, Column("x", "number", "sum")],
        [("a", Decimal("1.10")), ("b", 2)],
        ("Tổng cộng", Decimal("3.10")),
    ),
    ("no total: None", [LABEL, Column("x", "int"), INT], [("a", 7, 1)], ("Tổng cộng", None, 1)),
    (
        "the on-time rate",
        [LABEL, INT, INT, INT, Column("Tỷ lệ", "percent", Ratio((2, 3), (1,)))],
        [("a", 10, 3, 6, 0.9), ("b", 10, 5, 5, 1.0)],
        ("Tổng cộng", 20, 8, 11, 0.95),
    ),
    (
        "a ratio over a zero denominator: None",
        [LABEL, INT, INT, Column("Tỷ lệ", "percent", Ratio((2,), (1,)))],
        [("a", 0, 0, None)],
        ("Tổng cộng", 0, 0, None),
    ),
    (
        "a ratio of several denominators",
        [LABEL, INT, INT, INT, Column("Tỷ lệ", "percent", Ratio((1,), (2, 3)))],
        [("a", 1, 1, 2, None)],
        ("Tổng cộng", 1, 1, 2, 1 / 3),
    ),
]


@pytest.mark.parametrize(
    "columns, rows, expected", [c[1:] for c in TOTAL_CASES], ids=[c[0] for c in TOTAL_CASES]
)
def test_total_row(columns, rows, expected) -> None:
    total = _table(columns, rows).total_row()
    assert total == pytest.approx(expected)
    assert [type(v) for v in total] == [type(v) for v in expected]


@given(
    st.lists(
        st.tuples(st.integers(0, 10**6), st.integers(0, 10**6), st.one_of(st.none(), st.integers(0, 10**6))),
        max_size=30,
    )
)
def test_total_row_is_the_column_sums_and_their_ratio(rows) -> None:
    columns = [LABEL, INT, INT, INT, Column("r", "percent", Ratio((1, 2), (3,)))]
    table = _table(columns, [(f"r{i}", a, b, c, None) for i, (a, b, c) in enumerate(rows)])
    a = sum(r[0] for r in rows)
    b = sum(r[1] for r in rows)
    c = sum(r[2] or 0 for r in rows)
    assert table.total_row() == ("Tổng cộng", a, b, c, (a + b) / c if c else None)


@pytest.mark.parametrize(
    "columns, rows, words",
    [
        ([], [], "no column"),
        ([LABEL, INT], [("a",)], "row 0 has 1 cells"),
        ([LABEL, INT, Column("r", "percent", Ratio((1,), (5,)))], [], "names column 5"),
        ([LABEL, Column("x", "int"), Column("r", "percent", Ratio((1,), (1,)))], [], "not another summed"),
        ([LABEL, INT, Column("r", "percent", Ratio((2,), (1,)))], [], "names column 2"),
        ([LABEL, INT, Column("r", "percent", Ratio((), (1,)))], [], "both terms"),
    ],
)
def test_a_table_that_cannot_be_is_refused(columns, rows, words) -> None:
    with pytest.raises(ValueError, match=words):
        _table(columns, rows)


def test_a_chart_needs_a_value_per_category() -> None:
    with pytest.raises(ValueError, match="2 values for 3 categories"):
        Chart("c", "C", "bar", ("a", "b", "c"), (("s", (1.0, 2.0)),))


def test_tables_and_charts_in_document_order() -> None:
    report = full_report()
    assert report.tables() == [STATUS, TARGETS, UNITS]
    assert report.charts() == list(CHARTS)


# --- a cell's text ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, value, text",
    [
        ("int", 1234, "1.234"),
        ("int", 1234567, "1.234.567"),
        ("int", 3.0, "3"),
        ("int", 3.5, "3,5"),
        ("int", Decimal("12"), "12"),
        ("number", 85.67, "85,67"),
        ("number", 1234.5, "1.234,5"),
        ("number", Decimal("70.0"), "70"),
        ("percent", 0.5, "50,0 %"),
        ("percent", 2 / 3, "66,7 %"),
        ("percent", 1, "100,0 %"),
        ("percent", Decimal("0.12345"), "12,3 %"),
        ("date", date(2026, 3, 5), "05/03/2026"),
        ("text", date(2026, 3, 5), "05/03/2026"),
        ("int", None, "—"),
        ("percent", None, "—"),
        ("date", None, "—"),
        ("text", None, ""),
        ("int", "Thường xuyên", "Thường xuyên"),
        ("text", "Hòa\x00 Bình", "Hòa Bình"),
        ("text", "Hoa\u0300", "Hoà"),
        ("number", float("nan"), "nan"),
    ],
)
def test_cell_text(kind, value, text) -> None:
    assert cell_text(Column("c", kind), value) == text


# --- to_dict / from_dict -------------------------------------------------------------------------

ROUND_TRIPS = [
    ("the sample", sample_document()),
    ("a full year", full_report()),
    (
        "undated, empty",
        replace(
            full_report(sections=(), opening=(), recipients=()),
            letterhead=replace(full_report().letterhead, dated=None),
        ),
    ),
    (
        "every kind of cell",
        full_report(
            sections=(
                Section(
                    "",
                    "Ô",
                    tables=(
                        Table(
                            key="cells",
                            title="Ô",
                            columns=(Column("a"), Column("b", "number", "sum", 0.5), Column("c", "date")),
                            rows=(
                                ("2026-03-05", Decimal("1.50"), date(2026, 3, 5)),
                                ("dict", 7, None),
                                ("x", -0.0, "14/12/2026"),
                            ),
                            total_label="Cộng",
                        ),
                    ),
                ),
            )
        ),
    ),
    (
        "charts with gaps",
        full_report(
            sections=(Section("I", "B", charts=(replace(CHARTS[1], series=(("s", (None, 0.0, 1)),)),)),)
        ),
    ),
]


@pytest.mark.parametrize("doc", [d for _, d in ROUND_TRIPS], ids=[n for n, _ in ROUND_TRIPS])
def test_to_dict_from_dict_round_trip(doc: ReportDocument) -> None:
    data = doc.to_dict()
    text = json.dumps(data, allow_nan=False, ensure_ascii=False)
    back = ReportDocument.from_dict(json.loads(text))
    assert back == doc
    # Types survive too (a date is not its ISO text, a Decimal not a float).
    assert [[type(v) for v in row] for t in back.tables() for row in t.rows] == [
        [type(v) for v in row] for t in doc.tables() for row in t.rows
    ]


def test_dates_and_decimals_are_tagged_in_the_dict() -> None:
    data = full_report().to_dict()
    row = data["sections"][0]["subsections"][1]["tables"][0]["rows"][0]
    assert row[:4] == ["Mức độ hài lòng", {"decimal": "85.67"}, 0.5, {"date": "2026-03-05"}]
    assert data["letterhead"]["dated"] == "2026-12-20"
    assert data["sections"][0]["tables"][0]["columns"][5]["total"] == {
        "numerator": [2, 3],
        "denominator": [1],
    }


def test_numbers_json_cannot_hold_become_null() -> None:
    chart = replace(CHARTS[1], series=(("s", (math.nan, math.inf, 0.5)),))
    table = replace(TARGETS, rows=(("x", float("nan"), float("-inf"), None, ""),))
    doc = full_report(sections=(Section("I", "A", tables=(table,), charts=(chart,)),))
    data = doc.to_dict()
    json.dumps(data, allow_nan=False)
    back = ReportDocument.from_dict(data)
    assert back.charts()[0].series == (("s", (None, None, 0.5)),)
    assert back.tables()[0].rows == (("x", None, None, None, ""),)


def _broken(change) -> dict:
    data = sample_document().to_dict()
    change(data)
    return data


@pytest.mark.parametrize(
    "data, words",
    [
        ([], "must be a dict"),
        (_broken(lambda d: d.update(format=2)), "format"),
        (_broken(lambda d: d.pop("letterhead")), "letterhead"),
        (_broken(lambda d: d["letterhead"].update(year="2026")), "year"),
        (_broken(lambda d: d["letterhead"].update(dated="20/09/2026")), "isoformat"),
        (_broken(lambda d: d["sections"][0]["tables"][0]["rows"][0].__setitem__(1, {"time": "x"})), "tagged"),
        (_broken(lambda d: d["sections"][0]["tables"][0]["rows"][0].__setitem__(1, [1])), "cannot be"),
        (
            _broken(lambda d: d["sections"][0]["tables"][0]["rows"][0].__setitem__(1, {"decimal": "x"})),
            "decimal",
        ),
        (_broken(lambda d: d["sections"][0]["tables"][0]["columns"][1].update(kind="money")), "column kind"),
        (_broken(lambda d: d["sections"][0]["tables"][0]["columns"][1].update(total="avg")), "column total"),
        (_broken(lambda d: d["sections"][0]["charts"][0].update(kind="pie")), "chart kind"),
        (_broken(lambda d: d["sections"][0]["charts"][0].update(unit="kg")), "chart unit"),
        (_broken(lambda d: d["sections"][0]["tables"][0]["rows"][0].pop()), "row 0 has 5 cells"),
        (_broken(lambda d: d.update(recipients="Sở Nội vụ")), "recipients"),
        (_broken(lambda d: d["signature"].update(name=None)), "name"),
    ],
)
def test_from_dict_refuses_what_is_not_a_document(data, words) -> None:
    with pytest.raises(ValueError, match=words):
        ReportDocument.from_dict(data)
