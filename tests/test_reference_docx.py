"""Tests for the reference .docx generator, and the reference document the tests build with."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from generator.reference_docx import build_reference, main

COMMITTED = Path(__file__).resolve().parent / "fixtures" / "templates" / "reference.docx"  # the tests' copy

P, C, T = WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE
# Every style the Word writer may name, with the type it must have.
HOUSE_STYLES = {
    "Normal": P, "Title": P, "Subtitle": P, "Series": P,
    "Heading 1": P, "Heading 2": P, "Heading 3": P,
    "List Bullet": P, "List Bullet 2": P, "List Number": P,
    "Box Text": P, "Header": P, "Footer": P, "Caption": P, "Row Heading": P,
    "Hyperlink": C, "Strong": C, "Emphasis": C,
    "Table Grid": T,
}
LIST_STYLES = ("List Bullet", "List Bullet 2", "List Number")


@pytest.fixture(scope="module")
def committed():
    """The committed reference document, as staff may have restyled it."""
    return docx.Document(str(COMMITTED))


@pytest.fixture(scope="module")
def built():
    """A freshly generated reference document."""
    return docx.Document(io.BytesIO(build_reference()))


def test_build_is_reproducible():
    """Two builds give the same bytes."""
    assert build_reference() == build_reference()


@pytest.mark.parametrize("name, kind", HOUSE_STYLES.items())
def test_committed_has_house_style(committed, name, kind):
    """Each house style exists with the right type."""
    assert committed.styles[name].type == kind


def test_box_text_has_paragraph_border(committed):
    """Box Text draws its frame with a paragraph border."""
    ppr = committed.styles["Box Text"].element.pPr
    assert ppr is not None and ppr.find(qn("w:pBdr")) is not None


def test_hyperlink_is_character_style(committed):
    """Hyperlink applies to runs, not paragraphs."""
    element = committed.styles["Hyperlink"].element
    assert element.get(qn("w:type")) == "character"


@pytest.mark.parametrize("name", LIST_STYLES)
def test_list_numbering_exists(committed, name):
    """Each list style's numId names a w:num, whose abstract numbering exists."""
    num_id = committed.styles[name].element.pPr.numPr.numId.val
    numbering = committed.part.numbering_part.element
    num = numbering.num_having_numId(num_id)
    abstract_id = num.abstractNumId.val
    assert numbering.xpath(f'w:abstractNum[@w:abstractNumId="{abstract_id}"]')


def test_committed_body_is_empty(committed):
    """The body holds no paragraphs or tables, only the section properties."""
    assert committed.paragraphs == [] and committed.tables == []
    assert [child.tag for child in committed.element.body] == [qn("w:sectPr")]


def test_built_page_is_a4_with_house_margins(built):
    """The section is A4 with 20 mm sides, 18 mm top and bottom, 10 mm header/footer."""
    section = built.sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    assert section.left_margin.twips == section.right_margin.twips == Mm(20).twips
    assert section.top_margin.twips == section.bottom_margin.twips == Mm(18).twips
    assert section.header_distance.twips == section.footer_distance.twips == Mm(10).twips


def test_built_normal_style(built):
    """Normal is Arial 10.5 pt, dark grey, 6 pt after, line spacing 276 auto."""
    normal = built.styles["Normal"]
    assert normal.font.name == "Arial" and normal.font.size == Pt(10.5)
    assert normal.font.color.rgb == RGBColor.from_string("333333")
    spacing = normal.element.pPr.find(qn("w:spacing"))
    assert spacing.get(qn("w:after")) == "120"
    assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == ("276", "auto")


def test_built_new_styles_are_complete(built):
    """The created styles carry a name, an id and a base, and show in Word."""
    for name, style_id in (("Series", "Series"), ("Box Text", "BoxText")):
        style = built.styles[name]
        assert style.style_id == style_id and style.base_style.name == "Normal"
        assert style.quick_style and not style.hidden
    assert built.styles["Hyperlink"].font.color.rgb == RGBColor.from_string("0563C1")


def test_built_headings_keep_outline_levels(built):
    """Headings keep the outline level that navigation and contents rely on."""
    for level in (1, 2, 3):
        ppr = built.styles[f"Heading {level}"].element.pPr
        assert ppr.find(qn("w:outlineLvl")).get(qn("w:val")) == str(level - 1)
        assert built.styles[f"Heading {level}"].paragraph_format.keep_with_next


def test_built_keeps_two_table_styles(built):
    """Only Normal Table and Table Grid remain of the template's table styles."""
    tables = sorted(s.name for s in built.styles if s.type == WD_STYLE_TYPE.TABLE)
    assert tables == ["Normal Table", "Table Grid"]


def test_built_carries_no_personal_data(built):
    """Core properties are empty, with fixed dates and revision 1."""
    props = built.core_properties
    assert props.author == props.last_modified_by == props.title == props.comments == ""
    assert props.revision == 1
    epoch = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
    assert props.created == props.modified == epoch


def test_built_language_is_en_gb(built):
    """The document default language is en-GB."""
    lang = built.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:lang")[0]
    assert lang.get(qn("w:val")) == "en-GB"


def test_main_writes_the_reference(tmp_path):
    """main() writes the built bytes to the path it is given."""
    target = tmp_path / "reference.docx"
    assert main([str(target)]) == 0
    assert target.read_bytes() == build_reference()


def test_built_holds_only_the_house_styles(built):
    """Word's Styles pane offers what the house uses, not the template's 50 leftovers."""
    from generator.writers.docx import REQUIRED_STYLES

    names = {style.name for style in built.styles}
    assert set(REQUIRED_STYLES) <= names
    assert names - set(REQUIRED_STYLES) <= {"Default Paragraph Font", "Normal Table", "No List",
                                            "footnote text", "footnote reference"}, names


def test_built_theme_is_the_house_one(built):
    """The theme's fonts and accent are the styles', so what Word offers as theme fonts and colours
    matches the documents."""
    theme = etree.fromstring(built.part.part_related_by(RT.THEME).blob)
    a = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    assert [latin.get("typeface") for latin in theme.iterfind(".//a:fontScheme/*/a:latin", a)] == ["Arial", "Arial"]
    assert theme.find(".//a:clrScheme/a:accent1/a:srgbClr", a).get("val") == "1F5C7A"
    assert theme.find(".//a:clrScheme/a:hlink/a:srgbClr", a).get("val") == "0563C1"


def test_built_carries_nothing_from_its_template(built):
    """No customXml, revision ids or East Asian font entries; Normal keeps widows and orphans off;
    current Word opens it without Compatibility Mode."""
    assert not [rel for rel in built.part.rels.values() if rel.reltype == RT.CUSTOM_XML]
    assert built.settings.element.find(qn("w:rsids")) is None
    styles = built.styles.element
    assert not [f for f in styles.iter(qn("w:rFonts")) if f.get(qn("w:eastAsia")) or f.get(qn("w:eastAsiaTheme"))]
    fonts = etree.fromstring(built.part.part_related_by(RT.FONT_TABLE).blob)
    assert sorted(f.get(qn("w:name")) for f in fonts) == ["Arial", "Symbol"]  # Symbol: the bullets' font
    assert built.styles["Normal"].paragraph_format.widow_control
    modes = [s.get(qn("w:val")) for s in built.settings.element.iter(qn("w:compatSetting"))
             if s.get(qn("w:name")) == "compatibilityMode"]
    assert modes == ["15"]


def test_committed_is_the_built_one():
    """The reference the tests use is the one the code builds (`make reference` after a change)."""
    assert COMMITTED.read_bytes() == build_reference()
