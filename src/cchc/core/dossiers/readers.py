"""Raw readers: an export file (CSV, XLSX, Parquet) to a table of its columns, untouched.

Every reader returns the headers as the file has them and, for text formats, every cell as
a string; ``load.py`` maps the headers and parses the values. CSV and XLSX exports often
open with a title or a few blank lines: the header row is the first of the first 30 rows
in which at least two headers are known to the mapping.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from cchc.core.dossiers.schema import DossierReadError
from cchc.core.text import fold_words
from cchc.core.zipguard import MB, ZipLimits, ZipRefused, check_zip

HEADER_SCAN_ROWS = 30
# What an .xlsx export may expand to: a year of a provincial centre's dossiers is a few
# hundred MB of sheet XML; a zip bomb is refused from the zip's directory before openpyxl.
XLSX_LIMITS = ZipLimits(max_total_bytes=2048 * MB)


@dataclass(slots=True)
class RawTable:
    table: pa.Table  # columns c0, c1, … in file order
    headers: list[str]
    rows: pa.Array  # 1-based data row number of each table row (header not counted)
    bad_rows: list[tuple[int, str]]  # (data row, reason) of rows that could not be split into cells


def detect_format(data_head: bytes, name: str | None) -> str:
    suffix = Path(name).suffix.lower() if name else ""
    if suffix in (".csv", ".txt", ".tsv"):
        return "csv"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    if suffix == ".xls" or data_head.startswith(b"\xd0\xcf\x11\xe0"):
        raise DossierReadError(
            "Tệp Excel .xls (định dạng cũ) không đọc được: hãy lưu lại thành .xlsx hoặc CSV."
        )
    if data_head.startswith(b"PAR1"):
        return "parquet"
    if data_head.startswith(b"PK"):
        return "xlsx"
    if suffix and suffix not in (".dat",):
        raise DossierReadError(f"Không nhận ra định dạng tệp “{name}”: chỉ đọc CSV, XLSX hoặc Parquet.")
    if b"\x00" in data_head[:4096] and not data_head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DossierReadError("Không nhận ra định dạng tệp: không phải CSV, XLSX hay Parquet.")
    return "csv"


def _header_score(cells: Sequence[object], known: dict[str, str]) -> int:
    return len({known[k] for c in cells if c is not None and (k := fold_words(str(c))) in known})


def read_raw(source: str | Path | bytes, name: str | None, known: dict[str, str]) -> RawTable:
    """``known`` maps folded headers to canonical names (to find the header row)."""
    if isinstance(source, bytes | bytearray | memoryview):
        raw = bytes(source)
        head = raw[:8192]
        src: bytes | Path = raw
    else:
        path = Path(source)
        name = name or path.name
        try:
            with path.open("rb") as fh:
                head = fh.read(8192)
        except OSError as exc:
            raise DossierReadError(f"Không mở được tệp {path}: {exc.strerror or exc}") from exc
        src = path
    fmt = detect_format(head, name)
    try:
        if fmt == "parquet":
            return _read_parquet(src, known)
        if fmt == "xlsx":
            return _read_xlsx(src, known)
        return _read_csv(src if isinstance(src, bytes) else src.read_bytes(), known)
    except DossierReadError:
        raise
    except Exception as exc:  # a corrupt file must give a message, not a traceback
        raise DossierReadError(f"Không đọc được tệp {name or ''} ({fmt.upper()}): {exc}") from exc


def _read_parquet(src: bytes | Path, known: dict[str, str]) -> RawTable:
    source = pa.BufferReader(src) if isinstance(src, bytes) else src
    schema = pq.read_schema(source)
    # Only the columns the mapping knows; text columns other than the id stay dictionary-
    # encoded (units, officers, procedures, channels repeat: far less memory and work).
    wanted = [f.name for f in schema if fold_words(f.name) in known]
    texts = [
        n for n in wanted if pa.types.is_string(schema.field(n).type) and known[fold_words(n)] != "dossier_id"
    ]
    if isinstance(src, bytes):
        source = pa.BufferReader(src)
    table = pq.ParquetFile(source, read_dictionary=texts).read(columns=wanted)
    headers = list(table.column_names)
    table = table.rename_columns([f"c{i}" for i in range(table.num_columns)])
    rows = pa.array(np.arange(1, table.num_rows + 1, dtype=np.int64))
    return RawTable(table, headers, rows, [])


@dataclass(slots=True)
class Decoded:
    text: str
    encoding: str  # as people call it: "UTF-8", "UTF-16", "Windows-1258"
    bad_lines: list[int]  # 1-based lines of the file holding a byte the encoding cannot read


def _bad_lines(data: bytes, encoding: str) -> list[int]:
    """The file's lines (1-based) that hold undecodable bytes; called only when some exist."""
    lines: list[int] = []
    start = 0
    while True:
        try:
            data[start:].decode(encoding)
            return lines
        except UnicodeDecodeError as exc:
            at = start + exc.start
            line = data.count(b"\n", 0, at) + 1
            if not lines or lines[-1] != line:
                lines.append(line)
            start += exc.end


def _decode(data: bytes) -> Decoded:
    """Text of a CSV export. UTF-8 (with or without BOM) unless the bytes are mostly not
    UTF-8, then the legacy Vietnamese code page (cp1258), as some older exports are saved.
    A byte that cannot be read does not refuse the file: it becomes U+FFFD and its row is
    rejected by ``_read_csv`` with the line named."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Decoded(data.decode("utf-16", errors="replace"), "UTF-16", [])
    try:
        return Decoded(data.decode("utf-8-sig"), "UTF-8", [])
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8-sig", errors="replace")
    bad = text.count("\ufffd")
    readable = sum(1 for ch in text if ch > "\x7f") - bad
    if readable >= bad:  # a UTF-8 file with a few damaged bytes
        return Decoded(text, "UTF-8", _bad_lines(data.removeprefix(b"\xef\xbb\xbf"), "utf-8"))
    text = data.decode("cp1258", errors="replace")
    lines = _bad_lines(data, "cp1258") if "\ufffd" in text else []
    return Decoded(text, "Windows-1258", lines)


def _sniff(text: str, known: dict[str, str]) -> tuple[str, int, list[str]]:
    """(delimiter, index of the header record, headers) from the first lines."""
    head_lines = text[:65536].splitlines()[:HEADER_SCAN_ROWS]
    best: tuple[str, int, list[str], int] = (",", 0, [], -1)
    for delim in (",", ";", "\t", "|"):
        for i, cells in enumerate(csv.reader(head_lines, delimiter=delim)):
            score = _header_score(cells, known)
            if score > best[3] and (score >= 2 or best[3] < 0):
                best = (delim, i, cells, score)
    if best[3] < 2:
        first = next(csv.reader(head_lines[:1]), [])
        raise DossierReadError(
            "Không tìm thấy dòng tiêu đề (cần ít nhất các cột mã hồ sơ, ngày nộp…). "
            f"Dòng đầu của tệp: {', '.join(first)[:300]}"
        )
    return best[0], best[1], [c.strip() for c in best[2]]


def _read_csv(data: bytes, known: dict[str, str]) -> RawTable:
    decoded = _decode(data)
    raw = _read_csv_text(decoded.text, known)
    return _without_undecodable(raw, decoded) if decoded.bad_lines else raw


def _without_undecodable(raw: RawTable, decoded: Decoded) -> RawTable:
    """The rows holding an unreadable byte (U+FFFD) moved to ``bad_rows``, named by their line
    in the file, so that the good rows are kept."""
    hit = None
    for col in raw.table.columns:
        found = pc.fill_null(pc.match_substring(col, "\ufffd"), False)
        hit = found if hit is None else pc.or_(hit, found)
    if hit is None:
        return raw
    idx = np.flatnonzero(hit.to_numpy(zero_copy_only=False))
    rows = pc.take(raw.rows, pa.array(idx, pa.int64())).to_pylist()
    # One unreadable byte per bad row is the usual case: then each row's line is known.
    lines = decoded.bad_lines if len(decoded.bad_lines) == len(rows) else [None] * len(rows)
    bad = list(raw.bad_rows)
    for row, line in zip(rows, lines, strict=True):
        where = f" (dòng {line} của tệp)" if line else ""
        bad.append(
            (
                row,
                f"có ký tự không đọc được theo bảng mã {decoded.encoding}{where}: "
                "hãy sửa dòng này trong hệ thống rồi xuất lại",
            )
        )
    keep = np.ones(raw.table.num_rows, dtype=bool)
    keep[idx] = False
    mask = pa.array(keep)
    return RawTable(raw.table.filter(mask), raw.headers, raw.rows.filter(mask), sorted(bad))


def _read_csv_text(text: str, known: dict[str, str]) -> RawTable:
    delim, header_at, headers = _sniff(text, known)
    names = [f"c{i}" for i in range(len(headers))]
    invalid: list[str] = []

    def on_invalid(row: pa_csv.InvalidRow) -> str:
        invalid.append(row.text)
        return "skip"

    body = text.encode("utf-8")
    table = pa_csv.read_csv(
        io.BytesIO(body),
        read_options=pa_csv.ReadOptions(column_names=names, skip_rows=header_at + 1, block_size=1 << 24),
        parse_options=pa_csv.ParseOptions(
            delimiter=delim, newlines_in_values=True, invalid_row_handler=on_invalid
        ),
        convert_options=pa_csv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    if invalid:
        # Arrow does not say where the bad rows were: read this (rare) file again row by row.
        return _read_csv_slow(text, delim, header_at, headers)
    rows = pa.array(np.arange(1, table.num_rows + 1, dtype=np.int64))
    return RawTable(table, headers, rows, [])


def _read_csv_slow(text: str, delim: str, header_at: int, headers: list[str]) -> RawTable:
    width = len(headers)
    columns: list[list[str]] = [[] for _ in range(width)]
    rows: list[int] = []
    bad: list[tuple[int, str]] = []
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    for _ in range(header_at + 1):
        next(reader, None)
    for n, cells in enumerate(reader, start=1):
        if not cells or all(not c.strip() for c in cells):
            continue
        if len(cells) != width:
            bad.append((n, f"Số ô của dòng ({len(cells)}) khác số cột tiêu đề ({width})"))
            continue
        rows.append(n)
        for col, cell in zip(columns, cells, strict=True):
            col.append(cell)
    table = pa.table({f"c{i}": pa.array(col, pa.string()) for i, col in enumerate(columns)})
    return RawTable(table, headers, pa.array(rows, pa.int64()), bad)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        # Excel stores a date as a midnight datetime: keep it a date (a due date means the day).
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(src: bytes | Path, known: dict[str, str], limits: ZipLimits = XLSX_LIMITS) -> RawTable:
    from openpyxl import load_workbook

    try:
        check_zip(src, limits)
    except ZipRefused as exc:
        if exc.code != "corrupt":  # a corrupt zip: openpyxl's own error names the file
            raise DossierReadError(exc.message) from exc

    wb = load_workbook(io.BytesIO(src) if isinstance(src, bytes) else src, read_only=True, data_only=True)
    try:
        for ws in wb.worksheets:
            it = ws.iter_rows(values_only=True)
            lead = []
            for _ in range(HEADER_SCAN_ROWS):
                row = next(it, None)
                if row is None:
                    break
                lead.append(row)
            scores = [_header_score(list(r), known) for r in lead]
            if not scores or max(scores) < 2:
                continue
            at = scores.index(max(scores))
            headers = [_cell_text(c).strip() for c in lead[at]]
            while headers and not headers[-1]:
                headers.pop()
            width = len(headers)
            columns: list[list[str]] = [[] for _ in range(width)]
            rows: list[int] = []
            body = [*lead[at + 1 :]]
            for n, values in enumerate(_chain(body, it), start=1):
                cells = [_cell_text(v) for v in values[:width]]
                if not any(c.strip() for c in cells):
                    continue
                cells += [""] * (width - len(cells))
                rows.append(n)
                for col, cell in zip(columns, cells, strict=True):
                    col.append(cell)
            table = pa.table({f"c{i}": pa.array(col, pa.string()) for i, col in enumerate(columns)})
            return RawTable(table, headers, pa.array(rows, pa.int64()), [])
    finally:
        wb.close()
    raise DossierReadError("Không tìm thấy dòng tiêu đề ở trang tính nào (cần các cột mã hồ sơ, ngày nộp…).")


def _chain(first, rest):
    yield from first
    yield from rest
