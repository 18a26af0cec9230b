"""Reading exports into the canonical tables, with every bad row counted and explained.

Values are parsed column-wise, never row by row in Python: the words of a column (channel,
yes/no, counts) are few, so each distinct value is decided once and spread with
``index_in``/``take``; timestamps are parsed by DuckDB (ISO 8601 with or without a zone,
``dd/mm/yyyy [HH:MM[:SS]]``, the mapping's extra formats). Only the rejected rows (few)
get a per-row message.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cchc.core.dossiers.readers import RawTable, read_raw
from cchc.core.dossiers.result import LoadResult, Rejected
from cchc.core.dossiers.schema import (
    DOSSIER_COLUMNS,
    DOSSIER_NOT_EMPTY,
    DOSSIER_REQUIRED,
    LABELS,
    PAUSE_COLUMNS,
    PAUSE_NOT_EMPTY,
    PAUSE_REQUIRED,
    DossierReadError,
    Mapping,
    load_mapping,
)
from cchc.core.text import fold_words

TEXT = pa.dictionary(pa.int32(), pa.string())  # repeated words: dictionary-encoded
ARROW_TYPES = {
    "str": TEXT,
    "channel": TEXT,
    "ts": pa.timestamp("us"),
    "int": pa.int64(),
    "bool": pa.bool_(),
}
YEAR_RANGE = (1990, 2100)  # a timestamp outside it is a typing error (and would stretch the calendar)
_DATETIME_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d/%m/%Y %H:%M:%S.%f",
    "%H:%M:%S %d/%m/%Y",
    "%H:%M %d/%m/%Y",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
]
_DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d"]
KINDS = {
    "dossiers": (DOSSIER_COLUMNS, DOSSIER_REQUIRED, DOSSIER_NOT_EMPTY),
    "pauses": (PAUSE_COLUMNS, PAUSE_REQUIRED, PAUSE_NOT_EMPTY),
}


OnRead = Callable[[int], None]


def read_dossiers(
    source: str | Path | bytes,
    *,
    filename: str | None = None,
    mapping: str | Path | None = None,
    on_read: OnRead | None = None,
) -> LoadResult:
    """Read a dossier export (CSV, XLSX or Parquet; ``filename`` names bytes' format).
    ``on_read(rows)`` is called once the file is split into rows, before the checks."""
    return _read(source, filename, load_mapping(mapping), "dossiers", on_read)


def read_pauses(
    source: str | Path | bytes,
    *,
    filename: str | None = None,
    mapping: str | Path | None = None,
    on_read: OnRead | None = None,
) -> LoadResult:
    """Read an export of the pauses of the processing clock."""
    return _read(source, filename, load_mapping(mapping), "pauses", on_read)


def column_type(column: str, ckind: str) -> pa.DataType:
    return pa.string() if column == "dossier_id" else ARROW_TYPES[ckind]


def empty_table(kind: str) -> pa.Table:
    """The canonical (empty) table: ids as strings, other text dictionary-encoded."""
    columns = KINDS[kind][0]
    schema = pa.schema([(c, column_type(c, k)) for c, k in columns.items()] + [("source_row", pa.int64())])
    return schema.empty_table()


def _dict_from(indices: pa.Array, values: pa.Array) -> pa.DictionaryArray:
    """A dictionary array whose null values become null entries (no nulls inside the dictionary)."""
    masked = pc.if_else(pc.take(pc.is_null(values), indices), pa.scalar(None, indices.type), indices)
    return pa.DictionaryArray.from_arrays(masked.cast(pa.int32()), pc.fill_null(values, ""))


def _text_column(text, column: str):
    if column == "dossier_id":
        return text.dictionary_decode() if isinstance(text, pa.DictionaryArray) else text
    return _encoded(text)


def _label(column: str) -> str:
    return f"{LABELS.get(column, column)} ({column})"


def _map_headers(raw: RawTable, mapping: Mapping, kind: str) -> dict[str, int]:
    """Canonical column -> index of the raw column; the first matching header wins."""
    _, required, _ = KINDS[kind]
    known, fallbacks = mapping.headers(kind), mapping.fallbacks(kind)
    found: dict[str, int] = {}
    for i, header in enumerate(raw.headers):
        canonical = known.get(fold_words(header))
        if canonical and canonical not in found:
            found[canonical] = i
    for i, header in enumerate(raw.headers):
        canonical = fallbacks.get(fold_words(header))
        if canonical and canonical not in found:
            found[canonical] = i
    missing = [c for c in required if c not in found]
    if missing:
        seen = ", ".join(f"“{h}”" for h in raw.headers if h) or "(không có)"
        raise DossierReadError(
            f"Thiếu cột bắt buộc: {', '.join(_label(c) for c in missing)}. "
            f"Các tiêu đề có trong tệp: {seen}. Ánh xạ đang dùng: {mapping.name}."
        )
    return found


def _read(
    source: str | Path | bytes, filename: str | None, mapping: Mapping, kind: str, on_read: OnRead | None
) -> LoadResult:
    known = {**mapping.headers(kind), **mapping.fallbacks(kind)}
    raw = read_raw(source, filename, known)
    if on_read is not None:
        on_read(raw.table.num_rows + len(raw.bad_rows))
    found = _map_headers(raw, mapping, kind)
    return convert(raw, found, mapping, kind)


def _clean(values: pa.Array) -> pa.Array:
    """Every text cell of every format goes through here: NFC (an export saved in the legacy
    Vietnamese code page cp1258 decodes to decomposed tone marks, and "Hoàng Minh Đức" would
    be two officers), trimmed, empty as null."""
    values = pc.utf8_trim_whitespace(pc.utf8_normalize(values, form="NFC"))
    return pc.if_else(pc.equal(values, ""), pa.scalar(None, pa.string()), values)


def _as_string(col: pa.ChunkedArray) -> pa.ChunkedArray | pa.DictionaryArray:
    """Trimmed text, empty as null. A dictionary column stays one (only its values are cleaned)."""
    if pa.types.is_dictionary(col.type):
        arr = col.unify_dictionaries().combine_chunks() if col.num_chunks else pa.array([], col.type)
        return _dict_from(arr.indices, _clean(arr.dictionary.cast(pa.string())))
    if not pa.types.is_string(col.type) and not pa.types.is_large_string(col.type):
        col = col.cast(pa.string())
    return _clean(col)


def _encoded(col: pa.ChunkedArray | pa.Array) -> pa.DictionaryArray:
    if isinstance(col, pa.ChunkedArray):
        col = col.combine_chunks()
    return col if isinstance(col, pa.DictionaryArray) else pc.dictionary_encode(col)


def _by_distinct(col, decide, out_type: pa.DataType) -> tuple[pa.Array, pa.Array]:
    """Decide each distinct value once: (values, ok) where ok is False for undecidable ones."""
    enc = _encoded(col)
    decided = [decide(v) for v in enc.dictionary.to_pylist()]
    values = pa.array([d for d, _ in decided], out_type)
    oks = pa.array([ok for _, ok in decided], pa.bool_())
    out_values, out_ok = pc.take(values, enc.indices), pc.take(oks, enc.indices)
    return out_values, pc.fill_null(out_ok, True)  # a null (empty) value is decided by the caller


def _channel(mapping: Mapping):
    def decide(value: str | None) -> tuple[str | None, bool]:
        if value is None:
            return None, True
        channel = mapping.channels.get(fold_words(value))
        return channel, channel is not None

    return decide


def _boolean(mapping: Mapping):
    def decide(value: str | None) -> tuple[bool | None, bool]:
        if value is None:
            return None, True
        b = mapping.boolean(value)
        return b, b is not None

    return decide


def _integer(value: str | None) -> tuple[int | None, bool]:
    if value is None:
        return None, True
    try:
        f = float(value.replace(",", "."))
    except ValueError:
        return None, False
    return (int(f), True) if f.is_integer() and f >= 0 else (None, False)


def _timestamps(cols: dict[str, pa.ChunkedArray], mapping: Mapping) -> dict[str, pa.ChunkedArray]:
    """Parse (or convert) timestamp columns in one DuckDB pass; naive Asia/Ho_Chi_Minh time."""
    fast = {}
    for name, col in list(cols.items()):
        if pa.types.is_timestamp(col.type) and col.type.tz is None:
            # Already naive local time (typed Parquet/Arrow): kept as given (the engines work
            # to the second, flooring).
            fast[name] = col if col.type == pa.timestamp("us") else col.cast(pa.timestamp("us"), safe=False)
            del cols[name]
    if not cols:
        return fast
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = 'Asia/Ho_Chi_Minh'")
        tbl = pa.table(cols)
        con.register("tbl", tbl)
        exprs = []
        for name, col in cols.items():
            q = f'"{name}"'
            if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
                parts = []
                if mapping.timestamp_formats:
                    parts.append(f"try_strptime({q}, {list(mapping.timestamp_formats)!r})")
                parts += [
                    f"try_cast({q} AS TIMESTAMPTZ)::TIMESTAMP",
                    f"try_strptime({q}, {_DATETIME_FORMATS!r})",
                    f"try_strptime({q}, {_DATE_FORMATS!r})",
                ]
                value = f"coalesce({', '.join(parts)})"
                # A date without a time: a due date means the end of that day.
                if name == "due_at":
                    value = (
                        f"CASE WHEN length({q}) <= 10 THEN {value} + INTERVAL 86399 SECOND ELSE {value} END"
                    )
            elif pa.types.is_date(col.type):
                extra = " + INTERVAL 86399 SECOND" if name == "due_at" else ""
                value = f"CAST({q} AS TIMESTAMP){extra}"
            else:
                value = f"CAST({q} AS TIMESTAMP)"
            exprs.append(f"date_trunc('second', {value}) AS {q}")
        out = con.sql(f"SELECT {', '.join(exprs)} FROM tbl").to_arrow_table()
    finally:
        con.close()
    return fast | {name: out.column(name).cast(pa.timestamp("us")) for name in cols}


_EXPECTED = {
    "str": "văn bản",
    "channel": "văn bản (trực tuyến toàn trình, trực tiếp…)",
    "ts": "ngày giờ (kiểu timestamp hoặc date) hoặc văn bản như 25/03/2025 08:30",
    "int": "số nguyên hoặc văn bản",
    "bool": "có/không (kiểu boolean) hoặc văn bản",
}


def _type_words(t: pa.DataType) -> str:
    if pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t):
        return "danh sách (list)"
    if pa.types.is_duration(t) or pa.types.is_interval(t):
        return "khoảng thời gian (duration)"
    if pa.types.is_integer(t):
        return "số nguyên (có lẽ là số giây hoặc mili giây tính từ 1970)"
    if pa.types.is_struct(t) or pa.types.is_map(t):
        return "cấu trúc lồng nhau (struct/map)"
    if pa.types.is_binary(t) or pa.types.is_large_binary(t) or pa.types.is_fixed_size_binary(t):
        return "dữ liệu nhị phân (binary)"
    return f"kiểu {t}"


def _accepts(ckind: str, t: pa.DataType) -> bool:
    """Whether a typed (Parquet) column of type ``t`` can hold a column of kind ``ckind``."""
    if pa.types.is_dictionary(t):
        t = t.value_type
    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_null(t):
        return True
    if ckind == "ts":
        return pa.types.is_timestamp(t) or pa.types.is_date(t)
    numeric = pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t)
    if ckind in ("str", "channel", "int"):
        return numeric
    return numeric or pa.types.is_boolean(t)  # bool: 0/1 as well as true/false


def _check_types(raw: RawTable, found: dict[str, int], kind: str) -> None:
    """Refuse a typed column that cannot be what it is mapped to (an epoch integer for a date,
    a list, a duration…), naming the column and what was expected, before any conversion."""
    columns = KINDS[kind][0]
    for name, i in found.items():
        t = raw.table.column(i).type
        if not _accepts(columns[name], t):
            raise DossierReadError(
                f"Cột “{raw.headers[i]}” ({LABELS.get(name, name)}) có dữ liệu kiểu "
                f"{_type_words(t)}, cần {_EXPECTED[columns[name]]}. "
                "Hãy xuất lại tệp với cột này đúng kiểu."
            )


def convert(raw: RawTable, found: dict[str, int], mapping: Mapping, kind: str) -> LoadResult:
    _check_types(raw, found, kind)
    columns, _, not_empty = KINDS[kind]
    n = raw.table.num_rows
    out: dict[str, pa.ChunkedArray | pa.Array] = {}
    errors: dict[str, pa.Array] = {}  # column -> boolean "bad value" per row
    originals: dict[str, pa.ChunkedArray] = {}
    ts_inputs: dict[str, pa.ChunkedArray] = {}
    for name, ckind in columns.items():
        if name not in found:
            out[name] = pa.nulls(n, column_type(name, ckind))
            continue
        col = raw.table.column(found[name])
        if ckind == "ts":
            if pa.types.is_dictionary(col.type):
                col = col.cast(col.type.value_type)
            is_text = pa.types.is_string(col.type) or pa.types.is_large_string(col.type)
            ts_inputs[name] = _as_string(col) if is_text else col
            originals[name] = ts_inputs[name]
            continue
        if ckind == "bool" and pa.types.is_boolean(col.type):
            out[name] = col
            continue
        if ckind == "int" and pa.types.is_integer(col.type):
            out[name] = col.cast(pa.int64())
            continue
        text = _as_string(col)
        originals[name] = text
        if ckind == "str":
            out[name] = _text_column(text, name)
        elif ckind == "channel":
            enc = _encoded(text)
            decided = [_channel(mapping)(v) for v in enc.dictionary.to_pylist()]
            out[name] = _dict_from(enc.indices, pa.array([c for c, _ in decided], pa.string()))
            bad_words = pa.array([not ok for _, ok in decided], pa.bool_())
            errors[name] = pc.fill_null(pc.take(bad_words, enc.indices), False)
        elif ckind == "bool":
            out[name], ok = _by_distinct(text, _boolean(mapping), pa.bool_())
            errors[name] = pc.invert(ok)
        else:
            out[name], ok = _by_distinct(text, _integer, pa.int64())
            errors[name] = pc.invert(ok)
    for name, parsed in _timestamps(dict(ts_inputs), mapping).items():
        out[name] = parsed
        source = ts_inputs[name]
        bad = pc.and_(pc.is_valid(source), pc.is_null(parsed))
        lo = pa.scalar(datetime(YEAR_RANGE[0], 1, 1), pa.timestamp("us"))
        hi = pa.scalar(datetime(YEAR_RANGE[1] + 1, 1, 1), pa.timestamp("us"))
        out_of_range = pc.or_(pc.less(parsed, lo), pc.greater_equal(parsed, hi))
        errors[name] = pc.or_(bad, pc.fill_null(out_of_range, False))
    missing = {c: pc.is_null(originals.get(c, out[c])) for c in not_empty if c in found}
    order: pa.Array | None = None
    if kind == "dossiers":
        order = pc.fill_null(pc.less(out["finished_at"], out["submitted_at"]), False)
        dup_first = _first_rows(out["dossier_id"], raw.rows)
    else:
        order = pc.fill_null(pc.less(out["paused_to"], out["paused_from"]), False)
        dup_first = None
    flags = [*errors.values(), *missing.values(), order]
    if dup_first is not None:
        flags.append(pc.is_valid(dup_first))
    any_bad = flags[0]
    for f in flags[1:]:
        any_bad = pc.or_(any_bad, f)
    bad_idx = np.flatnonzero(pc.fill_null(any_bad, False).to_numpy(zero_copy_only=False))
    rejected = [Rejected(row, None, reason) for row, reason in raw.bad_rows]
    if len(bad_idx):
        rejected += _messages(
            bad_idx, raw.rows, out, originals, errors, missing, order, dup_first, kind, mapping
        )
    rejected.sort(key=lambda r: r.row)
    table = pa.table(
        {**{c: out[c] for c in columns}, "source_row": raw.rows},
        schema=empty_table(kind).schema,
    )
    return LoadResult(table=_without(table, bad_idx), read=n + len(raw.bad_rows), rejected=rejected)


def _without(table: pa.Table, bad: np.ndarray) -> pa.Table:
    """``table`` less the rows ``bad`` (sorted). Few bad rows: zero-copy slices around them
    (a filter would copy every column of millions of rows); many: a filter."""
    if not len(bad):
        return table
    if len(bad) > 10_000:
        keep = np.ones(table.num_rows, dtype=bool)
        keep[bad] = False
        return table.filter(pa.array(keep))
    starts = np.concatenate(([0], bad + 1))
    ends = np.concatenate((bad, [table.num_rows]))
    pieces = [table.slice(a, b - a) for a, b in zip(starts, ends, strict=True) if b > a]
    return pa.concat_tables(pieces) if pieces else table.slice(0, 0)


def _first_rows(ids: pa.ChunkedArray | pa.Array, rows: pa.Array) -> pa.Array:
    """For each row whose id appeared on an earlier row, that earlier row's number (else null).

    64-bit hashes (DuckDB, parallel) sorted with numpy find the few candidate rows; only those
    are compared as strings, in row order, so a hash collision cannot reject a row.
    """
    n = len(ids)
    con = duckdb.connect()
    try:
        con.register("ids", pa.table({"id": ids}))
        hashes = con.sql("SELECT hash(id) AS h FROM ids").to_arrow_table().column(0).to_numpy()
    finally:
        con.close()
    ordered = np.sort(hashes)
    repeated = np.unique(ordered[1:][ordered[1:] == ordered[:-1]])
    if not len(repeated):
        return pa.nulls(n, pa.int64())
    at = np.minimum(np.searchsorted(repeated, hashes), len(repeated) - 1)
    candidates = np.flatnonzero(repeated[at] == hashes)
    id_values = pc.take(ids, pa.array(candidates)).to_pylist()
    row_numbers = rows.to_numpy()
    first_seen: dict[str, int] = {}
    out = np.zeros(n, dtype=np.int64)
    mask = np.ones(n, dtype=bool)
    for i, value in zip(candidates, id_values, strict=True):
        if value is None:
            continue
        if value in first_seen:
            out[i], mask[i] = first_seen[value], False
        else:
            first_seen[value] = row_numbers[i]
    return pa.array(out, pa.int64(), mask=mask)


def _messages(
    bad_idx, rows, out, originals, errors, missing, order, dup_first, kind, mapping
) -> list[Rejected]:
    take = pa.array(bad_idx)
    picked = {c: pc.take(a, take).to_pylist() for c, a in originals.items()}
    err = {c: pc.take(a, take).to_pylist() for c, a in errors.items()}
    miss = {c: pc.take(a, take).to_pylist() for c, a in missing.items()}
    order_l = pc.take(order, take).to_pylist()
    dup_l = pc.take(dup_first, take).to_pylist() if dup_first is not None else [None] * len(bad_idx)
    ids = pc.take(out["dossier_id"], take).to_pylist()
    row_l = pc.take(rows, take).to_pylist()
    result = []
    for j in range(len(bad_idx)):
        reasons = []
        for c, flags in miss.items():
            if flags[j]:
                reasons.append(f"thiếu {_label(c)}")
        for c, flags in err.items():
            if flags[j]:
                reasons.append(_value_error(c, picked.get(c, [None] * len(bad_idx))[j], kind))
        if order_l[j]:
            reasons.append(
                "ngày hoàn thành trước ngày nộp"
                if kind == "dossiers"
                else "thời điểm hết dừng trước lúc bắt đầu dừng"
            )
        if dup_l[j] is not None:
            reasons.append(f"trùng mã hồ sơ với dòng {dup_l[j]} (giữ dòng đầu tiên)")
        result.append(Rejected(row_l[j], ids[j], "; ".join(reasons)))
    return result


def _value_error(column: str, value: object, kind: str) -> str:
    ckind = KINDS[kind][0][column]
    shown = f"“{value}”"
    if ckind == "channel":
        known = "trực tuyến toàn trình, trực tuyến một phần, trực tiếp, bưu chính"
        return f"hình thức nộp không rõ {shown} (cần: {known})"
    if ckind == "ts":
        return f"{_label(column)} không đọc được hoặc ngoài {YEAR_RANGE[0]}–{YEAR_RANGE[1]}: {shown}"
    if ckind == "bool":
        return f"{_label(column)} không phải có/không: {shown}"
    return f"{_label(column)} không phải số nguyên không âm: {shown}"


def combine(results: Sequence[tuple[str, LoadResult]], *, kind: str = "dossiers") -> LoadResult:
    """Several files as one: rows in file order; a dossier id already seen in an earlier file is
    rejected (the first occurrence is kept). Rejected rows carry their file's name."""
    rejected: list[Rejected] = []
    tables = []
    for name, res in results:
        rejected += [Rejected(r.row, r.dossier_id, r.reason, r.file or name) for r in res.rejected]
        tables.append(res.table.append_column("_file", pa.array([name] * res.table.num_rows, pa.string())))
    read = sum(r.read for _, r in results)
    if not tables:
        return LoadResult(empty_table(kind), 0, [])
    table = pa.concat_tables(tables)
    if kind == "dossiers" and len(results) > 1:
        position = pa.array(np.arange(1, table.num_rows + 1), pa.int64())
        first = _first_rows(table.column("dossier_id"), position)
        if first.null_count < len(first):
            dup = pc.is_valid(first)
            idx = np.flatnonzero(dup.to_numpy(zero_copy_only=False))
            files = table.column("_file").to_pylist()
            srows = table.column("source_row").to_pylist()
            ids = table.column("dossier_id").to_pylist()
            firsts = first.to_pylist()
            for i in idx:
                j = firsts[i] - 1
                rejected.append(
                    Rejected(
                        srows[i],
                        ids[i],
                        f"trùng mã hồ sơ với dòng {srows[j]} của tệp {files[j]} (giữ lần đầu)",
                        files[i],
                    )
                )
            table = table.filter(pc.invert(dup))
    return LoadResult(table.drop_columns(["_file"]), read, rejected)
