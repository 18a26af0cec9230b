"""Tables copied from legal-document web sites: each cell on its own lines, cells
separated by lines holding only "|". (Placeholder: implemented by the readers work.)"""

from __future__ import annotations

from cchc.core.planread.document import Document


def looks_like_line_cells(text: str) -> bool:
    return False


def read_line_cells(text: str) -> Document:  # pragma: no cover - replaced
    raise NotImplementedError
