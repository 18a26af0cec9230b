"""The report as a Word document (docxtpl): ``render_docx(doc, template=None) -> bytes``.

The template is a .docx with Jinja tags (docxtpl's syntax): the shipped one
(``template.default_template()``) or a department's own copy of it, edited in Word. Its
variables (``TEMPLATE_VARIABLES``; docs/report-template.md shows them in use):

====================  ===================================================================
``governing_body``    "UBND TỈNH HÒA BÌNH XANH"
``issuing_body``      "SỞ CÔNG THƯƠNG"
``number``            "Số:      /BC-SCT" (as the letterhead gives it, "Số:" included)
``place``             "Hòa Bình Xanh"
``dated``             "20/09/2026", or "" while the date is left blank
``year``              2026
``place_date``        "Hòa Bình Xanh, ngày 20 tháng 9 năm 2026" (Decree 30's way: a day under
                      10 and the months 1, 2 with a leading zero; blanks without a date)
``title``             "BÁO CÁO"
``summary``           "Kết quả thực hiện công tác cải cách hành chính quý III năm 2026"
``body``              the opening, sections, tables and charts: ``{{p body }}``, alone in its
                      paragraph (required)
``recipients``        the "Nơi nhận:" entries, a list: ``{%p for r in recipients %}`` …
``signature``         ``signature.authority`` ("KT. GIÁM ĐỐC" or ""), ``signature.title``,
                      ``signature.name``
====================  ===================================================================

Values are inserted as text: a narrative holding ``{{``, ``<`` or ``&`` prints as typed
(autoescaping; the body is built as XML, never given to Jinja). Everything is NFC.

A template that cannot serve raises :class:`ReportTemplateError` (a ``UserError``) with a
Vietnamese message saying what is wrong and where (the paragraph's text): not a .docx, a
Jinja syntax error, a variable that does not exist, no ``{{p body }}`` or a ``body`` in the
middle of a line, a failure while filling it in. ``check_template`` runs the same checks and
fills the template with ``sample.sample_document()``, for the upload form.
"""

from __future__ import annotations

import io
import logging
import re
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError, meta

from cchc.core.errors import UserError
from cchc.core.formats import date_text
from cchc.core.reporting.cells import clean, place_date
from cchc.core.reporting.document import ReportDocument
from cchc.core.reporting.docx_body import build_body
from cchc.core.reporting.template import default_template
from cchc.core.zipguard import ZipRefused, check_zip

__all__ = [
    "TEMPLATE_VARIABLES",
    "ReportTemplateError",
    "check_template",
    "render_docx",
    "template_context",
]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

TEMPLATE_VARIABLES = (
    "governing_body",
    "issuing_body",
    "number",
    "place",
    "dated",
    "year",
    "place_date",
    "title",
    "summary",
    "body",
    "recipients",
    "signature",
)
SIGNATURE_FIELDS = ("authority", "title", "name")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEADER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
_FOOTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"

SAVE_AS = (
    "hãy mở mẫu bằng Word, chọn Tệp › Lưu thành… (File › Save As), chọn kiểu "
    "“Tài liệu Word (*.docx)” rồi tải lên lại"
)
NOT_DOCX_MESSAGE = f"Tệp mẫu báo cáo không phải tệp Word .docx đọc được (hoặc đã bị hỏng): {SAVE_AS}."
OLD_DOC_MESSAGE = f"Tệp mẫu báo cáo là Word định dạng cũ (.doc): {SAVE_AS}."
NO_BODY_MESSAGE = (
    "Mẫu báo cáo thiếu chỗ in nội dung báo cáo: hãy viết {{p body }} trên một đoạn văn riêng "
    "(nơi in phần mở đầu, các mục, bảng và biểu đồ)."
)


class ReportTemplateError(UserError):
    """A report template that cannot serve; ``message`` says what and where, in Vietnamese."""


# --- the template's parts, as Jinja sees them -------------------------------------------------


def _env() -> Environment:
    return Environment(autoescape=True, undefined=StrictUndefined)


def _with_lines(xml: str) -> str:
    """As docxtpl renders it: each paragraph on its own line (Jinja's line numbers)."""
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)


def _line_text(line: str) -> str:
    text = " ".join(re.sub(r"<[^>]+>", "", line).split())
    return text if len(text) <= 80 else text[:77] + "…"


def _load(template: bytes) -> DocxTemplate:
    if template[:8] == OLE_MAGIC:
        raise ReportTemplateError(OLD_DOC_MESSAGE)
    try:
        check_zip(io.BytesIO(template))
    except ZipRefused as exc:
        if exc.code != "corrupt":
            raise ReportTemplateError(f"Tệp mẫu báo cáo bất thường: {exc.message}") from None
        raise ReportTemplateError(NOT_DOCX_MESSAGE) from None
    tpl = DocxTemplate(io.BytesIO(template))
    try:
        tpl.init_docx()
    except Exception as exc:  # python-docx: PackageNotFoundError, KeyError, ValueError, lxml errors …
        logger.info("a report template could not be opened: %r", exc)
        raise ReportTemplateError(NOT_DOCX_MESSAGE) from None
    return tpl


def _parts(tpl: DocxTemplate) -> list[tuple[str, str]]:
    """(where, the part's XML as Jinja parses it) for the body, each header and footer."""
    parts = [("thân văn bản", _with_lines(tpl.patch_xml(tpl.get_xml())))]
    for uri, where in ((_HEADER, "đầu trang"), (_FOOTER, "chân trang")):
        for _key, part in tpl.get_headers_footers(uri):
            parts.append((where, _with_lines(tpl.patch_xml(tpl.get_part_xml(part)))))
    return parts


def _where(parts: list[tuple[str, str]], pattern: str) -> str:
    """ "ở thân văn bản, đoạn «…»": the first paragraph whose tags match ``pattern``."""
    tag = re.compile(r"(\{\{|\{%)(?:(?!\}\}|%\}).)*" + pattern, re.DOTALL)
    for where, xml in parts:
        for line in xml.split("\n"):
            if tag.search(line):
                return f"ở {where}, đoạn «{_line_text(line)}»"
    return "trong mẫu"


def _unclosed(where: str, xml: str, exc: TemplateSyntaxError) -> None:
    """A block left open ("{% if %}" without "{% endif %}") is told at its opening tag
    (Jinja only knows that the template ended)."""
    block = re.search(r"innermost block that needs to be closed is '(\w+)'", exc.message or "")
    if not block:
        return
    keyword = block.group(1)
    tag = re.compile(r"\{%-?\s*(end)?" + re.escape(keyword) + r"\b")
    open_lines: list[str] = []
    for line in xml.split("\n"):
        for match in tag.finditer(line):
            if match.group(1):
                if open_lines:
                    open_lines.pop()
            else:
                open_lines.append(line)
    at = f", đoạn «{_line_text(open_lines[-1])}»" if open_lines else ""
    raise ReportTemplateError(
        f"Mẫu báo cáo có lỗi cú pháp ở {where}{at}: thẻ {{% {keyword} %}} chưa được đóng, "
        f"hãy thêm {{%p end{keyword} %}} vào chỗ kết thúc khối rồi tải lên lại."
    )


def _check_parts(parts: list[tuple[str, str]], env: Environment) -> None:
    names: set[str] = set()
    for where, xml in parts:
        try:
            ast = env.parse(xml)
            found = meta.find_undeclared_variables(ast)
            env.compile(ast)  # unknown filters and tests are found here
        except TemplateSyntaxError as exc:
            _unclosed(where, xml, exc)
            lines = xml.split("\n")
            line = lines[exc.lineno - 1] if exc.lineno and 0 < exc.lineno <= len(lines) else ""
            raise ReportTemplateError(
                f"Mẫu báo cáo có lỗi cú pháp ở {where}, đoạn «{_line_text(line)}» "
                f"(dòng {exc.lineno}; Jinja báo: {exc.message}): hãy sửa đoạn đó trong Word rồi tải lên lại."
            ) from None
        if "body" in found and where != "thân văn bản":
            raise ReportTemplateError(
                f"Biến body chỉ đặt được trong thân văn bản, không ở {where}: "
                "hãy chuyển {{p body }} vào thân văn bản."
            )
        names |= found
    unknown = sorted(names - set(TEMPLATE_VARIABLES) - set(env.globals))
    if unknown:
        listed = ", ".join(unknown)
        raise ReportTemplateError(
            f"Mẫu báo cáo dùng biến không có: {listed} ({_where(parts, re.escape(unknown[0]))}). "
            f"Các biến dùng được: {', '.join(TEMPLATE_VARIABLES)}."
        )
    where, body_xml = parts[0]
    if "body" not in names:
        raise ReportTemplateError(NO_BODY_MESSAGE)
    for match in re.finditer(r"\{\{-?\s*body\s*-?\}\}", body_xml):
        before = body_xml[: match.start()]
        # Outside every paragraph: docxtpl's {{p …}} took the paragraph away.
        if len(re.findall(r"<w:p[ >]", before)) != before.count("</w:p>"):
            line = body_xml[: match.end()].split("\n")[-1]
            raise ReportTemplateError(
                f"Biến body ({where}, đoạn «{_line_text(line)}») phải đứng một mình trên một đoạn văn "
                "và viết {{p body }} (có chữ p), không viết {{ body }} giữa dòng chữ."
            )


# --- rendering ---------------------------------------------------------------------------------


def template_context(doc: ReportDocument, body: Any) -> dict[str, Any]:
    """The template's variables for ``doc`` (``body``: the filled subdocument)."""
    head, sig = doc.letterhead, doc.signature
    return {
        "governing_body": clean(head.governing_body),
        "issuing_body": clean(head.issuing_body),
        "number": clean(head.number),
        "place": clean(head.place),
        "dated": date_text(head.dated),
        "year": head.year,
        "place_date": place_date(head),
        "title": clean(doc.title),
        "summary": clean(doc.summary),
        "body": body,
        "recipients": [clean(r) for r in doc.recipients if r.strip()],
        "signature": {"authority": clean(sig.authority), "title": clean(sig.title), "name": clean(sig.name)},
    }


def _render_error(exc: Exception, parts: list[tuple[str, str]]) -> ReportTemplateError:
    if isinstance(exc, UndefinedError):
        attribute = re.search(r"has no attribute '([^']+)'", exc.message or "")
        if attribute:
            name = attribute.group(1)
            return ReportTemplateError(
                f"Mẫu báo cáo dùng thuộc tính không có: {name} ({_where(parts, r'\.' + re.escape(name))}). "
                f"signature có: {', '.join(SIGNATURE_FIELDS)}."
            )
    detail = getattr(exc, "message", None) or str(exc)
    return ReportTemplateError(
        f"Mẫu báo cáo lỗi khi điền số liệu (Jinja báo: {detail}): hãy sửa mẫu rồi tải lên lại."
    )


def _render(tpl: DocxTemplate, doc: ReportDocument) -> bytes:
    env = _env()
    parts = _parts(tpl)
    _check_parts(parts, env)
    body = build_body(tpl.new_subdoc(), doc)
    try:
        tpl.render(template_context(doc, body), env, autoescape=True)
    except (TemplateError, TypeError, ValueError, AttributeError, KeyError) as exc:
        # The template is the department's code: what it does wrong is told, not raised as is.
        logger.info("a report template failed while rendering: %r", exc)
        raise _render_error(exc, parts) from None
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def render_docx(doc: ReportDocument, template: bytes | None = None) -> bytes:
    """The Word document of ``doc``, from ``template`` (a department's .docx) or the shipped
    one. Raises :class:`ReportTemplateError` when the template cannot serve."""
    return _render(_load(template if template is not None else default_template()), doc)


def check_template(template: bytes) -> None:
    """Refuse (:class:`ReportTemplateError`) a template that cannot serve: the checks of
    :func:`render_docx`, then a trial with the sample report."""
    from cchc.core.reporting.sample import sample_document

    _render(_load(template), sample_document())
