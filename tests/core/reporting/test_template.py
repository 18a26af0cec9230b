"""A department's own template: one edited in Word (here with python-docx) renders; a broken
one is refused with a Vietnamese message that says what is wrong and where."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from docx import Document
from openpyxl import Workbook

from cchc.core.errors import UserError
from cchc.core.reporting import ReportTemplateError, check_template, default_template, render_docx
from cchc.core.reporting.docx import NO_BODY_MESSAGE, NOT_DOCX_MESSAGE, OLD_DOC_MESSAGE
from tests.core.reporting.reports import cell_paragraphs, light_report, read
from tests.office import ole_file


def _edit(change: Callable) -> bytes:
    """The shipped template changed by ``change(document)``, as a department would in Word."""
    document = Document(io.BytesIO(default_template()))
    change(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _paragraph(document, text: str):
    return next(p for p in document.paragraphs if p.text == text)


def _set_text(document, old: str, new: str) -> None:
    paragraph = _paragraph(document, old)
    paragraph.runs[0].text = new
    for run in paragraph.runs[1:]:
        run.text = ""


def _add_paragraph(text: str, *, header: bool = False) -> Callable:
    def change(document) -> None:
        if header:
            document.sections[0].header.add_paragraph(text)
        else:
            _paragraph(document, "{{ summary }}").insert_paragraph_before(text)

    return change


def test_the_shipped_template_passes_its_own_check() -> None:
    check_template(default_template())


def test_a_department_template_with_another_signature_layout_renders() -> None:
    """The department drops the two-column closing table and signs on the right in plain
    paragraphs, with the recipients on one line and a "Kính gửi" line of its own."""

    def change(document) -> None:
        closing = document.tables[-1]._tbl
        closing.getparent().remove(closing)
        for text in (
            "Nơi nhận: {{ recipients|join(' ') }}",
            "{{ signature.authority }}",
            "{{ signature.title }}",
            "{{ signature.name }} (đã ký)",
        ):
            document.add_paragraph(text).alignment = 2
        _paragraph(document, "{{ summary }}").insert_paragraph_before("Kính gửi: Sở Nội vụ tỉnh {{ place }}")

    report = light_report()
    document = read(render_docx(report, template=_edit(change)))
    texts = [p.text for p in document.paragraphs]
    assert "Kính gửi: Sở Nội vụ tỉnh Hòa Bình Xanh" in texts
    assert texts[-4:] == [
        "Nơi nhận: Sở Nội vụ; UBND tỉnh (b/c); Lưu: VT, VP.",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Nguyễn Văn An (đã ký)",
    ]
    # The header block and the body's tables are still there; no closing table.
    assert cell_paragraphs(document.tables[0].rows[0].cells[0])[1] == "SỞ CÔNG THƯƠNG"
    assert len(document.tables) == 1 + len(report.tables())


def test_a_template_may_use_the_letterhead_fields_one_by_one() -> None:
    def change(document) -> None:
        _paragraph(document, "{{ summary }}").insert_paragraph_before(
            "{{ place }} | {{ dated }} | {{ year }} | {{ number }} | {{ issuing_body|title }}"
        )

    document = read(render_docx(light_report(), template=_edit(change)))
    assert "Hòa Bình Xanh | 20/12/2026 | 2026 | Số:      /BC-SCT | Sở Công Thương" in [
        p.text for p in document.paragraphs
    ]


def _xlsx() -> bytes:
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


BROKEN = [
    ("not a zip", lambda: b"day khong phai tep Word", [NOT_DOCX_MESSAGE]),
    ("empty", lambda: b"", [NOT_DOCX_MESSAGE]),
    ("an Excel workbook", _xlsx, [NOT_DOCX_MESSAGE]),
    ("an old .doc", lambda: ole_file({"WordDocument": b"\xec\xa5"}), [OLD_DOC_MESSAGE]),
    (
        "Jinja syntax",
        lambda: _edit(_add_paragraph("Kính gửi: {{ summary | }}")),
        ["lỗi cú pháp", "thân văn bản", "«Kính gửi: {{ summary | }}»", "Jinja báo"],
    ),
    (
        "an unclosed block",
        lambda: _edit(_add_paragraph("{% if year %}Năm {{ year }}")),
        ["lỗi cú pháp", "«{% if year %}Năm {{ year }}»", "{%p endif %}"],
    ),
    (
        "an unknown filter",
        lambda: _edit(_add_paragraph("{{ summary|viet_hoa }}")),
        ["lỗi cú pháp", "«{{ summary|viet_hoa }}»", "viet_hoa"],
    ),
    (
        "an unknown variable",
        lambda: _edit(_add_paragraph("Đơn vị: {{ ten_don_vi }}")),
        ["biến không có: ten_don_vi", "«Đơn vị: {{ ten_don_vi }}»", "governing_body"],
    ),
    (
        "an unknown variable in the header",
        lambda: _edit(_add_paragraph("Trang {{ trang }}", header=True)),
        ["biến không có: trang", "đầu trang", "«Trang {{ trang }}»"],
    ),
    (
        "an unknown field of the signature",
        lambda: _edit(_add_paragraph("{{ signature.chuc_vu }}")),
        ["thuộc tính không có: chuc_vu", "«{{ signature.chuc_vu }}»", "authority, title, name"],
    ),
    (
        "no body",
        lambda: _edit(
            lambda d: _paragraph(d, "{{p body }}")._p.getparent().remove(_paragraph(d, "{{p body }}")._p)
        ),
        [NO_BODY_MESSAGE],
    ),
    (
        "body in the middle of a line",
        lambda: _edit(lambda d: _set_text(d, "{{p body }}", "Nội dung: {{ body }}")),
        ["phải đứng một mình", "«Nội dung: {{ body }}»", "{{p body }}"],
    ),
    (
        "body in the header",
        lambda: _edit(_add_paragraph("{{p body }}", header=True)),
        ["chỉ đặt được trong thân văn bản", "đầu trang"],
    ),
]


@pytest.mark.parametrize("build, expected", [(b, e) for _, b, e in BROKEN], ids=[n for n, _, _ in BROKEN])
def test_a_broken_template_is_refused_with_what_and_where(build, expected) -> None:
    template = build()
    for attempt in (lambda: check_template(template), lambda: render_docx(light_report(), template=template)):
        with pytest.raises(ReportTemplateError) as err:
            attempt()
        assert isinstance(err.value, UserError)
        for words in expected:
            assert words in err.value.message
