"""The report printed to PDF by LibreOffice: A4 pages, the header block on page 1, page
numbers at the top from page 2; None without LibreOffice, a clear error when it fails."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from cchc.core.errors import UserError
from cchc.core.reporting import ReportPdfError, render_docx, render_pdf
from cchc.core.reporting.template import MOTTO, NATIONAL_TITLE
from tests.core.reporting.reports import full_report

# The page number sits in the top margin (20 mm), its header 10 mm from the edge.
TOP_BAND_PT = 18 / 25.4 * 72


@pytest.fixture(scope="module")
def docx() -> bytes:
    return render_docx(full_report())


@pytest.fixture(scope="module")
def pdf(docx, libreoffice) -> bytes:
    made = render_pdf(docx)
    assert made is not None
    return made


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_a4_pages_header_block_and_page_numbers_from_page_two(pdf) -> None:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        pages = document.pages
        assert len(pages) >= 3
        for page in pages:
            assert (round(page.width), round(page.height)) == (595, 842)
        first = _squash(pages[0].extract_text())
        for text in (
            "UBND TỈNH HÒA BÌNH XANH",
            "SỞ CÔNG THƯƠNG",
            NATIONAL_TITLE,
            MOTTO,
            "Số: /BC-SCT",
            "Hòa Bình Xanh, ngày 20 tháng 12 năm 2026",
            "BÁO CÁO",
            "Kết quả thực hiện công tác cải cách hành chính năm 2026",
        ):
            assert text in first, text
        tops = [_squash(p.within_bbox((0, 0, p.width, TOP_BAND_PT)).extract_text() or "") for p in pages]
        assert tops == [""] + [str(n) for n in range(2, len(pages) + 1)]
        last = _squash(pages[-1].extract_text())
        assert "Nơi nhận:" in last and "Nguyễn Văn An" in last and "KT. GIÁM ĐỐC" in last


def test_the_table_figures_reach_the_pdf(pdf) -> None:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = _squash(" ".join(p.extract_text() for p in document.pages))
    assert "Tổng cộng 7.777 2.121 4.830 6 89,4 %" in text
    assert "Mức độ hài lòng 85,67 50,0 % 05/03/2026" in text


def test_without_libreoffice_there_is_no_pdf(docx, monkeypatch) -> None:
    monkeypatch.setenv("CCHC_SOFFICE", "/khong-co/libreoffice/soffice")
    assert render_pdf(docx) is None
    monkeypatch.delenv("CCHC_SOFFICE")
    monkeypatch.setenv("PATH", "/khong-co")
    assert render_pdf(docx) is None


def test_a_conversion_out_of_time_is_told(docx, monkeypatch, libreoffice) -> None:
    monkeypatch.setenv("CCHC_LIBREOFFICE_TIMEOUT", "0.05")
    with pytest.raises(ReportPdfError) as err:
        render_pdf(docx)
    assert isinstance(err.value, UserError)
    assert err.value.code == "convert_timeout"
    assert "quá 0.05 giây" in err.value.message and "Tệp Word vẫn tải về được" in err.value.message
