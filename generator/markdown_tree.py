"""Parse the portable Markdown body into an element tree, with Python-Markdown.

The HTML and Word writers both walk this one tree, so they cannot read the body differently.
Raw HTML and HTML entities are switched off: text in sources stays text.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

import markdown
from markdown.blockprocessors import BlockQuoteProcessor
from markdown.treeprocessors import Treeprocessor

EXTENSIONS = ["tables", "sane_lists", "toc"]  # toc: an id on every heading, for links to it
CAPTION = "Table: "  # pandoc's convention: this paragraph, just before a table, is its caption
# Raw HTML, entities, automatic e-mail links (obfuscated into entities), images and
# reference links are outside the portable subset: their text stays text.
UNSUPPORTED_INLINE = ("html", "entity", "automail", "image_link", "image_reference", "reference",
                      "short_reference", "short_image_ref")
EXTRA_ESCAPES = "<>&|"  # CommonMark escapes these too; render.escape_text relies on it


class _SeparateQuotes(BlockQuoteProcessor):
    """A blank line ends a block quote, as in CommonMark, so two boxes in a row stay two."""

    def lastChild(self, parent: Element) -> None:  # noqa: N802 (Python-Markdown's name)
        """Never continue the previous block quote."""
        return None


class _Captions(Treeprocessor):
    """Move a 'Table: ...' paragraph that precedes a table into the table as its caption."""

    def run(self, root: Element) -> None:
        """Rewrite every such pair under `root`."""
        for parent in root.iter():
            children = list(parent)
            for before, table in zip(children, children[1:]):
                if table.tag == "table" and before.tag == "p" and (before.text or "").startswith(CAPTION):
                    before.tag, before.text = "caption", before.text[len(CAPTION):]
                    parent.remove(before)
                    table.insert(0, before)


class _Capture(Treeprocessor):
    """Keeps the finished tree (after inline processing and unescaping) for our writers."""

    root: Element | None = None

    def run(self, root: Element) -> None:
        """Remember the root; change nothing."""
        self.root = root


_PARSER = None


def _parser() -> tuple[markdown.Markdown, _Capture]:
    """A Markdown parser limited to the portable subset."""
    md = markdown.Markdown(extensions=EXTENSIONS)
    md.preprocessors.deregister("html_block")
    md.parser.blockprocessors.deregister("reference")  # reference links are not portable here
    for pattern in UNSUPPORTED_INLINE:
        md.inlinePatterns.deregister(pattern)
    md.ESCAPED_CHARS.extend(c for c in EXTRA_ESCAPES if c not in md.ESCAPED_CHARS)
    md.parser.blockprocessors.register(_SeparateQuotes(md.parser), "quote", 20)
    md.treeprocessors.register(_Captions(md), "policynote-captions", -5)
    capture = _Capture(md)
    md.treeprocessors.register(capture, "policynote-capture", -10)
    return md, capture


def parse(body: str) -> Element:
    """Return the body as a `<div>` whose children are the blocks."""
    global _PARSER
    if _PARSER is None:  # building a parser costs more than parsing a document: build it once
        _PARSER = _parser()
    md, capture = _PARSER
    md.reset()
    md.convert(body)
    return capture.root
