"""python-docx re-reads every .docx: named styles only, real hyperlinks, header, footer, properties."""

from __future__ import annotations

import json
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree
from docx.text.paragraph import Paragraph

from conftest import CORPORA, outputs
from htmlcheck import page_links

STYLE_TAGS = {qn("w:pStyle"), qn("w:rStyle")}
PAGINATION = {qn("w:keepNext")}  # where the page breaks is not formatting: the closing matter keeps together
# Which way a language is written is not formatting either: a paragraph right to left, a run of its script.
DIRECTION = {qn("w:bidi"), qn("w:rtl")}
LANGUAGE = {qn("w:lang")}  # text in another language than the document's: what it is, not how it looks
PPR_ORDER = [qn(f"w:{tag}") for tag in ("pStyle", "keepNext", "numPr", "bidi", "jc")]  # the schema's order, once each
NUMBERED = {"List Number", "List Number 2", "Box List Number", "Box List Bullet"}  # may also name their numbering instance
ALLOWED_PARAGRAPH_STYLES = {"Title", "Subtitle", "Series", "Heading 1", "Heading 2", "Heading 3", "Normal",
                            "List Bullet", "List Bullet 2", "List Number", "List Number 2", "List Continue",
                            "Box Text", "Box List Bullet", "Box List Number", "Caption", "Row Heading"}
HEADERS = {
    "policy-note-07": "Policy Note #7 · June 2022",
    "action-plan-crosswalk": "Action Plan Crosswalk · 2022",
    "integration-brief-01": "Integration Brief #1 · December 2019",
    "mini-brief": "Integration Brief #1 · 15 May 2024",
    "mini-note": "Policy Note #3 · May 2024",
}


def words(build):
    """(name, python-docx Document) for every .docx of a build."""
    return [(path.stem, docx.Document(path)) for path in outputs(build, "docx")]


def test_every_document_has_a_word_file(any_build):
    assert [p.stem for p in outputs(any_build, "docx")] == [p.stem for p in outputs(any_build, "md")]


def test_styles_are_named_and_formatting_is_not_direct(any_build):
    for name, doc in words(any_build):
        styles = [p.style.name for p in doc.paragraphs]
        assert styles[0] == "Title"
        assert set(styles) <= ALLOWED_PARAGRAPH_STYLES, set(styles) - ALLOWED_PARAGRAPH_STYLES
        section = doc.sections[0]
        for part in (doc, section.header, section.footer):
            for p in part._element.iter(qn("w:p")):
                paragraph = Paragraph(p, part)
                allowed = STYLE_TAGS | PAGINATION | DIRECTION | ({qn("w:numPr")} if paragraph.style.name in NUMBERED
                                                                else set())
                if p.getparent().tag == qn("w:tc"):
                    allowed |= {qn("w:jc")}  # a pipe table's column alignment: the source's, not a look
                if p.pPr is not None:
                    tags = [child.tag for child in p.pPr]
                    assert set(tags) <= allowed, f"direct formatting in {name}"
                    assert tags == sorted(set(tags), key=PPR_ORDER.index), f"{name}: pPr repeats or misorders {tags}"
            for props in part._element.iter(qn("w:rPr")):
                assert {child.tag for child in props} <= STYLE_TAGS | DIRECTION | LANGUAGE, f"direct formatting in {name}"


def test_each_numbered_list_counts_from_one(builds):
    doc = docx.Document(builds["mini"] / "docx" / "mini-note.docx")
    numbered = [p for p in doc.paragraphs if p.style.name == "List Number"]
    assert [p.text for p in numbered] == ["start", "finish"]
    num_ids = {p._p.pPr.numPr.numId.val for p in numbered}
    assert len(num_ids) == 1
    num = doc.part.numbering_part.element.num_having_numId(num_ids.pop())
    assert num.find(qn("w:lvlOverride")).find(qn("w:startOverride")).get(qn("w:val")) == "1"


def test_the_closing_matter_keeps_with_what_precedes_it(any_build):
    """Every paragraph of the closing matter but its last, and the paragraph before it, keep with
    the next: the closing matter moves as one block, with the last of the text."""
    for name, doc in words(any_build):
        body = list(doc.element.body.iter(qn("w:p")))
        keeps = [p.pPr is not None and p.pPr.find(qn("w:keepNext")) is not None for p in body]
        parts = json.loads((any_build / "json" / f"{name}.json").read_text(encoding="utf-8"))["parts"]
        closing = [block for part in parts if part.get("closing") for block in part["blocks"]]
        if not closing:
            continue
        assert not keeps[-1], name  # the last paragraph ends the run
        run = len(keeps) - 1 - max((i for i, keep in enumerate(keeps[:-1]) if not keep), default=-1) - 1
        assert run >= len(closing), (name, run, len(closing))  # its paragraphs but the last, and the one before


def test_consecutive_boxes_stay_apart(builds):
    doc = docx.Document(builds["mini"] / "docx" / "mini-note.docx")
    styles = [p.style.name for p in doc.paragraphs]
    first_box_end = styles.index("Box Text") + styles[styles.index("Box Text"):].index("Normal")
    assert doc.paragraphs[first_box_end].text == ""  # the spacer between the two boxes
    assert styles[first_box_end + 1] == "Box Text"


def test_hyperlinks_are_real_and_match_the_html(any_build):
    for name, doc in words(any_build):
        links = [(link.text, link.url) for p in doc.paragraphs for link in p.hyperlinks]
        links += [(link.text, link.url) for table in doc.tables for row in table.rows
                  for cell in row.cells for p in cell.paragraphs for link in p.hyperlinks]
        links += footnote_links(doc)
        links = [(text, url) for text, url in links if ":" in url]  # cross-references: test_formats_agree
        html_links = page_links((any_build / "html" / f"{name}.html").read_text(encoding="utf-8"))
        assert sorted(links) == sorted(html_links), name
        assert all(url.startswith(("http://", "https://", "mailto:")) for _, url in links), name


def footnote_links(doc) -> list[tuple[str, str]]:
    """(text, address) of the hyperlinks in a Word file's footnotes, which python-docx does not read:
    from the footnotes part's XML and its own relationships."""
    links = []
    for rel in doc.part.rels.values():
        if rel.reltype == RT.FOOTNOTES:
            part = rel.target_part
            for link in etree.fromstring(part.blob).iter(qn("w:hyperlink")):
                text = "".join(t.text or "" for t in link.iter(qn("w:t")))
                links.append((text, part.rels[link.get(qn("r:id"))].target_ref))
    return links


def test_footnotes_are_word_footnotes(builds):
    doc = docx.Document(builds["mini"] / "docx" / "mini-brief.docx")
    marks = [r.get(qn("w:id")) for r in doc.element.body.iter(qn("w:footnoteReference"))]
    assert marks == ["1", "2"]
    part = next(rel.target_part for rel in doc.part.rels.values() if rel.reltype == RT.FOOTNOTES)
    notes = {n.get(qn("w:id")): "".join(t.text for t in n.iter(qn("w:t"))).strip()
             for n in etree.fromstring(part.blob).iter(qn("w:footnote"))}
    assert notes == {"-1": "", "0": "", "1": "As the mini office counts it.", "2": "Once in spring, once in autumn."}
    assert "footnotes" not in "".join(p.text for p in doc.paragraphs)  # no notes section in the body


def test_every_fixture_document_has_hyperlinks(builds):
    for corpus in CORPORA:
        for name, doc in words(builds[corpus]):
            assert any(p.hyperlinks for p in doc.paragraphs), f"{name} has no hyperlinks"


def test_header_and_page_number_footer(any_build):
    for name, doc in words(any_build):
        section = doc.sections[0]
        assert section.header.paragraphs[0].style.name == "Header"
        footer = section.footer._element
        instructions = [t.text.strip() for t in footer.iter(qn("w:instrText"))]
        assert instructions == ["PAGE"], name
        assert [c.get(qn("w:fldCharType")) for c in footer.iter(qn("w:fldChar"))] == ["begin", "separate", "end"]


def test_fixture_headers_carry_series_and_date(builds):
    for corpus in CORPORA:
        for name, doc in words(builds[corpus]):
            if name in HEADERS:
                assert doc.sections[0].header.paragraphs[0].text == HEADERS[name]


def test_core_properties(any_build):
    for name, doc in words(any_build):
        props = doc.core_properties
        assert props.title == doc.paragraphs[0].text, name
        assert props.subject and props.language and props.author, name


def test_fixture_core_properties(builds):
    doc = docx.Document(builds["focus"] / "docx" / "policy-note-07.docx")
    assert doc.core_properties.author == "FOCUS"
    assert doc.core_properties.keywords.startswith("dynamic integration")
    assert doc.core_properties.language == "en-GB"  # the series' region (project.yaml)
    assert doc.core_properties.identifier == "FOCUS Policy Note 7"  # as catalogues name it
    assert doc.core_properties.created.date().isoformat() == "2022-06-01"  # published June 2022
    assert docx.Document(builds["mini"] / "docx" / "mini-note.docx").core_properties.author == "Mini"
    crosswalk = docx.Document(builds["focus"] / "docx" / "action-plan-crosswalk.docx").core_properties
    assert crosswalk.identifier == "FOCUS action-plan-crosswalk"  # no number: its id, which no other has


def test_boxes_use_the_box_style(builds):
    doc = docx.Document(builds["focus"] / "docx" / "policy-note-07.docx")
    boxed = [p.text for p in doc.paragraphs if p.style.name == "Box Text"]
    assert "What do we mean by dynamic integration?" in boxed
    assert any("822401" in p.text for p in doc.paragraphs)
    assert any(text.startswith("Consortium partners:") for text in boxed)


def test_table_has_a_repeated_header_row(builds):
    doc = docx.Document(builds["mini"] / "docx" / "mini-note.docx")
    table = doc.tables[0]
    assert table.style.name == "Table Grid"
    assert [c.text for c in table.rows[0].cells] == ["Column", "Value"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_a_numbered_list_starts_where_its_text_does(builds):
    doc = docx.Document(builds["mini"] / "docx" / "mini-brief.docx")
    numbered = [p for p in doc.paragraphs if p.style.name == "List Number"]
    assert [p.text for p in numbered] == ["third", "fourth"]
    num = doc.part.numbering_part.element.num_having_numId(numbered[0]._p.pPr.numPr.numId.val)
    assert num.find(qn("w:lvlOverride")).find(qn("w:startOverride")).get(qn("w:val")) == "3"
    page = (builds["mini"] / "html" / "mini-brief.html").read_text(encoding="utf-8")
    assert '<ol start="3">' in page
    assert "\n3. third\n4. fourth\n" in (builds["mini"] / "md" / "mini-brief.md").read_text(encoding="utf-8")


def test_page_one_has_no_running_header_and_word_opens_no_compatibility_mode(any_build):
    for name, doc in words(any_build):
        section = doc.sections[0]
        assert section.different_first_page_header_footer, name  # w:titlePg
        assert "".join(p.text for p in section.first_page_header.paragraphs) == "", name
        assert [p.text for p in section.first_page_footer.paragraphs] == [p.text for p in section.footer.paragraphs]
        modes = [s.get(qn("w:val")) for s in doc.settings.element.iter(qn("w:compatSetting"))
                 if s.get(qn("w:name")) == "compatibilityMode"]
        assert modes == ["15"], name


def test_the_matrix_is_one_block_with_alt_text_and_centred_marks(builds):
    """Word's Accessibility Checker asks a table for its alt text (caption and description); the
    matrix keeps on one page with its caption, its row labels bold, its marks centred."""
    doc = docx.Document(builds["focus"] / "docx" / "action-plan-crosswalk.docx")
    table = doc.tables[0]._tbl
    caption = table.tblPr.find(qn("w:tblCaption")).get(qn("w:val"))
    assert caption == "Action Plan points and the publications cited as evidence for each (✓)"
    assert "not cited" in table.tblPr.find(qn("w:tblDescription")).get(qn("w:val"))
    before = table.getprevious()
    assert before.find(qn("w:pPr")).find(qn("w:keepNext")) is not None  # the caption, with the table
    rows = table.findall(qn("w:tr"))
    for row in rows[:-1]:
        assert all(p.find(qn("w:pPr")).find(qn("w:keepNext")) is not None for p in row.iter(qn("w:p")))
    for row in rows[1:]:
        label, *marks = [cell.find(qn("w:p")) for cell in row.findall(qn("w:tc"))]
        assert label.find(qn("w:pPr")).find(qn("w:pStyle")).get(qn("w:val")) == "RowHeading"
        assert all(mark.find(qn("w:pPr")).find(qn("w:jc")).get(qn("w:val")) == "center" for mark in marks)


def test_a_box_moves_as_one_block(any_build):
    """Each paragraph of a box but its last keeps with the next, and the box style keeps its lines
    together: a box's title never stands alone at the foot of a page."""
    for name, doc in words(any_build):
        paragraphs = doc.paragraphs
        for p, after in zip(paragraphs, paragraphs[1:]):
            if p.style.name.startswith("Box ") and after.style.name.startswith("Box "):
                assert p.paragraph_format.keep_with_next, f"{name}: {p.text[:40]!r}"
        assert doc.styles["Box Text"].paragraph_format.keep_together, name


def test_a_reference_that_does_not_declare_the_picture_prefix_still_gives_pictures(tmp_path):
    """The body is written as text with the prefixes Word declares on every document's root; a
    reference saved without one (`wp`, which only pictures use) gets a root that declares it."""
    import io
    import shutil

    from conftest import TEMPLATES
    from generator.build import render
    from generator.theme import Theme
    from generator.writers import docx as word
    from generator.ziputil import read_zip, write_zip

    templates = Path(shutil.copytree(TEMPLATES, tmp_path / "templates"))
    reference = templates / "reference.docx"
    parts = read_zip(reference.read_bytes())
    declaration = b' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
    assert any(declaration in data for name, data in parts if name == "word/document.xml")
    reference.write_bytes(write_zip([(name, data.replace(declaration, b"") if name == "word/document.xml" else data)
                                     for name, data in parts]))
    result = render(CORPORA["mini"], templates)
    brief = next(doc for doc in result.documents if doc.id == "mini-brief")
    data = word.write(brief, Theme(templates))
    shown = len(docx.Document(io.BytesIO(word.write(brief, Theme(TEMPLATES)))).inline_shapes)
    assert shown and len(docx.Document(io.BytesIO(data)).inline_shapes) == shown
    namespace = declaration.split(b'"')[1].decode()
    assert etree.fromstring(dict(read_zip(data))["word/document.xml"]).nsmap["wp"] == namespace


def test_a_picture_declares_only_the_prefixes_its_document_does_not():
    from generator.writers import ooxml

    bare = ooxml.picture(1, "rId5", "image.png", 10, 10, "alt", {})
    assert f'xmlns:a="{ooxml.DRAWINGML}"' in bare and f'xmlns:pic="{ooxml.PICTURE}"' in bare
    declared = ooxml.picture(1, "rId5", "image.png", 10, 10, "alt", {"a": ooxml.DRAWINGML})
    assert "xmlns:a=" not in declared and f'xmlns:pic="{ooxml.PICTURE}"' in declared
