"""Whether a task's product (the "Kết quả / sản phẩm" column) is an issued document.

A task whose product is a document ("Kế hoạch CCHC của Sở", "Báo cáo kết quả tự đánh giá",
"Tờ trình của Sở/Quyết định của UBND tỉnh") is finished when that document is issued: its
report must carry the document as evidence (number, date, summary, file or link). A product
that is a rate, a state or a way of working ("Tỷ lệ hồ sơ … đạt 100%", "Hoàn thành 100%
nhiệm vụ", "Thực hiện thường xuyên", "Các hội nghị tập huấn được tổ chức") is evidenced in
other ways, so a report without a document is allowed there (after a confirmation).

The rule reads the product item by item (the cell's lines, "- " bullets and ";"): the
product is a document when one of its items *begins* with a kind of document, after an
optional "Các", "Dự thảo", "Ban hành", "Có ban hành" or a count ("01 Kế hoạch"). A document
word further in ("Hoàn thành 100% kế hoạch được giao", "Theo hướng dẫn của Sở Tài chính")
does not count: there the item names a result, not a document. Nor does a plural followed
by a state ("Các quy định … được niêm yết, công khai", "các văn bản … được đính kèm đầy đủ
trên phần mềm"): existing documents handled a certain way, not one to issue; "được ban
hành" / "được phê duyệt" still name an issued document.
"""

from __future__ import annotations

import re

from cchc.core.text import fold_words, split_bullets

__all__ = ["DOCUMENT_KINDS", "document_kind", "requires_document"]

# The kinds of document a plan's product names, as the department writes them (first words).
DOCUMENT_KINDS: tuple[str, ...] = (
    "Kế hoạch",
    "Báo cáo",
    "Quyết định",
    "Văn bản",
    "Công văn",
    "Tờ trình",
    "Thông báo",
    "Chỉ thị",
    "Hướng dẫn",
    "Danh mục",
    "Nghị quyết",
    "Quy chế",
    "Quy định",
    "Kết luận",
    "Biên bản",
    "Phương án",
    "Đề án",
    "Chương trình",
)
_KINDS = {fold_words(k): k for k in DOCUMENT_KINDS}
# Words that may stand before the document's kind without changing what the item names.
_LEADS = re.compile(r"^(?:(?:cac|nhung|du thao|co ban hanh|ban hanh|co|\d+)\s+)+")
_PLURAL = re.compile(r"^(?:cac|nhung)\s")
# "… được niêm yết", "… được đính kèm": a state of documents; "được ban hành": issued.
_STATE = re.compile(r"\bduoc (?!ban hanh|phe duyet|ky ban hanh|trinh)")


def _items(product: str) -> list[str]:
    return [item for line in product.splitlines() for item in split_bullets(line)]


def document_kind(product: str | None) -> str | None:
    """The kind of document the product names ("Báo cáo", "Quyết định" …), or None when the
    product is not a document (a rate, a state, a way of working, empty)."""
    for item in _items(product or ""):
        folded = fold_words(item)
        words = _LEADS.sub("", folded)
        if _PLURAL.match(folded) and _STATE.search(words):
            continue
        for key, kind in _KINDS.items():
            if words == key or words.startswith(key + " "):
                return kind
    return None


def requires_document(product: str | None) -> bool:
    """True when a report on the task must carry the issued document as evidence."""
    return document_kind(product) is not None
