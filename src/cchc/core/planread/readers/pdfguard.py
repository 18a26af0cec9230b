"""A PDF whose compressed streams expand to more than a plan could hold is refused before
pdfminer reads it: pdfminer inflates each stream whole in memory, so a 2 MB file whose page
content inflates to gigabytes would take the worker with it (the page count, checked later,
says nothing of that).

The streams are found in the raw bytes (``stream`` … ``endstream``, object streams included)
and inflated with a bounded decompressor, a chunk at a time, counting the bytes and keeping
none: the check costs one pass of zlib over the file, and at most the limit in time, whatever
the file claims. A stream that is not zlib data (an image's DCT, a damaged one) is left to
pdfminer.
"""

from __future__ import annotations

import re
import zlib

from cchc.core.planread.document import PlanReadError
from cchc.core.zipguard import MB, size_text

_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_END = b"endstream"
_CHUNK = 4 * MB


def inflated_bytes(data: bytes, cap: int) -> int:
    """What the file's zlib streams expand to, counted up to just over ``cap``."""
    total = 0
    pos = 0
    view = memoryview(data)
    while total <= cap:
        found = _STREAM.search(data, pos)
        if found is None:
            break
        start = found.end()
        end = data.find(_END, start)
        end = len(data) if end < 0 else end
        pos = end + len(_END)
        inflater = zlib.decompressobj()
        pending: memoryview | bytes = view[start:end]
        try:
            while pending and total <= cap:
                total += len(inflater.decompress(pending, min(_CHUNK, cap - total + 1)))
                pending = inflater.unconsumed_tail
        except zlib.error:
            continue  # not zlib (an image) or damaged: pdfminer's to judge
    return total


def check_pdf_streams(data: bytes, max_bytes: int) -> None:
    """Refuse a PDF whose streams expand to more than ``max_bytes``."""
    if inflated_bytes(data, max_bytes) > max_bytes:
        raise PlanReadError(
            "too_large_unzipped",
            f"Tệp PDF giải nén ra hơn {size_text(max_bytes)}, quá giới hạn đọc một kế hoạch: "
            "hãy xuất lại tệp PDF không kèm hình ảnh lớn, hoặc tải lên tệp Word của văn bản.",
        )


__all__ = ["check_pdf_streams", "inflated_bytes"]
