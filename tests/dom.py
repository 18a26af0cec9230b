"""Reading a page as elements (lxml), for the view tests: assert on what a person sees in
a given place, never on a substring of the whole page."""

from __future__ import annotations

from lxml import html as lxml_html
from lxml.html import HtmlElement


def dom(response_or_html) -> HtmlElement:
    content = getattr(response_or_html, "content", response_or_html)
    if isinstance(content, bytes):
        content = content.decode()
    return lxml_html.fromstring(content)


def text(element: HtmlElement | None) -> str:
    """The element's visible text, whitespace collapsed ("" for None)."""
    return " ".join(element.text_content().split()) if element is not None else ""


def by_id(root: HtmlElement, id_: str) -> HtmlElement | None:
    found = root.xpath(f'descendant-or-self::*[@id="{id_}"]')  # inside ``root`` only
    return found[0] if found else None


def find_all(root: HtmlElement, xpath: str) -> list[HtmlElement]:
    return root.xpath(xpath)


def find(root: HtmlElement, xpath: str) -> HtmlElement | None:
    found = root.xpath(xpath)
    return found[0] if found else None


def has_class(cls: str) -> str:
    """An XPath predicate: the element's class attribute holds the word ``cls``."""
    return f'contains(concat(" ", normalize-space(@class), " "), " {cls} ")'


def links(root: HtmlElement) -> dict[str, str]:
    """Visible link text -> href, for every link of ``root``."""
    return {text(a): a.get("href") for a in root.iter("a")}
