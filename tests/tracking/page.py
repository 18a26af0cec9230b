"""Reading a rendered page as elements (lxml, already installed with python-docx): the task
page's tests look for a form, a field, an error next to a field, rather than a substring."""

from __future__ import annotations

from typing import Any

from lxml import html as lxml_html
from lxml.html import HtmlElement


def parse(page: Any) -> HtmlElement:
    """The document of a response (or of HTML text)."""
    content = page.content.decode() if hasattr(page, "content") else str(page)
    return lxml_html.document_fromstring(content)


def find(doc: HtmlElement, xpath: str) -> list[HtmlElement]:
    return doc.xpath(xpath)


def one(doc: HtmlElement, xpath: str) -> HtmlElement:
    found = doc.xpath(xpath)
    assert len(found) == 1, f"{len(found)} elements for {xpath}"
    return found[0]


def by_id(doc: HtmlElement, element_id: str) -> HtmlElement | None:
    found = doc.xpath(f'//*[@id="{element_id}"]')
    return found[0] if found else None


def text(el: HtmlElement | None) -> str:
    """The element's text with its white space collapsed ("" for None)."""
    return " ".join(el.text_content().split()) if el is not None else ""


def field(doc: HtmlElement, name: str) -> HtmlElement:
    """The one input, select or textarea named ``name``."""
    return one(doc, f'//*[self::input or self::textarea or self::select][@name="{name}"]')


def field_errors(doc: HtmlElement, name: str) -> list[str]:
    """The errors written next to the field ``name`` (in its label.field)."""
    label = field(doc, name).xpath('ancestor::label[contains(concat(" ", @class, " "), " field ")]')
    assert label, f"{name} is not in a label.field"
    return [text(e) for e in label[0].xpath('.//*[contains(@class, "field-error")]')]


def autofocused(doc: HtmlElement) -> list[str]:
    """Names of the fields that carry ``autofocus`` (the browser lands on the first)."""
    return [el.get("name") for el in doc.xpath("//*[@autofocus]")]


def messages(doc: HtmlElement) -> list[str]:
    return [text(li) for li in doc.xpath('//ul[contains(@class, "messages")]/li')]
