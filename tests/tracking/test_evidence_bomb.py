"""An evidence file's content check reads an OpenDocument's "mimetype" member: one that
inflates to hundreds of megabytes is refused without being read (issue 9, item 10)."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.tracking.errors import InvalidInput
from cchc.tracking.evidence import check_file
from tests import hostile_files as hf


def odt(mimetype_blanks_mb: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("content.xml", b"<x/>")
        info = zipfile.ZipInfo("mimetype")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as fh:
            fh.write(b"application/vnd.oasis.opendocument.text")
            for _ in range(mimetype_blanks_mb):
                fh.write(b" " * hf.MB)
    return out.getvalue()


@pytest.mark.parametrize(("blanks_mb", "accepted"), [(0, True), (300, False)])
def test_an_odt_whose_mimetype_inflates_is_refused_unread(settings, blanks_mb, accepted):
    upload = SimpleUploadedFile("bao-cao.odt", odt(blanks_mb))
    tracemalloc.start()
    started = time.perf_counter()
    if accepted:
        check_file(upload)
    else:
        with pytest.raises(InvalidInput, match="không khớp nội dung"):
            check_file(upload)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert time.perf_counter() - started < 2
    assert peak < 32 * hf.MB  # before: the 300 MB member read whole
