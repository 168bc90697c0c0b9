"""Generate templates/reference.docx, the named styles that give the Word output its look.

The Word writer applies named styles only, never direct formatting, so this file is the
whole house style; communications staff restyle by editing it in Word. Regenerate with
`python -m generator.reference_docx templates/reference.docx` (this overwrites their edits).
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_UNDERLINE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Inches, Mm, Pt, RGBColor
from docx.styles.style import BaseStyle, ParagraphStyle

from lxml import etree

from generator.ziputil import normalise_ooxml, read_zip, write_zip

DEFAULT_PATH = Path("templates/reference.docx")

# Arial, not Liberation Sans: Word lacks Liberation Sans and OOXML has no font fallback
# list, while LibreOffice maps Arial to the metric-compatible Liberation Sans.
FONT = "Arial"
TEXT = RGBColor.from_string("333333")
ACCENT = RGBColor.from_string("1F5C7A")
MUTED = RGBColor.from_string("666666")
LINK = RGBColor.from_string("0563C1")
BOX_FILL = "EAF2F6"
TABLE_RULE = "BFBFBF"
LANGUAGE = "en-GB"
# Fixed dates keep the output reproducible and say nothing about who built it or when.
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)

PARAGRAPH = WD_STYLE_TYPE.PARAGRAPH
CHARACTER = WD_STYLE_TYPE.CHARACTER
TABLE = WD_STYLE_TYPE.TABLE
KEPT_TABLE_STYLES = {"Normal Table", "Table Grid"}
# Cell paragraphs are Normal, whose 6 pt space after outranks the table style's own
# spacing (in Word and LibreOffice alike); it already pads the bottom of each cell, so
# only the other three sides get the 0.08 in margin.
CELL_MARGINS = {"top": 0.08, "left": 0.08, "bottom": 0, "right": 0.08}
LIST_STYLES = ("List Bullet", "List Bullet 2", "List Number")
# A reset keeps what gives a paragraph structure rather than looks: list numbering and
# the outline level that Word's navigation pane and tables of contents read.
STRUCTURAL = {qn("w:numPr"), qn("w:outlineLvl")}
# Elements that may follow w:pBdr and w:shd in a w:pPr (ECMA-376 order).
AFTER_SHD = ("w:tabs", "w:spacing", "w:ind", "w:contextualSpacing", "w:jc", "w:outlineLvl",
             "w:rPr")
DRAWING = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
# python-docx names no constant for this Word 2010 relationship.
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def build_reference() -> bytes:
    """Return the bytes of the reference .docx, identical on every run."""
    document = docx.Document()
    _clear_body(document)
    _set_page(document.sections[0])
    _drop_stale_parts(document)
    _prune_styles(document)
    _set_defaults(document)
    _style_body(document)
    _style_front_matter(document)
    _style_headings(document)
    _style_lists(document)
    _style_box(document)
    _style_box_lists(document)
    _style_page_furniture(document)
    _style_row_heading(document)
    _style_characters(document)
    _style_notes(document)
    _style_table(document)
    _check_list_numbering(document)
    _house_styles_only(document)
    _house_theme(document)
    _no_leftovers(document)
    _current_word(document)
    _clear_core_properties(document)
    return _serialise(document)


def main(argv: list[str] | None = None) -> int:
    """Write the reference .docx to the path given, or to templates/reference.docx."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1:
        print("usage: python -m generator.reference_docx [OUTPUT.docx]", file=sys.stderr)
        return 2
    path = Path(args[0]) if args else DEFAULT_PATH
    path.write_bytes(build_reference())
    return 0


# --- Document and package ---------------------------------------------------------------


def _current_word(document: Document) -> None:
    """Mark the file as made for current Word (compatibilityMode 15), which otherwise opens it,
    and every file made from it, in "Compatibility Mode"."""
    for setting in document.settings.element.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")


def _house_styles_only(document: Document) -> None:
    """Delete the template's styles the house does not use, so Word's Styles pane offers only the
    house's; a kept style keeps the styles it is based on or followed by."""
    from generator.writers.docx import REQUIRED_STYLES  # the styles the Word writer applies

    kept = {*REQUIRED_STYLES, *KEPT_TABLE_STYLES, "footnote text", "footnote reference"}
    styles = {style.name: style for style in document.styles}
    queue = list(kept)
    while queue:
        style = styles.get(queue.pop())
        for related in (getattr(style, "base_style", None), getattr(style, "next_paragraph_style", None)):
            if related is not None and related.name not in kept:
                kept.add(related.name)
                queue.append(related.name)
    for name, style in styles.items():
        default = style.element.get(qn("w:default")) == "1"  # Word needs one default of each kind
        if name not in kept and not default:
            style.delete()


def _house_theme(document: Document) -> None:
    """Make the theme the house's: its colours and fonts those of the styles, so what Word offers
    as "theme colours" and "theme fonts" matches the documents."""
    part = document.part.part_related_by(RT.THEME)
    theme = etree.fromstring(part.blob)
    colours = {"dk2": TEXT, "accent1": ACCENT, "hlink": LINK, "folHlink": ACCENT}
    for name, colour in colours.items():
        for srgb in theme.iterfind(f".//a:clrScheme/a:{name}/a:srgbClr", DRAWING):
            srgb.set("val", str(colour))
    for scheme in theme.iterfind(".//a:clrScheme", DRAWING):
        scheme.set("name", "policynote house")
    for latin in theme.iterfind(".//a:fontScheme/*/a:latin", DRAWING):
        latin.set("typeface", FONT)
    for scheme in theme.iterfind(".//a:fontScheme", DRAWING):
        scheme.set("name", "policynote house")
    part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)


def _no_leftovers(document: Document) -> None:
    """Drop what the template carries from its own making: its customXml (a bibliography
    style), its revision ids (rsids) and its East Asian font settings and fonts."""
    rels = document.part.rels
    for rId in [rId for rId, rel in rels.items() if rel.reltype == RT.CUSTOM_XML]:
        del rels[rId]
    for rsids in document.settings.element.findall(qn("w:rsids")):
        document.settings.element.remove(rsids)
    for element in document.styles.element.iter(qn("w:rFonts"), qn("w:lang")):
        for attribute in ("w:eastAsia", "w:eastAsiaTheme", "w:hint"):
            element.attrib.pop(qn(attribute), None)
    used = {value for element in [*document.styles.element.iter(qn("w:rFonts")),
                                  *document.part.numbering_part.element.iter(qn("w:rFonts"))]
            for value in element.attrib.values()}
    fonts = document.part.part_related_by(RT.FONT_TABLE)
    table = etree.fromstring(fonts.blob)
    for font in table.findall(qn("w:font")):
        if font.get(qn("w:name")) not in used:
            table.remove(font)
    fonts._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def _clear_body(document: Document) -> None:
    """Remove every paragraph and table, keeping the body's final w:sectPr."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _set_page(section: Section) -> None:
    """Set A4 portrait with the house margins."""
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(18)
    section.header_distance = section.footer_distance = Mm(10)


def _drop_stale_parts(document: Document) -> None:
    """Drop the template's thumbnail and stylesWithEffects, which would go stale."""
    # The thumbnail pictures python-docx's own template. stylesWithEffects.xml is an
    # optional Word 2010 copy of styles.xml (~440 kB) that would keep the old styles.
    package_rels = document.part.package.rels
    stale = ((package_rels, RT.THUMBNAIL), (document.part.rels, STYLES_WITH_EFFECTS))
    for rels, reltype in stale:
        for rId in [rId for rId, rel in rels.items() if rel.reltype == reltype]:
            del rels[rId]


def _clear_core_properties(document: Document) -> None:
    """Empty the core properties so the file carries no personal data."""
    props = document.core_properties
    for name in ("author", "category", "comments", "content_status", "identifier",
                 "keywords", "language", "last_modified_by", "subject", "title", "version"):
        setattr(props, name, "")
    props.revision = 1
    props.created = props.modified = EPOCH


# The template's app.xml claims "Microsoft Macintosh Word" and a page count; say only what is true.
APP_XML = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           b"<Application>policynote</Application></Properties>")


def _serialise(document: Document) -> bytes:
    """Save with python-docx, then rewrite the zip with fixed order and timestamps."""
    buffer = io.BytesIO()
    document.save(buffer)
    entries = [(name, APP_XML if name == "docProps/app.xml" else data)
               for name, data in read_zip(buffer.getvalue())]
    return normalise_ooxml(write_zip(entries))


# --- Style plumbing ---------------------------------------------------------------------


def _prune_styles(document: Document) -> None:
    """Remove unused table styles and linked character styles; make styles use Arial."""
    # Latent styles stay: their exceptions tell Word how to show built-in styles that
    # styles.xml does not define (the removed table styles among them), so dropping them
    # would change Word's style gallery rather than just tidy the file.
    for style in list(document.styles):
        if style.type == TABLE and style.name not in KEPT_TABLE_STYLES:
            style.delete()
    _unlink_styles(document)
    for rfonts in document.styles.element.xpath("//w:rFonts"):
        _drop_theme_fonts(rfonts)


def _unlink_styles(document: Document) -> None:
    """Delete "X Char" styles linked to paragraph styles, and the links to them."""
    # A linked character style duplicates its paragraph style's run formatting; left as
    # it is, "Title Char" would keep the template's old look. Word recreates them on need.
    for style in list(document.styles.element.xpath("w:style[w:link]")):
        if style.type == CHARACTER:
            style.getparent().remove(style)
        else:
            style.remove(style.find(qn("w:link")))


def _drop_theme_fonts(rfonts) -> None:
    """Remove theme font references, which would override the house font."""
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attribute), None)
    if not rfonts.attrib:
        rfonts.getparent().remove(rfonts)


def _set_defaults(document: Document) -> None:
    """Set the document-wide run defaults: house font and en-GB language."""
    rpr = document.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr")[0]
    rfonts = rpr.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attribute), FONT)
    # The writer overwrites the language per document; en-GB is the house default.
    rpr.find(qn("w:lang")).set(qn("w:val"), LANGUAGE)


def _style(document: Document, name: str, kind: WD_STYLE_TYPE = PARAGRAPH, *,
           builtin: bool = True) -> BaseStyle:
    """Return the named style, created if missing, with its template formatting removed."""
    styles = document.styles
    style = styles[name] if name in styles else styles.add_style(name, kind, builtin=builtin)
    if style.type != kind:
        raise ValueError(f"style {name!r} is not a {kind} style")
    _reset(style)
    style.hidden = False
    return style


def _reset(style: BaseStyle) -> None:
    """Remove a style's paragraph and run formatting, keeping its structural properties."""
    element = style.element
    if element.rPr is not None:
        element.remove(element.rPr)
    ppr = element.pPr
    if ppr is None:
        return
    for child in list(ppr):
        # A numPr without numId (the template's Subtitle has one) numbers nothing.
        useless = child.tag == qn("w:numPr") and child.numId is None
        if child.tag not in STRUCTURAL or useless:
            ppr.remove(child)
    if len(ppr) == 0:
        element.remove(ppr)


def _paragraph(document: Document, name: str, *, based_on: str | None = "Normal",
               next_style: str | None = "Normal", builtin: bool = True) -> ParagraphStyle:
    """Return a reset paragraph style in the quick-style gallery, based on Normal."""
    style = _style(document, name, PARAGRAPH, builtin=builtin)
    style.base_style = document.styles[based_on] if based_on else None
    style.next_paragraph_style = document.styles[next_style] if next_style else None
    style.quick_style = True
    return style


# --- House styles -----------------------------------------------------------------------


def _style_body(document: Document) -> None:
    """Style Normal, which every other paragraph style builds on."""
    style = _paragraph(document, "Normal", based_on=None, next_style=None)
    style.font.name = FONT
    style.font.size = Pt(10.5)
    style.font.color.rgb = TEXT
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(6)
    fmt.line_spacing = 1.15  # w:line="276" w:lineRule="auto"
    fmt.widow_control = True  # no paragraph's first or last line alone at a page's foot or head


def _style_front_matter(document: Document) -> None:
    """Style the title block: Title, Subtitle and the Series label line."""
    title = _paragraph(document, "Title", next_style="Subtitle")
    _font(title, 22, ACCENT, bold=True)
    title.paragraph_format.line_spacing = 1.0  # long titles wrap; 1.15 looks loose at 22 pt
    title.paragraph_format.space_after = Pt(6)
    title.paragraph_format.keep_with_next = True
    subtitle = _paragraph(document, "Subtitle")
    _font(subtitle, 13, ACCENT)
    subtitle.paragraph_format.space_after = Pt(6)
    series = _paragraph(document, "Series", builtin=False)
    _font(series, 9.5, MUTED)
    series.font.all_caps = True
    series.paragraph_format.space_after = Pt(12)


def _style_headings(document: Document) -> None:
    """Style Heading 1 to 3; each keeps its outline level from the template."""
    for name, size, colour, before, after in (
        ("Heading 1", 15, ACCENT, 14, 4),
        ("Heading 2", 12, ACCENT, 12, 3),
        ("Heading 3", 10.5, None, 10, 2),
    ):
        style = _paragraph(document, name)
        _font(style, size, colour, bold=True)
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        fmt.keep_with_next = fmt.keep_together = True


def _style_lists(document: Document) -> None:
    """Style the list paragraphs; their numbering stays that of the template."""
    for name in LIST_STYLES:
        style = _paragraph(document, name, next_style=name)
        # The reset also drops w:contextualSpacing, which would suppress this space
        # between items of the same list.
        style.paragraph_format.space_after = Pt(3)


def _style_box(document: Document) -> None:
    """Style Box Text: a shaded paragraph framed in the accent colour."""
    style = _paragraph(document, "Box Text", next_style="Box Text", builtin=False)
    ppr = style.element.get_or_add_pPr()
    ppr.insert_element_before(_box_borders(), "w:shd", *AFTER_SHD)
    ppr.insert_element_before(_shading(BOX_FILL), *AFTER_SHD)
    # 4 mm clears the 4 pt border gap and rule, so the frame sits inside the margins.
    style.paragraph_format.left_indent = style.paragraph_format.right_indent = BOX_INDENT
    style.paragraph_format.keep_together = True  # no paragraph of a box split across pages


# A list inside a box: its marks, by level, and its numbering's format. Each item starts where
# the box's text does, hanging nothing, so that Word and LibreOffice draw the box's border round
# its items and its paragraphs as one frame (a paragraph border groups equal indents only).
BOX_LISTS = {"Box List Bullet": ("bullet", ("•", "–")), "Box List Number": ("decimal", ("%1.", "%2."))}
BOX_INDENT = Mm(4)


def _style_box_lists(document: Document) -> None:
    """Style Box List Bullet and Box List Number: Box Text, numbered by a list of their own."""
    numbering = document.part.numbering_part.element
    for number, (name, (kind, marks)) in enumerate(BOX_LISTS.items()):
        abstract_id = max(int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))) + 1
        numbering.find(qn("w:num")).addprevious(_box_numbering(abstract_id, kind, marks))
        num = numbering.add_num(abstract_id)
        style = _paragraph(document, name, based_on="Box Text", next_style=name, builtin=False)
        style.paragraph_format.space_after = Pt(2)  # items closer than paragraphs, as in lists outside
        ppr = style.element.get_or_add_pPr()
        numpr = ppr.get_or_add_numPr()
        numpr.get_or_add_numId().val = num.numId


def _box_numbering(abstract_id: int, kind: str, marks: tuple[str, ...]):
    """A w:abstractNum whose levels start at the box's indent, the mark followed by a space."""
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(abstract_id))
    multi = OxmlElement("w:multiLevelType")
    multi.set(qn("w:val"), "multilevel")
    abstract.append(multi)
    for level, mark in enumerate(marks):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        for tag, value in (("w:start", "1"), ("w:numFmt", kind), ("w:suff", "space"), ("w:lvlText", mark),
                           ("w:lvlJc", "left")):
            element = OxmlElement(tag)
            element.set(qn("w:val"), value)
            lvl.append(element)
        ppr, ind = OxmlElement("w:pPr"), OxmlElement("w:ind")
        ind.set(qn("w:left"), str(BOX_INDENT.twips))
        ind.set(qn("w:firstLine"), str(level * 360))  # a nested item's mark stands further in
        ppr.append(ind)
        lvl.append(ppr)
        rpr, fonts = OxmlElement("w:rPr"), OxmlElement("w:rFonts")
        for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
            fonts.set(qn(attribute), FONT)
        rpr.append(fonts)
        lvl.append(rpr)
        abstract.append(lvl)
    return abstract


def _style_page_furniture(document: Document) -> None:
    """Style Header, Footer and Caption."""
    for name in ("Header", "Footer"):
        style = _paragraph(document, name)
        style.quick_style = False  # Word keeps these out of the gallery
        _font(style, 8.5, MUTED)
        style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.line_spacing = 1.0
    # Centre and right tabs at the middle and end of the A4 text width (210 - 2 x 20 mm).
    tabs = document.styles["Header"].paragraph_format.tab_stops
    tabs.add_tab_stop(Mm(85), WD_TAB_ALIGNMENT.CENTER)
    tabs.add_tab_stop(Mm(170), WD_TAB_ALIGNMENT.RIGHT)
    document.styles["Footer"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption = _paragraph(document, "Caption")
    _font(caption, 9, None, italic=True)


def _style_row_heading(document: Document) -> None:
    """Style Row Heading: the label that heads a row of a matrix, in bold as its column headings are."""
    style = _paragraph(document, "Row Heading", builtin=False)
    style.font.bold = style.font.cs_bold = True


def _style_characters(document: Document) -> None:
    """Style Hyperlink, Strong and Emphasis."""
    link = _style(document, "Hyperlink", CHARACTER)
    link.base_style = document.styles["Default Paragraph Font"]
    link.priority, link.unhide_when_used = 99, True
    link.font.color.rgb = LINK
    link.font.underline = WD_UNDERLINE.SINGLE
    strong = _style(document, "Strong", CHARACTER)
    strong.font.bold = strong.font.cs_bold = True
    emphasis = _style(document, "Emphasis", CHARACTER)
    emphasis.font.italic = emphasis.font.cs_italic = True


def _style_notes(document: Document) -> None:
    """Style footnotes, under the names Word gives them: smaller text, a raised mark."""
    text = _paragraph(document, "footnote text")
    text.style_id = "FootnoteText"  # Word's own ids for its built-in styles
    _font(text, 8.5, None)
    text.paragraph_format.space_after = Pt(2)
    text.paragraph_format.line_spacing = 1.0
    mark = _style(document, "footnote reference", CHARACTER)
    mark.style_id = "FootnoteReference"
    mark.base_style = document.styles["Default Paragraph Font"]
    mark.font.superscript = True


def _style_table(document: Document) -> None:
    """Give Table Grid thin grey rules and even cell padding."""
    table_pr = document.styles["Table Grid"].element.find(qn("w:tblPr"))
    for rule in table_pr.find(qn("w:tblBorders")):
        rule.set(qn("w:val"), "single")
        rule.set(qn("w:sz"), "4")  # eighths of a point: a 0.5 pt rule
        rule.set(qn("w:color"), TABLE_RULE)
    for margin in table_pr.find(qn("w:tblCellMar")):
        inches = CELL_MARGINS[margin.tag.rpartition("}")[2]]
        margin.set(qn("w:w"), str(Inches(inches).twips))
        margin.set(qn("w:type"), "dxa")


def _font(style: BaseStyle, size: float, colour: RGBColor | None, *,
          bold: bool = False, italic: bool = False) -> None:
    """Set a style's size and colour, and turn on bold or italic where asked."""
    style.font.size = Pt(size)
    if colour is not None:
        style.font.color.rgb = colour
    if bold:
        style.font.bold = style.font.cs_bold = True
    if italic:
        style.font.italic = style.font.cs_italic = True


def _shading(fill: str):
    """Return a w:shd that fills a paragraph with the colour `fill`."""
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    return shd


def _box_borders():
    """Return a w:pBdr with a thin accent rule, 4 pt from the text, on all four sides."""
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        rule = OxmlElement(f"w:{side}")
        # sz is in eighths of a point (a 0.5 pt rule); space is in points.
        for attribute, value in (("val", "single"), ("sz", "4"), ("space", "4"),
                                 ("color", str(ACCENT))):
            rule.set(qn(f"w:{attribute}"), value)
        borders.append(rule)
    return borders


def _check_list_numbering(document: Document) -> None:
    """Fail unless each list style's numId names a w:num in numbering.xml."""
    numbering = document.part.numbering_part.element
    for name in LIST_STYLES:
        num_id = document.styles[name].element.pPr.numPr.numId.val
        numbering.num_having_numId(num_id)  # raises KeyError when it is missing


if __name__ == "__main__":
    sys.exit(main())
