"""A list's page query, compiled once and run with the page's LIMIT and OFFSET as parameters.

The board's page is one query (the page's ids, cut from the ordered ids by an index range, as
a subquery; the fifty rows with their task, unit and plan). Built by the ORM for every
request it costs Python time to compile, and, because Django writes LIMIT and OFFSET into
the SQL text, every page is a new statement for PostgreSQL to plan (the server's CPU; figures
in benchmarks/README.md). Compiled once per filter shape (the text is cached with
the board's other figures) and run with LIMIT/OFFSET bound as parameters, the statement is
the same for every page: with server-side binding (settings: ``CCHC_DB_PREPARED``)
PostgreSQL prepares it and stops planning it.

Values come back through the converters the ORM itself would apply (SQLite's dates and
booleans, time zones), looked up once per process per statement.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet

# LIMIT and OFFSET the compiled text is built with, then found and made parameters.
_LIMIT, _OFFSET = 4321, 987_654_321


@dataclass(frozen=True)
class PageQuery:
    """The SQL of one filter shape's page query: ``params`` with LIMIT and OFFSET to insert
    at ``at``; ``columns``: the names of the values, in the SELECT's order. Plain data (it
    is cached across processes)."""

    sql: str
    params: tuple[Any, ...]
    at: int
    columns: tuple[str, ...]


def compile_page(build: Any) -> PageQuery:
    """``build(limit, offset)`` returns the page's ``.values()`` queryset for a slice of the
    ids; the SQL is compiled once with sentinel numbers, which become the two parameters."""
    qs: QuerySet = build(_LIMIT, _OFFSET)
    compiler = qs.query.get_compiler(using=qs.db)
    sql, params = compiler.as_sql()
    marker = f"LIMIT {_LIMIT} OFFSET {_OFFSET}"
    if sql.count(marker) != 1:
        raise ValueError(f"the page query has no single {marker!r}: {sql}")
    before = sql[: sql.index(marker)]
    at = before.replace("%%", "").count("%s")
    columns = tuple(alias for _, _, alias in compiler.select)
    query = PageQuery(sql.replace(marker, "LIMIT %s OFFSET %s"), tuple(params), at, columns)
    _remember(query.sql, compiler)
    return query


def run_page(query: PageQuery, limit: int, offset: int, build: Any) -> list[dict[str, Any]]:
    """The rows of one page as dicts; ``build`` as for ``compile_page`` (used once per
    process to learn the statement's converters)."""
    params = [*query.params[: query.at], limit, offset, *query.params[query.at :]]
    with connection.cursor() as cursor:
        cursor.execute(query.sql, params)
        rows = cursor.fetchall()
    compiler = _compilers.get(query.sql)
    if compiler is None:
        qs = build(_LIMIT, _OFFSET)
        compiler = qs.query.get_compiler(using=qs.db)
        compiler.as_sql()  # sets up its SELECT (the expressions the converters are for)
        _remember(query.sql, compiler)
    converters = compiler.get_converters([expr for expr, _, _ in compiler.select])
    if converters:
        rows = compiler.apply_converters(rows, converters)
    return [dict(zip(query.columns, row, strict=True)) for row in rows]


_compilers: dict[str, Any] = {}
_lock = threading.Lock()
_MAX = 256  # statements remembered per process (a few filter shapes per list in practice)


def _remember(sql: str, compiler: Any) -> None:
    with _lock:
        if len(_compilers) >= _MAX:
            _compilers.clear()
        _compilers[sql] = compiler
