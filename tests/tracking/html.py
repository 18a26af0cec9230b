"""Reading a screen's HTML as elements (lxml, already installed with python-docx): tests
assert on the element that shows a thing, never on a bare substring of the page."""

from __future__ import annotations

from typing import Any

from lxml import html as lxml_html
from lxml.html import HtmlElement


def page(response_or_text: Any) -> HtmlElement:
    """The document of a response (or of HTML text)."""
    text = response_or_text
    if hasattr(response_or_text, "content"):
        text = response_or_text.content.decode()
    return lxml_html.fromstring(text)


def has_class(name: str) -> str:
    """An XPath predicate: the element has CSS class ``name``."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def one(doc: HtmlElement, xpath: str) -> HtmlElement:
    """The single element at ``xpath`` (fails when there are none or several)."""
    found = doc.xpath(xpath)
    assert len(found) == 1, f"{len(found)} elements at {xpath}"
    return found[0]


def text(el: HtmlElement) -> str:
    """The element's text, whitespace collapsed."""
    return " ".join(el.text_content().split())


def by_id(doc: HtmlElement, element_id: str) -> HtmlElement:
    return one(doc, f"//*[@id='{element_id}']")


def row_ids(doc: HtmlElement, table_xpath: str = "//table", prefix: str = "o") -> list[int]:
    """The ids of the rows (``<tr id="o12">``) of the tables at ``table_xpath``, in order."""
    return [
        int(tr.get("id")[len(prefix) :])
        for tr in doc.xpath(f"{table_xpath}//tbody/tr[starts-with(@id, '{prefix}')]")
    ]


def links(doc: HtmlElement, xpath: str) -> list[str]:
    return [a.get("href") for a in doc.xpath(xpath)]
