"""The formats of every document say the same thing, in the same order.

Each is read by a reader of its own: the .docx by python-docx, the HTML by the standard
library's parser, the Markdown by markdown-it-py (CommonMark with GitHub's footnotes, as
code-hosting sites read it, not the Python-Markdown the tool writes with), the JSON by the
standard library. Each gives the sequence of headings, paragraphs, list items and table cells,
and the links (text and target); footnotes, which each format places its own way (Word at the
foot of the page), are compared apart: their texts, in order, and their links.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree
from docx.table import Table
from docx.text.paragraph import Paragraph
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from conftest import TEMPLATES, outputs, unavailable

Blocks = list[tuple[str, str]]
Links = list[tuple[str, str]]


def clean(text: str) -> str:
    return " ".join(text.split())


def notes_apart(blocks: Blocks, links: Links, note_links: Links) -> tuple[Blocks, Links, Blocks, Links]:
    """A reader's findings: the body's blocks and links, then the footnotes' texts and links."""
    return [b for b in blocks if b[0] != "note"], links, [b for b in blocks if b[0] == "note"], note_links


# A document's id may end in a translation's language: note-en.de
ID = r"[a-z0-9-]+(?:\.[A-Za-z0-9-]+)?"
CROSS_REFERENCE = re.compile(rf"doc:({ID})(#.*)?|({ID})\.(html|md|docx)(#.*)?|#.*")


def the_document(links: Links, here: str) -> Links:
    """Links with each cross-reference, which each format writes its own way (doc:x#y, x.html#y,
    x.md#its-title, x.docx and a bookmark, #y within the file), as the document it names."""
    result = []
    for text, href in links:
        found = CROSS_REFERENCE.fullmatch(href)
        result.append((text, f"doc:{found[1] or found[3] or here}" if found else href))
    return result


def from_markdown(text: str):
    """Blocks and links as a CommonMark reader sees them."""
    blocks, links, note_links, context = [], [], [], []
    for token in MarkdownIt("commonmark").enable("table").use(footnote_plugin).parse(text):
        if token.type.endswith("_open"):
            context.append(token.type[:-5])
        elif token.type.endswith("_close"):
            context.pop()
        elif token.type == "inline":
            kind = ("note" if "footnote" in context else "cell" if {"th", "td"} & set(context)
                    else "heading" if "heading" in context else "item" if "list_item" in context else "paragraph")
            blocks += [("figure", child.content) for child in token.children if child.type == "image"]
            text = clean(_inline_text(token, note_links if kind == "note" else links))
            if text:  # an empty table cell, as the other readers skip it
                blocks.append((kind, text))
    return notes_apart(blocks, links, note_links)


def _inline_text(token, links: Links) -> str:
    """The plain text of an inline token, recording its links."""
    text, link = "", None
    for child in token.children:
        if child.type == "link_open":
            link = [child.attrs["href"], ""]
        elif child.type == "link_close":
            links.append((clean(link[1]), link[0]))
            link = None
        elif child.type in ("text", "code_inline", "softbreak", "hardbreak"):
            piece = child.content if child.type in ("text", "code_inline") else " "
            text += piece
            if link is not None:
                link[1] += piece
    return text


class _Page(HTMLParser):
    """Blocks and links of a page's header and main content."""

    KINDS = {"h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "p": "paragraph",
             "li": "item", "th": "cell", "td": "cell", "caption": "paragraph"}

    def __init__(self, marks: bool = False) -> None:
        """marks: read the page as its PDF holds it: footnote marks, backlinks and words for screen
        readers as text, and marks for the eye only (aria-hidden) left out."""
        super().__init__(convert_charrefs=True)
        self.blocks, self.links, self.stack, self.inside, self.link = [], [], [], 0, None
        self.note_links, self.in_notes, self.skip = [], False, 0  # skip: inside a footnote mark or backlink
        self.marks, self.furniture = marks, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.furniture or tag == "nav" and attrs.get("class") in ("formats", "languages"):
            self.furniture = True  # the page's offer of its other formats and languages: not the document
        elif tag in ("header", "main"):
            self.inside += 1
        elif tag == "section" and attrs.get("class") == "notes":
            self.in_notes = True
        elif not self.marks and (tag == "sup" or attrs.get("class") == "footnote-backref"):
            self.skip += 1
        elif not self.marks and tag == "span" and attrs.get("class") == "visually-hidden":
            self.skip += 1  # words for screen readers, where the other formats show a mark (a PDF holds them)
        elif self.marks and tag == "span" and attrs.get("aria-hidden") == "true":
            self.skip += 1  # a mark for the eye only, which a PDF draws as an unread artifact (pdf.css)
        elif self.inside and tag == "img":
            self.blocks.append(("figure", clean(attrs.get("alt", ""))))
        elif self.inside and tag in self.KINDS:
            self._flush()
            in_item = any(kind == "item" for kind, _ in self.stack)
            kind = "note" if self.in_notes else "item" if tag == "p" and in_item else self.KINDS[tag]
            self.stack.append([kind, ""])
        elif self.inside and tag == "a":
            self.link = [attrs.get("href"), ""]

    def handle_endtag(self, tag):
        if self.furniture:
            self.furniture = tag != "nav"
        elif tag in ("header", "main"):
            self.inside -= 1
        elif tag == "section" and self.in_notes:
            self.in_notes = False
        elif self.skip and tag in ("sup", "a", "span"):
            self.skip -= 1
        elif self.inside and tag in self.KINDS and self.stack:
            self._flush()
            self.stack.pop()
        elif tag == "a" and self.link is not None:
            (self.note_links if self.in_notes else self.links).append((clean(self.link[1]), self.link[0]))
            self.link = None

    def handle_data(self, data):
        if self.skip or self.furniture:
            return
        if self.stack:
            self.stack[-1][1] += data
        if self.link is not None:
            self.link[1] += data

    def _flush(self):
        if self.stack and clean(self.stack[-1][1]):
            self.blocks.append((self.stack[-1][0], clean(self.stack[-1][1])))
            self.stack[-1][1] = ""


def from_html(text: str):
    page = _Page()
    page.feed(text)
    return notes_apart(page.blocks, page.links, page.note_links)


def from_json(text: str):
    """Blocks and links of a document's JSON: its title block, then its parts."""
    data = json.loads(text)
    blocks = [("heading", data["title"]), *([("paragraph", data["subtitle"])] if data["subtitle"] else []),
              ("paragraph", data["header"])]
    kinds = {"caption": "paragraph"}
    links, note_links = [], []
    for part in data["parts"]:
        blocks += [("heading", part["heading"])] if part["heading"] else []
        blocks += [(kinds.get(block["kind"], block["kind"]), block["text"]) for block in part["blocks"]]
        (note_links if part.get("notes") else links).extend(tuple(link) for link in part["links"])
    return notes_apart(blocks, links, note_links)


def from_docx(path):
    """Blocks and links of a .docx body, in document order, and of its footnotes (python-docx
    has no footnotes: read from their part's XML)."""
    document = docx.Document(path)
    blocks, links = [], []
    notes, note_links = [], []
    for rel in document.part.rels.values():
        if rel.reltype == RT.FOOTNOTES:
            for note in etree.fromstring(rel.target_part.blob).iter(qn("w:footnote")):
                if note.get(qn("w:type")) is None:  # not a separator
                    for p in note.iter(qn("w:p")):
                        notes.append(("note", clean("".join(t.text or "" for t in p.iter(qn("w:t"))))))
                    note_links += [(clean("".join(t.text or "" for t in a.iter(qn("w:t")))),
                                    rel.target_part.rels[a.get(qn("r:id"))].target_ref)
                                   for a in note.iter(qn("w:hyperlink"))]
    for element in document.element.body:
        if element.tag == qn("w:p"):
            _word_paragraph(Paragraph(element, document), blocks, links, None)
        elif element.tag == qn("w:tbl"):
            for row in Table(element, document).rows:
                for cell in row.cells:
                    for paragraph in cell.paragraphs:
                        _word_paragraph(paragraph, blocks, links, "cell")
    return blocks, links, notes, note_links


def _word_paragraph(paragraph: Paragraph, blocks: Blocks, links: Links, kind: str | None) -> None:
    blocks += [("figure", clean(picture.get("descr", ""))) for picture in paragraph._p.iter(qn("wp:docPr"))]
    text, style = clean(paragraph.text), paragraph.style.name
    if not text:
        return  # the spacer Word needs between two boxes
    if kind is None:
        kind = ("heading" if style == "Title" or style.startswith("Heading") else
                "item" if style.startswith("List ") and style != "List Continue" else "paragraph")
    if style.startswith("Box List "):  # a list inside a box
        kind = "item"
    if style == "List Continue":
        kind = "item"
    blocks.append((kind, text))
    links.extend((clean(link.text), link.url or f"#{link.fragment}") for link in paragraph.hyperlinks)


# The kinds of block of a tagged PDF's structure tree, as the other readers name them.
PDF_KINDS = {**{f"H{n}": "heading" for n in range(1, 7)}, "P": "paragraph", "LBody": "item", "TD": "cell",
             "TH": "cell", "Caption": "paragraph"}
LAYOUT_HYPHEN = "\u2010"  # where the stylesheet lets the PDF hyphenate a word at a line's end
STRUCT_LINE = re.compile(r'^( *)(?:"(.*)"|(\w+)(?: <[^>]*>)?(?: \((?:block|inline)\)|:)?)$')  # text, or an element (its id)


def from_pdf(path: Path) -> Blocks:
    """The blocks of a tagged PDF, read from its structure tree by poppler (pdfinfo -struct-text):
    each block's kind from its nearest tagged ancestor, its text from its lines."""
    tree = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True,
                          check=True).stdout
    blocks, stack, current = [], [], None  # stack: (indent, tag) of the open elements
    for line in tree.splitlines():
        found = STRUCT_LINE.match(line)
        if not found:
            continue  # an attribute's value
        indent, text, tag = len(found[1]), found[2], found[3]
        while stack and stack[-1][0] >= indent:
            stack.pop()
        if tag:
            stack.append((indent, tag))
            continue
        if any(t == "Lbl" for _, t in stack):
            continue  # a list's bullet or number
        owner = next((entry for entry in reversed(stack) if entry[1] in PDF_KINDS), None)
        if owner is None:
            continue
        kind = "item" if owner[1] == "P" and any(t in ("LI", "LBody") for _, t in stack) else PDF_KINDS[owner[1]]
        if current is not owner or not blocks:
            blocks.append([kind, ""])
            current = owner
        joint = "" if blocks[-1][1].endswith(LAYOUT_HYPHEN) else " "
        blocks[-1][1] = blocks[-1][1].removesuffix(LAYOUT_HYPHEN) + joint + text.replace('\\"', '"')
    return [(kind, clean(text)) for kind, text in blocks if clean(text)]


def printed(blocks: Blocks, links: Links) -> Blocks:
    """Blocks as a printed page shows them: capitals as plain letters (the stylesheet capitalises the
    series line), whitespace gone (lines break anywhere), addresses printed after links dropped."""
    result = []
    for kind, text in blocks:
        text = "".join(text.split()).casefold()
        for _, href in links:
            text = text.replace(f"({href.casefold()})", "")
        result.append((kind, text))
    return result


def test_pdf_says_what_the_page_says(any_build):
    """The PDF's text, read from its tags, is the web page's, block by block (its figures are
    compared in test_pdf.py: poppler does not print their alternative text). A right-to-left
    line's tags hold its glyphs in the order they are drawn (WeasyPrint writes no ActualText),
    which pdfinfo does not put back into reading order: in a block holding such script, or on a
    page right to left, its letters are compared."""
    if not (any_build / "pdf").is_dir() or not shutil.which("pdfinfo"):
        unavailable("no PDF in this build or no pdfinfo (test_pdf.py says why)", "POLICYNOTE_REQUIRE_PDF")
    for name in (p.stem for p in outputs(any_build, "pdf")):
        page = _Page(marks=True)
        source = (any_build / "html" / f"{name}.html").read_text(encoding="utf-8")
        page.feed(source)
        shown = [("item" if kind == "note" else kind, text) for kind, text in page.blocks if kind != "figure"]
        links = page.links + page.note_links
        expected = printed(shown, links)
        found = rejoined(printed(from_pdf(any_build / "pdf" / f"{name}.pdf"), links), expected)
        mirrored = ' dir="rtl"' in source.split(">", 2)[1]  # the <html> element's: every line right to left
        drawn = [mirrored or bool(RIGHT_TO_LEFT.search(text)) for _, text in expected]
        expected, found = ([(kind, letters(text, links) if rtl else text) for (kind, text), rtl in zip(blocks, drawn)]
                           + blocks[len(drawn):] for blocks in (expected, found))
        assert found == expected, name


RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")  # Hebrew and Arabic script


def letters(text: str, links: Links) -> list[str]:
    """A right-to-left block's letters, without its printed addresses (an address keeps its own
    order in the line, the brackets around it are drawn mirrored)."""
    for _, href in links:
        text = text.replace(href.casefold(), "")
    return sorted(c for c in text if c not in "()")


def rejoined(pieces: Blocks, whole: Blocks) -> Blocks:
    """The PDF's blocks with a block split by a page break made one again (WeasyPrint tags the part
    on each page apart): a piece joins the one before only where that one is the start of the
    block expected there, and is of the same kind."""
    result: Blocks = []
    for kind, text in pieces:
        at = len(result) - 1
        if result and at < len(whole) and result[at][0] == kind == whole[at][0] \
                and whole[at][1].startswith(result[at][1] + text):
            result[at] = (kind, result[at][1] + text)
        else:
            result.append((kind, text))
    return result


# The words that open a publication's offer of its other languages, in every catalogue of labels
OTHER_LANGUAGES = tuple(sorted({re.search(r"^other_languages: \"?(.*?)\"?$", path.read_text(encoding="utf-8"), re.M)[1]
                                for path in (TEMPLATES / "labels").glob("*.yaml")}))


def offer_apart(read):
    """A Word or Markdown file's offer of its other languages, under its series line, is what the
    page has in its header's languages nav: furniture, not the document. Left out, with its links
    (the first of the file's)."""
    blocks, links, *rest = read
    offer = next((text for kind, text in blocks[:4] if kind == "paragraph" and text.startswith(OTHER_LANGUAGES)), None)
    if offer is None:
        return read
    return [block for block in blocks if block != ("paragraph", offer)], links[offer.count(" · ") + 1:], *rest


def test_formats_agree(any_build):
    names = [p.stem for p in outputs(any_build, "md")]
    assert sorted(names) == sorted(p.stem for p in outputs(any_build, "html")) == sorted(
        p.stem for p in outputs(any_build, "docx"))
    for name in names:
        md = offer_apart(from_markdown((any_build / "md" / f"{name}.md").read_text(encoding="utf-8")))
        page = from_html((any_build / "html" / f"{name}.html").read_text(encoding="utf-8"))
        word = offer_apart(from_docx(any_build / "docx" / f"{name}.docx"))
        data = from_json((any_build / "json" / f"{name}.json").read_text(encoding="utf-8"))
        assert md[0] == page[0], f"{name}: Markdown and HTML differ"
        assert data[0] == page[0], f"{name}: JSON and HTML differ"
        assert word[0] == page[0], f"{name}: Word and HTML differ"
        assert the_document(md[1], name) == the_document(page[1], name) == the_document(word[1], name) \
            == the_document(data[1], name), f"{name}: links differ"
        assert md[2] == page[2] == word[2] == data[2], f"{name}: footnotes differ"
        assert md[3] == page[3] == word[3] == data[3], f"{name}: the footnotes' links differ"
        assert len(md[0]) > 1, name
