"""WordprocessingML elements the Word writer needs.

Paragraphs and runs are built as plain XML with a style id each (never direct formatting):
faster than python-docx's objects, and exactly what a reference document restyles.
"""

from __future__ import annotations

from docx.oxml.ns import nsdecls
from lxml import etree

from ..document import XML_INVALID
from .wordpackage import qn


def _element(tag: str):
    """An element named with its prefix ('w:p'); its namespace is declared where it is placed."""
    return etree.Element(qn(tag))


def paragraph(style_id: str | None):
    """A `w:p` with a paragraph style."""
    p = _element("w:p")
    if style_id:
        ppr = _element("w:pPr")
        ppr.append(_val("w:pStyle", style_id))
        p.append(ppr)
    return p


def run(text: str, style_id: str | None = None):
    """A `w:r` holding `text`, with an optional character style."""
    r = _element("w:r")
    if style_id:
        rpr = _element("w:rPr")
        rpr.append(_val("w:rStyle", style_id))
        r.append(rpr)
    t = _element("w:t")
    t.text = XML_INVALID.sub("", text)  # a .docx holding one would not open
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    r.append(t)
    return r


def drawing(inline):
    """A `w:r` holding a `w:drawing` around a picture's `wp:inline`."""
    r = _element("w:r")
    holder = _element("w:drawing")
    holder.append(inline)
    r.append(holder)
    return r


def line_break():
    """A `w:r` holding a line break."""
    r = _element("w:r")
    r.append(_element("w:br"))
    return r


def hyperlink(rid: str | None, anchor: str | None = None):
    """An empty `w:hyperlink` to the target of relationship `rid` (an address), to a bookmark
    `anchor` in it, or (without one) to a bookmark of this document; the caller appends its runs."""
    link = _element("w:hyperlink")
    if rid is not None:
        link.set(qn("r:id"), rid)
    if anchor is not None:
        link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    return link


def bookmark(p, name: str, number: int) -> None:
    """Mark a paragraph's text as the bookmark `name` (`w:bookmarkStart` ... `w:bookmarkEnd`)."""
    start = _attr("w:bookmarkStart", "w:id", str(number))
    start.set(qn("w:name"), name)
    ppr = p.find(qn("w:pPr"))
    (ppr.addnext if ppr is not None else lambda e: p.insert(0, e))(start)
    p.append(_attr("w:bookmarkEnd", "w:id", str(number)))


def field(instruction: str, placeholder: str, style_id: str | None = None) -> list:
    """The runs of a complex field (PAGE, NUMPAGES); Word and LibreOffice compute the value."""
    runs = []
    for kind in ("begin", "instr", "separate", "result", "end"):
        if kind == "instr":
            r = _element("w:r")
            instr = _element("w:instrText")
            instr.text = f" {instruction} "
            instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            r.append(instr)
        elif kind == "result":
            r = run(placeholder, style_id)
        else:
            r = _element("w:r")
            char = _element("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            r.append(char)
        runs.append(r)
    return runs


def align(p, value: str) -> None:
    """Align a paragraph: 'left', 'center' or 'right' (`w:jc`, last of what this module puts in pPr)."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = _element("w:pPr")
        p.insert(0, ppr)
    ppr.append(_val("w:jc", {"left": "start", "right": "end"}.get(value, value)))


def keep_with_next(p) -> None:
    """Keep a paragraph on the page of the next one (`w:keepNext`, in its schema order)."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = _element("w:pPr")
        p.insert(0, ppr)
    if ppr.find(qn("w:keepNext")) is not None:  # a box in the closing matter is kept twice: once is the schema's
        return
    keep = _element("w:keepNext")
    style = ppr.find(qn("w:pStyle"))
    if style is not None:
        style.addnext(keep)
    else:
        ppr.insert(0, keep)


def note_reference(number: int, style_id: str | None):
    """The run that marks footnote `number` in the text (`w:footnoteReference`)."""
    r = run("", style_id)
    r.replace(r.find(qn("w:t")), _attr("w:footnoteReference", "w:id", str(number)))
    return r


def footnotes(notes: list[list], mark_style: str | None):
    """The `w:footnotes` root: Word's two separators (ids -1 and 0), then a `w:footnote` a note,
    numbered from 1. Each note is its paragraphs; the first gets the note's mark (`w:footnoteRef`)."""
    root = etree.fromstring(f"<w:footnotes {nsdecls('w', 'r')}/>")
    for number, kind in ((-1, "separator"), (0, "continuationSeparator")):
        root.append(_note(number, [_element("w:p")], kind))
        root[-1][0].append(_element("w:r"))
        root[-1][0][0].append(_element(f"w:{kind}"))
    for number, paragraphs in enumerate(notes, start=1):
        marker = run("", mark_style)
        marker.replace(marker.find(qn("w:t")), _element("w:footnoteRef"))
        first = paragraphs[0]
        at = 1 if first.find(qn("w:pPr")) is not None else 0
        first.insert(at, marker)
        first.insert(at + 1, run(" "))
        root.append(_note(number, paragraphs))
    return root


def _note(number: int, paragraphs: list, kind: str | None = None):
    """A `w:footnote` holding `paragraphs`."""
    note = _attr("w:footnote", "w:id", str(number))
    if kind:
        note.set(qn("w:type"), kind)
    for p in paragraphs:
        note.append(p)
    return note


def number_with(p, num_id: str, level: int = 0) -> None:
    """Make a list paragraph use the numbering instance `num_id` at `level` (its style gives the look)."""
    numpr = _element("w:numPr")
    numpr.append(_val("w:ilvl", str(level)))
    numpr.append(_val("w:numId", num_id))
    p.find(qn("w:pPr")).append(numpr)


def table(style_id: str, columns: int, widths: list[int] | None = None, caption: str = "", description: str = ""):
    """An empty `w:tbl` in a table style, as wide as the text; `widths` (twips) fix the columns.
    Its `caption` and `description` are what Word's Accessibility Checker asks of a table (its
    "alt text"), read out by screen readers before the table.

    Built as XML: python-docx's cell lookup recomputes the whole grid for every cell.
    """
    tbl = _element("w:tbl")
    tblpr = _element("w:tblPr")
    tblpr.append(_val("w:tblStyle", style_id))
    width = _element("w:tblW")
    width.set(qn("w:w"), "5000")
    width.set(qn("w:type"), "pct")
    tblpr.append(width)
    if widths:
        tblpr.append(_attr("w:tblLayout", "w:type", "fixed"))
    look = _element("w:tblLook")
    extra = [_val(tag, text) for tag, text in (("w:tblCaption", caption), ("w:tblDescription", description)) if text]
    for name, value in (("w:val", "04A0"), ("w:firstRow", "1"), ("w:firstColumn", "1"), ("w:lastRow", "0"),
                        ("w:lastColumn", "0"), ("w:noHBand", "0"), ("w:noVBand", "1")):
        look.set(qn(name), value)
    tblpr.append(look)
    tblpr.extend(extra)  # after tblLook, in the schema's order
    tbl.append(tblpr)
    grid = _element("w:tblGrid")
    for column in range(columns):
        grid.append(_attr("w:gridCol", "w:w", str(widths[column])) if widths else _element("w:gridCol"))
    tbl.append(grid)
    return tbl


def table_row(cells: list, header: bool, widths: list[int] | None = None, turned: int = 0):
    """A `w:tr` of one `w:tc` per paragraph in `cells`, never split across pages.

    A header row repeats on every page. `turned` (a height in twips) sets all but the first
    cell's text bottom to top, as the narrow columns of a matrix need.
    """
    tr = _element("w:tr")
    trpr = _element("w:trPr")
    trpr.append(_element("w:cantSplit"))
    if turned:  # text set bottom to top does not grow its row: it must be tall enough
        height = _val("w:trHeight", str(turned))
        height.set(qn("w:hRule"), "atLeast")
        trpr.append(height)
    if header:
        trpr.append(_element("w:tblHeader"))
    tr.append(trpr)
    for column, p in enumerate(cells):
        tc = _element("w:tc")
        tcpr = _element("w:tcPr")
        if widths:
            width = _attr("w:tcW", "w:w", str(widths[column]))
            width.set(qn("w:type"), "dxa")
            tcpr.append(width)
        if turned and column:
            tcpr.append(_val("w:textDirection", "btLr"))
        if widths and column:  # a matrix's mark sits in the middle of its cell
            tcpr.append(_val("w:vAlign", "center" if not turned else "bottom"))
        tc.append(tcpr)
        tc.append(p)
        tr.append(tc)
    return tr


def _attr(tag: str, name: str, value: str):
    """An element with one attribute."""
    element = _element(tag)
    element.set(qn(name), value)
    return element


def _val(tag: str, value: str):
    """An element with a single `w:val` attribute."""
    element = _element(tag)
    element.set(qn("w:val"), value)
    return element
