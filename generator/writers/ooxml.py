"""WordprocessingML the Word writer needs, written as text.

Paragraphs and runs take a style id each (never direct formatting): exactly what a reference
document restyles. A document's body is about a thousand elements; written as escaped pieces
of text they cost a fraction of building each as an lxml element, and they are the bytes lxml
would have written for the same elements (the golden tests compare the parts).

Prefixes are the ones every Word file declares on its root: `w`, `r`, and `wp` for pictures
(wordpackage.py makes sure the reference declares them).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..document import XML_INVALID

# A letter of a right-to-left script (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation
# forms): a run holding one is marked right to left (`w:rtl`), as Word marks what is typed in them,
# so it takes the complex-script font and language; a Latin name or an address beside it does not.
RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")

def escape(text: str) -> str:
    """Text as element content, as lxml writes it, without the characters XML cannot hold (a
    .docx holding one would not open)."""
    text = XML_INVALID.sub("", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;") if "\r" in text else text


def quote(value: str) -> str:
    """Text as an attribute's value between double quotes, as lxml writes it."""
    value = escape(value).replace('"', "&quot;")
    return value.replace("\n", "&#10;").replace("\t", "&#9;") if "\n" in value or "\t" in value else value


def element(tag: str, content: str = "", attributes: str = "") -> str:
    """`<tag attributes>content</tag>`, or `<tag attributes/>` when it is empty, as lxml writes it."""
    return f"<{tag}{attributes}>{content}</{tag}>" if content else f"<{tag}{attributes}/>"


@lru_cache(maxsize=1024)  # mostly style ids, over and over
def val(tag: str, value: str) -> str:
    """An element with a single `w:val` attribute."""
    return f'<{tag} w:val="{quote(value)}"/>'


class Runs:
    """Content being written into a paragraph or a link: XML pieces, and the text its runs show
    (what the Word lint reads of headings and links, without parsing the XML again)."""

    __slots__ = ("pieces", "words")

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.words: list[str] = []

    def run(self, text: str, style_id: str | None = None, language: str | None = None) -> None:
        """A `w:r` holding `text`, with an optional character style and language."""
        self.append(run(text, style_id, language), text)

    def append(self, piece: str, text: str = "") -> None:
        """An XML piece, and the text it shows."""
        self.pieces.append(piece)
        if text:
            self.words.append(text)

    def insert(self, index: int, piece: str) -> None:
        """An XML piece that shows no text (a field's start, a bookmark), before the `index`th."""
        self.pieces.insert(index, piece)

    @property
    def text(self) -> str:
        return "".join(self.words)


class Paragraph(Runs):
    """A `w:p` being written: its style, and what the writer may still decide about it (keep it
    with the next, number it, align it, mark it as a bookmark)."""

    __slots__ = ("style", "keep", "numbering", "alignment", "bidi")

    def __init__(self, style_id: str | None, bidi: bool = False) -> None:
        super().__init__()
        self.style = style_id
        self.bidi = bidi  # `w:bidi`: a right-to-left paragraph, its start on the right
        self.keep = False  # `w:keepNext`: on the page of the next paragraph
        self.numbering: tuple[str, int] | None = None  # a numbering instance and its level
        self.alignment: str | None = None  # 'left', 'center' or 'right'

    def keep_with_next(self) -> None:
        self.keep = True

    def number_with(self, num_id: str, level: int = 0) -> None:
        """Use the numbering instance `num_id` at `level` (its style gives the look)."""
        self.numbering = (num_id, level)

    def align(self, value: str) -> None:
        self.alignment = value

    def bookmark(self, name: str, number: int) -> None:
        """Mark the paragraph's content as the bookmark `name`."""
        self.insert(0, f'<w:bookmarkStart w:id="{number}" w:name="{quote(name)}"/>')
        self.append(f'<w:bookmarkEnd w:id="{number}"/>')

    def xml(self) -> str:
        """The paragraph, its properties in the schema's order."""
        props = []
        if self.style:
            props.append(val("w:pStyle", self.style))
        if self.keep:
            props.append("<w:keepNext/>")
        if self.numbering:
            num_id, level = self.numbering
            props.append(f'<w:numPr>{val("w:ilvl", str(level))}{val("w:numId", num_id)}</w:numPr>')
        if self.bidi:
            props.append("<w:bidi/>")
        if self.alignment:  # a side of the page, as on the web page: start is the right in a right-to-left paragraph
            sides = {"left": "end", "right": "start"} if self.bidi else {"left": "start", "right": "end"}
            props.append(val("w:jc", sides.get(self.alignment, self.alignment)))
        return element("w:p", (element("w:pPr", "".join(props)) if props else "") + "".join(self.pieces))


def run(text: str, style_id: str | None = None, language: str | None = None) -> str:
    """A `w:r` holding `text`, with an optional character style; right to left where its text
    is written so; in `language` where that is not the document's."""
    rtl = not text.isascii() and RIGHT_TO_LEFT.search(text) is not None
    return f'<w:r>{_run_style(style_id, rtl, language)}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


@lru_cache(maxsize=256)
def _run_style(style_id: str | None, rtl: bool = False, language: str | None = None) -> str:
    """A run's properties: its character style, `w:rtl` and its language (a complex script's
    is `w:bidi`), in the schema's order."""
    if not (style_id or rtl or language):
        return ""
    spoken = (f'<w:lang w:val="{quote(language)}"' + (f' w:bidi="{quote(language)}"' if rtl else "") + "/>") \
        if language else ""
    return f"<w:rPr>{val('w:rStyle', style_id) if style_id else ''}{'<w:rtl/>' if rtl else ''}{spoken}</w:rPr>"


LINE_BREAK = "<w:r><w:br/></w:r>"


class Hyperlink(Runs):
    """A `w:hyperlink` to the target of relationship `rid` (an address), to a bookmark `anchor`
    in it, or (without one) to a bookmark of this document; the writer adds its runs."""

    __slots__ = ("rid", "anchor")

    def __init__(self, rid: str | None, anchor: str | None = None) -> None:
        super().__init__()
        self.rid, self.anchor = rid, anchor

    def xml(self) -> str:
        attributes = (f' r:id="{quote(self.rid)}"' if self.rid is not None else "") + (
            f' w:anchor="{quote(self.anchor)}"' if self.anchor is not None else "") + ' w:history="1"'
        return element("w:hyperlink", "".join(self.pieces), attributes)


DRAWINGML = "http://schemas.openxmlformats.org/drawingml/2006/main"
PICTURE = "http://schemas.openxmlformats.org/drawingml/2006/picture"


def picture(number: int, rid: str, filename: str, width: int, height: int, description: str,
            declared: dict) -> str:
    """A `w:r` holding an inline picture: the image related as `rid`, `width` by `height` EMU,
    its alt text in `wp:docPr/@descr` (what Word's Accessibility Checker and screen readers
    read). As python-docx writes one; `number` is its drawing's id, unique in the document. It
    declares the DrawingML prefixes that the document's root does not (`declared`: its nsmap)."""
    declarations = "".join(f' xmlns:{prefix}="{uri}"' for prefix, uri in (("a", DRAWINGML), ("pic", PICTURE))
                           if declared.get(prefix) != uri)
    graphic = (f'<a:graphic><a:graphicData uri="{PICTURE}"><pic:pic><pic:nvPicPr>'
               f'<pic:cNvPr id="0" name="{quote(filename)}"/><pic:cNvPicPr/></pic:nvPicPr>'
               f'<pic:blipFill><a:blip r:embed="{quote(rid)}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
               f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{width}" cy="{height}"/></a:xfrm>'
               '<a:prstGeom prst="rect"/></pic:spPr></pic:pic></a:graphicData></a:graphic>')
    return (f'<w:r><w:drawing><wp:inline{declarations}>'
            f'<wp:extent cx="{width}" cy="{height}"/>'
            f'<wp:docPr id="{number}" name="Picture {number}" descr="{quote(description)}"/>'
            '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
            f"{graphic}</wp:inline></w:drawing></w:r>")


def field(instruction: str, placeholder: str, style_id: str | None = None) -> list[str]:
    """The runs of a complex field (PAGE, TOC); Word and LibreOffice compute the value, and
    `placeholder` shows until they do."""
    return [_field_char("begin"),
            f'<w:r><w:instrText xml:space="preserve"> {escape(instruction)} </w:instrText></w:r>',
            _field_char("separate"), run(placeholder, style_id), _field_char("end")]


def _field_char(kind: str) -> str:
    return f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>'


def note_reference(number: int, style_id: str | None) -> str:
    """The run that marks footnote `number` in the text (`w:footnoteReference`)."""
    return f'<w:r>{_run_style(style_id)}<w:footnoteReference w:id="{number}"/></w:r>'


def footnotes(notes: list[list[Paragraph]], mark_style: str | None) -> str:
    """The content of `w:footnotes`: Word's two separators (ids -1 and 0), then a `w:footnote` a
    note, numbered from 1. Each note is its paragraphs; the first gets the note's mark (`w:footnoteRef`)."""
    parts = [f'<w:footnote w:id="{number}" w:type="{kind}"><w:p><w:r><w:{kind}/></w:r></w:p></w:footnote>'
             for number, kind in ((-1, "separator"), (0, "continuationSeparator"))]
    for number, paragraphs in enumerate(notes, start=1):
        paragraphs[0].insert(0, f"<w:r>{_run_style(mark_style)}<w:footnoteRef/></w:r>")
        paragraphs[0].insert(1, run(" "))
        parts.append(element("w:footnote", "".join(p.xml() for p in paragraphs), f' w:id="{number}"'))
    return "".join(parts)


class Table:
    """A `w:tbl` being written, in a table style, as wide as the text; `widths` (twips) fix the
    columns. Its `caption` and `description` are what Word's Accessibility Checker asks of a table
    (its "alt text"), read out by screen readers before the table."""

    def __init__(self, style_id: str, columns: int, widths: list[int] | None = None, caption: str = "",
                 description: str = "", bidi: bool = False) -> None:
        look = ('<w:tblLook w:val="04A0" w:firstRow="1" w:firstColumn="1" w:lastRow="0" w:lastColumn="0"'
                ' w:noHBand="0" w:noVBand="1"/>')
        alt = "".join(val(tag, text) for tag, text in (("w:tblCaption", caption), ("w:tblDescription", description))
                      if text)  # after tblLook, in the schema's order
        layout = '<w:tblLayout w:type="fixed"/>' if widths else ""
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths) if widths else "<w:gridCol/>" * columns
        visual = "<w:bidiVisual/>" if bidi else ""  # right to left: the first column on the right
        self.head = (f'<w:tblPr>{val("w:tblStyle", style_id)}{visual}<w:tblW w:w="5000" w:type="pct"/>{layout}'
                     f"{look}{alt}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>")
        self.widths = widths
        self.rows: list[tuple[str, list[tuple[str, Paragraph]]]] = []
        self.header_first = False  # its first row is a header row, repeated on every page

    def row(self, cells: list[Paragraph], header: bool, turned: int = 0) -> None:
        """A `w:tr` of one `w:tc` per paragraph in `cells`, never split across pages.

        A header row repeats on every page. `turned` (a height in twips) sets all but the first
        cell's text bottom to top, as the narrow columns of a matrix need.
        """
        height = f'<w:trHeight w:val="{turned}" w:hRule="atLeast"/>' if turned else ""  # bottom to top does not grow
        properties = f"<w:trPr><w:cantSplit/>{height}{'<w:tblHeader/>' if header else ''}</w:trPr>"
        if not self.rows:
            self.header_first = header
        self.rows.append((properties, [(self._cell(column, turned), p) for column, p in enumerate(cells)]))

    def _cell(self, column: int, turned: int) -> str:
        """A cell's properties: its width, its text's direction, and a matrix's marks in the middle."""
        widths = self.widths
        width = f'<w:tcW w:w="{widths[column]}" w:type="dxa"/>' if widths else ""
        direction = val("w:textDirection", "btLr") if turned and column else ""
        middle = val("w:vAlign", "center" if not turned else "bottom") if widths and column else ""
        return element("w:tcPr", width + direction + middle)

    def paragraphs(self) -> list[Paragraph]:
        return [p for _, cells in self.rows for _, p in cells]

    def xml(self) -> str:
        rows = "".join(f"<w:tr>{properties}{''.join(f'<w:tc>{tcpr}{p.xml()}</w:tc>' for tcpr, p in cells)}</w:tr>"
                       for properties, cells in self.rows)
        return f"<w:tbl>{self.head}{rows}</w:tbl>"
