"""WordprocessingML elements the Word writer needs and python-docx has no API for.

Paragraphs and runs are built as XML with a style id each (never direct formatting):
faster than python-docx's name lookups, and exactly what a reference document restyles.
"""

from __future__ import annotations

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ..document import XML_INVALID


def paragraph(style_id: str | None):
    """A `w:p` with a paragraph style."""
    p = OxmlElement("w:p")
    if style_id:
        ppr = OxmlElement("w:pPr")
        ppr.append(_val("w:pStyle", style_id))
        p.append(ppr)
    return p


def run(text: str, style_id: str | None = None):
    """A `w:r` holding `text`, with an optional character style."""
    r = OxmlElement("w:r")
    if style_id:
        rpr = OxmlElement("w:rPr")
        rpr.append(_val("w:rStyle", style_id))
        r.append(rpr)
    t = OxmlElement("w:t")
    t.text = XML_INVALID.sub("", text)  # a .docx holding one would not open
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    r.append(t)
    return r


def line_break():
    """A `w:r` holding a line break."""
    r = OxmlElement("w:r")
    r.append(OxmlElement("w:br"))
    return r


def hyperlink(part, url: str):
    """An empty `w:hyperlink` to an external `url`; the caller appends its runs."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), part.relate_to(url, RT.HYPERLINK, is_external=True))
    link.set(qn("w:history"), "1")
    return link


def field(instruction: str, placeholder: str, style_id: str | None = None) -> list:
    """The runs of a complex field (PAGE, NUMPAGES); Word and LibreOffice compute the value."""
    runs = []
    for kind in ("begin", "instr", "separate", "result", "end"):
        if kind == "instr":
            r = OxmlElement("w:r")
            instr = OxmlElement("w:instrText")
            instr.text = f" {instruction} "
            instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            r.append(instr)
        elif kind == "result":
            r = run(placeholder, style_id)
        else:
            r = OxmlElement("w:r")
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            r.append(char)
        runs.append(r)
    return runs


def restarted_numbering(word, style_name: str) -> str:
    """A new numbering instance for a list style, starting again at 1; returns its id."""
    style_num = word.styles[style_name].element.pPr.numPr.numId.val
    numbering = word.part.numbering_part.element
    abstract = numbering.num_having_numId(style_num).abstractNumId.val
    num = numbering.add_num(abstract)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    return str(num.numId)


def number_with(p, num_id: str) -> None:
    """Make a list paragraph use the numbering instance `num_id` (its style gives the look)."""
    numpr = OxmlElement("w:numPr")
    numpr.append(_val("w:ilvl", "0"))
    numpr.append(_val("w:numId", num_id))
    p.find(qn("w:pPr")).append(numpr)


def repeat_header_row(tr) -> None:
    """Mark a table row as a header row, repeated at the top of every page."""
    trpr = tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:tblHeader"))


def _val(tag: str, value: str):
    """An element with a single `w:val` attribute."""
    element = OxmlElement(tag)
    element.set(qn("w:val"), value)
    return element
