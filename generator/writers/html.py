"""HTML writer: one standalone, accessible page per document, and an index of them all."""

from __future__ import annotations

import copy
import re
from xml.etree.ElementTree import Element

import nh3
from markdown.serializers import to_html_string
from markupsafe import Markup

from ..document import Document
from ..theme import Theme

STYLESHEET = "html/style.css"

# What a body may hold after sanitizing: the portable subset and nothing else.
ALLOWED_TAGS = {"h2", "h3", "h4", "p", "ul", "ol", "li", "a", "strong", "em", "code", "br",
                "div", "table", "caption", "thead", "tbody", "tr", "th", "td"}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "div": {"class", "role"}, "th": {"scope", "class"},
                      "td": {"class"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_PREFIXES = ("http://", "https://", "mailto:")


def write(doc: Document, theme: Theme) -> str:
    """The document as a standalone HTML page."""
    page = theme.html.get_template("page.html.j2")
    return page.render(doc=doc, body=Markup(body_html(doc)), css=Markup(theme.text(STYLESHEET)))


def write_index(docs: list[Document], theme: Theme, formats: list[str]) -> dict[str, str]:
    """The index page listing every document, with links to each of its formats."""
    page = theme.html.get_template("index.html.j2")
    author = docs[0].author if docs else ""
    languages = [doc.language for doc in docs]
    language = max(sorted(set(languages)), key=languages.count) if docs else "en"  # the most used
    html = page.render(docs=docs, formats=formats, author=author, language=language,
                       css=Markup(theme.text(STYLESHEET)))
    return {"index.html": html}


def body_html(doc: Document) -> str:
    """The body as sanitized HTML: boxes as notes, table headers scoped."""
    tree = copy.deepcopy(doc.tree())
    for element in tree.iter():
        _adapt(element)
    inner = "".join(to_html_string(child) for child in tree)
    return nh3.clean(inner, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel="noopener")


def _adapt(element: Element) -> None:
    """Give an element its accessible HTML form."""
    if element.tag == "blockquote":  # a box, not a quotation: a note inside the main content
        element.tag = "div"
        element.attrib.update({"class": "box", "role": "note"})
    if element.tag == "th":
        element.set("scope", "col")
    if element.tag == "a" and not element.get("href", "").lower().startswith(LINK_PREFIXES):
        element.tag = "span"  # sources link only to the web and to mail; anything else stays text
        element.attrib.clear()
    align = re.search(r"text-align:\s*(left|center|right)", element.attrib.pop("style", ""))
    if align:  # pipe-table alignment, as a class the stylesheet (and a strict CSP) allows
        element.set("class", f"align-{align[1]}")
