"""Reading the dossier screens as elements (lxml), not as substrings of the page."""

from __future__ import annotations

import lxml.html
from lxml.html import HtmlElement


def page(response) -> HtmlElement:
    assert response.status_code == 200, response.status_code
    return lxml.html.fromstring(response.content.decode())


def text(element: HtmlElement) -> str:
    """The element's text as a reader sees it: whitespace collapsed."""
    return " ".join(element.text_content().split())


def one(root: HtmlElement, xpath: str) -> HtmlElement:
    found = root.xpath(xpath)
    assert len(found) == 1, (xpath, len(found))
    return found[0]


def texts(root: HtmlElement, xpath: str) -> list[str]:
    return [text(e) for e in root.xpath(xpath)]


def table_rows(root: HtmlElement, table_id: str) -> list[list[str]]:
    """The body rows of a table, each as the texts of its cells."""
    table = one(root, f'//table[@id="{table_id}"]')
    return [[text(c) for c in tr.xpath("./th|./td")] for tr in table.xpath("./tbody/tr")]


def header(root: HtmlElement, table_id: str) -> list[str]:
    table = one(root, f'//table[@id="{table_id}"]')
    return [text(th) for th in table.xpath("./thead/tr/th")]


def has_class(element: HtmlElement, name: str) -> bool:
    return name in (element.get("class") or "").split()
