"""Word (.docx) plans: the body in order, paragraphs and tables interleaved.

Tables of one or two columns are layout (the number/date header block, the signature
block): their cells are read as paragraphs, row by row, so that the plan's number and
date are in the body text.

Works on the XML, not on python-docx's ``row.cells`` (which repeats a merged cell in every
grid column it covers): a cell spanning columns (``w:gridSpan``) is given once and the
columns it covers as ``merged_left``; a cell continuing a vertical merge (``w:vMerge``
without ``restart``) as ``merged_above``. Automatic list numbers and bullets, which are not
in the text, are rendered from the numbering definitions: Word plans often number the
"TT" column with a numbered list.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from cchc.core.planread.document import Cell, Document, Paragraph, PlanReadError, Table
from cchc.core.planread.readers.limits import DEFAULT_LIMITS, ReadLimits, check_parts, open_checked

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _q(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def _val(el: Any, attr: str = "val") -> str | None:
    return None if el is None else el.get(_q(attr))


W_P, W_TBL, W_TR, W_TC, W_R, W_T = _q("p"), _q("tbl"), _q("tr"), _q("tc"), _q("r"), _q("t")
W_SDT, W_SDT_CONTENT, W_CUSTOM_XML = _q("sdt"), _q("sdtContent"), _q("customXml")
# Inside a run or paragraph: what never shows as text (deleted, field codes, drawings…).
_SKIP = {
    _q(t)
    for t in (
        "pPr", "rPr", "del", "moveFrom", "delText", "instrText", "delInstrText", "drawing", "pict",
        "object", "fldData", "footnoteReference", "endnoteReference", "commentReference",
    )
} | {f"{{{_MC}}}Fallback"}  # fmt: skip


# --- list numbering ------------------------------------------------------------------------


def _roman(n: int) -> str:
    out = ""
    for value, sym in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out += sym
            n -= value
    return out


def _letters(n: int) -> str:
    # Word repeats the letter past z: aa, bb…
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else ""


def _format_number(n: int, fmt: str) -> str:
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    return str(n)


class _Numbering:
    """Renders the number or bullet Word draws before a list paragraph."""

    def __init__(self, docx_document: Any) -> None:
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractNumId, start overrides)
        self._levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (abstract, ilvl) -> fmt, text, start
        self._counters: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()
        self._styles: dict[str, Any] = {}
        try:
            numbering = docx_document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            numbering = None
        if numbering is not None:
            for abstract in numbering.iterchildren(_q("abstractNum")):
                aid = _val(abstract, "abstractNumId") or ""
                for lvl in abstract.iterchildren(_q("lvl")):
                    ilvl = int(_val(lvl, "ilvl") or 0)
                    fmt = _val(lvl.find(_q("numFmt"))) or "decimal"
                    text = _val(lvl.find(_q("lvlText")))
                    start = int(_val(lvl.find(_q("start"))) or 1)
                    self._levels[(aid, ilvl)] = (fmt, f"%{ilvl + 1}." if text is None else text, start)
            for num in numbering.iterchildren(_q("num")):
                overrides: dict[int, int] = {}
                for ov in num.iterchildren(_q("lvlOverride")):
                    restart = _val(ov.find(_q("startOverride")))
                    if restart is not None:
                        overrides[int(_val(ov, "ilvl") or 0)] = int(restart)
                nid = _val(num, "numId") or ""
                self._nums[nid] = (_val(num.find(_q("abstractNumId"))) or "", overrides)
        try:
            for style in docx_document.styles.element.iterchildren(_q("style")):
                self._styles[_val(style, "styleId") or ""] = style
        except AttributeError:  # pragma: no cover - a document without styles part
            pass

    def _num_pr(self, p: Any) -> tuple[str | None, int]:
        num_id: str | None = None
        ilvl: int | None = None
        ppr = p.find(_q("pPr"))
        style_id = None
        if ppr is not None:
            numpr = ppr.find(_q("numPr"))
            if numpr is not None:
                num_id = _val(numpr.find(_q("numId")))
                lvl = _val(numpr.find(_q("ilvl")))
                ilvl = int(lvl) if lvl is not None else None
            style_id = _val(ppr.find(_q("pStyle")))
        seen: set[str] = set()
        while num_id is None and style_id and style_id not in seen:
            seen.add(style_id)
            style = self._styles.get(style_id)
            if style is None:
                break
            numpr = style.find(f"{_q('pPr')}/{_q('numPr')}")
            if numpr is not None:
                num_id = _val(numpr.find(_q("numId")))
                if ilvl is None:
                    lvl = _val(numpr.find(_q("ilvl")))
                    ilvl = int(lvl) if lvl is not None else None
            style_id = _val(style.find(_q("basedOn")))
        return num_id, ilvl or 0

    def prefix(self, p: Any) -> str:
        num_id, ilvl = self._num_pr(p)
        if not num_id or num_id == "0" or num_id not in self._nums:
            return ""
        abstract, overrides = self._nums[num_id]
        level = self._levels.get((abstract, ilvl))
        if level is None:
            return ""
        fmt, text, _ = level
        if fmt == "bullet":
            return "+ " if text.strip() == "+" else "- "
        if fmt == "none":
            return text.strip() + " " if text.strip() and "%" not in text else ""
        counters = self._counters.setdefault(abstract, {})
        if num_id not in self._started:
            # A list instance with a start override restarts its levels there.
            self._started.add(num_id)
            for lvl, value in overrides.items():
                counters[lvl] = value - 1
        counters[ilvl] = counters.get(ilvl, self._levels[(abstract, ilvl)][2] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        out = text
        for k in range(ilvl, -1, -1):
            lvl_fmt, _, lvl_start = self._levels.get((abstract, k), ("decimal", "", 1))
            out = out.replace(f"%{k + 1}", _format_number(counters.get(k, lvl_start), lvl_fmt))
        return out.strip() + " " if out.strip() else ""


# --- text ------------------------------------------------------------------------------------


def _run_text(el: Any, out: list[str]) -> None:
    for child in el.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == W_T:
            out.append(child.text or "")
        elif tag == _q("tab"):
            out.append(" ")
        elif tag == _q("br"):
            if _val(child, "type") not in ("page", "column"):
                out.append("\n")
        elif tag == _q("cr"):
            out.append("\n")
        elif tag == _q("noBreakHyphen"):
            out.append("-")
        else:  # runs, hyperlinks, insertions, smart tags, content controls, fields…
            _run_text(child, out)


def _paragraph_text(p: Any, numbering: _Numbering) -> str:
    out: list[str] = []
    _run_text(p, out)
    text = "".join(out).replace("\xa0", " ").strip()
    prefix = numbering.prefix(p)
    if prefix and not (prefix.strip() in "-+" and text[:1] in "-+•–"):
        text = (prefix + text).strip()
    return text


def _block_children(el: Any) -> Iterator[Any]:
    """Paragraphs and tables of a body or a cell, seen through content controls."""
    for child in el.iterchildren():
        if child.tag in (W_P, W_TBL):
            yield child
        elif child.tag in (W_SDT, W_CUSTOM_XML):
            content = child.find(W_SDT_CONTENT) if child.tag == W_SDT else child
            if content is not None:
                yield from _block_children(content)


def _cells(tr: Any) -> Iterator[Any]:
    for child in tr.iterchildren():
        if child.tag == W_TC:
            yield child
        elif child.tag in (W_SDT, W_CUSTOM_XML):
            content = child.find(W_SDT_CONTENT) if child.tag == W_SDT else child
            if content is not None:
                yield from _cells(content)


def _rows(tbl: Any) -> Iterator[Any]:
    for child in tbl.iterchildren():
        if child.tag == W_TR:
            yield child
        elif child.tag in (W_SDT, W_CUSTOM_XML):
            content = child.find(W_SDT_CONTENT) if child.tag == W_SDT else child
            if content is not None:
                yield from _rows(content)


def _cell_lines(tc: Any, numbering: _Numbering) -> list[str]:
    lines: list[str] = []
    for block in _block_children(tc):
        if block.tag == W_P:
            text = _paragraph_text(block, numbering)
            if text:
                lines.append(text)
        else:  # a nested table: its text, cell by cell, in reading order
            for tr in _rows(block):
                for inner in _cells(tr):
                    lines.extend(_cell_lines(inner, numbering))
    return lines


def _read_table(tbl: Any, numbering: _Numbering) -> Table:
    table = Table()
    for index, tr in enumerate(_rows(tbl), start=1):
        row: list[Cell] = []
        trpr = tr.find(_q("trPr"))
        before = int(_val(trpr.find(_q("gridBefore"))) or 0) if trpr is not None else 0
        after = int(_val(trpr.find(_q("gridAfter"))) or 0) if trpr is not None else 0
        row.extend(Cell("") for _ in range(before))
        for tc in _cells(tr):
            tcpr = tc.find(_q("tcPr"))
            span, vmerge, hmerge = 1, None, None
            if tcpr is not None:
                span = max(1, int(_val(tcpr.find(_q("gridSpan"))) or 1))
                vm = tcpr.find(_q("vMerge"))
                vmerge = None if vm is None else (_val(vm) or "continue")
                hm = tcpr.find(_q("hMerge"))  # legacy horizontal merge
                hmerge = None if hm is None else (_val(hm) or "continue")
            if vmerge == "continue":
                row.extend(Cell("", merged_above=True) for _ in range(span))
                continue
            if hmerge == "continue":
                row.extend(Cell("", merged_left=True) for _ in range(span))
                continue
            row.append(Cell("\n".join(_cell_lines(tc, numbering))))
            row.extend(Cell("", merged_left=True) for _ in range(span - 1))
        row.extend(Cell("") for _ in range(after))
        table.rows.append(row)
        table.origins.append(index)  # docx has no lines or pages: the row's place in its table
    width = table.width
    for row in table.rows:
        row.extend(Cell("") for _ in range(width - len(row)))
    return table


_WML_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_OTHER_MAINS = (
    b"application/vnd.ms-word.document.macroEnabled.main+xml",  # .docm
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",  # .dotx
    b"application/vnd.ms-word.template.macroEnabledTemplate.main+xml",  # .dotm
)
# Tables this narrow are layout (the "Số: …/KH-SCT | …, ngày …" header block, the
# "Nơi nhận | GIÁM ĐỐC" signature), never a task table: their text is body text.
_LAYOUT_MAX_COLUMNS = 2


def _as_document(data: bytes) -> bytes:
    """A macro-enabled document or a template, relabelled as a plain document: python-docx
    refuses them on the content type alone, though their text is the same."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        types = zin.read("[Content_Types].xml")
        if not any(t in types for t in _OTHER_MAINS):
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for item in zin.infolist():
                content = zin.read(item)
                if item.filename == "[Content_Types].xml":
                    for other in _OTHER_MAINS:
                        content = content.replace(other, _WML_MAIN)
                zout.writestr(item, content)
        return out.getvalue()


def read_docx(data: bytes, limits: ReadLimits = DEFAULT_LIMITS) -> Document:
    """Read a Word document into paragraphs and tables, in body order, after checking what
    it expands to and how many rows, cells and paragraphs its body holds."""
    zf = open_checked(data, limits)
    if "word/document.xml" in zf.namelist():
        check_parts(
            zf,
            ["word/document.xml"],
            [
                (b"tr", "max_rows", "dòng bảng"),
                (b"tc", "max_cells", "ô bảng"),
                (b"p", "max_cells", "đoạn văn"),
            ],
            limits,
        )
    try:
        import docx

        source = docx.Document(io.BytesIO(_as_document(data)))
        body = source.element.body
    except Exception as exc:  # python-docx raises whatever zipfile/lxml/opc raise
        raise PlanReadError(
            "corrupt", "Tệp Word (.docx) bị hỏng hoặc không đúng định dạng: không mở được."
        ) from exc
    numbering = _Numbering(source)
    doc = Document(format="docx")
    try:
        for block in _block_children(body):
            if block.tag == W_P:
                text = _paragraph_text(block, numbering)
                if text:
                    doc.blocks.append(Paragraph(text))
            else:
                table = _read_table(block, numbering)
                if table.width <= _LAYOUT_MAX_COLUMNS:
                    doc.blocks.extend(
                        Paragraph(line)
                        for row in table.rows
                        for cell in row
                        for line in cell.text.split("\n")
                        if line
                    )
                elif table.rows:
                    doc.blocks.append(table)
    except (ValueError, TypeError) as exc:  # malformed attributes (gridSpan="x"…)
        raise PlanReadError("corrupt", "Tệp Word (.docx) có bảng bị hỏng: không đọc được.") from exc
    return doc


__all__ = ["read_docx"]
