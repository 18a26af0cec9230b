"""Old Word and Excel files (.doc, .xls, .rtf): recognised by their content, converted by
LibreOffice, read as their .docx/.xlsx; and every way that can fail told in Vietnamese.

The .doc, .xls, .rtf and PDF files are made at test time by LibreOffice from the builders'
.docx/.xlsx of each sample plan (tests/office.py); tests needing LibreOffice take the
``libreoffice`` fixture (skipped without it, failed under CCHC_REQUIRE_LIBREOFFICE=1).
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from cchc.core.planread import PlanReadError, parse_plan
from cchc.core.planread.readers import detect_format, read_document
from cchc.core.planread.readers.legacy import (
    CORRUPT_MESSAGE,
    ENCRYPTED_MESSAGE,
    OLE_MAGIC,
    OTHER_OLE_MESSAGE,
    LibreOffice,
    convert,
    failed_message,
    timeout_message,
    unavailable_message,
)
from cchc.core.planread.readers.limits import ReadLimits
from cchc.core.units import demo_directory
from tests.builders import build_docx, build_xlsx
from tests.core.test_formats import _view
from tests.office import as_printed, end_with_paragraph, office_convert, ole_file
from tests.paths import SAMPLE_NAMES, sample_bytes

MISSING = "/khong-co/libreoffice/soffice"
# The conversions are made once per module (``carriers``): under pytest-xdist the module's
# tests go to one worker, which converts each sample once.
pytestmark = pytest.mark.xdist_group("libreoffice")


@pytest.fixture(scope="module")
def directory():
    return demo_directory()


@pytest.fixture(scope="module")
def carriers(tmp_path_factory):
    """Per sample, made once when first asked: the .docx and .xlsx of the builders, and what
    LibreOffice makes of them (.doc and .rtf of the Word file, .xls of the workbook, .pdf of
    the Word file laid out for printing)."""
    made: dict[tuple[str, str], Path] = {}
    lock = threading.RLock()  # the tests of simultaneous conversions ask from several threads

    def get(name: str, kind: str) -> Path:
        with lock:
            if (name, kind) not in made:
                base = tmp_path_factory.mktemp(f"s{SAMPLE_NAMES.index(name)}{kind}")
                text = sample_bytes(name).decode("utf-8")
                if kind == "docx":
                    made[name, kind] = end_with_paragraph(build_docx(text, base / "ke-hoach.docx"))
                elif kind == "xlsx":
                    made[name, kind] = build_xlsx(text, base / "ke-hoach.xlsx")
                elif kind == "printed.docx":
                    made[name, kind] = as_printed(get(name, "docx"), base / "ke-hoach.docx")
                elif kind == "pdf":
                    made[name, kind] = office_convert(get(name, "printed.docx"), kind, base)
                else:
                    source = get(name, "xlsx" if kind == "xls" else "docx")
                    made[name, kind] = office_convert(source, kind, base)
            return made[name, kind]

    return get


def _views(parsed, squash: bool = False) -> list[dict]:
    return [_view(t, squash) for t in parsed.tasks]


# --- recognition: a table of cases ------------------------------------------------------------


def _docx() -> bytes:
    from docx import Document

    buf = io.BytesIO()
    Document().save(buf)
    return buf.getvalue()


def _xlsx() -> bytes:
    from openpyxl import Workbook

    buf = io.BytesIO()
    Workbook().save(buf)
    return buf.getvalue()


def _ole_without_directory() -> bytes:
    data = bytearray(ole_file({"WordDocument": b"x"}))
    data[0x30:0x34] = (10_000).to_bytes(4, "little")  # the directory "starts" past the end
    return bytes(data)


def _ole_directory_loop() -> bytes:
    data = bytearray(ole_file({"WordDocument": b"x"}))
    data[512 + 4 : 512 + 8] = (1).to_bytes(4, "little")  # FAT: the directory sector follows itself
    return bytes(data)


def _ole_difat_loop() -> bytes:
    data = bytearray(ole_file({"WordDocument": b"x"}))
    start = 3 * 512  # sector 2: the stream, made a DIFAT sector naming itself as the next
    data[start : start + 512] = b"\xff" * 508 + (2).to_bytes(4, "little")
    data[0x44:0x4C] = (2).to_bytes(4, "little") + (5).to_bytes(4, "little")
    return bytes(data)


FIVE = {f"S{i}": b"" for i in range(5)}  # more entries than one 512-byte directory sector holds

RECOGNITION = {
    # name: (bytes, format or (error code, message))
    "docx": (_docx, "docx"),
    "xlsx": (_xlsx, "xlsx"),
    "pdf": (lambda: b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n", "pdf"),
    "text": (lambda: "KẾ HOẠCH\nTT\tNhiệm vụ\n".encode(), "text"),
    "rtf": (lambda: rb"{\rtf1\ansi\deff0 {\fonttbl{\f0 Times;}} K\'ea ho\'5ach}", "rtf"),
    "doc": (lambda: ole_file({"1Table": b"", "WordDocument": b"\xec\xa5"}), "doc"),
    "doc-4096-byte-sectors": (lambda: ole_file({"WordDocument": b"\xec\xa5"}, sector_shift=12), "doc"),
    "doc-directory-over-two-sectors": (lambda: ole_file({**FIVE, "WordDocument": b"\xec\xa5"}), "doc"),
    "xls": (lambda: ole_file({"Workbook": b"\x09\x08"}), "xls"),
    "xls-excel-95": (lambda: ole_file({"Book": b"\x09\x08"}), "xls"),
    "docx-with-password": (
        lambda: ole_file({"EncryptionInfo": b"\x04\x00", "EncryptedPackage": b"..."}),
        ("encrypted", ENCRYPTED_MESSAGE),
    ),
    "powerpoint-97": (lambda: ole_file({"PowerPoint Document": b""}), ("unsupported", OTHER_OLE_MESSAGE)),
    "ole-magic-then-zeros": (lambda: OLE_MAGIC + bytes(4096), ("corrupt", CORRUPT_MESSAGE)),
    "ole-cut-before-directory": (_ole_without_directory, ("corrupt", CORRUPT_MESSAGE)),
    # olefile reads a looping directory chain's sectors once: the names are there, the
    # conversion judges the rest (quickly, nothing hangs).
    "ole-directory-loops": (_ole_directory_loop, "doc"),
    "ole-difat-loops": (_ole_difat_loop, ("corrupt", CORRUPT_MESSAGE)),
    "ole-header-only": (lambda: ole_file({"WordDocument": b"x"})[:512], ("corrupt", CORRUPT_MESSAGE)),
}


@pytest.mark.parametrize("case", list(RECOGNITION))
def test_files_are_recognised_by_their_content(case: str) -> None:
    build, expected = RECOGNITION[case]
    if isinstance(expected, str):
        assert detect_format(build()) == expected
        return
    with pytest.raises(PlanReadError) as err:
        detect_format(build())
    assert (err.value.code, err.value.message) == expected


@pytest.mark.parametrize(
    "environ, program, timeout",
    [
        ({"CCHC_SOFFICE": MISSING}, MISSING, 60.0),
        ({"CCHC_SOFFICE": MISSING, "CCHC_LIBREOFFICE_TIMEOUT": "5"}, MISSING, 5.0),
        ({"CCHC_SOFFICE": MISSING, "CCHC_LIBREOFFICE_TIMEOUT": "0.5"}, MISSING, 0.5),
        ({"CCHC_SOFFICE": MISSING, "CCHC_LIBREOFFICE_TIMEOUT": "năm"}, MISSING, 60.0),
        ({"CCHC_SOFFICE": MISSING, "CCHC_LIBREOFFICE_TIMEOUT": "0"}, MISSING, 60.0),
        ({"CCHC_SOFFICE": MISSING, "CCHC_LIBREOFFICE_TIMEOUT": "-3"}, MISSING, 60.0),
        ({"CCHC_SOFFICE": "sh"}, "/usr/bin/sh", 60.0),  # a name is looked up on PATH
    ],
)
def test_libreoffice_settings_from_the_environment(environ, program, timeout) -> None:
    office = LibreOffice.from_env(environ)
    assert (office.program, office.timeout) == (program, timeout)


# --- without LibreOffice: told how to save as .docx/.xlsx -------------------------------------

WITHOUT = {
    "doc": (lambda: ole_file({"WordDocument": b"\xec\xa5"}), ".docx", "Word"),
    "xls": (lambda: ole_file({"Workbook": b"\x09\x08"}), ".xlsx", "Excel"),
    "rtf": (lambda: rb"{\rtf1\ansi Ke hoach}", ".docx", "Word"),
}


@pytest.mark.parametrize("kind", list(WITHOUT))
def test_without_libreoffice_the_message_says_how_to_save_as_docx_or_xlsx(kind, monkeypatch) -> None:
    build, suffix, program = WITHOUT[kind]
    monkeypatch.setenv("CCHC_SOFFICE", MISSING)
    with pytest.raises(PlanReadError) as err:
        parse_plan(build())
    assert err.value.code == "no_converter"
    assert err.value.message == unavailable_message(kind)
    message = err.value.message
    assert "chưa cài LibreOffice" in message and "Lưu thành" in message
    assert f"mở tệp bằng {program}" in message and f"(*{suffix})" in message


# --- with LibreOffice -------------------------------------------------------------------------


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_doc_reads_the_same_tasks_as_its_docx(name, carriers, directory, libreoffice) -> None:
    docx = parse_plan(carriers(name, "docx").read_bytes(), directory=directory)
    doc = parse_plan(carriers(name, "doc").read_bytes(), directory=directory)
    assert doc.format == "doc"
    assert len(doc.tasks) == len(docx.tasks) > 10
    assert _views(doc) == _views(docx)
    assert (doc.plan.title, doc.plan.number, doc.plan.period) == (
        docx.plan.title,
        docx.plan.number,
        docx.plan.period,
    )


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_xls_reads_the_same_tasks_as_its_xlsx(name, carriers, directory, libreoffice) -> None:
    xlsx = parse_plan(carriers(name, "xlsx").read_bytes(), directory=directory)
    xls = parse_plan(carriers(name, "xls").read_bytes(), directory=directory)
    assert xls.format == "xls"
    assert len(xls.tasks) == len(xlsx.tasks) > 10
    assert _views(xls) == _views(xlsx)
    assert (xls.plan.title, xls.plan.period) == (xlsx.plan.title, xlsx.plan.period)


def test_rtf_reads_the_same_tasks_as_its_docx(carriers, directory, libreoffice) -> None:
    name = SAMPLE_NAMES[2]
    docx = parse_plan(carriers(name, "docx").read_bytes(), directory=directory)
    rtf = parse_plan(carriers(name, "rtf").read_bytes(), directory=directory)
    assert rtf.format == "rtf"
    assert _views(rtf) == _views(docx)


# Page breaks fall on section rows, task rows and inside cells of both (tests/core/test_page_breaks.py
# has each case alone): the appendix's section II is cut in its note, and a section title spans the
# last row of a page above a sub-row merged from above.
@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_word_file_printed_to_pdf_by_libreoffice_reads_as_well_as_the_word_file(
    name, carriers, directory, libreoffice
) -> None:
    docx = parse_plan(carriers(name, "printed.docx").read_bytes(), directory=directory)
    pdf = parse_plan(carriers(name, "pdf").read_bytes(), directory=directory)
    assert pdf.format == "pdf"
    # A PDF's line breaks fall anywhere inside words' spacing: compared without whitespace.
    assert _views(pdf, squash=True) == _views(docx, squash=True)
    assert _sections(pdf) == _sections(docx)
    assert pdf.plan.period == docx.plan.period


def _sections(parsed) -> list[tuple]:
    """Section rows with their targets, compared without whitespace like the tasks."""
    squash = "".join
    return [
        (s.section, squash(s.title.split()), [squash(t.split()) for t in s.texts]) for s in parsed.sections
    ]


def test_the_read_limits_apply_to_the_converted_file(carriers, libreoffice) -> None:
    name = SAMPLE_NAMES[0]
    for kind, limits, words in [
        ("xls", ReadLimits(max_rows=20), "hơn 20 dòng"),
        ("doc", ReadLimits(max_cells=100), "hơn 100 ô"),
    ]:
        with pytest.raises(PlanReadError) as err:
            read_document(carriers(name, kind).read_bytes(), limits=limits)
        assert err.value.code == "too_large"
        assert words in err.value.message


def test_two_conversions_at_once_do_not_collide(carriers, libreoffice) -> None:
    data = carriers(SAMPLE_NAMES[1], "doc").read_bytes()
    office = LibreOffice.from_env()
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda _: convert(data, "doc", office), range(3)))
    tasks = [[t.task for t in parse_plan(r).tasks] for r in results]
    assert tasks[0] and tasks[0] == tasks[1] == tasks[2]


def _ours(root: Path) -> list[str]:
    """Command lines of running processes that mention ``root``."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            except OSError:
                continue
            if str(root) in cmdline:
                found.append(cmdline)
    return found


@pytest.fixture
def private_tmp(tmp_path, monkeypatch) -> Path:
    """Where the conversions' temporary directories go in this test (to see them removed)."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


def test_a_conversion_leaves_nothing_behind(carriers, private_tmp, libreoffice) -> None:
    doc = read_document(carriers(SAMPLE_NAMES[1], "doc").read_bytes())
    assert doc.format == "doc" and doc.tables
    assert list(private_tmp.iterdir()) == []
    assert _ours(private_tmp) == []


def test_a_conversion_out_of_time_is_killed_and_told(carriers, private_tmp, monkeypatch, libreoffice) -> None:
    monkeypatch.setenv("CCHC_LIBREOFFICE_TIMEOUT", "0.3")
    with pytest.raises(PlanReadError) as err:
        parse_plan(carriers(SAMPLE_NAMES[0], "doc").read_bytes())
    assert err.value.code == "convert_timeout"
    assert err.value.message == timeout_message("doc", 0.3)
    assert "quá 0.3 giây" in err.value.message and "Lưu thành" in err.value.message
    # The whole process group is gone (soffice -> oosplash -> soffice.bin), and its files.
    assert _ours(private_tmp) == []
    assert list(private_tmp.iterdir()) == []


@pytest.mark.parametrize(
    "kind, build",
    [
        ("doc", lambda: ole_file({"1Table": b"\x01" * 300, "WordDocument": bytes(range(256)) * 20})),
        ("xls", lambda: ole_file({"Workbook": bytes(range(256)) * 20})),
    ],
)
def test_a_corrupt_old_file_is_told_how_to_save_again(kind, build, private_tmp, libreoffice) -> None:
    with pytest.raises(PlanReadError) as err:
        parse_plan(build())
    assert err.value.code == "convert_failed"
    assert err.value.message == failed_message(kind)
    assert "bị hỏng" in err.value.message and "Lưu thành" in err.value.message
    assert list(private_tmp.iterdir()) == []


# --- the command line -------------------------------------------------------------------------


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cchc.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


def test_cli_parses_a_doc_and_an_xls(carriers, libreoffice) -> None:
    for kind in ("doc", "xls"):
        proc = _cli("plan", "parse", str(carriers(SAMPLE_NAMES[2], kind)))
        assert proc.returncode == 0, proc.stderr
        assert re.search(r"^\d+ nhiệm vụ, \d+ cảnh báo$", proc.stdout, re.MULTILINE)
        assert int(re.search(r"^(\d+) nhiệm vụ", proc.stdout, re.MULTILINE).group(1)) > 10


def test_cli_without_libreoffice_says_how_to_save_as_docx(tmp_path) -> None:
    path = tmp_path / "ke-hoach.doc"
    path.write_bytes(ole_file({"WordDocument": b"\xec\xa5"}))
    proc = _cli("plan", "parse", str(path), env={"CCHC_SOFFICE": MISSING})
    assert proc.returncode != 0
    assert proc.stderr.strip() == f"Lỗi: {unavailable_message('doc')}"
    assert "Traceback" not in proc.stderr
