"""Reading a criteria workbook (the layout of ``workbook``) into a ``CriteriaSet``.

Every problem of the file is collected, each with its sheet, row and column, and the
file is refused as a whole (``CriteriaFileError``): nothing is imported from a file with
a bad row, and the Office corrects them all in one pass. A row whose own cells are bad
is left out of the structure checks, so that its children are not reported as orphans
too. The file is checked before openpyxl opens it (``core.zipguard``): what it expands
to and how many rows and cells its sheets hold.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal
from os import PathLike
from pathlib import Path
from typing import Any, BinaryIO

from cchc.core.errors import UserError
from cchc.core.formats import count_text
from cchc.core.planread.readers.xlsx import cell_text
from cchc.core.scoring.criteria import (
    BODY_KINDS,
    LEVEL_LABELS,
    LEVELS,
    CriteriaSet,
    Item,
    SourceError,
    parse_source,
)
from cchc.core.scoring.rule_text import parse_rule_text
from cchc.core.scoring.rules import RuleError, to_decimal
from cchc.core.scoring.workbook import COLUMNS, INFO_KEYS, INFO_SHEET, ITEMS_SHEET
from cchc.core.text import fold
from cchc.core.zipguard import MB, ZipLimits, ZipRefused, check_zip, count_tags

__all__ = ["LIMITS", "CriteriaFileError", "ReadLimits", "RowProblem", "read_criteria"]


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """The most a criteria workbook may hold (a province's set has a few hundred rows)."""

    max_rows: int = 5_000
    max_cells: int = 100_000
    zip: ZipLimits = field(default_factory=lambda: ZipLimits(max_total_bytes=32 * MB))


LIMITS = ReadLimits()


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A problem of the file: ``row`` is the sheet's row number (0: the file or the sheet as
    a whole), ``column`` the column's header ("" for the whole row)."""

    row: int
    column: str
    message: str
    sheet: str = ITEMS_SHEET

    def __str__(self) -> str:
        where = f"{self.sheet}, dòng {self.row}" if self.row else self.sheet
        return f"{where}{', cột ' + self.column if self.column else ''}: {self.message}"


class CriteriaFileError(UserError):
    """A criteria workbook refused; ``problems`` lists every problem found."""

    def __init__(self, problems: list[RowProblem]) -> None:
        shown = "; ".join(str(p) for p in problems[:5])
        more = f"; và {count_text(len(problems) - 5)} lỗi khác" if len(problems) > 5 else ""
        super().__init__(
            f"Tệp bộ tiêu chí có {count_text(len(problems))} lỗi, chưa nhập mục nào: {shown}{more}. "
            "Hãy sửa rồi nhập lại."
        )
        self.problems = problems


_LEVELS: dict[str, str] = {fold(label): level for level, label in LEVEL_LABELS.items()}
_LEVELS |= {level: level for level in LEVELS} | {"tieu chi con": "sub", "thuong": "bonus", "tru": "penalty"}
_HEADERS: dict[str, str] = {fold(header): key for key, header, _, _ in COLUMNS} | {
    key: key for key, _, _, _ in COLUMNS
}
_HEADER_LABELS = {key: header for key, header, _, _ in COLUMNS}
_REQUIRED = ("code", "level", "title", "maximum")
_HEADER_SCAN = 10  # rows searched for the header
_INFO: dict[str, str] = {fold(label): key for key, label, _ in INFO_KEYS} | {
    key: key for key, _, _ in INFO_KEYS
}
_INFO_LABELS = {key: label for key, label, _ in INFO_KEYS}
_YES = {"co", "x", "yes", "true", "1", "dung"}
_NO = {"khong", "no", "false", "0", ""}
_FORMULA = "Ô chứa công thức: hãy nhập giá trị (dán dạng giá trị), không dùng công thức."


def _load(source: bytes | str | PathLike[str] | BinaryIO, limits: ReadLimits) -> Any:
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, str | PathLike):
        data = Path(source).read_bytes()
    else:
        data = source.read()
    refused = [
        RowProblem(0, "", "Tệp không phải bảng tính Excel (.xlsx) hoặc bị hỏng: không mở được.", "Tệp")
    ]
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        check_zip(zf, limits.zip)
        parts = [n for n in zf.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        rows = cells = 0
        for name in parts:
            rows += count_tags(zf, name, b"row", limits.max_rows - rows, limits.zip.max_total_bytes)
            cells += count_tags(zf, name, b"c", limits.max_cells - cells, limits.zip.max_total_bytes)
            if rows > limits.max_rows or cells > limits.max_cells:
                raise CriteriaFileError(
                    [
                        RowProblem(
                            0,
                            "",
                            f"Tệp có hơn {count_text(limits.max_rows)} dòng hoặc "
                            f"{count_text(limits.max_cells)} ô: quá lớn cho một bộ tiêu chí "
                            "(thường vài trăm dòng).",
                            "Tệp",
                        )
                    ]
                )
    except ZipRefused as exc:
        raise CriteriaFileError([RowProblem(0, "", exc.message, "Tệp")]) from exc
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError) as exc:
        raise CriteriaFileError(refused) from exc
    try:
        from openpyxl import load_workbook

        # Formulas are read as formulas (data_only=False): they are refused, not evaluated.
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, lxml and its own errors
        raise CriteriaFileError(refused) from exc


class _Sheet:
    """The rows of one sheet, each a tuple of (value, is_formula) cells."""

    def __init__(self, ws: Any) -> None:
        self.rows: list[tuple[int, list[tuple[Any, bool]]]] = []
        for n, row in enumerate(ws.iter_rows(), start=1):
            cells = [(c.value, getattr(c, "data_type", "") == "f") for c in row]
            if any(v not in (None, "") for v, _ in cells):
                self.rows.append((n, cells))


def _text(value: Any) -> str:
    return cell_text(value).strip()


def _number(value: Any, what: str) -> Decimal:
    if isinstance(value, str):
        value = value.strip()
    return to_decimal(value, what)


def _read_info(sheet: _Sheet | None, problems: list[RowProblem]) -> dict[str, Any]:
    info: dict[str, Any] = {}
    if sheet is None:
        problems.append(RowProblem(0, "", f"Thiếu trang tính “{INFO_SHEET}”.", INFO_SHEET))
        return info

    def bad(row: int, key: str, message: str) -> None:
        problems.append(RowProblem(row, _INFO_LABELS.get(key, key), message, INFO_SHEET))

    rows: dict[str, int] = {}
    for n, cells in sheet.rows:
        (label, _), (value, formula) = (cells + [(None, False)] * 2)[:2]
        key = _INFO.get(fold(_text(label)))
        if key is None:
            if fold(_text(value)) == "gia tri":  # a header row "… | Giá trị"
                continue
            problems.append(
                RowProblem(n, "", f"Mục “{_text(label)}” không có trong trang thông tin.", INFO_SHEET)
            )
            continue
        if key in rows:
            bad(n, key, f"Mục này đã có ở dòng {rows[key]}.")
            continue
        rows[key] = n
        if formula:
            bad(n, key, _FORMULA)
            continue
        try:
            info[key] = _info_value(key, value)
        except UserError as exc:
            bad(n, key, exc.message)
    for key in ("title", "province", "year", "body_kind"):
        if not info.get(key):
            where = rows.get(key, 0)
            if key not in rows or where not in {p.row for p in problems if p.sheet == INFO_SHEET}:
                bad(where, key, f"Thiếu {_INFO_LABELS[key].lower()}.")
    return info


def _info_value(key: str, value: Any) -> Any:
    text = _text(value)
    if key == "year":
        if not text:
            return None
        year = _number(value, "Năm")
        if year != year.to_integral_value() or not 2000 <= year <= 2100:
            raise UserError(f"Năm “{text}” không hợp lệ (ví dụ 2026).")
        return int(year)
    if key in ("round", "bonus_cap", "penalty_cap"):
        if not text:
            return None
        number = _number(value, _INFO_LABELS[key])
        if number < 0 or (key == "round" and number == 0):
            raise UserError(
                f"{_INFO_LABELS[key]} phải là số {'lớn hơn 0' if key == 'round' else 'không âm'}."
            )
        return number
    if key == "illustrative":
        folded = fold(text)
        if folded in _YES | _NO:
            return folded in _YES
        raise UserError(f"“{text}”: ghi Có hoặc Không.")
    if key == "body_kind":
        return fold(text) if fold(text) in BODY_KINDS else text
    return text


def _columns(cells: list[tuple[Any, bool]]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for i, (value, _) in enumerate(cells):
        key = _HEADERS.get(fold(_text(value)))
        if key is not None and key not in columns:
            columns[key] = i
    return columns


def _header(sheet: _Sheet, problems: list[RowProblem]) -> tuple[int, dict[str, int]] | None:
    """The header row: the first of the first rows naming the required columns (a title row
    "BỘ TIÊU CHÍ …" may stand above it)."""
    if not sheet.rows:
        problems.append(RowProblem(0, "", "Trang tính trống: cần dòng tiêu đề và các dòng mục."))
        return None
    for n, cells in sheet.rows[:_HEADER_SCAN]:
        columns = _columns(cells)
        if all(k in columns for k in _REQUIRED):
            return n, columns
    n, cells = max(sheet.rows[:_HEADER_SCAN], key=lambda r: len(_columns(r[1])))
    missing = [_HEADER_LABELS[k] for k in _REQUIRED if k not in _columns(cells)]
    problems.append(RowProblem(n, "", f"Dòng tiêu đề thiếu cột: {', '.join(missing)}."))
    return None


def _row_values(
    cells: list[tuple[Any, bool]], columns: dict[str, int], n: int, out: list[RowProblem]
) -> dict[str, Any]:
    """The row's value in each column (None when absent); a formula is reported, not read."""
    values: dict[str, Any] = {}
    for key, _, _, _ in COLUMNS:
        i = columns.get(key)
        value, formula = cells[i] if i is not None and i < len(cells) else (None, False)
        if formula:
            out.append(RowProblem(n, _HEADER_LABELS[key], _FORMULA))
            value = None
        values[key] = value
    return values


def _read_items(
    sheet: _Sheet | None, problems: list[RowProblem], known_sources: Collection[str] | None
) -> tuple[list[Item], dict[str, int], set[str]]:
    """The good rows' items, the row of each code, and the codes of the bad rows."""
    items: list[Item] = []
    rows: dict[str, int] = {}
    bad_codes: set[str] = set()
    if sheet is None:
        problems.append(RowProblem(0, "", f"Thiếu trang tính “{ITEMS_SHEET}”."))
        return items, rows, bad_codes
    found = _header(sheet, problems)
    if found is None:
        return items, rows, bad_codes
    header_row, columns = found
    known = set(known_sources) if known_sources is not None else None
    for n, cells in sheet.rows:
        if n <= header_row:
            continue
        row_problems: list[RowProblem] = []

        value = _row_values(cells, columns, n, row_problems)

        def bad(key: str, message: str, n: int = n, out: list = row_problems) -> None:
            # One problem per cell: a formula is not also reported as a missing value.
            if all(p.column != _HEADER_LABELS[key] for p in out):
                out.append(RowProblem(n, _HEADER_LABELS[key], message))

        code, title, parent = _text(value["code"]), _text(value["title"]), _text(value["parent"])
        level = _LEVELS.get(fold(_text(value["level"])))
        if not code:
            bad("code", "Thiếu mã.")
        elif code in rows:
            bad("code", f"Mã “{code}” trùng với dòng {rows[code]}.")
        if level is None:
            raw = _text(value["level"])
            bad(
                "level",
                f"Cấp “{raw}” không có: ghi {', '.join(LEVEL_LABELS.values())}." if raw else "Thiếu cấp.",
            )
        elif not parent and level in ("criterion", "sub"):
            parent = code.rstrip(".").rpartition(".")[0]
        if not title:
            bad("title", "Thiếu nội dung.")
        maximum = _row_number(value["maximum"], bad)
        try:
            rule = parse_rule_text(_text(value["rule"]))
        except RuleError as exc:
            bad("rule", exc.message)
        source_text = _text(value["source"])
        source = None
        if source_text:
            try:
                source = parse_source(source_text)
            except SourceError as exc:
                bad("source", exc.message)
            else:
                if known is not None and source.name not in known:
                    shown = ", ".join(sorted(known)[:12]) or "(chưa có nguồn nào)"
                    bad("source", f"Nguồn số liệu “{source.name}” không có. Các nguồn có: {shown}.")
        guide, evidence = _text(value["guide"]), _text(value["evidence_required"])
        if row_problems:
            problems.extend(row_problems)
            if code and code not in rows:
                bad_codes.add(code)
                rows[code] = n
            continue
        assert level is not None and maximum is not None
        rows[code] = n
        items.append(Item(code, level, title, maximum, rule, parent, source, guide, evidence))  # type: ignore[arg-type]
    return items, rows, bad_codes


def _row_number(value: Any, bad: Any) -> Decimal | None:
    if _text(value) == "":
        bad("maximum", "Thiếu điểm tối đa.")
        return None
    try:
        number = _number(value, "Điểm tối đa")
    except RuleError as exc:
        bad("maximum", exc.message)
        return None
    if number < 0:
        bad("maximum", "Điểm tối đa không được âm.")
        return None
    return number


def read_criteria(
    source: bytes | str | PathLike[str] | BinaryIO,
    *,
    known_sources: Collection[str] | None = None,
    limits: ReadLimits = LIMITS,
) -> CriteriaSet:
    """The criteria set a workbook holds (a path, its bytes or an open binary file).

    Raises ``CriteriaFileError`` listing every problem: a file that is not a workbook or is
    too large, a missing sheet, column or required value, a bad number, level or rule, an
    unknown source (when ``known_sources``, names "kind.metric", is given), a duplicate
    code, an unknown parent, the structure problems of ``CriteriaSet.validate``, and every
    cell holding a formula. Text is NFC and stripped; a number typed as 0.1 is Decimal("0.1").
    """
    wb = _load(source, limits)
    problems: list[RowProblem] = []
    try:
        sheets = {fold(ws.title): ws for ws in wb.worksheets}
        info_ws, items_ws = sheets.get(fold(INFO_SHEET)), sheets.get(fold(ITEMS_SHEET))
        info = _read_info(_Sheet(info_ws) if info_ws is not None else None, problems)
        items, rows, bad_codes = _read_items(
            _Sheet(items_ws) if items_ws is not None else None, problems, known_sources
        )
    finally:
        wb.close()
    cset = CriteriaSet(
        title=info.get("title") or "",
        province=info.get("province") or "",
        year=info.get("year") or 0,
        body_kind=info.get("body_kind") or "",
        items=tuple(items),
        round=info.get("round"),
        bonus_cap=info.get("bonus_cap"),
        penalty_cap=info.get("penalty_cap"),
        decision=info.get("decision") or "",
        illustrative=bool(info.get("illustrative")),
    )
    for p in cset.structure_problems():
        item = cset.by_code[p.code]
        if p.kind == "unknown_parent" and item.parent in bad_codes:
            continue  # the parent's own row is reported
        column = "Điểm tối đa" if p.kind in ("children_over", "negative_maximum") else "Mã cấp trên"
        problems.append(RowProblem(rows.get(p.code, 0), column, p.message))
    if problems:
        order = {INFO_SHEET: 1, ITEMS_SHEET: 2}
        problems.sort(key=lambda p: (order.get(p.sheet, 0), p.row))
        raise CriteriaFileError(problems)
    return cset
