"""The mini corpus's brief carries what a rich publication carries: a figure with a caption, a
logo, footnotes (one with a link) and the funder's emblem. Readers other than ours find each in
every format: python-docx and the XML of the .docx, LibreOffice (converting to OpenDocument,
whose XML says what it understood), pandoc (its JSON document tree), a browser's parser for the
HTML, markdown-it for the Markdown.

LibreOffice and pandoc may be missing on a developer's machine: those tests skip there. CI
installs both and sets POLICYNOTE_REQUIRE_LIBREOFFICE=1 and POLICYNOTE_REQUIRE_PANDOC=1.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree
from markdown_it import MarkdownIt

from conftest import CORPORA
from generator.writers.docx import bookmark
from test_libreoffice import SOFFICE

FIGURE = ("media/arrivals.png", "A bar chart of arrivals, rising in each of three years", "Arrivals by year")
ALTS = ["Mini logo", FIGURE[1], "Emblem of the European Union"]  # in the order the brief shows them
NOTES = ["As the mini office counts it.", "Once in spring, once in autumn."]
PANDOC = shutil.which("pandoc")
ODF = {"draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
       "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
       "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
       "xlink": "http://www.w3.org/1999/xlink"}


@pytest.fixture(scope="module")
def brief(builds) -> Path:
    """The build of the mini corpus, which holds the brief."""
    return builds["mini"]


def test_word_has_the_pictures_with_their_alt_text_and_the_caption(brief):
    doc = docx.Document(brief / "docx" / "mini-brief.docx")
    assert [p.get("descr") for p in doc.element.body.iter(qn("wp:docPr"))] == ALTS
    paragraphs = [p._p for p in doc.paragraphs]
    chart = [p for p in paragraphs if p.find(".//" + qn("w:drawing")) is not None][1]
    after = doc.paragraphs[paragraphs.index(chart) + 1]
    assert (after.style.name, after.text) == ("Caption", FIGURE[2])
    assert chart.pPr.find(qn("w:keepNext")) is not None  # the caption stays with its picture
    blip = chart.find(".//" + qn("a:blip")).get(qn("r:embed"))
    assert doc.part.related_parts[blip].blob == (CORPORA["mini"] / FIGURE[0]).read_bytes()


def test_the_page_embeds_each_image_with_its_alt_text(brief):
    page = (brief / "html" / "mini-brief.html").read_text(encoding="utf-8")
    images = [dict(re.findall(r'(\w+)="([^"]*)"', tag)) for tag in re.findall(r"<img [^>]*>", page)]
    assert [image["alt"] for image in images] == ALTS
    kind, _, data = images[1]["src"].partition(";base64,")
    assert kind == "data:image/png" and base64.b64decode(data) == (CORPORA["mini"] / FIGURE[0]).read_bytes()
    assert images[1]["width"] == "422"  # 60 per cent of the 704-pixel column
    assert re.search(rf"<figcaption>\s*<p>{FIGURE[2]}</p>\s*</figcaption>", page)


def test_the_markdown_links_each_image_beside_it(brief):
    text = (brief / "md" / "mini-brief.md").read_text(encoding="utf-8")
    tokens = MarkdownIt("commonmark").parse(text)
    images = [child for token in tokens if token.children for child in token.children if child.type == "image"]
    assert [image.content for image in images] == ALTS
    for image in images:
        path = brief / "md" / image.attrs["src"]
        assert path.read_bytes() == (CORPORA["mini"] / image.attrs["src"]).read_bytes()


def test_libreoffice_reads_pictures_footnotes_and_links(brief, tmp_path):
    if SOFFICE is None:
        if os.environ.get("POLICYNOTE_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("POLICYNOTE_REQUIRE_LIBREOFFICE=1 but LibreOffice (soffice) is not installed")
        pytest.skip("LibreOffice (soffice) is not installed; CI installs it and requires this test")
    subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "odt", "--outdir", str(tmp_path), str(brief / "docx" / "mini-brief.docx")],
                   check=True, capture_output=True, timeout=300)
    with zipfile.ZipFile(tmp_path / "mini-brief.odt") as odt:
        content = etree.fromstring(odt.read("content.xml"))
    assert [d.text for d in content.iterfind(".//draw:frame/svg:desc", ODF)] == ALTS
    notes = content.findall(".//text:note", ODF)
    assert [n.get(f"{{{ODF['text']}}}note-class") for n in notes] == ["footnote", "footnote"]
    assert ["".join(n.find("text:note-body", ODF).itertext()).strip() for n in notes] == NOTES
    assert notes[0].find(".//text:a", ODF).get(f"{{{ODF['xlink']}}}href") == "https://mini.test/office"


def test_pandoc_reads_pictures_footnotes_and_links(brief):
    if PANDOC is None:
        if os.environ.get("POLICYNOTE_REQUIRE_PANDOC") == "1":
            pytest.fail("POLICYNOTE_REQUIRE_PANDOC=1 but pandoc is not installed")
        pytest.skip("pandoc is not installed; CI installs it and requires this test")
    for fmt, path in (("docx", "docx/mini-brief.docx"), ("html", "html/mini-brief.html"),
                      ("gfm", "md/mini-brief.md")):
        done = subprocess.run([PANDOC, "-f", fmt, "-t", "json", str(brief / path)], check=True,
                              capture_output=True, timeout=120, cwd=brief / path.split("/")[0])
        found = _elements(json.loads(done.stdout)["blocks"])
        assert len(found["Image"]) == len(ALTS), fmt
        if fmt != "html":  # pandoc 2.17 reads a <figure>'s caption, not its image's alt, as its text
            assert [_plain(image["c"][1]) for image in found["Image"]] == ALTS, fmt
        if fmt != "html":  # pandoc reads notes from EPUB's HTML only; test_html checks the page's
            assert [_plain(note["c"]).strip() for note in found["Note"]] == NOTES, fmt
        assert "https://mini.test/office" in [link["c"][2][0] for link in found["Link"]], fmt


def _elements(tree) -> dict[str, list]:
    """pandoc's Image, Note and Link elements in a document tree, in order."""
    found: dict[str, list] = {"Image": [], "Note": [], "Link": []}
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("t") in found:
                found[node["t"]].append(node)
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))
    return found


def _plain(inlines) -> str:
    """The text of pandoc inlines: its strings and spaces."""
    words = []
    stack = [inlines]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            words.append(node["c"] if node.get("t") == "Str" else " " if node.get("t") in ("Space", "SoftBreak")
                         else "")
            if node.get("t") not in ("Str", "Image", "Link") and isinstance(node.get("c"), list):
                stack.extend(reversed(node["c"]))
            elif node.get("t") == "Link":
                stack.extend(reversed(node["c"][1]))
        elif isinstance(node, list):
            stack.extend(reversed(node))
    return "".join(words)


CROSS = [("note", "mini-note", None), ("what to do first", "mini-note", "alpha"), ("starts with alpha", "mini-note", "alpha")]


def test_cross_references_resolve_in_every_format(brief):
    page = (brief / "html" / "mini-brief.html").read_text(encoding="utf-8")
    assert [href for text, _, _ in CROSS for href in re.findall(rf'<a href="([^"]*)"[^>]*>{text}</a>', page)] == [
        "mini-note.html", "mini-note.html#alpha", "mini-note.html#alpha"]
    markdown = (brief / "md" / "mini-brief.md").read_text(encoding="utf-8")
    assert [re.search(rf"\[{text}\]\(([^)]*)\)", markdown)[1] for text, _, _ in CROSS] == [
        "mini-note.md", "mini-note.md#do-the-first-thing", "mini-note.md#do-the-first-thing"]
    assert "## Do the first thing" in (brief / "md" / "mini-note.md").read_text(encoding="utf-8").replace("###", "##")
    data = json.loads((brief / "json" / "mini-brief.json").read_text(encoding="utf-8"))
    hrefs = {text: href for part in data["parts"] for text, href in part["links"]}
    assert [hrefs[text] for text, _, _ in CROSS] == ["doc:mini-note", "doc:mini-note#alpha", "doc:mini-note#alpha"]


def test_word_links_to_bookmarks_on_headings(brief):
    doc = docx.Document(brief / "docx" / "mini-brief.docx")
    links = {link.text: (link.address, link.fragment) for p in doc.paragraphs for link in p.hyperlinks}
    assert [links[text] for text, _, _ in CROSS] == [("mini-note.docx", ""), ("mini-note.docx", "h_alpha"),
                                                     ("mini-note.docx", "h_alpha")]
    note = docx.Document(brief / "docx" / "mini-note.docx")
    marks = {b.get(qn("w:name")): b for b in note.element.body.iter(qn("w:bookmarkStart"))}
    assert {"title", "h_alpha", "h_lists-and-tables".replace("-", "_")} <= set(marks)
    heading = marks["h_alpha"].getparent()
    assert "".join(t.text for t in heading.iter(qn("w:t"))) == "Do the first thing"
    crosswalk = docx.Document(brief / "docx" / "mini-crosswalk.docx")
    rows = [link.fragment for table in crosswalk.tables for row in table.rows[1:] for link in row.cells[0].paragraphs[0].hyperlinks]
    assert rows == ["h_first", "h_second"]  # a matrix row's label goes to its point, in the file itself


def test_a_type_that_asks_for_contents_gets_them_in_every_format(builds):
    build = builds["focus"]  # crosswalks ask for contents (schema.TYPES); policy notes do not
    page = (build / "html" / "action-plan-crosswalk.html").read_text(encoding="utf-8")
    nav = re.search(r'<nav aria-label="Contents" class="contents">(.*?)</nav>', page, re.S)[1]
    headings = re.findall(r'<h[23] id="([^"]+)">', page)
    assert re.findall(r'href="#([^"]+)"', nav) == headings and len(headings) == 13
    assert "contents" not in (build / "html" / "policy-note-07.html").read_text(encoding="utf-8")
    doc = docx.Document(build / "docx" / "action-plan-crosswalk.docx")
    instructions = [i.text for i in doc.element.body.iter(qn("w:instrText"))]
    assert instructions == [' TOC \\o "1-3" \\h \\z \\u ']
    assert doc.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"
    entries = [link.fragment for p in doc.paragraphs for link in p.hyperlinks if link.fragment]
    assert entries[:len(headings)] == [bookmark(anchor) for anchor in headings]
    assert all(len(name) <= 40 for name in entries) and len(set(entries)) == len(entries)


def test_readers_find_the_data_table_and_its_caption(brief):
    doc = docx.Document(brief / "docx" / "mini-brief.docx")
    table = doc.tables[0]
    assert [[cell.text for cell in row.cells] for row in table.rows] == [["Year", "Arrivals"], ["2016", "80"],
                                                                         ["2017", "150"]]
    before = table._tbl.getprevious()
    assert "".join(t.text for t in before.iter(qn("w:t"))) == "Arrivals by year"
    page = (brief / "html" / "mini-brief.html").read_text(encoding="utf-8")
    assert "<caption>Arrivals by year</caption>" in page
    if PANDOC:
        done = subprocess.run([PANDOC, "-f", "gfm", "-t", "json", str(brief / "md" / "mini-brief.md")], check=True,
                              capture_output=True, timeout=120)
        assert '"Table"' in done.stdout.decode("utf-8")
