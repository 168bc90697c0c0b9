"""Word writer: the document tree as WordprocessingML, styled only by named styles.

Every paragraph and run takes a style from templates/reference.docx, so the house style
is changed in Word, in that file, and never here. The reference is read once per process
(wordpackage.py); a document's body, headers, footers and notes are written as XML text (ooxml.py).
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Emu

from .. import wordlint
from ..clock import build_time
from ..document import Document
from ..labels import Labels, fill
from ..markdown_tree import copy_tree, spoken_whole
from ..markup import BOXED, MATRIX_MARK, WEB_SCHEMES
from ..problems import Mark
from ..theme import REFERENCE_DOCX, Theme, ThemeError
from . import ooxml
from .ooxml import Paragraph
from .wordpackage import DOCUMENT, Package, Reference, WordFile, qn, reference

HEADINGS = {"h2": "Heading 1", "h3": "Heading 2", "h4": "Heading 3"}
CHARACTER_STYLES = {"strong": "Strong", "em": "Emphasis"}
LIST_STYLES = {("ul", 1): "List Bullet", ("ul", 2): "List Bullet 2",
               ("ol", 1): "List Number", ("ol", 2): "List Number 2"}
BOX_LIST_STYLES = {"ul": "Box List Bullet", "ol": "Box List Number"}  # nested items: their numbering's level 2
BLOCKS = {"p", "ul", "ol", "blockquote", "table", "h2", "h3", "h4", "div"}
REQUIRED_STYLES = ("Normal", "Title", "Subtitle", "Series", "Heading 1", "Heading 2", "Heading 3",
                   "List Bullet", "List Bullet 2", "List Number", "List Number 2", "List Continue",
                   "Box Text", "Box List Bullet", "Box List Number", "Caption", "Row Heading", "Header", "Footer",
                   "Hyperlink", "Strong", "Emphasis", "Table Grid")
LIST_STYLE_NAMES = (*LIST_STYLES.values(), *BOX_LIST_STYLES.values())  # each numbered by its style


def write(doc: Document, theme: Theme) -> WordFile:
    """The document as .docx bytes, with what the Word lint reads of it."""
    ref = reference(theme.reference_docx)
    package = Package(ref)
    body = _Body(package, _style_ids(ref, theme), doc, theme.labels(doc.language))
    body.text("Title", doc.title)
    body.mark_title()
    if doc.subtitle:
        body.text("Subtitle", doc.subtitle)
    body.text("Series", doc.header)
    others = theme.other_languages(doc.versions, doc.id)
    if others:
        body.languages(others)
    for block in doc.tree():
        body.block(block, boxed=False)
    body.footnotes(doc.tree())
    _header_and_footer(package, doc, body.styles)
    package.language = doc.language  # the text's language, in the styles' defaults
    package.right_to_left = doc.right_to_left
    if doc.right_to_left:
        package.right_to_left_section()
    data = package.to_bytes(_properties(doc), "".join(block.xml() for block in body.blocks))
    data.facts = body.facts()
    return data


def _style_ids(ref: Reference, theme: Theme) -> dict[str, str]:
    """Style name -> style id for the styles we use; each must exist in the reference, and its
    list styles must number their items."""
    ids = ref.style_ids
    missing = [name for name in REQUIRED_STYLES if name not in ids]
    if missing:
        raise ThemeError(Mark((theme.folder / REFERENCE_DOCX).as_posix()),
                         f"the reference document lacks the styles: {', '.join(missing)}",
                         "add them in Word (Styles pane) or regenerate it with 'make reference'")
    unnumbered = [name for name in LIST_STYLE_NAMES if _numbering(ref.style(name)) not in ref.numbered]
    if unnumbered:  # a list's items would stand without bullets or numbers, and a restart has nothing to restart
        raise ThemeError(Mark((theme.folder / REFERENCE_DOCX).as_posix()),
                         f"the reference document's list styles have no bullets or numbering: {', '.join(unnumbered)}",
                         "give each its list in Word (Modify Style > Format > Numbering) or regenerate it"
                         " with 'make reference'")
    return ids


def _numbering(style) -> str | None:
    """The numbering instance a paragraph style carries (its `w:numPr/w:numId`), if any."""
    num_id = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    return num_id.get(qn("w:val")) if num_id is not None else None


class _Body:
    """The blocks of the document's body (paragraphs and tables), which go before its section
    properties; each is written out as XML text once it is complete."""

    def __init__(self, package: Package, styles: dict[str, str], doc: Document, labels: Labels) -> None:
        self.package, self.labels, self.bidi = package, labels, doc.right_to_left
        self.language: str | None = None  # the language of the text being written, where not the document's
        self.media, self.xrefs, self.doc_id = doc.media, doc.xrefs, doc.id
        self.bookmarks: list[str] = []  # the headings marked so far
        self.part = DOCUMENT  # the part being written, which its links relate from
        self.styles = styles
        self.blocks: list[Paragraph | ooxml.Table] = []
        self.links: list[tuple[str, str]] = []  # the body's links: their text and target, for the lint
        self.previous = None  # the tag of the last block written
        self.pictures = 0  # the pictures placed so far
        self.notes: list[str] = []  # the ids of the footnotes referred to so far, in order

    def add(self, block) -> None:
        """Append a block to the body."""
        self.blocks.append(block)

    def new(self, style: str) -> Paragraph:
        """An empty paragraph in `style`, written the way the document's language is."""
        return Paragraph(self.styles.get(style), self.bidi)

    def text(self, style: str, text: str) -> None:
        """A paragraph of plain text in `style`."""
        p = self.new(style)
        p.run(text)
        self.add(p)

    def facts(self) -> wordlint.Facts:
        """What the Word lint reads of the body: its paragraphs' styles and text, whether each
        table's first row is a header row, and its links."""
        return wordlint.Facts([(p.style, p.text) for p in self.blocks if isinstance(p, Paragraph)],
                              [t.header_first for t in self.blocks if isinstance(t, ooxml.Table)], self.links)

    def block(self, element: Element, boxed: bool, matrix: bool = False) -> None:
        """One block of the tree; inside a box every paragraph takes the box style."""
        tag, kind = element.tag, element.get("class") if element.tag == "div" else None
        if tag == "blockquote" or kind in BOXED:  # a quotation in a source's text is boxed too
            if self.previous == "box":  # Word draws bordered neighbours as one box
                self.add(self.new("Normal"))
            written = self.blocks_of(element, boxed=True)[1]
            if not boxed:  # a box moves as one block: its title never alone at a page's foot
                for p in [p for p in written if isinstance(p, Paragraph)][:-1]:
                    p.keep_with_next()
            tag = "box"
        elif kind == "colophon":
            self.colophon(element, boxed)
        elif kind == "notes":  # in the footnotes part, each where it is referred to
            pass
        elif kind == "figure":
            self.figure(element)
        elif kind == "contents":
            self.contents(element, boxed)
        elif tag == "div":  # a matrix, or a kind of block Word draws as its content
            for child in element:
                self.block(child, boxed, matrix=kind == "matrix")
        elif tag in ("ul", "ol"):
            self.list(element, 1, boxed)
        elif tag == "table":
            self.table(element, matrix)
        else:
            style = "Box Text" if boxed else HEADINGS.get(tag, "Normal")
            p = self.paragraph(style, element)
            if tag in HEADINGS and element.get("id"):  # what a cross-reference or a contents list goes to
                p.bookmark(bookmark(element.get("id")), len(self.bookmarks))
                self.bookmarks.append(element.get("id"))
            self.add(p)
        if not boxed:
            self.previous = tag

    def last(self):
        """The last block written so far."""
        return self.blocks[-1]

    def blocks_of(self, element: Element, boxed: bool) -> tuple:
        """Write a marked block's children; return the block before them and what they became."""
        start = len(self.blocks)
        for child in element:
            self.block(child, boxed)
        return self.blocks[start - 1] if start else None, self.blocks[start:]

    def contents(self, element: Element, boxed: bool) -> None:
        """The contents as a TOC field, Word's own: its result is the list of links the template
        wrote, so every reader shows it; Word and LibreOffice make it anew from the headings
        (`w:updateFields` asks Word to, when the file opens)."""
        entries = [p for p in self.blocks_of(element, boxed)[1] if isinstance(p, Paragraph)]
        begin, instruction, separate, result, end = ooxml.field('TOC \\o "1-3" \\h \\z \\u', "")
        first = entries[1] if len(entries) > 1 else entries[0]  # after the "Contents" line
        for offset, run in enumerate((begin, instruction, separate)):
            first.insert(offset, run)
        entries[-1].append(end)
        self.package.update_fields = True  # Word makes the contents anew when it opens the file

    def figure(self, element: Element) -> None:
        """An image as an inline picture with its alt text, its caption below and kept with it."""
        image = self.media[element.get("src")]
        width = Emu(TEXT_WIDTH * EMU_PER_TWIP * int(element.get("width") or 100) // 100)
        rid, picture = self.package.image(image.data)
        cx, cy = picture.scaled_dimensions(width, None)
        self.pictures += 1  # its drawing's id: one more than the last, as Word numbers them
        p = self.new("Normal")
        p.append(ooxml.picture(self.pictures, rid, picture.filename, cx, cy, element.get("alt", ""),
                               self.package.document.nsmap))
        self.add(p)
        if len(element):
            p.keep_with_next()
        for caption in element:
            self.add(self.paragraph("Caption", caption))

    def colophon(self, element: Element, boxed: bool) -> None:
        """The closing matter, kept on one page with the paragraph before it: every paragraph
        but its last keeps with the next."""
        before, written = self.blocks_of(element, boxed)
        paragraphs = [p for block in written for p in ([block] if isinstance(block, Paragraph) else block.paragraphs())]
        if isinstance(before, Paragraph):
            paragraphs.insert(0, before)
        for p in paragraphs[:-1]:
            p.keep_with_next()

    def paragraph(self, style: str, element: Element, prefix: str = "", listed: bool = False):
        """A paragraph in `style` holding the inline content of `element`; a list's (`listed`)
        keeps its list's way, its number where the others' are."""
        p = self.new(style)
        if prefix:
            p.run(prefix)
        if not listed:
            _its_way(p, element)
        self.inlines(p, element, None)
        return p

    def list(self, element: Element, level: int, boxed: bool) -> None:
        """List items as list paragraphs; each numbered list counts from its first number, 1 unless
        the text says otherwise. In a box, the box's list styles, a nested list at their level 2."""
        style = BOX_LIST_STYLES[element.tag] if boxed else LIST_STYLES[(element.tag, min(level, 2))]
        depth = min(level, 2) - 1 if boxed else 0  # the numbering's level: the outer styles have one each
        start = int(element.get("start", "1"))
        own = _numbering(self.package.ref.style(style))
        numbering = self.package.restarted_numbering(own, start, depth) if element.tag == "ol" else None
        if boxed and depth and numbering is None:
            numbering = own
        for item in element.findall("li"):
            first = item.find("p") if item.find("p") is not None else item
            p = self.paragraph(style, first, listed=True)
            if numbering is not None:
                p.number_with(str(numbering), depth)
            self.add(p)
            for child in item:
                if child.tag in ("ul", "ol"):
                    self.list(child, level + 1, boxed)
                elif child.tag == "p" and child is not first:
                    self.add(self.paragraph("Box Text" if boxed else "List Continue", child, listed=True))

    def table(self, element: Element, matrix: bool) -> None:
        """A pipe table as a Word table whose header row repeats on every page, its columns aligned
        as the table says; its caption above it and in the table's alt text. A coverage matrix has a
        wide first column and narrow ones for its marks, its row labels in bold, its marks centred,
        and stays on one page with its caption where it fits."""
        caption = element.find("caption")
        title = " ".join("".join(caption.itertext()).split()) if caption is not None else ""
        if caption is not None:
            self.add(self.paragraph("Caption", caption))
            self.last().keep_with_next()
        rows = element.findall(".//tr")
        width = max(len(row) for row in rows)
        widths = _matrix_widths(width) if matrix else None
        description = fill(self.labels["matrix_description"], mark=MATRIX_MARK) if matrix else ""
        table = ooxml.Table(self.styles["Table Grid"], width, widths, title, description, self.bidi)
        for index, row in enumerate(rows):
            cells = []
            header = row.find("th") is not None
            for column, cell in enumerate([*row, *[None] * (width - len(row))]):  # every row as wide as the widest
                label = matrix and column == 0 and not header  # a matrix's row: its label heads it
                p = self.new("Row Heading" if label else "Normal")
                if cell is not None:
                    _its_way(p, cell)
                    self.inlines(p, cell, "Strong" if cell.tag == "th" else None)
                    align = re.search(r"text-align:\s*(left|center|right)", cell.get("style", ""))
                    if align:
                        p.align(align[1])
                if matrix and index < len(rows) - 1:
                    p.keep_with_next()  # the whole matrix on one page, when it fits on one
                cells.append(p)
            table.row(cells, header, _turned_height(row) if header and widths else 0)
        self.add(table)

    def inlines(self, parent: ooxml.Runs, element: Element, style: str | None) -> None:
        """The text and inline children of `element`, appended to `parent` as runs."""
        self.words(parent, element.text, style)
        for child in element:
            if child.tag not in BLOCKS:
                self.inline(parent, child, style)
                self.words(parent, child.tail, style)

    def inline(self, parent: ooxml.Runs, element: Element, style: str | None) -> None:
        """One inline element: a link, a footnote's mark, a line break, or emphasis."""
        reference = element.find("a[@class='footnote-ref']") if element.tag == "sup" else None
        if reference is not None:
            self.notes.append(reference.get("href", "").lstrip("#"))
            parent.append(ooxml.note_reference(len(self.notes), self.styles.get("footnote reference")))
        elif element.tag == "a" and element.get("href", "") in self.xrefs:
            self.link(parent, element, *self.cross_reference(self.xrefs[element.get("href")]))
        elif element.tag == "a" and _linkable(element.get("href", "")):
            self.link(parent, element, element.get("href"))
        elif element.tag == "br":
            parent.append(ooxml.LINE_BREAK)
        elif element.tag == "span" and element.get("lang"):
            self.spoken(parent, element, style)
        else:
            self.inlines(parent, element, style or CHARACTER_STYLES.get(element.tag))

    def spoken(self, parent: ooxml.Runs, element: Element, style: str | None) -> None:
        """Text in another language than the document's (markup.language_span): its runs say which."""
        outer, self.language = self.language, element.get("lang")
        self.inlines(parent, element, style)
        self.language = outer

    def languages(self, others: list[tuple[str, str, str]]) -> None:
        """The publication's other languages under its series line, each named in itself, a
        link to its Word file beside this one, in its language (Theme.other_languages)."""
        p = self.new("Series")
        p.run(self.labels["other_languages"] + " ")
        for number, (language, name, ident) in enumerate(others):
            if number:
                p.run(" · ")
            link = Element("a")
            link.text, outer, self.language = name, self.language, language
            self.link(p, link, f"{ident}.docx")
            self.language = outer
        self.add(p)

    def link(self, parent: ooxml.Runs, element: Element, target: str | None, anchor: str | None = None) -> None:
        """A link holding the content of `element`, to `target` (an address, or another document's
        Word file; None: this file) at its bookmark `anchor`; the lint reads the body's links."""
        rid = self.package.relate(self.part, RT.HYPERLINK, target, external=True) if target else None
        link = ooxml.Hyperlink(rid, anchor)
        self.inlines(link, element, "Hyperlink")
        parent.append(link.xml(), link.text)
        if self.part == DOCUMENT:
            self.links.append((link.text, target or ""))

    def mark_title(self) -> None:
        """Bookmark the title, where a link to the document itself goes."""
        self.last().bookmark(TITLE_BOOKMARK, len(self.bookmarks))
        self.bookmarks.append(TITLE_BOOKMARK)

    def cross_reference(self, heading) -> tuple[str | None, str]:
        """Where a link to a heading (xref.Heading) goes: its bookmark in this file (no target), or
        the Word file of its document beside this one, at its bookmark."""
        anchor = bookmark(heading.anchor) if heading.anchor else None
        if heading.doc == self.doc_id:
            return None, anchor or TITLE_BOOKMARK
        return f"{heading.doc}.docx", anchor

    def footnotes(self, tree: Element) -> None:
        """The footnotes referred to, as Word footnotes in a part of their own; their links relate
        to that part."""
        if not self.notes:
            return
        items = {item.get("id"): item for notes in tree.iter("div") if notes.get("class") == "notes"
                 for item in notes.iter("li")}
        self.part = self.package.footnotes_part()
        notes = [[self.paragraph("footnote text", p) for p in _note_paragraphs(items[ident])]
                 for ident in self.notes if ident in items]
        self.package.footnotes(ooxml.footnotes(notes, self.styles.get("footnote reference")))
        self.part = DOCUMENT

    def words(self, parent: ooxml.Runs, text: str | None, style: str | None) -> None:
        """A run of text; Markdown's soft line breaks become spaces."""
        if text:
            parent.run(SOFT_BREAK.sub(" ", text) if "\n" in text else text, self.styles.get(style), self.language)


SOFT_BREAK = re.compile(r"\s*\n\s*")
TEXT_WIDTH = 9638  # twips between the reference's 20 mm margins on A4
EMU_PER_TWIP = 635
MARK_COLUMN = 620  # twips: room for a mark, or for one line of heading set bottom to top
TWIPS_PER_CHARACTER = 130  # a bold 10.5 pt character, generously: headings must not be clipped


def _matrix_widths(columns: int) -> list[int]:
    """Column widths for a matrix: a wide first column, narrow ones for the marks."""
    return [TEXT_WIDTH - MARK_COLUMN * (columns - 1)] + [MARK_COLUMN] * (columns - 1)


def _turned_height(row: Element) -> int:
    """The height a matrix's header row needs for its longest heading on one line."""
    longest = max(len("".join(cell.itertext()).strip()) for cell in list(row)[1:])
    return longest * TWIPS_PER_CHARACTER + 400


TITLE_BOOKMARK = "title"  # no heading's: theirs start with h_


def bookmark(anchor: str) -> str:
    """A heading's bookmark: its id as Word takes it (a letter first, no hyphens, 40 characters
    at most: a longer one keeps its start and a digest of the whole, so two stay apart)."""
    name = "h_" + anchor.replace("-", "_")
    if len(name) <= 40:
        return name
    return f"{name[:31]}_{hashlib.sha256(anchor.encode('utf-8')).hexdigest()[:8]}"


def _note_paragraphs(item: Element) -> list[Element]:
    """A footnote's paragraphs, without the way back to the text that the HTML gives it."""
    paragraphs = [copy_tree(p) for p in item if p.tag == "p"] or [Element("p")]
    for p in paragraphs:
        for back in p.findall("a[@class='footnote-backref']"):
            before = list(p).index(back)
            if before:
                p[before - 1].tail = (p[before - 1].tail or "").rstrip("\u00a0 ")
            else:
                p.text = (p.text or "").rstrip("\u00a0 ")
            p.remove(back)
    return paragraphs


def _its_way(p: Paragraph, block: Element) -> None:
    """A paragraph all in another language than the document's is written that language's way:
    an English sentence in an Arabic document keeps its full stop at its end."""
    spoken = spoken_whole(block)
    if spoken:
        p.bidi = spoken == "rtl"


def _linkable(href: str) -> bool:
    """Only web and mail addresses become hyperlinks in Word."""
    return urlsplit(href).scheme in WEB_SCHEMES


def _header_and_footer(package: Package, doc: Document, styles: dict[str, str]) -> None:
    """Header: the series label and date, from page 2. Footer: the author and the page number (a
    PAGE field)."""
    header = Paragraph(styles["Header"], doc.right_to_left)  # right to left, its start on the right
    header.run(doc.header)
    footer = Paragraph(styles["Footer"], doc.right_to_left)
    footer.run(f"{doc.author} · ")
    for r in ooxml.field("PAGE", "1"):
        footer.append(r)
    # The first page shows the series line under the title: no running header there (w:titlePg),
    # and the same footer as every other page.
    package.title_page()
    first = Paragraph(styles["Header"], doc.right_to_left)
    for kind, page, paragraph in (("header", "default", header), ("footer", "default", footer),
                                  ("header", "first", first), ("footer", "first", footer)):
        package.header_and_footer(kind, page, paragraph.xml())


def _property(text: str) -> str:
    """A core property value: Office limits them to 255 characters, and to valid XML."""
    return text if len(text) <= 255 else text[:254] + "…"


def _first_day(date: str | None) -> datetime | None:
    """'2022' -> 1 January 2022, '2022-06' -> 1 June 2022, '2022-06-05' -> 5 June 2022."""
    if not date:
        return None
    year, month, day = ([int(part) for part in date.split("-")] + [1, 1])[:3]
    return datetime(year, month, day)


def _properties(doc: Document) -> dict:
    """Core properties (title, subject, keywords, language, author, identifier, the publication
    date as its creation), by python-docx's names, in the order they are set."""
    modified = build_time().replace(tzinfo=None)
    author = _property(doc.author)
    return {"title": _property(doc.title), "subject": _property(doc.description),
            "keywords": _property(", ".join(doc.keywords)), "language": _property(doc.language),
            "author": author, "last_modified_by": author, "category": _property(doc.label),
            "identifier": _property(doc.identifier), "modified": modified,
            "created": _first_day(doc.date) or modified,  # its publication date, as precise as known
            "revision": 1}
