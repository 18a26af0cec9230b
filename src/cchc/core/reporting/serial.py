"""A :class:`~cchc.core.reporting.document.ReportDocument` as JSON-safe data and back, so the
web app can store the content of a generated document (a JSON column) and render it again.

The form (``FORMAT`` 1): dicts, lists, strings, ints, floats and None only. A table cell
that JSON cannot hold is tagged so it comes back as it was, whatever the column's kind:
a date ``{"date": "2026-09-20"}``, a Decimal ``{"decimal": "85.67"}``. A float that is not
finite (NaN, infinity) is written None: strict JSON has no such number. The letterhead's
date is an ISO string or None; a column's total is ``"sum"``, ``"none"`` or
``{"numerator": […], "denominator": […]}``.
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from cchc.core.reporting.document import (
    CHART_KINDS,
    COLUMN_KINDS,
    Cell,
    Chart,
    Column,
    Letterhead,
    Ratio,
    ReportDocument,
    Section,
    Signature,
    Table,
)

__all__ = ["FORMAT", "document_from_dict", "document_to_dict"]

FORMAT = 1


# --- to ---------------------------------------------------------------------------------------


def _cell_out(value: Cell) -> Any:
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _number_out(value: float | None) -> float | None:
    return value if value is None or math.isfinite(value) else None


def _column_out(column: Column) -> dict[str, Any]:
    total: Any = column.total
    if isinstance(total, Ratio):
        total = {"numerator": list(total.numerator), "denominator": list(total.denominator)}
    return {"title": column.title, "kind": column.kind, "total": total, "width": column.width}


def _table_out(table: Table) -> dict[str, Any]:
    return {
        "key": table.key,
        "title": table.title,
        "columns": [_column_out(c) for c in table.columns],
        "rows": [[_cell_out(v) for v in row] for row in table.rows],
        "total_label": table.total_label,
        "note": table.note,
    }


def _chart_out(chart: Chart) -> dict[str, Any]:
    return {
        "key": chart.key,
        "title": chart.title,
        "kind": chart.kind,
        "categories": list(chart.categories),
        "series": [[legend, [_number_out(v) for v in values]] for legend, values in chart.series],
        "unit": chart.unit,
    }


def _section_out(section: Section) -> dict[str, Any]:
    return {
        "number": section.number,
        "title": section.title,
        "paragraphs": list(section.paragraphs),
        "tables": [_table_out(t) for t in section.tables],
        "charts": [_chart_out(c) for c in section.charts],
        "subsections": [_section_out(s) for s in section.subsections],
    }


def document_to_dict(doc: ReportDocument) -> dict[str, Any]:
    """``doc`` as JSON-safe data (``json.dumps(…, allow_nan=False)`` accepts it)."""
    head, sig = doc.letterhead, doc.signature
    return {
        "format": FORMAT,
        "letterhead": {
            "governing_body": head.governing_body,
            "issuing_body": head.issuing_body,
            "number": head.number,
            "place": head.place,
            "dated": head.dated.isoformat() if head.dated else None,
            "year": head.year,
        },
        "title": doc.title,
        "summary": doc.summary,
        "opening": list(doc.opening),
        "sections": [_section_out(s) for s in doc.sections],
        "recipients": list(doc.recipients),
        "signature": {"authority": sig.authority, "title": sig.title, "name": sig.name},
    }


# --- from -------------------------------------------------------------------------------------


def _str(data: dict[str, Any], key: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise ValueError(f"{key!r} must be a string, not {value!r}")
    return value


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list | tuple):
        raise ValueError(f"{key!r} must be a list, not {type(value).__name__}")
    return list(value)


def _strs(data: dict[str, Any], key: str) -> tuple[str, ...]:
    items = _list(data, key)
    if not all(isinstance(s, str) for s in items):
        raise ValueError(f"{key!r} must be a list of strings")
    return tuple(items)


def _cell_in(value: Any) -> Cell:
    if isinstance(value, dict):
        if set(value) == {"date"}:
            return date.fromisoformat(value["date"])
        if set(value) == {"decimal"}:
            try:
                return Decimal(value["decimal"])
            except (InvalidOperation, TypeError) as exc:
                raise ValueError(f"not a decimal: {value['decimal']!r}") from exc
        raise ValueError(f"unknown tagged cell {value!r}")
    if value is None or isinstance(value, str | float) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise ValueError(f"a table cell cannot be {value!r}")


def _number_in(value: Any) -> float | None:
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    raise ValueError(f"a chart value must be a number or null, not {value!r}")


def _column_in(data: dict[str, Any]) -> Column:
    kind = data.get("kind", "text")
    if kind not in COLUMN_KINDS:
        raise ValueError(f"unknown column kind {kind!r}")
    raw = data.get("total", "none")
    total: Any
    if isinstance(raw, dict):
        total = Ratio(
            numerator=tuple(int(i) for i in _list(raw, "numerator")),
            denominator=tuple(int(i) for i in _list(raw, "denominator")),
        )
    elif raw in ("sum", "none"):
        total = raw
    else:
        raise ValueError(f"unknown column total {raw!r}")
    width = data.get("width", 1.0)
    if not isinstance(width, int | float) or isinstance(width, bool):
        raise ValueError(f"a column width must be a number, not {width!r}")
    return Column(title=_str(data, "title"), kind=kind, total=total, width=width)


def _table_in(data: dict[str, Any]) -> Table:
    return Table(
        key=_str(data, "key"),
        title=_str(data, "title"),
        columns=tuple(_column_in(c) for c in _list(data, "columns")),
        rows=tuple(tuple(_cell_in(v) for v in row) for row in _list(data, "rows")),
        total_label=_str(data, "total_label", ""),
        note=_str(data, "note", ""),
    )


def _chart_in(data: dict[str, Any]) -> Chart:
    kind, unit = data.get("kind"), data.get("unit", "count")
    if kind not in CHART_KINDS:
        raise ValueError(f"unknown chart kind {kind!r}")
    if unit not in ("count", "percent"):
        raise ValueError(f"unknown chart unit {unit!r}")
    series = []
    for item in _list(data, "series"):
        legend, values = item
        if not isinstance(legend, str):
            raise ValueError(f"a series' legend must be a string, not {legend!r}")
        series.append((legend, tuple(_number_in(v) for v in values)))
    return Chart(
        key=_str(data, "key"),
        title=_str(data, "title"),
        kind=kind,
        categories=_strs(data, "categories"),
        series=tuple(series),
        unit=unit,
    )


def _section_in(data: dict[str, Any]) -> Section:
    return Section(
        number=_str(data, "number", ""),
        title=_str(data, "title"),
        paragraphs=_strs(data, "paragraphs"),
        tables=tuple(_table_in(t) for t in _list(data, "tables")),
        charts=tuple(_chart_in(c) for c in _list(data, "charts")),
        subsections=tuple(_section_in(s) for s in _list(data, "subsections")),
    )


def document_from_dict(data: dict[str, Any]) -> ReportDocument:
    """The document :func:`document_to_dict` gave. Raises ValueError (with what is wrong)
    for anything else, including a later ``format``."""
    try:
        if not isinstance(data, dict):
            raise ValueError("a report document must be a dict")
        if data.get("format") != FORMAT:
            raise ValueError(f"unknown report document format {data.get('format')!r}")
        head, sig = data["letterhead"], data["signature"]
        year = head["year"]
        if not isinstance(year, int) or isinstance(year, bool):
            raise ValueError(f"the letterhead's year must be an int, not {year!r}")
        dated = head.get("dated")
        return ReportDocument(
            letterhead=Letterhead(
                governing_body=_str(head, "governing_body"),
                issuing_body=_str(head, "issuing_body"),
                number=_str(head, "number"),
                place=_str(head, "place"),
                dated=date.fromisoformat(dated) if dated is not None else None,
                year=year,
            ),
            title=_str(data, "title", "BÁO CÁO"),
            summary=_str(data, "summary"),
            opening=_strs(data, "opening"),
            sections=tuple(_section_in(s) for s in _list(data, "sections")),
            recipients=_strs(data, "recipients"),
            signature=Signature(
                authority=_str(sig, "authority"), title=_str(sig, "title"), name=_str(sig, "name")
            ),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"not a report document: {exc!r}") from exc
