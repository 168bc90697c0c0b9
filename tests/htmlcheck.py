"""A strict reading of our HTML pages with the standard library's parser."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

VOID = {"meta", "link", "br", "img", "hr", "input", "source", "wbr"}


class Page(HTMLParser):
    """Parses a page, recording structure problems, headings, landmarks and links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.headings: list[int] = []
        self.links: list[tuple[str, str]] = []
        self.doctype = ""
        self._link: list | None = None
        self._text_in: dict[str, str] = {}

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append(int(tag[1]))
        if tag == "a":
            self._link = [attributes.get("href", ""), ""]

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> (open: {self.stack[-3:]})")
            return
        self.stack.pop()
        if tag == "a" and self._link is not None:
            self.links.append((" ".join(self._link[1].split()), self._link[0]))
            self._link = None

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._link[1] += data

    def close(self) -> None:
        super().close()
        if self.stack:
            self.errors.append(f"unclosed elements: {self.stack}")


def parse(html: str) -> Page:
    """Parse `html` completely."""
    page = Page()
    page.feed(html)
    page.close()
    return page


def page_links(html: str) -> list[tuple[str, str]]:
    """(text, href) of every absolute link inside <main>."""
    main = html[html.index("<main"): html.index("</main>")]
    return [(text, href) for text, href in parse(main + "</main>").links if urlsplit(href).scheme]
